"""``annot publish``: upload an export folder to a Hugging Face Hub dataset repository.

The folder is uploaded as it is (``README.md`` card, ``data/<config>/<split>-*.parquet``,
chart, ``quarantine.jsonl`` and any ``conll/``/``spacy/`` files), so the Hub shows the same
configs and splits that ``load_dataset(<folder>, <config>)`` gives locally. The repository
is created when missing (``create_repo(..., repo_type="dataset", exist_ok=True)``); the
token comes from ``huggingface_hub``'s usual places (``HF_TOKEN``, ``hf auth login``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annot.export.errors import ExportError

__all__ = ["PublishReport", "publish_export"]


@dataclass(frozen=True, slots=True)
class PublishReport:
    """Where the export went."""

    repo_id: str
    url: str
    files: list[str]
    """The uploaded files, relative to the export folder."""


def publish_export(
    folder: Path,
    repo_id: str,
    *,
    private: bool = False,
    token: str | None = None,
    commit_message: str | None = None,
) -> PublishReport:
    """Create (if needed) the dataset repository ``repo_id`` and upload ``folder`` to it."""
    if not (folder / "README.md").is_file() or not (folder / "data").is_dir():
        msg = (
            f"{folder} is not an annot export (no README.md card or data/ folder); "
            "export first with `annot export ... --name NAME` and publish exports/NAME"
        )
        raise ExportError(msg)
    from huggingface_hub import HfApi

    api = HfApi(token=token)
    repo = api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
    files = sorted(
        path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()
    )
    api.upload_folder(
        folder_path=str(folder),
        repo_id=repo_id,
        repo_type="dataset",
        commit_message=commit_message or f"annot export {folder.name}",
    )
    return PublishReport(repo_id=repo_id, url=str(repo), files=files)
