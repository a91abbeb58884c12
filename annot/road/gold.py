"""Label Studio data to gold annotations: read -> select -> validate -> adjudicate, streaming.

:func:`label_studio_to_gold` is the road that ``annot export --from-file`` and ``annot
adjudicate`` take (and ``annot validate`` up to its third step):

1. **read** every task with :func:`annot.validate.read_tasks` (JSON array, JSONL, one task);
2. **select** with :mod:`annot.road.select`: a first, light pass over the file keeps one
   small tuple per document, so that the newest version of every document is known;
3. **validate** the tasks again, one at a time (:class:`annot.validate.Validator`), with the
   same quarantine as ``annot validate``;
4. **adjudicate** every document as soon as its task is validated
   (:func:`annot.agreement.adjudicate_voters`): a disputed unit is withheld and listed.

Nothing is held but the selection index, the counts and the problems: the gold annotations,
the quarantine entries and the disagreements are written as they are made. The
:class:`annot.road.ledger.Ledger` accounts for every task, annotation, region and relation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal

from pydantic import ValidationError

from annot.agreement.adjudicate import (
    OUTVOTED,
    Adjudication,
    AdjudicationPolicy,
    adjudicate_voters,
)
from annot.errors import AnnotError
from annot.labelstudio.convert import DEFAULT_CONTROLS, ControlNames
from annot.problems import ProblemCode
from annot.road.ledger import Ledger
from annot.road.select import voters
from annot.schema import AnnotatedDocument, Document
from annot.validate import (
    QuarantineEntry,
    RawTask,
    ValidatedTask,
    ValidationReport,
    Validator,
    read_tasks,
)

__all__ = [
    "AnnotatedInputError",
    "AnnotatedRoad",
    "GoldRoad",
    "adjudicate_annotated",
    "input_kind",
    "label_studio_to_gold",
    "ledger_json",
    "ledger_of_task",
]


@dataclass(slots=True)
class GoldRoad:
    """What :func:`label_studio_to_gold` did."""

    report: ValidationReport
    ledger: Ledger
    gold: int = 0
    """Gold documents written."""
    disagreements: int = 0
    quarantined: int = 0
    """Quarantine entries written."""
    tasks_read: int = 0
    """Input items read, usable or not (0: nothing in the file)."""
    problems: list[str] = field(default_factory=list)


def _outcome(code: str) -> str:
    return "cancelled" if code == ProblemCode.CANCELLED_ANNOTATION.value else f"quarantined:{code}"


def _relation_outcome(outcomes: dict[str, str], ends: tuple[str, str]) -> str:
    found = [outcomes.get(end, OUTVOTED) for end in ends]
    for outcome in ("disputed", "outvoted"):
        if outcome in found:
            return outcome
    return "exported"


def ledger_of_task(task: ValidatedTask, decided: Adjudication | None, ledger: Ledger) -> None:
    """Enter the outcome of one usable task: its annotations (the voters), their regions and
    relations, by what adjudication decided (``decided``: ``None`` when no one voted)."""
    if task.status != "usable":
        return
    if decided is None:
        state = (
            "unannotated"
            if not task.listed
            else "cancelled"
            if task.cancelled == task.listed
            else "no-usable-annotation"
        )
        ledger.leave("tasks", state)
        return
    exported = decided.gold is not None
    ledger.leave("tasks", "exported" if exported else "disputed")
    for usable in task.annotations:
        ledger.leave("annotations", "exported" if exported else "disputed")
        outcomes = decided.outcomes.get(usable.voter, {})
        for rid, layer in usable.regions.items():
            ledger.leave(layer, outcomes.get(rid, OUTVOTED))
        for ends in usable.relations:
            ledger.leave("relations", _relation_outcome(outcomes, ends))


def _close(validator: Validator, ledger: Ledger) -> None:
    """Enter what validation counted: everything in, and what it set aside."""
    report = validator.report()
    for row in [report.tasks, report.annotations, *report.layers]:
        ledger.enter(row.name, row.pulled)
        ledger.leave(row.name, "superseded", row.superseded)
    for (layer, code), count in validator.quarantined_by_code().items():
        ledger.leave(layer, _outcome(code), count)


class _Counted:
    """Items of the reader, counting them."""

    def __init__(self, items: Iterable[RawTask]) -> None:
        self.items = items
        self.tasks = 0

    def __iter__(self) -> Iterator[RawTask]:
        for item in self.items:
            self.tasks += 1
            yield item


def _write(handle: IO[str] | None, line: str) -> None:
    if handle is not None:
        handle.write(line + "\n")


def _emit(
    decided: Adjudication,
    gold: IO[str] | None,
    open_items: IO[str] | None,
    on_gold: Callable[[AnnotatedDocument], None] | None = None,
) -> tuple[int, int]:
    """Write the gold (if any) and the disagreements; how many of each."""
    for disagreement in decided.disagreements:
        _write(open_items, disagreement.model_dump_json())
    if decided.gold is not None:
        if on_gold is not None:
            on_gold(decided.gold)
        if gold is not None:
            gold.write(decided.gold.model_dump_json() + "\n")
    return int(decided.gold is not None), len(decided.disagreements)


def label_studio_to_gold(
    path: Path,
    gold_out: Path | None,
    *,
    policy: AdjudicationPolicy | None = None,
    documents: dict[str, Document] | None = None,
    controls: ControlNames = DEFAULT_CONTROLS,
    quarantine_out: Path | None = None,
    disagreements_out: Path | None = None,
    on_gold: Callable[[AnnotatedDocument], None] | None = None,
) -> GoldRoad:
    """Write the gold annotation of every document of the Label Studio data in ``path`` to
    ``gold_out`` (AnnotatedDocument JSONL; ``None``: only to ``on_gold``), with its
    quarantine and disagreements.

    ``on_gold`` sees every gold document as it is written (e.g. the export's first pass).
    Never raises on bad input: what cannot be used is quarantined and counted. Debug one
    file with ``label_studio_to_gold(path, Path("gold.jsonl")).ledger.render()``.
    """
    ledger = Ledger()
    with (
        _open(gold_out) as gold,
        _open(quarantine_out) as quarantine,
        _open(disagreements_out) as disagreements,
    ):
        entries = 0

        def on_entry(entry: QuarantineEntry) -> None:
            nonlocal entries
            entries += 1
            _write(quarantine, entry.model_dump_json())

        validator = Validator.for_file(
            path, documents=documents, controls=controls, on_entry=on_entry
        )
        items = _Counted(read_tasks(path))
        result = GoldRoad(report=validator.report(), ledger=ledger)
        for task in validator.run(items):
            docs = {u.voter: u.annotation for u in task.annotations}
            decided = adjudicate_voters(docs, policy) if docs else None
            ledger_of_task(task, decided, ledger)
            if decided is not None:
                written, listed = _emit(decided, gold, disagreements, on_gold)
                result.gold += written
                result.disagreements += listed
    _close(validator, ledger)
    result.report = validator.report()
    result.quarantined = entries
    result.tasks_read = items.tasks
    return result


def _open(path: Path | None) -> AbstractContextManager[IO[str] | None]:
    if path is None:
        return nullcontext()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("w", encoding="utf-8")


def ledger_json(ledger: Ledger) -> str:
    """The ledger as JSON (the ``ledger.json`` of an export)."""
    return json.dumps(ledger.to_dict(), indent=2, sort_keys=False) + "\n"


# --- AnnotatedDocument input (what ``annot validate --output`` writes) ------------------------


class AnnotatedInputError(AnnotError):
    """An AnnotatedDocument JSONL file that cannot be adjudicated (a bad line, or the lines
    of one document not next to each other)."""


def input_kind(path: Path) -> Literal["annotated", "label-studio"]:
    """``annotated`` when the first record of ``path`` is an AnnotatedDocument (a JSONL
    line with ``document`` and ``source``), else ``label-studio`` (tasks, read by the
    reader, which reports whatever is wrong)."""
    with path.open("rb") as handle:
        for raw in handle:
            line = raw.strip()
            if not line:
                continue
            try:
                first = json.loads(line)
            except ValueError:
                return "label-studio"
            is_ad = isinstance(first, dict) and {"document", "source"} <= first.keys()
            return "annotated" if is_ad else "label-studio"
    return "label-studio"


def _annotated_groups(path: Path) -> Iterator[list[AnnotatedDocument]]:
    """The annotations of ``path`` grouped by document (lines of one document together)."""
    done: set[str] = set()
    group: list[AnnotatedDocument] = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                ad = AnnotatedDocument.model_validate_json(line)
            except (ValidationError, AnnotError) as error:
                first = str(error).strip().splitlines()[0]
                msg = (
                    f"{path}:{lineno}: not an AnnotatedDocument ({first}). Adjudicate the "
                    "output of annot validate --output, or a Label Studio pull/export."
                )
                raise AnnotatedInputError(msg) from error
            if group and ad.document.id != group[0].document.id:
                done.add(group[0].document.id)
                yield group
                group = []
            if ad.document.id in done:
                msg = (
                    f"{path}:{lineno}: document {ad.document.id!r} appears again after other "
                    "documents; keep the lines of one document together (annot validate "
                    "--output writes them so)."
                )
                raise AnnotatedInputError(msg)
            group.append(ad)
    if group:
        yield group


@dataclass(slots=True)
class AnnotatedRoad:
    """What :func:`adjudicate_annotated` did."""

    annotations: int = 0
    documents: int = 0
    gold: int = 0
    disagreements: int = 0
    without_voter: int = 0
    """Documents none of whose annotations votes (predictions, cancelled, adjudicated)."""


def adjudicate_annotated(
    path: Path,
    gold_out: Path,
    *,
    policy: AdjudicationPolicy | None = None,
    disagreements_out: Path | None = None,
) -> AnnotatedRoad:
    """Adjudicate AnnotatedDocument JSONL (``annot validate --output``), one document at a
    time, by the same selection and adjudication as :func:`label_studio_to_gold`. Raises
    :class:`AnnotatedInputError` for a line that is not an AnnotatedDocument."""
    done = AnnotatedRoad()
    gold_out.parent.mkdir(parents=True, exist_ok=True)
    with gold_out.open("w", encoding="utf-8") as gold, _open(disagreements_out) as open_items:
        for group in _annotated_groups(path):
            done.annotations += len(group)
            done.documents += 1
            docs = voters(group)
            if not docs:
                done.without_voter += 1
                continue
            written, listed = _emit(adjudicate_voters(docs, policy), gold, open_items)
            done.gold += written
            done.disagreements += listed
    return done
