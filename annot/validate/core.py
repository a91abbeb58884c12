"""Validate pulled Label Studio tasks: every problem, usable annotations, and a quarantine.

How much is quarantined (documented policy):

- an input item that is not a task object: the item (``kind="item"``);
- a task with an error of its own (no id, no ``data``/text/``doc_id``, ``annotations`` not a
  list, text changed since it was pushed: ``document-changed``) or a duplicate task of a
  document (``duplicate-task``: the task with the lowest id is used, the others are
  quarantined): the whole task;
- an annotation that cannot be converted (no ``result``, not an object) or that was
  cancelled (skipped) in Label Studio: the whole annotation;
- otherwise per region: a region an ERROR leaves out (with its per-region choices, which
  share its id), or one left out with it (a cue of a quote left out, an unlinked SPEAKER),
  and per relation: a relation with an error or with an endpoint that is not used. The
  rest of the annotation stays usable.

Accounting: tasks, annotations, and per layer the regions (``entities``, ``quotes``,
``claims``, ``unknown`` controls) and ``relations`` each satisfy
``pulled == usable + quarantined``; what is quarantined is in exactly one entry, with the
original JSON and every reason.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jsonlines

from annot.labelstudio.convert import DEFAULT_CONTROLS, ControlNames, task_to_annotated
from annot.problems import Problem, ProblemCode, Severity
from annot.schema import AnnotatedDocument, Document
from annot.tokenize import Token, tokenize
from annot.validate.read import RawTask, as_task, dump_json, read_tasks
from annot.validate.report import (
    LAYERS,
    Count,
    QuarantineEntry,
    Reason,
    ValidationReport,
)
from annot.validate.rules import check_annotation, used_region_ids

__all__ = [
    "Validation",
    "validate_file",
    "validate_tasks",
    "write_quarantine",
]

_FIX_EXPORT = (
    "Export the task again with Label Studio's JSON snapshot export (annot pull) instead of "
    "editing the JSON by hand, or correct the field."
)
#: Warnings that explain why a region was left out (errors always do).
_EXPLAINING_WARNINGS = frozenset({ProblemCode.UNLINKED_REGION})


@dataclass(frozen=True, slots=True)
class Validation:
    """What :func:`validate_tasks` produced."""

    report: ValidationReport
    annotations: list[AnnotatedDocument]
    """The usable annotations (cancelled and quarantined ones left out)."""
    quarantine: list[QuarantineEntry]


# --- raw result structure ---------------------------------------------------------------------


def _control_layers(controls: ControlNames) -> dict[str, str]:
    return {
        controls.entity: "entities",
        controls.quote: "quotes",
        controls.quote_kind: "quotes",
        controls.claim: "claims",
        controls.claim_stance: "claims",
        controls.check_worthiness: "claims",
    }


@dataclass(slots=True)
class _Result:
    """An annotation's ``result`` split into region groups (by id) and relations."""

    groups: dict[str, list[object]] = field(default_factory=dict)
    layers: dict[str, str] = field(default_factory=dict)
    relations: list[Mapping[str, object]] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        found = Counter(self.layers.values())
        found["relations"] += len(self.relations)
        return found


def _split_result(annotation: Mapping[str, object], controls: ControlNames) -> _Result:
    result = annotation.get("result")
    split = _Result()
    if not isinstance(result, list):
        return split
    layers = _control_layers(controls)
    for index, entry in enumerate(result):
        item = as_task(entry)
        if item is not None and item.get("type") == "relation":
            split.relations.append(item)
            continue
        rid = item.get("id") if item is not None else None
        key = rid if isinstance(rid, str) else f"#{index}"
        split.groups.setdefault(key, []).append(entry)
        name = item.get("from_name") if item is not None else None
        layer = layers.get(name, "unknown") if isinstance(name, str) else "unknown"
        is_labels = item is not None and item.get("type") != "choices"
        if key not in split.layers or is_labels:
            split.layers[key] = layer
    return split


# --- per task -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Annotation:
    raw: object
    result: _Result
    annotation_id: int | None
    problems: list[Problem]
    ad: AnnotatedDocument | None = None
    """The usable annotation; ``None`` when the whole annotation is quarantined."""
    reasons: list[Problem] = field(default_factory=list)
    cancelled: bool = False


@dataclass(slots=True)
class _Task:
    raw: RawTask
    task_id: int | None = None
    doc_id: str | None = None
    problems: list[Problem] = field(default_factory=list)
    annotations: list[_Annotation] = field(default_factory=list)
    reasons: list[Problem] = field(default_factory=list)
    """Why the whole task is quarantined (empty when it is usable)."""


