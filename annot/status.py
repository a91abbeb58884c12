"""Team progress from a pull: what an annotation lead checks each morning.

:func:`team_status` reads a pull (as ``annot validate`` does), and counts per annotator
(tasks submitted, time spent) and per task (annotations of the target number, who
made them, and the state: not started, in progress, ready to adjudicate, or disputed: a
majority adjudication leaves units a person must decide), with the agreement so far (entity
and quote F1 over annotator pairs, stance kappa or alpha). Built on the public functions of
validation, agreement and adjudication; it computes nothing of its own about annotations.
"""

from __future__ import annotations

from collections import defaultdict
from enum import StrEnum
from pathlib import Path
from statistics import fmean

from annot.agreement import adjudicate_all, agreement
from annot.schema import AnnotatedDocument, HumanSource
from annot.schema.base import Model
from annot.validate import read_tasks, validate_file

__all__ = [
    "AnnotatorProgress",
    "TaskProgress",
    "TaskState",
    "TeamStatus",
    "render_status",
    "team_status",
]


class TaskState(StrEnum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    READY = "ready to adjudicate"
    """Enough annotations, and a majority settles every unit."""
    DISPUTED = "disputed"
    """Enough annotations, but some units need a person (``annot adjudicate`` lists them)."""


class AnnotatorProgress(Model):
    annotator: str
    submitted: int
    """Usable annotations (one per task)."""
    seconds: float = 0.0
    """Time spent on the submitted annotations (Label Studio's lead time)."""


class TaskProgress(Model):
    task_id: int | None
    document_id: str
    annotations: int
    """Usable human annotations (ground truth not counted)."""
    annotators: list[str]
    state: TaskState
    disputed_units: int = 0


class TeamStatus(Model):
    source: str
    annotators_per_task: int
    tasks: list[TaskProgress]
    annotators: list[AnnotatorProgress]
    cancelled: int
    """Annotations skipped (cancelled) in Label Studio."""
    entity_f1: float | None = None
    """Mean exact-span entity F1 over annotator pairs."""
    quote_f1: float | None = None
    stance_statistic: str | None = None
    stance_agreement: float | None = None

    def count(self, state: TaskState) -> int:
        return sum(1 for task in self.tasks if task.state is state)

    @property
    def overlapped(self) -> int:
        """Tasks with annotations by two or more annotators."""
        return sum(1 for task in self.tasks if task.annotations >= 2)


def _annotator(ad: AnnotatedDocument) -> str | None:
    return ad.source.annotator if isinstance(ad.source, HumanSource) else None


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return fmean(present) if present else None


def _task_list(path: Path) -> list[tuple[int | None, str]]:
    """(task id, document id) of every task in the pull, in file order."""
    listed: list[tuple[int | None, str]] = []
    for item in read_tasks(path):
        if item.task is None:
            continue
        data, task_id = item.task.get("data"), item.task.get("id")
        doc_id = data.get("doc_id") if isinstance(data, dict) else None
        listed.append((task_id if isinstance(task_id, int) else None, str(doc_id or "?")))
    return listed


def team_status(path: Path, *, annotators_per_task: int = 2) -> TeamStatus:
    """The progress of the team in the pull at ``path`` (JSON export, JSONL pull)."""
    validation = validate_file(path)
    human = [
        ad
        for ad in validation.annotations
        if _annotator(ad) is not None and not (ad.label_studio and ad.label_studio.ground_truth)
    ]
    by_task: dict[int | None, list[AnnotatedDocument]] = defaultdict(list)
    for ad in human:
        by_task[ad.label_studio.task_id if ad.label_studio else None].append(ad)
    disputed: dict[str, int] = defaultdict(int)
    for decided in adjudicate_all(human):
        disputed[decided.document_id] += len(decided.disagreements)

    tasks: list[TaskProgress] = []
    for task_id, doc_id in _task_list(path):
        done = by_task.get(task_id, [])
        who = sorted({name for ad in done if (name := _annotator(ad)) is not None})
        state = TaskState.NOT_STARTED if not who else TaskState.IN_PROGRESS
        if len(who) >= annotators_per_task:
            state = TaskState.DISPUTED if disputed.get(doc_id) else TaskState.READY
        units = disputed.get(doc_id, 0) if state is TaskState.DISPUTED else 0
        tasks.append(
            TaskProgress(
                task_id=task_id,
                document_id=doc_id,
                annotations=len(who),
                annotators=who,
                state=state,
                disputed_units=units,
            )
        )

    submitted: dict[str, int] = defaultdict(int)
    seconds: dict[str, float] = defaultdict(float)
    for ad in human:
        name = _annotator(ad) or "?"
        submitted[name] += 1
        seconds[name] += (ad.label_studio.lead_time or 0.0) if ad.label_studio else 0.0
    people = [
        AnnotatorProgress(annotator=name, submitted=submitted[name], seconds=seconds[name])
        for name in sorted(submitted)
    ]
    measured = agreement(human)
    return TeamStatus(
        source=str(path),
        annotators_per_task=annotators_per_task,
        tasks=tasks,
        annotators=people,
        cancelled=validation.report.cancelled_annotations,
        entity_f1=_mean([p.entity_exact_f1 for p in measured.pairs]),
        quote_f1=_mean([p.quote_exact_f1 for p in measured.pairs]),
        stance_statistic=measured.stance_statistic if measured.pairs else None,
        stance_agreement=(
            measured.stance_alpha
            if measured.stance_statistic == "krippendorff_alpha"
            else _mean([p.stance_kappa for p in measured.pairs])
        ),
    )


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def render_status(status: TeamStatus) -> str:
    """The morning summary as text: totals, annotators, tasks, agreement."""
    n = status.annotators_per_task
    lines = [
        f"{status.source}: {len(status.tasks)} tasks, {n} annotators per task",
        "  " + ", ".join(f"{status.count(state)} {state.value}" for state in TaskState),
        f"  overlapped (2+ annotators): {status.overlapped}; skipped annotations: "
        f"{status.cancelled}",
        f"  agreement so far: entity F1 {_fmt(status.entity_f1)}, quote F1 "
        f"{_fmt(status.quote_f1)}, stance {status.stance_statistic or '—'} "
        f"{_fmt(status.stance_agreement)}",
        "",
        "annotator        submitted  minutes",
    ]
    lines += [
        f"{p.annotator:<16} {p.submitted:>9}  {p.seconds / 60:>7.1f}" for p in status.annotators
    ]
    lines += ["", "task    document                      done  state"]
    for task in status.tasks:
        state = task.state.value
        if task.disputed_units:
            state += f" ({task.disputed_units} units)"
        lines.append(
            f"{task.task_id or '—'!s:<7} {task.document_id:<29} {task.annotations}/{n}   {state}"
        )
    return "\n".join(lines)
