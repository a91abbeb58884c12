"""Rows of the ``documents``, ``quotes`` and ``claims`` configs, built from one document.

Every function here is pure: one :class:`AnnotatedDocument` (wrapped in a :class:`Prepared`,
which tokenizes and splits sentences once) in, plain dicts shaped like
:mod:`annot.export.features` out. Absent values are ``None`` (null in Arrow), never ``""``.

Policies
--------
- Provenance is *resolved*: an item without its own provenance gets the annotated document's
  ``source``, so every exported item says who produced it.
- A speaker or claimant that is a mention also carries the mention's offsets and text, so a
  consumer need not look the mention up; :func:`documents_row_to_layers` ignores them.
- ``quotes``: the paragraph is the annotatable segment (title, subtitle, heading, body
  paragraph) holding the quote; a quote spanning paragraphs gets the stretch from the first
  to the last. A document without segments is one paragraph.
- ``claims``: one row per sentence (:func:`annot.tokenize.sentences`). A sentence carries a
  claim when a claim span overlaps it; a claim spanning two sentences marks both. Every
  claim of the sentence is listed in ``claim_spans`` with its own id, claimant, stance and
  check-worthiness; the sentence-level classes (``claimant``, ``stance``,
  ``check_worthiness``) are those of the first (by start offset, then id).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from annot.export.features import CHECK_WORTHINESS_NAMES, CLAIM_STANCE_NAMES
from annot.schema import (
    AdjudicatedSource,
    AnnotatedDocument,
    CanonicalEntity,
    Claim,
    HumanSource,
    Mention,
    MentionRef,
    PreannotatorSource,
    Provenance,
    Quote,
    QuoteKind,
    QuoteRef,
    Span,
    SpanRef,
)
from annot.schema.taxonomy import QuoteLayerLabel
from annot.tokenize import Token, sentences, tokenize

__all__ = [
    "Prepared",
    "Row",
    "claims_rows",
    "documents_row",
    "documents_row_to_layers",
    "prepare",
    "quotes_rows",
    "sentence_id",
]

#: One exported record, shaped by the config's ``Features`` (values are JSON-like).
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document with its tokens, sentences and lookup tables, computed once."""

    annotated: AnnotatedDocument
    tokens: list[Token]
    sentences: list[tuple[int, int]]
    mentions: dict[str, Mention] = field(default_factory=dict)
    entities: dict[str, CanonicalEntity] = field(default_factory=dict)
    quotes: dict[str, Quote] = field(default_factory=dict)
    token_starts: list[int] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.annotated.document.id

    @property
    def text(self) -> str:
        return self.annotated.document.text

    def sentence_tokens(self, index: int) -> list[Token]:
        """The tokens of sentence ``index`` (sentences are made of whole tokens)."""
        start, end = self.sentences[index]
        first = bisect_right(self.token_starts, start - 1)
        last = bisect_right(self.token_starts, end - 1)
        return self.tokens[first:last]


def prepare(annotated: AnnotatedDocument, *, split_clitics: bool = False) -> Prepared:
    """Tokenize ``annotated`` and index its layers."""
    text = annotated.document.text
    tokens = tokenize(text, split_clitics=split_clitics)
    return Prepared(
        annotated=annotated,
        tokens=tokens,
        sentences=sentences(text, tokens),
        mentions={mention.id: mention for mention in annotated.mentions},
        entities={entity.id: entity for entity in annotated.entities},
        quotes={quote.id: quote for quote in annotated.quotes},
        token_starts=[token.start for token in tokens],
    )


def sentence_id(document_id: str, index: int) -> str:
    """The row id of sentence ``index`` of a document: ``<document id>:s<index>``."""
    return f"{document_id}:s{index}"


# -- documents ----------------------------------------------------------------------------------


def _span(prefix: str, span: Span | None) -> Row:
    if span is None:
        return {f"{prefix}start": None, f"{prefix}end": None, f"{prefix}text": None}
    return {f"{prefix}start": span.start, f"{prefix}end": span.end, f"{prefix}text": span.text}


def _provenance(item: Provenance | None, default: Provenance) -> Row:
    source = item if item is not None else default
    row: Row = {
        "type": source.type,
        "annotator": None,
        "name": None,
        "version": None,
        "score": None,
        "policy": None,
        "annotators": None,
    }
    if isinstance(source, HumanSource):
        row["annotator"] = source.annotator
    elif isinstance(source, PreannotatorSource):
        row |= {"name": source.name, "version": source.version, "score": source.score}
    else:
        row |= {"policy": source.policy, "annotators": list(source.annotators)}
    return row


