"""Direct and indirect quotes with their cue and speaker.

- direct: text in “ ” or " " attributed by a cue after it (“…,” kata X / katanya / ujar dia)
  or before it (X mengatakan: “…”); a quote with no cue right after an attributed one carries
  its speaker;
- indirect: "X mengatakan (bahwa) …", "Menurut X, …", "…, kata X.";
- speakers: the named subject of the cue (appositions and adverbials skipped), a description
  ("seorang pejabat AS"), or a pronoun ("-nya", "dia", "ia") linked to the most recent speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from annot.preannotate.base import SPEAKER_VERBS, Draft, provenance
from annot.schema import Mention, MentionRef, Quote, QuoteKind, SpanRef
from annot.schema.taxonomy import SPEAKER_LABELS
from annot.tokenize import sentences

__all__ = ["QuoteAnnotator"]

Speaker = MentionRef | SpanRef

_CUE_AFTER: Final = re.compile(
    r"\s*,?\s*(?P<cue>kata|ujar|ucap|ungkap|tegas|jelas|terang|tambah|lanjut|sebut|tulis|"
    r"tutur)(?P<nya>nya)?(?![\w-])"
)
_VERBS: Final = "|".join(SPEAKER_VERBS)
_CUE_BEFORE: Final = re.compile(rf"(?<![\w-])(?P<cue>{_VERBS})(?:\s+bahwa)?\s*[:,]?\s*$")
_PRONOUN: Final = re.compile(r"\s+(?P<p>dia|ia)(?![\w-])")
_NOMINAL_HEAD: Final = re.compile(
    r"^(?:[Ss]eorang|[Pp]ara|[Bb]eberapa|[Pp]ejabat|[Ss]umber|[Pp]ernyataan|[Ll]aporan|"
    r"[Pp]ihak|[Kk]etiga|[Kk]edua|[Jj]uru bicara|[Pp]emerintah)\b"
)
_NOMINAL_END: Final = re.compile(r"[,.;:!?”\"]|\s(?:kepada|pada|dalam|di|saat|ketika|yang)\s")
_APPOSITION: Final = re.compile(
    r"^\s*(?:seorang|juru bicara|perwakilan|penasihat|kepala|ketua|direktur|menteri)\b"
)
_ADVERBIAL: Final = re.compile(
    r"^\s*(?:dalam|di|pada|kepada|saat|ketika|sebagaimana|dikutip|tanpa|sementara)\b"
)
_STANDALONE_PRONOUN: Final = re.compile(r"^\s*(?P<p>[Ii]a|[Dd]ia)\s*$")
_SUBJECT_VERBS: Final = re.compile(rf"(?<![\w-])(?:{_VERBS}|menjawab|berbicara)(?![\w-])")
_MENURUT: Final = re.compile(r"(?<![\w-])(?P<cue>[Mm]enurut)\s")
_POSTPOSED: Final = re.compile(r",\s+(?P<cue>kata|ujar|tulis|tutur)\s+(?P<rest>[^,.]+)[.]?\s*$")
_QUOTES: Final = (re.compile(r"“(?P<c>[^”]+)”"), re.compile(r'"(?P<c>[^"\n]+)"'))


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    cue: tuple[int, int] | None
    speaker: Speaker | None
    kind: QuoteKind
    score: float


class QuoteAnnotator:
    """Rule-based quote finder; needs the entity layer for speakers."""

    name = "annot-quotes"
    version = "0.1.0"

    def annotate(self, draft: Draft) -> None:
        resolver = _Speakers(draft)
        found = self._direct(draft, resolver)
        found += [f for f in self._indirect(draft, resolver) if not _overlaps(f, found)]
        for number, f in enumerate(sorted(found, key=lambda f: f.start), start=1):
            draft.quotes.append(
                Quote(
                    id=f"q{number}",
                    content=draft.span(f.start, f.end),
                    cue=None if f.cue is None else draft.span(*f.cue),
                    speaker=f.speaker,
                    kind=f.kind,
                    provenance=provenance(self, f.score),
                )
            )

    def _direct(self, draft: Draft, speakers: _Speakers) -> list[_Found]:
        text = draft.text
        found: list[_Found] = []
        regions = sorted(
            (m.start("c"), m.end("c"), m.end()) for p in _QUOTES for m in p.finditer(text)
        )
        previous: _Found | None = None
        for start, inner_end, close in regions:
            end = inner_end
            while end > start and text[end - 1] in ", ":
                end -= 1
            after = _CUE_AFTER.match(text, close) if close <= len(text) else None
            before = _CUE_BEFORE.search(text[_sentence_start(text, start - 1) : start - 1])
            item: _Found | None = None
            if after is not None:
                cue = (after.start("cue"), after.end("cue"))
                speaker = speakers.after_cue(after.end(), bool(after["nya"]), start)
                item = _Found(start, end, cue, speaker, QuoteKind.DIRECT, 0.9)
            elif before is not None:
                offset = _sentence_start(text, start - 1)
                cue = (offset + before.start("cue"), offset + before.end("cue"))
                speaker = speakers.subject(offset, cue[0])
                item = _Found(start, end, cue, speaker, QuoteKind.DIRECT, 0.8)
            elif (
                previous is not None
                and previous.speaker is not None
                and start - previous.end < 400
                and _starts_sentence(text, start - 1)
            ):
                item = _Found(start, end, None, previous.speaker, QuoteKind.DIRECT, 0.5)
            if item is not None:
                found.append(item)
                speakers.record(item.start, item.speaker)
                previous = item
        return found

    def _indirect(self, draft: Draft, speakers: _Speakers) -> list[_Found]:
        text = draft.text
        found: list[_Found] = []
        for s_start, s_end in sentences(text):
            sentence = text[s_start:s_end]
            item = (
                self._reported(text, s_start, sentence, speakers)
                or self._menurut(text, s_start, sentence, speakers)
                or self._postposed(text, s_start, sentence, speakers)
            )
            if item is not None:
                found.append(item)
                speakers.record(item.start, item.speaker)
        return found

    def _reported(
        self, text: str, s_start: int, sentence: str, speakers: _Speakers
    ) -> _Found | None:
        for match in re.finditer(rf"(?<![\w-])(?P<cue>{_VERBS})(?![\w-])", sentence):
            rest = sentence[match.end() :]
            bahwa = re.match(r"^((?:\s+[\w()/]+){0,6}?)\s+bahwa,?\s+", rest)
            lead = re.match(r"^\s*[,:]?\s*", rest)
            skip = bahwa.end() if bahwa else (lead.end() if lead else 0)
            content = rest[skip:]
            if content[:1] in '“"' or len(content.split()) < 4:
                continue
            if re.match(r"\s*(?!bahwa)\w+,", rest) or (
                not bahwa and re.match(r"\s*\w+nya\b", rest)
            ):
                continue
            start = s_start + match.end() + skip
            end = s_start + len(sentence.rstrip(".!? "))
            cue = (s_start + match.start("cue"), s_start + match.end("cue"))
            kind = QuoteKind.MIXED if re.search('[“"‘]', content) else QuoteKind.INDIRECT
            speaker = speakers.subject(s_start, cue[0])
            if speaker is None:
                continue
            return _Found(start, end, cue, speaker, kind, 0.6)
        return None

    def _menurut(
        self, text: str, s_start: int, sentence: str, speakers: _Speakers
    ) -> _Found | None:
        match = _MENURUT.search(sentence)
        if match is None or (match.start() > 0 and sentence[: match.start()].strip()[-1:] != ","):
            return None
        window_end = s_start + match.end() + 120
        best: Mention | None = None
        for mention in speakers.mentions_between(s_start + match.end(), window_end):
            if text[mention.span.end : mention.span.end + 1] == ",":
                if best is None or (mention.label.value == "PER" and best.label.value != "PER"):
                    best = mention
                if mention.label.value == "PER":
                    break
        if best is None:
            return None
        start = best.span.end + 1
        while start < len(text) and text[start] == " ":
            start += 1
        end = s_start + len(sentence.rstrip(".!? "))
        if len(text[start:end].split()) < 4:
            return None
        cue = (s_start + match.start("cue"), s_start + match.end("cue"))
        return _Found(start, end, cue, MentionRef(mention_id=best.id), QuoteKind.INDIRECT, 0.6)

    def _postposed(
        self, text: str, s_start: int, sentence: str, speakers: _Speakers
    ) -> _Found | None:
        match = _POSTPOSED.search(sentence)
        if (
            match is None
            or re.search('[“”"]', sentence)
            or len(sentence[: match.start()].split()) < 5
        ):
            return None
        cue = (s_start + match.start("cue"), s_start + match.end("cue"))
        speaker = speakers.after_cue(cue[1], False, s_start)
        if speaker is None:
            return None
        return _Found(s_start, s_start + match.start(), cue, speaker, QuoteKind.INDIRECT, 0.6)


def _overlaps(item: _Found, others: list[_Found]) -> bool:
    return any(item.start < o.end and o.start < item.end for o in others)


def _sentence_start(text: str, at: int) -> int:
    for index in range(at - 1, -1, -1):
        if text[index] in ".!?\n" and (index + 1 >= len(text) or text[index + 1] in " \n"):
            return index + 1
    return 0


def _starts_sentence(text: str, at: int) -> bool:
    return not text[_sentence_start(text, at) : at].strip()


class _Speakers:
    """Finds speakers and remembers who spoke last (antecedents for "-nya", "dia", "ia")."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.text = draft.text
        self.recent: list[tuple[int, Speaker]] = []
        for match in _SUBJECT_VERBS.finditer(self.text):
            subject = self.subject(_sentence_start(self.text, match.start()), match.start(), True)
            if subject is not None:
                self.record(match.start(), subject)

    def record(self, at: int, speaker: Speaker | None) -> None:
        if speaker is not None and not (isinstance(speaker, SpanRef) and speaker.type == "pronoun"):
            self.recent.append((at, speaker))

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        return [
            m
            for m in self.draft.mentions
            if start <= m.span.start and m.span.end <= end and m.label in SPEAKER_LABELS
        ]

    def antecedent(self, at: int) -> Speaker | None:
        earlier = [(pos, s) for pos, s in self.recent if pos < at]
        if earlier:
            return max(earlier, key=lambda item: item[0])[1]
        people = [m for m in self.draft.mentions if m.span.end <= at and m.label.value == "PER"]
        return MentionRef(mention_id=people[-1].id) if people else None

    def pronoun(self, start: int, end: int, at: int) -> Speaker:
        antecedent = self.antecedent(at)
        if isinstance(antecedent, SpanRef):
            return antecedent
        refers = antecedent.mention_id if isinstance(antecedent, MentionRef) else None
        return SpanRef(type="pronoun", span=self.draft.span(start, end), refers_to=refers)

    def after_cue(self, at: int, nya: bool, quote_start: int) -> Speaker | None:
        if nya:
            return self.pronoun(at - 3, at, quote_start)
        pronoun = _PRONOUN.match(self.text, at)
        if pronoun is not None:
            return self.pronoun(pronoun.start("p"), pronoun.end("p"), quote_start)
        rest = self.text[at:]
        stripped = rest.lstrip()
        lead = len(rest) - len(stripped)
        nominal = _NOMINAL_HEAD.match(stripped)
        limit = re.search(r"[.!?;]", rest)
        window_end = at + (limit.start() if limit else len(rest))
        mentions = self.mentions_between(at, window_end)
        people = [m for m in mentions if m.label.value == "PER"]
        if nominal is not None and not people:
            stop = _NOMINAL_END.search(stripped)
            end = at + lead + (stop.start() if stop else len(stripped))
            return SpanRef(type="nominal", span=self.draft.span(at + lead, end))
        chosen = people[0] if people else (mentions[0] if mentions else None)
        return None if chosen is None else MentionRef(mention_id=chosen.id)

    def subject(self, s_start: int, cue_start: int, strict: bool = False) -> Speaker | None:
        """The subject before a cue: a name, a description or a pronoun.

        Walks the comma-separated segments backwards, skipping adverbials ("dalam sebuah
        wawancara") and appositions after a name ("X, juru bicara Kremlin, mengatakan").
        """
        clause = self.text[s_start:cue_start]
        cuts = [0] + [m.end() for m in re.finditer(",", clause)]
        bounds = zip(cuts, [*cuts[1:], len(clause)], strict=True)
        segments = [(s_start + a, s_start + b) for a, b in bounds]
        for index in range(len(segments) - 1, -1, -1):
            seg_start, seg_end = segments[index]
            segment = self.text[seg_start:seg_end].rstrip(",")
            if not segment.strip():
                continue
            mentions = self.mentions_between(seg_start, seg_end)
            people = [m for m in mentions if m.label.value == "PER"]
            if people:
                return MentionRef(mention_id=people[0].id)
            if index > 0 and _ADVERBIAL.match(segment):
                continue
            if (
                index > 0
                and _APPOSITION.match(segment)
                and self._ends_with_person(segments[index - 1])
            ):
                continue
            pronoun = _STANDALONE_PRONOUN.match(segment)
            if pronoun is not None:
                if strict:
                    return None
                p_start = seg_start + pronoun.start("p")
                return self.pronoun(p_start, seg_start + pronoun.end("p"), p_start)
            stripped = re.sub(r"(?:\s+(?:telah|sudah|juga|pun))+$", "", segment.strip())
            if _NOMINAL_HEAD.match(stripped) and len(stripped.split()) <= 10:
                start = seg_start + segment.index(stripped)
                return SpanRef(type="nominal", span=self.draft.span(start, start + len(stripped)))
            if mentions:
                return MentionRef(mention_id=mentions[-1].id)
            return None
        return None

    def _ends_with_person(self, segment: tuple[int, int]) -> bool:
        end = segment[0] + len(self.text[segment[0] : segment[1]].rstrip(", "))
        return any(m.span.end == end and m.label.value == "PER" for m in self.draft.mentions)
