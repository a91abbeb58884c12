"""Which task and which annotation count: the one selection policy of the road.

Every stage that reads Label Studio data (``validate``, ``agreement``, ``adjudicate``,
``export --from-file`` and :func:`annot.labelstudio.pull.convert_pull`) decides with this
module, and with nothing else.

Tasks
-----
A document (``data.doc_id``) can be in several tasks: ``annot push`` makes a changed document
a new task with ``data.version = previous + 1`` (and ``meta.supersedes``).

- **The newest version wins**: the task with the highest ``data.version`` (a missing or
  invalid version counts as 1). Tasks of older versions are **superseded**: counted and
  reported (``superseded-task``, info), never exported; their annotations stay in the raw
  pull.
- Two tasks with the same newest version are **duplicates**: the lowest task id (then the
  first in the file) is used, the others are quarantined (``duplicate-task``).
- Only tasks that name a document take part; a task without ``data.doc_id`` is quarantined
  by validation. A newest version that validation quarantines is not replaced by an older
  one: the document then has nothing to export until it is annotated again (the quarantine
  says why).

The decision needs every task's ``(doc_id, version, task id)`` before the first task is
used, so it is made by a light first pass (:meth:`TaskSelection.add`) that keeps one small
tuple per document (a few hundred bytes), and the tasks are then streamed a second time.
While every document is in one task, every task counts whatever comes later (an empty
:class:`TaskSelection` says so), so :func:`annot.validate.validate_file` reads a file once,
keeping a 64-bit digest per document id (:class:`SeenDocuments`, about 16 bytes), and starts
again with the whole selection only at the first document seen twice.

Annotations
-----------
Within the task that counts, every **voter** has one say:

- a voter is a person (``source.annotator``, a pseudonym), and the latest of their
  submitted annotations counts (``updated_at``, else ``created_at``, then the annotation
  id); their earlier ones are **superseded**;
- an annotation marked **ground truth** is a voter of its own (``<pseudonym>:ground-truth``)
  and is never displaced by its author's later work;
- **cancelled** (skipped) annotations never vote; predictions never vote; drafts are not
  submitted annotations. A task with no annotation at all is **unannotated** (a task with
  only predictions, or none). All of these are counted and reported.

The selection is made among annotations that could be read; an annotation that validation
quarantines as a whole does not vote and does not displace its author's earlier one.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from hashlib import blake2b
from typing import TypeVar

from annot.schema import AnnotatedDocument, HumanSource

__all__ = [
    "GROUND_TRUTH_SUFFIX",
    "Choice",
    "SeenDocuments",
    "TaskSelection",
    "TaskVerdict",
    "choose_annotations",
    "people",
    "recency",
    "superseded_tasks",
    "task_key",
    "voter_of",
    "voters",
    "voters_by_document",
]

#: Appended to the pseudonym of a ground-truth annotation's author: its own voter.
GROUND_TRUTH_SUFFIX = ":ground-truth"

T = TypeVar("T")


# --- tasks -----------------------------------------------------------------------------------


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def task_key(task: Mapping[str, object]) -> tuple[str, int, int | None] | None:
    """``(doc_id, version, task id)`` of a task, or ``None`` when it names no document."""
    data = task.get("data")
    if not isinstance(data, Mapping):
        return None
    doc_id = data.get("doc_id")
    if not isinstance(doc_id, str):
        return None
    version = _int(data.get("version"))
    return doc_id, version if version is not None else 1, _int(task.get("id"))


def _rank(version: int, task_id: int | None, position: int) -> tuple[int, float, int]:
    """Smaller is better: newest version, then lowest task id, then first in the file."""
    return (-version, task_id if task_id is not None else float("inf"), position)


@dataclass(frozen=True, slots=True)
class TaskVerdict:
    """What the policy says about one task."""

    kept: bool
    """This task's annotations count (``True`` for a task that names no document)."""
    doc_id: str | None = None
    version: int = 1
    newest_version: int = 1
    kept_task_id: int | None = None
    """The task id that counts for this document."""
    tasks: int = 1
    """Tasks that name this document."""
    duplicates: int = 1
    """Tasks of this document at its newest version (more than 1: duplicates)."""

    @property
    def superseded(self) -> bool:
        """An older version of the document: reported, not exported."""
        return not self.kept and self.version < self.newest_version

    @property
    def duplicate(self) -> bool:
        """Another task of the newest version is used (``duplicate-task``)."""
        return not self.kept and self.version == self.newest_version


