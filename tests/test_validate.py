"""Validation: every class of bad input has its code, and nothing is lost."""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annot.problems import ProblemCode, Severity
from annot.schema import Document, EntityLabel
from annot.validate import (
    LAYERS,
    QuarantineEntry,
    RawTask,
    Validation,
    read_tasks,
    render_report,
    validate_file,
    validate_tasks,
    write_quarantine,
)

BAD = Path(__file__).parent / "data" / "bad"
CORPUS = sorted(path for path in BAD.iterdir() if path.name != "valid.json")
VALID = BAD / "valid.json"
JSON = dict[str, object]


def expected_code(path: Path) -> ProblemCode:
    """``text-mismatch--shifted.json`` holds a ``text-mismatch``."""
    return ProblemCode(path.name.split(".")[0].split("--")[0])


def valid_task() -> JSON:
    loaded = json.loads(VALID.read_text(encoding="utf-8"))
    assert isinstance(loaded, list)
    task = loaded[0]
    assert isinstance(task, dict)
    return task


def result_of(task: JSON) -> list[JSON]:
    annotations = task["annotations"]
    assert isinstance(annotations, list)
    result = annotations[0]["result"]
    assert isinstance(result, list)
    return result


def region(task: JSON, rid: str) -> JSON:
    return next(r for r in result_of(task) if r.get("id") == rid and r["type"] == "labels")


def value(task: JSON, rid: str) -> JSON:
    found = region(task, rid)["value"]
    assert isinstance(found, dict)
    return found


def codes(validation: Validation) -> Counter[ProblemCode]:
    return validation.report.codes()


def assert_accounted(validation: Validation) -> None:
    """pulled == usable + quarantined per row; the entries hold exactly what is quarantined."""
    report = validation.report
    assert report.balanced, report.model_dump_json(indent=1)
    in_entries: Counter[str] = Counter()
    for entry in validation.quarantine:
        in_entries.update(entry.counts)
        assert entry.reasons, entry
        assert entry.original
    for layer in LAYERS:
        assert in_entries[layer] == report.layer(layer).quarantined, layer
    assert report.quarantine_entries == len(validation.quarantine)
    kinds = Counter(entry.kind for entry in validation.quarantine)
    assert kinds["task"] + kinds["item"] == report.tasks.quarantined


# --- the corpus ---------------------------------------------------------------------------------


def test_corpus_covers_every_class() -> None:
    assert len(CORPUS) >= 20
    required = {
        ProblemCode.OFFSETS_OUT_OF_RANGE,
        ProblemCode.OFFSETS_REVERSED,
        ProblemCode.TEXT_MISMATCH,
        ProblemCode.UNKNOWN_LABEL,
        ProblemCode.UNKNOWN_CONTROL,
        ProblemCode.DANGLING_RELATION,
        ProblemCode.WRONG_RELATION,
        ProblemCode.QUOTE_WITHOUT_SPEAKER,
        ProblemCode.CLAIM_WITHOUT_CLAIMANT,
        ProblemCode.OVERLAPPING_ENTITIES,
        ProblemCode.BOUNDARY_INSIDE_TOKEN,
        ProblemCode.EMPTY_SPAN,
        ProblemCode.DUPLICATE_REGION_ID,
        ProblemCode.DUPLICATE_TASK,
        ProblemCode.CANCELLED_ANNOTATION,
        ProblemCode.DOCUMENT_CHANGED,
        ProblemCode.MALFORMED_JSON,
        ProblemCode.MISSING_KEY,
    }
    assert required <= {expected_code(path) for path in CORPUS}


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: path.name)
def test_bad_input_is_detected_and_accounted(path: Path) -> None:
    validation = validate_file(path)
    code = expected_code(path)
    assert code in codes(validation), [str(p) for p in validation.report.problems]
    assert_accounted(validation)
    problem = next(p for p in validation.report.problems if p.code is code)
    assert problem.message
    assert problem.fix
    if problem.severity is Severity.ERROR:
        assert validation.report.exit_code == 1
        assert validation.quarantine


def test_the_valid_task_has_no_problem() -> None:
    validation = validate_file(VALID)
    assert validation.report.problems == []
    assert validation.report.exit_code == 0
    assert validation.quarantine == []
    assert [c.pulled for c in validation.report.layers] == [4, 3, 1, 4, 0]
    (ad,) = validation.annotations
    assert len(ad.mentions) == 4
    assert len(ad.quotes) == 1
    assert len(ad.claims) == 1


