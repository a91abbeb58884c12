"""Export input from a Label Studio export file (``--from-file export.json``).

The file is read by the one reader, :func:`annot.road.read.read_tasks` (a JSON array,
streamed; JSONL; one task object; gzip), and each task is converted with
:func:`annot.labelstudio.convert.task_to_annotated`. One gold annotation per task is taken:
the one marked ground truth, else the only non-cancelled one; a task with several candidate
annotations and no ground truth raises (adjudicate first: ``annot adjudicate``), and a task
without any, or one the reader cannot read, is reported as a problem, never skipped
silently. The gold documents are written as JSONL, the input
:func:`annot.export.export_dataset` streams.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annot.export.errors import ExportInputError
from annot.problems import Problem, ProblemCode, Severity
from annot.road.read import RawTask, read_tasks
from annot.schema import AnnotatedDocument

__all__ = ["iter_label_studio_tasks", "label_studio_to_jsonl"]


def iter_label_studio_tasks(path: Path) -> Iterator[RawTask]:
    """Every item of a Label Studio export file, streaming (see :func:`read_tasks`)."""
    return read_tasks(path)


def _gold(annotations: list[AnnotatedDocument]) -> list[AnnotatedDocument]:
    truth = [a for a in annotations if a.label_studio is not None and a.label_studio.ground_truth]
    if truth:
        return truth[:1]
    return [a for a in annotations if a.label_studio is None or not a.label_studio.was_cancelled]


def label_studio_to_jsonl(export_json: Path, out_jsonl: Path) -> list[Problem]:
    """Convert a Label Studio export to gold AnnotatedDocument JSONL; return the problems.

    Items the reader cannot read come back as their problems. ``lineno`` of an
    :class:`ExportInputError` raised here counts items (tasks), from 1.
    """
    from annot.labelstudio.convert import task_to_annotated

    problems: list[Problem] = []
    with out_jsonl.open("w", encoding="utf-8") as out:
        for item in iter_label_studio_tasks(export_json):
            if item.problem is not None:
                problems.append(item.problem)
            task, index = item.task, item.position
            if task is None:
                continue
            conversion = task_to_annotated(task)
            problems.extend(conversion.problems)
            gold = _gold(conversion.annotations)
            if len(gold) > 1:
                raise ExportInputError(
                    f"task #{index} (id {item.task_id!r}) has {len(gold)} annotations and "
                    "none is marked ground truth; the export takes one gold annotation per "
                    "document. Adjudicate first, or mark one annotation as ground truth.",
                    path=str(export_json),
                    lineno=index,
                    line=f"task {item.task_id!r}",
                )
            if not gold:
                problems.append(
                    Problem(
                        code=ProblemCode.CANCELLED_ANNOTATION,
                        severity=Severity.ERROR,
                        message=f"task #{index} (id {item.task_id!r}) has no usable "
                        "annotation; it is not exported.",
                        fix="Annotate the task in Label Studio, or remove it from the export.",
                        task_id=item.task_id,
                    )
                )
                continue
            out.write(gold[0].model_dump_json() + "\n")
    return problems