class TaskSelection:
    """The newest task of every document, from a first pass over ``(position, task)``.

    Feed every task once with :meth:`add` (in any order), then ask :meth:`verdict` for
    each. Memory: one tuple of four numbers per document.
    """

    def __init__(self) -> None:
        # doc_id -> (rank of the best task, tasks, tasks at the newest version, newest version)
        self._best: dict[str, tuple[tuple[int, float, int], int, int, int]] = {}

    def __len__(self) -> int:
        return len(self._best)

    def add(self, position: int, task: Mapping[str, object]) -> None:
        """Record one task (``position``: its 1-based place in the input)."""
        self.add_key(position, task_key(task))

    def add_key(self, position: int, key: tuple[str, int, int | None] | None) -> None:
        """:meth:`add` of a task known by its :func:`task_key`."""
        if key is None:
            return
        doc_id, version, task_id = key
        rank = _rank(version, task_id, position)
        known = self._best.get(doc_id)
        if known is None:
            self._best[doc_id] = (rank, 1, 1, version)
            return
        best, tasks, at_newest, newest = known
        if version > newest:
            at_newest, newest = 1, version
        elif version == newest:
            at_newest += 1
        self._best[doc_id] = (min(best, rank), tasks + 1, at_newest, newest)

    def verdict(self, position: int, task: Mapping[str, object]) -> TaskVerdict:
        """Whether the task at ``position`` counts (see the module docstring)."""
        return self.verdict_key(position, task_key(task))

    def verdict_key(self, position: int, key: tuple[str, int, int | None] | None) -> TaskVerdict:
        """:meth:`verdict` of a task known by its :func:`task_key`."""
        if key is None or key[0] not in self._best:
            return TaskVerdict(kept=True)
        doc_id, version, task_id = key
        best, tasks, at_newest, newest = self._best[doc_id]
        kept_id = best[1]
        return TaskVerdict(
            kept=_rank(version, task_id, position) == best,
            doc_id=doc_id,
            version=version,
            newest_version=newest,
            kept_task_id=int(kept_id) if kept_id != float("inf") else None,
            tasks=tasks,
            duplicates=at_newest,
        )

    @classmethod
    def of(cls, tasks: Iterable[tuple[int, Mapping[str, object] | None]]) -> TaskSelection:
        """The selection over ``(position, task)`` pairs (``None`` tasks are skipped)."""
        selection = cls()
        for position, task in tasks:
            if task is not None:
                selection.add(position, task)
        return selection


class SeenDocuments:
    """Which document ids were seen, in about 16 bytes per document (a :class:`TaskSelection`
    keeps a few hundred): 64-bit BLAKE2b digests of the ids in an open-addressing table.

    ``add`` says whether the id was *maybe* seen before: two ids can share a digest (at 200,000
    documents the chance that any two do is about 1 in 10⁹), so a ``True`` is a reason to take
    the exact path (a whole :class:`TaskSelection`), never a verdict by itself. A ``False`` is
    certain: the id was not added before.
    """

    __slots__ = ("_count", "_mask", "_slots")

    def __init__(self) -> None:
        self._slots = array("Q", bytes(8 * 1024))
        self._count = 0
        self._mask = 1023

    def __len__(self) -> int:
        return self._count

    @staticmethod
    def _digest(doc_id: str) -> int:
        code = doc_id.encode("utf-8", "surrogatepass")
        return int.from_bytes(blake2b(code, digest_size=8).digest(), "little") or 1

    def add(self, doc_id: str) -> bool:
        """Record ``doc_id``; ``True`` when it (or an id with the same digest) was added before."""
        digest = self._digest(doc_id)
        slots, mask = self._slots, self._mask
        index = digest & mask
        while True:
            found = slots[index]
            if found == digest:
                return True
            if found == 0:
                break
            index = (index + 1) & mask
        slots[index] = digest
        self._count += 1
        if 2 * self._count > mask:
            self._grow()
        return False

    def _grow(self) -> None:
        old = self._slots
        self._slots = array("Q", bytes(16 * len(old)))
        self._mask = len(self._slots) - 1
        slots, mask = self._slots, self._mask
        for digest in old:
            if digest:
                index = digest & mask
                while slots[index]:
                    index = (index + 1) & mask
                slots[index] = digest


