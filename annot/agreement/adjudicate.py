"""Adjudication: several annotations of one document → one gold annotation, by a policy.

The policy, in order:

1. **ground truth**: an annotation marked *ground truth* in Label Studio wins as it is
   (``policy="ground-truth"``); several ground truths that differ are a disagreement;
2. **reviewer**: else the annotation of the first of ``reviewers`` who annotated the
   document wins (``policy="reviewer"``);
3. **vote**: else every item is voted on by the ``n`` voters. A *unit* is a span
   (entity mention, quote content, claim span); its *value* is what the annotator said about
   it (entity: the label; quote: kind, cue and speaker; claim: stance, check-worthiness and
   claimant). ``majority`` keeps a unit that at least ``k`` voters drew (default: more than
   half) with the value at least ``k`` of them gave; ``union`` keeps every unit
   (``k = 1``), ``intersection`` only units all ``n`` drew with one value. A unit is
   *rejected* (settled: not in the gold) only when more than half of the voters did not draw
   it.

**Never guess, never hide.** A unit neither kept nor rejected (e.g. a quote drawn by one of
two annotators), a kept unit whose value no policy settles (PER against ORG, a tie), and a
quote or claim whose speaker/claimant is not in the gold, is **withheld**: left out of the
gold, recorded on it as :class:`annot.schema.Withheld` (so the export keeps its sentences
out of ``ner``/``claims``), and listed as a :class:`Disagreement` for a person.

Who votes is :mod:`annot.road.select`'s policy (a person's latest annotation; a ground-truth
annotation is a voter of its own). :attr:`Adjudication.outcomes` says, per voter and Label
Studio region, whether the region went into the gold (``exported``), lost the vote
(``outvoted``) or is in dispute (``disputed``): the ledger of :mod:`annot.road.ledger`.

Every gold item records who produced it: ``provenance=AdjudicatedSource(policy,
annotators)`` with the annotators that gave the winning value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from pydantic import Field

from annot.problems import Problem, ProblemCode, Severity
from annot.road.select import people, voters, voters_by_document
from annot.schema import (
    AdjudicatedSource,
    AnnotatedDocument,
    Claim,
    LabelStudioRef,
    Mention,
    MentionRef,
    Quote,
    QuoteRef,
    Span,
    SpanRef,
)
from annot.schema.annotated import Withheld
from annot.schema.base import Model
from annot.schema.taxonomy import SPEAKER_LABELS

__all__ = [
    "Adjudication",
    "AdjudicationPolicy",
    "Disagreement",
    "adjudicate",
    "adjudicate_all",
    "adjudicate_voters",
]

#: Region outcomes of :attr:`Adjudication.outcomes`, best first.
EXPORTED, DISPUTED, OUTVOTED = "exported", "disputed", "outvoted"
_RANK = {EXPORTED: 0, DISPUTED: 1, OUTVOTED: 2}

Item = TypeVar("Item", Mention, Quote, Claim)
_FIX = (
    "Decide in Label Studio: open the task, correct one annotation and mark it as ground "
    "truth (it then wins), then pull and adjudicate again."
)


class AdjudicationPolicy(Model):
    """How to decide; see the module docstring."""

    mode: Literal["majority", "union", "intersection"] = "majority"
    k: int | None = Field(default=None, ge=1)
    """Votes a unit and its value need under ``majority`` (default: ``n // 2 + 1``)."""
    reviewers: list[str] = Field(default_factory=list)
    """Annotator pseudonyms whose annotation wins, in order of precedence."""
    ground_truth_wins: bool = True

    def threshold(self, n: int) -> int:
        if self.mode == "union":
            return 1
        if self.mode == "intersection":
            return n
        return min(self.k, n) if self.k is not None else n // 2 + 1

    def name(self, n: int) -> str:
        """``majority:2/3``, ``union`` or ``intersection``."""
        return f"majority:{self.threshold(n)}/{n}" if self.mode == "majority" else self.mode


class Disagreement(Model):
    """A unit the policy could not settle; a person must decide."""

    document_id: str
    layer: str
    start: int
    end: int
    text: str
    votes: dict[str, str]
    """What each annotator said (annotators who did not draw the unit say ``"-"``)."""
    message: str
    fix: str = _FIX

    def to_problem(self) -> Problem:
        """The same disagreement as a problem (code ``unsettled-disagreement``, warning)."""
        return Problem(
            code=ProblemCode.UNSETTLED_DISAGREEMENT,
            severity=Severity.WARNING,
            message=self.message,
            fix=self.fix,
            document_id=self.document_id,
            start=self.start,
            end=self.end,
            layer=self.layer,
            details=dict(self.votes),
        )


class Adjudication(Model):
    """The gold annotation of one document (``None`` when nothing could be decided)."""

    document_id: str
    policy: str
    annotators: list[str]
    gold: AnnotatedDocument | None
    disagreements: list[Disagreement] = Field(default_factory=list)
    outcomes: dict[str, dict[str, str]] = Field(default_factory=dict)
    """Voter -> Label Studio region id -> ``exported``, ``outvoted`` or ``disputed``."""


# --- describing what an annotator said --------------------------------------------------------


def _where(span: Span) -> str:
    return f"{span.text!r} [{span.start}, {span.end})"


def _mention_span(ad: AnnotatedDocument, mention_id: str) -> Span | None:
    return next((m.span for m in ad.mentions if m.id == mention_id), None)


def _agent(ad: AnnotatedDocument, agent: MentionRef | SpanRef | QuoteRef | None) -> str:
    if agent is None:
        return "none"
    if isinstance(agent, MentionRef):
        span = _mention_span(ad, agent.mention_id)
        return f"mention {_where(span)}" if span is not None else "mention ?"
    if isinstance(agent, QuoteRef):
        quote = next((q for q in ad.quotes if q.id == agent.quote_id), None)
        return f"quote {_where(quote.content)}" if quote is not None else "quote ?"
    ref = _mention_span(ad, agent.refers_to) if agent.refers_to is not None else None
    target = f" → {_where(ref)}" if ref is not None else ""
    return f"{agent.type} {_where(agent.span)}{target}"


def _mention_value(ad: AnnotatedDocument, mention: Mention) -> str:
    return mention.label.value


def _quote_value(ad: AnnotatedDocument, quote: Quote) -> str:
    cue = _where(quote.cue) if quote.cue is not None else "none"
    return f"{quote.kind.value}; cue {cue}; speaker {_agent(ad, quote.speaker)}"


def _claim_value(ad: AnnotatedDocument, claim: Claim) -> str:
    return (
        f"{claim.stance.value}; {claim.check_worthiness.value}; "
        f"claimant {_agent(ad, claim.claimant)}"
    )


# --- voting -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Winner:
    span: Span
    annotators: list[str]
    annotation: AnnotatedDocument
    item: Mention | Quote | Claim


def _regions(item: Mention | Quote | Claim) -> list[str]:
    return list(item.region_ids)


@dataclass(slots=True)
class _Vote:
    policy: AdjudicationPolicy
    docs: Mapping[str, AnnotatedDocument]
    disagreements: list[Disagreement] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)
    outcomes: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.docs)

    def mark(self, who: str, item: Mention | Quote | Claim, outcome: str) -> None:
        """Record ``outcome`` for the regions of ``who``'s ``item`` (the best one stays)."""
        known = self.outcomes.setdefault(who, {})
        for rid in _regions(item):
            if rid not in known or _RANK[outcome] < _RANK[known[rid]]:
                known[rid] = outcome

    def disagree(
        self,
        layer: str,
        span: Span,
        votes: dict[str, str],
        why: str,
        items: Mapping[str, Mention | Quote | Claim] | None = None,
    ) -> None:
        doc_id = next(iter(self.docs.values())).document.id
        message = f"document {doc_id!r}, {layer} {_where(span)}: {why}"
        self.disagreements.append(
            Disagreement(
                document_id=doc_id,
                layer=layer,
                start=span.start,
                end=span.end,
                text=span.text,
                votes={who: votes.get(who, "-") for who in self.docs},
                message=message,
            )
        )
        if layer in ("entities", "quotes", "claims"):
            self.withheld.append(Withheld(layer=layer, span=span, reason=message))  # type: ignore[arg-type]
        for who, item in (items or {}).items():
            self.mark(who, item, DISPUTED)

    def run(
        self,
        layer: str,
        items: Callable[[AnnotatedDocument], Sequence[Item]],
        span_of: Callable[[Item], Span],
        value_of: Callable[[AnnotatedDocument, Item], str],
    ) -> list[_Winner]:
        units: dict[tuple[int, int], dict[str, tuple[str, Item]]] = {}
        spans: dict[tuple[int, int], Span] = {}
        extra: list[tuple[str, Item]] = []
        for who, ad in self.docs.items():
            for item in items(ad):
                span = span_of(item)
                key = (span.start, span.end)
                spans[key] = span
                said = units.setdefault(key, {})
                value = value_of(ad, item)
                if who in said:  # one annotator, two items on one span: both values
                    value = " + ".join(sorted({said[who][0], value}))
                    extra.append((who, said[who][1]))
                said[who] = (value, item)
        need = self.policy.threshold(self.n)
        winners: list[_Winner] = []
        for key in sorted(units):
            said = units[key]
            votes = {who: value for who, (value, _) in said.items()}
            drawn = {who: item for who, (_, item) in said.items()}
            if len(said) < need and self.n - len(said) > self.n // 2:
                for who, item in drawn.items():  # most voters did not draw it: settled
                    self.mark(who, item, OUTVOTED)
                continue
            if len(said) < need:
                why = (
                    f"{len(said)} of {self.n} voters drew it: neither the {need} vote(s) to "
                    "keep it nor a majority against it."
                )
                self.disagree(layer, spans[key], votes, why, drawn)
                continue
            values = set(votes.values())
            if len(values) == 1:  # unanimous (the common case): no counting
                best, count, tie = values.pop(), len(votes), False
            else:
                ranked = Counter(votes.values()).most_common()
                best, count = ranked[0]
                tie = ranked[1][1] == count
            if tie or count < need:
                why = (
                    f"{len(said)} of {self.n} voters drew it, but no value has "
                    f"{need} vote(s) without a tie: {dict(Counter(votes.values()))}."
                )
                self.disagree(layer, spans[key], votes, why, drawn)
                continue
            agreed = sorted(who for who, value in votes.items() if value == best)
            for who, item in drawn.items():
                self.mark(who, item, OUTVOTED if who not in agreed else EXPORTED)
            chosen = agreed[0]
            winners.append(_Winner(spans[key], agreed, self.docs[chosen], said[chosen][1]))
        for who, item in extra:
            self.mark(who, item, OUTVOTED)
        return winners


