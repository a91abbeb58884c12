"""Rows of the ``seacrowd_kb`` config: SEACrowd's (BigBio's) knowledge-base schema.

One row per document, shaped so that SEACrowd's own test harness
(``tests/test_seacrowd.py`` of seacrowd-datahub) passes it:

- ``passages``: the annotatable segments (title, subtitle, heading, body paragraphs), typed
  by their role (one ``body`` passage holding the whole text when the document has no
  segments). The harness rebuilds an example's text as **the passages' texts joined by one
  space**, and checks every passage and entity offset against that text; so offsets here
  point into that joined text (:func:`kb_text`), not into ``documents.text``;
- ``entities``: the named-entity mentions, and only them (type = the annot entity label,
  ``normalized`` = the canonical entity's ``kb_id`` split at the first ``:``, e.g.
  ``wikidata``/``Q423``). A mention that runs across paragraphs is written as BigBio writes
  a discontinuous entity: one text/offset pair per passage it touches;
- ``coreferences``: the mentions of each canonical entity mentioned more than once;
- ``events`` and ``relations``: empty. Quotes and claims are not entities, and the kb
  schema has no faithful place for them: a quote or claim is a span with a role (content,
  cue, speaker, claimant), which ``relations`` (entity to entity) cannot hold, and
  SEACrowd's harness cannot read ``events`` (its ``arguments`` load as a dict of lists,
  which the harness iterates as a list of records). They are exported in ``quotes``,
  ``claims`` and ``documents``; the card says so.

Every id is ``<document id>`` or ``<document id>:<item id>[:<role>]``, unique across the
dataset when document ids are.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import pairwise

from annot.export.rows import Prepared, Row
from annot.schema import Span

__all__ = ["KB_SEPARATOR", "kb_row", "kb_text"]

#: What SEACrowd's harness puts between passages when it rebuilds an example's text.
KB_SEPARATOR = " "


def _passages(doc: Prepared) -> list[tuple[str, Span]]:
    document = doc.annotated.document
    found = [
        (segment.role.value, document.span(segment.text_start, segment.text_end))
        for segment in document.segments
        if segment.text_start is not None and segment.text_end is not None
    ]
    return found or [("body", document.span(0, len(document.text)))]


def kb_text(row: Row) -> str:
    """The text a kb row's offsets point into: its passages' texts joined by one space."""
    return KB_SEPARATOR.join(piece for passage in row["passages"] for piece in passage["text"])


def _fragments(
    span: Span, passages: list[tuple[Span, int]], ends: list[int] | None, text: str
) -> Row:
    """``text``/``offsets`` of ``span`` in the joined passages, cut at passage boundaries.

    ``ends``: the passages' end offsets when the passages are in text order and disjoint
    (then only the passages from the first ending after the span's start are looked at),
    else ``None`` (every passage is)."""
    pieces: list[str] = []
    offsets: list[list[int]] = []
    for index in range(bisect_right(ends, span.start) if ends is not None else 0, len(passages)):
        passage, base = passages[index]
        if ends is not None and passage.start >= span.end:
            break
        start, end = max(span.start, passage.start), min(span.end, passage.end)
        if start < end:
            pieces.append(text[start:end])
            offsets.append([base + start - passage.start, base + end - passage.start])
    # A span outside every passage gets no offsets: the conformance check refuses the row.
    return {"text": pieces, "offsets": offsets}


def _normalized(kb_id: str | None) -> Row:
    if not kb_id:
        return {"db_name": [], "db_id": []}
    db_name, _, db_id = kb_id.partition(":")
    return {"db_name": [db_name if db_id else "kb"], "db_id": [db_id or db_name]}


def kb_row(doc: Prepared) -> Row:
    """The ``seacrowd_kb`` row of ``doc``."""
    text, prefix = doc.text, doc.id
    passages = _passages(doc)
    based: list[tuple[Span, int]] = []
    base = 0
    for _, span in passages:
        based.append((span, base))
        base += len(span.text) + len(KB_SEPARATOR)
    ordered = all(a.end <= b.start for (a, _), (b, _) in pairwise(based))
    ends = [span.end for span, _ in based] if ordered else None
    entities: list[Row] = []
    members: dict[str, list[str]] = {}
    for mention in doc.annotated.mentions:
        linked = doc.entities.get(mention.entity_id) if mention.entity_id else None
        entities.append(
            {
                "id": f"{prefix}:{mention.id}",
                "type": mention.label.value,
                **_fragments(mention.span, based, ends, text),
                "normalized": _normalized(linked.kb_id if linked else None),
            }
        )
        if mention.entity_id is not None:
            members.setdefault(mention.entity_id, []).append(f"{prefix}:{mention.id}")
    return {
        "id": prefix,
        "passages": [
            {
                "id": f"{prefix}:p{index}",
                "type": role,
                "text": [span.text],
                "offsets": [[start, start + len(span.text)]],
            }
            for index, ((role, span), (_, start)) in enumerate(zip(passages, based, strict=True))
        ],
        "entities": entities,
        "events": [],
        "coreferences": [
            {"id": f"{prefix}:{entity_id}:coref", "entity_ids": ids}
            for entity_id, ids in members.items()
            if len(ids) > 1
        ],
        "relations": [],
    }
