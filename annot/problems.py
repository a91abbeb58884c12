"""Coded problems: what conversion and validation report instead of raising or dropping.

A :class:`Problem` says where (document, Label Studio task/annotation/region, offsets), what
(a stable ``code`` and a message) and how to fix it. Codes never change meaning once
released; add new ones instead. Collect, then report: stages return every problem.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from annot.schema.base import Lax, Model

__all__ = ["SHOWN_PROBLEMS", "Problem", "ProblemCode", "Severity", "problem_summary"]


class Severity(StrEnum):
    ERROR = "error"
    """The item cannot be used; it goes to quarantine."""
    WARNING = "warning"
    """The item is used, but someone should look at it."""
    INFO = "info"
    """Counted and reported (e.g. a repair that was proven safe)."""


class ProblemCode(StrEnum):
    """Stable problem codes (kebab-case names, grouped by what they concern)."""

    # JSON shape
    MALFORMED_JSON = "malformed-json"
    MISSING_KEY = "missing-key"
    # offsets and text
    OFFSETS_OUT_OF_RANGE = "offsets-out-of-range"
    OFFSETS_REVERSED = "offsets-reversed"
    TEXT_MISMATCH = "text-mismatch"
    REPAIRED_UTF16_OFFSETS = "repaired-utf16-offsets"
    REPAIRED_WHITESPACE = "repaired-whitespace"
    EMPTY_SPAN = "empty-span"
    BOUNDARY_INSIDE_TOKEN = "boundary-inside-token"
    DOCUMENT_CHANGED = "document-changed"
    # labels and controls
    UNKNOWN_LABEL = "unknown-label"
    UNKNOWN_CONTROL = "unknown-control"
    MULTIPLE_LABELS = "multiple-labels"
    DUPLICATE_REGION_ID = "duplicate-region-id"
    OVERLAPPING_ENTITIES = "overlapping-entities"
    # relations
    DANGLING_RELATION = "dangling-relation"
    WRONG_RELATION = "wrong-relation"
    QUOTE_WITHOUT_SPEAKER = "quote-without-speaker"
    CLAIM_WITHOUT_CLAIMANT = "claim-without-claimant"
    ORPHAN_CHOICE = "orphan-choice"
    # tasks and annotations
    DUPLICATE_TASK = "duplicate-task"
    CANCELLED_ANNOTATION = "cancelled-annotation"
    SCHEMA_VERSION = "schema-version"
    # Label Studio conversion
    MISSING_CHOICE = "missing-choice"
    """A per-region choice was not made; the documented default was used (warning)."""
    UNLINKED_REGION = "unlinked-region"
    """A CUE or SPEAKER region that no relation ties to a quote or claim (left out)."""
    UNLABELLED_RELATION = "unlabelled-relation"
    """A relation drawn without a label whose label follows from the regions it links."""
    TRIMMED_SELECTION = "trimmed-selection"
    """A region whose selection took in whitespace or punctuation at its edges ("Seoul "):
    trimmed to the words, text still checked (warning)."""
    # export
    SPAN_CROSSES_SENTENCE = "span-crosses-sentence"
    """An entity span that starts in one sentence and ends in another (not taggable per row)."""
    # validation and adjudication
    LEFT_OUT_WITH_PARENT = "left-out-with-parent"
    """A region or relation left out because what it belongs to (its quote, claim, endpoint
    region, annotation or task) was quarantined; the quarantine entry names the parent."""
    UNSETTLED_DISAGREEMENT = "unsettled-disagreement"
    """Annotators disagree in a way no adjudication policy settles; a person must decide."""
    # reading input files (annot.road.read)
    BAD_ENCODING = "bad-encoding"
    """Bytes that are not UTF-8 text (invalid UTF-8, NUL bytes, a UTF-16 file)."""
    BYTE_ORDER_MARK = "byte-order-mark"
    """A UTF-8 byte order mark at the start of the file (accepted; warning)."""
    NESTING_TOO_DEEP = "nesting-too-deep"
    """JSON nested deeper than annot.road.read.MAX_DEPTH (no Label Studio task is)."""
    TOO_LARGE = "too-large"
    """A line, task or result list past the reader's size limits (annot.road.read)."""
    DUPLICATE_KEY = "duplicate-key"
    """A JSON object with the same key twice (which one counts is undefined)."""
    NON_FINITE_NUMBER = "non-finite-number"
    """NaN or Infinity (not JSON; Label Studio never writes them)."""
    NUMBER_OUT_OF_RANGE = "number-out-of-range"
    """An integer outside the signed 64-bit range that ids and offsets are stored in."""
    LONE_SURROGATE = "lone-surrogate"
    """A string with an unpaired UTF-16 surrogate escape (e.g. \\ud800): not Unicode text."""
    TRUNCATED_INPUT = "truncated-input"
    """A compressed file that ends before its end (a cut download or copy)."""
    WRONG_SHAPE = "wrong-shape"
    """Valid JSON that is not a task, an array of tasks or JSONL of tasks."""
    EMPTY_INPUT = "empty-input"
    """A file without any task (empty or whitespace only)."""
    # selection (annot.road.select)
    SUPERSEDED_TASK = "superseded-task"
    """A task of an older version of a document: counted, not used (info)."""
    SUPERSEDED_ANNOTATION = "superseded-annotation"
    """An earlier annotation of a voter who annotated the task again: counted, not used."""