# --- building the gold ------------------------------------------------------------------------


@dataclass(slots=True)
class _Gold:
    vote: _Vote
    policy: str
    mentions: dict[tuple[int, int], Mention] = field(default_factory=dict)
    quotes: dict[tuple[int, int], Quote] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)

    sources: dict[tuple[str, ...], AdjudicatedSource] = field(default_factory=dict)

    def source(self, annotators: list[str]) -> AdjudicatedSource:
        """The provenance of a unit these annotators agreed on (one object per group)."""
        key = tuple(annotators)
        if key not in self.sources:
            self.sources[key] = AdjudicatedSource(policy=self.policy, annotators=people(key))
        return self.sources[key]

    def mention_id(self, ad: AnnotatedDocument, mention_id: str | None) -> str | None:
        """The gold mention at the span of ``ad``'s mention, if it can speak."""
        span = _mention_span(ad, mention_id) if mention_id is not None else None
        gold = self.mentions.get((span.start, span.end)) if span is not None else None
        return gold.id if gold is not None and gold.label in SPEAKER_LABELS else None

    def agent(
        self, ad: AnnotatedDocument, agent: MentionRef | SpanRef | QuoteRef | None
    ) -> tuple[bool, MentionRef | SpanRef | QuoteRef | None]:
        """``agent`` pointing into the gold; ``False`` when what it points to is not there."""
        if agent is None:
            return True, None
        if isinstance(agent, MentionRef):
            gold_id = self.mention_id(ad, agent.mention_id)
            return gold_id is not None, MentionRef(mention_id=gold_id) if gold_id else None
        if isinstance(agent, QuoteRef):
            quote = next((q for q in ad.quotes if q.id == agent.quote_id), None)
            key = (quote.content.start, quote.content.end) if quote is not None else None
            gold = self.quotes.get(key) if key is not None else None
            return gold is not None, QuoteRef(quote_id=gold.id) if gold else None
        if agent.refers_to is None:
            return True, agent
        gold_id = self.mention_id(ad, agent.refers_to)
        return gold_id is not None, agent.model_copy(update={"refers_to": gold_id})

    def unsettled(self, layer: str, winner: _Winner, why: str) -> None:
        """A kept unit that depends on something not in the gold: withheld, its regions
        disputed for every voter who agreed."""
        items = {
            who: item
            for who in winner.annotators
            for item in _items_at(self.vote.docs[who], layer, winner.span)
        }
        self.vote.disagree(layer, winner.span, {}, why, items)

    def add_quote(self, winner: _Winner) -> None:
        quote = winner.item
        assert isinstance(quote, Quote)
        ok, speaker = self.agent(winner.annotation, quote.speaker)
        if not ok or isinstance(speaker, QuoteRef):
            why = "its speaker is not a speaking mention of the gold; decide the entity first."
            self.unsettled("quotes", winner, why)
            return
        update = {
            "id": f"q-{winner.span.start}-{winner.span.end}",
            "speaker": speaker,
            "provenance": self.source(winner.annotators),
        }
        self.quotes[(winner.span.start, winner.span.end)] = quote.model_copy(update=update)

    def add_claim(self, winner: _Winner) -> None:
        claim = winner.item
        assert isinstance(claim, Claim)
        ok, claimant = self.agent(winner.annotation, claim.claimant)
        if not ok:
            why = "its claimant is not in the gold (entity or quote unsettled); decide it first."
            self.unsettled("claims", winner, why)
            return
        update = {
            "id": f"c-{winner.span.start}-{winner.span.end}",
            "claimant": claimant,
            "provenance": self.source(winner.annotators),
        }
        self.claims.append(claim.model_copy(update=update))


