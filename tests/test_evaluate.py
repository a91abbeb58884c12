"""Evaluation metrics on tiny hand-made cases, and gold against itself."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annot.evaluate import EvaluationError, Scores, evaluate, render_markdown
from annot.schema import (
    AnnotatedDocument,
    CheckWorthiness,
    Claim,
    Document,
    EntityLabel,
    HumanSource,
    Mention,
    MentionRef,
    Quote,
    QuoteKind,
    Span,
    SpanRef,
)

TEXT = "“Kami siap,” kata Budi di Jakarta. Ia pergi."
SOURCE = HumanSource(annotator="test")


def _doc(text: str = TEXT) -> Document:
    return Document(id="d1", text=text)


def _mention(mid: str, start: int, end: int, label: EntityLabel, text: str = TEXT) -> Mention:
    return Mention(id=mid, span=Span.at(text, start, end), label=label)


def _ad(mentions: list[Mention], quotes: list[Quote] | None = None) -> AnnotatedDocument:
    return AnnotatedDocument(document=_doc(), source=SOURCE, mentions=mentions, quotes=quotes or [])


def test_exact_and_overlap_differ() -> None:
    gold = _ad([_mention("m1", 18, 22, EntityLabel.PER), _mention("m2", 26, 33, EntityLabel.GPE)])
    pred = _ad([_mention("m1", 18, 25, EntityLabel.PER), _mention("m2", 26, 33, EntityLabel.ORG)])
    report = evaluate([pred], [gold])
    micro = report.entities["micro"]
    assert (micro.exact.matched, micro.overlap.matched) == (0, 1)
    assert report.entities["PER"].overlap.precision == 1.0
    assert report.entities["ORG"].exact.precision == 0.0
    assert report.entities["GPE"].exact.recall == 0.0


def test_empty_sets() -> None:
    assert Scores().precision == Scores().recall == 1.0
    assert Scores(gold=2).precision == 0.0
    assert Scores(gold=2).recall == 0.0
    assert Scores(predicted=2).precision == 0.0
    assert Scores(predicted=2).f1 == 0.0
    report = evaluate([], [_ad([])])
    assert report.missing_predictions == ["d1"]
    assert report.quotes.exact.f1 == 1.0


def test_speaker_through_pronoun_referent() -> None:
    budi = _mention("m1", 18, 22, EntityLabel.PER)
    content = Span.at(TEXT, 1, 10)
    gold_quote = Quote(
        id="q1", content=content, speaker=MentionRef(mention_id="m1"), kind=QuoteKind.DIRECT
    )
    pronoun = SpanRef(type="pronoun", span=Span.at(TEXT, 35, 37), refers_to="m1")
    pred_quote = Quote(
        id="q1", content=Span.at(TEXT, 1, 11), speaker=pronoun, kind=QuoteKind.DIRECT
    )
    wrong = SpanRef(type="pronoun", span=Span.at(TEXT, 35, 37))
    wrong_quote = Quote(id="q1", content=content, speaker=wrong, kind=QuoteKind.DIRECT)
    gold = _ad([budi], [gold_quote])
    right = evaluate([_ad([budi], [pred_quote])], [gold])
    assert (right.quotes.exact.matched, right.quotes.overlap.matched) == (0, 1)
    assert right.speakers.accuracy == 1.0
    assert evaluate([_ad([budi], [wrong_quote])], [gold]).speakers.accuracy == 0.0


def test_text_mismatch_is_an_error() -> None:
    other = AnnotatedDocument(document=_doc(TEXT + " "), source=SOURCE)
    with pytest.raises(EvaluationError, match="text differs") as info:
        evaluate([other], [_ad([])])
    assert info.value.document_id == "d1"


def test_markdown_table() -> None:
    table = render_markdown(evaluate([_ad([])], [_ad([])]), title="t")
    assert "| **quote content** |" in table
    assert "| speaker |" in table


@st.composite
def annotated(draw: st.DrawFn) -> AnnotatedDocument:
    text = draw(st.text(min_size=5, max_size=60))
    spans = draw(
        st.lists(
            st.tuples(st.integers(0, len(text) - 1), st.integers(1, 5)), min_size=0, max_size=6
        )
    )
    mentions = [
        Mention(
            id=f"m{i}",
            span=Span.at(text, s, min(len(text), s + n)),
            label=draw(st.sampled_from(list(EntityLabel))),
        )
        for i, (s, n) in enumerate(spans)
    ]
    speakers = [m for m in mentions if m.label.value in {"PER", "ORG", "GPE", "NORP"}]
    quotes = [
        Quote(
            id=f"q{i}",
            content=m.span,
            cue=m.span,
            speaker=MentionRef(mention_id=m.id),
            kind=QuoteKind.DIRECT,
        )
        for i, m in enumerate(speakers)
    ]
    claims = [
        Claim(id=f"c{i}", span=m.span, check_worthiness=CheckWorthiness.CHECK_WORTHY)
        for i, m in enumerate(mentions)
    ]
    return AnnotatedDocument(
        document=Document(id="h", text=text),
        source=SOURCE,
        mentions=mentions,
        quotes=quotes,
        claims=claims,
    )


@settings(max_examples=60, deadline=None)
@given(annotated())
def test_gold_against_itself_is_perfect(ad: AnnotatedDocument) -> None:
    report = evaluate([ad], [ad])
    layers = [*report.entities.values(), report.quotes, report.cues, report.claims]
    for layer in layers:
        for scores in (layer.exact, layer.overlap):
            assert (scores.precision, scores.recall, scores.f1) == (1.0, 1.0, 1.0)
    assert report.speakers.accuracy == report.stances.accuracy == 1.0


def test_quotes_scored_per_kind() -> None:
    """A pair counts for the predicted kind's precision and the gold kind's recall."""
    text = "“Kami siap,” kata Budi. Budi mengatakan timnya juga siap bertanding."
    doc = Document(id="d1", text=text)
    direct = Span.at(text, 1, 10)
    indirect = Span.at(text, 40, 67)
    assert (direct.text, indirect.text) == ("Kami siap", "timnya juga siap bertanding")
    gold = AnnotatedDocument(
        document=doc,
        source=SOURCE,
        quotes=[
            Quote(id="q1", content=direct, kind=QuoteKind.DIRECT),
            Quote(id="q2", content=indirect, kind=QuoteKind.INDIRECT),
        ],
    )
    pred = AnnotatedDocument(
        document=doc, source=SOURCE, quotes=[Quote(id="q1", content=indirect, kind=QuoteKind.MIXED)]
    )
    kinds = evaluate([pred], [gold]).quote_kinds
    assert (kinds["direct"].exact.recall, kinds["direct"].exact.precision) == (0.0, 0.0)
    assert (kinds["indirect"].exact.recall, kinds["indirect"].exact.precision) == (1.0, 0.0)
    assert kinds["mixed"].exact.precision == 1.0
    assert kinds["mixed"].exact.gold == 0
    table = render_markdown(evaluate([pred], [gold]))
    assert "| quote indirect | 0 | 1 | 0.00 | 1.00 |" in table
