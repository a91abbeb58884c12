"""Optional dependencies: which extra brings which package, and one clear error when missing.

``pip install annot`` installs the light core (pydantic, typer): the schema, ingest, the
tokenizer, pre-annotation, the JSON Schemas and the basic commands. Everything else comes
with an extra, e.g. ``pip install 'annot[export]'``; :data:`EXTRAS` says what each brings.
"""

from __future__ import annotations

import importlib.util

from annot.errors import AnnotError

__all__ = ["EXTRAS", "MissingExtraError", "extra_for_module", "has_module", "require"]

#: Extra → (what it is for, the importable modules it brings).
EXTRAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "labelstudio": (
        "push, pull and validate Label Studio data",
        ("label_studio_sdk", "httpx", "jsonlines", "ijson", "tqdm"),
    ),
    "export": (
        "Hugging Face dataset export and publishing",
        ("datasets", "pyarrow", "numpy", "yaml", "huggingface_hub"),
    ),
    "agreement": ("inter-annotator agreement", ("krippendorff",)),
    "plot": ("charts and heatmaps", ("matplotlib",)),
    "train": ("the transformers token-classification recipe", ("transformers", "torch")),
    "spacy": ("spaCy DocBin export", ("spacy",)),
    "server": ("the embedded Label Studio server", ("label_studio",)),
}


def extra_for_module(module: str) -> str | None:
    """The extra that brings top-level ``module`` (``None`` when no extra does)."""
    top = module.split(".")[0]
    return next((extra for extra, (_, mods) in EXTRAS.items() if top in mods), None)


class MissingExtraError(AnnotError, ImportError):
    """An optional package is not installed; the message names the extra that brings it."""

    def __init__(self, extra: str, module: str, what: str | None = None) -> None:
        purpose = what or EXTRAS[extra][0]
        super().__init__(
            f"{purpose} needs the optional package {module!r}, which is not installed. "
            f"Install it with: pip install 'annot[{extra}]'"
        )
        self.extra = extra
        self.module = module
        self.name = module


def has_module(module: str) -> bool:
    """Whether ``module`` can be imported (without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def require(extra: str, what: str | None = None) -> None:
    """Raise :class:`MissingExtraError` unless every module of ``extra`` is importable."""
    for module in EXTRAS[extra][1]:
        if not has_module(module):
            raise MissingExtraError(extra, module, what)