def _items_at(ad: AnnotatedDocument, layer: str, span: Span) -> list[Mention | Quote | Claim]:
    key = (span.start, span.end)
    if layer == "quotes":
        return [q for q in ad.quotes if (q.content.start, q.content.end) == key]
    if layer == "claims":
        return [c for c in ad.claims if (c.span.start, c.span.end) == key]
    return [m for m in ad.mentions if (m.span.start, m.span.end) == key]


def _vote(docs: Mapping[str, AnnotatedDocument], policy: AdjudicationPolicy) -> Adjudication:
    vote = _Vote(policy, docs)
    name = policy.name(len(docs))
    gold = _Gold(vote, name)
    for winner in vote.run("entities", lambda ad: ad.mentions, lambda m: m.span, _mention_value):
        mention = winner.item
        assert isinstance(mention, Mention)
        update = {
            "id": f"m-{winner.span.start}-{winner.span.end}",
            "entity_id": None,
            "provenance": gold.source(winner.annotators),
        }
        gold.mentions[(winner.span.start, winner.span.end)] = mention.model_copy(update=update)
    for winner in vote.run("quotes", lambda ad: ad.quotes, lambda q: q.content, _quote_value):
        gold.add_quote(winner)
    for winner in vote.run("claims", lambda ad: ad.claims, lambda c: c.span, _claim_value):
        gold.add_claim(winner)
    first = next(iter(docs.values()))
    annotators = sorted(docs)
    result = AnnotatedDocument(
        document=first.document,
        source=AdjudicatedSource(policy=name, annotators=people(annotators)),
        label_studio=_task_ref(first),
        mentions=list(gold.mentions.values()),
        quotes=list(gold.quotes.values()),
        claims=gold.claims,
        withheld=vote.withheld,
    )
    return Adjudication(
        document_id=first.document.id,
        policy=name,
        annotators=annotators,
        gold=result,
        disagreements=vote.disagreements,
        outcomes=vote.outcomes,
    )


