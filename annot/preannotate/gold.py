"""Gold annotations authored as data (by text, not by offsets), resolved into the schema.

A gold file (``raw/gold/<doc_id>.json``, ``tests/data/heldout/hNN.json``) names every item by
its exact text, and :func:`resolve_gold` finds it in ``Document.text``:

- a *locator* is a string, ``{"text": ..., "nth": n}`` or ``{"from": ..., "to": ..., "nth": n}``.
  Matches are whole-word (no letter or digit right before or after). Square brackets mark the
  span inside a context: ``"kata[nya]"`` is the ``nya`` of ``katanya``, ``"Presiden Rusia
  [Vladimir Putin]"`` the name after that title. Without ``nth`` a locator must match exactly
  once; ``from``/``to`` spans from the start of ``from`` to the end of the first ``to`` after it;
- a mention without ``nth`` is every occurrence of its text (minus the 1-based ``except`` list);
  where candidates overlap, the longest wins (``Departemen Luar Negeri AS`` hides ``AS``);
- a speaker or claimant is a locator of a mention, ``{"nominal": locator, "refers_to": locator}``,
  ``{"pronoun": locator, "refers_to": locator}``, or (claimants) ``{"quote": "<quote id>"}``.

Anything that cannot be found raises :class:`GoldError` naming the document, the text and nth.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Final, Literal

from pydantic import Field, ValidationError

from annot.errors import AnnotError
from annot.ingest import PARAGRAPH_SEPARATOR, ingest_dir
from annot.labelstudio.convert import infer_quote_kind
from annot.schema import (
    AnnotatedDocument,
    CanonicalEntity,
    CheckWorthiness,
    Claim,
    Document,
    EntityLabel,
    HumanSource,
    Mention,
    MentionRef,
    Quote,
    QuoteKind,
    QuoteRef,
    Span,
    SpanRef,
    Stance,
)
from annot.schema.base import Lax, Model

__all__ = [
    "GOLD_ANNOTATOR",
    "GOLD_JSONL",
    "GoldError",
    "GoldSpec",
    "dump_annotated_jsonl",
    "load_gold_dir",
    "read_annotated_jsonl",
    "read_gold_spec",
    "resolve_gold",
    "write_annotated_jsonl",
]

GOLD_ANNOTATOR: Final = "gold-annot"
"""The pseudonym of the gold annotation's :class:`HumanSource`."""
GOLD_JSONL: Final = "gold.jsonl"
"""The resolved gold of a gold directory, one AnnotatedDocument per line."""


class GoldError(AnnotError):
    """An authored gold item that cannot be placed in its document."""

    def __init__(self, message: str, *, document_id: str, text: str, nth: int | None) -> None:
        where = f"document {document_id!r}, text {text!r}" + (f", nth {nth}" if nth else "")
        super().__init__(f"{where}: {message}")
        self.document_id = document_id
        self.text = text
        self.nth = nth


# --- the authoring format ------------------------------------------------------------------


class TextLocator(Model):
    text: str = Field(min_length=1)
    nth: int | None = Field(default=None, ge=1)


class RangeLocator(Model):
    start: str = Field(alias="from", min_length=1)
    to: str = Field(min_length=1)
    nth: int | None = Field(default=None, ge=1)


Locator = str | TextLocator | RangeLocator


class NominalAgent(Model):
    nominal: Locator
    refers_to: Locator | None = None


class PronounAgent(Model):
    pronoun: Locator
    refers_to: Locator | None = None


class QuoteAgent(Model):
    quote: str


Agent = str | TextLocator | NominalAgent | PronounAgent | QuoteAgent


class EntitySpec(Model):
    id: str
    name: str
    label: Annotated[EntityLabel, Lax]
    aliases: list[str] = Field(default_factory=list)
    kb_id: str | None = None


class MentionSpec(Model):
    text: str = Field(min_length=1)
    label: Annotated[EntityLabel, Lax]
    entity: str | None = None
    nth: int | None = Field(default=None, ge=1)
    exclude: list[int] = Field(default_factory=list, alias="except")


class QuoteSpec(Model):
    id: str
    content: Locator
    cue: Locator | None = None
    speaker: Agent | None = None
    kind: Annotated[QuoteKind, Lax] | None = None


