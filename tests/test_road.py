"""The one road: selection policy, adjudication that never guesses, the ledger, export --from-file.

Expected values are written by hand from the small Indonesian task in tests/data/bad/valid.json
(five entities, one quote with cue and speaker, one claim).
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from annot.agreement import adjudicate_all
from annot.cli import app
from annot.export.labelstudio import export_label_studio
from annot.problems import ProblemCode
from annot.road.gold import label_studio_to_gold
from annot.road.select import SeenDocuments, TaskSelection, superseded_tasks
from annot.validate import stream_validation, validate_file

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
VALID = BAD / "valid.json"
MULTI = DATA / "labelstudio" / "multi-annotator-ls-1.23.2.json"
RUNNER = CliRunner()
JSON = dict[str, object]

#: What valid.json holds (read by hand from the file).
ENTITIES = {
    "Siti Rahma": "PER",
    "Kementerian Perdagangan": "ORG",
    "Jakarta": "GPE",
    "Senin": "DATE",
}


def valid_task() -> JSON:
    (task,) = json.loads(VALID.read_text(encoding="utf-8"))
    assert isinstance(task, dict)
    return task


def annotation(task: JSON) -> JSON:
    listed = task["annotations"]
    assert isinstance(listed, list)
    first = listed[0]
    assert isinstance(first, dict)
    return first


def results(item: JSON) -> list[JSON]:
    result = item["result"]
    assert isinstance(result, list)
    return result


def by(task: JSON, user: int, annotation_id: int, **fields: object) -> JSON:
    """The task's annotation as made by ``user``."""
    made = copy.deepcopy(annotation(task))
    return made | {"completed_by": user, "id": annotation_id} | fields