def _task_ref(ad: AnnotatedDocument) -> LabelStudioRef | None:
    """The task the gold belongs to (no annotation id: the gold is no one annotation)."""
    ref = ad.label_studio
    return LabelStudioRef(project_id=ref.project_id, task_id=ref.task_id) if ref else None


def _everything(ad: AnnotatedDocument) -> list[Mention | Quote | Claim]:
    return [*ad.mentions, *ad.quotes, *ad.claims]


def _outcomes(
    docs: Mapping[str, AnnotatedDocument], winners: Sequence[str], outcome: str
) -> dict[str, dict[str, str]]:
    """``exported`` for the regions of ``winners``, ``outcome`` for everyone else's."""
    vote = _Vote(AdjudicationPolicy(), docs)
    for who, ad in docs.items():
        for item in _everything(ad):
            vote.mark(who, item, EXPORTED if who in winners else outcome)
    return vote.outcomes


def _winner_as_gold(docs: Mapping[str, AnnotatedDocument], policy: str, who: str) -> Adjudication:
    ad = docs[who]
    source = AdjudicatedSource(policy=policy, annotators=people([who]))
    update = {"provenance": source}
    gold = ad.model_copy(
        update={
            "source": source,
            "mentions": [m.model_copy(update=update) for m in ad.mentions],
            "quotes": [q.model_copy(update=update) for q in ad.quotes],
            "claims": [c.model_copy(update=update) for c in ad.claims],
        }
    )
    return Adjudication(
        document_id=ad.document.id,
        policy=policy,
        annotators=[who],
        gold=gold,
        outcomes=_outcomes(docs, [who], OUTVOTED),
    )


