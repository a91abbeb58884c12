"""Ingest: scraped Indonesian news articles (``raw/*.txt``) to :class:`Document`.

The raw text is never changed. :func:`parse_article` cuts it into role-tagged segments
(title, byline, body, caption, credit, related links, comments, ads, polls, duplicates, ...)
that carry code-point offsets into the raw text; ``Document.text`` is derived from the
annotatable segments (title, subtitle, headings, body) joined by blank lines. Every non-blank
character of the raw text lies in exactly one segment, and segments never begin or end with
whitespace (NBSP included).

It reads the layouts of the major Indonesian outlets (see tests/data/scrapes): mastheads, menus
and breadcrumbs above the title, bylines with or without a label, date lines with Indonesian or
English months, the lead's dateline ("jpnn.com, JAKARTA -", "Jakarta, CNN Indonesia --",
"Jakarta (ANTARA) -", "Kupang:"), captions and credits, "baca juga" links and lists, share,
font, ad, promotion, poll and navigation lines, and repeated paragraphs. Every word it looks
for comes from :mod:`annot.lang.id`; this module only arranges them into patterns and passes:
lines are classified one by one, then passes over neighbouring lines find the title, name-only
bylines, the standfirst, lists under a header, bios, the lead and the captions above it.

A layout that cannot be read degrades to "the whole text is body" with an
:class:`IngestWarning`, never an exception; only unreadable files raise :class:`IngestError`.

    >>> doc = ingest_file(Path("raw/000_b0ce670c80f3f80d.txt"))  # doctest: +SKIP
    >>> doc.title, doc.source, doc.published.date  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, cast

from pydantic import Field, ValidationError

from annot.errors import IngestError
from annot.lang.id import (
    AD_MARKERS,
    BARE_BYLINE_LABELS,
    BIO_LABELS,
    BIO_OPENERS,
    BIO_ROLES,
    BREADCRUMB_ROOTS,
    BREADCRUMB_SEPARATORS,
    BYLINE_LABELS,
    CLOSING_QUOTE_CHARACTERS,
    CLOSING_QUOTES,
    COMMENT_MARKERS,
    COMMENT_POLICY,
    CONJUNCTIONS,
    COPYRIGHT_MARKERS,
    COPYRIGHT_NOTICES,
    CREDIT_WORDS,
    DATE_LABELS,
    FONT_MARKERS,
    IMAGE_EXTENSIONS,
    INLINE_RELATED_MARKERS,
    MONTHS,
    OPENING_QUOTE_CHARACTERS,
    OPENING_QUOTES,
    OUTLET_NAMES,
    PAGE_MARKERS,
    PHOTO_LABELS,
    POLL_ANSWERS,
    POLL_QUESTIONS,
    POPULAR_MARKERS,
    PROMO_APPS,
    PROMO_CHANNELS,
    PROMO_CLICK,
    PROMO_OPENERS,
    PROMO_VERBS,
    READ_MORE_MARKERS,
    READING_TIME,
    RELATED_MARKERS,
    RELATED_TITLE_MARKERS,
    REPORT_BYLINE_LABELS,
    SECTION_NAMES,
    SHARE_MARKERS,
    SYNDICATION_MARKERS,
    TAG_LABELS,
    TIME_WORDS,
    TIME_ZONES,
    TOP_LEVEL_DOMAINS,
    VIDEO_MARKERS,
    WEEKDAYS,
    phrase_pattern,
)
from annot.schema.base import Id, Model
from annot.schema.document import ANNOTATABLE_ROLES, Document, Published, Segment, SegmentRole

__all__ = [
    "MANIFEST_NAME",
    "PARAGRAPH_SEPARATOR",
    "IngestWarning",
    "ManifestEntry",
    "build_manifest",
    "dump_manifest",
    "ingest_dir",
    "ingest_file",
    "manifest_problems",
    "parse_article",
    "parse_indonesian_date",
    "read_manifest",
    "read_raw",
    "write_manifest",
]

MANIFEST_NAME: Final = "manifest.jsonl"
"""The manifest's file name inside a raw directory."""
PARAGRAPH_SEPARATOR: Final = "\n\n"
"""What joins the annotatable segments in ``Document.text``."""

Role = SegmentRole
PublishedSource = Literal["dateline", "body"]
Zone = Literal["WIB", "WITA", "WIT"]


class IngestWarning(UserWarning):
    """An article whose layout was not recognised; the message says what was assumed."""


# --------------------------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------------------------


def read_raw(path: Path) -> str:
    """The decoded text of a raw article: strict UTF-8, nothing replaced or normalised."""
    return _decode(_read_bytes(path), path)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise IngestError(
            f"cannot read the raw article ({error.strerror or error}); check that the file "
            "exists and is readable",
            path=str(path),
        ) from error


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.end].hex(" ")
        raise IngestError(
            f"not valid UTF-8 at byte offset {error.start} (byte(s) {bad}: {error.reason}); "
            "raw articles are read as strict UTF-8, never guessed. Re-save the file as UTF-8 "
            "(e.g. `iconv -f WINDOWS-1252 -t UTF-8 old.txt > new.txt`) and rewrite the "
            "manifest with `annot manifest`.",
            path=str(path),
        ) from error


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,199}")


def _doc_id(path: Path) -> str:
    if not _ID.fullmatch(path.stem):
        raise IngestError(
            f"the file name {path.stem!r} cannot be a document id (ids are the file stem: "
            "letters, digits and ._:- , starting with a letter or digit, at most 200 "
            "characters); rename the file",
            path=str(path),
        )
    return path.stem


def ingest_file(path: Path, *, doc_id: str | None = None, source: str | None = None) -> Document:
    """Read and parse one raw article; the id defaults to the file stem."""
    data = _read_bytes(path)
    raw = _decode(data, path)
    return parse_article(
        raw, doc_id=doc_id or _doc_id(path), raw_sha256=_sha256(data), source=source
    )


def ingest_dir(raw_dir: Path) -> list[Document]:
    """Every ``*.txt`` article of ``raw_dir``, sorted by file name.

    Ids and sources come from ``manifest.jsonl`` when it is there (a listed file whose bytes
    changed, or a listed file that is gone, is an :class:`IngestError`); files it does not
    list, or every file when there is no manifest, get the file stem and the detected site.
    """
    paths = _raw_files(raw_dir)
    manifest_path = raw_dir / MANIFEST_NAME
    entries = read_manifest(manifest_path) if manifest_path.exists() else []
    by_file = {entry.file: entry for entry in entries}
    problems = _manifest_mismatches(paths, entries, require_listed=False) if entries else []
    if problems:
        raise IngestError(
            "manifest.jsonl does not match the files: "
            + "; ".join(problems)
            + ". Rewrite it with `annot manifest` (annot.ingest.write_manifest) and commit it.",
            path=str(manifest_path),
        )
    documents: list[Document] = []
    for path in paths:
        entry = by_file.get(path.name)
        if entry is None:
            documents.append(ingest_file(path))
        else:
            documents.append(ingest_file(path, doc_id=entry.id, source=entry.source))
    return documents


def _raw_files(raw_dir: Path) -> list[Path]:
    if not raw_dir.is_dir():
        raise IngestError(
            "is not a directory of raw articles; pass the folder that holds the *.txt files "
            "(e.g. raw/)",
            path=str(raw_dir),
        )
    return sorted((p for p in raw_dir.glob("*.txt") if p.is_file()), key=lambda p: p.name)


