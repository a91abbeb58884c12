"""Score annotations against gold: precision, recall and F1 per layer, speaker attribution.

Layers: entity mentions (per label and micro-averaged), quote content, cues, claims. Each is
scored twice:

- ``exact``: a prediction counts when its span (and, for entities, its label) equals a gold
  item's;
- ``overlap``: when it shares at least one character with a gold item of the same label;
  predictions and gold items are paired one-to-one, largest overlap first.

Quotes are also scored per kind (``direct``, ``indirect``, ``mixed``) from the same one-to-one
pairing: recall over the gold quotes of that kind, precision over the predicted quotes of that
kind (a pair counts for both sides even when the two kinds differ).

Speaker attribution accuracy is computed over the gold quotes that have a speaker and are
paired (by content overlap) with a predicted quote: the prediction is right when its speaker
resolves (a pronoun or description through ``refers_to``) to a span that overlaps the gold
speaker's resolved span, or to any mention of the same gold entity. Stance accuracy is the
same over overlap-paired claims.

Empty sets: precision is 1.0 when nothing was predicted and nothing was to be found, else 0.0
with no predictions; recall likewise with no gold items; F1 is 0.0 when both are 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydantic import Field

from annot.errors import AnnotError
from annot.schema import AnnotatedDocument, MentionRef, Quote, QuoteKind, Span, SpanRef
from annot.schema.base import Model

__all__ = [
    "AttributionScores",
    "EvaluationError",
    "EvaluationReport",
    "LayerScores",
    "Scores",
    "evaluate",
    "render_markdown",
]

MICRO = "micro"


class EvaluationError(AnnotError):
    """Predictions that cannot be scored against the gold (e.g. a different text)."""

    def __init__(self, message: str, *, document_id: str) -> None:
        super().__init__(f"document {document_id!r}: {message}")
        self.document_id = document_id


class Scores(Model):
    """Counts and precision/recall/F1 of one layer under one matching mode."""

    predicted: int = 0
    gold: int = 0
    matched: int = 0
    matched_predicted: int | None = None
    """Matched predictions, when they differ from matched gold items (per-kind quote scores:
    a pair counts for its predicted kind on this side and its gold kind on the other)."""

    @property
    def precision(self) -> float:
        if self.predicted == 0:
            return 1.0 if self.gold == 0 else 0.0
        return self.hits / self.predicted

    @property
    def recall(self) -> float:
        if self.gold == 0:
            return 1.0 if self.predicted == 0 else 0.0
        return self.matched / self.gold

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def __add__(self, other: Scores) -> Scores:
        both_plain = self.matched_predicted is None and other.matched_predicted is None
        return Scores(
            predicted=self.predicted + other.predicted,
            gold=self.gold + other.gold,
            matched=self.matched + other.matched,
            matched_predicted=None if both_plain else self.hits + other.hits,
        )

    @property
    def hits(self) -> int:
        """Matched predictions (``matched`` unless counted separately)."""
        return self.matched if self.matched_predicted is None else self.matched_predicted


class LayerScores(Model):
    exact: Scores = Field(default_factory=Scores)
    overlap: Scores = Field(default_factory=Scores)

    def __add__(self, other: LayerScores) -> LayerScores:
        return LayerScores(exact=self.exact + other.exact, overlap=self.overlap + other.overlap)


class AttributionScores(Model):
    """Attribution over gold quotes with a speaker that a predicted quote overlaps."""

    gold: int = 0
    """Gold quotes that have a speaker."""
    paired: int = 0
    """Of those, how many a predicted quote overlaps (the accuracy's denominator)."""
    correct: int = 0

    @property
    def accuracy(self) -> float:
        if self.paired == 0:
            return 1.0 if self.gold == 0 else 0.0
        return self.correct / self.paired

    def __add__(self, other: AttributionScores) -> AttributionScores:
        return AttributionScores(
            gold=self.gold + other.gold,
            paired=self.paired + other.paired,
            correct=self.correct + other.correct,
        )


class EvaluationReport(Model):
    """Every score of one evaluation run."""

    documents: int = 0
    entities: dict[str, LayerScores] = Field(default_factory=dict)
    """Per entity label, and ``micro`` over all labels."""
    quotes: LayerScores = Field(default_factory=LayerScores)
    quote_kinds: dict[str, LayerScores] = Field(default_factory=dict)
    """Quote content per kind: gold and matched counted by gold kind, predicted by predicted."""
    cues: LayerScores = Field(default_factory=LayerScores)
    claims: LayerScores = Field(default_factory=LayerScores)
    speakers: AttributionScores = Field(default_factory=AttributionScores)
    stances: AttributionScores = Field(default_factory=AttributionScores)
    """Stance agreement over overlap-paired claims (same counting as speakers)."""
    missing_predictions: list[str] = Field(default_factory=list)
    """Gold documents without a predicted document (scored as predicting nothing)."""


# --- matching --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Item:
    start: int
    end: int
    key: str


def _items(spans: Iterable[tuple[Span, str]]) -> list[_Item]:
    return [_Item(span.start, span.end, key) for span, key in spans]


def pair(
    predicted: Sequence[_Item], gold: Sequence[_Item], *, exact: bool
) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs: equal spans, or largest overlap first."""
    candidates: list[tuple[int, int, int]] = []
    for pi, p in enumerate(predicted):
        for gi, g in enumerate(gold):
            if p.key != g.key:
                continue
            if exact:
                if (p.start, p.end) == (g.start, g.end):
                    candidates.append((0, pi, gi))
            else:
                shared = min(p.end, g.end) - max(p.start, g.start)
                if shared > 0:
                    candidates.append((-shared, pi, gi))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, pi, gi in sorted(candidates):
        if pi not in used_p and gi not in used_g:
            used_p.add(pi)
            used_g.add(gi)
            pairs.append((pi, gi))
    return pairs


def _layer(predicted: Sequence[_Item], gold: Sequence[_Item]) -> LayerScores:
    def scores(exact: bool) -> Scores:
        return Scores(
            predicted=len(predicted),
            gold=len(gold),
            matched=len(pair(predicted, gold, exact=exact)),
        )

    return LayerScores(exact=scores(True), overlap=scores(False))


# --- speakers ----------------------------------------------------------------------------------


def _target(ad: AnnotatedDocument, speaker: MentionRef | SpanRef) -> tuple[Span, str | None]:
    """The span a speaker stands for (through ``refers_to``) and its entity id, if any."""
    mentions = {m.id: m for m in ad.mentions}
    ref = speaker.mention_id if isinstance(speaker, MentionRef) else speaker.refers_to
    if ref is not None and ref in mentions:
        return mentions[ref].span, mentions[ref].entity_id
    assert isinstance(speaker, SpanRef)
    return speaker.span, None


def _same_speaker(pred: AnnotatedDocument, p: Quote, gold: AnnotatedDocument, g: Quote) -> bool:
    if p.speaker is None or g.speaker is None:
        return False
    p_span, _ = _target(pred, p.speaker)
    g_span, g_entity = _target(gold, g.speaker)
    if p_span.overlaps(g_span):
        return True
    if g_entity is None:
        return False
    return any(m.entity_id == g_entity and m.span.overlaps(p_span) for m in gold.mentions)


# --- one document ------------------------------------------------------------------------------


def _entity_items(ad: AnnotatedDocument) -> list[_Item]:
    return _items((m.span, m.label.value) for m in ad.mentions)


def _by_kind(pred: AnnotatedDocument, gold: AnnotatedDocument) -> dict[str, LayerScores]:
    """Quote scores per kind over the kind-blind pairing (see the module docstring)."""
    p_items = _items((q.content, "QUOTE") for q in pred.quotes)
    g_items = _items((q.content, "QUOTE") for q in gold.quotes)
    scores: dict[str, LayerScores] = {}
    for kind in QuoteKind:

        def count(exact: bool, kind: QuoteKind = kind) -> Scores:
            pairs = pair(p_items, g_items, exact=exact)
            return Scores(
                predicted=sum(q.kind is kind for q in pred.quotes),
                gold=sum(q.kind is kind for q in gold.quotes),
                matched=sum(gold.quotes[gi].kind is kind for _, gi in pairs),
                matched_predicted=sum(pred.quotes[pi].kind is kind for pi, _ in pairs),
            )

        scores[kind.value] = LayerScores(exact=count(True), overlap=count(False))
    return scores


def _evaluate_one(pred: AnnotatedDocument, gold: AnnotatedDocument) -> EvaluationReport:
    p_ent, g_ent = _entity_items(pred), _entity_items(gold)
    labels = sorted({item.key for item in p_ent + g_ent})
    entities = {
        label: _layer([i for i in p_ent if i.key == label], [i for i in g_ent if i.key == label])
        for label in labels
    }
    entities[MICRO] = _layer(p_ent, g_ent)
    p_quotes = _items((q.content, "QUOTE") for q in pred.quotes)
    g_quotes = _items((q.content, "QUOTE") for q in gold.quotes)
    speakers = AttributionScores(gold=sum(q.speaker is not None for q in gold.quotes))
    for pi, gi in pair(p_quotes, g_quotes, exact=False):
        g = gold.quotes[gi]
        if g.speaker is not None:
            correct = _same_speaker(pred, pred.quotes[pi], gold, g)
            speakers += AttributionScores(paired=1, correct=int(correct))
    p_claims = _items((c.span, "CLAIM") for c in pred.claims)
    g_claims = _items((c.span, "CLAIM") for c in gold.claims)
    stances = AttributionScores(gold=len(gold.claims))
    for pi, gi in pair(p_claims, g_claims, exact=False):
        same = pred.claims[pi].stance == gold.claims[gi].stance
        stances += AttributionScores(paired=1, correct=int(same))
    return EvaluationReport(
        documents=1,
        entities=entities,
        quotes=_layer(p_quotes, g_quotes),
        quote_kinds=_by_kind(pred, gold),
        cues=_layer(
            _items((q.cue, "CUE") for q in pred.quotes if q.cue is not None),
            _items((q.cue, "CUE") for q in gold.quotes if q.cue is not None),
        ),
        claims=_layer(p_claims, g_claims),
        speakers=speakers,
        stances=stances,
    )


def _merge(a: EvaluationReport, b: EvaluationReport) -> EvaluationReport:
    labels = sorted(set(a.entities) | set(b.entities))
    empty = LayerScores()
    return EvaluationReport(
        documents=a.documents + b.documents,
        entities={k: a.entities.get(k, empty) + b.entities.get(k, empty) for k in labels},
        quotes=a.quotes + b.quotes,
        quote_kinds={
            k: a.quote_kinds.get(k, empty) + b.quote_kinds.get(k, empty)
            for k in sorted(set(a.quote_kinds) | set(b.quote_kinds))
        },
        cues=a.cues + b.cues,
        claims=a.claims + b.claims,
        speakers=a.speakers + b.speakers,
        stances=a.stances + b.stances,
        missing_predictions=a.missing_predictions + b.missing_predictions,
    )


def evaluate(
    predicted: Iterable[AnnotatedDocument], gold: Iterable[AnnotatedDocument]
) -> EvaluationReport:
    """Score ``predicted`` against ``gold``, pairing documents by id (counts are pooled).

    A gold document without a prediction counts as one where nothing was predicted; predicted
    documents that are not in the gold are ignored. A pair whose texts differ raises
    :class:`EvaluationError` (offsets would be meaningless).
    """
    by_id = {ad.document.id: ad for ad in predicted}
    report = EvaluationReport(entities={MICRO: LayerScores()})
    for g in gold:
        doc_id = g.document.id
        p = by_id.get(doc_id)
        if p is None:
            p = AnnotatedDocument(document=g.document, source=g.source)
            report = report.model_copy(
                update={"missing_predictions": [*report.missing_predictions, doc_id]}
            )
        elif p.document.text != g.document.text:
            raise EvaluationError(
                "the predicted document's text differs from the gold's; pre-annotate the "
                "same Document (annot.ingest.ingest_dir) that the gold was resolved against",
                document_id=doc_id,
            )
        report = _merge(report, _evaluate_one(p, g))
    return report


# --- rendering ---------------------------------------------------------------------------------


def _row(name: str, layer: LayerScores) -> str:
    e, o = layer.exact, layer.overlap
    return (
        f"| {name} | {e.predicted} | {e.gold} | {e.precision:.2f} | {e.recall:.2f} | "
        f"{e.f1:.2f} | {o.precision:.2f} | {o.recall:.2f} | {o.f1:.2f} |"
    )


def render_markdown(report: EvaluationReport, title: str | None = None) -> str:
    """The report as markdown tables (layers, then attribution)."""
    lines = [f"### {title}", ""] if title else []
    lines += [
        f"{report.documents} document(s).",
        "",
        "| layer | pred | gold | P exact | R exact | F1 exact | P overlap | R overlap | "
        "F1 overlap |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    labels = [k for k in sorted(report.entities) if k != MICRO]
    lines += [_row(f"entity {label}", report.entities[label]) for label in labels]
    if MICRO in report.entities:
        lines.append(_row("**entities (micro)**", report.entities[MICRO]))
    lines += [
        _row("**quote content**", report.quotes),
        *(_row(f"quote {kind}", scores) for kind, scores in sorted(report.quote_kinds.items())),
        _row("**cue**", report.cues),
        _row("**claim**", report.claims),
        "",
        "| attribution | gold | paired | correct | accuracy |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, s in (("speaker", report.speakers), ("claim stance", report.stances)):
        lines.append(f"| {name} | {s.gold} | {s.paired} | {s.correct} | {s.accuracy:.2f} |")
    if report.missing_predictions:
        lines += ["", f"No prediction for: {', '.join(report.missing_predictions)}."]
    return "\n".join(lines) + "\n"
