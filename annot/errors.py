"""One exception tree for annot.

Every error carries the data that locates the problem (document id, offsets, Label Studio
ids, ...) as attributes, and its message says where, what, and how to fix it.
"""

from __future__ import annotations

__all__ = [
    "AnnotError",
    "CrossReferenceError",
    "IngestError",
    "SchemaVersionError",
    "SpanError",
    "SpanMismatchError",
    "SpanRangeError",
    "TaxonomyError",
]


class AnnotError(Exception):
    """Base class of every error annot raises on purpose."""


class SpanError(AnnotError):
    """A span that cannot be placed in its document.

    Not a ``ValueError`` on purpose: pydantic re-raises it unwrapped from validators, so
    callers can catch it and read its attributes.
    """

    def __init__(self, message: str, *, document_id: str | None, start: int, end: int) -> None:
        super().__init__(message)
        self.document_id = document_id
        self.start = start
        self.end = end


class SpanRangeError(SpanError):
    """Offsets that are negative, reversed, or past the end of the text."""

    def __init__(self, *, document_id: str | None, start: int, end: int, text_length: int) -> None:
        where = f"document {document_id!r}" if document_id is not None else "a span"
        super().__init__(
            f"{where}: span [{start}, {end}) is outside the text of length {text_length}; "
            "offsets are half-open code-point indices with 0 <= start <= end <= len(text). "
            "Fix the offsets, or re-derive them with Span.at(text, start, end).",
            document_id=document_id,
            start=start,
            end=end,
        )
        self.text_length = text_length


class SpanMismatchError(SpanError):
    """The span's text differs from the document text at its offsets."""

    def __init__(
        self, *, document_id: str | None, start: int, end: int, expected: str, found: str
    ) -> None:
        where = f"document {document_id!r}" if document_id is not None else "a span"
        super().__init__(
            f"{where}: span [{start}, {end}) says text {found!r} but the document has "
            f"{expected!r} there. Offsets are code points (Python str indices), not bytes or "
            "UTF-16 units; take the text from the document, e.g. Span.at(text, start, end).",
            document_id=document_id,
            start=start,
            end=end,
        )
        self.expected = expected
        self.found = found


class CrossReferenceError(AnnotError):
    """An id that points nowhere, or to an item of an implausible type (raised unwrapped)."""

    def __init__(self, message: str, *, document_id: str, item_id: str, ref: str) -> None:
        super().__init__(message)
        self.document_id = document_id
        self.item_id = item_id
        self.ref = ref


class TaxonomyError(AnnotError, ValueError):
    """A label that the taxonomy does not know."""

    def __init__(self, label: str, valid: list[str], what: str = "label") -> None:
        super().__init__(
            f"unknown {what} {label!r}; valid: {', '.join(valid)}. "
            "Labels come from annot.schema.taxonomy; map or fix the label at its source."
        )
        self.label = label
        self.valid = valid


class SchemaVersionError(AnnotError):
    """Data written under another schema version."""

    def __init__(self, found: str, expected: str, where: str) -> None:
        super().__init__(
            f"{where}: schema version {found!r} does not match this annot's {expected!r}. "
            "Re-run the stage that produced it with this version, or install the annot version "
            f"{found} that wrote it."
        )
        self.found = found
        self.expected = expected
        self.where = where


class IngestError(AnnotError):
    """A raw article that cannot be read at all (ingest degrades gracefully otherwise)."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