def write(tmp_path: Path, tasks: list[JSON], name: str = "pull.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return path


# --- selection ---------------------------------------------------------------------------------


def test_a_versioned_pull_keeps_the_new_version_and_reports_the_old(tmp_path: Path) -> None:
    old = valid_task()
    new = copy.deepcopy(old) | {"id": 215}
    data = old["data"]
    assert isinstance(data, dict)
    new["data"] = data | {"version": 2}
    new["meta"] = {"doc_id": "berita-beras-01", "version": 2, "supersedes": 214}
    new["annotations"] = [by(old, 2, 2150)]
    validation = validate_file(write(tmp_path, [old, new]))
    assert [ad.label_studio.task_id for ad in validation.annotations if ad.label_studio] == [215]
    report = validation.report
    assert (report.tasks.pulled, report.tasks.usable, report.tasks.superseded) == (2, 1, 1)
    assert report.tasks.quarantined == 0
    assert report.codes() == Counter({ProblemCode.SUPERSEDED_TASK: 1})
    (problem,) = report.problems
    assert problem.task_id == 214
    assert "superseded by version 2 (task 215)" in problem.message
    assert validation.quarantine == []
    assert report.balanced
    assert superseded_tasks([old, new]) == {214: 215}


def test_a_document_seen_again_late_restarts_the_validation_cleanly(tmp_path: Path) -> None:
    # validate reads the file once while every document is in one task; task 300 (another
    # document, one region with an unknown label) is validated and written before version 2
    # of berita-beras-01 shows up, so the file is validated again: nothing is written twice
    other = valid_task() | {"id": 300}
    data = other["data"]
    assert isinstance(data, dict)
    other["data"] = data | {"doc_id": "berita-lain-02"}
    (value,) = [r["value"] for r in results(annotation(other)) if r.get("id") == "l1"]  # Jakarta
    assert isinstance(value, dict)
    value["labels"] = ["BUKAN-LABEL"]
    old = valid_task()
    new = valid_task() | {"id": 215, "data": data | {"version": 2}}
    new["annotations"] = [by(old, 2, 2150)]
    path = write(tmp_path, [other, old, new])
    quarantine, output = tmp_path / "q.jsonl", tmp_path / "v.jsonl"
    streamed = stream_validation(path, quarantine, output)
    report = streamed.report
    assert (report.tasks.pulled, report.tasks.usable, report.tasks.superseded) == (3, 2, 1)
    assert report.quarantine_entries == 1
    entries = [json.loads(line) for line in quarantine.read_text(encoding="utf-8").splitlines()]
    assert [(e["task_id"], e["kind"]) for e in entries] == [(300, "region")]
    written = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [ad["label_studio"]["task_id"] for ad in written] == [300, 215]
    assert streamed.annotations == 2
    validation = validate_file(path)
    assert [ad.label_studio.task_id for ad in validation.annotations if ad.label_studio] == [
        300,
        215,
    ]
    assert [entry.task_id for entry in validation.quarantine] == [300]
    assert validation.report == report


def test_same_version_is_a_duplicate_and_the_lowest_id_is_used() -> None:
    task = valid_task()
    selection = TaskSelection.of([(1, task | {"id": 9}), (2, task | {"id": 3})])
    first, second = selection.verdict(1, task | {"id": 9}), selection.verdict(2, task | {"id": 3})
    assert (first.kept, first.duplicate, first.kept_task_id) == (False, True, 3)
    assert (second.kept, second.superseded) == (True, False)


def ground_truth_then_more(tmp_path: Path) -> Path:
    """Admin (user 1) imported the gold as ground truth, then annotated the task again with
    only one entity (a later annotation)."""
    task = valid_task()
    truth = by(task, 1, 3001, ground_truth=True, updated_at="2026-11-22T10:00:00Z")
    later = by(task, 1, 3002, updated_at="2026-11-23T10:00:00Z")
    later["result"] = [r for r in results(later) if r.get("id") == "l1"]
    task["annotations"] = [truth, later]
    return write(tmp_path, [task])


def test_ground_truth_is_never_displaced_by_its_authors_later_work(tmp_path: Path) -> None:
    path = ground_truth_then_more(tmp_path)
    validation = validate_file(path)
    assert validation.report.annotations.usable == 2
    assert validation.report.annotations.superseded == 0
    (decided,) = adjudicate_all(validation.annotations)
    assert decided.policy == "ground-truth"
    assert decided.gold is not None
    assert {m.span.text: m.label.value for m in decided.gold.mentions} == ENTITIES
    assert [q.content.text for q in decided.gold.quotes] == ["Kami akan menaikkan harga beras,"]
    assert [c.span.text for c in decided.gold.claims] == [
        "stok beras nasional cukup hingga akhir tahun"
    ]


def test_majority_export_of_a_ground_truth_keeps_its_layers(tmp_path: Path) -> None:
    path = ground_truth_then_more(tmp_path)
    done = export_label_studio(path, "gt", exports_dir=tmp_path / "exports")
    assert done.export is not None
    stats = {k: v for k, v in done.export.stats.items() if v.documents}
    (split,) = stats.values()
    assert sum(split.mentions.values()) == len(ENTITIES)
    assert sum(split.quotes.values()) == 1
    assert sum(split.claims.values()) == 1
    assert done.road.ledger.outcomes("entities") == {"exported": 4, "outvoted": 1}
    assert done.exit_code == 0


def test_a_later_annotation_of_the_same_person_supersedes_the_earlier(tmp_path: Path) -> None:
    task = valid_task()
    early = by(task, 5, 4001, updated_at="2026-11-22T10:00:00Z")
    late = by(task, 5, 4002, updated_at="2026-11-24T10:00:00Z")
    task["annotations"] = [late, early]
    validation = validate_file(write(tmp_path, [task]))
    assert [ad.label_studio.annotation_id for ad in validation.annotations if ad.label_studio] == [
        4002
    ]
    assert validation.report.annotations.superseded == 1
    assert validation.report.codes()[ProblemCode.SUPERSEDED_ANNOTATION] == 1


# --- adjudication never guesses, never hides ---------------------------------------------------


def two_annotators(tmp_path: Path, change: str) -> Path:
    task = valid_task()
    first, second = by(task, 2, 5001), by(task, 3, 5002)
    if change == "entity":  # Kementerian Perdagangan: ORG for one, PER for the other
        region = next(r for r in results(second) if r.get("id") == "o1")
        region["value"]["labels"] = ["PER"]  # type: ignore[index]
    else:  # the second did not draw the quote (nor its cue, kind and links)
        second["result"] = [
            r
            for r in results(second)
            if r.get("id") not in {"q1", "c1"}
            and r.get("from_id") not in {"q1", "c1"}
            and r.get("to_id") not in {"q1", "c1"}
        ]
    task["annotations"] = [first, second]
    return write(tmp_path, [task])


def test_a_disputed_entity_is_withheld_from_ner_and_listed(tmp_path: Path) -> None:
    path = two_annotators(tmp_path, "entity")
    done = export_label_studio(path, "dispute", exports_dir=tmp_path / "exports")
    assert done.export is not None
    root = done.export.path
    disagreements = [
        json.loads(line)
        for line in (root / "disagreements.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert [(d["layer"], d["text"]) for d in disagreements] == [
        ("entities", "Kementerian Perdagangan")
    ]
    assert sorted(disagreements[0]["votes"].values()) == ["ORG", "PER"]
    ner = [
        row
        for files in done.export.files["ner"].values()
        for f in files
        for row in pq.read_table(root / f).to_pylist()  # type: ignore[no-untyped-call]
    ]
    # sentence 0 carries the disputed entity: withheld; sentence 1 is exported
    assert [row["id"] for row in ner] == ["berita-beras-01:s1"]
    records = [
        json.loads(line)
        for line in (root / "quarantine.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert [(r["reason"], r["text"], r["sentence_ids"]) for r in records] == [
        ("unsettled-disagreement", "Kementerian Perdagangan", ["berita-beras-01:s0"])
    ]
    assert done.road.ledger.outcomes("entities") == {"disputed": 2, "exported": 6}
    assert done.exit_code == 1


def test_a_quote_drawn_by_one_of_two_is_a_disagreement(tmp_path: Path) -> None:
    path = two_annotators(tmp_path, "quote")
    gold = tmp_path / "gold.jsonl"
    road = label_studio_to_gold(path, gold, disagreements_out=tmp_path / "open.jsonl")
    (line,) = (tmp_path / "open.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["layer"] == "quotes"
    assert json.loads(line)["text"] == "Kami akan menaikkan harga beras,"
    (annotated,) = gold.read_text(encoding="utf-8").splitlines()
    withheld = json.loads(annotated)["withheld"]
    assert [(w["layer"], w["span"]["text"]) for w in withheld] == [
        ("quotes", "Kami akan menaikkan harga beras,")
    ]
    assert road.ledger.balanced
    assert road.ledger.outcomes("quotes")["disputed"] >= 1


def test_adjudicate_takes_what_validate_writes(tmp_path: Path) -> None:
    usable, gold = tmp_path / "usable.jsonl", tmp_path / "gold.jsonl"
    args = ["validate", str(MULTI), "--output", str(usable), "--quarantine", str(tmp_path / "q")]
    assert RUNNER.invoke(app, args).exit_code == 0
    args = ["adjudicate", str(usable), "--output", str(gold)]
    result = RUNNER.invoke(app, [*args, "--disagreements", str(tmp_path / "d.jsonl")])
    assert result.exit_code == 0, result.output
    assert "gold documents: 2" in result.output
    ids = [json.loads(line)["document"]["id"] for line in gold.read_text().splitlines()]
    assert ids == ["berita-beras-01", "berita-polisi-02"]


def test_adjudicate_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    usable = tmp_path / "usable.jsonl"
    quarantine, open_items = str(tmp_path / "q.jsonl"), str(tmp_path / "d.jsonl")
    args = ["validate", str(MULTI), "--output", str(usable), "--quarantine", quarantine]
    RUNNER.invoke(app, args)
    first = usable.read_text(encoding="utf-8").splitlines()[0]
    broken = tmp_path / "broken.jsonl"
    broken.write_text(first + "\n" + first[:-40] + "\n", encoding="utf-8")
    args = ["--output", str(tmp_path / "g"), "--disagreements", open_items]
    result = RUNNER.invoke(app, ["adjudicate", str(broken), *args])
    assert result.exit_code == 2
    assert "broken.jsonl:2: not an AnnotatedDocument" in result.output
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = RUNNER.invoke(app, ["adjudicate", str(empty), *args])
    assert result.exit_code == 2
    assert "holds no annotation to adjudicate" in result.output


# --- export --from-file is the same road ---------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "text-mismatch--shifted.json",
        "document-changed.json",
        "overlapping-entities.json",
        "empty-span--whitespace.json",
    ],
)
def test_export_from_file_quarantines_what_validate_quarantines(name: str, tmp_path: Path) -> None:
    validation = validate_file(BAD / name)
    assert validation.quarantine
    exports = tmp_path / "exports"
    args = ["export", "--from-file", str(BAD / name), "--name", "x", "--exports-dir", str(exports)]
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "quarantined:" in result.output
    written = exports / "x" / "validation-quarantine.jsonl"
    if written.exists():  # a document quarantined whole leaves nothing to export
        entries = [json.loads(line) for line in written.read_text(encoding="utf-8").splitlines()]
        assert [e["original"] for e in entries] == [e.original for e in validation.quarantine]
        assert "### Ledger" in (exports / "x" / "README.md").read_text(encoding="utf-8")
    else:
        assert "nothing to export" in result.output


def test_export_from_a_single_task_object(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(valid_task(), ensure_ascii=False), encoding="utf-8")
    exports = tmp_path / "exports"
    args = ["export", "--from-file", str(path), "--name", "one", "--exports-dir", str(exports)]
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "entities     in 4: exported 4" in result.output


def test_export_from_nothing_readable_is_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("\n", encoding="utf-8")
    args = ["export", "--from-file", str(path), "--exports-dir", str(tmp_path / "e")]
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 2, result.output
    missing = ["export", "--from-file", str(tmp_path / "tidak-ada.json")]
    assert RUNNER.invoke(app, missing).exit_code == 2


# --- the ledger --------------------------------------------------------------------------------

DATA_FILES = sorted(DATA.glob("**/*.json*"))


@pytest.mark.parametrize("path", DATA_FILES, ids=[str(p.relative_to(DATA)) for p in DATA_FILES])
def test_the_ledger_balances_on_every_test_file(path: Path, tmp_path: Path) -> None:
    road = label_studio_to_gold(path, tmp_path / "gold.jsonl")
    assert road.ledger.balanced, road.ledger.render()
    report = road.report
    for row in [report.tasks, report.annotations, *report.layers]:
        assert road.ledger.entered[row.name] == row.pulled


_LEDGER_MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            ["version", "truth", "cancel", "user", "drop", "label", "shift", "dup-task", "junk"]
        ),
        st.integers(min_value=0, max_value=40),
    ),
    max_size=6,
)


