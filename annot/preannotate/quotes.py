"""Direct and indirect quotes with their cue and speaker.

Every word list comes from :mod:`annot.lang.id`. The rules, tried per paragraph (a quote never
crosses a line break, so never a "Baca juga" line or a caption between two paragraphs):

- direct: text between an opening and a closing mark (“…”, "…", ''…'', and the mixed pairs
  “…" / "…”), attributed by a cue after it (“…,” kata X / katanya / sambung dia / tanya X)
  or a speech verb before it (X mengatakan, “…”); a quote right after an attributed one (same
  or next paragraph, starting a sentence) continues it and carries its speaker;
- indirect, per sentence: a cue inside the sentence ("Menteri, kata X, harus …", "Namun,
  ungkap dia, …"), a cue at its end ("…, kata X saat ditemui di Jakarta."), "Menurut X, …" /
  "Menurutnya, …" / "Masih menurut X, …", and "X mengatakan (bahwa) …" with any speech verb;
- speakers: the subject before a speech verb or the phrase after a cue: a person's mention
  first, else an organisation, a country acting, a description ("Politikus Partai NasDem
  itu", "seorang pejabat AS") or a pronoun ("-nya", "dia", "ia", "beliau") linked to the most
  recent speaker or person. Never a place after a preposition ("saat ditemui di Jakarta") and
  never a date: without a speaker there is no indirect quote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from annot.lang.id import (
    ACTIVE_VERB_PREFIXES,
    ADVERBIAL_OPENERS,
    ASIDE_PREPOSITIONS,
    CLAUSE_LINKS,
    CLAUSE_WORDS,
    CLITIC_NYA,
    CLOSING_QUOTES,
    COMPLEMENTIZER,
    COPULAS,
    DEMONSTRATIVES,
    DESCRIPTION_HEADS,
    DESCRIPTION_LEADS,
    MENURUT,
    MENURUT_LEADS,
    NON_SPEAKER_PREPOSITIONS,
    NOT_A_CLAUSE,
    NOT_MAIN_CLAUSE,
    NOT_VERBS,
    NOUN_SUFFIXES,
    OPENING_QUOTES,
    PERSON_NOUNS,
    POSTPOSED_CUES,
    RELATIVE_PRONOUN,
    SENTENCE_ADVERBS,
    SPEECH_VERBS,
    SUBJECT_TRAILING_ADVERBS,
    THIRD_PERSON_PRONOUNS,
    TITLES,
    VERB_PREFIXES,
    phrase_pattern,
)
from annot.preannotate.base import Draft, provenance
from annot.schema import EntityLabel, Mention, MentionRef, Quote, QuoteKind, SpanRef
from annot.tokenize import sentences

__all__ = ["QuoteAnnotator"]

Speaker = MentionRef | SpanRef


_NOT_WORD = r"(?![\w-])"
_MENURUT_CUE = f"[{MENURUT[0]}{MENURUT[0].upper()}]{MENURUT[1:]}"
_POSTPOSED = phrase_pattern(POSTPOSED_CUES)
_PRONOUNS = phrase_pattern(THIRD_PERSON_PRONOUNS)
_MARKS: Final = re.compile(phrase_pattern(sorted({*OPENING_QUOTES, *CLOSING_QUOTES})))
_CUE_AFTER_QUOTE: Final = re.compile(
    rf"[ \t]*,?[ \t]*(?P<cue>{_POSTPOSED})(?P<nya>{CLITIC_NYA})?{_NOT_WORD}"
)
_VERB: Final = re.compile(rf"(?<![\w-])(?P<cue>{phrase_pattern(SPEECH_VERBS)}){_NOT_WORD}")
_VERB_BEFORE_QUOTE: Final = re.compile(
    rf"(?<![\w-])(?P<cue>{phrase_pattern(SPEECH_VERBS)})(?:\s+{COMPLEMENTIZER})?\s*[:,]?\s*$"
)
_MID_CUE: Final = re.compile(
    rf",\s+(?P<cue>{_POSTPOSED}|{_MENURUT_CUE})(?:(?P<nya>{CLITIC_NYA})|\s+(?P<who>[^,.;:!?]+?))"
    r"\s*,\s+(?=\S)"
)
_FINAL_CUE: Final = re.compile(
    rf",\s+(?P<cue>{_POSTPOSED}|{MENURUT})(?:(?P<nya>{CLITIC_NYA})(?P<tail>[^,.;:!?]*)|"
    r"\s+(?P<who>[^,.;:!?]+?))(?:,[^,.;:!?]*)*[.!?]?$"
)
_MENURUT: Final = re.compile(
    rf"(?:(?i:{phrase_pattern(MENURUT_LEADS)})\s*,?\s+)?(?P<cue>{_MENURUT_CUE})"
    rf"(?:(?P<nya>{CLITIC_NYA})|\s+(?P<who>[^,]+?))\s*,\s+"
)
_PRONOUN_WORD: Final = re.compile(rf"^(?P<p>(?i:{_PRONOUNS})){_NOT_WORD}")
_SUBJECT_TAIL: Final = re.compile(rf"(?:\s+(?:{phrase_pattern(SUBJECT_TRAILING_ADVERBS)}))+\s*$")
_LEADING_ADVERB: Final = re.compile(
    rf"^(?:{phrase_pattern(SENTENCE_ADVERBS)})(?:\s*,)?\s+", re.IGNORECASE
)
_ADVERBIAL: Final = re.compile(
    rf"^\s*(?:{phrase_pattern((*NON_SPEAKER_PREPOSITIONS, *ADVERBIAL_OPENERS))})\b",
    re.IGNORECASE,
)
_APPOSITION: Final = re.compile(
    rf"^\s*(?:{phrase_pattern(TITLES)}|{phrase_pattern(DESCRIPTION_HEADS)})\b", re.IGNORECASE
)
_DESCRIPTION: Final = re.compile(rf"^(?:{phrase_pattern(DESCRIPTION_HEADS)})\b", re.IGNORECASE)
_STOP_AFTER_SPEAKER: Final = re.compile(
    rf"\s(?:{phrase_pattern((*NON_SPEAKER_PREPOSITIONS, *CLAUSE_LINKS))}){_NOT_WORD}"
)
_PERSON_DESCRIPTION: Final = re.compile(
    rf"(?:(?:{phrase_pattern(DESCRIPTION_LEADS)})\s+)?"
    rf"(?:{phrase_pattern((*PERSON_NOUNS, *TITLES))}){_NOT_WORD}",
    re.IGNORECASE,
)
_DEMONSTRATIVE_END: Final = re.compile(rf"\s(?:{phrase_pattern(DEMONSTRATIVES)}){_NOT_WORD}")
_NOT_A_CLAUSE: Final = re.compile(rf"^(?:{phrase_pattern(NOT_A_CLAUSE)}){_NOT_WORD}")
_PREDICATE: Final = re.compile(
    rf"(?<![\w-])(?:(?!{phrase_pattern(NOT_VERBS)})(?:{phrase_pattern(ACTIVE_VERB_PREFIXES)})[a-z]{{3,}}|"
    rf"{phrase_pattern((*COPULAS, RELATIVE_PRONOUN, *NON_SPEAKER_PREPOSITIONS))})(?![\w-])"
)
"""A word that makes what follows it a predicate, object or complement."""
_RELATIVE_CLAUSE: Final = re.compile(rf"{RELATIVE_PRONOUN}\s[^,]{{0,80}},\s+")
"""A relative clause set off by commas ("…, yang mengutip …, …")."""
_NOUN_ENDING: Final = re.compile(rf"(?:{phrase_pattern(NOUN_SUFFIXES)})$")
_BAHWA: Final = re.compile(rf"^((?:\s+[\w()/]+){{0,6}}?)\s+{COMPLEMENTIZER}\s*,?\s+")
"""Up to six words of object or aside, then the complementizer ("mengatakan kepada X bahwa")."""
_NOT_MAIN_VERB: Final = re.compile(
    rf"(?<![\w-])(?:{phrase_pattern(NOT_MAIN_CLAUSE)})\s+$",
    re.IGNORECASE,
)
_APPOSED_NAME: Final = re.compile(r"[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}\s*,\s+")
_ASIDE: Final = re.compile(rf"(?:{phrase_pattern(ASIDE_PREPOSITIONS)})\s[^,.]{{0,60}},\s*")
_CLAUSE_MARK: Final = re.compile(
    rf"(?<![\w-])(?:(?:{phrase_pattern(VERB_PREFIXES)})[a-z]{{3,}}|{phrase_pattern(CLAUSE_WORDS)}|"
    rf"[\w-]+{CLITIC_NYA})(?![\w-])"
)
_SPEAKER_LABELS: Final = frozenset(
    {EntityLabel.PER, EntityLabel.ORG, EntityLabel.GPE, EntityLabel.NORP}
)


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    cue: tuple[int, int] | None
    kind: QuoteKind
    score: float
    speaker: Callable[[_Speakers], Speaker | None]
    """Resolved in text order, so that pronouns see the speakers before them."""
    continues: bool = False


class QuoteAnnotator:
    """Rule-based quote finder; needs the entity layer for speakers."""

    name = "annot-quotes"
    version = "0.2.0"

    def annotate(self, draft: Draft) -> None:
        speakers = _Speakers(draft)
        direct = _direct(draft.text)
        speakers.quoted = [(f.start, f.end) for f in direct]
        found = list(direct)
        for item in _indirect(draft.text, direct):
            if not any(item.start < o.end and o.start < item.end for o in found):
                found.append(item)
        speakers.subjects_of_speech_verbs([(f.start, f.end) for f in found])
        previous: Speaker | None = None
        number = 0
        for f in sorted(found, key=lambda f: f.start):
            speaker = previous if f.continues else f.speaker(speakers)
            if speaker is None and f.kind is not QuoteKind.DIRECT:
                continue
            if f.continues and speaker is None:
                continue
            speakers.record(f.start, speaker)
            previous = speaker
            number += 1
            draft.quotes.append(
                Quote(
                    id=f"q{number}",
                    content=draft.span(f.start, f.end),
                    cue=None if f.cue is None else draft.span(*f.cue),
                    speaker=speaker,
                    kind=f.kind,
                    provenance=provenance(self, f.score),
                )
            )


# --- direct quotes ----------------------------------------------------------------------------


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _is_opener(text: str, start: int, end: int, lower: int) -> bool:
    before = text[start - 1] if start > lower else " "
    after = text[end] if end < len(text) else " "
    return (before.isspace() or before in "([—–-:") and not after.isspace()


def _is_closer(text: str, start: int, end: int, upper: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < upper else " "
    return not before.isspace() and (after.isspace() or after in ",.;:!?)—–-")


def _quote_regions(text: str, lower: int, upper: int) -> list[tuple[int, int, int]]:
    """``(content start, content end, closing mark end)`` of the marked spans of a paragraph."""
    regions: list[tuple[int, int, int]] = []
    opened: int | None = None
    for mark in _MARKS.finditer(text, lower, upper):
        s, e = mark.start(), mark.end()
        if opened is None:
            if mark.group() in OPENING_QUOTES and _is_opener(text, s, e, lower):
                opened = e
        elif mark.group() in CLOSING_QUOTES and _is_closer(text, s, e, upper):
            regions.append((opened, s, e))
            opened = None
    return regions


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in ", \t":
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _sentence_start(text: str, at: int, lower: int) -> int:
    for index in range(at - 1, lower - 1, -1):
        if text[index] == "\n":
            return index + 1
        if text[index] in ".!?" and index + 1 < len(text) and text[index + 1] in " \t":
            return index + 1
    return lower


def _direct(text: str) -> list[_Found]:
    found: list[_Found] = []
    last_paragraph: int | None = None
    """The paragraph of the last direct quote found (continuations stay within one more)."""
    for number, (lower, upper) in enumerate(_paragraphs(text)):
        for start, inner_end, close in _quote_regions(text, lower, upper):
            start, end = _trim(text, start, inner_end)
            if end - start < 2:
                continue
            opener = max((m for m in OPENING_QUOTES if text[:start].endswith(m)), key=len)
            mark = start - len(opener)
            head = _sentence_start(text, mark, lower)
            after = _CUE_AFTER_QUOTE.match(text, close)
            before = _VERB_BEFORE_QUOTE.search(text[head:mark])
            item: _Found | None = None
            if after is not None and _speaker_follows(text, after):
                cue = (after.start("cue"), after.end("cue"))
                nya = (after.end("cue"), after.end()) if after["nya"] else None
                resolve = _after_cue(cue[1], nya, start)
                item = _Found(start, end, cue, QuoteKind.DIRECT, 0.9, resolve)
            elif before is not None:
                cue = (head + before.start("cue"), head + before.end("cue"))
                resolve = _subject_of(head, cue[0])
                item = _Found(start, end, cue, QuoteKind.DIRECT, 0.8, resolve)
            elif (
                last_paragraph is not None
                and number - last_paragraph <= 1
                and not text[head:mark].strip()
            ):
                item = _Found(start, end, None, QuoteKind.DIRECT, 0.5, _none, continues=True)
            if item is not None:
                found.append(item)
                last_paragraph = number
    return found


def _speaker_follows(text: str, after: re.Match[str]) -> bool:
    """A postposed cue is followed by its speaker (or carries ``-nya``), not by a noun."""
    if after["nya"]:
        return True
    return _speaker_like(text[after.end() : after.end() + 60])


def _none(_: _Speakers) -> Speaker | None:
    return None


# --- indirect quotes --------------------------------------------------------------------------


def _indirect(text: str, direct: Sequence[_Found]) -> list[_Found]:
    found: list[_Found] = []
    for lower, upper in _paragraphs(text):
        for s_start, s_end in sentences(text[lower:upper]):
            start, end = lower + s_start, lower + s_end
            if any(d.start - 1 < end and start < d.end + 1 for d in direct):
                continue
            item = (
                _menurut(text, start, end, lower)
                or _mid_cue(text, start, end)
                or _final_cue(text, start, end)
                or _reported(text, start, end, lower)
            )
            if item is not None:
                found.append(item)
    return found


def _body_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in ".!?;: \t":
        end -= 1
    return end


def _words(text: str) -> int:
    return len(text.split())


def _mid_cue(text: str, start: int, end: int) -> _Found | None:
    sentence = text[start:end]
    if _MARKS.search(sentence):
        return None
    match = _MID_CUE.search(sentence)
    if match is None:
        return None
    lead = sentence[: match.start()].strip()
    rest_start = start + match.end()
    body_end = _body_end(text, rest_start, end)
    rest = text[rest_start:body_end]
    if _words(rest) < 3 or _words(lead) > 12 or not _CLAUSE_MARK.search(rest):
        return None
    if match["who"] and not _speaker_like(match["who"]):
        return None
    content_start = rest_start if lead.lower() in SENTENCE_ADVERBS else start
    cue = (start + match.start("cue"), start + match.end("cue"))
    nya = (cue[1], cue[1] + len(CLITIC_NYA)) if match["nya"] else None
    kind = QuoteKind.INDIRECT
    return _Found(content_start, body_end, cue, kind, 0.6, _after_cue(cue[1], nya, start))


def _final_cue(text: str, start: int, end: int) -> _Found | None:
    sentence = text[start:end]
    if _MARKS.search(sentence):
        return None
    match = _FINAL_CUE.search(sentence)
    if match is None or _words(sentence[: match.start()]) < 4:
        return None
    if match["who"] and not _speaker_like(match["who"]):
        return None
    content_start = start
    lead = re.match(rf"^(?:{phrase_pattern(SENTENCE_ADVERBS)})\s*,\s*", sentence, re.IGNORECASE)
    if lead is not None:
        content_start += lead.end()
    cue = (start + match.start("cue"), start + match.end("cue"))
    nya = (cue[1], cue[1] + len(CLITIC_NYA)) if match["nya"] else None
    return _Found(
        content_start, start + match.start(), cue, QuoteKind.INDIRECT, 0.6,
        _after_cue(cue[1], nya, start),
    )  # fmt: skip


def _menurut(text: str, start: int, end: int, lower: int) -> _Found | None:
    match = _MENURUT.match(text, start, end)
    if match is None:
        return None
    if match["who"] and not _speaker_like(match["who"]):
        return None
    content_start = match.end()
    apposed = _APPOSED_NAME.match(text, content_start, end)
    if match["who"] and match["who"][0].islower() and apposed is not None:
        content_start = apposed.end()  # "Menurut penasihat X, [Yuri Ushakov], ..."
    relative = _RELATIVE_CLAUSE.match(text, content_start, end)
    if relative is not None:
        content_start = relative.end()  # "menurut laporan NBC, yang mengutip …, …"
    inner = _reported(text, content_start, end, lower)
    if inner is not None:
        return inner  # "Menurut pernyataan …, ketiga negara tersebut mengatakan …"
    body_end = _body_end(text, content_start, end)
    if _words(text[content_start:body_end]) < 3:
        return None
    cue = (match.start("cue"), match.end("cue"))
    nya = (cue[1], cue[1] + len(CLITIC_NYA)) if match["nya"] else None
    kind = QuoteKind.MIXED if _MARKS.search(text, content_start, body_end) else QuoteKind.INDIRECT
    return _Found(content_start, body_end, cue, kind, 0.6, _after_cue(cue[1], nya, start))


def _reported(text: str, start: int, end: int, lower: int) -> _Found | None:
    for match in _VERB.finditer(text, start, end):
        before = text[start : match.start()]
        if _NOT_MAIN_VERB.search(before) or not before.strip():
            continue
        rest = text[match.end() : end]
        bahwa = _BAHWA.match(rest)
        lead = re.match(r"^\s*[,:]?\s*", rest)
        skip = bahwa.end() if bahwa else (lead.end() if lead else 0)
        content_start = match.end() + skip
        aside = _ASIDE.match(text, content_start, end)
        if not bahwa and aside is not None:
            content_start = aside.end()
        body_end = _body_end(text, content_start, end)
        content = text[content_start:body_end]
        if not content or content[0] in "“\"'‘”" or _NOT_A_CLAUSE.match(content):
            continue
        if not bahwa and _words(content) <= 4 and not _CLAUSE_MARK.search(content):
            continue
        if not bahwa and _words(content) < 2:
            continue
        head, _, tail = content.partition(" ")
        if not bahwa and _NOUN_ENDING.search(head) and not _CLAUSE_MARK.search(tail):
            continue
        kind = QuoteKind.MIXED if _MARKS.search(content) else QuoteKind.INDIRECT
        cue = (match.start("cue"), match.end("cue"))
        return _Found(content_start, body_end, cue, kind, 0.6, _subject_of(start, cue[0]))
    return None


def _is_aside(segment: str) -> bool:
    """A short lower-case aside between commas ("khususnya", "sebaliknya"), not a subject."""
    return (
        _words(segment) <= 2
        and segment.islower()
        and not _PRONOUN_WORD.match(segment)
        and not _DESCRIPTION.match(segment)
    )


def _speaker_like(phrase: str) -> bool:
    """The words after a cue can be a speaker: a name, a pronoun or a description."""
    phrase = phrase.strip()
    return bool(phrase) and (
        phrase[0].isupper()
        or bool(_PRONOUN_WORD.match(phrase))
        or bool(_DESCRIPTION.match(phrase))
        or bool(_APPOSITION.match(phrase))
        or any(w[:1].isupper() for w in phrase.split()[1:4])
    )


# --- speakers ---------------------------------------------------------------------------------


def _after_cue(
    at: int, nya: tuple[int, int] | None, quote_start: int
) -> Callable[[_Speakers], Speaker | None]:
    def resolve(speakers: _Speakers) -> Speaker | None:
        if nya is not None:
            return speakers.pronoun(*nya, at=quote_start)
        return speakers.after_cue(at, quote_start)

    return resolve


def _subject_of(s_start: int, cue_start: int) -> Callable[[_Speakers], Speaker | None]:
    def resolve(speakers: _Speakers) -> Speaker | None:
        return speakers.subject(s_start, cue_start)

    return resolve


class _Speakers:
    """Finds speakers and remembers who spoke last (antecedents for "-nya", "dia", "ia")."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.text = draft.text
        self.recent: list[tuple[int, Speaker]] = []
        self.quoted: list[tuple[int, int]] = []

    def record(self, at: int, speaker: Speaker | None) -> None:
        if speaker is not None and not (isinstance(speaker, SpanRef) and speaker.type == "pronoun"):
            self.recent.append((at, speaker))

    def subjects_of_speech_verbs(self, quoted: Sequence[tuple[int, int]]) -> None:
        """Record the subject of every speech verb outside the quotes as an antecedent ("X
        menjawab dengan singkat. “…,” ujarnya" -> X)."""
        for match in _VERB.finditer(self.text):
            if any(a <= match.start() < b for a, b in quoted):
                continue
            head = _sentence_start(self.text, match.start(), 0)
            subject = self.subject(head, match.start())
            if subject is not None and not (isinstance(subject, SpanRef) and subject.refers_to):
                self.record(match.start(), subject)

    def _mentions(self, start: int, end: int) -> list[Mention]:
        return [
            m
            for m in self.draft.mentions
            if start <= m.span.start and m.span.end <= end and m.label in _SPEAKER_LABELS
        ]

    def _people_before(self, at: int) -> list[Mention]:
        """Person mentions before ``at`` that can be an antecedent: outside direct quotes and
        not the object of a preposition."""
        people: list[Mention] = []
        for m in self.draft.mentions:
            if m.label is not EntityLabel.PER or m.span.end > at:
                continue
            if any(a <= m.span.start < b for a, b in self.quoted):
                continue
            head = _sentence_start(self.text, m.span.start, 0)
            if _PREDICATE.search(self.text[head : m.span.start]):
                continue  # an object or a complement, not the subject of its sentence
            people.append(m)
        return people

    def antecedent(self, at: int) -> Speaker | None:
        candidates: list[tuple[int, Speaker]] = [(p, s) for p, s in self.recent if p < at]
        candidates += [(m.span.start, MentionRef(mention_id=m.id)) for m in self._people_before(at)]
        if not candidates:
            return None
        return max(candidates, key=lambda item: item[0])[1]

    def pronoun(self, start: int, end: int, at: int) -> Speaker:
        antecedent = self.antecedent(at)
        if isinstance(antecedent, SpanRef):
            return antecedent
        refers = antecedent.mention_id if isinstance(antecedent, MentionRef) else None
        return SpanRef(type="pronoun", span=self.draft.span(start, end), refers_to=refers)

    def after_cue(self, at: int, quote_start: int) -> Speaker | None:
        """The speaker written after a cue: a pronoun, a name, or a description."""
        rest = self.text[at:]
        lead = len(rest) - len(rest.lstrip(" \t"))
        pronoun = _PRONOUN_WORD.match(rest[lead:])
        if pronoun is not None:
            p_start = at + lead
            return self.pronoun(p_start, p_start + pronoun.end("p"), quote_start)
        return self._phrase(at + lead, quote_start)

    def _phrase(self, start: int, at: int) -> Speaker | None:
        """The noun phrase at ``start``: its first person, else an actor, else a description."""
        limit = re.search(r"[,.;:!?\n“”\"]", self.text[start:])
        end = start + (limit.start() if limit else len(self.text) - start)
        phrase = self.text[start:end]
        description = _DESCRIPTION.match(phrase)
        demonstrative = _DEMONSTRATIVE_END.search(phrase) if description else None
        if demonstrative is not None:
            end = start + demonstrative.end()
        else:
            stop = _STOP_AFTER_SPEAKER.search(phrase)
            if stop is not None:
                end = start + stop.start()
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if end <= start:
            return None
        mentions = self._mentions(start, end)
        people = [m for m in mentions if m.label is EntityLabel.PER]
        if people:
            return MentionRef(mention_id=people[-1].id)
        named = self._apposed_person(end)
        if named is not None and (description is not None or _APPOSITION.match(phrase)):
            return MentionRef(mention_id=named.id)
        if description is not None:
            return self._description(start, end, at, demonstrative is not None)
        if mentions:
            return MentionRef(mention_id=mentions[-1].id)
        words = self.text[start:end].split()
        if words and len(words) <= 4 and all(w[0].isupper() for w in words):
            return SpanRef(type="nominal", span=self.draft.span(start, end))
        return None

    def _apposed_person(self, end: int) -> Mention | None:
        """The person named right after a description and a comma ("juru bicara X, [Park]")."""
        comma = re.match(r"\s*,\s*", self.text[end:])
        if comma is None:
            return None
        at = end + comma.end()
        return next(
            (m for m in self.draft.mentions if m.span.start == at and m.label is EntityLabel.PER),
            None,
        )

    def _description(self, start: int, end: int, at: int, anaphoric: bool) -> Speaker:
        """A description; an anaphoric one ("politikus itu") names the last speaker or, before
        any, the last person who was a subject (statements and reports name no one)."""
        refers: str | None = None
        if anaphoric and _PERSON_DESCRIPTION.match(self.text, start):
            earlier = [(p, s) for p, s in self.recent if p < start]
            antecedent: Speaker | None = max(earlier, key=lambda i: i[0])[1] if earlier else None
            if antecedent is None:
                people = self._people_before(start)
                antecedent = MentionRef(mention_id=people[-1].id) if people else None
            if isinstance(antecedent, MentionRef):
                refers = antecedent.mention_id
        elif anaphoric:  # "angkatan udara itu" -> the last "Angkatan Udara …" before it
            head = _DEMONSTRATIVE_END.split(self.text[start:end])[0].strip().lower()
            named = [
                m
                for m in self.draft.mentions
                if m.span.end <= start and head and m.span.text.lower().startswith(head + " ")
            ]
            refers = named[-1].id if named else None
        return SpanRef(type="nominal", span=self.draft.span(start, end), refers_to=refers)

    def subject(self, s_start: int, cue_start: int) -> Speaker | None:
        """The subject before a speech verb: a name, a description or a pronoun.

        Walks the comma-separated segments backwards, skipping adverbials ("Dalam keterangan
        tertulisnya,") and appositions after a name ("X, juru bicara Kremlin, mengatakan").
        """
        clause = self.text[s_start:cue_start]
        tail = _SUBJECT_TAIL.search(clause)
        if tail is not None:
            clause = clause[: tail.start()]
        cuts = [0] + [m.end() for m in re.finditer(",", clause)]
        bounds = list(zip(cuts, [*cuts[1:], len(clause)], strict=True))
        for index in range(len(bounds) - 1, -1, -1):
            seg_start, seg_end = s_start + bounds[index][0], s_start + bounds[index][1]
            segment = self.text[seg_start:seg_end].rstrip(", ")
            stripped = segment.strip()
            adverb = _LEADING_ADVERB.match(stripped)
            if adverb is not None:
                stripped = stripped[adverb.end() :]
            if not stripped:
                continue
            seg_start += segment.index(stripped)
            seg_end = seg_start + len(stripped)
            if _ADVERBIAL.match(stripped):
                continue
            if index > 0 and _is_aside(stripped):
                continue  # "AS, [khususnya], telah menyampaikan …"
            if (
                index > 0
                and _APPOSITION.match(stripped)
                and not self._names_before(seg_start, seg_end)
                and self._names_before(s_start + bounds[index - 1][0], seg_start)
            ):
                continue
            pronoun = _PRONOUN_WORD.match(stripped)
            if pronoun is not None and pronoun.end() == len(stripped):
                return self.pronoun(seg_start, seg_start + pronoun.end(), seg_start)
            if index > 0 and _PREDICATE.match(stripped):
                continue  # "X adalah …, menyalahkan Y dan [mengatakan]": a second predicate
            return self._subject_phrase(seg_start, seg_end)
        return None

    def _names_before(self, start: int, end: int) -> bool:
        return any(m.label is EntityLabel.PER for m in self._mentions(start, end))

    def _subject_phrase(self, start: int, end: int) -> Speaker | None:
        """A subject segment up to its first predicate word: its last person, else a
        description, else its last actor, else a short capitalised name."""
        predicate = _PREDICATE.search(self.text, start, end)
        if predicate is not None:
            end = predicate.start()
            while end > start and self.text[end - 1] in " ,":
                end -= 1
        if end <= start:
            return None
        mentions = self._mentions(start, end)
        people = [m for m in mentions if m.label is EntityLabel.PER]
        if people:
            return MentionRef(mention_id=people[-1].id)
        phrase = self.text[start:end]
        anaphoric = bool(re.search(rf"\s(?:{phrase_pattern(DEMONSTRATIVES)})$", phrase))
        if (_DESCRIPTION.match(phrase) or anaphoric) and _words(phrase) <= 12:
            return self._description(start, end, start, anaphoric)
        if mentions:
            return MentionRef(mention_id=mentions[-1].id)
        words = phrase.split()
        if words and len(words) <= 4 and all(w[:1].isupper() for w in words):
            return SpanRef(type="nominal", span=self.draft.span(start, end))
        return None
