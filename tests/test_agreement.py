"""Agreement and adjudication: metrics, reports, policies, and a real multi-annotator project."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

import pytest
from annotators import invite_token, sign_up
from hypothesis import given, settings
from hypothesis import strategies as st
from label_studio_sdk.types import ImportApiRequest, RoleBasedTask
from pydantic import SecretStr

from annot.agreement import (
    AdjudicationPolicy,
    adjudicate,
    adjudicate_all,
    agreement,
    cohen_kappa,
    krippendorff_alpha,
    match_overlapping,
    render_agreement,
    write_agreement_report,
)
from annot.labelstudio.config import labeling_config
from annot.labelstudio.settings import ConnectionSettings, open_client
from annot.schema import (
    AdjudicatedSource,
    AnnotatedDocument,
    CheckWorthiness,
    Claim,
    Document,
    EntityLabel,
    HumanSource,
    LabelStudioRef,
    Mention,
    MentionRef,
    Quote,
    QuoteKind,
    Span,
    Stance,
)
from annot.validate import validate_file, validate_tasks

GOLDEN = Path(__file__).parent / "data" / "labelstudio" / "multi-annotator-ls-1.23.2.json"
JSON = dict[str, object]

TEXT_1 = (
    "“Kami akan menaikkan harga beras,” kata Siti Rahma dari Kementerian Perdagangan "
    "di Jakarta, Senin. Dia menyebut stok beras nasional cukup hingga akhir tahun."
)
TEXT_2 = (
    "Polisi menangkap dua tersangka pencurian motor di Bandung, Selasa malam. "
    "“Kami masih mendalami motifnya,” ujar Kapolrestabes Bandung Budi Hartono."
)
DOCS = [Document(id="berita-beras-01", text=TEXT_1), Document(id="berita-polisi-02", text=TEXT_2)]


# --- building annotations -----------------------------------------------------------------------


def at(text: str, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span.at(text, start, start + len(needle))


def annotated(
    who: str,
    doc: Document,
    mentions: Sequence[tuple[str, str]],
    quote: tuple[str, str, str] | None = None,
    claim: tuple[str, str, Stance] | None = None,
    *,
    ground_truth: bool = False,
) -> AnnotatedDocument:
    """Mentions (needle, label); quote (content, cue, speaker needle); claim (span, by, stance)."""
    text = doc.text
    built = [
        Mention(id=f"m{i}", span=at(text, needle), label=EntityLabel(label))
        for i, (needle, label) in enumerate(mentions)
    ]
    ids = {m.span.text: m.id for m in built}
    quotes = []
    if quote is not None:
        content, cue, speaker = quote
        quotes.append(
            Quote(
                id="q1",
                content=at(text, content),
                cue=at(text, cue),
                speaker=MentionRef(mention_id=ids[speaker]),
                kind=QuoteKind.DIRECT,
            )
        )
    claims = []
    if claim is not None:
        span, by, stance = claim
        claims.append(
            Claim(
                id="c1",
                span=at(text, span),
                claimant=MentionRef(mention_id=ids[by]),
                stance=stance,
                check_worthiness=CheckWorthiness.CHECK_WORTHY,
            )
        )
    ref = LabelStudioRef(task_id=1, annotation_id=sum(map(ord, who)), ground_truth=ground_truth)
    return AnnotatedDocument(
        document=doc,
        source=HumanSource(annotator=who),
        label_studio=ref,
        mentions=built,
        quotes=quotes,
        claims=claims,
    )


QUOTE_1 = ("Kami akan menaikkan harga beras,", "kata", "Siti Rahma")
CLAIM_1 = "stok beras nasional cukup hingga akhir tahun"
BASE_1 = [("Siti Rahma", "PER"), ("Kementerian Perdagangan", "ORG"), ("Jakarta", "GPE")]


def three_annotators() -> list[AnnotatedDocument]:
    doc = DOCS[0]
    return [
        annotated(
            "ann-a",
            doc,
            [*BASE_1, ("Senin", "DATE")],
            QUOTE_1,
            (CLAIM_1, "Siti Rahma", Stance.ASSERTS),
        ),
        annotated(
            "ann-b",
            doc,
            [("Siti Rahma", "PER"), ("Kementerian Perdagangan", "ORG"), ("Jakarta", "LOC")],
            QUOTE_1,
            (CLAIM_1, "Siti Rahma", Stance.HEDGES),
        ),
        annotated(
            "ann-c",
            doc,
            [("Siti Rahma", "PER"), ("Kementerian", "ORG"), ("Jakarta", "GPE")],
            QUOTE_1,
            (CLAIM_1, "Siti Rahma", Stance.ASSERTS),
        ),
    ]


# --- metrics ------------------------------------------------------------------------------------


def test_pairwise_metrics() -> None:
    report = agreement(three_annotators())
    assert report.documents == 1
    assert report.annotators == ["ann-a", "ann-b", "ann-c"]
    ab = report.pair("ann-a", "ann-b")
    # a: PER ORG GPE DATE; b: PER ORG LOC -> 2 exact matches of 7 spans
    assert ab.entity_exact_f1 == pytest.approx(4 / 7)
    assert ab.entity_exact_f1_by_label["GPE"] == 0.0
    assert ab.entity_exact_f1_by_label["PER"] == 1.0
    ac = report.pair("ann-c", "ann-a")
    assert ac.entity_exact_f1 == pytest.approx(4 / 7)
    assert ac.entity_overlap_f1 == pytest.approx(6 / 7)
    assert ab.quote_exact_f1 == 1.0
    assert ab.speaker_accuracy == 1.0
    assert ab.stance_observed == 0.0
    assert ac.stance_observed == 1.0
    assert ac.stance_kappa is None  # one stance only: undefined
    assert report.stance_statistic == "krippendorff_alpha"
    assert report.stance_units == 1


def test_two_annotators_use_cohens_kappa() -> None:
    report = agreement(three_annotators()[:2])
    assert report.stance_statistic == "cohen_kappa"
    assert report.stance_agreement == report.pairs[0].stance_kappa


def test_statistics_come_from_the_libraries() -> None:
    pairs = [
        ("asserts", "asserts"),
        ("denies", "denies"),
        ("asserts", "denies"),
        ("hedges", "hedges"),
    ]
    assert cohen_kappa(pairs) == pytest.approx(0.6363636, abs=1e-6)
    units = [
        {"a": "asserts", "b": "asserts"},
        {"a": "denies", "b": "denies"},
        {"a": "hedges", "b": "asserts"},
    ]
    alpha = krippendorff_alpha(units, ["a", "b"])
    assert alpha is not None
    assert -1.0 <= alpha < 1.0
    assert krippendorff_alpha([{"a": "asserts", "b": "asserts"}], ["a", "b"]) is None


def test_overlap_matching_is_one_to_one() -> None:
    text = "Bank Indonesia dan Bank Mandiri"
    a = [at(text, "Bank Indonesia"), at(text, "Bank Mandiri")]
    b = [Span.at(text, 0, len(text))]
    assert match_overlapping(a, b) == [(0, 0)]


def test_predictions_and_single_annotations_are_left_out() -> None:
    (one,) = three_annotators()[:1]
    assert agreement([one]).pairs == []


def test_agreement_report_files(tmp_path: Path) -> None:
    report = agreement(three_annotators())
    table = render_agreement(report)
    assert "entity exact F1" in table
    assert "ann-a" in table
    markdown, heatmap = write_agreement_report(report, tmp_path / "out")
    assert heatmap is not None
    assert heatmap.read_bytes().startswith(b"\x89PNG")
    text = markdown.read_text(encoding="utf-8")
    assert "](agreement-heatmap.png)" in text
    assert "| ann-a | ann-b | 1 |" in text
    assert "Krippendorff's alpha" in text


_LABELS = st.sampled_from([label.value for label in EntityLabel])
_WORDS = ["Jokowi", "bertemu", "Prabowo", "di", "Istana", "Merdeka", "pada", "Selasa"]


@st.composite
def annotated_documents(draw: st.DrawFn) -> AnnotatedDocument:
    text = " ".join(_WORDS)
    chosen = draw(st.lists(st.sampled_from(range(len(_WORDS))), unique=True, max_size=6))
    spans = [at(text, _WORDS[i]) for i in sorted(chosen)]
    mentions = [
        Mention(id=f"m{i}", span=span, label=EntityLabel(draw(_LABELS)))
        for i, span in enumerate(spans)
    ]
    claims = []
    if draw(st.booleans()):
        claims.append(
            Claim(
                id="c1",
                span=at(text, "bertemu Prabowo"),
                stance=draw(st.sampled_from(list(Stance))),
                check_worthiness=CheckWorthiness.CHECK_WORTHY,
            )
        )
    return AnnotatedDocument(
        document=Document(id="doc-1", text=text),
        source=HumanSource(annotator="ann-x"),
        mentions=mentions,
        claims=claims,
    )


@settings(max_examples=50, deadline=None)
@given(ad=annotated_documents())
def test_agreement_with_itself_is_perfect(ad: AnnotatedDocument) -> None:
    twin = ad.model_copy(update={"source": HumanSource(annotator="ann-y")})
    report = agreement([ad, twin])
    (pair,) = report.pairs
    assert pair.entity_exact_f1 in (None, 1.0)
    assert pair.entity_overlap_f1 in (None, 1.0)
    assert all(v == 1.0 for v in pair.entity_exact_f1_by_label.values())
    assert (pair.entity_exact_f1 is None) == (not ad.mentions)
    assert pair.stance_observed in (None, 1.0)
    assert pair.stance_kappa in (None, 1.0)
    gold = adjudicate([ad, twin]).gold
    assert gold is not None
    assert [m.span for m in gold.mentions] == [m.span for m in ad.mentions]


# --- adjudication ---------------------------------------------------------------------------------


def test_majority_vote_records_who_agreed() -> None:
    result = adjudicate(three_annotators())
    assert result.policy == "majority:2/3"
    gold = result.gold
    assert gold is not None
    labels = {m.span.text: m.label.value for m in gold.mentions}
    assert labels == {
        "Siti Rahma": "PER",
        "Kementerian Perdagangan": "ORG",
        "Jakarta": "GPE",
    }
    jakarta = next(m for m in gold.mentions if m.span.text == "Jakarta")
    assert jakarta.provenance == AdjudicatedSource(
        policy="majority:2/3", annotators=["ann-a", "ann-c"]
    )
    (claim,) = gold.claims
    assert claim.stance is Stance.ASSERTS
    (quote,) = gold.quotes
    assert isinstance(quote.speaker, MentionRef)
    assert quote.speaker.mention_id == next(
        m.id for m in gold.mentions if m.span.text == "Siti Rahma"
    )
    assert result.disagreements == []


def test_unsettled_disagreements_are_listed_not_guessed() -> None:
    a, b, _ = three_annotators()
    result = adjudicate([a, b])  # two annotators: k = 2
    gold = result.gold
    assert gold is not None
    assert "Jakarta" not in {m.span.text for m in gold.mentions}
    jakarta = next(d for d in result.disagreements if d.text == "Jakarta")
    assert jakarta.votes == {"ann-a": "GPE", "ann-b": "LOC"}
    assert jakarta.to_problem().code.value == "unsettled-disagreement"
    assert any(d.layer == "claims" for d in result.disagreements)
    assert gold.claims == []


def test_union_and_intersection() -> None:
    anns = three_annotators()
    union = adjudicate(anns, AdjudicationPolicy(mode="union")).gold
    inter = adjudicate(anns, AdjudicationPolicy(mode="intersection")).gold
    assert union is not None
    assert inter is not None
    assert "Senin" in {m.span.text for m in union.mentions}
    assert {m.span.text for m in inter.mentions} == {"Siti Rahma"}
    k1 = adjudicate(anns, AdjudicationPolicy(k=1))
    assert k1.policy == "majority:1/3"


def test_ground_truth_and_reviewer_win() -> None:
    a, b, c = three_annotators()
    truth = annotated("ann-b", DOCS[0], [("Jakarta", "LOC")], ground_truth=True)
    result = adjudicate([a, truth, c])
    assert result.policy == "ground-truth"
    assert result.gold is not None
    assert [m.label.value for m in result.gold.mentions] == ["LOC"]
    assert result.gold.mentions[0].provenance == AdjudicatedSource(
        policy="ground-truth", annotators=["ann-b"]
    )
    reviewed = adjudicate([a, b, c], AdjudicationPolicy(reviewers=["ann-c"]))
    assert reviewed.policy == "reviewer"
    assert reviewed.annotators == ["ann-c"]


def test_adjudicate_takes_one_document() -> None:
    other = annotated("ann-z", DOCS[1], [("Bandung", "GPE")])
    with pytest.raises(ValueError, match="adjudicate_all"):
        adjudicate([*three_annotators(), other])
    assert [r.document_id for r in adjudicate_all([*three_annotators(), other])] == [
        "berita-beras-01",
        "berita-polisi-02",
    ]


# --- the golden multi-annotator export (real Label Studio 1.23.2) ------------------------------


def _region(rid: str, control: str, label: str, span: Span) -> JSON:
    value = {"start": span.start, "end": span.end, "text": span.text, "labels": [label]}
    return {"id": rid, "from_name": control, "to_name": "text", "type": "labels", "value": value}


def _choice(rid: str, control: str, choice: str, span: Span) -> JSON:
    value = {"start": span.start, "end": span.end, "text": span.text, "choices": [choice]}
    return {"id": rid, "from_name": control, "to_name": "text", "type": "choices", "value": value}


def _relation(a: str, b: str, label: str) -> JSON:
    return {"from_id": a, "to_id": b, "type": "relation", "direction": "right", "labels": [label]}


def _result(doc: Document, who: int) -> list[JSON]:
    """What annotator ``who`` (0, 1, 2) draws: they differ on purpose."""
    text = doc.text
    if doc.id == "berita-beras-01":
        gpe = "LOC" if who == 1 else "GPE"
        org = "Kementerian" if who == 2 else "Kementerian Perdagangan"
        stance = "hedges" if who == 1 else "asserts"
        quote, claim = at(text, QUOTE_1[0]), at(text, CLAIM_1)
        return [
            _region("p1", "entity", "PER", at(text, "Siti Rahma")),
            _region("o1", "entity", "ORG", at(text, org)),
            _region("l1", "entity", gpe, at(text, "Jakarta")),
            _region("q1", "quote", "QUOTE", quote),
            _choice("q1", "quote_kind", "direct", quote),
            _region("c1", "quote", "CUE", at(text, "kata")),
            _region("k1", "claim", "CLAIM", claim),
            _choice("k1", "claim_stance", stance, claim),
            _choice("k1", "check_worthiness", "check_worthy", claim),
            _region("s1", "quote", "SPEAKER", at(text, "Dia")),
            _relation("c1", "q1", "cue_of"),
            _relation("p1", "q1", "speaker_of"),
            _relation("s1", "k1", "claimant_of"),
            _relation("s1", "p1", "refers_to"),
        ]
    quote, claim = (
        at(text, "Kami masih mendalami motifnya,"),
        at(text, "dua tersangka pencurian motor"),
    )
    stance = "denies" if who == 2 else "asserts"
    regions = [
        _region("g1", "entity", "GPE", at(text, "Bandung")),
        _region("o1", "entity", "ORG", at(text, "Polisi")),
        _region("p1", "entity", "PER", at(text, "Budi Hartono")),
        _region("q1", "quote", "QUOTE", quote),
        _choice("q1", "quote_kind", "direct", quote),
        _region("c1", "quote", "CUE", at(text, "ujar")),
        _region("k1", "claim", "CLAIM", claim),
        _choice("k1", "claim_stance", stance, claim),
        _choice("k1", "check_worthiness", "check_worthy", claim),
        _relation("c1", "q1", "cue_of"),
        _relation("p1", "q1", "speaker_of"),
        _relation("o1", "k1", "claimant_of"),
    ]
    if who == 1:
        regions.append(_region("t1", "entity", "TIME", at(text, "Selasa malam")))
    return regions


def _task(doc: Document) -> ImportApiRequest:
    data = {"text": doc.text, "doc_id": doc.id, "content_sha256": doc.content_sha256}
    return ImportApiRequest(data=data)


def _export(settings: ConnectionSettings) -> list[JSON]:
    """A project annotated by three users through the API, exported as a snapshot."""
    with open_client(settings) as client:
        project = client.projects.create(
            title=f"annot agreement {uuid.uuid4().hex[:8]}", label_config=labeling_config()
        )
        assert project.id is not None
        client.projects.import_tasks(id=project.id, request=[_task(doc) for doc in DOCS])
        tasks: dict[str, int] = {}
        listed: RoleBasedTask
        # one page: the SDK's generated pager asks for the page past the end (HTTP 404)
        for listed in client.tasks.list(project=project.id, page_size=1000).items or []:
            assert listed.data is not None
            assert listed.id is not None
            tasks[str(listed.data["doc_id"])] = listed.id
        invite = invite_token(settings)
        users = [sign_up(settings, invite, f"annotator{who}").token for who in range(3)]
        for who, token in enumerate(users):
            as_user = ConnectionSettings(url=settings.url, api_key=SecretStr(token))
            with open_client(as_user) as user_client:
                for doc in DOCS:
                    user_client.annotations.create(
                        id=tasks[doc.id], result=_result(doc, who), lead_time=12.0 + who
                    )
        export = client.projects.exports.create(id=project.id, title="agreement golden")
        assert export.id is not None
        for _ in range(60):
            status = client.projects.exports.get(id=project.id, export_pk=export.id).status
            if status == "completed":
                break
            assert status != "failed"
            time.sleep(0.5)
        chunks = client.projects.exports.download(
            id=project.id, export_pk=export.id, export_type="JSON"
        )
        exported = json.loads(b"".join(chunks))
        assert isinstance(exported, list)
        return exported


def _check_golden(tasks: list[JSON]) -> None:
    validation = validate_tasks(tasks)
    report = validation.report
    assert report.exit_code == 0, [str(p) for p in report.problems]
    assert report.balanced
    assert report.annotations.usable == 6
    result = agreement(validation.annotations)
    assert result.documents == 2
    assert len(result.annotators) == 3
    assert len(result.pairs) == 3
    assert result.stance_statistic == "krippendorff_alpha"
    assert result.stance_units == 2
    assert all(p.quote_exact_f1 == 1.0 for p in result.pairs)
    assert all(p.speaker_accuracy == 1.0 for p in result.pairs)
    gold = adjudicate_all(validation.annotations)
    assert [g.policy for g in gold] == ["majority:2/3", "majority:2/3"]
    beras = gold[0].gold
    assert beras is not None
    assert {m.span.text: m.label.value for m in beras.mentions} == {
        "Siti Rahma": "PER",
        "Kementerian Perdagangan": "ORG",
        "Jakarta": "GPE",
    }
    assert all(isinstance(m.provenance, AdjudicatedSource) for m in beras.mentions)
    assert [c.stance for c in beras.claims] == [Stance.ASSERTS]
    polisi = gold[1].gold
    assert polisi is not None
    assert "Selasa malam" not in {m.span.text for m in polisi.mentions}
    assert [c.stance for c in polisi.claims] == [Stance.ASSERTS]


def test_golden_multi_annotator_export() -> None:
    assert validate_file(GOLDEN).report.exit_code == 0
    loaded = json.loads(GOLDEN.read_text(encoding="utf-8"))
    _check_golden(loaded)


@pytest.mark.server
def test_real_multi_annotator_project(label_studio: ConnectionSettings, tmp_path: Path) -> None:
    exported = _export(label_studio)
    assert [len(t["annotations"]) for t in exported] == [3, 3]  # type: ignore[arg-type]
    _check_golden(exported)
    markdown, _ = write_agreement_report(agreement(validate_tasks(exported).annotations), tmp_path)
    assert "ann-" in markdown.read_text(encoding="utf-8")
    if os.environ.get("ANNOT_UPDATE_GOLDEN") == "1":
        text = json.dumps(exported, ensure_ascii=False, indent=1) + "\n"
        GOLDEN.write_text(text, encoding="utf-8")


def test_agreement_report_without_matplotlib_says_how_to_get_the_heatmap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    markdown, heatmap = write_agreement_report(agreement(three_annotators()), tmp_path)
    assert heatmap is None
    assert not (tmp_path / "agreement-heatmap.png").exists()
    assert "pip install 'annot[plot]'" in markdown.read_text(encoding="utf-8")


def test_cohen_kappa_by_hand() -> None:
    # 10 pairs: 7 agree (p_o = 0.7); A says x 5 times, B says x 6 times:
    # p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5, kappa = (0.7 - 0.5) / 0.5 = 0.4
    pairs = [("x", "x")] * 4 + [("y", "y")] * 3 + [("x", "y")] + [("y", "x")] * 2
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    assert cohen_kappa([("x", "y"), ("y", "x")]) == pytest.approx(-1.0)
