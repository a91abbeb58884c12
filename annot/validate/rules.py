"""Checks on converted annotations that conversion does not make, and leaving regions out.

- ``empty-span`` (error): a span of whitespace only (conversion refuses empty spans);
- ``overlapping-entities``: two entity mentions sharing characters. Nested or identical
  spans are a warning (the ``ner`` export keeps the outermost span); crossing spans (each
  has characters the other lacks) are an error, and the later-starting mention is left out;
- ``boundary-inside-token`` (warning): a span boundary inside a token of
  :func:`annot.tokenize.tokenize` (clitics split, so ``[kata]nya`` is fine), naming the token.

:func:`drop_regions` removes the items read from given Label Studio regions and detaches
whatever referred to them, so the rest of the annotation stays usable.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from annot.problems import Problem, ProblemCode, Severity
from annot.schema import (
    AnnotatedDocument,
    Claim,
    MentionRef,
    Quote,
    QuoteRef,
    Span,
    SpanRef,
)
from annot.tokenize import Token, token_at

__all__ = [
    "SpanRegion",
    "check_annotation",
    "drop_regions",
    "region_spans",
    "used_region_ids",
]


@dataclass(frozen=True, slots=True)
class SpanRegion:
    """A span of a converted annotation and the Label Studio region it was read from."""

    region_id: str | None
    layer: str
    role: str
    """mention, content, cue, speaker, claim or claimant."""
    label: str
    span: Span


def _quote_parts(quote: Quote) -> dict[str, str]:
    """Region id per part of ``quote`` (``region_ids`` is content, cue?, SPEAKER?)."""
    ids = quote.region_ids
    roles = ["content"] + ["cue"] * (quote.cue is not None)
    roles += ["speaker"] * isinstance(quote.speaker, SpanRef)
    return dict(zip(roles, ids, strict=True)) if len(ids) == len(roles) else {}


def _quote_spans(quote: Quote) -> Iterator[SpanRegion]:
    parts = _quote_parts(quote)
    yield SpanRegion(parts.get("content"), "quotes", "content", "QUOTE", quote.content)
    if quote.cue is not None:
        yield SpanRegion(parts.get("cue"), "quotes", "cue", "CUE", quote.cue)
    if isinstance(quote.speaker, SpanRef):
        span = quote.speaker.span
        yield SpanRegion(parts.get("speaker"), "quotes", "speaker", "SPEAKER", span)


def _claim_spans(claim: Claim) -> Iterator[SpanRegion]:
    rids = claim.region_ids
    yield SpanRegion(rids[0] if rids else None, "claims", "claim", "CLAIM", claim.span)
    if isinstance(claim.claimant, SpanRef):
        rid = rids[1] if len(rids) > 1 else None
        yield SpanRegion(rid, "quotes", "claimant", "SPEAKER", claim.claimant.span)


def region_spans(ad: AnnotatedDocument) -> list[SpanRegion]:
    """Every span of ``ad`` once per region (a SPEAKER shared by a quote and a claim once)."""
    found: list[SpanRegion] = []
    for mention in ad.mentions:
        rid = mention.region_ids[0] if mention.region_ids else None
        found.append(SpanRegion(rid, "entities", "mention", mention.label.value, mention.span))
    for quote in ad.quotes:
        found.extend(_quote_spans(quote))
    for claim in ad.claims:
        found.extend(_claim_spans(claim))
    seen: set[str] = set()
    unique: list[SpanRegion] = []
    for item in found:
        if item.region_id is not None and item.region_id in seen:
            continue
        if item.region_id is not None:
            seen.add(item.region_id)
        unique.append(item)
    return unique


def used_region_ids(ad: AnnotatedDocument) -> set[str]:
    """The Label Studio region ids that ``ad``'s items were read from."""
    items: list[Sequence[str]] = [m.region_ids for m in ad.mentions]
    items += [q.region_ids for q in ad.quotes] + [c.region_ids for c in ad.claims]
    return {rid for rids in items for rid in rids}


def _problem(
    ad: AnnotatedDocument,
    region: SpanRegion,
    code: ProblemCode,
    severity: Severity,
    message: str,
    fix: str,
    details: dict[str, str] | None = None,
) -> Problem:
    ref = ad.label_studio
    where = [f"document {ad.document.id!r}"]
    if ref is not None:
        where.append(f"task {ref.task_id}")
        if ref.annotation_id is not None:
            where.append(f"annotation {ref.annotation_id}")
    if region.region_id is not None:
        where.append(f"region {region.region_id!r}")
    return Problem(
        code=code,
        severity=severity,
        message=f"{', '.join(where)}: {message}",
        fix=fix,
        document_id=ad.document.id,
        task_id=ref.task_id if ref is not None else None,
        annotation_id=ref.annotation_id if ref is not None else None,
        region_id=region.region_id,
        start=region.span.start,
        end=region.span.end,
        layer=region.layer,
        details={"label": region.label, "text": region.span.text, **(details or {})},
    )