# --------------------------------------------------------------------------------------------
# Manifest
# --------------------------------------------------------------------------------------------


class ManifestEntry(Model):
    """One raw article: where it is, its bytes' hash, the site it came from."""

    id: Id
    file: str = Field(min_length=1)
    """File name inside the raw directory."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    source: str | None
    """The site, when the text proves it (else ``null``)."""
    language: str = "id"


def build_manifest(raw_dir: Path) -> list[ManifestEntry]:
    """Manifest entries for every ``*.txt`` in ``raw_dir``, sorted by id."""
    entries: list[ManifestEntry] = []
    for path in _raw_files(raw_dir):
        doc = ingest_file(path)
        assert doc.raw_sha256 is not None
        entries.append(
            ManifestEntry(
                id=doc.id,
                file=path.name,
                sha256=doc.raw_sha256,
                source=doc.source,
                language=doc.language,
            )
        )
    return sorted(entries, key=lambda entry: entry.id)


def dump_manifest(entries: Sequence[ManifestEntry]) -> str:
    """The manifest as JSON lines, sorted by id: the same entries always give the same bytes."""
    lines = [
        json.dumps(entry.model_dump(mode="json"), ensure_ascii=False) + "\n"
        for entry in sorted(entries, key=lambda entry: entry.id)
    ]
    return "".join(lines)


def write_manifest(raw_dir: Path, entries: Sequence[ManifestEntry]) -> Path:
    """Write ``raw_dir/manifest.jsonl`` and return its path."""
    path = raw_dir / MANIFEST_NAME
    path.write_text(dump_manifest(entries), encoding="utf-8", newline="\n")
    return path


def read_manifest(path: Path) -> list[ManifestEntry]:
    """The entries of a manifest file; a bad line raises :class:`IngestError` naming it."""
    entries: list[ManifestEntry] = []
    for number, line in enumerate(read_raw(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entries.append(ManifestEntry.model_validate_json(line))
        except ValidationError as error:
            raise IngestError(
                f"line {number} is not a manifest entry ({error.error_count()} error(s): "
                f"{error.errors()[0]['msg']}); rewrite the manifest with `annot manifest`",
                path=str(path),
            ) from error
    ids = [entry.id for entry in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise IngestError(
            f"duplicate ids {duplicates}; rewrite the manifest with `annot manifest`",
            path=str(path),
        )
    return entries


def manifest_problems(raw_dir: Path) -> list[str]:
    """Every way ``raw_dir/manifest.jsonl`` differs from what :func:`build_manifest` gives."""
    path = raw_dir / MANIFEST_NAME
    if not path.exists():
        return [f"{path}: missing"]
    try:
        written = read_manifest(path)
    except IngestError as error:
        return [str(error)]
    mismatches = _manifest_mismatches(_raw_files(raw_dir), written, require_listed=True)
    problems = [f"{path}: {problem}" for problem in mismatches]
    expected = {entry.file: entry for entry in build_manifest(raw_dir)}
    for entry in written:
        want = expected.get(entry.file)
        if want is not None and want.sha256 == entry.sha256 and want != entry:
            problems.append(
                f"{path}: entry for {entry.file} is {entry.model_dump()}, "
                f"expected {want.model_dump()}"
            )
    if not problems and read_raw(path) != dump_manifest(written):
        problems.append(f"{path}: not in canonical form (sorted by id, one entry per line)")
    return problems


def _manifest_mismatches(
    paths: Sequence[Path], entries: Sequence[ManifestEntry], *, require_listed: bool
) -> list[str]:
    """Files whose bytes differ from their entry, entries without a file, unlisted files."""
    problems: list[str] = []
    listed = {entry.file: entry for entry in entries}
    for path in paths:
        entry = listed.get(path.name)
        if entry is None:
            if require_listed:
                problems.append(f"{path.name} is not listed")
            continue
        actual = _sha256(_read_bytes(path))
        if entry.sha256 != actual:
            problems.append(f"{path.name} has sha256 {actual}, the manifest says {entry.sha256}")
    present = {path.name for path in paths}
    problems += [f"{name} is listed but missing" for name in sorted(set(listed) - present)]
    return problems


def _any(*lists: Iterable[str]) -> str:
    """A group matching any phrase of the word lists (from annot.lang.id), longest first."""
    return f"(?:{phrase_pattern(word for words in lists for word in words)})"


# --------------------------------------------------------------------------------------------
# Sites and dates
# --------------------------------------------------------------------------------------------

_TLDS = phrase_pattern(TOP_LEVEL_DOMAINS)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DOMAIN = rf"(?:www\.)?{_LABEL}(?:\.{_LABEL}){{0,5}}\.(?i:{_TLDS})\b"
_DOMAIN_LINE = re.compile(_DOMAIN)
_OUTLET = rf"(?i:{phrase_pattern(OUTLET_NAMES)})"
#: A site as printed: "jpnn.com", "REPUBLIKA.CO.ID", "CNN Indonesia", "detikNews"
_SITE = rf"(?:{_DOMAIN}|{_OUTLET}(?![\w.]))"
_OUTLET_WORD = re.compile(rf"(?<![\w.]){_OUTLET}(?![\w])")
_OUTLET_SECTION = re.compile(rf"(?P<outlet>{_OUTLET})\s*(?i:{phrase_pattern(SECTION_NAMES)})")

_WEEKDAY = rf"{_any(WEEKDAYS)}"
_MONTH_NAMES = phrase_pattern(MONTHS)
_TIME = (
    rf"(?:{_any(TIME_WORDS)}\s+)?(?P<hour>\d{{1,2}})[:.](?P<minute>\d{{2}})(?!\d)"
    rf"(?:\s*(?P<zone>{phrase_pattern(TIME_ZONES)})\b)?"
)

#: "Rabu, 26 Juni 2024 | 15:41 WIB", "26 Juni 2024", "Kamis, 14 Sep. 2023 pukul 10.30 WITA",
#: "Rabu 14 Aug 2024 10:05 WIB", "Kamis, 15 Agustus 2024 – 10:05 WIB"
_LONG_DATE = re.compile(
    rf"(?:\b(?P<weekday>{_WEEKDAY})\s*,?\s*)?"
    rf"(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_NAMES})\b\.?\s+(?P<year>\d{{4}})(?!\d)"
    rf"(?:\s*(?:[|,•·–-]\s*)?{_TIME})?",
    re.IGNORECASE,
)
#: "Rabu (19/6/2024)", "(14/9/2023)"
_NUMERIC_DATE = re.compile(
    rf"(?:\b(?P<weekday>{_WEEKDAY})\s*)?"
    r"\(\s*(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})\s*/\s*(?P<year>\d{4})\s*\)",
    re.IGNORECASE,
)
#: "16/08/2024, 10:05 WIB" (a time is required: a bare d/m/y is not a publication date)
_NUMERIC_DATETIME = re.compile(
    r"(?<![\d/])(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})(?![\d/])"
    rf"\s*[,|–-]?\s*{_TIME}",
    re.IGNORECASE,
)
_DATE_PATTERNS: Final = (_LONG_DATE, _NUMERIC_DATE, _NUMERIC_DATETIME)
#: "Diterbitkan: ", "Diperbarui ", "Kompas.com - " before a date line
_DATE_PREFIX = re.compile(
    rf"(?:(?i:{phrase_pattern(DATE_LABELS)})\b\s*:?|{_SITE}\s*[-–|,])\s*",
)


def parse_indonesian_date(text: str, *, source: PublishedSource = "dateline") -> Published | None:
    """The first valid Indonesian date in ``text``, or ``None``.

    Reads "Rabu, 26 Juni 2024 | 15:41 WIB" (weekday, time and zone optional; Indonesian and
    English month names and abbreviations from :data:`annot.lang.id.MONTHS`, with the
    Pebruari/Nopember spellings; zones WIB/WITA/WIT), "Rabu (19/6/2024)" / "(14/9/2023)" and
    "16/08/2024, 10:05 WIB". Impossible dates are skipped. ``Published.text`` is the matched
    words.
    """
    matches = [m for pattern in _DATE_PATTERNS for m in _date_matches(text, pattern, source)]
    return min(matches, key=lambda found: found[0])[1] if matches else None


def _date_matches(
    text: str, pattern: re.Pattern[str], source: PublishedSource
) -> Iterator[tuple[int, Published]]:
    for match in pattern.finditer(text):
        published = _published(match, source)
        if published is not None:
            yield match.start(), published


def _month_number(value: str) -> int:
    return int(value) if value.isdigit() else MONTHS[value.lower().rstrip(".")]


def _published(match: re.Match[str], source: PublishedSource) -> Published | None:
    groups = match.groupdict()
    year = int(match["year"])
    if not 1900 <= year <= 2100:
        return None
    try:
        date = dt.date(year, _month_number(match["month"]), int(match["day"]))
        time = None
        if groups.get("hour") is not None:
            time = dt.time(int(match["hour"]), int(match["minute"]))
    except ValueError:
        return None
    zone = groups.get("zone")
    return Published(
        date=date,
        time=time,
        timezone=cast(Zone, zone.upper()) if zone else None,  # one of TIME_ZONES
        text=match.group(0).strip(),
        source=source,
    )


def _dateline(text: str) -> Published | None:
    """The date when the whole line is a date (optionally after "Diterbitkan:", "Site - ")."""
    prefix = _DATE_PREFIX.match(text)
    offset = prefix.end() if prefix else 0
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text, offset)
        if match is not None:
            return _published(match, "dateline")
    return None


# --------------------------------------------------------------------------------------------
# Line patterns (the words come from annot.lang.id)
# --------------------------------------------------------------------------------------------

_DASH = r"(?:--|[-–—])"
_CITY_CAPS = r"[A-Z]{3,}(?:[ .][A-Z]{2,}){0,3}"
_CITY_TITLE = r"[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}"
#: A dateline: "BeritaNasional.com -", "jpnn.com, JAKARTA -", "RUSIA –", "JAKARTA, KOMPAS.com -",
#: "JAKARTA (ANTARA) -", "Jakarta (ANTARA) -", "Jakarta, CNN Indonesia --", "TEMPO.CO, Tangerang -"
_PLACE = (
    rf"(?:(?P<site>{_DOMAIN})(?:\s*,\s*(?:{_CITY_CAPS}|{_CITY_TITLE}))?"
    rf"|{_CITY_CAPS}(?:\s*,\s*(?P<placesite>{_SITE}))?"
    rf"(?:\s*\((?P<capsagency>[A-Za-z][\w .]{{0,29}})\))?"
    rf"|{_CITY_TITLE}\s*,\s*(?P<outlet>{_SITE})"
    rf"|{_CITY_TITLE}\s*\((?P<agency>[A-Z][A-Za-z.]{{1,20}})\))"
    rf"\s*{_DASH}"
)
_PLACE_PREFIX = re.compile(_PLACE + r"(?=\s+\S)")
_PLACE_LINE = re.compile(_PLACE)
#: Only where the lead paragraph begins: "Cianjur - …" (detik), "Kupang: …" (medcom)
_LEAD_PLACE = re.compile(rf"{_CITY_TITLE}(?:\s*{_DASH}(?=\s+\S)|:(?=\s+[A-Z“\"]))")

_LABELS = phrase_pattern(BYLINE_LABELS)
_AND = rf"\b{_any(CONJUNCTIONS)}\b"
_NOT_AFTER_AND = "".join(rf"(?<!\b{re.escape(word)})" for word in CONJUNCTIONS)
_COMPOUND_LABEL = rf"(?:{_LABELS})(?:\s*(?:&|/|,|{_AND})\s*(?:{_LABELS}))*"
_BYLINE_PART = re.compile(rf"(?P<label>(?i:{_COMPOUND_LABEL}))\s*:\s*(?P<names>[^:]*)")
_BYLINE_SPLIT = re.compile(
    rf"\s*[|•·]\s*|(?<![&/,]){_NOT_AFTER_AND}\s+(?=(?i:{_COMPOUND_LABEL})\s*:)"
)
_LABEL_ONLY = re.compile(rf"(?P<label>{_COMPOUND_LABEL})\s*:?", re.I)
_LABEL_SPLIT = re.compile(rf"\s*(?:&|/|,|{_AND})\s*", re.I)
_NAME_SPLIT = re.compile(rf"\s*(?:,|;|&|{_AND})\s*")
_PERSON = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4}"
_PERSON_NAME = re.compile(r"[A-Z][a-z'’-]+\.?(?:\s+(?:[A-Z]\.?|[A-Z][a-z'’-]+\.?)){1,3}")
#: "Oleh Dinda Permatasari", "Penulis Sania Putri | Editor Dita Anggraini" (no colon)
_BARE_PART = re.compile(rf"(?P<label>(?i:{_COMPOUND_LABEL}))\s+(?P<names>{_PERSON})")
#: "Erfan Maulana, Jurnalis · Rabu 14 Agustus 2024 10:05 WIB"
_NAME_ROLE = re.compile(
    rf"(?P<names>{_PERSON}),\s*(?P<label>(?i:{_LABELS}))(?:\s*[|•·–-]\s*(?P<date>.+))?"
)
#: "Yuni Astuti • 14 Agustus 2024 10:05"
_NAME_DATE = re.compile(rf"(?P<names>{_PERSON})\s*[|•·]\s*(?P<date>.+)")
#: "Rahmat Hidayat - detikNews", "News - Rizky Pratama, CNBC Indonesia"
_NAME_SITE = re.compile(
    rf"(?P<names>{_PERSON})\s*[-–|]\s*(?P<site>{_SITE})"
    rf"|(?:(?i:{phrase_pattern(SECTION_NAMES)})\s*[-–|]\s*)?(?P<cnames>{_PERSON}),\s*(?P<csite>{_SITE})"
)
#: "Laporan Wartawan Tribunnews.com, Galih Prasetyo"
_REPORT_LINE = re.compile(
    rf"(?i:{phrase_pattern(REPORT_BYLINE_LABELS)})\s+"
    rf"(?P<site>{_SITE})\s*,\s*(?P<names>{_PERSON})"
)

_COMMENTS = re.compile(rf"(?:\(?\d+\)?\s*)?{_any(COMMENT_MARKERS)}(?:\s*\(\d+\))?\s*:?", re.I)
_COMMENT_POLICY = re.compile(
    r"(?:\w+\s+)?" + r"\b.*\b".join(_any(words) for words in COMMENT_POLICY) + r"\b.*",
    re.I,
)
_TRAIL = r"[\s:↓→»›>.…!]*"
_AD_LINE = re.compile(rf"{_any(AD_MARKERS)}{_TRAIL}", re.I)
_BULLET = re.compile(r"[*•·-]\s+")
_PROMO = re.compile(
    rf"(?:{_AND}\s+)?{_any(PROMO_VERBS)}\b.{{0,160}}?"
    rf"\b{_any(PROMO_CHANNELS)}\b.*"
    rf"|(?:{_AND}\s+)?{_any(PROMO_VERBS)}\b(?=.{{0,200}}{_SITE})"
    rf".{{0,160}}?\b{_any(PROMO_APPS)}\b.*"
    rf"|{_any(PROMO_OPENERS)}\b.*"
    rf"|.{{0,200}}\b{_any(PROMO_CLICK)}\s*:?\s*(?:https?://)?{_DOMAIN}\S*",
    re.I,
)
_POLL_QUESTION = re.compile(rf"{_any(POLL_QUESTIONS)}\b.*", re.I)
_POLL_ANSWER = re.compile(rf"{_any(POLL_ANSWERS)}\s*(?:\(?\d+%?\)?)?", re.I)
_NAVIGATION = re.compile(
    rf"{_any(POPULAR_MARKERS, PAGE_MARKERS)}{_TRAIL}"
    rf"|{_any(TAG_LABELS)}\s*:.{{0,200}}|{_any(TAG_LABELS)}{_TRAIL}",
    re.I,
)
_LIST_NAVIGATION = re.compile(rf"{_any(POPULAR_MARKERS, TAG_LABELS)}{_TRAIL}", re.I)
_READING_TIME = re.compile(
    rf"{_any(READING_TIME[0])}\s*:?\s*\d[\d.,]*\s*{_any(READING_TIME[1])}?"
    rf"|\d+\s*{_any(READING_TIME[1])}\s+{_any(READING_TIME[2])}",
    re.I,
)
_BUTTONS = re.compile(rf"(?:{_any(SHARE_MARKERS, FONT_MARKERS)}(?![\w+-])[\s:|•·,/]*)+", re.I)
_COPYRIGHT = re.compile(
    rf"{_any(COPYRIGHT_MARKERS)}.*"
    rf"|{_any(COPYRIGHT_NOTICES[0])}\b.*\b{_any(COPYRIGHT_NOTICES[1])}\b.*",
    re.I,
)
_SEPARATOR = re.compile(rf"\s*(?:{'|'.join(re.escape(s) for s in BREADCRUMB_SEPARATORS)})\s*")
_SECTION = re.compile(rf"{_any(SECTION_NAMES)}", re.I)
#: Whole-line links: "Baca juga: …", "BACA JUGA:", "Baca:", "Lihat Juga :", "Berita Terkait",
#: "Baca lebih lanjut dari Yahoo Berita:", "Simak Video …", "[Gambas:Video 20detik]"
_RELATED = re.compile(
    rf"{_any(RELATED_MARKERS)}(?:\s*:.*)?"
    rf"|{_any(READ_MORE_MARKERS)}\b[^.!?]{{0,80}}"
    rf"|{_any(VIDEO_MARKERS)}\b.{{0,200}}"
    rf"|{_any(RELATED_TITLE_MARKERS)}\b.{{0,150}}",
    re.I,
)
#: A link glued after the last sentence of a paragraph: "… kata dia. Baca juga: …"
_TRAILING_RELATED = re.compile(
    rf"(?<=[.!?”\"’])\s*(?P<link>(?i:{phrase_pattern(INLINE_RELATED_MARKERS)})\s*:.*)"
)

_CREDIT_WORD = re.compile(rf"\b{_any(CREDIT_WORDS)}\b", re.I)
_EDITOR_CODE = re.compile(r"[a-z][a-z0-9]{1,7}(?:/[a-z][a-z0-9]{1,7})*")
_SLASH_CREDIT = re.compile(r"[A-Z][^/\d]*(?:/[A-Z][^/\d]*)+")
_DATE_LIKE = re.compile(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}")
_PAREN_LINE = re.compile(
    r"\(\s*(?P<inner>[^()]{1,100}?)\s*\)|\[\s*(?P<binner>[^\[\]]{1,100}?)\s*\]"
)
_SITE_CREDIT = re.compile(rf"\(\s*(?P<site>{_DOMAIN})\s*,\s*[^()]+\)")
_PHOTO_LABEL = rf"(?i:{phrase_pattern(PHOTO_LABELS)})"
_LABEL_CREDIT_LINE = re.compile(rf"{_PHOTO_LABEL}\s*:\s*\S.{{0,80}}")
#: "TRIBUNNEWS.COM/GALIH PRASETYO", "ANTARA FOTO/Rina Oktaviani/foc."
_SLASH_CREDIT_LINE = re.compile(
    r"[A-Z][A-Z0-9.&-]*(?:\s[A-Z][A-Z0-9.&-]*){0,3}/[^/]{1,60}(?:/[^/]{1,30}){0,2}"
)
_SYNDICATION = re.compile(rf"{_any(SYNDICATION_MARKERS)}\b.*", re.I)
_IMAGE_FILE = re.compile(rf"[\w .()-]{{1,120}}\.(?i:{phrase_pattern(IMAGE_EXTENSIONS)})")
_TRAILING_PAREN = re.compile(r"\((?P<inner>[^()]{1,100})\)$|\[(?P<binner>[^\[\]]{1,100})\]$")
_TRAILING_LABEL_CREDIT = re.compile(
    rf"(?:(?<=\s)|^)(?P<credit>{_PHOTO_LABEL}\s*:\s*[^\s:][^:]{{0,60}})$"
)
_TRAILING_SLASH_CREDIT = re.compile(
    r"(?<=[.!?]\s)(?P<credit>[A-Z][A-Z0-9.&-]*(?:\s[A-Z][A-Z0-9.&-]*){0,3}/[^/\s][^/]{0,60}"
    r"(?:/[^/]{1,30}){0,2})$"
)
_TRAILING_COPYRIGHT = re.compile(r"(?<=\s)(?P<credit>©\s*\d{0,4}\s*\S.{0,60})$")
_TRAILING_IMAGE_FILE = re.compile(
    rf"(?<=\s)(?P<credit>[\w.-]{{1,80}}\.(?i:{phrase_pattern(IMAGE_EXTENSIONS)}))$"
)
#: A stray lower-case editor code glued to the last sentence: "… kata Easley.sinpo"
_TRAILING_CODE = re.compile(r"(?<=[.!?”\"’])(?P<code>[a-z]{2,8})$")
_NAME = re.compile(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}")
_BIO = re.compile(
    rf"\b{_any(BIO_OPENERS)}\s+(?:\w+\s+){{0,2}}?"
    rf"{_any(BIO_ROLES)}\b",
    re.I,
)
_BIO_LABEL = re.compile(phrase_pattern(BIO_LABELS), re.I)
_CLOSERS = "".join(sorted(CLOSING_QUOTE_CHARACTERS)) + ")]"
"""What may stand after a sentence's last mark: closing quotes (annot.lang.id) and brackets."""
_OPENERS = "".join(sorted(OPENING_QUOTE_CHARACTERS)) + "(["
_SENTENCE_BREAK = re.compile(rf"[.!?…][{re.escape(_CLOSERS)}]*\s+[A-Z{re.escape(_OPENERS)}]")
_QUOTE_MARKS = frozenset((*OPENING_QUOTES, *CLOSING_QUOTES))