def superseded_tasks(tasks: Iterable[Mapping[str, object]]) -> dict[int, int]:
    """Task id of every superseded task -> the task id that counts for its document
    (duplicates of the newest version are not superseded: validation quarantines them)."""
    keys = [task_key(task) for task in tasks]
    selection = TaskSelection()
    for position, key in enumerate(keys, start=1):
        selection.add_key(position, key)
    out: dict[int, int] = {}
    for position, key in enumerate(keys, start=1):
        verdict = selection.verdict_key(position, key)
        kept = verdict.kept_task_id
        if verdict.superseded and key is not None and key[2] is not None and kept is not None:
            out[key[2]] = kept
    return out


# --- annotations -----------------------------------------------------------------------------


class Choice(StrEnum):
    """What the policy does with one annotation of the task that counts."""

    VOTES = "votes"
    SUPERSEDED = "superseded"
    """An earlier annotation of the same voter."""
    CANCELLED = "cancelled"
    NOT_HUMAN = "not-human"
    """A prediction, or an annotation without a person."""


def voter_of(ad: AnnotatedDocument) -> str | None:
    """Who ``ad`` votes as: the annotator's pseudonym, ``<pseudonym>:ground-truth`` for a
    ground-truth annotation, ``None`` for a prediction or adjudicated gold."""
    if not isinstance(ad.source, HumanSource):
        return None
    ref = ad.label_studio
    if ref is not None and ref.ground_truth:
        return ad.source.annotator + GROUND_TRUTH_SUFFIX
    return ad.source.annotator


def people(voter_names: Iterable[str]) -> list[str]:
    """The pseudonyms behind voters (a ground-truth voter is its author), sorted, once each:
    what provenance records."""
    return sorted({name.removesuffix(GROUND_TRUTH_SUFFIX) for name in voter_names})


def _timestamp(value: dt.datetime | None) -> float:
    if value is None:
        return float("-inf")
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.timestamp()


def recency(ad: AnnotatedDocument) -> tuple[float, int]:
    """Later is larger: ``updated_at`` (else ``created_at``), then the annotation id."""
    ref = ad.label_studio
    if ref is None:
        return (float("-inf"), 0)
    stamp = ref.updated_at if ref.updated_at is not None else ref.created_at
    return (_timestamp(stamp), ref.annotation_id or 0)


def choose_annotations(
    items: Sequence[T], annotation: Callable[[T], AnnotatedDocument]
) -> list[Choice]:
    """The :class:`Choice` of every item (same order), ``annotation(item)`` being its
    converted annotation; all items are annotations of one document's task."""
    choices: list[Choice] = []
    latest: dict[str, int] = {}
    for index, item in enumerate(items):
        ad = annotation(item)
        who = voter_of(ad)
        if who is None:
            choices.append(Choice.NOT_HUMAN)
            continue
        if ad.label_studio is not None and ad.label_studio.was_cancelled:
            choices.append(Choice.CANCELLED)
            continue
        choices.append(Choice.VOTES)
        known = latest.get(who)
        if known is None or recency(ad) >= recency(annotation(items[known])):
            if known is not None:
                choices[known] = Choice.SUPERSEDED
            latest[who] = index
        else:
            choices[index] = Choice.SUPERSEDED
    return choices


def voters(annotations: Iterable[AnnotatedDocument]) -> dict[str, AnnotatedDocument]:
    """The annotation of every voter of one document (see the module docstring)."""
    listed = list(annotations)
    choices = choose_annotations(listed, lambda ad: ad)
    out: dict[str, AnnotatedDocument] = {}
    for ad, choice in zip(listed, choices, strict=True):
        who = voter_of(ad)
        if choice is Choice.VOTES and who is not None:
            out[who] = ad
    return dict(sorted(out.items()))


def voters_by_document(
    annotations: Iterable[AnnotatedDocument],
) -> dict[str, dict[str, AnnotatedDocument]]:
    """:func:`voters` of every document (by document id), for in-memory callers."""
    grouped: dict[str, list[AnnotatedDocument]] = {}
    for ad in annotations:
        grouped.setdefault(ad.document.id, []).append(ad)
    chosen = {doc_id: voters(ads) for doc_id, ads in grouped.items()}
    return {doc_id: docs for doc_id, docs in chosen.items() if docs}
