"""The Label Studio models (annot.labelstudio.format): lenient shapes, strict JSON types,
every issue located and coded."""

from __future__ import annotations

import pytest

from annot.labelstudio.format import (
    Annotation,
    FieldIssue,
    RegionResult,
    Task,
    issue_code,
    parse,
    task_data_model,
)
from annot.problems import ProblemCode


def test_a_valid_region_has_no_issue_and_keeps_extra_fields() -> None:
    raw = {
        "id": "p1",
        "from_name": "entity",
        "to_name": "text",
        "type": "labels",
        "origin": "manual",
        "value": {"start": 5, "end": 17, "text": "Dewi Lestari", "labels": ["PER"]},
    }
    region, issues = parse(RegionResult, raw)
    assert issues == []
    assert region.value is not None
    assert (region.value.start, region.value.end, region.value.labels) == (5, 17, ["PER"])
    assert region.model_extra == {"origin": "manual"}


def test_wrong_types_are_left_out_and_named_with_their_path() -> None:
    raw = {"id": "p1", "from_name": "entity", "to_name": "text", "value": {"start": "5"}}
    region, issues = parse(RegionResult, raw)
    assert region.value is not None
    assert region.value.start is None
    assert issues == [
        FieldIssue(("value", "start"), "5", "an integer", required=True, missing=False),
        FieldIssue(("value", "end"), None, "an integer", required=True, missing=True),
        FieldIssue(("value", "text"), None, "a string", required=True, missing=True),
        FieldIssue(("value", "labels"), None, "a list of strings", required=True, missing=True),
    ]
    assert [issue_code(i) for i in issues] == [ProblemCode.MALFORMED_JSON] + [
        ProblemCode.MISSING_KEY
    ] * 3


@pytest.mark.parametrize(
    ("raw", "key", "expected"),
    [
        ({"id": True, "data": {}}, "id", "a non-negative integer id"),
        ({"id": -3, "data": {}}, "id", "a non-negative integer id"),
        ({"id": 3.0, "data": {}}, "id", "a non-negative integer id"),
        ({"id": 3, "data": []}, "data", "an object"),
        ({"id": 3, "data": {}, "annotations": {}}, "annotations", "a list"),
    ],
)
def test_json_types_are_strict(raw: dict[str, object], key: str, expected: str) -> None:
    task, issues = parse(Task, raw)
    assert [(i.key, i.expected) for i in issues] == [(key, expected)]
    assert getattr(task, key) is None


def test_annotation_fields_label_studio_writes() -> None:
    raw = {
        "id": 7,
        "completed_by": {"id": 2, "email": "budi@contoh.id"},
        "result": [],
        "lead_time": -1,
        "created_at": "2026-11-22T10:11:32.544418Z",
        "was_cancelled": "yes",
    }
    annotation, issues = parse(Annotation, raw)
    assert [(i.key, i.required) for i in issues] == [("lead_time", False), ("was_cancelled", False)]
    assert annotation.created_at is not None
    assert annotation.created_at.year == 2026
    assert annotation.lead_time is None


def test_task_data_reads_the_text_under_the_config_name() -> None:
    model = task_data_model("body")
    data, issues = parse(model, {"body": "Harga cabai naik.", "doc_id": "berita 1"})
    assert data.body == "Harga cabai naik."  # type: ignore[attr-defined]
    assert [(i.key, i.value) for i in issues] == [("doc_id", "berita 1")]
    with pytest.raises(ValueError, match="cannot be named 'doc_id'"):
        task_data_model("doc_id")