# --------------------------------------------------------------------------------------------
# Line tests
# --------------------------------------------------------------------------------------------


def _is_blank(char: str) -> bool:
    return char.isspace() or char == "\ufeff"


def _word_count(text: str) -> int:
    return len(text.split())


def _last_char(text: str) -> str:
    stripped = text.rstrip(_CLOSERS)
    return stripped[-1] if stripped else ""


def _has_quote(text: str) -> bool:
    return any(mark in text for mark in _QUOTE_MARKS)


def _is_title_like(text: str) -> bool:
    """A headline: short, not ending like a sentence (a question or "!" may), no dateline."""
    if text.endswith("...") or text.endswith("…"):
        return _word_count(text) <= 30
    return (
        _word_count(text) <= 30
        and len(text) <= 250
        and _last_char(text) not in ".,;:"
        and any(c.isalpha() for c in text)
        and _PLACE_PREFIX.match(text) is None
    )


def _is_heading_like(text: str) -> bool:
    """A subheading: a short line that does not end like a sentence ("?" allowed)."""
    code = _TRAILING_CODE.search(text)
    if code is not None:
        text = text[: code.start()]
    return (
        _word_count(text) <= 15
        and len(text) <= 120
        and _last_char(text) not in ".,;:!…"
        and any(c.isalpha() for c in text)
    )


