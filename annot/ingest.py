"""Ingest: scraped Indonesian news articles (``raw/*.txt``) to :class:`Document`.

The raw text is never changed. :func:`parse_article` cuts it into role-tagged segments
(title, byline, body, caption, credit, related links, comments, ...) that carry code-point
offsets into the raw text; ``Document.text`` is derived from the annotatable segments (title,
subtitle, headings, body) joined by blank lines. Every non-blank character of the raw text lies
in exactly one segment, and segments never begin or end with whitespace (NBSP included).

A layout that cannot be read degrades to "the whole text is body" with an
:class:`IngestWarning`, never an exception; only unreadable files raise :class:`IngestError`.

    >>> doc = ingest_file(Path("raw/000_b0ce670c80f3f80d.txt"))  # doctest: +SKIP
    >>> doc.title, doc.source, doc.published.date  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from pydantic import Field, ValidationError

from annot.errors import IngestError
from annot.lang.id import MONTHS, TOP_LEVEL_DOMAINS, WEEKDAYS, phrase_pattern
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


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

_ZONES: Final[dict[str, Zone]] = {"WIB": "WIB", "WITA": "WITA", "WIT": "WIT"}
_WEEKDAY = rf"(?:{phrase_pattern(WEEKDAYS)})"
_MONTH_NAMES = phrase_pattern(MONTHS)

#: "Rabu, 26 Juni 2024 | 15:41 WIB", "26 Juni 2024", "Kamis, 14 Sep. 2023 pukul 10.30 WITA"
_LONG_DATE = re.compile(
    rf"(?:\b(?P<weekday>{_WEEKDAY})\s*,?\s*)?"
    rf"(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_NAMES})\b\.?\s+(?P<year>\d{{4}})(?!\d)"
    r"(?:\s*(?:[|,•·–-]\s*)?(?:(?:pukul|jam)\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?!\d)"
    r"(?:\s*(?P<zone>WITA|WIB|WIT)\b)?)?",
    re.IGNORECASE,
)
#: "Rabu (19/6/2024)", "(14/9/2023)"
_NUMERIC_DATE = re.compile(
    rf"(?:\b(?P<weekday>{_WEEKDAY})\s*)?"
    r"\(\s*(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})\s*/\s*(?P<year>\d{4})\s*\)",
    re.IGNORECASE,
)
_DATE_LABEL = re.compile(
    r"(?:Diterbitkan|Dipublikasikan|Diperbarui|Terbit|Update|Updated|Published)\s*:?\s*",
    re.IGNORECASE,
)


def parse_indonesian_date(text: str, *, source: PublishedSource = "dateline") -> Published | None:
    """The first valid Indonesian date in ``text``, or ``None``.

    Reads "Rabu, 26 Juni 2024 | 15:41 WIB" (weekday, time and zone optional; month names
    Januari…Desember with the Pebruari/Nopember spellings and common abbreviations; zones
    WIB/WITA/WIT) and "Rabu (19/6/2024)" / "(14/9/2023)". Impossible dates are skipped.
    ``Published.text`` is the matched words.
    """
    matches = [
        *_date_matches(text, _LONG_DATE, source),
        *_date_matches(text, _NUMERIC_DATE, source),
    ]
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
        timezone=_ZONES[zone.upper()] if zone else None,
        text=match.group(0).strip(),
        source=source,
    )


def _dateline(text: str) -> Published | None:
    """The date when the whole line is a date (optionally after "Diterbitkan:" etc.)."""
    label = _DATE_LABEL.match(text)
    offset = label.end() if label else 0
    for pattern in (_LONG_DATE, _NUMERIC_DATE):
        match = pattern.fullmatch(text, offset)
        if match is not None:
            return _published(match, "dateline")
    return None


# --------------------------------------------------------------------------------------------
# Line patterns
# --------------------------------------------------------------------------------------------

_TLDS = phrase_pattern(TOP_LEVEL_DOMAINS)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DOMAIN = rf"(?:www\.)?{_LABEL}(?:\.{_LABEL})*\.(?i:{_TLDS})\b"
_DOMAIN_LINE = re.compile(_DOMAIN)
_DASH = r"(?:--|[-–—])"
#: "BeritaNasional.com - ", "RUSIA – ", "JAKARTA, KOMPAS.com - ", "Jakarta (ANTARA) - "
_PLACE_PREFIX = re.compile(
    rf"(?:(?P<site>{_DOMAIN})"
    rf"|[A-Z]{{3,}}(?:[ .][A-Z]{{2,}}){{0,3}}(?:\s*,\s*(?P<placesite>{_DOMAIN}))?"
    r"(?:\s*\([A-Za-z][\w .]{0,29}\))?"
    r"|[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}\s*\([A-Z][A-Za-z.]{1,20}\))"
    rf"\s*{_DASH}(?=\s+\S)"
)

_BYLINE_LABELS: Final[dict[str, Literal["author", "editor"]]] = {
    "oleh": "author",
    "penulis": "author",
    "reporter": "author",
    "pewarta": "author",
    "wartawan": "author",
    "kontributor": "author",
    "editor": "editor",
    "redaktur": "editor",
    "penyunting": "editor",
}
_BYLINE_LABEL = "|".join(_BYLINE_LABELS)
_BYLINE_PART = re.compile(rf"(?P<label>{_BYLINE_LABEL})\s*:\s*(?P<names>[^:]*)", re.IGNORECASE)
_BYLINE_SPLIT = re.compile(rf"\s*[|•·]\s*|\s+(?=(?i:{_BYLINE_LABEL})\s*:)")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\bdan\b)\s*")

_COMMENTS = re.compile(
    r"(?:(?:kirim|tulis|beri|lihat|tampilkan)\s+komentar|\d*\s*komentar"
    r"|leave\s+a\s+(?:comment|reply)|post\s+a\s+comment|\d*\s*comments?)\s*:?",
    re.IGNORECASE,
)
_COMMENT_POLICY = re.compile(
    r"(?:isi\s+)?komentar\b.*\btanggung\s+jawab\b.*\b(?:pengguna|pembaca|komentator|pengirim)\b.*",
    re.IGNORECASE,
)
_NAVIGATION = re.compile(
    r"(?:recent|related|popular|latest)\s+posts?|berita\s+(?:terbaru|terkini|populer)"
    r"|terpopuler|terbaru|kategori|categories|bagikan(?:\s+artikel)?|share(?:\s+this)?"
    r"|ikuti\s+kami|follow\s+us|newsletter|menu|beranda"
    r"|(?:tags?|topik|kategori)\s*:.{0,120}",
    re.IGNORECASE,
)
_LIST_NAVIGATION = re.compile(
    r"(?:recent|related|popular|latest)\s+posts?|berita\s+(?:terbaru|terkini|populer)"
    r"|terpopuler|terbaru",
    re.IGNORECASE,
)
#: Whole-line links: "Baca juga: …", "Baca Juga : …", "Baca lebih lanjut dari Yahoo Berita:"
_RELATED = re.compile(
    r"(?:baca|lihat|simak)\s+(?:juga|pula)(?:\s*:.*)?"
    r"|baca\s+(?:lebih\s+lanjut|selengkapnya|berita\s+lainnya)\b[^.!?]{0,80}"
    r"|(?:artikel|berita)\s+(?:terkait|lainnya|pilihan|rekomendasi)\s*:?"
    r"|(?:related\s+articles|read\s+more|read\s+also)\s*:?.{0,120}",
    re.IGNORECASE,
)
#: A link glued after the last sentence of a paragraph: "… kata dia. Baca juga: …"
_TRAILING_RELATED = re.compile(
    r"(?<=[.!?”\"’])\s*(?P<link>(?i:baca|lihat|simak)\s+(?i:juga)\s*:.*)"
)

_CREDIT_WORD = re.compile(
    r"\b(?:foto|photo|dok|dokumentasi|istimewa|ist|via|getty|images|reuters|afp|ap|kcna"
    r"|antara|xinhua|yonhap|tass|sputnik|epa|anadolu|bloomberg|shutterstock|istock|unsplash"
    r"|pexels|freepik|instagram|twitter|youtube|facebook|tiktok|tangkapan\s+layar"
    r"|screenshot|kredit|sumber)\b",
    re.IGNORECASE,
)
_EDITOR_CODE = re.compile(r"[a-z]{2,6}(?:/[a-z]{2,6})*")
_SLASH_CREDIT = re.compile(r"[A-Z][^/\d]*(?:/[A-Z][^/\d]*)+")
_DATE_LIKE = re.compile(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}")
_PAREN_LINE = re.compile(r"\(\s*(?P<inner>[^()]{1,100}?)\s*\)")
_SITE_CREDIT = re.compile(rf"\(\s*(?P<site>{_DOMAIN})\s*,\s*[^()]+\)")
_LABEL_CREDIT_LINE = re.compile(
    r"(?:foto|photo|dok(?:umentasi)?\.?|sumber(?:\s+foto)?|kredit(?:\s+foto)?)\s*:\s*\S.{0,80}",
    re.IGNORECASE,
)
_TRAILING_PAREN = re.compile(r"\((?P<inner>[^()]{1,100})\)$")
_TRAILING_LABEL_CREDIT = re.compile(
    r"(?:(?<=\s)|^)(?P<credit>(?:FOTO|Foto|foto|PHOTO|Photo|DOK\.?|Dok\.?|Sumber\s+foto"
    r"|Kredit\s+foto)\s*:\s*[^\s:][^:]{0,60})$"
)
#: A stray lower-case editor code glued to the last sentence: "… kata Easley.sinpo"
_TRAILING_CODE = re.compile(r"(?<=[.!?”\"’])(?P<code>[a-z]{2,8})$")
_NAME = re.compile(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}")
_BIO = re.compile(
    r"\bsaya\s+(?:adalah\s+)?(?:seorang\s+)?(?:\w+\s+){0,2}?"
    r"(?:penulis|jurnalis|wartawan|reporter|editor|kontributor|blogger)\b",
    re.IGNORECASE,
)
_BIO_LABEL = re.compile(r"(?:tentang|profil)\s+penulis|about\s+the\s+author", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?…][\"”’)]*\s+[A-Z“\"‘(]")
_QUOTES = '“”"'
_CLOSERS = "\"”’'»)]"


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


def _byline(text: str) -> tuple[list[str], list[str]] | None:
    """(authors, editors) when the line is made of "Label: names" parts, else ``None``."""
    authors: list[str] = []
    editors: list[str] = []
    for part in _BYLINE_SPLIT.split(text):
        match = _BYLINE_PART.fullmatch(part)
        if match is None:
            return None
        names = match["names"].strip()
        if _word_count(names) > 12 or any(q in names for q in _QUOTES):
            return None
        found = [name for name in _NAME_SPLIT.split(names) if name]
        kind = _BYLINE_LABELS[match["label"].lower()]
        (authors if kind == "author" else editors).extend(found)
    return authors, editors


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
    )


def _is_standalone_credit(text: str) -> bool:
    """A line that is only a credit: "(Tribunnews.com, Tiara Shelavie)", "(Susi Susanti)"."""
    paren = _PAREN_LINE.fullmatch(text)
    if paren is not None:
        inner = paren["inner"]
        return (
            _is_credit_text(inner)
            or _NAME.fullmatch(inner) is not None
            or bool(_SITE_CREDIT.fullmatch(text))
        )
    return _LABEL_CREDIT_LINE.fullmatch(text) is not None and _word_count(text) <= 10


def _whole_line_role(text: str) -> Role | None:
    """The role of a line that is noise (or a byline/dateline) as a whole."""
    if _COMMENTS.fullmatch(text) or (
        _COMMENT_POLICY.fullmatch(text) and not any(q in text for q in _QUOTES)
    ):
        return Role.COMMENTS
    if _NAVIGATION.fullmatch(text):
        return Role.NAVIGATION
    if _RELATED.fullmatch(text):
        return Role.RELATED
    if _byline(text) is not None:
        return Role.BYLINE
    if _dateline(text) is not None:
        return Role.DATELINE
    if _BIO_LABEL.fullmatch(text.rstrip(":")):
        return Role.BIO
    if _is_standalone_credit(text):
        return Role.CREDIT
    return None


def _is_list_header(role: Role, text: str) -> bool:
    """Whether a list of links follows: "Artikel Terkait", "Baca … Berita:", "Recent Posts"."""
    if role is Role.RELATED:
        return text.endswith(":") or (_RELATED.fullmatch(text) is not None and ":" not in text)
    return role is Role.NAVIGATION and _LIST_NAVIGATION.fullmatch(text) is not None


def _trailing_credit(text: str) -> tuple[int, bool] | None:
    """Where a credit at the end of the line starts, and whether it is an editor code."""
    paren = _TRAILING_PAREN.search(text)
    if paren is not None and _is_credit_text(paren["inner"]):
        return paren.start(), _EDITOR_CODE.fullmatch(paren["inner"].strip()) is not None
    label = _TRAILING_LABEL_CREDIT.search(text)
    if label is not None and _word_count(label["credit"]) <= 8:
        return label.start("credit"), False
    return None


def _caption_or_body(before_credit: str, *, editor_code: bool) -> Role:
    """A short single sentence before a photo credit is a caption; anything else is body."""
    if editor_code or any(q in before_credit for q in _QUOTES):
        return Role.BODY
    if _word_count(before_credit) <= 60 and not _SENTENCE_BREAK.search(before_credit):
        return Role.CAPTION
    return Role.BODY


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


def _mark_masthead_and_title(lines: list[_Line]) -> None:
    index = 0
    if _DOMAIN_LINE.fullmatch(lines[0].text):
        lines[0].set_role(Role.MASTHEAD)
        index = 1
    if index < len(lines):
        line = lines[index]
        if line.sole_role in (Role.BODY, Role.HEADING) and _is_title_like(line.text):
            line.set_role(Role.TITLE)


def _mark_subtitles(lines: list[_Line]) -> None:
    """Up to two plain lines between the title and a byline/dateline are the standfirst."""
    titles = [i for i, line in enumerate(lines) if line.sole_role is Role.TITLE]
    if not titles:
        return
    after = titles[0] + 1
    for i in range(after, min(after + 3, len(lines))):
        if lines[i].sole_role in (Role.BYLINE, Role.DATELINE):
            between = lines[after:i]
            if all(line.sole_role in (Role.BODY, Role.HEADING) for line in between):
                for line in between:
                    line.set_role(Role.SUBTITLE)
            return


def _mark_lists(lines: list[_Line]) -> None:
    """Short link-like lines right after "Artikel Terkait" / "Recent Posts" are links too."""
    list_role: Role | None = None
    for line in lines:
        role = line.sole_role
        if list_role is not None and role is Role.HEADING:
            line.set_role(list_role)
            continue
        list_role = role if role is not None and _is_list_header(role, line.text) else None


def _mark_bios(lines: list[_Line]) -> list[str]:
    """First-person author bios ("Saya seorang penulis …") and the name line above them."""
    names: list[str] = []
    for i, line in enumerate(lines):
        previous = lines[i - 1] if i > 0 else None
        after_label = previous is not None and bool(_BIO_LABEL.fullmatch(previous.text.rstrip(":")))
        first_person = _BIO.search(line.text[:300]) is not None and not any(
            q in line.text for q in _QUOTES
        )
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


def _split_dateline_prefix(raw: str, pieces: list[_Piece]) -> str | None:
    """Split "BeritaNasional.com - " / "RUSIA – " off the first body paragraph; its site."""
    for index, piece in enumerate(pieces):
        if piece.role is not Role.BODY:
            continue
        match = _PLACE_PREFIX.match(raw, piece.start, piece.end)
        if match is None:
            return None
        pieces[index : index + 1] = [
            _Piece(Role.DATELINE, piece.start, match.end()),
            *_pieces(raw, 0, [(Role.BODY, match.end(), piece.end)]),
        ]
        site = match["site"] or match["placesite"]
        return _normalise_site(site) if site else None
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


def _normalise_site(site: str) -> str:
    site = site.lower()
    return site.removeprefix("www.")


def _detect_source(raw: str, pieces: Sequence[_Piece], prefix_site: str | None) -> str | None:
    for piece in pieces:
        if piece.role is Role.MASTHEAD:
            return _normalise_site(raw[piece.start : piece.end])
    if prefix_site is not None:
        return prefix_site
    for piece in pieces:
        if piece.role is Role.CREDIT:
            match = _SITE_CREDIT.fullmatch(raw, piece.start, piece.end)
            if match is not None:
                return _normalise_site(match["site"])
    return None


def _detect_published(raw: str, pieces: Sequence[_Piece]) -> Published | None:
    for piece in pieces:
        if piece.role is Role.DATELINE:
            published = _dateline(raw[piece.start : piece.end])
            if published is not None:
                return published
    found: list[Published] = []
    for piece in pieces:
        if piece.role in ANNOTATABLE_ROLES or piece.role is Role.CAPTION:
            text = raw[piece.start : piece.end]
            found += [p for _, p in _date_matches(text, _NUMERIC_DATE, "body")]
    return max(found, key=lambda p: p.date) if found else None


def _people(raw: str, pieces: Sequence[_Piece]) -> tuple[list[str], list[str]]:
    authors: list[str] = []
    editors: list[str] = []
    for piece in pieces:
        if piece.role is Role.BYLINE:
            found = _byline(raw[piece.start : piece.end])
            if found is not None:
                authors += [a for a in found[0] if a not in authors]
                editors += [e for e in found[1] if e not in editors]
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
    _mark_masthead_and_title(lines)
    _mark_subtitles(lines)
    _mark_lists(lines)
    bio_names = _mark_bios(lines)
    pieces = [piece for line in lines for piece in line.pieces]
    prefix_site = _split_dateline_prefix(raw, pieces)
    _split_trailing_code(raw, pieces)
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
        source=source or _detect_source(raw, pieces, prefix_site),
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