def _int_id(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _task_problem(task: _Task, code: ProblemCode, message: str, fix: str) -> Problem:
    where = [f"document {task.doc_id!r}"] if task.doc_id is not None else []
    where += [f"task {task.task_id}"] if task.task_id is not None else []
    return Problem(
        code=code,
        severity=Severity.ERROR,
        message=f"{', '.join(where) or 'task'}: {message}",
        fix=fix,
        document_id=task.doc_id,
        task_id=task.task_id,
    )


def _changed_text(task: _Task, data: Mapping[str, object], controls: ControlNames) -> None:
    text, recorded = data.get(controls.text), data.get("content_sha256")
    if not isinstance(text, str) or not isinstance(recorded, str):
        return
    actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if actual != recorded:
        task.problems.append(
            _task_problem(
                task,
                ProblemCode.DOCUMENT_CHANGED,
                f"the task's text has SHA-256 {actual[:12]}… but it was pushed with "
                f"content_sha256 {recorded[:12]}…: the text changed after the push, so its "
                "regions may point at other words; the task is quarantined.",
                "Do not edit task data in Label Studio; re-push the document (annot push) and "
                "have it annotated again.",
            )
        )


def _annotation_list(task: _Task, raw: Mapping[str, object]) -> list[object]:
    listed = raw.get("annotations")
    if listed is None:
        return []
    if isinstance(listed, list):
        return listed
    task.problems.append(
        _task_problem(
            task,
            ProblemCode.MALFORMED_JSON,
            f"'annotations' is a {type(listed).__name__}, expected a list; the task is "
            "quarantined.",
            _FIX_EXPORT,
        )
    )
    return []


def _convert_one(
    raw: Mapping[str, object],
    item: object,
    task: _Task,
    convert: _Converter,
) -> _Annotation:
    mapping = as_task(item)
    annotation_id = _int_id(mapping.get("id")) if mapping is not None else None
    result = _split_result(mapping, convert.controls) if mapping is not None else _Result()
    if mapping is None:
        problem = _task_problem(
            task,
            ProblemCode.MALFORMED_JSON,
            f"an annotation is a {type(item).__name__}, expected an object; it is quarantined.",
            _FIX_EXPORT,
        )
        return _Annotation(item, result, None, [problem], reasons=[problem])
    conversion = convert.run({**raw, "annotations": [mapping], "predictions": []})
    problems = [p for p in conversion.problems if p not in task.problems]
    found = _Annotation(mapping, result, annotation_id, problems)
    found.cancelled = mapping.get("was_cancelled") is True
    if not conversion.annotations:
        errors = [p for p in problems if p.severity is Severity.ERROR]
        found.reasons = errors or problems
    elif found.cancelled:
        found.reasons = [p for p in problems if p.code is ProblemCode.CANCELLED_ANNOTATION]
    else:
        ad = conversion.annotations[0]
        found.ad, extra = check_annotation(ad, convert.tokens(ad.document.text))
        found.problems += extra
    return found


@dataclass(slots=True)
class _Converter:
    controls: ControlNames
    documents: Mapping[str, Document] | None
    _tokens: dict[str, list[Token]] = field(default_factory=dict)

    def document(self, doc_id: str | None) -> Document | None:
        if self.documents is None or doc_id is None:
            return None
        return self.documents.get(doc_id)

    def run(self, task: Mapping[str, object]) -> _Conversion:
        data = as_task(task.get("data")) or {}
        doc_id = data.get("doc_id")
        document = self.document(doc_id if isinstance(doc_id, str) else None)
        conversion = task_to_annotated(task, controls=self.controls, document=document)
        return _Conversion(conversion.annotations, conversion.problems)

    def tokens(self, text: str) -> list[Token]:
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if key not in self._tokens:
            self._tokens[key] = tokenize(text, split_clitics=True)
        return self._tokens[key]


@dataclass(frozen=True, slots=True)
class _Conversion:
    annotations: list[AnnotatedDocument]
    problems: list[Problem]


def _check_task(item: RawTask, convert: _Converter) -> _Task:
    task = _Task(raw=item)
    raw = item.task
    if raw is None:
        assert item.problem is not None
        task.problems.append(item.problem)
        task.reasons = [item.problem]
        return task
    task.task_id = _int_id(raw.get("id"))
    data = as_task(raw.get("data"))
    doc_id = data.get("doc_id") if data is not None else None
    task.doc_id = doc_id if isinstance(doc_id, str) else None
    base = {**raw, "annotations": [], "predictions": []}
    task.problems += convert.run(base).problems
    changed = any(p.code is ProblemCode.DOCUMENT_CHANGED for p in task.problems)
    if data is not None and not changed:
        _changed_text(task, data, convert.controls)
    listed = _annotation_list(task, raw)
    task.reasons = [p for p in task.problems if p.severity is Severity.ERROR]
    if task.reasons:
        task.annotations = [
            _Annotation(a, _split_result(as_task(a) or {}, convert.controls), None, [])
            for a in listed
        ]
        for annotation in task.annotations:
            annotation.cancelled = (as_task(annotation.raw) or {}).get("was_cancelled") is True
        return task
    task.annotations = [_convert_one(raw, a, task, convert) for a in listed]
    return task


def _mark_duplicates(tasks: Sequence[_Task]) -> None:
    """Quarantine all but the lowest-id usable task of each document."""
    by_doc: dict[str, list[_Task]] = {}
    for task in tasks:
        if not task.reasons and task.doc_id is not None:
            by_doc.setdefault(task.doc_id, []).append(task)
    for doc_id, group in by_doc.items():
        if len(group) < 2:
            continue
        ranked = sorted(group, key=lambda t: (t.task_id is None, t.task_id or 0, t.raw.position))
        kept, ids = ranked[0], [t.task_id for t in ranked]
        for task in ranked[1:]:
            problem = _task_problem(
                task,
                ProblemCode.DUPLICATE_TASK,
                f"document {doc_id!r} is in {len(group)} tasks {ids}; task {kept.task_id} is "
                f"used and this task's {len(task.annotations)} annotation(s) are quarantined.",
                f"Delete the duplicate tasks in Label Studio (keep task {kept.task_id}), or "
                "have their annotations redone there; then pull again.",
            )
            task.problems.append(problem)
            task.reasons = [problem]


# --- accounting ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Tally:
    pulled: Counter[str] = field(default_factory=Counter)
    usable: Counter[str] = field(default_factory=Counter)
    quarantined: Counter[str] = field(default_factory=Counter)
    cancelled: int = 0
    entries: list[QuarantineEntry] = field(default_factory=list)

    def count(self, name: str) -> Count:
        return Count(
            name=name,
            pulled=self.pulled[name],
            usable=self.usable[name],
            quarantined=self.quarantined[name],
        )

    def add(self, what: Mapping[str, int], *, usable: bool) -> None:
        self.pulled.update(what)
        (self.usable if usable else self.quarantined).update(what)


def _reasons(problems: Iterable[Problem]) -> list[Reason]:
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return [Reason.of(p) for p in sorted(problems, key=lambda p: order[p.severity])]


def _parent(message: str) -> Reason:
    return Reason(
        code=ProblemCode.LEFT_OUT_WITH_PARENT,
        severity=Severity.ERROR,
        message=message,
        fix="Fix the parent's problem (see the other entries of this annotation); this part "
        "then comes back with it.",
    )


def _sorted_dump(raw: Mapping[str, object]) -> str:
    """The form in which conversion records a relation in ``Problem.details``."""
    return json.dumps(raw, ensure_ascii=False, sort_keys=True, default=repr)


def _entry(task: _Task, annotation: _Annotation | None, **fields: object) -> QuarantineEntry:
    ids: dict[str, object] = {
        "source": fields.pop("source", None),
        "position": task.raw.position,
        "document_id": task.doc_id,
        "task_id": task.task_id,
        "annotation_id": annotation.annotation_id if annotation is not None else None,
    }
    return QuarantineEntry.model_validate({**ids, **fields})


def _region_entries(
    task: _Task, annotation: _Annotation, ad: AnnotatedDocument, tally: _Tally, source: str | None
) -> None:
    used = used_region_ids(ad)
    for key, entries in annotation.result.groups.items():
        layer = annotation.result.layers[key]
        if key in used:
            tally.add({layer: 1}, usable=True)
            continue
        tally.add({layer: 1}, usable=False)
        own = [
            p
            for p in annotation.problems
            if p.region_id == key
            and (p.severity is Severity.ERROR or p.code in _EXPLAINING_WARNINGS)
        ]
        reasons = _reasons(own) or [
            _parent(f"region {key!r} was left out with the quote, claim or entity it belongs to.")
        ]
        tally.entries.append(
            _entry(
                task,
                annotation,
                source=source,
                kind="region",
                region_id=key if not key.startswith("#") else None,
                layer=layer,
                counts={layer: 1},
                original=dump_json(entries),
                reasons=reasons,
            )
        )
    for relation in annotation.result.relations:
        _relation_entry(task, annotation, relation, used, tally, source)


def _relation_entry(
    task: _Task,
    annotation: _Annotation,
    relation: Mapping[str, object],
    used: set[str],
    tally: _Tally,
    source: str | None,
) -> None:
    dumped = _sorted_dump(relation)
    errors = [
        p
        for p in annotation.problems
        if p.details.get("relation") == dumped and p.severity is Severity.ERROR
    ]
    ends = [relation.get("from_id"), relation.get("to_id")]
    missing = [end for end in ends if not isinstance(end, str) or end not in used]
    if not errors and not missing:
        tally.add({"relations": 1}, usable=True)
        return
    tally.add({"relations": 1}, usable=False)
    reasons = _reasons(errors) or [
        _parent(f"the relation's endpoint region(s) {missing} were quarantined or left out.")
    ]
    entry = _entry(
        task,
        annotation,
        source=source,
        kind="relation",
        layer="relations",
        counts={"relations": 1},
        original=dump_json(relation),
        reasons=reasons,
    )
    tally.entries.append(entry)


def _account(
    task: _Task, tally: _Tally, usable: list[AnnotatedDocument], source: str | None
) -> None:
    tally.add({"tasks": 1}, usable=not task.reasons)
    tally.cancelled += sum(a.cancelled for a in task.annotations)
    if task.reasons:
        counts: Counter[str] = Counter()
        for annotation in task.annotations:
            counts.update(annotation.result.counts())
        tally.add({"annotations": len(task.annotations)}, usable=False)
        tally.add(counts, usable=False)
        kind = "task" if task.raw.task is not None else "item"
        entry = _entry(
            task,
            None,
            source=source,
            kind=kind,
            counts=dict(counts),
            original=task.raw.original,
            reasons=_reasons(task.reasons),
        )
        tally.entries.append(entry)
        return
    for annotation in task.annotations:
        if annotation.ad is None:
            counts = annotation.result.counts()
            tally.add({"annotations": 1}, usable=False)
            tally.add(counts, usable=False)
            entry = _entry(
                task,
                annotation,
                source=source,
                kind="annotation",
                counts=dict(counts),
                original=dump_json(annotation.raw),
                reasons=_reasons(annotation.reasons),
            )
            tally.entries.append(entry)
            continue
        tally.add({"annotations": 1}, usable=True)
        usable.append(annotation.ad)
        _region_entries(task, annotation, annotation.ad, tally, source)


def validate_tasks(
    items: Iterable[RawTask | Mapping[str, object]],
    *,
    documents: Mapping[str, Document] | None = None,
    controls: ControlNames = DEFAULT_CONTROLS,
    source: str | None = None,
) -> Validation:
    """Validate pulled tasks; collect every problem, the usable annotations and a quarantine.

    ``items`` are tasks (JSON objects as exported) or :class:`RawTask` from
    :func:`annot.validate.read_tasks`. ``documents`` (by id) are the ingested documents: a
    task whose text differs from its document's is quarantined (``document-changed``).
    Debug one task with ``[str(p) for p in validate_tasks([task]).report.problems]``.
    """
    convert = _Converter(controls=controls, documents=documents)
    tasks: list[_Task] = []
    for position, item in enumerate(items, start=1):
        raw = item if isinstance(item, RawTask) else RawTask(position, item, dump_json(item))
        tasks.append(_check_task(raw, convert))
    _mark_duplicates(tasks)
    tally, usable = _Tally(), list[AnnotatedDocument]()
    for task in tasks:
        _account(task, tally, usable, source)
    problems = [p for task in tasks for p in task.problems]
    problems += [p for task in tasks for a in task.annotations for p in a.problems]
    report = ValidationReport(
        source=source,
        tasks=tally.count("tasks"),
        annotations=tally.count("annotations"),
        cancelled_annotations=tally.cancelled,
        layers=[tally.count(layer) for layer in LAYERS],
        quarantine_entries=len(tally.entries),
        problems=problems,
    )
    return Validation(report=report, annotations=usable, quarantine=tally.entries)


def validate_file(
    path: Path,
    *,
    documents: Mapping[str, Document] | None = None,
    controls: ControlNames = DEFAULT_CONTROLS,
) -> Validation:
    """:func:`validate_tasks` over a pulled file (JSON array, JSONL, or one task object)."""
    return validate_tasks(
        read_tasks(path), documents=documents, controls=controls, source=str(path)
    )


def write_quarantine(entries: Iterable[QuarantineEntry], path: Path) -> int:
    """Write ``entries`` as JSONL to ``path`` (parents created); returns how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with jsonlines.open(path, mode="w") as writer:
        for entry in entries:
            writer.write(entry.model_dump(mode="json"))
            count += 1
    return count