def test_warnings_alone_do_not_fail() -> None:
    for name in ["quote-without-speaker.json", "claim-without-claimant.json"]:
        validation = validate_file(BAD / name)
        assert {p.severity for p in validation.report.problems} == {Severity.WARNING}
        assert validation.report.exit_code == 0
        assert validation.quarantine == []


# --- what each problem says ------------------------------------------------------------------


def test_a_problem_locates_the_region() -> None:
    validation = validate_file(BAD / "text-mismatch.json")
    problem = next(p for p in validation.report.problems if p.code is ProblemCode.TEXT_MISMATCH)
    assert (problem.document_id, problem.task_id, problem.annotation_id) == (
        "berita-beras-01",
        201,
        2010,
    )
    assert problem.region_id == "o1"
    assert (problem.start, problem.end) == (56, 79)
    assert "Kementerian Pertanian" in problem.message
    assert json.loads(problem.details["region"])["id"] == "o1"


def test_unknown_label_lists_the_valid_ones() -> None:
    validation = validate_file(BAD / "unknown-label.json")
    problem = next(p for p in validation.report.problems if p.code is ProblemCode.UNKNOWN_LABEL)
    assert "'PERSON'" in problem.message
    assert all(label.value in problem.message for label in EntityLabel)


def test_boundary_inside_token_names_the_token() -> None:
    validation = validate_file(BAD / "boundary-inside-token.json")
    (problem,) = validation.report.problems
    assert problem.code is ProblemCode.BOUNDARY_INSIDE_TOKEN
    assert "'Jakarta'" in problem.message
    assert problem.details["tokens"] == "Jakarta"
    assert "[83, 90)" in problem.fix


def test_clitic_cue_is_not_inside_a_token() -> None:
    task = valid_task()
    data = task["data"]
    assert isinstance(data, dict)
    text = str(data["text"])
    cue = text.index(" kata ") + 1
    data["text"] = text[: cue + 4] + "nya" + text[cue + 4 :]
    data.pop("content_sha256")
    for entry in result_of(task):
        body = entry.get("value")
        if isinstance(body, dict) and int(body["start"]) > cue:
            body["start"], body["end"] = int(body["start"]) + 3, int(body["end"]) + 3
    assert validate_tasks([task]).report.problems == []


def test_crossing_entities_leave_only_the_later_one_out() -> None:
    validation = validate_file(BAD / "overlapping-entities.json")
    (problem,) = validation.report.problems
    assert problem.severity is Severity.ERROR
    assert problem.region_id == "x1"
    assert problem.details["other_region"] == "p1"
    (entry,) = validation.quarantine
    assert entry.kind == "region"
    assert entry.region_id == "x1"
    assert json.loads(entry.original)[0]["value"]["text"] == "Rahma dari Kementerian"
    (ad,) = validation.annotations
    assert len(ad.mentions) == 4


def test_nested_entities_are_kept_with_a_warning() -> None:
    validation = validate_file(BAD / "overlapping-entities--nested.json")
    overlap = [p for p in validation.report.problems if p.code is ProblemCode.OVERLAPPING_ENTITIES]
    assert {p.severity for p in overlap} == {Severity.WARNING}
    assert "nested" in overlap[0].message
    (ad,) = validation.annotations
    assert len(ad.mentions) == 5


def test_whitespace_only_span_is_an_empty_span() -> None:
    validation = validate_file(BAD / "empty-span--whitespace.json")
    (problem,) = validation.report.problems
    assert problem.code is ProblemCode.EMPTY_SPAN
    assert "whitespace" in problem.message
    assert [e.region_id for e in validation.quarantine] == ["w1"]


def test_cancelled_annotations_are_counted_not_used() -> None:
    validation = validate_file(BAD / "cancelled-annotation.json")
    report = validation.report
    assert report.cancelled_annotations == 1
    assert (report.annotations.pulled, report.annotations.usable) == (2, 1)
    assert len(validation.annotations) == 1
    (entry,) = validation.quarantine
    assert entry.kind == "annotation"
    assert entry.annotation_id == 2050
    assert report.exit_code == 0