def _mutate(tasks: list[JSON], mutations: list[tuple[str, int]]) -> list[object]:
    out: list[object] = copy.deepcopy(tasks)  # type: ignore[arg-type]
    for kind, index in mutations:
        task = out[index % len(out)]
        if not isinstance(task, dict):
            continue
        listed = task.get("annotations") or [{}]
        item = listed[index % len(listed)]
        result = item.get("result") or [{}]
        region = result[index % len(result)]
        value = region.get("value") if isinstance(region, dict) else None
        if kind == "version":
            task["data"] = dict(task["data"]) | {"version": index % 3 + 1}
        elif kind == "truth":
            item["ground_truth"] = True
        elif kind == "cancel":
            item["was_cancelled"] = True
        elif kind == "user":
            item["completed_by"] = index % 3 + 1
        elif kind == "drop" and result:
            result.remove(region)
        elif kind == "label" and isinstance(value, dict) and "labels" in value:
            value["labels"] = ["PER" if index % 2 else "ORG"]
        elif kind == "shift" and isinstance(value, dict) and "start" in value:
            value["start"] = int(value["start"]) + index % 3 - 1
        elif kind == "dup-task":
            out.append(copy.deepcopy(task) | {"id": 9000 + index})
        elif kind == "junk":
            out.append(index)
    return out


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(mutations=_LEDGER_MUTATIONS)
def test_the_ledger_balances_under_mutations(
    mutations: list[tuple[str, int]], tmp_path: Path
) -> None:
    tasks = json.loads(MULTI.read_text(encoding="utf-8"))
    path = tmp_path / "mutated.json"
    path.write_text(json.dumps(_mutate(tasks, mutations), ensure_ascii=False), encoding="utf-8")
    road = label_studio_to_gold(path, tmp_path / "gold.jsonl")
    assert road.ledger.balanced, road.ledger.render()