class ClaimSpec(Model):
    span: Locator
    claimant: Agent | None = None
    stance: Annotated[Stance, Lax] = Stance.ASSERTS
    check_worthy: bool = True


class GoldSpec(Model):
    """One authored gold file."""

    id: str
    """The document id (``Document.id``)."""
    paragraphs: list[str] | None = None
    """The text itself, for passages that are not in raw/ (joined by a blank line)."""
    note: str | None = None
    entities: list[EntitySpec] = Field(default_factory=list)
    mentions: list[MentionSpec] = Field(default_factory=list)
    quotes: list[QuoteSpec] = Field(default_factory=list)
    claims: list[ClaimSpec] = Field(default_factory=list)

    def document(self) -> Document:
        """The document of a self-contained spec (one with ``paragraphs``)."""
        if self.paragraphs is None:
            msg = f"gold {self.id!r} has no paragraphs; take its document from raw/"
            raise ValueError(msg)
        return Document(id=self.id, text=PARAGRAPH_SEPARATOR.join(self.paragraphs))


def read_gold_spec(path: Path) -> GoldSpec:
    """Parse one authored gold file; a malformed one raises :class:`GoldError` naming it."""
    try:
        return GoldSpec.model_validate_json(path.read_text(encoding="utf-8"), strict=False)
    except ValidationError as error:
        first = error.errors()[0]
        raise GoldError(
            f"{path} is not a gold file ({error.error_count()} error(s), first at "
            f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}); see docs/guidelines.md",
            document_id=path.stem,
            text="",
            nth=None,
        ) from error


# --- finding text --------------------------------------------------------------------------


def _pattern(pattern: str) -> tuple[str, int, int]:
    """``"kata[nya]"`` -> (``"katanya"``, 4, 7): the context and the span inside it."""
    if "[" not in pattern:
        return pattern, 0, len(pattern)
    open_at, close_at = pattern.index("["), pattern.index("]")
    context = pattern[:open_at] + pattern[open_at + 1 : close_at] + pattern[close_at + 1 :]
    return context, open_at, close_at - 1


def _is_word(char: str) -> bool:
    return char.isalnum()


def find_all(text: str, pattern: str) -> list[tuple[int, int]]:
    """Whole-word occurrences of ``pattern`` (brackets mark the span) as (start, end)."""
    context, sub_start, sub_end = _pattern(pattern)
    found: list[tuple[int, int]] = []
    at = text.find(context)
    while at >= 0:
        end = at + len(context)
        before_ok = at == 0 or not (_is_word(text[at - 1]) and _is_word(context[0]))
        after_ok = end == len(text) or not (_is_word(text[end]) and _is_word(context[-1]))
        if before_ok and after_ok:
            found.append((at + sub_start, at + sub_end))
        at = text.find(context, at + 1)
    return found


@dataclass(frozen=True, slots=True)
class _Resolver:
    document: Document

    @property
    def doc_id(self) -> str:
        return self.document.id

    def _pick(self, found: list[tuple[int, int]], text: str, nth: int | None) -> tuple[int, int]:
        if not found:
            raise GoldError(
                "not found (whole-word, case-sensitive) in Document.text; copy the text exactly "
                "from the document (annot.ingest.ingest_dir) and check brackets",
                document_id=self.doc_id,
                text=text,
                nth=nth,
            )
        if nth is None:
            if len(found) > 1:
                raise GoldError(
                    f'occurs {len(found)} times (at {[s for s, _ in found]}); add "nth" or '
                    'more context, e.g. "kata [Easley]"',
                    document_id=self.doc_id,
                    text=text,
                    nth=None,
                )
            return found[0]
        if nth > len(found):
            raise GoldError(
                f"occurs only {len(found)} time(s); lower nth",
                document_id=self.doc_id,
                text=text,
                nth=nth,
            )
        return found[nth - 1]

    def span(self, locator: Locator) -> Span:
        text = self.document.text
        if isinstance(locator, RangeLocator):
            start, _ = self._pick(find_all(text, locator.start), locator.start, locator.nth)
            ends = [end for s, end in find_all(text, locator.to) if s >= start]
            if not ends:
                raise GoldError(
                    f"no {locator.to!r} after {locator.start!r}",
                    document_id=self.doc_id,
                    text=locator.to,
                    nth=locator.nth,
                )
            return Span.at(text, start, ends[0], document_id=self.doc_id)
        pattern, nth = (locator, None) if isinstance(locator, str) else (locator.text, locator.nth)
        start, end = self._pick(find_all(text, pattern), pattern, nth)
        return Span.at(text, start, end, document_id=self.doc_id)


