"""Checkable claims: inside quotes, behind accusations, denials and passive report verbs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from annot.lang.id import (
    ACCUSATION_NOUN,
    ACCUSATION_VERBS,
    ASSERTING_REPORT_VERB,
    CHECKABLE_VERBS,
    COMPLEMENTIZER,
    DEMONSTRATIVES,
    DENIAL_MARKERS,
    DENIAL_VERBS,
    DENIED_NOUNS,
    HEDGES,
    OPINION_MARKERS,
    PASSIVE_DENIAL,
    REPORT_VERBS,
    SUBJECT_TRAILING_ADVERBS,
    phrase_pattern,
)
from annot.preannotate.base import Draft, provenance
from annot.schema import CheckWorthiness, Claim, EntityLabel, MentionRef, QuoteRef, SpanRef, Stance
from annot.tokenize import sentences

__all__ = ["ClaimAnnotator", "stance_of"]

_CHECKABLE: Final = re.compile(rf"(?<![\w-])(?:{phrase_pattern(CHECKABLE_VERBS)})(?![\w-])")
_OPINION: Final = re.compile(rf"(?i)\b(?:{phrase_pattern(OPINION_MARKERS)})\b")
_HEDGE: Final = re.compile(rf"(?i)\b(?:{phrase_pattern(HEDGES)})\b")
_DENIAL_WORDS: Final = re.compile(rf"(?i)\b(?:{phrase_pattern(DENIAL_MARKERS)})\b")
_ACCUSE: Final = re.compile(rf"(?<![\w-])(?:{phrase_pattern(ACCUSATION_VERBS)})\s+")
_THIS_THAT = phrase_pattern(DEMONSTRATIVES)
_DENY: Final = re.compile(
    rf"(?<![\w-])(?:{phrase_pattern(DENIAL_VERBS)})\s+(?P<np>(?:{phrase_pattern(DENIED_NOUNS)})"
    rf"(?:\s+(?:{_THIS_THAT}))?)(?:\s+{COMPLEMENTIZER}\s+(?P<content>[^.]+))?"
)
_DENIED_BY, _AGENT = PASSIVE_DENIAL
_DENY_PASSIVE: Final = re.compile(
    rf"(?P<np>\b[{ACCUSATION_NOUN[0].upper()}{ACCUSATION_NOUN[0]}]{ACCUSATION_NOUN[1:]}"
    rf"\s+(?:{_THIS_THAT}))\s+(?:(?:{phrase_pattern(SUBJECT_TRAILING_ADVERBS)})\s+)?"
    rf"{_DENIED_BY}\s+{_AGENT}\s+"
)
_HEDGING_REPORTS = phrase_pattern(v for v in REPORT_VERBS if v != ASSERTING_REPORT_VERB)
_PASSIVE_REPORT: Final = re.compile(
    rf"(?<![\w-])(?P<verb>(?i:{ASSERTING_REPORT_VERB[0]}){ASSERTING_REPORT_VERB[1:]}"
    rf"|{_HEDGING_REPORTS})(?P<complement>\s+{COMPLEMENTIZER})?(?![\w-])"
)
"""A passive report verb; only the asserting one may open a sentence ("Dilaporkan, …")."""


def stance_of(text: str) -> Stance:
    """``denies`` for "tidak pernah", ``hedges`` for hedging words, else ``asserts``."""
    if _DENIAL_WORDS.search(text):
        return Stance.DENIES
    if _HEDGE.search(text):
        return Stance.HEDGES
    return Stance.ASSERTS


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    claimant: MentionRef | SpanRef | QuoteRef | None
    stance: Stance
    score: float


class ClaimAnnotator:
    """Needs the entity and quote layers (claimants are mentions or quotes)."""

    name = "annot-claims"
    version = "0.1.0"

    def annotate(self, draft: Draft) -> None:
        found = self._in_quotes(draft)
        for finder in (self._accusations, self._denials, self._reports):
            found += [f for f in finder(draft) if not _overlaps(f, found)]
        for number, f in enumerate(sorted(found, key=lambda f: f.start), start=1):
            draft.claims.append(
                Claim(
                    id=f"c{number}",
                    span=draft.span(f.start, f.end),
                    claimant=f.claimant,
                    stance=f.stance,
                    check_worthiness=CheckWorthiness.CHECK_WORTHY,
                    provenance=provenance(self, f.score),
                )
            )

    def _in_quotes(self, draft: Draft) -> list[_Found]:
        text = draft.text
        found: list[_Found] = []
        for quote in draft.quotes:
            lead = text[max(0, quote.content.start - 40) : quote.content.start]
            content = quote.content.text
            for s_start, s_end in sentences(content):
                start = quote.content.start + s_start
                end = quote.content.start + s_end
                while end > start and text[end - 1] in '.,;”" ':
                    end -= 1
                sentence = text[start:end]
                if _OPINION.search(sentence) or not self._checkable(draft, start, end):
                    continue
                stance = stance_of(sentence)
                if stance is Stance.ASSERTS and _HEDGE.search(lead):
                    stance = Stance.HEDGES
                found.append(_Found(start, end, QuoteRef(quote_id=quote.id), stance, 0.6))
        return found

    def _checkable(self, draft: Draft, start: int, end: int) -> bool:
        if _CHECKABLE.search(draft.text[start:end]):
            return True
        return any(
            start <= m.span.start
            and m.span.end <= end
            and m.label in (EntityLabel.QUANTITY, EntityLabel.WEAPON)
            for m in draft.mentions
        )

    def _accusations(self, draft: Draft) -> list[_Found]:
        text = draft.text
        found: list[_Found] = []
        for s_start, s_end in sentences(text):
            for match in _ACCUSE.finditer(text, s_start, s_end):
                end = s_end
                while end > match.end() and text[end - 1] in ".!? ":
                    end -= 1
                found.append(
                    _Found(
                        match.end(),
                        end,
                        _subject(draft, s_start, match.start()),
                        Stance.ASSERTS,
                        0.6,
                    )
                )
        return found

    def _denials(self, draft: Draft) -> list[_Found]:
        text = draft.text
        found: list[_Found] = []
        for s_start, s_end in sentences(text):
            for match in _DENY.finditer(text, s_start, s_end):
                group = "content" if match["content"] else "np"
                claimant = _subject(draft, s_start, match.start())
                found.append(
                    _Found(match.start(group), match.end(group), claimant, Stance.DENIES, 0.6)
                )
            for match in _DENY_PASSIVE.finditer(text, s_start, s_end):
                after = [m for m in draft.mentions if m.span.start >= match.end()]
                claimant = MentionRef(mention_id=after[0].id) if after else None
                found.append(
                    _Found(match.start("np"), match.end("np"), claimant, Stance.DENIES, 0.6)
                )
        return found

    def _reports(self, draft: Draft) -> list[_Found]:
        text = draft.text
        found: list[_Found] = []
        inside = [(q.content.start, q.content.end) for q in draft.quotes]
        for s_start, s_end in sentences(text):
            match = _PASSIVE_REPORT.search(text, s_start, s_end)
            if match is None or any(a <= match.start() < b for a, b in inside):
                continue
            if match["complement"]:
                start = match.end()
                while start < s_end and text[start] in " ,":
                    start += 1
            else:
                comma = text.rfind(",", s_start, match.start())
                start = s_start if comma < 0 else comma + 1
                while start < s_end and text[start] == " ":
                    start += 1
            end = s_end
            while end > start and text[end - 1] in ".!? ":
                end -= 1
            stance = (
                Stance.ASSERTS if match["verb"].lower() == ASSERTING_REPORT_VERB else Stance.HEDGES
            )
            found.append(_Found(start, end, None, stance, 0.5))
        return found


def _overlaps(item: _Found, others: list[_Found]) -> bool:
    return any(item.start < o.end and o.start < item.end for o in others)


def _subject(draft: Draft, s_start: int, at: int) -> MentionRef | None:
    """The last speaker-like mention between the sentence start and ``at``."""
    from annot.schema.taxonomy import CLAIMANT_LABELS

    before = [
        m
        for m in draft.mentions
        if s_start <= m.span.start and m.span.end <= at and m.label in CLAIMANT_LABELS
    ]
    return MentionRef(mention_id=before[-1].id) if before else None
