"""The baselines and library-level steps of the benchmark, one per process.

``python -m benchmarks.steps STEP ARGS...`` runs one step and prints one JSON object (what it
did, e.g. how many tasks, and ``seconds``: the time of the work itself, without interpreter
start and imports) on stdout; :mod:`benchmarks.run` times the whole process and reads its peak
RSS. annot's own commands (export, validate, pull) run through the ``annot`` CLI
instead; ``push`` runs here because the CLI pushes a folder of raw articles.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

JSON = dict[str, object]


def parse(source: Path) -> JSON:
    """The floor: orjson parses the file's bytes (a JSON array, or JSON Lines)."""
    import orjson

    data = source.read_bytes()
    if source.suffix == ".jsonl":
        return {"tasks": sum(1 for line in data.splitlines() if orjson.loads(line))}
    tasks = orjson.loads(data)
    assert isinstance(tasks, list)
    return {"tasks": len(tasks)}


def sdk_conll(source: Path, out: Path) -> JSON:
    """The label-studio-sdk ``Converter`` writing CONLL2003 from the JSON export."""
    from label_studio_sdk.converter.converter import Converter

    from annot.labelstudio.config import labeling_config

    converter = Converter(  # type: ignore[no-untyped-call]
        config=labeling_config(), project_dir=None, download_resources=False
    )
    converter.convert(str(source), str(out), "CONLL2003", is_dir=False)  # type: ignore[no-untyped-call]
    lines = (out / "result.conll").read_text(encoding="utf-8").count("\n")
    return {"lines": lines}


def _settings() -> tuple[str, str]:
    return os.environ["ANNOT_LS_URL"].rstrip("/"), os.environ["ANNOT_LS_API_KEY"]


def push_raw(payload: Path, project: int) -> JSON:
    """One bulk import POST of the bytes annot would send, straight to the import API."""
    import httpx

    url, key = _settings()
    began = time.perf_counter()
    response = httpx.post(
        f"{url}/api/projects/{project}/import",
        content=payload.read_bytes(),
        headers={"Authorization": f"Token {key}", "Content-Type": "application/json"},
        timeout=3600,
    )
    response.raise_for_status()
    body = response.json()
    return {"created": body.get("task_count"), "seconds": time.perf_counter() - began}


def push(documents: Path, predictions: Path, project: int) -> JSON:
    """``annot.labelstudio.push.push`` of a documents JSONL with its predictions JSONL."""
    from annot.labelstudio.push import PredictionsFile
    from annot.labelstudio.push import push as push_documents
    from annot.labelstudio.settings import load_settings
    from annot.schema import Document

    settings = load_settings(root=Path("."))
    with documents.open(encoding="utf-8") as handle:  # what `annot push` gets from raw/
        docs = [Document.model_validate_json(line) for line in handle]
    preds = PredictionsFile(predictions)  # what `annot push --predictions` reads
    began = time.perf_counter()
    report = push_documents(settings, project, docs, preds, progress=False, root=Path("."))
    seconds = time.perf_counter() - began
    return {
        "created": report.imported,
        "unchanged": report.unchanged,
        "cache": report.cache,
        "seconds": seconds,
    }


def pull_raw(project: int, out: Path) -> JSON:
    """Create a snapshot export (all annotations, full predictions) and download it."""
    import httpx

    url, key = _settings()
    began = time.perf_counter()
    headers = {"Authorization": f"Token {key}"}
    with httpx.Client(base_url=url, headers=headers, timeout=3600) as client:
        created = client.post(
            f"/api/projects/{project}/exports",
            json={
                "annotation_filter_options": {"usual": True, "ground_truth": True, "skipped": True},
                "serialization_options": {"predictions": {"only_id": False}},
            },
        )
        created.raise_for_status()
        export_id = created.json()["id"]
        while client.get(f"/api/projects/{project}/exports/{export_id}").json()["status"] not in (
            "completed",
            "failed",
        ):
            time.sleep(0.2)
        size = 0
        with (
            client.stream(
                "GET", f"/api/projects/{project}/exports/{export_id}/download?exportType=JSON"
            ) as response,
            out.open("wb") as sink,
        ):
            response.raise_for_status()
            for chunk in response.iter_bytes(1 << 20):
                size += sink.write(chunk)
    return {"bytes": size, "seconds": time.perf_counter() - began}


STEPS: dict[str, Callable[[argparse.Namespace], JSON]] = {
    "parse": lambda a: parse(a.source),
    "sdk-conll": lambda a: sdk_conll(a.source, a.out),
    "push-raw": lambda a: push_raw(a.source, a.project),
    "push": lambda a: push(a.source, a.predictions, a.project),
    "pull-raw": lambda a: pull_raw(a.project, a.out),
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=sorted(STEPS))
    parser.add_argument("--source", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--predictions", type=Path)
    parser.add_argument("--project", type=int)
    args = parser.parse_args(argv)
    print(json.dumps(STEPS[args.step](args)))


if __name__ == "__main__":
    main()