# --- resolution ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    spec: MentionSpec
    explicit: bool


def _candidates(resolver: _Resolver, specs: Sequence[MentionSpec]) -> Iterator[_Candidate]:
    text = resolver.document.text
    for spec in specs:
        found = find_all(text, spec.text)
        if spec.nth is not None:
            start, end = resolver._pick(found, spec.text, spec.nth)
            yield _Candidate(start, end, spec, explicit=True)
            continue
        if not found:
            resolver._pick(found, spec.text, None)
        for index, (start, end) in enumerate(found, start=1):
            if index not in spec.exclude:
                yield _Candidate(start, end, spec, explicit=False)


def _mentions(resolver: _Resolver, specs: Sequence[MentionSpec]) -> list[Mention]:
    """Flat mentions: longest candidate wins; an explicit (nth) one must never lose."""
    accepted: list[_Candidate] = []
    ordered = sorted(_candidates(resolver, specs), key=lambda c: (c.start - c.end, c.start))
    for cand in ordered:
        clash = next((a for a in accepted if a.start < cand.end and cand.start < a.end), None)
        if clash is None:
            accepted.append(cand)
            continue
        same = (clash.start, clash.end) == (cand.start, cand.end)
        if cand.explicit or (same and clash.spec.label != cand.spec.label):
            raise GoldError(
                f"mention [{cand.start}, {cand.end}) {cand.spec.label.value} overlaps "
                f"{clash.spec.text!r} [{clash.start}, {clash.end}); mentions are flat. Drop "
                'one, or use "except" on the one to skip',
                document_id=resolver.doc_id,
                text=cand.spec.text,
                nth=cand.spec.nth,
            )
    text = resolver.document.text
    mentions: list[Mention] = []
    for number, cand in enumerate(sorted(accepted, key=lambda c: c.start), start=1):
        entity = f"e-{cand.spec.entity}" if cand.spec.entity else None
        mentions.append(
            Mention(
                id=f"m{number}",
                span=Span.at(text, cand.start, cand.end),
                label=cand.spec.label,
                entity_id=entity,
            )
        )
    return mentions


@dataclass(frozen=True, slots=True)
class _Agents:
    resolver: _Resolver
    mentions: Sequence[Mention]
    quote_ids: frozenset[str]

    def mention_id(self, locator: Locator) -> str:
        span = self.resolver.span(locator)
        for mention in self.mentions:
            if (mention.span.start, mention.span.end) == (span.start, span.end):
                return mention.id
        raise GoldError(
            f'[{span.start}, {span.end}) is not a mention; add it to "mentions", or write '
            'the speaker as {"nominal": ...} or {"pronoun": ...}',
            document_id=self.resolver.doc_id,
            text=span.text,
            nth=None,
        )

    def speaker(self, agent: Agent) -> MentionRef | SpanRef:
        if isinstance(agent, NominalAgent | PronounAgent):
            kind: Literal["nominal", "pronoun"]
            kind, where = (
                ("nominal", agent.nominal)
                if isinstance(agent, NominalAgent)
                else ("pronoun", agent.pronoun)
            )
            refers = None if agent.refers_to is None else self.mention_id(agent.refers_to)
            return SpanRef(type=kind, span=self.resolver.span(where), refers_to=refers)
        if isinstance(agent, QuoteAgent):
            raise GoldError(
                "a quote cannot be the speaker of a quote; name the speaker's mention",
                document_id=self.resolver.doc_id,
                text=agent.quote,
                nth=None,
            )
        return MentionRef(mention_id=self.mention_id(agent))

    def claimant(self, agent: Agent) -> MentionRef | SpanRef | QuoteRef:
        if isinstance(agent, QuoteAgent):
            if agent.quote not in self.quote_ids:
                raise GoldError(
                    f"no quote with id {agent.quote!r} (quotes: {sorted(self.quote_ids)})",
                    document_id=self.resolver.doc_id,
                    text=agent.quote,
                    nth=None,
                )
            return QuoteRef(quote_id=agent.quote)
        return self.speaker(agent)