def _is_caption_like(text: str) -> bool:
    """One short sentence without quotes: what a photo caption looks like."""
    return _word_count(text) <= 60 and not _SENTENCE_BREAK.search(text) and not _has_quote(text)


def _site_of(text: str) -> str | None:
    """The domain of a printed site name ("KOMPAS.TV", "CNN Indonesia", "detikNews")."""
    text = text.strip().rstrip("+")
    if _DOMAIN_LINE.fullmatch(text):
        return text.lower().removeprefix("www.")
    name = " ".join(text.lower().split())
    if name in OUTLET_NAMES:
        return OUTLET_NAMES[name]
    outlet = _OUTLET_SECTION.fullmatch(text)  # "kumparanNEWS", "detikFinance"
    return OUTLET_NAMES[outlet["outlet"].lower()] if outlet else None


def _is_site_name(text: str) -> bool:
    return _site_of(text) is not None


def _is_section_label(text: str) -> bool:
    return _word_count(text) <= 3 and _SECTION.fullmatch(text.rstrip(" :")) is not None


def _is_breadcrumb(text: str) -> bool:
    """ "HOME > NEWS > NASIONAL", "Home » Regional » Jawa Barat", "HOME NEWS NASIONAL"."""
    parts = [part for part in _SEPARATOR.split(text) if part]
    if len(parts) >= 2 and all(_word_count(part) <= 4 for part in parts):
        first = parts[0].lower()
        return first in BREADCRUMB_ROOTS or all(_is_section_label(part) for part in parts)
    words = text.split()
    return (
        2 <= len(words) <= 6
        and words[0].lower() in BREADCRUMB_ROOTS
        and all(_is_section_label(word) for word in words)
    )


