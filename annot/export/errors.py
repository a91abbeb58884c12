"""Errors of the export stage (all are :class:`annot.errors.AnnotError`)."""

from __future__ import annotations

from annot.errors import AnnotError

__all__ = [
    "ConformanceError",
    "DuplicateDocumentError",
    "ExportError",
    "ExportInputError",
    "ExportLockedError",
]


class ExportError(AnnotError):
    """The export could not be written; the previous export, if any, is left intact."""


class ExportInputError(ExportError):
    """A line of the input JSONL that is not an :class:`AnnotatedDocument`.

    ``path`` and ``lineno`` (1-based) locate it, ``line`` holds its text; raised ``from``
    the JSON or validation error.
    """

    def __init__(self, message: str, *, path: str, lineno: int, line: str) -> None:
        super().__init__(
            f"{path}:{lineno}: {message} Each line must be one "
            "AnnotatedDocument.model_dump_json(), as written by the pull and validate stages; "
            f"debug with: AnnotatedDocument.model_validate_json(open({path!r}).readlines()"
            f"[{lineno - 1}])"
        )
        self.path = path
        self.lineno = lineno
        self.line = line


class DuplicateDocumentError(ExportError):
    """Two input documents with the same id (ids are the primary key of every config)."""

    def __init__(self, document_id: str, first: int, second: int) -> None:
        super().__init__(
            f"document {document_id!r} appears twice in the input (documents #{first} and "
            f"#{second}, counting from 1). Adjudicate the annotations into one gold "
            "AnnotatedDocument per document before exporting."
        )
        self.document_id = document_id
        self.first = first
        self.second = second


class ConformanceError(ExportError):
    """Rows that break the BigBio/SEACrowd conformance rules (unique ids, references, offsets).

    ``problems`` lists every failure found, one message each.
    """

    def __init__(self, config: str, problems: list[str]) -> None:
        shown = "\n  ".join(problems[:20])
        more = f"\n  … {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(
            f"config {config!r}: {len(problems)} conformance failures:\n  {shown}{more}\n"
            "The export was not written. These are bugs in the row builders or in the input "
            "offsets; check the documents with annot.export.conformance."
        )
        self.config = config
        self.problems = problems


class ExportLockedError(ExportError):
    """Another export of the same name is running (its lock file names its process)."""

    def __init__(self, target: str, lock: str, pid: int) -> None:
        super().__init__(
            f"{target}: another export of this name is running (process {pid}, lock {lock}); "
            "wait for it to finish, or export under another --name. If no export runs, "
            f"delete {lock}."
        )
        self.target = target
        self.lock = lock
        self.pid = pid
