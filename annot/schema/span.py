"""Spans: half-open code-point offsets into ``Document.text`` that know their text."""

from __future__ import annotations

from typing import Self

from pydantic import NonNegativeInt, ValidationInfo, model_validator

from annot.errors import SpanError, SpanMismatchError, SpanRangeError
from annot.schema.base import Model

__all__ = ["Span", "check_span"]


def check_span(text: str, start: int, end: int, found: str, document_id: str | None) -> None:
    """Raise unless ``text[start:end] == found`` with valid half-open offsets."""
    if not 0 <= start <= end <= len(text):
        raise SpanRangeError(document_id=document_id, start=start, end=end, text_length=len(text))
    expected = text[start:end]
    if expected != found:
        raise SpanMismatchError(
            document_id=document_id, start=start, end=end, expected=expected, found=found
        )


class Span(Model):
    """A stretch of the document text: ``text == document.text[start:end]``.

    Offsets are Python ``str`` indices (Unicode code points), half-open. A span always carries
    the text it covers so that a shifted offset is caught, never silently relabelled.
    Validate against a document with ``Span.model_validate(data, context={"text": ...,
    "document_id": ...})``, or build one from the text with :meth:`Span.at`.
    """

    start: NonNegativeInt
    """First code point of the span."""
    end: NonNegativeInt
    """One past the last code point of the span."""
    text: str
    """The covered text, exactly as in the document."""

    @model_validator(mode="after")
    def _offsets_agree(self, info: ValidationInfo) -> Self:
        context = info.context if isinstance(info.context, dict) else {}
        document_id = context.get("document_id")
        if "text" in context:
            check_span(context["text"], self.start, self.end, self.text, document_id)
        elif self.end < self.start or len(self.text) != self.end - self.start:
            # Without the document we can still refuse what no document could satisfy.
            raise SpanError(
                f"span [{self.start}, {self.end}) covers {self.end - self.start} code points "
                f"but its text {self.text!r} has {len(self.text)}; offsets are code points "
                "(Python str indices), half-open, start <= end. Take the text from the "
                "document: Span.at(text, start, end).",
                document_id=document_id,
                start=self.start,
                end=self.end,
            )
        return self

    @classmethod
    def at(cls, text: str, start: int, end: int, *, document_id: str | None = None) -> Span:
        """The span ``[start, end)`` of ``text``, its text taken from the document."""
        if not 0 <= start <= end <= len(text):
            raise SpanRangeError(
                document_id=document_id, start=start, end=end, text_length=len(text)
            )
        return cls(start=start, end=end, text=text[start:end])

    def check(self, text: str, document_id: str | None = None) -> None:
        """Raise :class:`SpanMismatchError` unless this span slices ``text`` to its text."""
        check_span(text, self.start, self.end, self.text, document_id)

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one code point."""
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start
