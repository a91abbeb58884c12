"""Validate pulled Label Studio tasks: every problem, usable annotations, and a quarantine.

How much is quarantined (documented policy):

- an input item that is not a task object: the item (``kind="item"``);
- a task with an error of its own (no id, no ``data``/text/``doc_id``, ``annotations`` not a
  list, text changed since it was pushed: ``document-changed``) or a duplicate task of a
  document's newest version (``duplicate-task``, see :mod:`annot.road.select`): the whole
  task;
- an annotation that cannot be converted (no ``result``, not an object) or that was
  cancelled (skipped) in Label Studio: the whole annotation;
- otherwise per region: a region an ERROR leaves out (with its per-region choices, which
  share its id), or one left out with it (a cue of a quote left out, an unlinked SPEAKER),
  and per relation: a relation with an error or with an endpoint that is not used. The
  rest of the annotation stays usable.

Which tasks and annotations count is :mod:`annot.road.select`'s policy: a task of an older
version of a document, and an earlier annotation of a voter, are *superseded* (counted and
reported with an info problem, not quarantined, not used).

Accounting: tasks, annotations, and per layer the regions (``entities``, ``quotes``,
``claims``, ``unknown`` controls) and ``relations`` each satisfy
``pulled == usable + quarantined + superseded``; what is quarantined is in exactly one
entry, with the original JSON and every reason.

Memory: :class:`Validator` streams; it keeps the selection index (one small tuple per
document), the counts and the problems, never the tasks.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from annot.labelstudio.convert import DEFAULT_CONTROLS, ControlNames, task_to_annotated
from annot.problems import Problem, ProblemCode, Severity
from annot.road.read import file_holds
from annot.road.select import (
    Choice,
    SeenDocuments,
    TaskSelection,
    TaskVerdict,
    choose_annotations,
    task_key,
    voter_of,
)
from annot.schema import AnnotatedDocument, Document
from annot.validate.read import RawTask, as_task, dump_json, read_tasks
from annot.validate.report import (
    LAYERS,
    MAX_PROBLEMS_PER_CODE,
    Count,
    QuarantineEntry,
    Reason,
    ValidationReport,
)
from annot.validate.rules import check_annotation, used_region_ids

__all__ = [
    "StreamedValidation",
    "Usable",
    "ValidatedTask",
    "Validation",
    "Validator",
    "stream_validation",
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
    """The usable annotations that vote (see :mod:`annot.road.select`): cancelled,
    superseded and quarantined ones left out."""
    quarantine: list[QuarantineEntry]


@dataclass(frozen=True, slots=True)
class Usable:
    """One voting annotation of a task, with the Label Studio regions it was read from."""

    annotation: AnnotatedDocument
    voter: str
    regions: dict[str, str]
    """Used region id -> layer (``entities``, ``quotes``, ``claims``)."""
    relations: list[tuple[str, str]]
    """``(from_id, to_id)`` of every used relation."""


@dataclass(frozen=True, slots=True)
class ValidatedTask:
    """One input item after validation and selection."""

    position: int
    document_id: str | None
    task_id: int | None
    annotations: list[Usable]
    """The voters' usable annotations (empty for a quarantined or superseded task)."""
    status: Literal["usable", "quarantined", "superseded"] = "usable"
    listed: int = 0
    """Annotations the task lists (usable or not)."""
    cancelled: int = 0
    """Of them, cancelled (skipped) in Label Studio."""


# --- raw result structure ---------------------------------------------------------------------


@functools.cache
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
    groups, found = split.groups, split.layers
    for index, entry in enumerate(result):
        item = as_task(entry)
        if item is None:
            key = f"#{index}"
            groups.setdefault(key, []).append(entry)
            found.setdefault(key, "unknown")
            continue
        kind = item.get("type")
        if kind == "relation":
            split.relations.append(item)
            continue
        rid = item.get("id")
        key = rid if isinstance(rid, str) else f"#{index}"
        group = groups.get(key)
        if group is None:
            groups[key] = [entry]
        else:
            group.append(entry)
        if kind != "choices" or key not in found:  # a region's labels name its layer
            name = item.get("from_name")
            found[key] = layers.get(name, "unknown") if isinstance(name, str) else "unknown"
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
    choice: Choice = Choice.VOTES