def _whitespace_only(ad: AnnotatedDocument, regions: Sequence[SpanRegion]) -> list[Problem]:
    return [
        _problem(
            ad,
            region,
            ProblemCode.EMPTY_SPAN,
            Severity.ERROR,
            f"{region.label} region [{region.span.start}, {region.span.end}) covers only "
            f"whitespace ({region.span.text!r}); it is left out.",
            "Open the task in Label Studio and delete the region, or redraw it over words.",
        )
        for region in regions
        if not region.span.text.strip()
    ]


def _overlaps(ad: AnnotatedDocument, regions: Sequence[SpanRegion]) -> list[Problem]:
    """Overlaps in reading order; a mention crossing a kept one is left out (and no longer
    compared), so one stray region does not take its neighbours with it."""
    entities = sorted(
        (r for r in regions if r.layer == "entities" and r.span.text.strip()),
        key=lambda r: (r.span.start, -r.span.end),
    )
    # kept regions that reach past the current start, in reading order; since starts only
    # grow, a kept region that ends before the current start never overlaps a later one
    # (linear time for regions apart, however many there are)
    active: dict[int, SpanRegion] = {}
    ends: list[tuple[int, int]] = []
    problems: list[Problem] = []
    for index, region in enumerate(entities):
        while ends and ends[0][0] <= region.span.start:
            del active[heapq.heappop(ends)[1]]
        found = [
            _overlap(ad, first, region)
            for first in active.values()
            if first.span.overlaps(region.span)
        ]
        errors = [p for p in found if p.severity is Severity.ERROR]
        problems += errors[:1] or found
        if not errors:
            active[index] = region
            heapq.heappush(ends, (region.span.end, index))
    return problems


def _overlap(ad: AnnotatedDocument, first: SpanRegion, second: SpanRegion) -> Problem:
    a, b = first.span, second.span
    both = (
        f"{first.label} {a.text!r} [{a.start}, {a.end}) (region {first.region_id!r}) and "
        f"{second.label} {b.text!r} [{b.start}, {b.end}) (region {second.region_id!r})"
    )
    details = {"other_region": str(first.region_id), "other_start": str(a.start)}
    details["other_end"] = str(a.end)
    if b.end > a.end:
        return _problem(
            ad,
            second,
            ProblemCode.OVERLAPPING_ENTITIES,
            Severity.ERROR,
            f"entity spans {both} cross (each has characters the other lacks); the later one "
            "is left out.",
            "Open the task in Label Studio and shrink or delete one of the two regions so that "
            "they are nested or apart.",
            details,
        )
    kind = "are identical" if (a.start, a.end) == (b.start, b.end) else "are nested"
    return _problem(
        ad,
        second,
        ProblemCode.OVERLAPPING_ENTITIES,
        Severity.WARNING,
        f"entity spans {both} {kind}; both are kept, and the ner export keeps only the "
        "outermost span.",
        "Check that both entities are meant; delete the inner (or duplicate) region in Label "
        "Studio if not.",
        details,
    )


def _cut_tokens(span: Span, text: str, tokens: Sequence[Token] | None) -> list[Token]:
    """The tokens (in order, once) that ``span`` starts or ends inside; ``tokens`` (in text
    order and apart) are searched when given, else the text around each boundary."""
    cut: list[Token] = []
    for offset in (span.start, span.end):
        token = _token_at(tokens, offset) if tokens is not None else None
        if tokens is None:
            token = token_at(text, offset, split_clitics=True)
        if token is not None and (not cut or cut[-1] != token):
            cut.append(token)
    return cut


def _token_at(tokens: Sequence[Token], offset: int) -> Token | None:
    index = bisect.bisect_right(tokens, offset, key=lambda token: token.start) - 1
    inside = index >= 0 and tokens[index].start < offset < tokens[index].end
    return tokens[index] if inside else None


