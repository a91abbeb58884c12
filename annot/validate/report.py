"""The validation report, quarantine entries, and their terminal rendering."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Literal

from pydantic import Field

from annot.problems import Problem, ProblemCode, Severity
from annot.schema.base import Lax, Model

__all__ = [
    "LAYERS",
    "MAX_PROBLEMS_PER_CODE",
    "Count",
    "QuarantineEntry",
    "Reason",
    "ValidationReport",
    "render_report",
]

#: Rows of the accounting, in display order. ``entities``, ``quotes`` and ``claims`` count
#: regions (a region's per-region choices belong to it), ``relations`` counts relations and
#: ``unknown`` counts regions of controls the labeling config does not have.
LAYERS: tuple[str, ...] = ("entities", "quotes", "claims", "relations", "unknown")

#: Problems a report keeps per severity and code; beyond, they are counted (``omitted``).
MAX_PROBLEMS_PER_CODE = 1000

QuarantineKind = Literal["item", "task", "annotation", "region", "relation"]


class Count(Model):
    """How many were pulled, and where each went:
    ``pulled == usable + quarantined + superseded``."""

    name: str
    pulled: int = 0
    usable: int = 0
    quarantined: int = 0
    superseded: int = 0
    """Of an older version of the document, or an earlier annotation of the same voter
    (:mod:`annot.road.select`): counted, not used."""

    @property
    def balanced(self) -> bool:
        """True when nothing was lost: ``pulled == usable + quarantined + superseded``."""
        return self.pulled == self.usable + self.quarantined + self.superseded


class Reason(Model):
    """Why something was quarantined: one problem, by code."""

    code: Annotated[ProblemCode, Lax]
    severity: Annotated[Severity, Lax]
    message: str
    fix: str

    @classmethod
    def of(cls, problem: Problem) -> Reason:
        return cls(
            code=problem.code, severity=problem.severity, message=problem.message, fix=problem.fix
        )


class QuarantineEntry(Model):
    """One quarantined piece of input, with its original JSON and every reason.

    ``kind`` is how much was set aside: an input ``item`` that is not a task, a whole
    ``task`` or ``annotation``, or one ``region`` (all result entries with its id: the labels
    and its per-region choices) or ``relation`` of an otherwise usable annotation.
    """

    kind: QuarantineKind
    source: str | None = None
    """The input file."""
    position: int | None = None
    """Line of a JSONL file, or 1-based index in a JSON array."""
    byte_offset: int | None = None
    """Where the item starts in the (decompressed) file."""
    document_id: str | None = None
    task_id: int | None = None
    annotation_id: int | None = None
    region_id: str | None = None
    layer: str | None = None
    counts: dict[str, int] = Field(default_factory=dict)
    """Regions and relations per layer this entry takes out of the usable counts."""
    original: str
    """The original JSON text (a region: a JSON list of its result entries)."""
    reasons: list[Reason]


class ValidationReport(Model):
    """Everything validation found: the accounting, and every problem with its code."""

    source: str | None = None
    tasks: Count
    annotations: Count
    cancelled_annotations: int = 0
    """Annotations skipped in Label Studio: counted, quarantined, never used."""
    unannotated_tasks: int = 0
    """Usable tasks without any annotation (only predictions, or none): nothing to use."""
    drafts: int = 0
    """Drafts (unsubmitted work) in the tasks: counted, never used."""
    layers: list[Count]
    """Per layer (:data:`LAYERS`): ``pulled == usable + quarantined``."""
    quarantine_entries: int = 0
    problems: list[Problem] = Field(default_factory=list)
    """Every problem, up to :data:`MAX_PROBLEMS_PER_CODE` per severity and code."""
    omitted: dict[str, int] = Field(default_factory=dict)
    """``"<severity>:<code>"`` -> problems counted beyond that limit but not kept (a large
    file with one recurring problem keeps its report, and its memory, bounded)."""

    def count(self, severity: Severity) -> int:
        kept = sum(1 for problem in self.problems if problem.severity is severity)
        more = sum(n for key, n in self.omitted.items() if key.split(":")[0] == severity.value)
        return kept + more

    def codes(self) -> Counter[ProblemCode]:
        """How often each problem code occurs."""
        found = Counter(problem.code for problem in self.problems)
        for key, n in self.omitted.items():
            found[ProblemCode(key.split(":", 1)[1])] += n
        return found

    def layer(self, name: str) -> Count:
        """The counts of one layer of :data:`LAYERS`."""
        for count in self.layers:
            if count.name == name:
                return count
        raise KeyError(f"no layer {name!r}; the layers are {list(LAYERS)}")

    @property
    def balanced(self) -> bool:
        """True when every row of the accounting adds up."""
        rows = [self.tasks, self.annotations, *self.layers]
        return all(row.balanced for row in rows)

    @property
    def exit_code(self) -> int:
        """1 when errors remain (after the proven repairs), else 0 (warnings do not fail)."""
        return 1 if self.count(Severity.ERROR) else 0


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    return [line(header), line(["-" * width for width in widths]), *map(line, rows)]


def render_report(report: ValidationReport, *, max_problems: int | None = 200) -> str:
    """A readable terminal rendering: accounting table, problems by code, then each problem."""
    out = [f"Validation of {report.source or 'input'}", ""]
    rows = [report.tasks, report.annotations, *report.layers]
    out += _table(
        ["", "pulled", "usable", "quarantined", "superseded"],
        [
            [row.name, str(row.pulled), str(row.usable), str(row.quarantined), str(row.superseded)]
            for row in rows
        ],
    )
    out.append(
        f"cancelled annotations: {report.cancelled_annotations} (quarantined, not used); "
        f"unannotated tasks: {report.unannotated_tasks}; drafts: {report.drafts} (not used); "
        f"quarantine entries: {report.quarantine_entries}"
    )
    severities = ", ".join(f"{report.count(s)} {s.value}" for s in Severity)
    out += ["", f"Problems: {severities}"]
    if report.problems:
        by_code = Counter((p.severity.value, p.code.value) for p in report.problems)
        for key, n in report.omitted.items():
            severity, code = key.split(":", 1)
            by_code[(severity, code)] += n
        out += _table(
            ["severity", "code", "count"],
            [[sev, code, str(n)] for (sev, code), n in sorted(by_code.items())],
        )
        out.append("")
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    ranked = sorted(report.problems, key=lambda p: order[p.severity])
    shown = ranked if max_problems is None else ranked[:max_problems]
    for problem in shown:
        out.append(f"{problem.severity.value:<7} {problem.code.value:<24} {problem.where()}")
        out.append(f"        {problem.message}")
        out.append(f"        fix: {problem.fix}")
    more = len(ranked) - len(shown) + sum(report.omitted.values())
    if more:
        out.append(f"… {more} more problems (counted above; the JSON report keeps the first ones)")
    verdict = "FAILED: errors remain" if report.exit_code else "OK: no errors"
    out += ["", f"{verdict} (exit code {report.exit_code})"]
    return "\n".join(out) + "\n"