@dataclass(slots=True)
class _Task:
    raw: RawTask
    task_id: int | None = None
    doc_id: str | None = None
    problems: list[Problem] = field(default_factory=list)
    annotations: list[_Annotation] = field(default_factory=list)
    reasons: list[Problem] = field(default_factory=list)
    """Why the whole task is quarantined (empty when it is usable)."""
    superseded: bool = False
    """An older version of the document (:mod:`annot.road.select`): counted, not used."""


def _int_id(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _task_problem(task: _Task, code: ProblemCode, message: str, fix: str) -> Problem:
    return Problem(
        code=code,
        severity=Severity.ERROR,
        message=message,
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
        found.ad, extra = check_annotation(ad)
        found.problems += extra
    return found


@dataclass(slots=True)
class _Converter:
    controls: ControlNames
    documents: Mapping[str, Document] | None

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


@dataclass(frozen=True, slots=True)
class _Conversion:
    annotations: list[AnnotatedDocument]
    problems: list[Problem]


def _set_aside(task: _Task, raw: Mapping[str, object], convert: _Converter) -> None:
    """Keep the annotations of a task that is not converted, for the accounting."""
    listed = raw.get("annotations")
    for item in listed if isinstance(listed, list) else []:
        mapping = as_task(item) or {}
        annotation = _Annotation(
            item, _split_result(mapping, convert.controls), _int_id(mapping.get("id")), []
        )
        annotation.cancelled = mapping.get("was_cancelled") is True
        task.annotations.append(annotation)


def _not_newest(task: _Task, verdict: TaskVerdict) -> None:
    """The problem of a task that the selection policy does not use."""
    kept, count = verdict.kept_task_id, len(task.annotations)
    if verdict.superseded:
        task.superseded = True
        task.problems.append(
            Problem(
                code=ProblemCode.SUPERSEDED_TASK,
                severity=Severity.INFO,
                message=f"Version {verdict.version} is superseded by version "
                f"{verdict.newest_version} (task {kept}); its {count} annotation(s) are counted "
                "as superseded, not used.",
                fix="Nothing to do: the newest version counts. Annotate task "
                f"{kept} in Label Studio if it has no annotation yet.",
                document_id=task.doc_id,
                task_id=task.task_id,
            )
        )
        return
    problem = _task_problem(
        task,
        ProblemCode.DUPLICATE_TASK,
        f"document {task.doc_id!r} is in {verdict.duplicates} tasks of version "
        f"{verdict.version}; task {kept} is used and this task's {count} annotation(s) are "
        "quarantined.",
        f"Delete the duplicate tasks in Label Studio (keep task {kept}), or have their "
        "annotations redone there; then pull again.",
    )
    task.problems.append(problem)
    task.reasons = [problem]


def _select_annotations(task: _Task) -> None:
    """Mark every earlier annotation of a voter as superseded (:mod:`annot.road.select`)."""
    converted = [a for a in task.annotations if a.ad is not None]
    choices = choose_annotations(converted, lambda a: a.ad)  # type: ignore[arg-type,return-value]
    for annotation, choice in zip(converted, choices, strict=True):
        annotation.choice = choice
        if choice is not Choice.SUPERSEDED:
            continue
        assert annotation.ad is not None
        annotation.problems.append(
            Problem(
                code=ProblemCode.SUPERSEDED_ANNOTATION,
                severity=Severity.INFO,
                message=f"{voter_of(annotation.ad)} annotated the task again later; the later "
                "annotation counts.",
                fix="Nothing to do; to keep an earlier annotation as well, mark it as ground "
                "truth in Label Studio (a ground truth is a voter of its own).",
                document_id=task.doc_id,
                task_id=task.task_id,
                annotation_id=annotation.annotation_id,
            )
        )


def _check_task(item: RawTask, convert: _Converter, verdict: TaskVerdict) -> _Task:
    task = _Task(raw=item)
    raw = item.task
    if raw is None:
        assert item.problem is not None
        task.problems.append(item.problem)
        task.reasons = [item.problem]
        return task
    if item.problem is not None:  # a warning of the reader about a usable task
        task.problems.append(item.problem)
    task.task_id = _int_id(raw.get("id"))
    data = as_task(raw.get("data"))
    doc_id = data.get("doc_id") if data is not None else None
    task.doc_id = doc_id if isinstance(doc_id, str) else None
    if not verdict.kept:
        _set_aside(task, raw, convert)
        _not_newest(task, verdict)
        return task
    base = {**raw, "annotations": [], "predictions": []}
    task.problems += convert.run(base).problems
    changed = any(p.code is ProblemCode.DOCUMENT_CHANGED for p in task.problems)
    if data is not None and not changed:
        _changed_text(task, data, convert.controls)
    listed = _annotation_list(task, raw)
    task.reasons = [p for p in task.problems if p.severity is Severity.ERROR]
    if task.reasons:
        _set_aside(task, {"annotations": listed}, convert)
        return task
    task.annotations = [_convert_one(raw, a, task, convert) for a in listed]
    _select_annotations(task)
    return task


# --- accounting ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Tally:
    pulled: Counter[str] = field(default_factory=Counter)
    usable: Counter[str] = field(default_factory=Counter)
    quarantined: Counter[str] = field(default_factory=Counter)
    superseded: Counter[str] = field(default_factory=Counter)
    by_code: Counter[tuple[str, str]] = field(default_factory=Counter)
    """``(layer, code of the entry's first reason)`` -> quarantined."""
    cancelled: int = 0
    unannotated: int = 0
    drafts: int = 0
    entries: int = 0
    emit: Callable[[QuarantineEntry], None] = lambda entry: None

    def count(self, name: str) -> Count:
        return Count(
            name=name,
            pulled=self.pulled[name],
            usable=self.usable[name],
            quarantined=self.quarantined[name],
            superseded=self.superseded[name],
        )

    def add(self, what: Mapping[str, int], *, usable: bool) -> None:
        self.pulled.update(what)
        (self.usable if usable else self.quarantined).update(what)

    def supersede(self, what: Mapping[str, int]) -> None:
        self.pulled.update(what)
        self.superseded.update(what)

    def quarantine(self, entry: QuarantineEntry, **extra: int) -> None:
        """Count ``entry`` (its regions, plus ``extra`` tasks/annotations) and emit it."""
        what = Counter(entry.counts)
        what.update(extra)
        self.add(what, usable=False)
        code = entry.reasons[0].code.value if entry.reasons else "unknown"
        self.by_code.update({(layer, code): n for layer, n in what.items()})
        self.entries += 1
        self.emit(entry)


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
        "byte_offset": task.raw.byte_offset,
        "document_id": task.doc_id,
        "task_id": task.task_id,
        "annotation_id": annotation.annotation_id if annotation is not None else None,
    }
    return QuarantineEntry.model_validate({**ids, **fields})


def _region_entries(
    task: _Task, annotation: _Annotation, ad: AnnotatedDocument, tally: _Tally, source: str | None
) -> Usable:
    used = used_region_ids(ad)
    regions: dict[str, str] = {}
    by_region: dict[str | None, list[Problem]] = {}
    by_relation: dict[str, list[Problem]] = {}
    for p in annotation.problems:
        if p.severity is Severity.ERROR or p.code in _EXPLAINING_WARNINGS:
            by_region.setdefault(p.region_id, []).append(p)
        if p.severity is Severity.ERROR and "relation" in p.details:
            by_relation.setdefault(p.details["relation"], []).append(p)
    for key, entries in annotation.result.groups.items():
        layer = annotation.result.layers[key]
        if key in used:
            regions[key] = layer
            continue
        reasons = _reasons(by_region.get(key, [])) or [
            _parent(f"region {key!r} was left out with the quote, claim or entity it belongs to.")
        ]
        entry = _entry(
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
        tally.quarantine(entry)
    tally.add(Counter(regions.values()), usable=True)
    relations = [
        ends
        for relation in annotation.result.relations
        if (ends := _relation_entry(task, annotation, relation, used, by_relation, tally, source))
        is not None
    ]
    if relations:
        tally.add({"relations": len(relations)}, usable=True)
    return Usable(ad, voter_of(ad) or "", regions, relations)


def _relation_entry(
    task: _Task,
    annotation: _Annotation,
    relation: Mapping[str, object],
    used: set[str],
    by_relation: Mapping[str, list[Problem]],
    tally: _Tally,
    source: str | None,
) -> tuple[str, str] | None:
    """The endpoints of a usable relation; ``None`` (and an entry) for a quarantined one
    (the caller counts the usable ones). ``by_relation``: the annotation's errors by the
    relation they concern (as conversion records it)."""
    errors = by_relation.get(_sorted_dump(relation), []) if by_relation else []
    start, end = relation.get("from_id"), relation.get("to_id")
    missing = [x for x in (start, end) if not isinstance(x, str) or x not in used]
    if not errors and isinstance(start, str) and isinstance(end, str) and not missing:
        return start, end
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
    tally.quarantine(entry)
    return None


def _all_counts(task: _Task) -> Counter[str]:
    counts: Counter[str] = Counter()
    for annotation in task.annotations:
        counts.update(annotation.result.counts())
    return counts


def _account(task: _Task, tally: _Tally, source: str | None) -> list[Usable]:
    tally.cancelled += sum(a.cancelled for a in task.annotations)
    if task.superseded:
        tally.supersede({"tasks": 1, "annotations": len(task.annotations), **_all_counts(task)})
        return []
    if task.reasons:
        kind = "task" if task.raw.task is not None else "item"
        entry = _entry(
            task,
            None,
            source=source,
            kind=kind,
            counts=dict(_all_counts(task)),
            original=task.raw.original,
            reasons=_reasons(task.reasons),
        )
        tally.quarantine(entry, tasks=1, annotations=len(task.annotations))
        return []
    tally.add({"tasks": 1}, usable=True)
    tally.unannotated += not task.annotations
    usable: list[Usable] = []
    for annotation in task.annotations:
        if annotation.ad is None:
            entry = _entry(
                task,
                annotation,
                source=source,
                kind="annotation",
                counts=dict(annotation.result.counts()),
                original=dump_json(annotation.raw),
                reasons=_reasons(annotation.reasons),
            )
            tally.quarantine(entry, annotations=1)
        elif annotation.choice is Choice.SUPERSEDED:
            tally.supersede({"annotations": 1, **annotation.result.counts()})
        else:
            tally.add({"annotations": 1}, usable=True)
            usable.append(_region_entries(task, annotation, annotation.ad, tally, source))
    return usable


class Validator:
    """Validation as a stream: :meth:`run` yields one :class:`ValidatedTask` per input item
    and keeps only counts and problems; quarantine entries go to ``on_entry`` as they are
    made. The task selection (:mod:`annot.road.select`) must be known first:
    :meth:`for_file` makes it with a light first pass over the file.
    """

    def __init__(
        self,
        selection: TaskSelection,
        *,
        documents: Mapping[str, Document] | None = None,
        controls: ControlNames = DEFAULT_CONTROLS,
        source: str | None = None,
        on_entry: Callable[[QuarantineEntry], None] | None = None,
    ) -> None:
        self.selection = selection
        self.source = source
        self._convert = _Converter(controls=controls, documents=documents)
        self._tally = _Tally(emit=on_entry or (lambda entry: None))
        self.problems: list[Problem] = []
        self._kept: Counter[str] = Counter()
        self._omitted: Counter[str] = Counter()

    @classmethod
    def for_file(
        cls,
        path: Path,
        *,
        documents: Mapping[str, Document] | None = None,
        controls: ControlNames = DEFAULT_CONTROLS,
        on_entry: Callable[[QuarantineEntry], None] | None = None,
    ) -> Validator:
        """A validator of ``path`` (its tasks are read once here, to select: roughly, and
        again with every rule when a document is in more than one task)."""
        return cls(
            _file_selection(path),
            documents=documents,
            controls=controls,
            source=str(path),
            on_entry=on_entry,
        )

    def task(self, raw: RawTask) -> ValidatedTask:
        """Validate one input item."""
        verdict = (
            self.selection.verdict(raw.position, raw.task)
            if raw.task is not None
            else TaskVerdict(kept=True)
        )
        task = _check_task(raw, self._convert, verdict)
        drafts = raw.task.get("drafts") if raw.task is not None else None
        self._tally.drafts += len(drafts) if isinstance(drafts, list) else 0
        self._keep(task.problems, raw)
        for annotation in task.annotations:
            self._keep(annotation.problems, raw)
        usable = _account(task, self._tally, self.source)
        status: Literal["usable", "quarantined", "superseded"] = (
            "superseded" if task.superseded else "quarantined" if task.reasons else "usable"
        )
        return ValidatedTask(
            raw.position,
            task.doc_id,
            task.task_id,
            usable,
            status,
            len(task.annotations),
            sum(a.cancelled for a in task.annotations),
        )

    def _keep(self, problems: Iterable[Problem], raw: RawTask) -> None:
        for problem in problems:
            key = f"{problem.severity.value}:{problem.code.value}"
            if self._kept[key] < MAX_PROBLEMS_PER_CODE:
                self._kept[key] += 1
                if problem.source is None and raw.path is not None:
                    problem = problem.model_copy(update={"source": raw.location()})
                self.problems.append(problem)
            else:
                self._omitted[key] += 1

    def run(self, items: Iterable[RawTask]) -> Iterator[ValidatedTask]:
        """:meth:`task` of every item."""
        for raw in items:
            yield self.task(raw)

    def quarantined_by_code(self) -> Counter[tuple[str, str]]:
        """``(layer, problem code)`` -> how many were quarantined (tasks, annotations too)."""
        return Counter(self._tally.by_code)

    @property
    def unannotated(self) -> int:
        """Usable tasks without any annotation (only predictions, or none)."""
        return self._tally.unannotated

    def report(self) -> ValidationReport:
        """The report of everything validated so far."""
        tally = self._tally
        return ValidationReport(
            source=self.source,
            tasks=tally.count("tasks"),
            annotations=tally.count("annotations"),
            cancelled_annotations=tally.cancelled,
            unannotated_tasks=tally.unannotated,
            drafts=tally.drafts,
            layers=[tally.count(layer) for layer in LAYERS],
            quarantine_entries=tally.entries,
            problems=self.problems,
            omitted=dict(self._omitted),
        )


def _file_selection(path: Path) -> TaskSelection:
    """The selection of the tasks in ``path``: read roughly until a document is seen in a
    second task, and then again with every rule (which task is kept depends on which are
    usable). While no document is in two tasks, every task is kept, which an empty selection
    says; the rough read keeps about 16 bytes per document (:class:`SeenDocuments`)."""
    seen = SeenDocuments()
    for raw in read_tasks(path, checked=False):
        key = task_key(raw.task) if raw.task is not None else None
        if key is not None and seen.add(key[0]):
            return TaskSelection.of((raw.position, raw.task) for raw in read_tasks(path))
    return TaskSelection()


#: Written by ``annot push`` in the task of a document's new version: a file that holds it
#: is likely to hold the old version too, so its selection is made before validating.
_NEW_VERSION_KEY: Final = b'"supersedes"'


@dataclass(slots=True)
class _FileRun:
    """:meth:`Validator.run` over a file, read once when no document is in two tasks (the
    common case); iterate it, then ask :attr:`validator` for the report.

    The tasks are validated as they are read, every one kept (what the selection says when
    each document is in one task), while a digest of each document id is kept. At the first
    task of a document seen before (a 64-bit digest of its id seen before), ``restart``
    discards what was emitted so far, and the file is validated again with the whole
    selection (:mod:`annot.road.select`). A file with a new version of a document
    (``meta.supersedes``) is selected first instead, as :meth:`Validator.for_file` does, so
    that a late second version does not cost a second validation."""

    path: Path
    documents: Mapping[str, Document] | None
    controls: ControlNames
    on_entry: Callable[[QuarantineEntry], None]
    restart: Callable[[], None]
    validator: Validator = field(init=False)

    def __post_init__(self) -> None:
        self.validator = self._make(TaskSelection())

    def _make(self, selection: TaskSelection) -> Validator:
        return Validator(
            selection,
            documents=self.documents,
            controls=self.controls,
            source=str(self.path),
            on_entry=self.on_entry,
        )

    def __iter__(self) -> Iterator[ValidatedTask]:
        if file_holds(self.path, _NEW_VERSION_KEY):
            self.validator = self._make(_file_selection(self.path))
            yield from self.validator.run(read_tasks(self.path))
            return
        seen = SeenDocuments()
        for raw in read_tasks(self.path):
            key = task_key(raw.task) if raw.task is not None else None
            if key is not None and seen.add(key[0]):
                break
            yield self.validator.task(raw)
        else:
            return
        self.restart()
        self.validator = self._make(_file_selection(self.path))
        yield from self.validator.run(read_tasks(self.path))


def _collect(validator: Validator, items: Iterable[RawTask]) -> Validation:
    entries: list[QuarantineEntry] = []
    validator._tally.emit = entries.append
    annotations = [u.annotation for task in validator.run(items) for u in task.annotations]
    return Validation(report=validator.report(), annotations=annotations, quarantine=entries)


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
    For a file, :func:`validate_file` streams (:class:`Validator`).
    """
    raws = [
        item if isinstance(item, RawTask) else RawTask(position, item, dump_json(item))
        for position, item in enumerate(items, start=1)
    ]
    selection = TaskSelection.of((raw.position, raw.task) for raw in raws)
    validator = Validator(selection, documents=documents, controls=controls, source=source)
    return _collect(validator, raws)


def validate_file(
    path: Path,
    *,
    documents: Mapping[str, Document] | None = None,
    controls: ControlNames = DEFAULT_CONTROLS,
) -> Validation:
    """:func:`validate_tasks` over a pulled file (JSON array, JSONL, or one task object).

    The file is read once when no document is in two tasks, else three times (the
    selection of the tasks that count needs every task first).
    """
    entries: list[QuarantineEntry] = []
    annotations: list[AnnotatedDocument] = []

    def restart() -> None:
        entries.clear()
        annotations.clear()

    run = _FileRun(path, documents, controls, entries.append, restart)
    for task in run:
        annotations.extend(usable.annotation for usable in task.annotations)
    return Validation(report=run.validator.report(), annotations=annotations, quarantine=entries)


@dataclass(frozen=True, slots=True)
class StreamedValidation:
    """What :func:`stream_validation` wrote."""

    report: ValidationReport
    annotations: int
    """Usable annotations written to the output."""


def stream_validation(
    path: Path,
    quarantine: Path,
    output: Path | None = None,
    *,
    documents: Mapping[str, Document] | None = None,
    controls: ControlNames = DEFAULT_CONTROLS,
) -> StreamedValidation:
    """``annot validate``: validate ``path`` streaming, writing the quarantine entries to
    ``quarantine`` and the voters' usable annotations (AnnotatedDocument JSONL, the lines of
    one document together) to ``output`` as they are made."""
    for target in (quarantine, output):
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with contextlib.ExitStack() as stack:
        entries = stack.enter_context(quarantine.open("w", encoding="utf-8"))
        out = stack.enter_context(output.open("w", encoding="utf-8")) if output else None

        def on_entry(entry: QuarantineEntry) -> None:
            entries.write(entry.model_dump_json() + "\n")

        def restart() -> None:
            nonlocal written
            written = 0
            for handle in (entries, out):
                if handle is not None:
                    handle.seek(0)
                    handle.truncate()

        run = _FileRun(path, documents, controls, on_entry, restart)
        for task in run:
            for usable in task.annotations:
                written += 1
                if out is not None:
                    out.write(usable.annotation.model_dump_json() + "\n")
    return StreamedValidation(report=run.validator.report(), annotations=written)


def write_quarantine(entries: Iterable[QuarantineEntry], path: Path) -> int:
    """Write ``entries`` as JSONL to ``path`` (parents created); returns how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for entry in entries:
            handle.write(dump_json(entry.model_dump(mode="json")) + "\n")
            count += 1
    return count
