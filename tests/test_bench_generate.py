"""The benchmark generator: every region is valid, the output is deterministic per seed."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annot.cli import app
from annot.labelstudio.config import ENTITY_CONTROL
from annot.tokenize import tokenize
from benchmarks.generate import generate_tasks, write_export

TASKS = 300


def _regions(task: Mapping[str, object]) -> list[dict[str, object]]:
    annotations = task["annotations"]
    predictions = task["predictions"]
    assert isinstance(annotations, list)
    assert isinstance(predictions, list)
    entries: list[dict[str, object]] = []
    for item in [*annotations, *predictions]:
        entries += item["result"]
    return entries


@pytest.fixture(scope="module")
def tasks() -> list[dict[str, object]]:
    return list(generate_tasks(TASKS, seed=7))


def test_every_region_matches_its_text_and_whole_tokens(tasks: list[dict[str, object]]) -> None:
    checked = 0
    for task in tasks:
        data = task["data"]
        assert isinstance(data, dict)
        text = data["text"]
        edges = {edge for t in tokenize(text, split_clitics=True) for edge in (t.start, t.end)}
        for entry in _regions(task):
            if entry["type"] == "relation":
                continue
            value = entry["value"]
            assert isinstance(value, dict)
            start, end = value["start"], value["end"]
            assert text[start:end] == value["text"], (task["id"], entry)
            assert value["text"].strip() == value["text"] != ""
            assert {start, end} <= edges, (task["id"], value["text"])
            checked += 1
    assert checked > 50 * TASKS


def test_relations_join_regions_and_entities_never_cross(tasks: list[dict[str, object]]) -> None:
    for task in tasks:
        annotations = task["annotations"]
        assert isinstance(annotations, list)
        for number, annotation in enumerate(annotations):
            result = annotation["result"]
            ids = {entry["id"] for entry in result if "id" in entry}
            relations = [entry for entry in result if entry["type"] == "relation"]
            assert relations
            for relation in relations:
                assert relation["from_id"] in ids
                assert relation["to_id"] in ids
            spans = sorted(
                (entry["value"]["start"], entry["value"]["end"])
                for entry in result
                if entry.get("from_name") == ENTITY_CONTROL
            )
            assert number > 0 or 15 <= len(spans) <= 70  # a second annotator may leave some out
            assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_news_length_text_and_hashes(tasks: list[dict[str, object]]) -> None:
    lengths = [len(task["data"]["text"]) for task in tasks]  # type: ignore[index]
    assert min(lengths) >= 2500
    assert max(lengths) <= 4500
    assert 3000 <= sum(lengths) / len(lengths) <= 3500
    for task in tasks:
        data = task["data"]
        assert isinstance(data, dict)
        assert data["content_sha256"] == hashlib.sha256(data["text"].encode()).hexdigest()


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    first = write_export(tmp_path / "a.jsonl", 20, seed=3).read_bytes()
    again = write_export(tmp_path / "b.jsonl", 20, seed=3).read_bytes()
    other = write_export(tmp_path / "c.jsonl", 20, seed=4).read_bytes()
    assert first == again
    assert first != other
    array = json.loads(write_export(tmp_path / "d.json", 20, seed=3, fmt="json").read_text())
    assert array == [json.loads(line) for line in first.decode().splitlines()]


def test_annot_validate_finds_no_errors(tmp_path: Path) -> None:
    source = write_export(tmp_path / "pull.jsonl", 40, seed=1)
    report = tmp_path / "report.json"
    result = CliRunner().invoke(
        app,
        ["validate", str(source), "--quarantine", str(tmp_path / "q.jsonl"), "--json", str(report)],
    )
    assert result.exit_code == 0, result.output
    problems = json.loads(report.read_text())["problems"]
    assert [p for p in problems if p["severity"] == "error"] == []
