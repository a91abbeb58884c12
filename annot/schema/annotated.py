"""An annotated document: a document, its annotation layers, and their provenance."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, Self

from pydantic import Field, model_validator

from annot.errors import CrossReferenceError, SchemaVersionError
from annot.schema.base import Model
from annot.schema.document import Document
from annot.schema.layers import (
    CanonicalEntity,
    Claim,
    Mention,
    MentionRef,
    Quote,
    QuoteRef,
    SpanRef,
)
from annot.schema.provenance import LabelStudioRef, Provenance
from annot.schema.span import Span
from annot.schema.taxonomy import CLAIMANT_LABELS, SPEAKER_LABELS, EntityLabel
from annot.schema.version import SCHEMA_VERSION

__all__ = ["AnnotatedDocument", "Withheld", "comparable_layers"]


class Withheld(Model):
    """A unit that adjudication could not settle, kept out of a gold annotation on purpose.

    The export respects it: an ``entities`` unit withholds the sentences it touches from
    ``ner`` and ``seacrowd_seq_label`` (an untagged entity would be learnt as ``O``), a
    ``claims`` unit withholds its sentences from ``claims``; a disputed quote is simply not in
    ``quotes``. The disagreement record of :mod:`annot.agreement.adjudicate` says who said what.
    """

    layer: Literal["entities", "quotes", "claims"]
    span: Span
    reason: str
    """Why it is withheld (the disagreement's message)."""


class AnnotatedDocument(Model):
    """One annotation of one document: entity mentions, quotes and claims.

    Validation checks, and raises on the first failure (the validation stage collects all):

    - the schema version is this library's;
    - every span slices ``document.text`` to its text (:class:`SpanMismatchError`);
    - ids are unique across all layers, and every referenced id exists;
    - a speaker or claimant is a plausible type (a mention labelled one of
      ``SPEAKER_LABELS``), also through a pronoun's ``refers_to``
      (:class:`CrossReferenceError`).
    """

    schema_version: str = SCHEMA_VERSION
    document: Document
    source: Provenance
    """Who produced this annotation as a whole; items may override it."""
    label_studio: LabelStudioRef | None = None
    entities: list[CanonicalEntity] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    withheld: list[Withheld] = Field(default_factory=list)
    """Units in dispute, withheld from the gold (empty for one annotator's annotation)."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.schema_version != SCHEMA_VERSION:
            raise SchemaVersionError(
                self.schema_version, SCHEMA_VERSION, f"document {self.document.id!r}"
            )
        text, doc_id = self.document.text, self.document.id
        for _, _, span in self.spans():
            span.check(text, doc_id)
        for unit in self.withheld:
            unit.span.check(text, doc_id)
        self._check_ids()
        return self

    def spans(self) -> Iterator[tuple[str, str, Span]]:
        """Every span with the id of its item and its role in it, in layer order."""
        for mention in self.mentions:
            yield mention.id, "mention", mention.span
        for quote in self.quotes:
            yield quote.id, "content", quote.content
            if quote.cue is not None:
                yield quote.id, "cue", quote.cue
            if isinstance(quote.speaker, SpanRef):
                yield quote.id, "speaker", quote.speaker.span
        for claim in self.claims:
            yield claim.id, "claim", claim.span
            if isinstance(claim.claimant, SpanRef):
                yield claim.id, "claimant", claim.claimant.span

    def _fail(self, item_id: str, ref: str, message: str) -> CrossReferenceError:
        return CrossReferenceError(
            f"document {self.document.id!r}: {message}",
            document_id=self.document.id,
            item_id=item_id,
            ref=ref,
        )

    def _check_ids(self) -> None:
        seen: set[str] = set()
        ids = [item.id for item in self.entities] + [item.id for item in self.mentions]
        ids += [item.id for item in self.quotes] + [item.id for item in self.claims]
        for item_id in ids:
            if item_id in seen:
                raise self._fail(
                    item_id,
                    item_id,
                    f"id {item_id!r} is used twice; ids must be unique across entities, "
                    "mentions, quotes and claims. Give one of them a new id.",
                )
            seen.add(item_id)
        entities = {entity.id for entity in self.entities}
        labels = {mention.id: mention.label for mention in self.mentions}
        quotes = {quote.id for quote in self.quotes}
        for mention in self.mentions:
            if mention.entity_id is not None and mention.entity_id not in entities:
                raise self._fail(
                    mention.id,
                    mention.entity_id,
                    f"mention {mention.id!r} links to entity {mention.entity_id!r}, which "
                    f"does not exist (entities: {_some(entities)}). Add the entity or fix "
                    "the link.",
                )
        for quote in self.quotes:
            if quote.speaker is not None:
                self._check_agent(quote.id, "speaker", quote.speaker, labels, SPEAKER_LABELS)
        for claim in self.claims:
            if isinstance(claim.claimant, QuoteRef):
                if claim.claimant.quote_id not in quotes:
                    raise self._fail(
                        claim.id,
                        claim.claimant.quote_id,
                        f"claim {claim.id!r} names quote {claim.claimant.quote_id!r} as "
                        f"its claimant, which does not exist (quotes: {_some(quotes)}).",
                    )
            elif claim.claimant is not None:
                self._check_agent(claim.id, "claimant", claim.claimant, labels, CLAIMANT_LABELS)

    def _check_agent(
        self,
        item_id: str,
        role: str,
        agent: MentionRef | SpanRef,
        labels: dict[str, EntityLabel],
        plausible: frozenset[EntityLabel],
    ) -> None:
        ref = agent.mention_id if isinstance(agent, MentionRef) else agent.refers_to
        if ref is None:
            return
        if ref not in labels:
            raise self._fail(
                item_id,
                ref,
                f"{role} of {item_id!r} points to mention {ref!r}, which does not exist "
                f"(mentions: {_some(labels)}). Add the mention or fix the link.",
            )
        if labels[ref] not in plausible:
            raise self._fail(
                item_id,
                ref,
                f"{role} of {item_id!r} is mention {ref!r} labelled {labels[ref].value}, "
                f"which cannot speak; a {role} must be one of "
                f"{sorted(label.value for label in plausible)}. Link the person or "
                "organisation instead, or fix the mention's label.",
            )


def _some(ids: set[str] | dict[str, EntityLabel], limit: int = 10) -> str:
    names = sorted(ids)
    shown = ", ".join(repr(name) for name in names[:limit])
    more = f", … {len(names) - limit} more" if len(names) > limit else ""
    return f"[{shown}{more}]" if names else "none"


def comparable_layers(
    annotated: AnnotatedDocument,
) -> tuple[list[object], list[object], list[object]]:
    """The layers with ids replaced by what they point to, sorted: equal for two annotations
    that say the same thing, whatever their item ids, region ids and provenance (ids change
    on a trip through Label Studio)."""
    mentions = {m.id: (m.label, m.span) for m in annotated.mentions}
    contents = {q.id: q.content for q in annotated.quotes}

    def agent(ref: MentionRef | SpanRef | QuoteRef | None) -> object:
        if isinstance(ref, MentionRef):
            return mentions[ref.mention_id]
        if isinstance(ref, SpanRef):
            target = mentions[ref.refers_to] if ref.refers_to is not None else None
            return (ref.type, ref.span, target)
        return contents[ref.quote_id] if ref is not None else None

    return (
        sorted(mentions.values(), key=repr),
        sorted(((q.content, q.cue, q.kind, agent(q.speaker)) for q in annotated.quotes), key=repr),
        sorted(
            ((c.span, c.stance, c.check_worthiness, agent(c.claimant)) for c in annotated.claims),
            key=repr,
        ),
    )