def resolve_gold(spec: GoldSpec, document: Document) -> AnnotatedDocument:
    """The :class:`AnnotatedDocument` that ``spec`` describes on ``document``."""
    if spec.id != document.id:
        raise GoldError(
            f"the gold file is for {spec.id!r} but the document is {document.id!r}",
            document_id=document.id,
            text=spec.id,
            nth=None,
        )
    resolver = _Resolver(document)
    mentions = _mentions(resolver, spec.mentions)
    entities = [
        CanonicalEntity(
            id=f"e-{e.id}", name=e.name, label=e.label, aliases=e.aliases, kb_id=e.kb_id
        )
        for e in spec.entities
    ]
    agents = _Agents(resolver, mentions, frozenset(q.id for q in spec.quotes))
    quotes: list[Quote] = []
    for q in spec.quotes:
        content = resolver.span(q.content)
        quotes.append(
            Quote(
                id=q.id,
                content=content,
                cue=None if q.cue is None else resolver.span(q.cue),
                speaker=None if q.speaker is None else agents.speaker(q.speaker),
                kind=q.kind or infer_quote_kind(document.text, content),
            )
        )
    claims = [
        Claim(
            id=f"c{number}",
            span=resolver.span(c.span),
            claimant=None if c.claimant is None else agents.claimant(c.claimant),
            stance=c.stance,
            check_worthiness=(
                CheckWorthiness.CHECK_WORTHY if c.check_worthy else CheckWorthiness.NOT_CHECK_WORTHY
            ),
        )
        for number, c in enumerate(spec.claims, start=1)
    ]
    return AnnotatedDocument(
        document=document,
        source=HumanSource(annotator=GOLD_ANNOTATOR),
        entities=entities,
        mentions=mentions,
        quotes=quotes,
        claims=claims,
    )


def load_gold_dir(gold_dir: Path, raw_dir: Path | None = None) -> list[AnnotatedDocument]:
    """Resolve every ``*.json`` gold file of ``gold_dir``, sorted by document id.

    Files with ``paragraphs`` carry their own text; the others are matched by id with the
    documents of ``ingest_dir(raw_dir)`` (``raw_dir`` defaults to ``gold_dir``'s parent).
    """
    specs = [read_gold_spec(path) for path in sorted(gold_dir.glob("*.json"))]
    needs_raw = any(spec.paragraphs is None for spec in specs)
    raw = ingest_dir(raw_dir or gold_dir.parent) if needs_raw else []
    by_id = {doc.id: doc for doc in raw}
    resolved: list[AnnotatedDocument] = []
    for spec in specs:
        if spec.paragraphs is not None:
            document = spec.document()
        elif spec.id in by_id:
            document = by_id[spec.id]
        else:
            raise GoldError(
                f'no raw article with this id (raw ids: {sorted(by_id)}); fix "id"',
                document_id=spec.id,
                text=spec.id,
                nth=None,
            )
        resolved.append(resolve_gold(spec, document))
    return sorted(resolved, key=lambda ad: ad.document.id)


# --- JSON lines ----------------------------------------------------------------------------


def dump_annotated_jsonl(documents: Iterable[AnnotatedDocument]) -> str:
    """AnnotatedDocuments as JSON lines (the schema's JSON form, one per line)."""
    return "".join(ad.model_dump_json() + "\n" for ad in documents)


def write_annotated_jsonl(documents: Iterable[AnnotatedDocument], path: Path) -> Path:
    """Write :func:`dump_annotated_jsonl` to ``path`` and return it."""
    path.write_text(dump_annotated_jsonl(documents), encoding="utf-8", newline="\n")
    return path


def read_annotated_jsonl(path: Path) -> list[AnnotatedDocument]:
    """The AnnotatedDocuments of a JSON lines file; a bad line raises naming its number."""
    documents: list[AnnotatedDocument] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            documents.append(AnnotatedDocument.model_validate_json(line))
        except ValidationError as error:
            raise GoldError(
                f"{path} line {number} is not an AnnotatedDocument ({error.error_count()} "
                f"error(s): {error.errors()[0]['msg']})",
                document_id=path.stem,
                text="",
                nth=number,
            ) from error
        except json.JSONDecodeError as error:  # pragma: no cover - pydantic wraps it
            raise GoldError(
                f"{path} line {number} is not JSON", document_id=path.stem, text="", nth=number
            ) from error
    return documents
