"""Export input from a Label Studio JSON export file (``--from-file export.json``).

A Label Studio export is one JSON array of tasks, possibly gigabytes long; it is read one
task at a time with ``ijson`` and converted with
:func:`annot.labelstudio.convert.task_to_annotated`. One gold annotation per task is taken:
the one marked ground truth, else the only non-cancelled one; a task with several candidate
annotations and no ground truth raises (adjudicate first: ``annot agree``), and a task
without any is reported as a problem, never skipped silently. The gold documents are written
as JSONL, the input :func:`annot.export.export_dataset` streams.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import ijson

from annot.export.errors import ExportInputError
from annot.problems import Problem, ProblemCode, Severity
from annot.schema import AnnotatedDocument

__all__ = ["iter_label_studio_tasks", "label_studio_to_jsonl"]


def iter_label_studio_tasks(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    """``(index, task)`` of every task of a Label Studio JSON export (an array), streaming."""
    with path.open("rb") as handle:
        for index, task in enumerate(ijson.items(handle, "item", use_float=True), start=1):
            if not isinstance(task, dict):
                raise ExportInputError(
                    f"task #{index} is a {type(task).__name__}, not a task object.",
                    path=str(path),
                    lineno=index,
                    line=repr(task)[:200],
                )
            yield index, task


def _gold(annotations: list[AnnotatedDocument]) -> list[AnnotatedDocument]:
    truth = [a for a in annotations if a.label_studio is not None and a.label_studio.ground_truth]
    if truth:
        return truth[:1]
    return [a for a in annotations if a.label_studio is None or not a.label_studio.was_cancelled]


def label_studio_to_jsonl(export_json: Path, out_jsonl: Path) -> list[Problem]:
    """Convert a Label Studio JSON export to gold AnnotatedDocument JSONL; return the problems.

    ``lineno`` of an :class:`ExportInputError` raised here counts tasks, from 1.
    """
    from annot.labelstudio.convert import task_to_annotated

    problems: list[Problem] = []
    with out_jsonl.open("w", encoding="utf-8") as out:
        for index, task in iter_label_studio_tasks(export_json):
            conversion = task_to_annotated(task)
            problems.extend(conversion.problems)
            gold = _gold(conversion.annotations)
            if len(gold) > 1:
                raise ExportInputError(
                    f"task #{index} (id {task.get('id')!r}) has {len(gold)} annotations and "
                    "none is marked ground truth; the export takes one gold annotation per "
                    "document. Adjudicate first, or mark one annotation as ground truth.",
                    path=str(export_json),
                    lineno=index,
                    line=f"task {task.get('id')!r}",
                )
            if not gold:
                problems.append(
                    Problem(
                        code=ProblemCode.CANCELLED_ANNOTATION,
                        severity=Severity.ERROR,
                        message=f"task #{index} (id {task.get('id')!r}) has no usable "
                        "annotation; it is not exported.",
                        fix="Annotate the task in Label Studio, or remove it from the export.",
                        task_id=task.get("id") if isinstance(task.get("id"), int) else None,  # type: ignore[arg-type]
                    )
                )
                continue
            out.write(gold[0].model_dump_json() + "\n")
    return problems
