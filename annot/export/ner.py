"""Rows of the ``ner`` and ``seacrowd_seq_label`` configs: one per sentence, IOB2 tags.

Policy
------
- **Rows are sentences** (:func:`annot.tokenize.sentences`), not documents: a news article
  runs to hundreds or thousands of word tokens, past the 512 sub-word positions of BERT-sized
  models, and truncation would silently drop every entity after the cut.
- **Label set.** Mention labels are mapped to the chosen :class:`LabelSet` first
  (:func:`annot.schema.taxonomy.map_label`); a label the set lacks becomes ``O``, and its span
  takes no part in the nesting decision below (an inner ``PER`` inside an unmapped ``NORP``
  is kept).
- **Nested and overlapping entities.** IOB2 holds one layer, so ``ner`` keeps the
  *outermost*: spans are taken greedily by length (longest first), then earlier start,
  then taxonomy label order, and a span overlapping one already taken is left out. Every
  mention stays in ``documents`` and ``seacrowd_kb``; the card counts those left out.
- **Misalignment is never tagged.** A kept span whose boundary falls inside a token
  (``nya`` of ``katanya`` with the default tokenization), that covers no token, or that
  crosses a sentence boundary goes to ``quarantine.jsonl``, and the sentences it touches are
  withheld from ``ner`` (a sentence with an untagged entity would teach the model that the
  entity is ``O``).
- **Disputes are never tagged either.** An entity that adjudication withheld
  (``AnnotatedDocument.withheld``, layer ``entities``) withholds the sentences it touches,
  with a quarantine record (``unsettled-disagreement``) naming them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from annot.export.features import iob2_names
from annot.export.quarantine import QuarantineRecord
from annot.export.rows import Prepared, Row, sentence_id
from annot.problems import ProblemCode
from annot.schema import EntityLabel, LabelSet
from annot.schema.taxonomy import map_label
from annot.tokenize import spans_to_iob2

__all__ = ["NerResult", "TaggedSpan", "ner_rows", "outermost"]

_LABEL_ORDER = {label: index for index, label in enumerate(EntityLabel)}


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    """A mention as the ``ner`` config sees it: offsets and its label in the label set."""

    start: int
    end: int
    label: str
    mention_id: str
    order: int
    """Taxonomy position of the original label (the last tie-breaker)."""


@dataclass(slots=True)
class NerResult:
    """The rows of one document, what was quarantined, and what nesting left out."""

    ner: list[Row] = field(default_factory=list)
    seq_label: list[Row] = field(default_factory=list)
    quarantine: list[QuarantineRecord] = field(default_factory=list)
    tagged: Counter[str] = field(default_factory=Counter)
    """Entities tagged in the rows, by label-set label."""
    nested: int = 0
    """Mentions left out because a longer (or tie-winning) span overlaps them."""
    unmapped: int = 0
    """Mentions whose label the label set lacks (exported as ``O``)."""
    withheld_sentences: int = 0


def outermost(spans: list[TaggedSpan]) -> tuple[list[TaggedSpan], list[TaggedSpan]]:
    """The non-overlapping spans kept (in text order) and the ones left out.

    Longest first; ties go to the earlier start, then to the taxonomy label order, then to
    the mention id (so the choice never depends on input order).
    """
    ranked = sorted(spans, key=lambda s: (-(s.end - s.start), s.start, s.order, s.mention_id))
    kept: list[TaggedSpan] = []
    dropped: list[TaggedSpan] = []
    # The kept non-empty spans are disjoint (empty ones rank last and block nothing that
    # follows them), so a candidate can only overlap its neighbours in start order.
    starts: list[int] = []
    ends: list[int] = []
    for span in ranked:
        if span.start < span.end:
            at = bisect_right(starts, span.start)
            if (at and ends[at - 1] > span.start) or (at < len(starts) and starts[at] < span.end):
                dropped.append(span)
                continue
            starts.insert(at, span.start)
            ends.insert(at, span.end)
        kept.append(span)
    kept.sort(key=lambda s: (s.start, s.end))
    return kept, dropped


def _record(
    doc: Prepared,
    span: TaggedSpan,
    reason: ProblemCode,
    sentence_ids: list[str],
    tokens: list[str],
    message: str,
    fix: str,
) -> QuarantineRecord:
    return QuarantineRecord(
        reason=reason,
        document_id=doc.id,
        config="ner",
        item_id=span.mention_id,
        label=span.label,
        start=span.start,
        end=span.end,
        text=doc.text[span.start : span.end],
        sentence_ids=sentence_ids,
        tokens=tokens,
        message=message,
        fix=fix,
    )


def _place(
    doc: Prepared, kept: list[TaggedSpan], result: NerResult
) -> tuple[dict[int, list[TaggedSpan]], set[int]]:
    """Spans by sentence index, and the sentences withheld for crossing spans."""
    by_sentence: dict[int, list[TaggedSpan]] = {}
    withheld: set[int] = set()
    starts = [start for start, _ in doc.sentences]
    ends = [end for _, end in doc.sentences]
    for span in kept:
        # sentences are ordered and disjoint: those overlapping the span form one run
        inside = list(range(bisect_right(ends, span.start), bisect_left(starts, span.end)))
        if len(inside) == 1:
            by_sentence.setdefault(inside[0], []).append(span)
            continue
        ids = [sentence_id(doc.id, index) for index in inside]
        if inside:
            reason, message = (
                ProblemCode.SPAN_CROSSES_SENTENCE,
                f"mention {span.mention_id!r} {span.label} [{span.start}, {span.end}) runs "
                f"across {len(inside)} sentences ({', '.join(ids)}); ner rows are sentences.",
            )
            fix = (
                "Check the span (an entity rarely spans a sentence end) or the sentence split "
                "with annot.tokenize.sentences(text)."
            )
        else:
            reason, message = (
                ProblemCode.EMPTY_SPAN,
                f"mention {span.mention_id!r} {span.label} [{span.start}, {span.end}) covers "
                "no token.",
            )
            fix = "Remove the empty or whitespace-only mention, or fix its offsets."
        withheld.update(inside)
        result.quarantine.append(_record(doc, span, reason, ids, [], message, fix))
    return by_sentence, withheld


def _disputed(doc: Prepared, result: NerResult) -> set[int]:
    """The sentences touched by entities in dispute (withheld by adjudication)."""
    withheld: set[int] = set()
    for unit in doc.annotated.withheld:
        if unit.layer != "entities":
            continue
        span = unit.span
        inside = [
            index
            for index, (start, end) in enumerate(doc.sentences)
            if span.start < end and start < max(span.end, span.start + 1)
        ]
        ids = [sentence_id(doc.id, index) for index in inside]
        withheld.update(inside)
        result.quarantine.append(
            QuarantineRecord(
                reason=ProblemCode.UNSETTLED_DISAGREEMENT,
                document_id=doc.id,
                config="ner",
                item_id=f"disputed-{span.start}-{span.end}",
                label="disputed",
                start=span.start,
                end=span.end,
                text=span.text,
                sentence_ids=ids,
                message=f"{unit.reason} The sentence(s) {', '.join(ids)} are withheld from ner.",
                fix="Settle the disagreement (see disagreements.jsonl), then export again.",
            )
        )
    return withheld


def ner_rows(doc: Prepared, label_set: LabelSet = LabelSet.ANNOT) -> NerResult:
    """The ``ner`` and ``seacrowd_seq_label`` rows of ``doc`` (see the module policy)."""
    result = NerResult()
    names = iob2_names(label_set)
    index_of = {name: position for position, name in enumerate(names)}
    spans: list[TaggedSpan] = []
    for mention in doc.annotated.mentions:
        label = map_label(mention.label, label_set)
        if label is None:
            result.unmapped += 1
            continue
        spans.append(
            TaggedSpan(
                mention.span.start,
                mention.span.end,
                label,
                mention.id,
                _LABEL_ORDER[mention.label],
            )
        )
    kept, dropped = outermost(spans)
    result.nested = len(dropped)
    by_sentence, withheld = _place(doc, kept, result)
    withheld |= _disputed(doc, result)
    for index, (start, end) in enumerate(doc.sentences):
        if index in withheld:
            continue
        tokens = doc.sentence_tokens(index)
        inside = by_sentence.get(index, [])
        tags, problems = spans_to_iob2(tokens, [(s.start, s.end, s.label) for s in inside])
        if problems:
            row_id = sentence_id(doc.id, index)
            by_offsets = {(s.start, s.end, s.label): s for s in inside}
            for problem in problems:
                span = by_offsets[(problem.start, problem.end, problem.label)]
                cut = [token.text for token in problem.cut]
                result.quarantine.append(
                    _record(
                        doc,
                        span,
                        ProblemCode.BOUNDARY_INSIDE_TOKEN if cut else ProblemCode.EMPTY_SPAN,
                        [row_id],
                        cut,
                        f"mention {span.mention_id!r} {span.label} "
                        f"{doc.text[span.start : span.end]!r} "
                        f"[{span.start}, {span.end}) "
                        + (
                            f"has a boundary inside the token(s) {cut}"
                            if cut
                            else "covers no token"
                        )
                        + f"; sentence {row_id} is withheld from ner.",
                        "Move the span boundary to a token boundary (see "
                        "annot.tokenize.tokenize(text)), or export with split_clitics=True "
                        "when the boundary splits a -nya clitic.",
                    )
                )
            withheld.add(index)
            continue
        row_id = sentence_id(doc.id, index)
        tag_ids = [index_of[tag] for tag in tags]
        words = [token.text for token in tokens]
        result.ner.append(
            {
                "id": row_id,
                "document_id": doc.id,
                "text": doc.text[start:end],
                "start": start,
                "end": end,
                "tokens": words,
                "token_starts": [token.start for token in tokens],
                "token_ends": [token.end for token in tokens],
                "ner_tags": tag_ids,
            }
        )
        result.seq_label.append({"id": row_id, "tokens": words, "labels": tag_ids})
        result.tagged.update(span.label for span in inside)
    result.withheld_sentences = len(withheld)
    return result