def _is_buttons(text: str) -> bool:
    """Share and font-size buttons: "Bagikan:", "Facebook Twitter WhatsApp", "A A A"."""
    return _word_count(text) <= 12 and _BUTTONS.fullmatch(text) is not None


def _is_promo(text: str) -> bool:
    """A promotion of the outlet's channels, a Cek Fakta hotline, a "klik: site" ad."""
    text = _BULLET.sub("", text, count=1) if _BULLET.match(text) else text
    return _word_count(text) <= 45 and not _has_quote(text) and _PROMO.fullmatch(text) is not None


@dataclass(frozen=True)
class _ByLine:
    """What a byline line says: who wrote and edited, and maybe the site and the date."""

    authors: list[str]
    editors: list[str]
    site: str | None = None
    published: Published | None = None


def _label_kinds(label: str) -> set[str]:
    """ "Redaktur & Reporter" -> {"editor", "author"}."""
    return {
        BYLINE_LABELS[" ".join(part.lower().split())]
        for part in _LABEL_SPLIT.split(label)
        if " ".join(part.lower().split()) in BYLINE_LABELS
    }


def _names(text: str) -> list[str] | None:
    names = text.strip()
    if _word_count(names) > 12 or _has_quote(names):
        return None
    return [name for name in _NAME_SPLIT.split(names) if name]


def _labelled_byline(text: str, *, bare: bool) -> _ByLine | None:
    """ "Penulis: A, B | Editor: C", "Rep: A Red: B", "Redaktur & Reporter : A",
    "Oleh A", "Penulis A | Editor B"."""
    authors: list[str] = []
    editors: list[str] = []
    parts = _BYLINE_SPLIT.split(text)
    for part in parts:
        match = _BYLINE_PART.fullmatch(part)
        if match is None:
            match = _BARE_PART.fullmatch(part)
            bare_ok = (
                bare
                or len(parts) > 1
                or (match is not None and match["label"].lower() in BARE_BYLINE_LABELS)
            )
            if match is None or not bare_ok:
                return None
        found = _names(match["names"])
        if found is None:
            return None
        kinds = _label_kinds(match["label"])
        if "author" in kinds:
            authors.extend(found)
        if "editor" in kinds:
            editors.extend(found)
    return _ByLine(authors, editors)


def _byline(text: str, *, bare: bool = False) -> _ByLine | None:
    """The byline a line is, in any of the common forms, or ``None``.

    ``bare`` also reads "Penulis A" / "Editor B" (a label without a colon before one name),
    which only the line's neighbours can tell from a headline ("Editor Majalah Ditangkap").
    """
    labelled = _labelled_byline(text, bare=bare)
    if labelled is not None:
        return labelled
    report = _REPORT_LINE.fullmatch(text)
    if report is not None:
        return _ByLine([report["names"]], [], site=_site_of(report["site"]))
    site = _NAME_SITE.fullmatch(text)
    if site is not None:
        names, printed = (
            (site["names"], site["site"]) if site["names"] else (site["cnames"], site["csite"])
        )
        return _ByLine([names], [], site=_site_of(printed))
    role = _NAME_ROLE.fullmatch(text)
    if role is not None:
        published = _dateline(role["date"]) if role["date"] else None
        if role["date"] and published is None:
            return None
        kinds = _label_kinds(role["label"])
        return _ByLine(
            [role["names"]] if "author" in kinds else [],
            [role["names"]] if "editor" in kinds else [],
            published=published,
        )
    dated = _NAME_DATE.fullmatch(text)
    if dated is not None:
        published = _dateline(dated["date"])
        if published is not None:
            return _ByLine([dated["names"]], [], published=published)
    return None