def _agent(prefix: str, agent: MentionRef | SpanRef | QuoteRef | None, doc: Prepared) -> Row:
    row: Row = {
        f"{prefix}type": None,
        f"{prefix}mention_id": None,
        f"{prefix}quote_id": None,
        **_span(prefix, None),
        f"{prefix}refers_to": None,
    }
    if isinstance(agent, MentionRef):
        row[f"{prefix}mention_id"] = agent.mention_id
        row |= _span(prefix, doc.mentions[agent.mention_id].span)
    elif isinstance(agent, SpanRef):
        row |= _span(prefix, agent.span)
        row[f"{prefix}refers_to"] = agent.refers_to
    elif isinstance(agent, QuoteRef):
        row[f"{prefix}quote_id"] = agent.quote_id
    if agent is not None:
        row[f"{prefix}type"] = agent.type
    return row


def documents_row(doc: Prepared) -> Row:
    """The ``documents`` row: the document, its segments and every layer, full fidelity."""
    annotated = doc.annotated
    document = annotated.document
    source = annotated.source
    return {
        "id": document.id,
        "schema_version": annotated.schema_version,
        "text": document.text,
        "title": document.title,
        "source": document.source,
        "url": document.url,
        "published": document.published.model_dump() if document.published else None,
        "authors": list(document.authors),
        "editors": list(document.editors),
        "language": document.language,
        "segments": [
            {
                "role": segment.role.value,
                "raw_start": segment.raw_start,
                "raw_end": segment.raw_end,
                "text_start": segment.text_start,
                "text_end": segment.text_end,
            }
            for segment in document.segments
        ],
        "entities": [
            {
                "id": entity.id,
                "name": entity.name,
                "label": entity.label.value,
                "aliases": list(entity.aliases),
                "kb_id": entity.kb_id,
            }
            for entity in annotated.entities
        ],
        "mentions": [
            {
                "id": mention.id,
                **_span("", mention.span),
                "label": mention.label.value,
                "entity_id": mention.entity_id,
                "provenance": _provenance(mention.provenance, source),
            }
            for mention in annotated.mentions
        ],
        "quotes": [
            {
                "id": quote.id,
                **_span("content_", quote.content),
                **_span("cue_", quote.cue),
                **_agent("speaker_", quote.speaker, doc),
                "kind": quote.kind.value,
                "provenance": _provenance(quote.provenance, source),
            }
            for quote in annotated.quotes
        ],
        "claims": [
            {
                "id": claim.id,
                **_span("", claim.span),
                **_agent("claimant_", claim.claimant, doc),
                "stance": claim.stance.value,
                "check_worthiness": claim.check_worthiness.value,
                "provenance": _provenance(claim.provenance, source),
            }
            for claim in annotated.claims
        ],
    }


def _read_span(row: Row, prefix: str) -> Span | None:
    if row[f"{prefix}start"] is None:
        return None
    return Span(start=row[f"{prefix}start"], end=row[f"{prefix}end"], text=row[f"{prefix}text"])


def _read_provenance(row: Row) -> Provenance:
    kind = row["type"]
    if kind == "human":
        return HumanSource(annotator=row["annotator"])
    if kind == "preannotator":
        return PreannotatorSource(name=row["name"], version=row["version"], score=row["score"])
    return AdjudicatedSource(policy=row["policy"], annotators=list(row["annotators"] or []))


def _read_agent(row: Row, prefix: str) -> MentionRef | SpanRef | QuoteRef | None:
    kind = row[f"{prefix}type"]
    if kind is None:
        return None
    if kind == "mention":
        return MentionRef(mention_id=row[f"{prefix}mention_id"])
    if kind == "quote":
        return QuoteRef(quote_id=row[f"{prefix}quote_id"])
    span = _read_span(row, prefix)
    assert span is not None, f"{prefix} of type {kind!r} without a span"
    return SpanRef(type=kind, span=span, refers_to=row[f"{prefix}refers_to"])


def documents_row_to_layers(
    row: Row,
) -> tuple[list[CanonicalEntity], list[Mention], list[Quote], list[Claim]]:
    """The annotation layers of a ``documents`` row, as schema objects (the inverse of
    :func:`documents_row` with provenance resolved; Label Studio region ids are not exported).
    """
    entities = [
        CanonicalEntity(
            id=item["id"],
            name=item["name"],
            label=item["label"],
            aliases=list(item["aliases"]),
            kb_id=item["kb_id"],
        )
        for item in row["entities"]
    ]
    mentions = []
    for item in row["mentions"]:
        span = _read_span(item, "")
        assert span is not None
        mentions.append(
            Mention(
                id=item["id"],
                span=span,
                label=item["label"],
                entity_id=item["entity_id"],
                provenance=_read_provenance(item["provenance"]),
            )
        )
    quotes = []
    for item in row["quotes"]:
        content = _read_span(item, "content_")
        assert content is not None
        speaker = _read_agent(item, "speaker_")
        assert not isinstance(speaker, QuoteRef)
        quotes.append(
            Quote(
                id=item["id"],
                content=content,
                cue=_read_span(item, "cue_"),
                speaker=speaker,
                kind=item["kind"],
                provenance=_read_provenance(item["provenance"]),
            )
        )
    claims = []
    for item in row["claims"]:
        span = _read_span(item, "")
        assert span is not None
        claims.append(
            Claim(
                id=item["id"],
                span=span,
                claimant=_read_agent(item, "claimant_"),
                stance=item["stance"],
                check_worthiness=item["check_worthiness"],
                provenance=_read_provenance(item["provenance"]),
            )
        )
    return entities, mentions, quotes, claims