def test_duplicate_task_keeps_the_lowest_id() -> None:
    validation = validate_file(BAD / "duplicate-task.json")
    (problem,) = validation.report.problems
    assert problem.task_id == 204
    assert "task 203 is used" in problem.message
    assert [ad.label_studio.task_id for ad in validation.annotations if ad.label_studio] == [203]
    (entry,) = validation.quarantine
    assert entry.kind == "task"
    assert entry.task_id == 204
    assert json.loads(entry.original)["id"] == 204


def test_document_changed_against_the_ingested_document() -> None:
    task = valid_task()
    data = task["data"]
    assert isinstance(data, dict)
    document = Document(id="berita-beras-01", text=str(data["text"]).replace("Senin", "Rabu"))
    validation = validate_tasks([task], documents={document.id: document})
    (problem,) = validation.report.problems
    assert problem.code is ProblemCode.DOCUMENT_CHANGED
    assert validation.report.tasks.quarantined == 1
    assert_accounted(validation)
    same = Document(id="berita-beras-01", text=str(data["text"]))
    assert validate_tasks([task], documents={same.id: same}).report.problems == []


def test_duplicate_region_id_quarantines_every_copy() -> None:
    validation = validate_file(BAD / "duplicate-region-id.json")
    (entry,) = validation.quarantine
    assert entry.region_id == "d1"
    assert len(json.loads(entry.original)) == 2
    assert validation.report.layer("entities").quarantined == 1


def test_relation_to_a_left_out_region_is_quarantined_with_its_reason() -> None:
    validation = validate_file(BAD / "unknown-label.json")
    kinds = sorted((e.kind, e.region_id) for e in validation.quarantine)
    assert kinds == [("region", "p1"), ("relation", None), ("relation", None)]
    relation = next(e for e in validation.quarantine if e.kind == "relation")
    assert relation.reasons[0].code is ProblemCode.DANGLING_RELATION


def test_dependent_region_is_left_out_with_its_parent() -> None:
    task = valid_task()
    value(task, "q1")["text"] = "teks lain"
    validation = validate_tasks([task])
    entries = {e.region_id: e for e in validation.quarantine if e.kind == "region"}
    assert entries["q1"].reasons[0].code is ProblemCode.TEXT_MISMATCH
    assert entries["c1"].reasons[0].code is ProblemCode.UNLINKED_REGION
    assert_accounted(validation)


# --- reading ------------------------------------------------------------------------------------


def test_array_jsonl_and_single_object_read_alike(tmp_path: Path) -> None:
    task = valid_task()
    array, lines, single = tmp_path / "a.json", tmp_path / "b.jsonl", tmp_path / "c.json"
    array.write_text(json.dumps([task, task]), encoding="utf-8")
    lines.write_text(json.dumps(task) + "\n\n" + json.dumps(task) + "\n", encoding="utf-8")
    single.write_text(json.dumps(task, indent=2), encoding="utf-8")
    assert [t.position for t in read_tasks(array)] == [1, 2]
    assert [t.position for t in read_tasks(lines)] == [1, 3]
    (one,) = read_tasks(single)
    assert one.task == task
    reports = [validate_file(path).report for path in (array, lines)]
    assert [r.layers for r in reports] == [reports[0].layers, reports[0].layers]
    assert reports[0].codes() == Counter({ProblemCode.DUPLICATE_TASK: 1})


def test_truncated_array_keeps_what_was_read() -> None:
    validation = validate_file(BAD / "malformed-json--truncated.json")
    assert validation.report.tasks.pulled == 2
    assert validation.report.tasks.usable == 1
    item = next(e for e in validation.quarantine if e.kind == "item")
    text = (BAD / "malformed-json--truncated.json").read_text(encoding="utf-8")
    assert item.original == text[text.index('{\n  "id": 210') :]  # the cut item, to the end


def test_malformed_jsonl_line_keeps_the_line() -> None:
    validation = validate_file(BAD / "malformed-json.jsonl")
    items = [e for e in validation.quarantine if e.kind == "item"]
    assert [(e.position, e.original) for e in items] == [
        (2, '{"id": 211, "data": {"text": "Harga beras'),
        (3, "[1, 2, 3]"),
    ]
    assert len(validation.annotations) == 2


def test_empty_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n", encoding="utf-8")
    validation = validate_file(path)
    assert validation.report.tasks.pulled == 0
    assert validation.report.exit_code == 0


def test_raw_tasks_pass_through() -> None:
    raw = RawTask(position=7, task=valid_task(), original="{}")
    validation = validate_tasks([raw], source="mem")
    assert validation.report.source == "mem"
    assert validation.report.problems == []