def _boundaries(
    ad: AnnotatedDocument, regions: Sequence[SpanRegion], tokens: Sequence[Token] | None
) -> list[Problem]:
    problems: list[Problem] = []
    for region in regions:
        cut = _cut_tokens(region.span, ad.document.text, tokens)
        if not cut:
            continue
        names = ", ".join(f"{t.text!r} [{t.start}, {t.end})" for t in cut)
        start = min(region.span.start, *(t.start for t in cut))
        end = max(region.span.end, *(t.end for t in cut))
        problems.append(
            _problem(
                ad,
                region,
                ProblemCode.BOUNDARY_INSIDE_TOKEN,
                Severity.WARNING,
                f"{region.label} region [{region.span.start}, {region.span.end}) "
                f"{region.span.text!r} has a boundary inside token {names}; it is kept, but "
                "token-level exports (ner) cannot tag it.",
                f"Redraw the region over whole tokens, e.g. [{start}, {end}) "
                f"{ad.document.text[start:end]!r}; inspect with annot.tokenize.tokenize(text, "
                "split_clitics=True).",
                {"tokens": ", ".join(t.text for t in cut)},
            )
        )
    return problems


def check_annotation(
    ad: AnnotatedDocument, tokens: Sequence[Token] | None = None
) -> tuple[AnnotatedDocument, list[Problem]]:
    """``ad`` without the regions an ERROR leaves out, and every problem found.

    ``tokens`` are ``tokenize(ad.document.text, split_clitics=True)``; without them only the
    text around each span boundary is tokenized (:func:`annot.tokenize.token_at`).
    """
    regions = region_spans(ad)
    problems = _whitespace_only(ad, regions) + _overlaps(ad, regions)
    dropped = {
        p.region_id for p in problems if p.severity is Severity.ERROR and p.region_id is not None
    }
    kept = drop_regions(ad, dropped) if dropped else ad
    problems += _boundaries(kept, region_spans(kept) if dropped else regions, tokens)
    return kept, problems


def _agent_kept(
    agent: MentionRef | SpanRef | None, rids: Collection[str], mentions: Collection[str]
) -> MentionRef | SpanRef | None:
    if isinstance(agent, MentionRef):
        return agent if agent.mention_id not in mentions else None
    if agent is None:
        return None
    if agent.refers_to is not None and agent.refers_to in mentions:
        return agent.model_copy(update={"refers_to": None})
    return agent


def _quote_kept(quote: Quote, rids: Collection[str], mentions: Collection[str]) -> Quote | None:
    parts = _quote_parts(quote)
    if parts.get("content") in rids:
        return None
    cue = None if parts.get("cue") in rids else quote.cue
    speaker = _agent_kept(quote.speaker, rids, mentions)
    if isinstance(speaker, SpanRef) and parts.get("speaker") in rids:
        speaker = None
    kept_ids = [rid for rid in quote.region_ids if rid not in rids]
    return quote.model_copy(update={"cue": cue, "speaker": speaker, "region_ids": kept_ids})


def _claim_kept(
    claim: Claim, rids: Collection[str], mentions: Collection[str], quotes: Collection[str]
) -> Claim | None:
    ids = list(claim.region_ids)
    if ids and ids[0] in rids:
        return None
    claimant: MentionRef | SpanRef | QuoteRef | None
    if isinstance(claim.claimant, QuoteRef):
        claimant = claim.claimant if claim.claimant.quote_id not in quotes else None
    else:
        claimant = _agent_kept(claim.claimant, rids, mentions)
        if isinstance(claimant, SpanRef) and len(ids) > 1 and ids[1] in rids:
            claimant = None
    kept_ids = [rid for rid in ids if rid not in rids]
    return claim.model_copy(update={"claimant": claimant, "region_ids": kept_ids})


def drop_regions(ad: AnnotatedDocument, rids: Collection[str]) -> AnnotatedDocument:
    """``ad`` without the items read from regions ``rids``; references to them are removed.

    A mention or a quote's content or a claim's span in ``rids`` removes the item; a cue,
    SPEAKER or claimant span in ``rids`` is detached from its quote or claim; speakers,
    claimants and ``refers_to`` links to removed items become ``None``.
    """
    mentions = [m for m in ad.mentions if not set(m.region_ids) & set(rids)]
    gone_mentions = {m.id for m in ad.mentions} - {m.id for m in mentions}
    quotes = [q for q in (_quote_kept(q, rids, gone_mentions) for q in ad.quotes) if q]
    gone_quotes = {q.id for q in ad.quotes} - {q.id for q in quotes}
    claims = [c for c in (_claim_kept(c, rids, gone_mentions, gone_quotes) for c in ad.claims) if c]
    return ad.model_copy(update={"mentions": mentions, "quotes": quotes, "claims": claims})
