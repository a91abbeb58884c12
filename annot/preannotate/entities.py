"""Entity mentions from a gazetteer, title and context rules, and date/quantity patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from annot.lang.id import SPEECH_VERBS
from annot.preannotate.base import Draft, provenance, word_spans
from annot.preannotate.gazetteer import GAZETTEER, TITLES, WEAPONS
from annot.schema import CanonicalEntity, EntityLabel, Mention

__all__ = ["EntityAnnotator", "find_dates", "find_quantities"]

_MONTH = (
    "Januari|Februari|Pebruari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|"
    "November|Nopember|Desember"
)
_WEEKDAY = r"Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu"
_NUMBER_WORD = (
    r"dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu|"
    r"puluhan|ratusan|ribuan|jutaan|belasan|miliaran"
)
_NUMBER = (
    r"(?:\d+(?:[.,]\d+)*(?:\s+(?:juta|ribu|miliar|triliun))?"
    rf"|(?:{_NUMBER_WORD})(?:\s+(?:belas|puluh|ratus|ribu|juta))?)"
)
_TIME_UNIT = r"hari|minggu|pekan|bulan|tahun|dekade|abad"
_RELATIVE = r"lalu|terakhir|kemudian|mendatang|depan|ini|sebelumnya|yang sama"

#: Calendar expressions, tried in order; the longest match at a position wins later.
_DATE_PATTERNS: Final = tuple(
    re.compile(p)
    for p in (
        rf"(?:{_WEEKDAY})\s*\(\d{{1,2}}/\d{{1,2}}/\d{{4}}\)",
        rf"(?:(?:{_WEEKDAY}),?\s+)?\d{{1,2}}\s+(?:{_MONTH})(?:\s+\d{{4}})?",
        rf"(?:(?:awal|akhir|pertengahan)\s+)?(?:bulan\s+)?(?:{_MONTH})(?:\s+\d{{4}}|\s+tahun\s+(?:lalu|ini)|\s+(?:lalu|mendatang))?",
        r"(?:(?:awal|akhir|pertengahan)\s+|tahun\s+)(?:19|20)\d\d",
        rf"(?:hari\s+)?(?:{_WEEKDAY})(?=[\s,.;])",
        rf"(?:[Bb]eberapa|{_NUMBER})\s+(?:{_TIME_UNIT})(?:\s+(?:{_RELATIVE}))?",
        rf"(?:[Hh]ari|[Bb]ulan|[Tt]ahun|[Pp]ekan|[Mm]inggu)\s+(?:{_RELATIVE})",
        r"[Aa]khir\s+(?:bulan|tahun|pekan)\s+ini",
        r"seminggu|setahun|sebulan",
        r"musim\s+(?:dingin|panas|semi|gugur|hujan|kemarau)",
    )
)
_YEAR_AFTER_PREP: Final = re.compile(r"\b(?:pada|sejak|hingga|sampai) (?P<year>(?:19|20)\d\d)\b")
_TIME_PATTERNS: Final = (
    re.compile(r"pukul\s+\d{1,2}[.:]\d{2}(?:\s+(?:WIB|WITA|WIT))?"),
    re.compile(r"\d{1,2}[:.]\d{2}\s+(?:WIB|WITA|WIT)"),
)
_QUANTITY_MODIFIER = (
    r"lebih dari|kurang dari|sekitar|hampir|sedikitnya|setidaknya|sebanyak|mencapai|"
    r"hingga|sekurang-kurangnya"
)
_STOP: Final = frozenset(
    [
        "dan",
        "atau",
        "yang",
        "di",
        "ke",
        "dari",
        "untuk",
        "dengan",
        "pada",
        "telah",
        "akan",
        "sudah",
        "dalam",
        "oleh",
        "itu",
        "ini",
        "tersebut",
        "kali",
        "lipat",
        "per",
    ]
)
_QUANTITY: Final = re.compile(
    rf"(?:(?:{_QUANTITY_MODIFIER}|[Ll]ebih dari|[Ss]ebanyak|[Ss]ekitar|[Hh]ampir|"
    r"[Ss]edikitnya)\s+)?"
    rf"(?<![\w/.,])(?P<number>{_NUMBER})(?![\w/])(?:\s+(?P<head>[a-z%][\w-]*))?"
)
_PERCENT_OR_TIMES: Final = frozenset({"persen", "%", "kali"})
#: Measure and container nouns whose complement names what is measured: the complement is part
#: of the QUANTITY span ("11.000 kontainer amunisi", "40 ton beras").
_MEASURE_HEADS: Final = frozenset(
    {"kontainer", "ton", "barel", "kilogram", "kg", "liter", "karung", "paket", "truk", "peti"}
)
#: Words that end a measure noun's complement (prepositions, conjunctions, adverbs, modifiers).
_COMPLEMENT_STOP: Final = _STOP | frozenset(
    {
        "sebelum", "sesudah", "setelah", "sejak", "selama", "saat", "ketika", "bagi", "kepada",
        "terhadap", "tentang", "bahwa", "namun", "tetapi", "juga", "pun", "masih", "hanya",
        "saja", "pula", "belum", "tidak", "bukan", "setiap", "tiap", "serta", "sebagai",
        "melalui", "menuju", "hingga", "sampai", "lebih", "kurang", "sekitar", "hampir",
        "sebanyak", "senilai", "seharga", "sedikitnya", "setidaknya",
    }
)  # fmt: skip
_COMPLEMENT_WORD: Final = re.compile(r"[ \t]+([a-z][a-z-]*)\b")
_VERB_PREFIX: Final = re.compile(r"(?:me[a-z]{3,}|ber[a-z]{4,}|di[a-z]{4,}|ter[a-z]{4,})")
_ORG_HEADS: Final = (
    "Kementerian|Departemen|Badan|Dewan|Komisi|Institut|Kepolisian|Intelijen|Komite|"
    "Kantor Berita|Angkatan Udara|Angkatan Laut|Angkatan Darat|Mahkamah|Tentara"
)
_NAMED_ORG_HEADS: Final = "Universitas|PT|Perum"
#: Words that continue an organisation name after its head.
_ORG_WORDS: Final = frozenset(
    [
        "Luar",
        "Dalam",
        "Negeri",
        "Pertahanan",
        "Keamanan",
        "Nasional",
        "Keuangan",
        "Kesehatan",
        "Perdagangan",
        "Pendidikan",
        "Perhubungan",
        "Pertanian",
        "Energi",
        "Hukum",
        "Strategi",
        "Intelijen",
        "Staf",
        "Gabungan",
        "Berita",
        "Pusat",
        "Umum",
        "Tinggi",
        "Agung",
        "Konstitusi",
        "Rakyat",
        "Perwakilan",
        "Daerah",
        "Republik",
        "Federal",
        "Bersenjata",
        "Sosial",
        "Informasi",
        "Komunikasi",
        "Riset",
        "Inovasi",
    ]
)
_NAME_TOKEN = r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?"
_NAME_SEQUENCE: Final = re.compile(rf"(?<![\w-]){_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,5}}(?![\w-])")
_NOT_NAME: Final = frozenset(
    [
        "Korea",
        "Utara",
        "Selatan",
        "Amerika",
        "Serikat",
        "Presiden",
        "Menteri",
        "Pemimpin",
        "Tertinggi",
        "Wakil",
        "Perdana",
        "Sekretaris",
        "Jenderal",
        "Juru",
        "Kepala",
        "Ketua",
        "Direktur",
        "Gubernur",
        "Wali",
        "Kota",
        "Pada",
        "Dalam",
        "Menurut",
        "Ketika",
        "Para",
        "Sementara",
        "Sebagai",
        "Namun",
        "Sejak",
        "Untuk",
        "Dengan",
        "Apakah",
        "Berbicara",
        "Belum",
        "Seperti",
        "Beberapa",
        "Kunjungan",
        "Hanya",
        "Upaya",
        "Kini",
        "Tuduhan",
        "Bulan",
        "Hari",
        "Tahun",
        "Baca",
        "Perang",
        "Saya",
        "Kami",
        "Kita",
        "Mereka",
        "Ini",
        "Itu",
        "Tetapi",
        "Jadi",
        "Jika",
        "Dan",
        "Di",
        "Ke",
        "Dari",
        "Yang",
        "Sebelumnya",
        "Pemerintah",
        "Pemerintahan",
        "Penasihat",
        "Dewan",
        "Kementerian",
        "Departemen",
        "Badan",
        "Komisi",
        "Institut",
        "Kantor",
        "Berita",
        "Universitas",
        "Sekjen",
    ]
)
_CUE_BEFORE_NAME: Final = re.compile(r"(?:kata|ujar|ucap|tutur|tambah|lanjut|tulis)\s+$")
_AFTER_NAME: Final = re.compile(
    r"^\s*(?:,\s*(?:seorang|juru bicara|perwakilan|penasihat|kepala|ketua|direktur)\b|"
    rf"(?:telah\s+)?(?:{'|'.join(SPEECH_VERBS)})\b)"
)


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    label: EntityLabel
    entity: str | None
    score: float
    rank: int
    """Lower wins among equally long candidates."""


def _slug(name: str) -> str:
    return "e-" + re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()


def find_dates(text: str) -> list[tuple[int, int]]:
    """DATE spans: weekday dates, day-month-year, months, years, durations, relative dates."""
    spans = [(m.start(), m.end()) for p in _DATE_PATTERNS for m in p.finditer(text)]
    spans += [(m.start("year"), m.end("year")) for m in _YEAR_AFTER_PREP.finditer(text)]
    return [(s, e) for s, e in spans if _bounded(text, s, e)]


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum())


def _complement_word(text: str, pos: int) -> re.Match[str] | None:
    match = _COMPLEMENT_WORD.match(text, pos)
    if match is None:
        return None
    word = match.group(1)
    if word in _COMPLEMENT_STOP or _VERB_PREFIX.match(word):
        return None
    return match


def _complement_end(text: str, end: int, limit: int = 4) -> int:
    """Extend a measure noun over its complement ("kontainer [peralatan militer dan amunisi]")."""
    words = 0
    while words < limit:
        match = _complement_word(text, end)
        if match is None and words:
            conjunction = re.match(r"[ \t]+dan\b", text[end:])
            after = _complement_word(text, end + conjunction.end()) if conjunction else None
            if after is None:
                break
            match = after
        if match is None:
            break
        end, words = match.end(), words + 1
    return end


def find_quantities(text: str) -> list[tuple[int, int]]:
    """QUANTITY spans: an optional modifier, a number, and the noun it counts."""
    found: list[tuple[int, int]] = []
    for match in _QUANTITY.finditer(text):
        head = match.group("head")
        if head is None or head in _STOP or re.fullmatch(_TIME_UNIT, head):
            continue
        end = match.end()
        rest = text[end:]
        weapon = next(
            (w for w in WEAPONS if text.startswith(w, match.start("head"))),
            None,
        )
        if weapon is not None:
            end = match.start("head") + len(weapon)
        elif head not in _PERCENT_OR_TIMES and re.match(
            r"\s+(?:balistik|jelajah|tambahan)\b", rest
        ):
            end += len(re.match(r"\s+\w+", rest).group(0))  # type: ignore[union-attr]
        elif head in _MEASURE_HEADS:
            end = _complement_end(text, end)
        if _bounded(text, match.start(), end):
            found.append((match.start(), end))
    return found


class EntityAnnotator:
    """Gazetteer, title/context person names, organisation heads, dates, quantities, weapons."""

    name = "annot-entities"
    version = "0.1.0"

    def annotate(self, draft: Draft) -> None:
        text = draft.text
        candidates = [
            *self._gazetteer(text),
            *self._organisations(text),
            *self._persons(text),
            *self._patterns(text),
        ]
        known = self._learned_names(text, candidates)
        candidates += known
        accepted: list[_Candidate] = []
        for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.rank, c.start)):
            if all(cand.end <= a.start or a.end <= cand.start for a in accepted):
                accepted.append(cand)
        entities: dict[str, CanonicalEntity] = {}
        for number, cand in enumerate(sorted(accepted, key=lambda c: c.start), start=1):
            entity_id = None
            if cand.entity is not None:
                entity_id = _slug(cand.entity)
                entities.setdefault(
                    entity_id, CanonicalEntity(id=entity_id, name=cand.entity, label=cand.label)
                )
            draft.mentions.append(
                Mention(
                    id=f"m{number}",
                    span=draft.span(cand.start, cand.end),
                    label=cand.label,
                    entity_id=entity_id,
                    provenance=provenance(self, cand.score),
                )
            )
        for entity_id, entity in entities.items():
            aliases = sorted(
                {
                    m.span.text
                    for m in draft.mentions
                    if m.entity_id == entity_id and m.span.text != entity.name
                }
            )
            draft.entities.append(entity.model_copy(update={"aliases": aliases}))

    def _gazetteer(self, text: str) -> list[_Candidate]:
        found: list[_Candidate] = []
        for entry in GAZETTEER:
            for form in entry.surface_forms:
                for start, end in word_spans(text, re.escape(form)):
                    found.append(_Candidate(start, end, entry.label, entry.name, 0.9, 0))
        for weapon in WEAPONS:
            for start, end in word_spans(text, re.escape(weapon)):
                found.append(_Candidate(start, end, EntityLabel.WEAPON, None, 0.8, 1))
        return found

    def _organisations(self, text: str) -> list[_Candidate]:
        found: list[_Candidate] = []
        heads = re.compile(rf"(?<![\w-])(?:(?P<named>{_NAMED_ORG_HEADS})|{_ORG_HEADS})(?![\w-])")
        forms = _KNOWN
        for match in heads.finditer(text):
            end = match.end()
            words = 0
            while True:
                nxt = re.match(r"\s+([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)", text[end:])
                if nxt is None:
                    break
                word = nxt.group(1).split()[0]
                pair = nxt.group(1)
                if pair in forms:
                    end += nxt.end()
                elif word in _ORG_WORDS or word in forms or (match["named"] and words < 3):
                    end += len(re.match(r"\s+[\w-]+", text[end:]).group(0))  # type: ignore[union-attr]
                else:
                    break
                words += 1
            if words:
                name = text[match.start() : end]
                found.append(_Candidate(match.start(), end, EntityLabel.ORG, name, 0.7, 2))
        return found

    def _persons(self, text: str) -> list[_Candidate]:
        found: list[_Candidate] = []
        titles = [t.split()[-1] for t in TITLES]
        for match in _NAME_SEQUENCE.finditer(text):
            words = match.group(0).split()
            offset = match.start()
            while words and (
                words[0] in _NOT_NAME or words[0] in _ORG_WORDS or _is_known(words[0])
            ):
                offset = text.index(words[0], offset) + len(words[0])
                words = words[1:]
            if len(words) < 2 or any(w in _NOT_NAME for w in words):
                continue
            start = text.index(words[0], offset)
            end = match.end()
            before = text[max(0, start - 60) : start]
            after = text[end : end + 40]
            titled = any(re.search(rf"\b{re.escape(t)}\b", before) for t in titles)
            if titled or _CUE_BEFORE_NAME.search(before) or _AFTER_NAME.match(after):
                name = text[start:end]
                found.append(_Candidate(start, end, EntityLabel.PER, name, 0.7, 3))
        return found

    def _patterns(self, text: str) -> list[_Candidate]:
        found = [_Candidate(s, e, EntityLabel.DATE, None, 0.8, 4) for s, e in find_dates(text)]
        for pattern in _TIME_PATTERNS:
            found += [
                _Candidate(m.start(), m.end(), EntityLabel.TIME, None, 0.8, 4)
                for m in pattern.finditer(text)
            ]
        found += [
            _Candidate(s, e, EntityLabel.QUANTITY, None, 0.7, 5) for s, e in find_quantities(text)
        ]
        return found

    def _learned_names(self, text: str, candidates: list[_Candidate]) -> list[_Candidate]:
        """First and last word of each full person name, as PER mentions of that person."""
        learned: list[_Candidate] = []
        seen: set[str] = set()
        for cand in candidates:
            if cand.label is not EntityLabel.PER or cand.entity is None:
                continue
            words = text[cand.start : cand.end].split()
            for word in {words[0], words[-1]} if len(words) > 1 else set():
                if word in seen or _is_known(word) or word in _NOT_NAME:
                    continue
                seen.add(word)
                for start, end in word_spans(text, re.escape(word)):
                    learned.append(_Candidate(start, end, EntityLabel.PER, cand.entity, 0.6, 6))
        return learned


_KNOWN: Final = frozenset(
    form
    for entry in GAZETTEER
    if entry.label is not EntityLabel.PER
    for form in entry.surface_forms
)


def _is_known(word: str) -> bool:
    return word in _KNOWN