# --- outputs ----------------------------------------------------------------------------------


def test_report_renders_and_serialises(tmp_path: Path) -> None:
    validation = validate_file(BAD / "text-mismatch.json")
    table = render_report(validation.report)
    assert "entities" in table
    assert "pulled" in table
    assert "quarantined" in table
    assert "text-mismatch" in table
    assert "fix:" in table
    assert "FAILED: errors remain (exit code 1)" in table
    again = type(validation.report).model_validate_json(validation.report.model_dump_json())
    assert again == validation.report
    out = tmp_path / "q" / "quarantine.jsonl"
    assert write_quarantine(validation.quarantine, out) == 1
    (line,) = out.read_text(encoding="utf-8").splitlines()
    entry = QuarantineEntry.model_validate_json(line)
    assert entry == validation.quarantine[0]
    assert entry.reasons[0].code is ProblemCode.TEXT_MISMATCH


def test_render_limits_the_problem_list() -> None:
    validation = validate_file(BAD / "unknown-label.json")
    table = render_report(validation.report, max_problems=1)
    assert "3 more problems" in table


# --- properties -------------------------------------------------------------------------------

_MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["drop", "shift", "label", "text", "id", "control", "dup", "junk"]),
        st.integers(min_value=0, max_value=30),
        st.integers(min_value=-5, max_value=5),
    ),
    max_size=6,
)


def _mutate(task: JSON, mutations: list[tuple[str, int, int]]) -> JSON:
    task = copy.deepcopy(task)
    result = result_of(task)
    for kind, index, delta in mutations:
        if not result:
            break
        entry = result[index % len(result)]
        if not isinstance(entry, dict):
            continue
        body = entry.get("value")
        if kind == "drop":
            result.remove(entry)
        elif kind == "dup":
            result.append(copy.deepcopy(entry))
        elif kind == "junk":
            result.append(delta)  # type: ignore[arg-type]
        elif kind == "id":
            entry["id"] = "zz" if delta % 2 else None
        elif kind == "control":
            entry["from_name"] = "entity" if delta % 2 else "lain"
        elif isinstance(body, dict) and kind == "shift":
            body["start"] = int(body.get("start", 0)) + delta
        elif isinstance(body, dict) and kind == "label":
            body["labels"] = ["ORG"] if delta % 2 else ["BUKAN"]
        elif isinstance(body, dict) and kind == "text":
            body["text"] = " " * abs(delta)
    return task


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations=_MUTATIONS, copies=st.integers(min_value=1, max_value=2))
def test_the_counts_always_add_up(mutations: list[tuple[str, int, int]], copies: int) -> None:
    task = _mutate(valid_task(), mutations)
    validation = validate_tasks([task] * copies)
    assert_accounted(validation)


def test_a_recurring_problem_is_counted_past_the_kept_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import annot.validate.core

    monkeypatch.setattr(annot.validate.core, "MAX_PROBLEMS_PER_CODE", 2)
    task = valid_task()
    value(task, "d1")["text"] = "Selasa"  # a text mismatch, five times over
    data = task["data"]
    assert isinstance(data, dict)
    copies = [task | {"id": 500 + n, "data": data | {"doc_id": f"d{n}"}} for n in range(5)]
    report = validate_tasks(copies).report
    assert len(report.problems) == 2
    assert report.omitted == {"error:text-mismatch": 3}
    assert report.codes()[ProblemCode.TEXT_MISMATCH] == 5
    assert report.count(Severity.ERROR) == 5
    assert "… 3 more problems" in render_report(report)


def test_a_quarantined_line_keeps_its_place_in_the_file(tmp_path: Path) -> None:
    """The message no longer repeats the location, so the entry must carry it: line and byte."""
    first = b'{"id": 1, "data": {"doc_id": "berita-1", "text": "Budi datang."}}\n'
    path = tmp_path / "tarik.jsonl"
    path.write_bytes(first + b'{"id": 2, "data": {"text": "Ka\xff"}}\n')
    entries = validate_file(path).quarantine
    assert [(e.kind, e.position, e.byte_offset) for e in entries] == [("item", 2, len(first))]
    assert entries[0].source == str(path)
    assert [r.code for r in entries[0].reasons] == [ProblemCode.BAD_ENCODING]
