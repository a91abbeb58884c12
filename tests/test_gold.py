"""The gold seed corpus: it survives a real Label Studio round trip unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from annot.ingest import ingest_dir
from annot.labelstudio.client import ensure_project
from annot.labelstudio.pull import convert_pull, pull
from annot.labelstudio.push import push
from annot.labelstudio.settings import ConnectionSettings, open_client
from annot.preannotate import read_annotated_jsonl
from annot.schema import AnnotatedDocument, comparable_layers
from annot.validate import validate_file

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "raw/gold/gold.jsonl"
PULL = ROOT / "raw/gold/labelstudio-pull.jsonl"


def by_document(annotations: list[AnnotatedDocument]) -> dict[str, object]:
    return {ad.document.id: comparable_layers(ad) for ad in annotations}


def test_committed_label_studio_pull_validates_without_errors() -> None:
    validation = validate_file(PULL)
    assert validation.report.exit_code == 0
    assert validation.quarantine == []
    assert len(validation.annotations) == 5


def test_committed_pull_converts_back_to_exactly_the_gold() -> None:
    pulled = [ad for conversion in convert_pull(PULL) for ad in conversion.annotations]
    gold = read_annotated_jsonl(GOLD)
    assert all(ad.label_studio is not None and ad.label_studio.ground_truth for ad in pulled)
    assert by_document(pulled) == by_document(gold)
    documents = {doc.id: doc for doc in ingest_dir(ROOT / "raw")}
    assert all(ad.document.text == documents[ad.document.id].text for ad in pulled)


@pytest.mark.server
def test_gold_round_trip_on_a_live_server(label_studio: ConnectionSettings, tmp_path: Path) -> None:
    gold = read_annotated_jsonl(GOLD)
    with open_client(label_studio) as client:
        project = ensure_project(client, f"gold {tmp_path.name}")
    documents = ingest_dir(ROOT / "raw")
    annotations = {ad.document.id: [ad] for ad in gold}
    report = push(
        label_studio, project, documents, annotations=annotations, ground_truth=True, progress=False
    )
    assert (report.created, report.annotations) == (5, 5)
    again = push(label_studio, project, documents, annotations=annotations, progress=False)
    assert (again.created, again.unchanged, again.annotations_skipped) == (0, 5, 5)
    pulled = pull(label_studio, project, tmp_path, progress=False)
    assert not [p for p in pulled.problems if p.severity == "error"]
    annotations_back = [ad for c in pulled.conversions for ad in c.annotations]
    assert by_document(annotations_back) == by_document(gold)