def _is_credit_text(inner: str) -> bool:
    """Whether the inside of "(…)" names a photo/text source rather than saying something."""
    inner = inner.strip()
    if not inner or _word_count(inner) > 10 or _DATE_LIKE.search(inner):
        return False
    return bool(
        _CREDIT_WORD.search(inner)
        or _DOMAIN_LINE.search(inner)
        or _SLASH_CREDIT.fullmatch(inner)
        or _EDITOR_CODE.fullmatch(inner)
        or ("/" in inner and _OUTLET_WORD.search(inner) is not None)  # "Rahmat/detikcom"
    )


def _paren_inner(match: re.Match[str]) -> str:
    return match["inner"] if match["inner"] is not None else match["binner"]


def _is_standalone_credit(text: str) -> bool:
    """A line that is only a credit: "(Tribunnews.com, Tiara Shelavie)", "(Susi Susanti)",
    "[ded]", "Foto: Republika/Nadia", "TRIBUNNEWS.COM/GALIH", "IMG_1234.jpg"."""
    paren = _PAREN_LINE.fullmatch(text)
    if paren is not None:
        inner = _paren_inner(paren)
        return (
            _is_credit_text(inner)
            or _NAME.fullmatch(inner) is not None
            or bool(_SITE_CREDIT.fullmatch(text))
        )
    if _word_count(text) <= 10 and _LABEL_CREDIT_LINE.fullmatch(text) is not None:
        return _trailing_paren_credit(text) is None  # "Foto: caption (credit)" is a caption
    if _word_count(text) <= 8 and _SLASH_CREDIT_LINE.fullmatch(text) is not None:
        return True
    if _SYNDICATION.fullmatch(text) is not None:
        return True
    return _IMAGE_FILE.fullmatch(text) is not None and _is_file_name(text)


def _is_file_name(text: str) -> bool:
    """ "IMG_1234.jpg", "WhatsApp Image 2024-08-14 at 10.05.12.jpeg"; not a sentence."""
    return _word_count(text) <= 8 and not _SENTENCE_BREAK.search(text) and ". " not in text


def _whole_line_role(text: str) -> Role | None:
    """The role of a line that is noise (or a byline/dateline) as a whole."""
    quoted = _has_quote(text)
    if _COMMENTS.fullmatch(text) or (_COMMENT_POLICY.fullmatch(text) and not quoted):
        return Role.COMMENTS
    if _AD_LINE.fullmatch(text) or _is_promo(text):
        return Role.ADVERTISEMENT
    if _POLL_QUESTION.fullmatch(text) and _word_count(text) <= 15 and not quoted:
        return Role.POLL
    if (
        _NAVIGATION.fullmatch(text)
        or _is_buttons(text)
        or _is_breadcrumb(text)
        or _READING_TIME.fullmatch(text)
        or not any(char.isalnum() for char in text)
        or (_COPYRIGHT.fullmatch(text) and _word_count(text) <= 30 and not quoted)
    ):
        return Role.NAVIGATION
    if _RELATED.fullmatch(text) and _word_count(text) <= 30:
        return Role.RELATED
    if _byline(text) is not None or _LABEL_ONLY.fullmatch(text):
        return Role.BYLINE
    if _dateline(text) is not None or _PLACE_LINE.fullmatch(text):
        return Role.DATELINE
    if _BIO_LABEL.fullmatch(text.rstrip(":")):
        return Role.BIO
    if _is_standalone_credit(text):
        return Role.CREDIT
    return None


def _is_list_header(role: Role, text: str) -> bool:
    """Whether a list follows: "Artikel Terkait", "Baca Juga", "POPULER", "Tag", a poll."""
    if role is Role.RELATED:
        return text.endswith(":") or ":" not in text
    if role is Role.POLL:
        return True
    return role is Role.NAVIGATION and _LIST_NAVIGATION.fullmatch(text) is not None


def _trailing_paren_credit(text: str) -> tuple[int, bool] | None:
    paren = _TRAILING_PAREN.search(text)
    if paren is not None and _is_credit_text(_paren_inner(paren)):
        return paren.start(), _EDITOR_CODE.fullmatch(_paren_inner(paren).strip()) is not None
    return None


def _trailing_credit(text: str) -> tuple[int, bool] | None:
    """Where a credit at the end of the line starts, and whether it is an editor code."""
    paren = _trailing_paren_credit(text)
    if paren is not None:
        return paren
    label = _TRAILING_LABEL_CREDIT.search(text)
    if label is not None and _word_count(label["credit"]) <= 8:
        return label.start("credit"), False
    for pattern in (_TRAILING_SLASH_CREDIT, _TRAILING_COPYRIGHT, _TRAILING_IMAGE_FILE):
        found = pattern.search(text)
        if found is not None and _word_count(found["credit"]) <= 8:
            return found.start("credit"), False
    return None


def _caption_or_body(before_credit: str, *, editor_code: bool) -> Role:
    """A short single sentence before a photo credit is a caption; anything else is body."""
    if editor_code or _has_quote(before_credit):
        return Role.BODY
    return Role.CAPTION if _is_caption_like(before_credit) else Role.BODY


# --------------------------------------------------------------------------------------------
# Segmentation
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    """A trimmed stretch ``raw[start:end]`` with its role; later passes replace pieces."""

    role: Role
    start: int
    end: int


@dataclass
class _Line:
    start: int
    end: int
    text: str
    pieces: list[_Piece]

    @property
    def sole_role(self) -> Role | None:
        return self.pieces[0].role if len(self.pieces) == 1 else None

    def set_role(self, role: Role) -> None:
        self.pieces = [_Piece(role, self.start, self.end)]


def _trim(raw: str, start: int, end: int) -> tuple[int, int]:
    while start < end and _is_blank(raw[start]):
        start += 1
    while end > start and _is_blank(raw[end - 1]):
        end -= 1
    return start, end


def _pieces(raw: str, base: int, parts: Sequence[tuple[Role, int, int]]) -> list[_Piece]:
    pieces: list[_Piece] = []
    for role, start, end in parts:
        s, e = _trim(raw, base + start, base + end)
        if s < e:
            pieces.append(_Piece(role, s, e))
    return pieces


