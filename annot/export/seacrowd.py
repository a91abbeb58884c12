"""Rows of the ``seacrowd_kb`` config: SEACrowd's (BigBio's) knowledge-base schema.

One row per document:

- ``passages``: the annotatable segments (title, subtitle, heading, body paragraphs), typed
  by their role, with offsets into ``Document.text`` (one ``body`` passage holding the whole
  text when the document has no segments);
- ``entities``: every mention (type = its entity label, ``normalized`` = the canonical
  entity's ``kb_id`` split at the first ``:``, e.g. ``wikidata``/``Q423``), plus the quote
  and claim layer spans typed ``QUOTE``, ``CUE``, ``SPEAKER`` (unnamed speakers and
  claimants) and ``CLAIM``. A span that runs across paragraphs is written as BigBio writes a
  discontinuous entity: one text/offset pair per passage it touches;
- ``relations``: ``speaker_of`` (speaker → quote), ``cue_of`` (cue → quote), ``claimant_of``
  (claimant, or the quote a claim is made in → claim), ``refers_to`` (unnamed speaker →
  the mention it stands for), as :class:`annot.schema.taxonomy.Relation` defines them;
- ``coreferences``: the mentions of each canonical entity mentioned more than once;
- ``events``: empty (annot has no event layer).

Every id is ``<document id>`` or ``<document id>:<item id>[:<role>]``, unique across the
dataset when document ids are.
"""

from __future__ import annotations

from annot.export.rows import Prepared, Row
from annot.schema import MentionRef, QuoteRef, Span, SpanRef
from annot.schema.taxonomy import QuoteLayerLabel, Relation

__all__ = ["kb_row"]


def _passages(doc: Prepared) -> list[tuple[str, Span]]:
    document = doc.annotated.document
    found = [
        (segment.role.value, document.span(segment.text_start, segment.text_end))
        for segment in document.segments
        if segment.text_start is not None and segment.text_end is not None
    ]
    return found or [("body", document.span(0, len(document.text)))]


def _fragments(span: Span, passages: list[tuple[str, Span]], text: str) -> Row:
    """``text``/``offsets`` of ``span``, cut at passage boundaries (BigBio discontinuity)."""
    pieces: list[tuple[int, int]] = []
    for _, passage in passages:
        start, end = max(span.start, passage.start), min(span.end, passage.end)
        if start < end:
            pieces.append((start, end))
    if not pieces:  # an empty span, or one outside every passage: keep it as is
        pieces = [(span.start, span.end)]
    return {
        "text": [text[start:end] for start, end in pieces],
        "offsets": [[start, end] for start, end in pieces],
    }


def _normalized(kb_id: str | None) -> Row:
    if not kb_id:
        return {"db_name": [], "db_id": []}
    db_name, _, db_id = kb_id.partition(":")
    return {"db_name": [db_name if db_id else "kb"], "db_id": [db_id or db_name]}


def kb_row(doc: Prepared) -> Row:
    """The ``seacrowd_kb`` row of ``doc``."""
    text, prefix = doc.text, doc.id
    passages = _passages(doc)
    entities: list[Row] = []
    relations: list[Row] = []

    def entity(item_id: str, kind: str, span: Span, kb_id: str | None = None) -> str:
        entities.append(
            {
                "id": f"{prefix}:{item_id}",
                "type": kind,
                **_fragments(span, passages, text),
                "normalized": _normalized(kb_id),
            }
        )
        return f"{prefix}:{item_id}"

    def relation(item_id: str, kind: Relation, arg1: str, arg2: str) -> None:
        relations.append(
            {
                "id": f"{prefix}:{item_id}:{kind.value}",
                "type": kind.value,
                "arg1_id": arg1,
                "arg2_id": arg2,
                "normalized": {"db_name": [], "db_id": []},
            }
        )

    def agent(item_id: str, role: str, ref: MentionRef | SpanRef | QuoteRef) -> str:
        if isinstance(ref, MentionRef):
            return f"{prefix}:{ref.mention_id}"
        if isinstance(ref, QuoteRef):
            return f"{prefix}:{ref.quote_id}"
        speaker = entity(f"{item_id}:{role}", QuoteLayerLabel.SPEAKER.value, ref.span)
        if ref.refers_to is not None:
            relation(f"{item_id}:{role}", Relation.REFERS_TO, speaker, f"{prefix}:{ref.refers_to}")
        return speaker

    for mention in doc.annotated.mentions:
        linked = doc.entities.get(mention.entity_id) if mention.entity_id else None
        entity(mention.id, mention.label.value, mention.span, linked.kb_id if linked else None)
    for quote in doc.annotated.quotes:
        quote_id = entity(quote.id, QuoteLayerLabel.QUOTE.value, quote.content)
        if quote.cue is not None:
            cue = entity(f"{quote.id}:cue", QuoteLayerLabel.CUE.value, quote.cue)
            relation(quote.id, Relation.CUE_OF, cue, quote_id)
        if quote.speaker is not None:
            speaker = agent(quote.id, "speaker", quote.speaker)
            relation(quote.id, Relation.SPEAKER_OF, speaker, quote_id)
    for claim in doc.annotated.claims:
        claim_id = entity(claim.id, QuoteLayerLabel.CLAIM.value, claim.span)
        if claim.claimant is not None:
            claimant = agent(claim.id, "claimant", claim.claimant)
            relation(claim.id, Relation.CLAIMANT_OF, claimant, claim_id)
    members: dict[str, list[str]] = {}
    for mention in doc.annotated.mentions:
        if mention.entity_id is not None:
            members.setdefault(mention.entity_id, []).append(f"{prefix}:{mention.id}")
    return {
        "id": prefix,
        "passages": [
            {
                "id": f"{prefix}:p{index}",
                "type": role,
                "text": [span.text],
                "offsets": [[span.start, span.end]],
            }
            for index, (role, span) in enumerate(passages)
        ],
        "entities": entities,
        "events": [],
        "coreferences": [
            {"id": f"{prefix}:{entity_id}", "entity_ids": ids}
            for entity_id, ids in members.items()
            if len(ids) > 1
        ],
        "relations": relations,
    }
