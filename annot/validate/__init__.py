"""Validation: check pulled Label Studio annotations, report every problem, quarantine.

``validate_file(path)`` reads a pull (JSON array, JSONL or one task), converts every
annotation with :func:`annot.labelstudio.convert.task_to_annotated` (whose problems it
keeps), adds the checks conversion does not make (whitespace-only spans, overlapping
entities, boundaries inside tokens, duplicate tasks, text changed since the push), and
returns a :class:`Validation`: the report (``pulled == usable + quarantined`` per layer),
the usable annotations, and the quarantine entries (original JSON plus reasons).
"""

from annot.validate.core import (
    StreamedValidation,
    Usable,
    ValidatedTask,
    Validation,
    Validator,
    stream_validation,
    validate_file,
    validate_tasks,
    write_quarantine,
)
from annot.validate.read import RawTask, read_tasks
from annot.validate.report import (
    LAYERS,
    Count,
    QuarantineEntry,
    Reason,
    ValidationReport,
    render_report,
)
from annot.validate.rules import check_annotation, drop_regions

__all__ = [
    "LAYERS",
    "Count",
    "QuarantineEntry",
    "RawTask",
    "Reason",
    "StreamedValidation",
    "Usable",
    "ValidatedTask",
    "Validation",
    "ValidationReport",
    "Validator",
    "check_annotation",
    "drop_regions",
    "read_tasks",
    "render_report",
    "stream_validation",
    "validate_file",
    "validate_tasks",
    "write_quarantine",
]