def _content_lines(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    offset = 0
    for chunk in raw.splitlines(keepends=True):
        start, end = _trim(raw, offset, offset + len(chunk))
        offset += len(chunk)
        if start < end:
            lines.append(_Line(start, end, raw[start:end], []))
    return lines


def _classify(raw: str, line: _Line) -> list[_Piece]:
    text = line.text
    whole = _whole_line_role(text)
    if whole is not None:
        return _pieces(raw, line.start, [(whole, 0, len(text))])
    credit = _trailing_credit(text)
    if credit is not None:
        cut, editor_code = credit
        role = _caption_or_body(text[:cut].strip(), editor_code=editor_code)
        return _pieces(raw, line.start, [(role, 0, cut), (Role.CREDIT, cut, len(text))])
    link = _TRAILING_RELATED.search(text)
    if link is not None:
        cut = link.start("link")
        return _pieces(raw, line.start, [(Role.BODY, 0, cut), (Role.RELATED, cut, len(text))])
    role = Role.HEADING if _is_heading_like(text) else Role.BODY
    return _pieces(raw, line.start, [(role, 0, len(text))])


_ABOVE_TITLE: Final = frozenset(
    {Role.NAVIGATION, Role.ADVERTISEMENT, Role.MASTHEAD, Role.BYLINE, Role.DATELINE}
)


def _mark_header(lines: list[_Line]) -> int | None:
    """Mastheads and section labels above the title, the title, a masthead just under it.

    Returns the title's index. The title is the first plain line that looks like a headline,
    when only mastheads, menus, breadcrumbs, bylines and dates stand above it.
    """
    index = 0
    while index < len(lines):
        line = lines[index]
        if _is_site_name(line.text) and line.sole_role is not Role.DATELINE:
            line.set_role(Role.MASTHEAD)
        elif _is_section_label(line.text):
            line.set_role(Role.NAVIGATION)
        elif line.sole_role not in _ABOVE_TITLE:
            break
        index += 1
    if index >= len(lines):
        return None
    line = lines[index]
    if line.sole_role not in (Role.BODY, Role.HEADING) or not _is_title_like(line.text):
        return None
    line.set_role(Role.TITLE)
    for after in lines[index + 1 : index + 4]:
        if after.sole_role in (Role.BODY, Role.HEADING) and _is_site_name(after.text):
            after.set_role(Role.MASTHEAD)
    return index


_BYLINE_NEIGHBOURS: Final = frozenset(
    {Role.BYLINE, Role.DATELINE, Role.NAVIGATION, Role.MASTHEAD, Role.TITLE}
)


def _mark_name_bylines(lines: list[_Line], title: int | None) -> None:
    """Names on their own line: after "Reporter"/"Editor" label lines (Tempo), and the
    author's name between the title and the date line (Suara)."""
    for previous, line in itertools.pairwise(lines):
        if (
            previous.sole_role is Role.BYLINE
            and _LABEL_ONLY.fullmatch(previous.text)
            and line.sole_role in (Role.HEADING, Role.BODY)
            and _names(line.text)
            and all(_NAME.fullmatch(name) for name in _names(line.text) or [])
        ):
            line.set_role(Role.BYLINE)
    for index, line in enumerate(lines):
        bare = _BARE_PART.fullmatch(line.text)
        if (
            line.sole_role in (Role.HEADING, Role.BODY)
            and bare is not None
            and _PERSON_NAME.fullmatch(bare["names"])
            and any(
                lines[i].sole_role in _BYLINE_NEIGHBOURS
                for i in (index - 1, index + 1)
                if 0 <= i < len(lines)
            )
        ):
            line.set_role(Role.BYLINE)  # "Penulis Made Ayu" under the title, "Editor A" at the end
    if title is not None and title + 2 < len(lines):
        name, below = lines[title + 1], lines[title + 2]
        if (
            name.sole_role in (Role.HEADING, Role.BODY)
            and _PERSON_NAME.fullmatch(name.text)
            and below.sole_role is Role.DATELINE
            and _dateline(below.text) is not None
        ):
            name.set_role(Role.BYLINE)


def _mark_subtitles(lines: list[_Line], title: int | None) -> None:
    """Up to two plain lines between the title and a byline/dateline are the standfirst."""
    if title is None:
        return
    after = title + 1
    for i in range(after, min(after + 3, len(lines))):
        if lines[i].sole_role in (Role.BYLINE, Role.DATELINE):
            between = lines[after:i]
            if all(line.sole_role in (Role.BODY, Role.HEADING) for line in between):
                for line in between:
                    line.set_role(Role.SUBTITLE)
            return


def _is_list_item(list_role: Role, line: _Line) -> bool:
    role = line.sole_role
    if list_role is Role.POLL:
        return role is not None and _POLL_ANSWER.fullmatch(line.text) is not None
    if role is Role.HEADING:
        return True
    return role is Role.BODY and line.text.strip("#*•·.) ").isdigit()


def _mark_lists(lines: list[_Line]) -> None:
    """Short lines right after "Baca Juga", "Artikel Terkait", "POPULER", "Tag" or a poll
    question are links, navigation or poll answers too."""
    list_role: Role | None = None
    for line in lines:
        if list_role is not None and _is_list_item(list_role, line):
            line.set_role(list_role)
            continue
        role = line.sole_role
        list_role = role if role is not None and _is_list_header(role, line.text) else None


def _mark_bios(lines: list[_Line]) -> list[str]:
    """First-person author bios ("Saya seorang penulis …") and the name line above them."""
    names: list[str] = []
    for i, line in enumerate(lines):
        previous = lines[i - 1] if i > 0 else None
        after_label = previous is not None and bool(_BIO_LABEL.fullmatch(previous.text.rstrip(":")))
        first_person = _BIO.search(line.text[:300]) is not None and not _has_quote(line.text)
        if line.sole_role is not Role.BODY or not (first_person or after_label):
            continue
        line.set_role(Role.BIO)
        if (
            previous is not None
            and previous.sole_role in (Role.HEADING, Role.BODY)
            and _NAME.fullmatch(previous.text)
        ):
            previous.set_role(Role.BIO)
            names.append(previous.text)
    return names


def _lead_prefix(text: str) -> re.Match[str] | None:
    return _PLACE_PREFIX.match(text) or _LEAD_PLACE.match(text)


def _find_lead(lines: list[_Line], title: int | None) -> int | None:
    """The lead paragraph: the first body line, opening with a dateline, after nothing but
    header lines and one-sentence captions."""
    for index in range(0 if title is None else title + 1, len(lines)):
        line = lines[index]
        if line.sole_role is Role.DATELINE and _PLACE_LINE.fullmatch(line.text):
            return index  # "Jakarta, CNN Indonesia --" on a line of its own
        if line.sole_role is not Role.BODY:
            continue
        if _lead_prefix(line.text) is not None:
            return index
        if not _is_caption_like(line.text):
            return None
    return None


def _mark_header_captions(lines: list[_Line], title: int | None, lead: int) -> None:
    """Between the title and the lead, a line with a photo credit, or beside a credit line,
    is a caption."""
    for index in range(0 if title is None else title + 1, lead):
        line = lines[index]
        roles = [piece.role for piece in line.pieces]
        if roles == [Role.BODY, Role.CREDIT]:
            line.pieces = [_Piece(Role.CAPTION, *_span(line.pieces[0])), line.pieces[1]]
        elif line.sole_role is Role.BODY:
            beside = [lines[i] for i in (index - 1, index + 1) if 0 <= i < len(lines)]
            if any(other.sole_role is Role.CREDIT for other in beside):
                line.set_role(Role.CAPTION)


def _span(piece: _Piece) -> tuple[int, int]:
    return piece.start, piece.end


def _split_lead(raw: str, line: _Line) -> str | None:
    """Split "jpnn.com, JAKARTA - " / "Kupang: " off the lead paragraph; the site it names."""
    match = _lead_prefix(line.text)
    assert match is not None
    cut = match.end()
    line.pieces = _pieces(
        raw, line.start, [(Role.DATELINE, 0, cut), (Role.BODY, cut, len(line.text))]
    )
    return _place_site(match)


def _place_site(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    for name in ("site", "placesite", "outlet", "agency", "capsagency"):
        value = groups.get(name)
        if value:
            return _site_of(value)
    return None


def _split_trailing_code(raw: str, pieces: list[_Piece]) -> None:
    """Split a glued editor code ("… kata Easley.sinpo") off the last body paragraph."""
    bodies = [i for i, piece in enumerate(pieces) if piece.role is Role.BODY]
    if not bodies:
        return
    index = bodies[-1]
    piece = pieces[index]
    match = _TRAILING_CODE.search(raw, piece.start, piece.end)
    if match is None or match["code"].lower() in TOP_LEVEL_DOMAINS:
        return
    pieces[index : index + 1] = [
        _Piece(Role.BODY, piece.start, match.start()),
        _Piece(Role.CREDIT, match.start(), piece.end),
    ]


def _mark_duplicates(raw: str, pieces: list[_Piece]) -> None:
    """A body paragraph that repeats an earlier one word for word is a duplicate."""
    seen: set[str] = set()
    for index, piece in enumerate(pieces):
        if piece.role is not Role.BODY:
            continue
        text = raw[piece.start : piece.end]
        if text in seen and _word_count(text) >= 5:
            pieces[index] = _Piece(Role.DUPLICATE, piece.start, piece.end)
        seen.add(text)


def _detect_source(raw: str, pieces: Sequence[_Piece], lead_site: str | None) -> str | None:
    """The site: a masthead, else the dateline, a byline, a credit, the outlet's own promo."""
    texts = [(piece.role, raw[piece.start : piece.end]) for piece in pieces]
    for role, text in texts:
        if role is Role.MASTHEAD:
            return _site_of(text)
    if lead_site is not None:
        return lead_site
    candidates: list[str | None] = []
    for role, text in texts:
        if role is Role.DATELINE:
            place = _PLACE_LINE.fullmatch(text)
            candidates.append(_place_site(place) if place else None)
        elif role is Role.BYLINE:
            byline = _byline(text)
            candidates.append(byline.site if byline else None)
        elif role is Role.CREDIT:
            credit = _SITE_CREDIT.fullmatch(text)
            candidates.append(_site_of(credit["site"]) if credit else None)
    for role, text in texts:
        if role is Role.ADVERTISEMENT:
            outlet = _OUTLET_WORD.search(text)
            candidates.append(_site_of(outlet.group(0)) if outlet else None)
    return next((site for site in candidates if site), None)


def _detect_published(raw: str, pieces: Sequence[_Piece]) -> Published | None:
    for piece in pieces:
        text = raw[piece.start : piece.end]
        if piece.role is Role.DATELINE:
            published = _dateline(text)
        elif piece.role is Role.BYLINE:
            byline = _byline(text)
            published = byline.published if byline else None
        else:
            continue
        if published is not None:
            return published
    found: list[Published] = []
    for piece in pieces:
        if piece.role in ANNOTATABLE_ROLES or piece.role is Role.CAPTION:
            text = raw[piece.start : piece.end]
            found += [p for _, p in _date_matches(text, _NUMERIC_DATE, "body")]
    return max(found, key=lambda p: p.date) if found else None


def _people(raw: str, pieces: Sequence[_Piece]) -> tuple[list[str], list[str]]:
    """Authors and editors from the byline pieces, including "Reporter" / "Name" line pairs."""
    authors: list[str] = []
    editors: list[str] = []

    def add(names: Sequence[str], kinds: set[str]) -> None:
        if "author" in kinds:
            authors.extend(n for n in names if n not in authors)
        if "editor" in kinds:
            editors.extend(n for n in names if n not in editors)

    pending: set[str] | None = None
    for piece in pieces:
        if piece.role is not Role.BYLINE:
            continue
        text = raw[piece.start : piece.end]
        label = _LABEL_ONLY.fullmatch(text)
        if label is not None:
            pending = _label_kinds(label["label"])
            continue
        byline = _byline(text, bare=True)
        if byline is not None:
            add(byline.authors, {"author"})
            add(byline.editors, {"editor"})
        else:
            add(_names(text) or [], pending or {"author"})
        pending = None
    return authors, editors


def _segments(raw: str, pieces: Sequence[_Piece]) -> tuple[str, list[Segment]]:
    texts: list[str] = []
    segments: list[Segment] = []
    position = 0
    for piece in pieces:
        if piece.role not in ANNOTATABLE_ROLES:
            segments.append(Segment(role=piece.role, raw_start=piece.start, raw_end=piece.end))
            continue
        if texts:
            position += len(PARAGRAPH_SEPARATOR)
        length = piece.end - piece.start
        segments.append(
            Segment(
                role=piece.role,
                raw_start=piece.start,
                raw_end=piece.end,
                text_start=position,
                text_end=position + length,
            )
        )
        texts.append(raw[piece.start : piece.end])
        position += length
    return PARAGRAPH_SEPARATOR.join(texts), segments


def _warn(doc_id: str, what: str) -> None:
    warnings.warn(f"document {doc_id!r}: {what}", IngestWarning, stacklevel=3)


def parse_article(
    raw: str, *, doc_id: str, raw_sha256: str | None = None, source: str | None = None
) -> Document:
    """Parse one decoded raw article into a :class:`Document` (pure; never raises on text).

    ``source`` overrides the site detected from the text. An unrecognised layout (empty text,
    a single paragraph, no title/byline/dateline) is kept as body with an
    :class:`IngestWarning` that names the document and what was assumed.
    """
    lines = _content_lines(raw)
    if len(lines) <= 1:
        pieces = [_Piece(Role.BODY, line.start, line.end) for line in lines]
        what = "the text is empty" if not lines else "the text is a single paragraph"
        _warn(doc_id, f"{what}; no title, byline or date recognised, kept whole as body")
        return _document(raw, pieces, doc_id=doc_id, raw_sha256=raw_sha256, source=source)
    for line in lines:
        line.pieces = _classify(raw, line)
    title = _mark_header(lines)
    _mark_name_bylines(lines, title)
    _mark_subtitles(lines, title)
    _mark_lists(lines)
    bio_names = _mark_bios(lines)
    lead = _find_lead(lines, title)
    lead_site = None
    if lead is not None:
        _mark_header_captions(lines, title, lead)
        if lines[lead].sole_role is Role.BODY:
            lead_site = _split_lead(raw, lines[lead])
    pieces = [piece for line in lines for piece in line.pieces]
    _split_trailing_code(raw, pieces)
    _mark_duplicates(raw, pieces)
    header_roles = {Role.TITLE, Role.MASTHEAD, Role.BYLINE, Role.DATELINE}
    if not any(piece.role in header_roles for piece in pieces):
        _warn(
            doc_id,
            "no title, masthead, byline or dateline recognised; assumed every line is body "
            "text unless it is a known noise line (caption, credit, link, comments)",
        )
    return _document(
        raw,
        pieces,
        doc_id=doc_id,
        raw_sha256=raw_sha256,
        source=source or _detect_source(raw, pieces, lead_site),
        bio_names=bio_names,
    )


def _document(
    raw: str,
    pieces: Sequence[_Piece],
    *,
    doc_id: str,
    raw_sha256: str | None,
    source: str | None,
    bio_names: Sequence[str] = (),
) -> Document:
    text, segments = _segments(raw, pieces)
    authors, editors = _people(raw, pieces)
    titles = [raw[p.start : p.end] for p in pieces if p.role is Role.TITLE]
    return Document(
        id=doc_id,
        text=text,
        title=titles[0] if titles else None,
        source=source,
        published=_detect_published(raw, pieces),
        authors=authors or list(dict.fromkeys(bio_names)),
        editors=editors,
        language="id",
        raw_sha256=raw_sha256,
        segments=segments,
    )
