"""Documents: a raw article's metadata, its segments, and the annotatable text."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import Field, NonNegativeInt, model_validator

from annot.errors import SpanRangeError
from annot.lang.id import TIME_ZONES
from annot.schema.base import Id, Lax, Model
from annot.schema.span import Span

__all__ = [
    "ANNOTATABLE_ROLES",
    "Document",
    "Published",
    "Segment",
    "SegmentRole",
]


class SegmentRole(StrEnum):
    """What a stretch of a scraped article is."""

    MASTHEAD = "masthead"
    """The site's name printed above the article (samudrafakta.com)."""
    TITLE = "title"
    SUBTITLE = "subtitle"
    """A standfirst or summary line under the title."""
    BYLINE = "byline"
    """Author or editor lines: Oleh:, Penulis:, Editor:, Reporter:."""
    DATELINE = "dateline"
    """The publication date line, or a place/site prefix such as "RUSIA – "."""
    HEADING = "heading"
    """A subheading inside the body."""
    BODY = "body"
    CAPTION = "caption"
    """A photo caption."""
    CREDIT = "credit"
    """A photo or text credit: (Foto/Euronews), (KCNA via Reuters), (Tribunnews.com, …)."""
    RELATED = "related-link"
    """Links to other articles: Baca juga:, Artikel Terkait."""
    BIO = "bio"
    """An author biography."""
    COMMENTS = "comments"
    """Comment boxes and comment policies."""
    NAVIGATION = "navigation"
    """Site navigation such as "Recent Posts", breadcrumbs, section labels, share and
    font-size buttons, tag lists, copyright lines."""
    ADVERTISEMENT = "advertisement"
    """Ads, "scroll to continue" slots and promotions of the outlet's channels (WhatsApp,
    Google News, Telegram)."""
    POLL = "poll"
    """A reader poll: "Bagaimana reaksi Anda …?" and its answer buttons."""
    DUPLICATE = "duplicate"
    """A second copy of an earlier paragraph (scrapers repeat paragraphs)."""


#: Roles whose text becomes part of ``Document.text``; every other role is scrape noise.
ANNOTATABLE_ROLES: frozenset[SegmentRole] = frozenset(
    {SegmentRole.TITLE, SegmentRole.SUBTITLE, SegmentRole.HEADING, SegmentRole.BODY}
)


class Segment(Model):
    """A stretch of the raw article with its role.

    ``raw_start``/``raw_end`` are code-point offsets into the decoded raw file; annotatable
    segments also say where their text stands in ``Document.text`` (it is the same text:
    ``raw[raw_start:raw_end] == document.text[text_start:text_end]``).
    """

    role: Annotated[SegmentRole, Lax]
    raw_start: NonNegativeInt
    raw_end: NonNegativeInt
    text_start: NonNegativeInt | None = None
    text_end: NonNegativeInt | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.raw_end < self.raw_start:
            raise SpanRangeError(
                document_id=None,
                start=self.raw_start,
                end=self.raw_end,
                text_length=self.raw_end,
            )
        annotatable = self.role in ANNOTATABLE_ROLES
        has_text = self.text_start is not None and self.text_end is not None
        if annotatable != has_text or (self.text_start is None) != (self.text_end is None):
            msg = (
                f"segment {self.role.value} [{self.raw_start}, {self.raw_end}): text offsets "
                "must be given exactly for the annotatable roles "
                f"{sorted(r.value for r in ANNOTATABLE_ROLES)}"
            )
            raise ValueError(msg)
        if has_text:
            assert self.text_start is not None
            assert self.text_end is not None
            if self.text_end - self.text_start != self.raw_end - self.raw_start:
                msg = (
                    f"segment {self.role.value}: raw [{self.raw_start}, {self.raw_end}) and "
                    f"text [{self.text_start}, {self.text_end}) differ in length; the text of "
                    "an annotatable segment is its raw text, unchanged"
                )
                raise ValueError(msg)
        return self

    @property
    def annotatable(self) -> bool:
        return self.role in ANNOTATABLE_ROLES


class Published(Model):
    """When the article was published, as far as the article says."""

    date: dt.date
    time: dt.time | None = None
    """Local clock time, when the article gives one."""
    timezone: Literal["WIB", "WITA", "WIT"] | None = None
    """Indonesian time zone named with the time (UTC+7, +8, +9)."""
    text: str
    """The words the date was read from, e.g. "Rabu, 26 Juni 2024 | 15:41 WIB"."""
    source: Literal["dateline", "body"]
    """``dateline``: a publication date line; ``body``: inferred from the latest
    "Hari (d/m/yyyy)" date in the body, as Indonesian news dates events of the day."""

    def as_datetime(self) -> dt.datetime | None:
        """An aware datetime when both time and zone are known, else ``None``."""
        if self.time is None or self.timezone is None:
            return None
        hours = TIME_ZONES[self.timezone]
        zone = dt.timezone(dt.timedelta(hours=hours), self.timezone)
        return dt.datetime.combine(self.date, self.time, tzinfo=zone)


class Document(Model):
    """An article ready for annotation.

    ``text`` is derived from the raw article: the annotatable segments (title, subtitle,
    headings, body) joined by blank lines. All spans point into ``text``; ``segments`` map
    it back to the raw file, which is never rewritten.
    """

    id: Id
    """Stable id derived from the raw file (its name), never from a counter."""
    text: str
    title: str | None = None
    source: str | None = None
    """The site the article was scraped from, e.g. "beritanasional.com"."""
    url: str | None = None
    published: Published | None = None
    authors: list[str] = Field(default_factory=list)
    editors: list[str] = Field(default_factory=list)
    language: str = "id"
    """BCP-47 language tag."""
    raw_sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    """SHA-256 of the raw file's bytes (see raw/manifest.jsonl)."""
    segments: list[Segment] = Field(default_factory=list)

    @model_validator(mode="after")
    def _segments_fit(self) -> Self:
        for segment in self.segments:
            if segment.text_end is not None and segment.text_end > len(self.text):
                raise SpanRangeError(
                    document_id=self.id,
                    start=segment.text_start or 0,
                    end=segment.text_end,
                    text_length=len(self.text),
                )
        return self

    @property
    def content_sha256(self) -> str:
        """SHA-256 of ``text`` (UTF-8): changes exactly when the annotatable text changes."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def span(self, start: int, end: int) -> Span:
        """The span ``[start, end)`` of this document's text."""
        return Span.at(self.text, start, end, document_id=self.id)

    def paragraphs(self) -> Iterator[Span]:
        """The annotatable segments as spans of ``text``, in order."""
        for segment in self.segments:
            if segment.text_start is not None and segment.text_end is not None:
                yield self.span(segment.text_start, segment.text_end)

    def noise(self) -> Iterator[Segment]:
        """Segments that are scrape noise (captions, credits, links, bios, comments, …)."""
        return (segment for segment in self.segments if not segment.annotatable)

    def to_raw_offset(self, offset: int) -> int:
        """The raw-file offset of ``text[offset]`` (``offset`` inside an annotatable segment)."""
        for segment in self.segments:
            start, end = segment.text_start, segment.text_end
            if start is not None and end is not None and start <= offset <= end:
                return segment.raw_start + (offset - start)
        raise SpanRangeError(
            document_id=self.id, start=offset, end=offset, text_length=len(self.text)
        )