def test_drafts_cancelled_and_prediction_only_tasks_are_counted(tmp_path: Path) -> None:
    done = valid_task() | {"drafts": [{"id": 77, "result": []}]}
    data = done["data"]
    assert isinstance(data, dict)
    predicted = valid_task() | {"id": 301, "data": data | {"doc_id": "berita-lain"}}
    predicted["predictions"], predicted["annotations"] = [annotation(done)], []
    skipped = valid_task() | {"id": 302, "data": data | {"doc_id": "berita-batal"}}
    skipped["annotations"] = [by(skipped, 4, 3020, was_cancelled=True)]
    path = write(tmp_path, [done, predicted, skipped])
    road = label_studio_to_gold(path, tmp_path / "gold.jsonl")
    report = road.report
    assert (report.drafts, report.unannotated_tasks, report.cancelled_annotations) == (1, 1, 1)
    assert road.ledger.outcomes("tasks") == {"cancelled": 1, "exported": 1, "unannotated": 1}
    assert road.ledger.outcomes("annotations") == {"cancelled": 1, "exported": 1}
    assert road.ledger.balanced


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=3000))
def test_seen_documents_says_what_a_set_says(ids: list[str]) -> None:
    """Without a digest collision (none at these sizes), ``add`` is ``in`` on a plain set."""
    seen, oracle = SeenDocuments(), set()
    for doc_id in ids:
        assert seen.add(doc_id) == (doc_id in oracle)
        oracle.add(doc_id)
    assert len(seen) == len(oracle)


def test_seen_documents_keeps_every_id_across_growth() -> None:
    seen = SeenDocuments()
    ids = [f"berita-{n:05d}" for n in range(5000)]  # grows the table 1024 -> 16384 slots
    assert not any(seen.add(doc_id) for doc_id in ids)
    assert all(seen.add(doc_id) for doc_id in ids)
    assert not seen.add("berita-baru")
    assert seen.add("\ud800-lone") is False
    assert seen.add("\ud800-lone") is True
