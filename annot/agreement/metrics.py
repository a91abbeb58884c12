"""Inter-annotator agreement over the annotations of documents annotated several times.

Per annotator pair, over the documents both annotated (micro-averaged):

- entity span F1, *exact* (same offsets and label) and *overlap* (spans share a character,
  same label, matched one-to-one, largest overlap first), overall and per label;
- quote content F1, exact and overlap;
- speaker-link accuracy: of the quotes matched by overlap, the share whose speakers agree
  (both none, or the speakers' spans overlap; a pronoun or description that ``refers_to``
  a mention counts as that mention);
- claim stance: claims matched by overlap; observed agreement and Cohen's kappa
  (``(p_o - p_e) / (1 - p_e)``, chance agreement ``p_e`` from each annotator's own label
  shares). Over all annotators at once, Krippendorff's alpha (nominal, the
  ``krippendorff`` package) on claims clustered by overlap.

F1 is ``2·matches / (|A| + |B|)``, symmetric; a statistic with no data is ``None``.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field

from annot.road.select import voters_by_document
from annot.schema import (
    AnnotatedDocument,
    Claim,
    MentionRef,
    Quote,
    Span,
    SpanRef,
    Stance,
)
from annot.schema.base import Model

__all__ = [
    "AgreementReport",
    "PairAgreement",
    "agreement",
    "cohen_kappa",
    "krippendorff_alpha",
    "match_overlapping",
]

StanceStatistic = Literal["cohen_kappa", "krippendorff_alpha"]


class PairAgreement(Model):
    """Agreement of two annotators over the documents both annotated."""

    annotator_a: str
    annotator_b: str
    documents: int
    entity_exact_f1: float | None = None
    entity_overlap_f1: float | None = None
    entity_exact_f1_by_label: dict[str, float | None] = Field(default_factory=dict)
    entity_overlap_f1_by_label: dict[str, float | None] = Field(default_factory=dict)
    quote_exact_f1: float | None = None
    quote_overlap_f1: float | None = None
    speaker_accuracy: float | None = None
    speaker_pairs: int = 0
    """Quotes matched by overlap (the speaker accuracy's denominator)."""
    stance_pairs: int = 0
    """Claims matched by overlap."""
    stance_observed: float | None = None
    stance_kappa: float | None = None
    """Cohen's kappa; ``None`` when one stance is all either annotator used (undefined)."""


class AgreementReport(Model):
    """Pairwise agreement, and the stance statistic over all annotators."""

    documents: int
    """Documents annotated by at least two annotators."""
    annotators: list[str]
    pairs: list[PairAgreement]
    stance_statistic: StanceStatistic
    """Cohen's kappa for two annotators, Krippendorff's alpha for more."""
    stance_agreement: float | None = None
    stance_alpha: float | None = None
    """Krippendorff's alpha (nominal) over all annotators and clustered claims."""
    stance_units: int = 0

    def pair(self, a: str, b: str) -> PairAgreement:
        """The agreement of annotators ``a`` and ``b`` (in either order)."""
        for pair in self.pairs:
            if {pair.annotator_a, pair.annotator_b} == {a, b}:
                return pair
        raise KeyError(f"no pair ({a!r}, {b!r}); annotators: {self.annotators}")


# --- matching -----------------------------------------------------------------------------


def match_overlapping(a: Sequence[Span], b: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one pairs ``(i, j)`` of overlapping spans, largest overlap first."""
    candidates = [
        (min(x.end, y.end) - max(x.start, y.start), i, j)
        for i, x in enumerate(a)
        for j, y in enumerate(b)
        if x.overlaps(y)
    ]
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


@dataclass(slots=True)
class _F1:
    matched: int = 0
    total: int = 0

    def add(self, matched: int, size_a: int, size_b: int) -> None:
        self.matched += matched
        self.total += size_a + size_b

    @property
    def value(self) -> float | None:
        return 2 * self.matched / self.total if self.total else None


def _exact(a: Sequence[Span], b: Sequence[Span]) -> int:
    keys_b = {(s.start, s.end) for s in b}
    return len({(s.start, s.end) for s in a} & keys_b)


def _speaker_span(ad: AnnotatedDocument, quote: Quote) -> Span | None:
    speaker = quote.speaker
    mentions = {m.id: m.span for m in ad.mentions}
    if isinstance(speaker, MentionRef):
        return mentions.get(speaker.mention_id)
    if isinstance(speaker, SpanRef):
        if speaker.refers_to is not None and speaker.refers_to in mentions:
            return mentions[speaker.refers_to]
        return speaker.span
    return None


def _speakers_agree(a: Span | None, b: Span | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a.overlaps(b)


@dataclass(slots=True)
class _Pair:
    documents: int = 0
    entity_exact: dict[str, _F1] = field(default_factory=lambda: defaultdict(_F1))
    entity_overlap: dict[str, _F1] = field(default_factory=lambda: defaultdict(_F1))
    quote_exact: _F1 = field(default_factory=_F1)
    quote_overlap: _F1 = field(default_factory=_F1)
    speaker_agree: int = 0
    speaker_pairs: int = 0
    stances: list[tuple[str, str]] = field(default_factory=list)

    def add(self, a: AnnotatedDocument, b: AnnotatedDocument) -> None:
        self.documents += 1
        labels = {m.label.value for m in [*a.mentions, *b.mentions]}
        for label in labels:
            spans_a = [m.span for m in a.mentions if m.label.value == label]
            spans_b = [m.span for m in b.mentions if m.label.value == label]
            size = (len(spans_a), len(spans_b))
            self.entity_exact[label].add(_exact(spans_a, spans_b), *size)
            self.entity_overlap[label].add(len(match_overlapping(spans_a, spans_b)), *size)
        contents_a = [q.content for q in a.quotes]
        contents_b = [q.content for q in b.quotes]
        size = (len(contents_a), len(contents_b))
        self.quote_exact.add(_exact(contents_a, contents_b), *size)
        quote_pairs = match_overlapping(contents_a, contents_b)
        self.quote_overlap.add(len(quote_pairs), *size)
        for i, j in quote_pairs:
            agree = _speakers_agree(_speaker_span(a, a.quotes[i]), _speaker_span(b, b.quotes[j]))
            self.speaker_agree += agree
            self.speaker_pairs += 1
        claim_pairs = match_overlapping([c.span for c in a.claims], [c.span for c in b.claims])
        self.stances += [
            (a.claims[i].stance.value, b.claims[j].stance.value) for i, j in claim_pairs
        ]

    def result(self, name_a: str, name_b: str) -> PairAgreement:
        def total(parts: dict[str, _F1]) -> float | None:
            summed = _F1(
                sum(p.matched for p in parts.values()), sum(p.total for p in parts.values())
            )
            return summed.value

        observed = (
            sum(x == y for x, y in self.stances) / len(self.stances) if self.stances else None
        )
        return PairAgreement(
            annotator_a=name_a,
            annotator_b=name_b,
            documents=self.documents,
            entity_exact_f1=total(self.entity_exact),
            entity_overlap_f1=total(self.entity_overlap),
            entity_exact_f1_by_label={k: v.value for k, v in sorted(self.entity_exact.items())},
            entity_overlap_f1_by_label={k: v.value for k, v in sorted(self.entity_overlap.items())},
            quote_exact_f1=self.quote_exact.value,
            quote_overlap_f1=self.quote_overlap.value,
            speaker_accuracy=self.speaker_agree / self.speaker_pairs
            if self.speaker_pairs
            else None,
            speaker_pairs=self.speaker_pairs,
            stance_pairs=len(self.stances),
            stance_observed=observed,
            stance_kappa=cohen_kappa(self.stances),
        )


# --- statistics -----------------------------------------------------------------------------


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of paired labels; ``None`` when undefined (no pairs, one label only).

    ``(p_o - p_e) / (1 - p_e)``: ``p_o`` the share of pairs that agree, ``p_e`` the sum over
    labels of the product of the two annotators' shares of that label.
    """
    if not pairs or len({label for pair in pairs for label in pair}) < 2:
        return None
    count = len(pairs)
    observed = sum(first == second for first, second in pairs) / count
    firsts: dict[str, int] = defaultdict(int)
    seconds: dict[str, int] = defaultdict(int)
    for first, second in pairs:
        firsts[first] += 1
        seconds[second] += 1
    expected = sum(firsts[label] * seconds[label] for label in firsts) / (count * count)
    if expected == 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def _claim_units(docs: dict[str, AnnotatedDocument]) -> list[dict[str, str]]:
    """Claims of all annotators of one document, clustered by overlap: stance per annotator."""
    claims: list[tuple[str, Claim]] = [(who, c) for who, ad in docs.items() for c in ad.claims]
    parent = list(range(len(claims)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(claims)), 2):
        if claims[i][0] != claims[j][0] and claims[i][1].span.overlaps(claims[j][1].span):
            parent[root(i)] = root(j)
    units: dict[int, dict[str, str]] = defaultdict(dict)
    for index, (who, claim) in enumerate(claims):
        units[root(index)].setdefault(who, claim.stance.value)
    return list(units.values())


def krippendorff_alpha(units: Sequence[dict[str, str]], annotators: Sequence[str]) -> float | None:
    """Krippendorff's alpha (nominal) of stance ``units``; ``None`` when undefined."""
    pairable = [unit for unit in units if len(unit) >= 2]
    if not pairable or len({v for unit in pairable for v in unit.values()}) < 2:
        return None
    import krippendorff
    import numpy as np

    codes = {stance.value: float(index) for index, stance in enumerate(Stance)}
    data = np.array(
        [[codes[unit[who]] if who in unit else np.nan for unit in pairable] for who in annotators]
    )
    value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    return None if math.isnan(value) else value


def agreement(annotations: Iterable[AnnotatedDocument]) -> AgreementReport:
    """Agreement of every annotator pair over the documents several people annotated.

    The voters of each document are :func:`annot.road.select.voters` (the one selection
    policy): predictions and cancelled annotations are left out, a person's later annotation
    counts, and a ground-truth annotation is a voter of its own.
    """
    grouped = {doc: ads for doc, ads in voters_by_document(annotations).items() if len(ads) >= 2}
    annotators = sorted({who for ads in grouped.values() for who in ads})
    pairs: dict[tuple[str, str], _Pair] = {}
    units: list[dict[str, str]] = []
    for ads in grouped.values():
        for a, b in itertools.combinations(sorted(ads), 2):
            pairs.setdefault((a, b), _Pair()).add(ads[a], ads[b])
        units += _claim_units(ads)
    results = [pair.result(a, b) for (a, b), pair in sorted(pairs.items())]
    alpha = krippendorff_alpha(units, annotators)
    two = len(annotators) == 2
    statistic: StanceStatistic = "cohen_kappa" if two else "krippendorff_alpha"
    return AgreementReport(
        documents=len(grouped),
        annotators=annotators,
        pairs=results,
        stance_statistic=statistic,
        stance_agreement=results[0].stance_kappa if two and results else alpha,
        stance_alpha=alpha,
        stance_units=sum(1 for unit in units if len(unit) >= 2),
    )
