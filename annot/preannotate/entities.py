"""Entity mentions from a gazetteer, title and context rules, and date/quantity patterns."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Final

from annot.lang.id import (
    AFTER_MONTH,
    BRANCH_BODIES,
    CLOCK_WORD,
    COMPLEMENT_STOP,
    CONJUNCTIONS,
    COUNTED_NOUN_MODIFIERS,
    CURRENCY_SIGNS,
    DAY_WORD,
    DESCRIPTION_HEADS,
    DESCRIPTION_LEADS,
    FACILITY_HEADS,
    MAGNITUDES,
    MEASURE_HEADS,
    MONTH_WORD,
    MONTHS,
    MONTHS_EN,
    MONTHS_EN_ABBREVIATED,
    MONTHS_ID,
    NAME_CONNECTORS,
    NAMED_ORGANISATION_HEADS,
    NOT_COUNTED,
    NOT_NAMES,
    NOT_PART_OF_DAY_AFTER,
    NUMBER_WORD_SCALES,
    NUMBER_WORDS,
    ONE_UNIT_DURATIONS,
    ORDINALS,
    ORGANISATION_HEADS,
    ORGANISATION_WORDS,
    PARTS_OF_DAY,
    PERCENT_OR_TIMES,
    PERIOD_POSITIONS,
    PERIOD_UNITS,
    PERSON_NOUNS,
    POSTPOSED_CUES,
    QUANTITY_MODIFIERS,
    QUARTER_WORDS,
    REGION_WORDS,
    RELATIVE_TIME_WORDS,
    SEASON_WORD,
    SEASONS,
    SPEECH_VERBS,
    SUBJECT_TRAILING_ADVERBS,
    THIS_AND_LAST,
    TIME_UNITS,
    TIME_ZONES,
    TITLES,
    VAGUE_COUNTS,
    VERB_PREFIXES,
    WEEKDAYS,
    WEEKDAYS_ID,
    YEAR_PREPOSITIONS,
    YEAR_WORD,
    phrase_pattern,
)
from annot.preannotate.base import Draft, provenance, word_spans
from annot.preannotate.gazetteer import GAZETTEER, WEAPONS
from annot.schema import CanonicalEntity, EntityLabel, Mention

__all__ = ["EntityAnnotator", "find_dates", "find_quantities"]


def _capitalised(words: Iterable[str]) -> str:
    """An alternation of ``words`` (lower case) written with a capital first letter."""
    return phrase_pattern(w[:1].upper() + w[1:] for w in words)


def _any_first_case(words: Iterable[str]) -> str:
    """An alternation of ``words`` (lower case) with either case of the first letter."""
    return "|".join(f"[{a[0].upper()}{a[0]}]{a[1:]}" for a in phrase_pattern(words).split("|"))


_ABBREVIATED = frozenset(MONTHS) - frozenset(MONTHS_ID) - frozenset(MONTHS_EN)
_MONTH_ID = _capitalised(MONTHS_ID)
"""Indonesian month names: alone they are a date ("sejak Februari")."""
_MONTH_NAME = _capitalised((*MONTHS_ID, *MONTHS_EN))
_MONTH = rf"(?:{_MONTH_NAME}|(?:{_capitalised(_ABBREVIATED)})\.?)(?![\w-])"
"""Any month word, abbreviations with or without their dot ("15 Jan 2016", "14 Agt. 2024")."""
_MONTH_EN = rf"(?:{_capitalised(MONTHS_EN)}|(?:{_capitalised(MONTHS_EN_ABBREVIATED)})\.?)(?![\w-])"
_WEEKDAY_ID = _capitalised(WEEKDAYS_ID)
_WEEKDAY = rf"(?:{_capitalised(WEEKDAYS)})\.?"
"""Any weekday word, Indonesian or English, full or abbreviated ("Senin", "Wed")."""
_YEAR = r"(?:19|20)\d\d"
_NUMBER = (
    rf"(?:\d+(?:[.,]\d+)*(?:\s+(?:{phrase_pattern(MAGNITUDES)}))?"
    rf"|(?:{phrase_pattern(NUMBER_WORDS)})(?:\s+(?:{phrase_pattern(NUMBER_WORD_SCALES)}))?)"
)
_TIME_UNIT = phrase_pattern(TIME_UNITS)
_RELATIVE = phrase_pattern(RELATIVE_TIME_WORDS)
_POSITION = phrase_pattern(PERIOD_POSITIONS)

#: Calendar expressions, tried in order; the longest match at a position wins later.
_DATE_PATTERNS: Final = tuple(
    re.compile(p)
    for p in (
        rf"(?:{_WEEKDAY_ID})\s*\(\d{{1,2}}/\d{{1,2}}/\d{{4}}\)",
        rf"(?:{_WEEKDAY},?\s+)?\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?",
        rf"(?:{_WEEKDAY},?\s+)?{_MONTH_EN}\s+\d{{1,2}},?\s+\d{{4}}",
        rf"(?:(?:{_POSITION})\s+)?(?:{MONTH_WORD}\s+)?{_MONTH}\s+{_YEAR}",
        rf"(?:(?:{_POSITION})\s+)?(?:{MONTH_WORD}\s+)?(?:{_MONTH_ID})"
        rf"(?:\s+{YEAR_WORD}\s+(?:{phrase_pattern(THIS_AND_LAST)})"
        rf"|\s+(?:{phrase_pattern(AFTER_MONTH)}))?",
        rf"(?:(?:{_POSITION})\s+|{YEAR_WORD}\s+){_YEAR}",
        rf"(?:{DAY_WORD}\s+)?(?:{_WEEKDAY_ID})(?=[\s,.;])",
        rf"(?:{_any_first_case(VAGUE_COUNTS)}|{_NUMBER})\s+(?:{_TIME_UNIT})(?:\s+(?:{_RELATIVE}))?",
        rf"(?:{_any_first_case(TIME_UNITS)})\s+(?:{_RELATIVE})",
        phrase_pattern(ONE_UNIT_DURATIONS),
        rf"(?:{_any_first_case(QUARTER_WORDS)})\s+(?:{phrase_pattern(ORDINALS)}|I{{1,3}}|IV)"
        rf"(?:\s+(?:{YEAR_WORD}\s+)?{_YEAR})?",
        rf"(?:{_any_first_case(PERIOD_POSITIONS)})\s+(?:{phrase_pattern(PERIOD_UNITS)})"
        rf"(?:\s+(?:{phrase_pattern(THIS_AND_LAST)}))?",
        rf"{SEASON_WORD}\s+(?:{phrase_pattern(SEASONS)})",
    )
)
_YEAR_AFTER_PREP: Final = re.compile(
    rf"\b(?:{phrase_pattern(YEAR_PREPOSITIONS)}) (?P<year>{_YEAR})\b"
)
_ZONE = phrase_pattern(TIME_ZONES)
_TIME_PATTERNS: Final = (
    re.compile(rf"{CLOCK_WORD}\s+\d{{1,2}}[.:]\d{{2}}(?:\s+(?:{_ZONE}))?"),
    re.compile(rf"\d{{1,2}}[:.]\d{{2}}\s+(?:{_ZONE})"),
)
_PART_OF_DAY: Final = re.compile(rf"(?<![\w-])(?:{phrase_pattern(PARTS_OF_DAY)})(?![\w-])")
_WORD_BEFORE: Final = re.compile(r"(\w+)\s+$")


def _parts_of_day(text: str) -> list[tuple[int, int]]:
    """Parts of the day ("Rabu (10/4/2024) [malam]"), not a meal or a greeting ("makan malam")."""
    found: list[tuple[int, int]] = []
    for match in _PART_OF_DAY.finditer(text):
        before = _WORD_BEFORE.search(text, max(0, match.start() - 30), match.start())
        if before is None or before[1].lower() not in NOT_PART_OF_DAY_AFTER:
            found.append((match.start(), match.end()))
    return found


_QUANTITY: Final = re.compile(
    rf"(?:(?:{_any_first_case(QUANTITY_MODIFIERS)})\s+)?"
    rf"(?<![\w/.,])(?P<number>{_NUMBER})(?![\w/])(?:\s+(?P<head>[a-z%][\w-]*))?"
)
_COUNTED_MODIFIER: Final = re.compile(rf"\s+(?:{phrase_pattern(COUNTED_NOUN_MODIFIERS)})\b")
_AND: Final = re.compile(rf"[ \t]+(?:{phrase_pattern(CONJUNCTIONS)})\b")
_COMPLEMENT_WORD: Final = re.compile(r"[ \t]+([a-z][a-z-]*)\b")
_VERB_PREFIX: Final = re.compile(
    "|".join(f"{p}[a-z]{{{3 if p == VERB_PREFIXES[0] else 4},}}" for p in VERB_PREFIXES)
)
"""A verb (``meN-`` with a stem of 3 letters or more, the other prefixes 4)."""
_MONEY: Final = re.compile(
    rf"(?<![\w$])(?:{phrase_pattern(CURRENCY_SIGNS)})[ \t]?\d+(?:[.,]\d+)*"
    rf"(?:[ \t]+(?:{phrase_pattern(MAGNITUDES)}))?(?![\w])"
)
"""Sums of money ("Rp 20 juta", "US$ 5 miliar")."""
_SP = r"[ \t]+"
"""Spaces inside a name: a name never runs over a line break."""
_CAP_TOKEN: Final = re.compile(rf"{_SP}(?P<tok>[A-Z][\w'’.-]*)")
_NAME_WORD: Final = re.compile(r"[A-Z][a-z'’]+(?:-[A-Za-z][a-z'’]+)*|I|[A-Z][a-z]+[A-Z][a-z]+")
_ACRONYM: Final = re.compile(r"[A-Z][A-Z0-9]{1,6}")
_TITLE: Final = re.compile(
    rf"(?<![\w-])(?:{'|'.join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))})"
    rf"(?={_SP}[A-Z])",
    re.IGNORECASE,
)
_HEADS: Final = frozenset(ORGANISATION_HEADS)
_NAMED_HEADS: Final = frozenset(NAMED_ORGANISATION_HEADS)
_ORG_WORD: Final = frozenset(ORGANISATION_WORDS)
_NOT_NAME: Final = NOT_NAMES | frozenset(w.capitalize() for w in WEEKDAYS_ID)
_POSTPOSED_BEFORE_NAME: Final = re.compile(rf"(?<![\w-])(?:{'|'.join(POSTPOSED_CUES)}){_SP}$")
_SPEECH_AFTER_NAME: Final = re.compile(
    rf"^{_SP}(?:(?:{'|'.join(SUBJECT_TRAILING_ADVERBS)}){_SP})?(?:{'|'.join(SPEECH_VERBS)})"
    r"(?![\w-])"
)
_ALIAS_DEFINITION: Final = re.compile(
    rf"(?<![\w-])(?P<long>[A-Z][\w'’-]*(?:(?:,?[ \t]+(?:{phrase_pattern(NAME_CONNECTORS)})?[ \t]*)"
    r"[A-Z][\w'’-]*){1,9})[ \t]+\((?P<short>[A-Z][A-Za-z0-9]{1,9})\)"
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
    if word in COMPLEMENT_STOP or _VERB_PREFIX.match(word):
        return None
    return match


def _complement_end(text: str, end: int, limit: int = 4) -> int:
    """Extend a measure noun over its complement ("kontainer [peralatan militer dan amunisi]")."""
    words = 0
    while words < limit:
        match = _complement_word(text, end)
        if match is None and words:
            conjunction = _AND.match(text, end)
            after = _complement_word(text, conjunction.end()) if conjunction else None
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
        if head is None or head in NOT_COUNTED or head in TIME_UNITS:
            continue
        end = match.end()
        rest = text[end:]
        weapon = next(
            (w for w in WEAPONS if text.startswith(w, match.start("head"))),
            None,
        )
        if weapon is not None:
            end = match.start("head") + len(weapon)
        elif head not in PERCENT_OR_TIMES and (modifier := _COUNTED_MODIFIER.match(rest)):
            end += modifier.end()
        elif head in MEASURE_HEADS:
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
        headline = _headline_end(text)
        shaped = (
            *self._titled(text),
            *self._named_by_context(text),
            *self._facilities(text),
            *self._branches(text),
        )
        named = [c for c in shaped if c.start >= headline]
        blocked = frozenset(c.start for c in named if c.label is EntityLabel.PER)
        candidates = [
            *self._gazetteer(text),
            *self._aliases(text),
            *self._organisations(text, blocked),
            *named,
            *self._patterns(text),
        ]
        candidates += self._learned_names(text, candidates)
        accepted: list[_Candidate] = []
        for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.rank, c.start)):
            if all(cand.end <= a.start or a.end <= cand.start for a in accepted):
                accepted.append(cand)
        accepted = _one_person_per_name(text, accepted)
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

    def _organisations(self, text: str, blocked: frozenset[int]) -> list[_Candidate]:
        """Organisation head + name ("Kementerian Keuangan", "Partai NasDem", "PT X Tbk"),
        stopping before a person found by a title (``blocked`` starts)."""
        found: list[_Candidate] = []
        for match in _HEAD.finditer(text):
            tokens = _cap_tokens(text, match.end())
            cut = next((i for i, (s, _, _) in enumerate(tokens) if s in blocked), len(tokens))
            taken = _org_extent(match.group(), tokens[:cut])
            if taken:
                end = tokens[taken - 1][1]
                name = text[match.start() : end]
                found.append(_Candidate(match.start(), end, EntityLabel.ORG, name, 0.7, 2))
        return found

    def _facilities(self, text: str) -> list[_Candidate]:
        """Facility head + capitalised name ("Stadion Kapten I Wayan Dipta")."""
        found: list[_Candidate] = []
        for match in _FACILITY.finditer(text):
            tokens = _cap_tokens(text, match.end())[:5]
            if tokens:
                end = tokens[-1][1]
                name = text[match.start() : end]
                found.append(_Candidate(match.start(), end, EntityLabel.FAC, name, 0.6, 2))
        return found

    def _branches(self, text: str) -> list[_Candidate]:
        """An acronym body and the place it serves: one organisation ("KPU Makassar",
        "BNN Provinsi Aceh", "BPBD Sumsel")."""
        found: list[_Candidate] = []
        for match in _BRANCH.finditer(text):
            if _KNOWN_LABELS.get(match["body"], EntityLabel.ORG) is not EntityLabel.ORG:
                continue
            tokens = _run_tokens(text, match.start("place"))
            size = _known_length(tokens, 0)
            if not size or _KNOWN_LABELS.get(
                text[match.start("place") : tokens[size - 1][1]]
            ) not in (
                EntityLabel.GPE,
                EntityLabel.LOC,
            ):
                continue
            end = tokens[size - 1][1]
            name = text[match.start() : end]
            found.append(_Candidate(match.start(), end, EntityLabel.ORG, name, 0.7, 2))
        return found

    def _titled(self, text: str) -> list[_Candidate]:
        """Title or role + capitalised words: the organisation or place part, then the person
        ("Kepala [BPBD Luwu] [Muhammad Amir]", "Politikus [Partai NasDem] [Raden Kurniawan]",
        "Juru bicara [Kementerian Luar Negeri Qatar], [Khalid Al-Mansouri],")."""
        found: list[_Candidate] = []
        for match in _TITLE.finditer(text):
            tokens = _cap_tokens(text, match.end())
            stop = next((i for i, (s, _, _) in enumerate(tokens) if _TITLE.match(text, s)), None)
            tokens = tokens[:stop]
            if not tokens:
                continue
            apposed = _apposed_name(text, tokens[-1][1])
            org_part, person = _split_titled(tokens, apposed is not None)
            if org_part and _starts_organisation(org_part):
                start, end = org_part[0][0], org_part[-1][1]
                found.append(_Candidate(start, end, EntityLabel.ORG, text[start:end], 0.7, 2))
            for run in (person, apposed or []):
                if run:
                    start, end = run[0][0], run[-1][1]
                    found.append(_Candidate(start, end, EntityLabel.PER, text[start:end], 0.7, 3))
        return found

    def _named_by_context(self, text: str) -> list[_Candidate]:
        """Names in speaker positions: after a cue ("kata [Wati]"), before a speech verb
        ("[Sarno] mengaku"), and set off by commas after a role ("warga Cibiru, [Yanti],")."""
        found: list[_Candidate] = []
        for match in _CAP_RUN.finditer(text):
            tokens = _run_tokens(text, match.start())
            run = _name_suffix(tokens) if tokens else []
            if not run:
                continue
            start, end = run[0][0], run[-1][1]
            before = text[max(0, start - 40) : start]
            after = text[end : end + 40]
            cue_before = _POSTPOSED_BEFORE_NAME.search(before) is not None
            verb_after = _SPEECH_AFTER_NAME.match(after) is not None
            apposition = (
                before.endswith(", ")
                and (after.startswith(",") or verb_after)
                and _ROLE_BEFORE.search(_segment_before(text, start)) is not None
            )
            role_after = _ROLE_AFTER.match(after) is not None
            if cue_before or verb_after or apposition or role_after:
                found.append(_Candidate(start, end, EntityLabel.PER, text[start:end], 0.7, 3))
        return found

    def _aliases(self, text: str) -> list[_Candidate]:
        """ "Nama Panjang (AKRONIM)": one entity, the long form and every bare acronym."""
        found: list[_Candidate] = []
        for match in _ALIAS_DEFINITION.finditer(text):
            long_start = _long_form_start(text, match)
            if long_start is None:
                continue
            name = text[long_start : match.end("long")]
            short = match["short"]
            label = _KNOWN_LABELS.get(name, EntityLabel.ORG)
            found.append(_Candidate(long_start, match.end("long"), label, name, 0.8, 1))
            for start, end in word_spans(text, re.escape(short)):
                found.append(_Candidate(start, end, label, name, 0.8, 1))
        return found

    def _patterns(self, text: str) -> list[_Candidate]:
        found = [_Candidate(s, e, EntityLabel.DATE, None, 0.8, 4) for s, e in find_dates(text)]
        for pattern in _TIME_PATTERNS:
            found += [
                _Candidate(m.start(), m.end(), EntityLabel.TIME, None, 0.8, 4)
                for m in pattern.finditer(text)
            ]
        found += [_Candidate(s, e, EntityLabel.TIME, None, 0.7, 4) for s, e in _parts_of_day(text)]
        found += [
            _Candidate(s, e, EntityLabel.QUANTITY, None, 0.7, 5) for s, e in find_quantities(text)
        ]
        found += [
            _Candidate(m.start(), m.end(), EntityLabel.QUANTITY, None, 0.7, 5)
            for m in _MONEY.finditer(text)
        ]
        return found

    def _learned_names(self, text: str, candidates: list[_Candidate]) -> list[_Candidate]:
        """Document-level consistency: every occurrence of a person's full name, first word
        and last word is that person (one entity, named by the full name)."""
        learned: list[_Candidate] = []
        full = sorted(
            {
                text[c.start : c.end]
                for c in candidates
                if c.label is EntityLabel.PER and c.entity is not None
            },
            key=len,
            reverse=True,
        )
        seen: set[str] = set()
        for name in full:
            words = name.split()
            owner = next((f for f in full if len(words) == 1 and name in _ends(f)), name)
            forms = {name, words[0], words[-1]} if len(words) > 1 else {name}
            for form in forms:
                if form in seen or _is_known(form) or form in _NOT_NAME or len(form) < 3:
                    continue
                seen.add(form)
                for start, end in word_spans(text, re.escape(form)):
                    learned.append(_Candidate(start, end, EntityLabel.PER, owner, 0.6, 6))
        return learned


_KNOWN: Final = frozenset(
    form
    for entry in GAZETTEER
    if entry.label is not EntityLabel.PER
    for form in entry.surface_forms
)


_KNOWN_LABELS: Final = {form: entry.label for entry in GAZETTEER for form in entry.surface_forms}
_KNOWN_WORDS: Final = frozenset(form.split()[0] for form in _KNOWN)
_NOT_NAME_LOWER: Final = frozenset(
    word for phrase in (*TITLES, *DESCRIPTION_HEADS, *PERSON_NOUNS) for word in phrase.split()
)
"""Words of titles and descriptions: "Kombes Pol", "Pelaku" and "Warga" start no name."""
_FACILITY: Final = re.compile(
    rf"(?<![\w-])(?:{'|'.join(sorted(FACILITY_HEADS, key=len, reverse=True))})(?=[ \t]+[A-Z])"
)
_BRANCH: Final = re.compile(
    rf"(?<![\w-])(?P<body>[A-Z][A-Za-z]*[A-Z][A-Za-z]*|{phrase_pattern(BRANCH_BODIES)})"
    rf"[ \t]+(?:(?:{phrase_pattern(REGION_WORDS)})[ \t]+)?"
    r"(?P<place>[A-Z][a-z]+)(?![\w-])"
)
_HEAD: Final = re.compile(
    rf"(?<![\w-])(?:{'|'.join(sorted(ORGANISATION_HEADS, key=len, reverse=True))})(?![\w-])"
)
_CAP_RUN: Final = re.compile(r"(?<![\w'’-])[A-Z][a-z'’]+(?:[ \t]+(?:[A-Z][\w'’-]*))*")
_ROLE_AFTER: Final = re.compile(
    rf"[ \t]*,[ \t]*(?:(?:{phrase_pattern(DESCRIPTION_LEADS)})[ \t]+)?"
    rf"(?:{phrase_pattern(TITLES)})(?![\w-])",
    re.IGNORECASE,
)
_ROLE_BEFORE: Final = re.compile(
    rf"(?<![\w-])(?:{'|'.join(re.escape(w) for w in (*TITLES, *DESCRIPTION_HEADS))})(?![\w-])|\)$",
    re.IGNORECASE,
)


def _is_known(word: str) -> bool:
    return word in _KNOWN


def _one_person_per_name(text: str, accepted: list[_Candidate]) -> list[_Candidate]:
    """A one-word person whose word starts or ends a full name of the document is that
    person ("Bagus" -> Bagus Prasetyo)."""
    full = [
        c.entity
        for c in accepted
        if c.label is EntityLabel.PER and c.entity is not None and " " in c.entity
    ]
    renamed: list[_Candidate] = []
    for cand in accepted:
        if cand.label is EntityLabel.PER and cand.entity is not None and " " not in cand.entity:
            owner = next((f for f in full if cand.entity in _ends(f)), cand.entity)
            cand = replace(cand, entity=owner)
        renamed.append(cand)
    return renamed


def _ends(name: str) -> set[str]:
    words = name.split()
    return {words[0], words[-1]}


def _headline_end(text: str) -> int:
    """The end of a title-case first line ("KPK Tetapkan Dua Tersangka Baru"), else 0: its
    capitalised words are a headline, not a list of names."""
    line = text.split("\n", 1)[0]
    words = [w for w in line.split() if len(w) > 3]
    capitalised = sum(w[0].isupper() for w in words)
    if len(words) >= 3 and capitalised >= 0.6 * len(words) and not line.rstrip().endswith("."):
        return len(line)
    return 0


Token = tuple[int, int, str]


def _cap_tokens(text: str, at: int) -> list[Token]:
    """The capitalised words right after ``at`` on the same line."""
    tokens: list[Token] = []
    while True:
        match = _CAP_TOKEN.match(text, at)
        if match is None:
            return tokens
        word = match["tok"].rstrip(".")
        tokens.append((match.start("tok"), match.start("tok") + len(word), word))
        if len(word) != len(match["tok"]):
            return tokens
        at = match.end()


def _run_tokens(text: str, start: int) -> list[Token]:
    """The capitalised words from ``start`` on the same line."""
    first = re.compile(r"[A-Z][\w'’.-]*").match(text, start)
    if first is None:
        return []
    word = first.group().rstrip(".")
    head: Token = (start, start + len(word), word)
    return [head] if len(word) != len(first.group()) else [head, *_cap_tokens(text, first.end())]


def _known_length(tokens: Sequence[Token], index: int) -> int:
    """How many tokens from ``index`` spell a known (non-person) name, longest first."""
    for size in (4, 3, 2, 1):
        words = " ".join(t[2] for t in tokens[index : index + size])
        if len(tokens) - index >= size and words in _KNOWN:
            return size
    return 0


def _org_like(tokens: Sequence[Token], index: int) -> int:
    word = tokens[index][2]
    if word in _ORG_WORD or word in _HEADS or _ACRONYM.fullmatch(word):
        return 1
    return _known_length(tokens, index)


def _org_prefix(tokens: Sequence[Token]) -> int:
    """How many leading tokens are organisation words, acronyms or known names."""
    index = 0
    while index < len(tokens):
        size = _org_like(tokens, index)
        if not size:
            break
        index += size
    return index


def _org_extent(head: str, tokens: Sequence[Token]) -> int:
    """How many tokens after an organisation head belong to the name."""
    index = _org_prefix(tokens)
    if index == 0 and head in _NAMED_HEADS:
        while index < min(len(tokens), 4) and tokens[index][2] not in _NOT_NAME:
            index += 1
    return index


def _is_name_word(word: str) -> bool:
    return (
        _NAME_WORD.fullmatch(word) is not None
        and word not in _NOT_NAME
        and word.lower() not in _NOT_NAME_LOWER
        and word not in _ORG_WORD
        and word not in _HEADS
        and not _is_known(word)
    )


def _name_suffix(tokens: Sequence[Token]) -> list[Token]:
    """The longest run of name words at the end of ``tokens`` (at most four)."""
    run: list[Token] = []
    for token in reversed(tokens):
        if not _is_name_word(token[2]) or len(run) == 4:
            break
        run.insert(0, token)
    return run


def _split_titled(tokens: Sequence[Token], apposed: bool) -> tuple[list[Token], list[Token]]:
    """Split the capitalised words after a title into (organisation or place, person)."""
    index = _org_prefix(tokens)
    head_only = index == 1 and tokens[0][2] in _NAMED_HEADS
    rest = list(tokens[index:])
    if apposed:
        return list(tokens), []
    if head_only:  # "Partai [NasDem] Raden Kurniawan": the head's own name comes first
        keep = max(1, len(rest) - 2)
        return list(tokens[: index + keep]), _name_suffix(rest[keep:])
    if index and len(rest) >= 3:  # "BPBD [Luwu] Muhammad Amir": a place closes the body
        return list(tokens[: index + 1]), _name_suffix(rest[1:])
    person = _name_suffix(rest)
    if len(person) != len(rest) or len(person) > 4:
        return list(tokens[:index]), []
    return list(tokens[:index]), person


def _starts_organisation(tokens: Sequence[Token]) -> bool:
    first = tokens[0][2]
    if first in _HEADS:
        return True
    return bool(_ACRONYM.fullmatch(first)) and not _is_known(first) and len(tokens) > 1


def _apposed_name(text: str, end: int) -> list[Token] | None:
    """A name set off by commas right after ``end`` (", Khalid Al-Mansouri,")."""
    comma = re.match(r"[ \t]*,", text[end:])
    if comma is None:
        return None
    tokens = _cap_tokens(text, end + comma.end())
    if not tokens:
        return None
    run = _name_suffix(tokens)
    if len(run) != len(tokens):
        return None
    after = text[run[-1][1] : run[-1][1] + 40]
    if after.startswith(",") or _SPEECH_AFTER_NAME.match(after):
        return run
    return None


def _segment_before(text: str, start: int) -> str:
    """The comma-separated segment before the comma that precedes ``start``."""
    comma = text.rfind(",", 0, start)
    begin = max(text.rfind(",", 0, comma), text.rfind(".", 0, comma), text.rfind("\n", 0, comma))
    return text[begin + 1 : comma]


def _long_form_start(text: str, match: re.Match[str]) -> int | None:
    """Where the long form of "Nama Panjang (AKRONIM)" starts: its first organisation head,
    else its first word with the acronym's initial; ``None`` when none fits."""
    words = list(re.finditer(r"[A-Z][\w'’-]*", match["long"]))
    offset = match.start("long")
    for word in words:
        if match["long"][word.start() :] in _KNOWN:
            return offset + word.start()  # "Kunjungan Pemimpin Tertinggi [Korea Utara] (Korut)"
    head = next((w for w in words if w.group() in _HEADS), None)
    if head is None:
        initial = match["short"][0]
        head = next((w for w in words if w.group()[0] == initial), None)
    if head is None or len(words) - words.index(head) < 2:
        return None
    return offset + head.start()