class Problem(Model):
    """One problem, located and explained."""

    code: Annotated[ProblemCode, Lax]
    severity: Annotated[Severity, Lax]
    message: str
    """What is wrong, with the data that shows it."""
    fix: str
    """How to fix it."""
    source: str | None = None
    """Where in the input file: its path, then line or item and byte offset when known."""
    document_id: str | None = None
    task_id: int | None = None
    annotation_id: int | None = None
    region_id: str | None = None
    start: int | None = None
    end: int | None = None
    layer: str | None = None
    """entities, quotes or claims, when the problem concerns one layer."""
    details: dict[str, str] = Field(default_factory=dict)

    def where(self) -> str:
        """A one-line location: file position, document, task, annotation, prediction, region,
        offsets. Messages do not repeat it, so each location is printed once."""
        parts = [self.source] if self.source is not None else []
        if self.document_id is not None:
            parts.append(f"document {self.document_id}")
        if self.task_id is not None:
            parts.append(f"task {self.task_id}")
        if self.annotation_id is not None:
            parts.append(f"annotation {self.annotation_id}")
        if "prediction_id" in self.details:
            parts.append(f"prediction {self.details['prediction_id']}")
        if self.region_id is not None:
            parts.append(f"region {self.region_id}")
        if self.start is not None and self.end is not None:
            parts.append(f"[{self.start}, {self.end})")
        return ", ".join(parts) or "input"

    def __str__(self) -> str:
        head = f"{self.severity.value} {self.code.value} at {self.where()}"
        return f"{head}: {self.message} Fix: {self.fix}"


SHOWN_PROBLEMS = 20
"""How many problems a command prints one by one before it only counts them."""


def problem_summary(problems: Iterable[Problem], *, shown: int = SHOWN_PROBLEMS) -> list[str]:
    """Lines for a terminal: the first ``shown`` problems (errors first), then, when there are
    more, one count per severity and code and where the rest are listed."""
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    ranked = sorted(problems, key=lambda problem: order[problem.severity])
    lines = [str(problem) for problem in ranked[:shown]]
    if len(ranked) > shown:
        counts = Counter((problem.severity.value, problem.code.value) for problem in ranked)
        lines.append(f"… {len(ranked) - shown} more problems; all {len(ranked)} by code:")
        lines += [f"  {n:>7} {sev} {code}" for (sev, code), n in sorted(counts.items())]
    return lines