def _content(ad: AnnotatedDocument) -> tuple[object, ...]:
    return (ad.mentions, ad.quotes, ad.claims)


def adjudicate_voters(
    docs: Mapping[str, AnnotatedDocument], policy: AdjudicationPolicy | None = None
) -> Adjudication:
    """The gold annotation of one document from its voters' annotations (voter -> annotation,
    as :func:`annot.road.select.voters` gives them; see the module doc)."""
    policy = policy or AdjudicationPolicy()
    first = next(iter(docs.values()))
    doc_id = first.document.id
    if policy.ground_truth_wins:
        truths = {
            who: ad for who, ad in docs.items() if ad.label_studio and ad.label_studio.ground_truth
        }
        if len(truths) > 1 and len({repr(_content(ad)) for ad in truths.values()}) > 1:
            span = Span.at(first.document.text, 0, 0)
            vote = _Vote(policy, docs)
            why = f"{len(truths)} different annotations are marked ground truth; keep one."
            vote.disagree("document", span, dict.fromkeys(truths, "ground truth"), why)
            return Adjudication(
                document_id=doc_id,
                policy="ground-truth",
                annotators=sorted(truths),
                gold=None,
                disagreements=vote.disagreements,
                outcomes=_outcomes(docs, [], DISPUTED),
            )
        if truths:
            return _winner_as_gold(docs, "ground-truth", sorted(truths)[0])
    for reviewer in policy.reviewers:
        if reviewer in docs:
            return _winner_as_gold(docs, "reviewer", reviewer)
    return _vote(docs, policy)


def adjudicate(
    annotations: Sequence[AnnotatedDocument], policy: AdjudicationPolicy | None = None
) -> Adjudication:
    """The gold annotation of one document from its human annotations (see the module doc)."""
    ids = sorted({ad.document.id for ad in annotations})
    docs = voters(annotations)
    if len(ids) != 1 or not docs:
        raise ValueError(
            f"adjudicate() takes the annotations of one document with at least one voter, got "
            f"documents {ids}; use adjudicate_all(annotations) for several."
        )
    return adjudicate_voters(docs, policy)


def adjudicate_all(
    annotations: Iterable[AnnotatedDocument], policy: AdjudicationPolicy | None = None
) -> list[Adjudication]:
    """:func:`adjudicate_voters` per document (documents in id order)."""
    grouped = voters_by_document(annotations)
    return [adjudicate_voters(grouped[doc], policy) for doc in sorted(grouped)]