# -- quotes -------------------------------------------------------------------------------------


def _paragraphs(doc: Prepared) -> list[Span]:
    document = doc.annotated.document
    found = list(document.paragraphs())
    return found or [document.span(0, len(document.text))]


def _paragraph_of(paragraphs: list[Span], span: Span, doc: Prepared) -> Span:
    starts = [paragraph.start for paragraph in paragraphs]
    first = max(bisect_right(starts, span.start) - 1, 0)
    last = max(bisect_right(starts, max(span.end - 1, span.start)) - 1, first)
    return doc.annotated.document.span(paragraphs[first].start, paragraphs[last].end)


def _mention_name(doc: Prepared, mention_id: str) -> tuple[str, str | None]:
    """A mention's label and the canonical name of its entity (``None`` when unlinked)."""
    mention = doc.mentions[mention_id]
    entity = doc.entities.get(mention.entity_id) if mention.entity_id else None
    return mention.label.value, entity.name if entity else None


def _speaker(doc: Prepared, quote: Quote) -> tuple[Span | None, str | None, str | None]:
    """The speaker span, its label and canonical entity name."""
    speaker = quote.speaker
    if isinstance(speaker, MentionRef):
        label, name = _mention_name(doc, speaker.mention_id)
        return doc.mentions[speaker.mention_id].span, label, name
    if isinstance(speaker, SpanRef):
        name = _mention_name(doc, speaker.refers_to)[1] if speaker.refers_to else None
        return speaker.span, QuoteLayerLabel.SPEAKER.value, name
    return None, None, None


def quotes_rows(doc: Prepared) -> Iterator[Row]:
    """One ``quotes`` row per quote, in layer order.

    ``speaker_label`` is the mention's entity label, or ``SPEAKER`` for an unnamed speaker
    (a description or pronoun); ``speaker_entity`` is the canonical entity name, followed
    through a pronoun's ``refers_to``, or ``None`` when unlinked.
    """
    paragraphs = _paragraphs(doc)
    kinds = list(QuoteKind)
    for quote in doc.annotated.quotes:
        speaker, label, name = _speaker(doc, quote)
        yield {
            "id": f"{doc.id}:{quote.id}",
            "document_id": doc.id,
            **_span("content_", quote.content),
            **_span("cue_", quote.cue),
            **_span("speaker_", speaker),
            "speaker_label": label,
            "speaker_entity": name,
            "kind": kinds.index(quote.kind),
            **_span("paragraph_", _paragraph_of(paragraphs, quote.content, doc)),
        }


# -- claims -------------------------------------------------------------------------------------


def claimant_name(doc: Prepared, claim: Claim) -> str | None:
    """Who makes ``claim``, readable: the canonical entity name when linked, else the text of
    the mention or speaker span; a claim made in a quote is its speaker's."""
    claimant = claim.claimant
    if isinstance(claimant, QuoteRef):
        span, _, name = _speaker(doc, doc.quotes[claimant.quote_id])
        return name or (span.text if span else None)
    if isinstance(claimant, MentionRef):
        name = _mention_name(doc, claimant.mention_id)[1]
        return name or doc.mentions[claimant.mention_id].span.text
    if isinstance(claimant, SpanRef):
        name = _mention_name(doc, claimant.refers_to)[1] if claimant.refers_to else None
        return name or claimant.span.text
    return None


def claims_rows(doc: Prepared) -> Iterator[Row]:
    """One ``claims`` row per sentence, in text order; a sentence touched by a claim in
    dispute (``AnnotatedDocument.withheld``) is withheld (``has_claim`` would be a guess)."""
    claims = sorted(doc.annotated.claims, key=lambda claim: (claim.span.start, claim.id))
    disputed = [u.span for u in doc.annotated.withheld if u.layer == "claims"]
    text = doc.text
    for index, (start, end) in enumerate(doc.sentences):
        if any(span.start < end and start < span.end for span in disputed):
            continue
        inside = [claim for claim in claims if claim.span.start < end and start < claim.span.end]
        first = inside[0] if inside else None
        yield {
            "id": sentence_id(doc.id, index),
            "document_id": doc.id,
            "sentence_start": start,
            "sentence_end": end,
            "sentence_text": text[start:end],
            "has_claim": first is not None,
            "claim_spans": [
                {
                    "id": claim.id,
                    **_span("", claim.span),
                    "claimant": claimant_name(doc, claim),
                    "stance": claim.stance.value,
                    "check_worthiness": claim.check_worthiness.value,
                }
                for claim in inside
            ],
            "claimant": claimant_name(doc, first) if first else None,
            "stance": CLAIM_STANCE_NAMES.index(first.stance.value) if first else 0,
            "check_worthiness": (
                CHECK_WORTHINESS_NAMES.index(first.check_worthiness.value) if first else 0
            ),
        }
