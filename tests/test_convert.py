"""Label Studio conversion: tasks, results and annotations to and from the schema."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annot.labelstudio import config
from annot.labelstudio.convert import (
    ControlNames,
    Conversion,
    ConversionError,
    annotated_to_prediction,
    annotated_to_result,
    annotator_pseudonym,
    document_to_task,
    region_id,
    speaker_type,
    task_to_annotated,
)
from annot.problems import Problem, ProblemCode, Severity
from annot.schema import (
    SCHEMA_VERSION,
    AnnotatedDocument,
    CheckWorthiness,
    Claim,
    Document,
    EntityLabel,
    HumanSource,
    Mention,
    MentionRef,
    PreannotatorSource,
    Quote,
    QuoteKind,
    QuoteRef,
    Span,
    SpanRef,
    Stance,
    comparable_layers,
)
from annot.schema.taxonomy import SPEAKER_LABELS

GOLDEN = Path(__file__).parent / "data" / "labelstudio" / "exported-task-ls-1.23.2.json"
TEXT = "“Kami menolak,” kata Budi Santoso dari Partai Golkar di Surabaya, Rabu (19/6/2024)."
DOC = Document(id="berita-001", text=TEXT, title="Golkar menolak", source="contoh.id")

JSON = dict[str, object]


# --- helpers ----------------------------------------------------------------------------------


def at(needle: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def labels(rid: str, label: str, needle: str, *, control: str = "entity", text: str = TEXT) -> JSON:
    start, end = at(needle, text)
    value: JSON = {"start": start, "end": end, "text": needle, "labels": [label]}
    return {
        "id": rid,
        "from_name": control,
        "to_name": "text",
        "type": "labels",
        "origin": "manual",
        "value": value,
    }


def choice(rid: str, control: str, value: str, needle: str) -> JSON:
    start, end = at(needle)
    body: JSON = {"start": start, "end": end, "text": needle, "choices": [value]}
    return {"id": rid, "from_name": control, "to_name": "text", "type": "choices", "value": body}


def relation(from_id: str, to_id: str, *names: str, direction: str = "right") -> JSON:
    return {
        "from_id": from_id,
        "to_id": to_id,
        "type": "relation",
        "direction": direction,
        "labels": list(names),
    }


def task(result: Sequence[object], *, text: str = TEXT, **annotation: object) -> JSON:
    data: JSON = {"text": text, "doc_id": "berita-001"}
    item: JSON = {"id": 3, "completed_by": 5, "result": list(result), **annotation}
    return {"id": 77, "project": 2, "data": data, "annotations": [item]}


def convert(result: Sequence[object], *, text: str = TEXT, **annotation: object) -> Conversion:
    return task_to_annotated(task(result, text=text, **annotation))


def only(conversion: Conversion, code: ProblemCode) -> Problem:
    found = [problem for problem in conversion.problems if problem.code is code]
    assert len(found) == 1, [str(problem) for problem in conversion.problems]
    return found[0]


def single(conversion: Conversion) -> AnnotatedDocument:
    assert len(conversion.annotations) == 1
    return conversion.annotations[0]


def quote_regions() -> list[JSON]:
    """A direct quote with its cue and speaker, as an annotator draws it."""
    return [
        labels("q1", "QUOTE", "Kami menolak,", control="quote"),
        choice("q1", "quote_kind", "direct", "Kami menolak,"),
        labels("c1", "CUE", "kata", control="quote"),
        labels("p1", "PER", "Budi Santoso"),
        relation("c1", "q1", "cue_of"),
        relation("p1", "q1", "speaker_of"),
    ]


def region_json(problem: Problem) -> object:
    return json.loads(problem.details["region"])


# --- golden Label Studio 1.23.2 export ---------------------------------------------------------


def golden() -> JSON:
    data = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_golden_export_converts_to_the_expected_layers() -> None:
    conversion = task_to_annotated(golden(), controls=ControlNames(entity="ent"))
    ad = single(conversion)
    assert ad.document.id == "berita-001"
    mentions = [(m.label, m.span.text, m.span.start, m.span.end) for m in ad.mentions]
    assert mentions == [
        (EntityLabel.PER, "Budi Santoso", 21, 33),
        (EntityLabel.ORG, "Partai Golkar", 39, 52),
        (EntityLabel.GPE, "Surabaya", 56, 64),
        (EntityLabel.NORP, "Budi Santoso dari Partai Golkar", 21, 52),
    ]
    assert [m.region_ids for m in ad.mentions] == [["a_p1"], ["a_o1"], ["a_l1"], ["a_ov"]]
    (quote,) = ad.quotes
    assert quote.content == Span(start=1, end=14, text="Kami menolak,")
    # The probe config has no quote_kind control: inferred from the “ ” around the content.
    assert quote.kind is QuoteKind.DIRECT
    assert quote.speaker == MentionRef(mention_id=ad.mentions[0].id)
    assert quote.region_ids == ["a_q1"]
    # The cue "kata" has no cue_of relation: it is not attached by position, but reported.
    assert quote.cue is None
    unlinked = only(conversion, ProblemCode.UNLINKED_REGION)
    assert (unlinked.severity, unlinked.region_id, unlinked.start, unlinked.end) == (
        Severity.WARNING,
        "a_c1",
        16,
        20,
    )
    assert "cue_of" in unlinked.message
    assert not conversion.errors


def test_golden_export_provenance() -> None:
    ad = single(task_to_annotated(golden(), controls=ControlNames(entity="ent")))
    ref = ad.label_studio
    assert ref is not None
    assert (ref.task_id, ref.annotation_id, ref.project_id) == (1001, 1, 1)
    assert (ref.lead_time, ref.prediction_id) == (12.5, 1)
    assert (ref.was_cancelled, ref.ground_truth) == (False, False)
    assert ref.created_at is not None
    assert ref.created_at.isoformat() == "2026-11-22T10:11:32.544418+00:00"
    assert isinstance(ad.source, HumanSource)
    assert "@" not in ad.source.annotator
    assert ad.source.annotator == annotator_pseudonym(1) == annotator_pseudonym(1)
    assert ad.source.annotator.startswith("ann-")


def test_golden_export_with_predictions() -> None:
    conversion = task_to_annotated(
        golden(), controls=ControlNames(entity="ent"), include_predictions=True
    )
    human, prediction = conversion.annotations
    assert prediction.source == PreannotatorSource(
        name="baseline-0.1", version="unversioned", score=0.8
    )
    assert prediction.label_studio is not None
    assert (prediction.label_studio.prediction_id, prediction.label_studio.annotation_id) == (
        1,
        None,
    )
    assert [m.span.text for m in prediction.mentions] == ["Budi Santoso"]
    assert prediction.quotes[0].speaker == MentionRef(mention_id=prediction.mentions[0].id)
    assert len(human.mentions) == 4


def test_golden_export_with_annots_control_names_reports_the_unknown_control() -> None:
    conversion = task_to_annotated(golden())
    problems = [p for p in conversion.problems if p.code is ProblemCode.UNKNOWN_CONTROL]
    assert len(problems) == 4
    assert "'ent'" in problems[0].message
    assert "entity" in problems[0].message
    assert "ControlNames" in problems[0].fix
    # The speaker's region is unknown, so the speaker_of relation dangles.
    dangling = only(conversion, ProblemCode.DANGLING_RELATION)
    assert "'a_p1'" in dangling.message


# --- push: tasks, results, predictions -----------------------------------------------------


def test_document_to_task() -> None:
    built = document_to_task(DOC)
    assert built["data"] == {
        config.TEXT_NAME: TEXT,
        "doc_id": "berita-001",
        "title": "Golkar menolak",
        "source": "contoh.id",
        "content_sha256": DOC.content_sha256,
        "schema_version": SCHEMA_VERSION,
    }
    assert built["meta"] == {
        "doc_id": "berita-001",
        "content_sha256": DOC.content_sha256,
        "schema_version": SCHEMA_VERSION,
    }


def example() -> AnnotatedDocument:
    budi = Mention(id="m-budi", span=DOC.span(*at("Budi Santoso")), label=EntityLabel.PER)
    quote = Quote(
        id="q-1",
        content=DOC.span(*at("Kami menolak,")),
        cue=DOC.span(*at("kata")),
        speaker=MentionRef(mention_id="m-budi"),
        kind=QuoteKind.DIRECT,
        provenance=PreannotatorSource(name="rules", version="0.2", score=0.5),
    )
    claim = Claim(
        id="c-1",
        span=DOC.span(*at("Kami menolak")),
        claimant=QuoteRef(quote_id="q-1"),
        stance=Stance.DENIES,
        check_worthiness=CheckWorthiness.NOT_CHECK_WORTHY,
        provenance=PreannotatorSource(name="rules", version="0.2", score=1.0),
    )
    return AnnotatedDocument(
        document=DOC,
        source=PreannotatorSource(name="rules", version="0.2"),
        mentions=[budi],
        quotes=[quote],
        claims=[claim],
    )


def test_annotated_to_result_has_the_web_ui_shape() -> None:
    result = annotated_to_result(example(), origin="manual")
    mention_id, quote_id = region_id("m-budi", "mention"), region_id("q-1", "content")
    assert len(mention_id) == 10
    assert result[0] == {
        "id": mention_id,
        "from_name": "entity",
        "to_name": "text",
        "type": "labels",
        "origin": "manual",
        "value": {"start": 21, "end": 33, "text": "Budi Santoso", "labels": ["PER"]},
    }
    assert result[1]["score"] == 0.5
    assert result[2] == {
        "id": quote_id,
        "from_name": "quote_kind",
        "to_name": "text",
        "type": "choices",
        "origin": "manual",
        "value": {"start": 1, "end": 14, "text": "Kami menolak,", "choices": ["direct"]},
    }
    relations = [item for item in result if item["type"] == "relation"]
    assert relations[1] == {
        "from_id": mention_id,
        "to_id": quote_id,
        "type": "relation",
        "direction": "right",
        "labels": ["speaker_of"],
    }
    assert [item["labels"] for item in relations] == [["cue_of"], ["speaker_of"], ["claimant_of"]]


def test_annotated_to_prediction() -> None:
    prediction = annotated_to_prediction(example())
    assert prediction["model_version"] == "rules@0.2"
    assert prediction["score"] == 0.75
    assert prediction["result"] == annotated_to_result(example())
    pulled = task_to_annotated(
        {"id": 1, "data": document_to_task(DOC)["data"], "predictions": [prediction]},
        include_predictions=True,
    )
    back = single(pulled)
    assert back.source == PreannotatorSource(name="rules", version="0.2", score=0.75)
    assert back.quotes[0].provenance == PreannotatorSource(name="rules", version="0.2", score=0.5)
    assert not pulled.errors


def test_a_prediction_needs_a_preannotator() -> None:
    human = example().model_copy(update={"source": HumanSource(annotator="ann-1")})
    with pytest.raises(ConversionError, match="PreannotatorSource") as caught:
        annotated_to_prediction(human)
    assert caught.value.document_id == "berita-001"


# --- hypothesis round trip -------------------------------------------------------------------

WORDS = [
    "“Kami",
    "menolak,”",
    "kata",
    "Budi",
    "Santoso",
    "dia",
    "mereka",
    "-nya",
    "beliau",
    "🙂",
    "👍🏽",
    "Partai",
    "Golkar",
    "di",
    "Surabaya",
    '"tidak"',
    "pejabat",
    "bahwa",
]
EDGE_NOISE = set(',;:!?.“”"()')


@st.composite
def annotated_documents(draw: st.DrawFn) -> AnnotatedDocument:
    text = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12)))
    doc = Document(id="gen-1", text=text)

    # Spans as an annotator means them: no space or punctuation at their edges (a selection
    # that takes some in is trimmed on pull, see test_selection_noise_at_the_edges_...).
    inner = [i for i, char in enumerate(text) if not char.isspace() and char not in EDGE_NOISE]

    def span() -> Span:
        start = draw(st.sampled_from(inner))
        return doc.span(start, 1 + draw(st.sampled_from([i for i in inner if i >= start])))

    mentions = [
        Mention(id=f"m{i}", span=span(), label=draw(st.sampled_from(list(EntityLabel))))
        for i in range(draw(st.integers(0, 4)))
    ]
    speakers = [m.id for m in mentions if m.label in SPEAKER_LABELS]

    def agent() -> MentionRef | SpanRef | None:
        choice = draw(st.sampled_from(["none", "mention", "span"]))
        if choice == "mention" and speakers:
            return MentionRef(mention_id=draw(st.sampled_from(speakers)))
        if choice == "span":
            where = span()
            refers_to = draw(st.none() | st.sampled_from(speakers)) if speakers else None
            return SpanRef(type=speaker_type(where.text), span=where, refers_to=refers_to)
        return None

    quotes = [
        Quote(
            id=f"q{i}",
            content=span(),
            cue=draw(st.none() | st.just(span())),
            speaker=agent(),
            kind=draw(st.sampled_from(list(QuoteKind))),
        )
        for i in range(draw(st.integers(0, 3)))
    ]

    def claimant() -> MentionRef | SpanRef | QuoteRef | None:
        use_quote = draw(st.booleans())
        if quotes and use_quote:
            return QuoteRef(quote_id=draw(st.sampled_from(quotes)).id)
        return agent()

    claims = [
        Claim(
            id=f"c{i}",
            span=span(),
            claimant=claimant(),
            stance=draw(st.sampled_from(list(Stance))),
            check_worthiness=draw(st.sampled_from(list(CheckWorthiness))),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    return AnnotatedDocument(
        document=doc,
        source=HumanSource(annotator="ann-gen"),
        mentions=mentions,
        quotes=quotes,
        claims=claims,
    )


layers = comparable_layers


@settings(max_examples=150, deadline=None)
@given(annotated_documents())
def test_round_trip_through_label_studio_json(example: AnnotatedDocument) -> None:
    result = annotated_to_result(example, origin="manual")
    pushed = document_to_task(example.document)
    exported: JSON = {
        "id": 5,
        "data": pushed["data"],
        "annotations": [{"id": 9, "completed_by": {"id": 4}, "result": result}],
    }
    conversion = task_to_annotated(json.loads(json.dumps(exported)))
    assert not conversion.errors, [str(problem) for problem in conversion.errors]
    back = single(conversion)
    assert back.document == example.document
    assert layers(back) == layers(example)
    # Pulled items keep their region ids, so pushing them again gives the same result.
    assert annotated_to_result(back, origin="manual") == result


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 300)
    | st.just(10**400)
    | st.floats()
    | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=6,
)


def damage(data: st.DataObject, item: JSON) -> object:
    """``item`` with one key dropped or set to any JSON value, or replaced by one."""
    action = data.draw(st.sampled_from(["keep", "drop", "set", "value", "replace"]))
    key = data.draw(st.sampled_from(sorted(item)))
    changed = dict(item)
    if action == "drop":
        del changed[key]
    elif action == "set":
        changed[key] = data.draw(json_values)
    elif action == "value" and isinstance(original := item.get("value"), dict):
        value: JSON = dict(original)
        value[data.draw(st.sampled_from(sorted(value)))] = data.draw(json_values)
        changed["value"] = value
    elif action == "replace":
        return data.draw(json_values)
    return changed


@settings(max_examples=200, deadline=None)
@given(annotated_documents(), st.data())
def test_damaged_json_gives_problems_never_crashes(
    example: AnnotatedDocument, data: st.DataObject
) -> None:
    result = annotated_to_result(example, origin="manual")
    damaged = [damage(data, item) for item in result]
    extra: JSON = {"lead_time": data.draw(json_values), "completed_by": data.draw(json_values)}
    conversion = convert(damaged, text=example.document.text, **extra)
    for ad in conversion.annotations:  # built, hence valid; and it survives a JSON round trip
        assert AnnotatedDocument.model_validate_json(ad.model_dump_json()) == ad


# --- offsets: repairs ---------------------------------------------------------------------------


def test_utf16_offsets_are_repaired_when_provable() -> None:
    text = "🙂 “Kami menolak,” kata Budi Santoso."
    start, end = at("Budi Santoso", text)
    region = labels("p1", "PER", "Budi Santoso", text=text)
    region["value"] = {
        "start": start + 1,
        "end": end + 1,
        "text": "Budi Santoso",
        "labels": ["PER"],
    }
    conversion = convert([region], text=text)
    problem = only(conversion, ProblemCode.REPAIRED_UTF16_OFFSETS)
    assert (problem.severity, problem.region_id, problem.layer) == (Severity.INFO, "p1", "entities")
    assert (problem.start, problem.end) == (start, end)
    assert "UTF-16" in problem.message
    assert single(conversion).mentions[0].span == Span(start=start, end=end, text="Budi Santoso")
    assert not conversion.errors


def test_offsets_around_trimmed_text_are_trimmed() -> None:
    start, end = at("Budi Santoso")
    region = labels("p1", "PER", "Budi Santoso")
    region["value"] = {
        "start": start - 1,
        "end": end + 1,
        "text": "Budi Santoso",
        "labels": ["PER"],
    }
    conversion = convert([region])
    problem = only(conversion, ProblemCode.REPAIRED_WHITESPACE)
    assert (problem.severity, problem.start, problem.end) == (Severity.INFO, start, end)
    assert single(conversion).mentions[0].span.text == "Budi Santoso"


def test_whitespace_added_to_the_text_is_trimmed() -> None:
    start, end = at("Budi Santoso")
    region = labels("p1", "PER", "Budi Santoso")
    region["value"] = {"start": start, "end": end, "text": "Budi Santoso ", "labels": ["PER"]}
    conversion = convert([region])
    assert only(conversion, ProblemCode.REPAIRED_WHITESPACE).end == end
    assert single(conversion).mentions[0].span == DOC.span(start, end)


def region_at(rid: str, label: str, start: int, end: int, found: str, *, text: str = TEXT) -> JSON:
    """A region with hand-written offsets, as the browser sends it."""
    control = {"QUOTE": "quote", "CUE": "quote", "SPEAKER": "quote", "CLAIM": "claim"}
    return {
        "id": rid,
        "from_name": control.get(label, "entity"),
        "to_name": "text",
        "type": "labels",
        "origin": "manual",
        "value": {"start": start, "end": end, "text": found, "labels": [label]},
    }


@pytest.mark.parametrize(
    ("label", "start", "end", "found", "trimmed"),
    [
        # a drag past the word takes the comma and the space: "Surabaya, " -> "Surabaya"
        ("GPE", 56, 66, "Surabaya, ", (56, 64)),
        # a drag that starts in the space before the name
        ("PER", 20, 33, " Budi Santoso", (21, 33)),
        # the sentence's full stop goes, the balanced bracket of the date stays
        ("DATE", 66, 83, "Rabu (19/6/2024).", (66, 82)),
        # a claim keeps its punctuation; only the space is noise
        ("CLAIM", 39, 66, "Partai Golkar di Surabaya, ", (39, 65)),
    ],
)
def test_selection_noise_at_the_edges_is_trimmed_with_a_warning(
    label: str, start: int, end: int, found: str, trimmed: tuple[int, int]
) -> None:
    conversion = convert([region_at("r1", label, start, end, found)])
    problem = only(conversion, ProblemCode.TRIMMED_SELECTION)
    assert (problem.severity, problem.region_id) == (Severity.WARNING, "r1")
    assert (problem.start, problem.end) == trimmed
    assert repr(found) in problem.message
    (ad,) = conversion.annotations
    spans = [m.span for m in ad.mentions] + [c.span for c in ad.claims]
    assert spans == [Span(start=trimmed[0], end=trimmed[1], text=TEXT[trimmed[0] : trimmed[1]])]


def test_trimmed_selection_still_checks_the_text() -> None:
    # "Surabaja, " is not what the text holds at [56, 66): an error, never a trim.
    conversion = convert([region_at("g1", "GPE", 56, 66, "Surabaja, ")])
    assert [p.code for p in conversion.problems] == [ProblemCode.TEXT_MISMATCH]
    assert conversion.annotations[0].mentions == []


def test_clean_selections_and_abbreviations_are_not_trimmed() -> None:
    quote = region_at("q1", "QUOTE", 1, 14, "Kami menolak,")  # the guidelines' content
    kind = choice("q1", "quote_kind", "direct", "Kami menolak,")
    cue, per = (
        region_at("c1", "CUE", 16, 20, "kata"),
        region_at("p1", "PER", 21, 33, "Budi Santoso"),
    )
    links = [relation("c1", "q1", "cue_of"), relation("p1", "q1", "speaker_of")]
    assert convert([quote, kind, cue, per, *links]).problems == []
    text = "Lulusan U.S.A. itu tiba di Jl. Merdeka."
    usa = region_at("g1", "GPE", 8, 14, "U.S.A.", text=text)
    street = region_at("f1", "FAC", 27, 39, "Jl. Merdeka.", text=text)
    conversion = convert([usa, street], text=text)
    assert only(conversion, ProblemCode.TRIMMED_SELECTION).region_id == "f1"
    assert [m.span.text for m in single(conversion).mentions] == ["U.S.A.", "Jl. Merdeka"]


# --- offsets: errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "found", "code"),
    [
        (21, 500, "Budi Santoso", ProblemCode.OFFSETS_OUT_OF_RANGE),
        (-1, 5, "Budi Santoso", ProblemCode.OFFSETS_OUT_OF_RANGE),
        (33, 21, "Budi Santoso", ProblemCode.OFFSETS_REVERSED),
        (21, 33, "Budi Santosa", ProblemCode.TEXT_MISMATCH),
        (21, 21, "", ProblemCode.EMPTY_SPAN),
    ],
)
def test_bad_offsets_are_errors_and_the_region_is_left_out(
    start: int, end: int, found: str, code: ProblemCode
) -> None:
    region = labels("p1", "PER", "Budi Santoso")
    region["value"] = {"start": start, "end": end, "text": found, "labels": ["PER"]}
    conversion = convert([region, *quote_regions()[:3], relation("p1", "q1", "speaker_of")])
    problem = only(conversion, code)
    assert problem.severity is Severity.ERROR
    assert (problem.document_id, problem.task_id, problem.annotation_id) == ("berita-001", 77, 3)
    assert (problem.region_id, problem.start, problem.end, problem.layer) == (
        "p1",
        start,
        end,
        "entities",
    )
    assert f"[{start}, {end})" in problem.message
    # the location is printed once: in where(), not again in the message
    located = f"document berita-001, task 77, annotation 3, region p1, [{start}, {end})"
    assert problem.where() == located
    assert "task 77" not in problem.message
    assert "redraw" in problem.fix
    assert region_json(problem) == region
    ad = single(conversion)
    assert ad.mentions == []
    # What hangs on the region is left out with its own problem, never silently.
    dangling = only(conversion, ProblemCode.DANGLING_RELATION)
    assert "'p1'" in dangling.message
    assert "left out" in dangling.message
    assert dangling.layer == "quotes"
    assert ad.quotes[0].speaker is None


def test_text_mismatch_says_expected_and_found() -> None:
    region = labels("p1", "PER", "Budi Santoso")
    region["value"] = {"start": 21, "end": 33, "text": "Partai Golkar", "labels": ["PER"]}
    problem = only(convert([region]), ProblemCode.TEXT_MISMATCH)
    assert "'Partai Golkar'" in problem.message
    assert "'Budi Santoso'" in problem.message


# --- labels and controls -------------------------------------------------------------------------


def test_unknown_label_lists_the_valid_ones() -> None:
    conversion = convert([labels("p1", "PERSON", "Budi Santoso")])
    problem = only(conversion, ProblemCode.UNKNOWN_LABEL)
    assert (problem.severity, problem.region_id, problem.layer) == (
        Severity.ERROR,
        "p1",
        "entities",
    )
    assert "'PERSON'" in problem.message
    assert "PER, ORG, GPE" in problem.message
    assert "Relabel" in problem.fix
    assert single(conversion).mentions == []


def test_unknown_control_lists_the_known_ones() -> None:
    region = labels("p1", "PER", "Budi Santoso", control="ner")
    problem = only(convert([region]), ProblemCode.UNKNOWN_CONTROL)
    assert (problem.severity, problem.region_id) == (Severity.ERROR, "p1")
    assert "'ner'" in problem.message
    assert "check_worthiness, claim, claim_stance, entity, quote, quote_kind" in problem.message
    assert "ControlNames" in problem.fix
    wrong_target = labels("p1", "PER", "Budi Santoso")
    wrong_target["to_name"] = "body"
    assert "'body'" in only(convert([wrong_target]), ProblemCode.UNKNOWN_CONTROL).message


def test_more_than_one_label_on_a_region() -> None:
    region = labels("p1", "PER", "Budi Santoso")
    region["value"] = {"start": 21, "end": 33, "text": "Budi Santoso", "labels": ["PER", "ORG"]}
    conversion = convert([region])
    problem = only(conversion, ProblemCode.MULTIPLE_LABELS)
    assert (problem.severity, problem.region_id) == (Severity.ERROR, "p1")
    assert "['PER', 'ORG']" in problem.message
    assert "exactly one label" in problem.fix
    assert single(conversion).mentions == []


def test_duplicate_region_ids_leave_both_out() -> None:
    twice = [labels("p1", "PER", "Budi Santoso"), labels("p1", "ORG", "Partai Golkar")]
    conversion = convert(twice)
    problems = [p for p in conversion.problems if p.code is ProblemCode.DUPLICATE_REGION_ID]
    assert [(p.severity, p.region_id) for p in problems] == [(Severity.ERROR, "p1")] * 2
    assert "2 regions share the id 'p1'" in problems[0].message
    assert single(conversion).mentions == []


# --- relations -----------------------------------------------------------------------------------


def test_quote_with_cue_and_speaker() -> None:
    conversion = convert(quote_regions())
    ad = single(conversion)
    (quote,) = ad.quotes
    assert quote.cue == DOC.span(*at("kata"))
    assert quote.speaker == MentionRef(mention_id=ad.mentions[0].id)
    assert quote.region_ids == ["q1", "c1"]
    assert conversion.problems == []


def test_relation_to_a_missing_region_dangles() -> None:
    conversion = convert([*quote_regions(), relation("x9", "q1", "speaker_of")])
    problem = only(conversion, ProblemCode.DANGLING_RELATION)
    assert (problem.severity, problem.layer) == (Severity.ERROR, "quotes")
    assert "'x9'" in problem.message
    assert "does not exist" in problem.message
    assert json.loads(problem.details["relation"])["from_id"] == "x9"


def test_speaker_of_drawn_the_wrong_way() -> None:
    result = [*quote_regions()[:4], relation("q1", "p1", "speaker_of")]
    conversion = convert(result)
    problem = only(conversion, ProblemCode.WRONG_RELATION)
    assert (problem.severity, problem.layer) == (Severity.ERROR, "quotes")
    assert "must go from SPEAKER or entity to QUOTE" in problem.message
    assert "direction" in problem.fix
    assert single(conversion).quotes[0].speaker is None


def test_left_direction_is_read_as_the_arrow_points() -> None:
    result = [*quote_regions()[:4], relation("q1", "p1", "speaker_of", direction="left")]
    conversion = convert(result)
    assert single(conversion).quotes[0].speaker is not None
    assert not conversion.errors


def test_a_date_cannot_speak() -> None:
    result = [
        *quote_regions()[:3],
        labels("d1", "DATE", "Rabu"),
        relation("d1", "q1", "speaker_of"),
    ]
    problem = only(convert(result), ProblemCode.WRONG_RELATION)
    assert "DATE" in problem.message
    assert "Link the person" in problem.fix


def test_a_second_speaker_is_reported_and_the_first_kept() -> None:
    result = [*quote_regions(), labels("o1", "ORG", "Partai Golkar")]
    conversion = convert([*result, relation("o1", "q1", "speaker_of")])
    problem = only(conversion, ProblemCode.WRONG_RELATION)
    assert "second speaker_of" in problem.message
    ad = single(conversion)
    assert ad.quotes[0].speaker == MentionRef(mention_id=ad.mentions[0].id)


def test_unlabelled_relation_is_inferred_from_its_regions() -> None:
    result = [*quote_regions()[:5], relation("p1", "q1")]
    conversion = convert(result)
    problem = only(conversion, ProblemCode.UNLABELLED_RELATION)
    assert (problem.severity, problem.layer) == (Severity.WARNING, "quotes")
    assert "speaker_of" in problem.message
    assert single(conversion).quotes[0].speaker is not None


def test_cue_without_cue_of_is_left_out_with_a_warning() -> None:
    conversion = convert([r for r in quote_regions() if r.get("labels") != ["cue_of"]])
    problem = only(conversion, ProblemCode.UNLINKED_REGION)
    assert (problem.severity, problem.region_id, problem.layer) == (
        Severity.WARNING,
        "c1",
        "quotes",
    )
    assert "cue_of" in problem.fix
    assert single(conversion).quotes[0].cue is None


def test_speaker_span_pronoun_refers_to_a_mention() -> None:
    text = "Budi Santoso hadir. “Kami menolak,” katanya."
    result = [
        labels("p1", "PER", "Budi Santoso", text=text),
        labels("q1", "QUOTE", "Kami menolak,", control="quote", text=text),
        labels("s1", "SPEAKER", "nya", control="quote", text=text),
        relation("s1", "q1", "speaker_of"),
        relation("s1", "p1", "refers_to"),
    ]
    ad = single(convert(result, text=text))
    speaker = ad.quotes[0].speaker
    assert isinstance(speaker, SpanRef)
    assert (speaker.type, speaker.span.text, speaker.refers_to) == ("pronoun", "nya", "m-p1")
    assert ad.quotes[0].region_ids == ["q1", "s1"]


# --- choices -----------------------------------------------------------------------------------


def claim_regions() -> list[JSON]:
    return [
        labels("k1", "CLAIM", "Kami menolak", control="claim"),
        labels("p1", "PER", "Budi Santoso"),
        relation("p1", "k1", "claimant_of"),
    ]


def test_claim_choices() -> None:
    result = [
        *claim_regions(),
        choice("k1", "claim_stance", "denies", "Kami menolak"),
        choice("k1", "check_worthiness", "not_check_worthy", "Kami menolak"),
    ]
    conversion = convert(result)
    (claim,) = single(conversion).claims
    assert (claim.stance, claim.check_worthiness) == (
        Stance.DENIES,
        CheckWorthiness.NOT_CHECK_WORTHY,
    )
    assert conversion.problems == []


def test_missing_choices_get_documented_defaults() -> None:
    conversion = convert(claim_regions())
    (claim,) = single(conversion).claims
    assert (claim.stance, claim.check_worthiness) == (Stance.ASSERTS, CheckWorthiness.CHECK_WORTHY)
    problems = [p for p in conversion.problems if p.code is ProblemCode.MISSING_CHOICE]
    assert [(p.severity, p.region_id, p.layer) for p in problems] == [
        (Severity.WARNING, "k1", "claims")
    ] * 2
    assert "'asserts'" in problems[0].message
    assert "choose" in problems[0].fix


def test_missing_quote_kind_is_inferred_from_the_quotation_marks() -> None:
    text = "Budi mengatakan bahwa partainya menolak."
    result = [labels("q1", "QUOTE", "partainya menolak", control="quote", text=text)]
    conversion = convert(result, text=text)
    assert single(conversion).quotes[0].kind is QuoteKind.INDIRECT
    assert "'indirect'" in only(conversion, ProblemCode.MISSING_CHOICE).message
    direct = convert(quote_regions()[:1] + quote_regions()[2:])
    assert single(direct).quotes[0].kind is QuoteKind.DIRECT


def test_choice_without_its_region_is_an_orphan() -> None:
    conversion = convert([*claim_regions(), choice("zz", "claim_stance", "denies", "Kami menolak")])
    problem = only(conversion, ProblemCode.ORPHAN_CHOICE)
    assert (problem.severity, problem.region_id, problem.layer) == (
        Severity.ERROR,
        "zz",
        "claims",
    )
    assert "no region 'zz'" in problem.message


def test_choice_on_the_wrong_kind_of_region_is_an_orphan() -> None:
    conversion = convert(
        [*quote_regions(), choice("q1", "claim_stance", "denies", "Kami menolak,")]
    )
    problem = only(conversion, ProblemCode.ORPHAN_CHOICE)
    assert "QUOTE region" in problem.message


def test_unknown_choice_value() -> None:
    result = [*claim_regions(), choice("k1", "claim_stance", "maybe", "Kami menolak")]
    problem = only(convert(result), ProblemCode.UNKNOWN_LABEL)
    assert "asserts, denies, hedges" in problem.message


# --- missing links and cancelled work -----------------------------------------------------------


def test_quote_without_speaker_and_claim_without_claimant_are_warnings() -> None:
    result = [
        *quote_regions()[:3],
        relation("c1", "q1", "cue_of"),
        labels("k1", "CLAIM", "Kami menolak", control="claim"),
    ]
    conversion = convert(result)
    quote = only(conversion, ProblemCode.QUOTE_WITHOUT_SPEAKER)
    claim = only(conversion, ProblemCode.CLAIM_WITHOUT_CLAIMANT)
    assert (quote.severity, quote.region_id, quote.layer) == (Severity.WARNING, "q1", "quotes")
    assert (claim.severity, claim.region_id, claim.layer) == (Severity.WARNING, "k1", "claims")
    assert "speaker_of" in quote.fix
    assert "claimant_of" in claim.fix


def test_cancelled_annotation_is_converted_and_flagged() -> None:
    conversion = convert(quote_regions(), was_cancelled=True)
    problem = only(conversion, ProblemCode.CANCELLED_ANNOTATION)
    assert (problem.severity, problem.annotation_id) == (Severity.INFO, 3)
    ref = single(conversion).label_studio
    assert ref is not None
    assert ref.was_cancelled


def test_completed_by_object_never_leaks_the_email() -> None:
    user: JSON = {"id": 5, "email": "budi@contoh.id", "first_name": "Budi"}
    conversion = convert(quote_regions(), completed_by=user)
    source = single(conversion).source
    assert source == HumanSource(annotator=annotator_pseudonym(5))
    assert "budi" not in single(conversion).model_dump_json()


# --- malformed JSON ------------------------------------------------------------------------------


def test_task_without_data_is_a_missing_key() -> None:
    conversion = task_to_annotated({"id": 1, "annotations": []})
    problem = only(conversion, ProblemCode.MISSING_KEY)
    assert (problem.severity, problem.task_id) == (Severity.ERROR, 1)
    assert "'data'" in problem.message
    assert conversion.annotations == []


def test_wrong_json_types_are_problems_not_crashes() -> None:
    bad_region = labels("p1", "PER", "Budi Santoso")
    bad_region["value"] = {"start": "21", "end": 33, "text": "Budi Santoso", "labels": ["PER"]}
    conversion = convert([bad_region, "not an object", {"type": "relation", "from_id": 3}])
    problems = [p for p in conversion.problems if p.code is ProblemCode.MALFORMED_JSON]
    assert len(problems) == 3
    messages = " | ".join(p.message for p in problems)
    assert "result[1] is 'not an object', expected an object" in messages
    assert "'start' is '21', expected an integer" in messages
    assert "'from_id' is 3, expected a string" in messages
    assert all(p.severity is Severity.ERROR and p.fix for p in problems)
    assert only(conversion, ProblemCode.MISSING_KEY).message.endswith(
        "relation has no 'to_id' (expected a string); it cannot be converted."
    )
    assert single(conversion).mentions == []


def test_result_that_is_not_a_list() -> None:
    conversion = task_to_annotated(
        {"id": 1, "data": {"text": TEXT, "doc_id": "berita-001"}, "annotations": [{"result": {}}]}
    )
    assert only(conversion, ProblemCode.MALFORMED_JSON).severity is Severity.ERROR
    assert conversion.annotations == []


def test_invalid_doc_id_is_reported() -> None:
    conversion = task_to_annotated({"id": 1, "data": {"text": TEXT, "doc_id": "berita 1/2"}})
    assert "annot document id" in only(conversion, ProblemCode.MALFORMED_JSON).message


def test_task_text_must_be_the_given_documents() -> None:
    changed = task([], text=TEXT.replace("Rabu", "Kamis"))
    conversion = task_to_annotated(changed, document=DOC)
    problem = only(conversion, ProblemCode.DOCUMENT_CHANGED)
    assert problem.severity is Severity.ERROR
    assert conversion.annotations == []
    same = task_to_annotated(task(quote_regions()), document=DOC)
    assert single(same).document == DOC
