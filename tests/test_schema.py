"""The typed schema: spans, documents, layers, cross-references, taxonomy."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from annot.errors import (
    CrossReferenceError,
    SchemaVersionError,
    SpanError,
    SpanMismatchError,
    SpanRangeError,
    TaxonomyError,
)
from annot.schema import (
    AdjudicatedSource,
    AnnotatedDocument,
    CanonicalEntity,
    CheckWorthiness,
    Claim,
    Document,
    HumanSource,
    LabelSet,
    LabelStudioRef,
    Mention,
    MentionRef,
    PreannotatorSource,
    Published,
    Quote,
    QuoteKind,
    QuoteRef,
    Segment,
    SegmentRole,
    Span,
    SpanRef,
    Stance,
)
from annot.schema.taxonomy import (
    ENTITY_LABELS,
    EntityLabel,
    label_names,
    map_label,
    parse_entity_label,
)

TEXT = "“Kami menolak,” kata Budi Santoso dari Partai Golkar di Surabaya, Rabu (19/6/2024). 🙂"
DOC = Document(id="berita-001", text=TEXT, title="Golkar menolak", source="contoh.id")
HUMAN = HumanSource(annotator="ann-7f3a")


def find(needle: str, text: str = TEXT) -> Span:
    start = text.index(needle)
    return Span.at(text, start, start + len(needle))


def annotated(**layers: object) -> AnnotatedDocument:
    return AnnotatedDocument.model_validate({"document": DOC, "source": HUMAN, **layers})


def budi() -> Mention:
    return Mention(id="m-budi", span=find("Budi Santoso"), label=EntityLabel.PER)


# --- spans ---------------------------------------------------------------------------------

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)


@st.composite
def text_and_offsets(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(texts)
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return text, start, end


@given(text_and_offsets())
def test_span_at_slices_and_round_trips(case: tuple[str, int, int]) -> None:
    text, start, end = case
    span = Span.at(text, start, end)
    assert text[span.start : span.end] == span.text
    assert Span.model_validate_json(span.model_dump_json(), context={"text": text}) == span
    assert Span.model_validate(span.model_dump()) == span


@given(text_and_offsets(), texts)
def test_span_against_other_text_fails_unless_equal(
    case: tuple[str, int, int], claimed: str
) -> None:
    text, start, end = case
    data = {"start": start, "end": end, "text": claimed}
    if text[start:end] == claimed:
        assert Span.model_validate(data, context={"text": text}).text == claimed
    else:
        with pytest.raises(SpanError):
            Span.model_validate(data, context={"text": text, "document_id": "d"})


def test_span_mismatch_names_document_offsets_expected_and_found() -> None:
    with pytest.raises(SpanMismatchError) as caught:
        Span.model_validate(
            {"start": 21, "end": 33, "text": "Budi Santosa"},
            context={"text": TEXT, "document_id": "berita-001"},
        )
    error = caught.value
    assert (error.document_id, error.start, error.end) == ("berita-001", 21, 33)
    assert (error.expected, error.found) == ("Budi Santoso", "Budi Santosa")
    assert "berita-001" in str(error)
    assert "[21, 33)" in str(error)
    assert "'Budi Santoso'" in str(error)
    assert "Span.at" in str(error)  # says how to fix


def test_span_past_the_end_is_a_range_error() -> None:
    with pytest.raises(SpanRangeError) as caught:
        Span.at("Jakarta", 3, 99, document_id="d9")
    assert caught.value.text_length == 7
    assert "d9" in str(caught.value)
    assert "length 7" in str(caught.value)


def test_span_whose_text_length_disagrees_with_offsets_is_refused_without_a_document() -> None:
    with pytest.raises(SpanError, match="covers 3 code points"):
        Span(start=0, end=3, text="Jakarta")


def test_span_reversed_offsets_refused() -> None:
    with pytest.raises(SpanError):
        Span(start=5, end=2, text="")


def test_span_offsets_are_code_points_not_utf16() -> None:
    text = "🙂 “Kami”"
    span = find("Kami", text)
    assert (span.start, span.end) == (3, 7)  # UTF-16 would say (4, 8)
    with pytest.raises(SpanMismatchError):
        Span.model_validate({"start": 4, "end": 8, "text": "Kami"}, context={"text": text})


def test_strict_types_refuse_coercion() -> None:
    with pytest.raises(ValidationError):
        Span.model_validate({"start": "1", "end": 2, "text": "a"})


# --- documents ------------------------------------------------------------------------------


def test_document_segments_map_text_back_to_raw() -> None:
    raw = "Judul\n\nOleh: Ani\nIsi berita."
    doc = Document(
        id="d1",
        text="Judul\n\nIsi berita.",
        segments=[
            Segment(role=SegmentRole.TITLE, raw_start=0, raw_end=5, text_start=0, text_end=5),
            Segment(role=SegmentRole.BYLINE, raw_start=7, raw_end=16),
            Segment(role=SegmentRole.BODY, raw_start=17, raw_end=28, text_start=7, text_end=18),
        ],
    )
    assert [p.text for p in doc.paragraphs()] == ["Judul", "Isi berita."]
    assert [raw[s.raw_start : s.raw_end] for s in doc.noise()] == ["Oleh: Ani"]
    assert raw[doc.to_raw_offset(7)] == "I"
    assert Document.model_validate_json(doc.model_dump_json()) == doc


def test_noise_segment_with_text_offsets_is_refused() -> None:
    with pytest.raises(ValidationError, match="annotatable roles"):
        Segment(role=SegmentRole.CAPTION, raw_start=0, raw_end=4, text_start=0, text_end=4)


def test_published_as_datetime_uses_the_indonesian_zone() -> None:
    published = Published.model_validate_json(
        '{"date": "2024-06-26", "time": "15:41:00", "timezone": "WIB",'
        ' "text": "Rabu, 26 Juni 2024 | 15:41 WIB", "source": "dateline"}'
    )
    moment = published.as_datetime()
    assert moment is not None
    assert moment.isoformat() == "2024-06-26T15:41:00+07:00"


def test_content_hash_changes_with_text() -> None:
    assert DOC.content_sha256 != DOC.model_copy(update={"text": TEXT + "!"}).content_sha256


# --- annotated documents ----------------------------------------------------------------------


def full_example() -> AnnotatedDocument:
    return annotated(
        entities=[
            CanonicalEntity(
                id="e-budi", name="Budi Santoso", label=EntityLabel.PER, aliases=["Budi"]
            )
        ],
        mentions=[
            budi().model_copy(update={"entity_id": "e-budi"}),
            Mention(id="m-golkar", span=find("Partai Golkar"), label=EntityLabel.ORG),
            Mention(id="m-sby", span=find("Surabaya"), label=EntityLabel.GPE),
            Mention(id="m-date", span=find("Rabu (19/6/2024)"), label=EntityLabel.DATE),
        ],
        quotes=[
            Quote(
                id="q1",
                content=find("Kami menolak,"),
                cue=find("kata"),
                speaker=MentionRef(mention_id="m-budi"),
                kind=QuoteKind.DIRECT,
                region_ids=["a_q1", "a_c1"],
            )
        ],
        claims=[
            Claim(
                id="c1",
                span=find("Kami menolak"),
                claimant=QuoteRef(quote_id="q1"),
                stance=Stance.ASSERTS,
                check_worthiness=CheckWorthiness.NOT_CHECK_WORTHY,
                provenance=PreannotatorSource(name="rules", version="0.1.0", score=0.5),
            )
        ],
        label_studio=LabelStudioRef(task_id=1001, annotation_id=1, lead_time=12.5),
    )


def test_annotated_document_json_round_trip_is_lossless() -> None:
    example = full_example()
    dumped = example.model_dump_json()
    again = AnnotatedDocument.model_validate_json(dumped)
    assert again == example
    assert again.model_dump_json() == dumped
    assert AnnotatedDocument.model_validate(example.model_dump()) == example


def test_every_span_of_an_annotated_document_is_listed() -> None:
    roles = [(item, role) for item, role, _ in full_example().spans()]
    assert ("q1", "content") in roles
    assert ("q1", "cue") in roles
    assert ("c1", "claim") in roles
    assert len(roles) == 7


def test_shifted_span_in_a_document_names_the_document() -> None:
    data = json.loads(full_example().model_dump_json())
    data["mentions"][0]["span"]["start"] += 1
    data["mentions"][0]["span"]["end"] += 1
    with pytest.raises(SpanMismatchError) as caught:
        AnnotatedDocument.model_validate_json(json.dumps(data))
    assert caught.value.document_id == "berita-001"
    assert caught.value.found == "Budi Santoso"
    assert caught.value.expected == "udi Santoso "


def test_missing_speaker_mention_is_a_cross_reference_error() -> None:
    quote = Quote(
        id="q1",
        content=find("Kami menolak,"),
        speaker=MentionRef(mention_id="m-x"),
        kind=QuoteKind.DIRECT,
    )
    with pytest.raises(CrossReferenceError) as caught:
        annotated(mentions=[budi()], quotes=[quote])
    error = caught.value
    assert (error.document_id, error.item_id, error.ref) == ("berita-001", "q1", "m-x")
    assert "does not exist" in str(error)
    assert "'m-budi'" in str(error)  # lists what exists


def test_speaker_must_be_a_plausible_type() -> None:
    date = Mention(id="m-date", span=find("Rabu (19/6/2024)"), label=EntityLabel.DATE)
    quote = Quote(
        id="q1",
        content=find("Kami menolak,"),
        speaker=MentionRef(mention_id="m-date"),
        kind=QuoteKind.DIRECT,
    )
    with pytest.raises(CrossReferenceError, match="labelled DATE, which cannot speak") as caught:
        annotated(mentions=[date], quotes=[quote])
    assert "GPE" in str(caught.value)
    assert "NORP" in str(caught.value)
    assert "ORG" in str(caught.value)
    assert "PER" in str(caught.value)


def test_pronoun_speaker_refers_to_a_plausible_mention() -> None:
    text = "“Kami siap,” ujarnya. Budi hadir."
    doc = Document(id="d2", text=text)
    quote = Quote(
        id="q1",
        content=find("Kami siap,", text),
        cue=find("ujar", text),
        speaker=SpanRef(type="pronoun", span=find("nya", text), refers_to="m1"),
        kind=QuoteKind.DIRECT,
    )
    good = AnnotatedDocument(
        document=doc,
        source=HUMAN,
        mentions=[Mention(id="m1", span=find("Budi", text), label=EntityLabel.PER)],
        quotes=[quote],
    )
    assert AnnotatedDocument.model_validate_json(good.model_dump_json()) == good
    with pytest.raises(CrossReferenceError, match=r"does not exist"):
        AnnotatedDocument(document=doc, source=HUMAN, quotes=[quote])


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(CrossReferenceError, match="used twice") as caught:
        annotated(mentions=[budi(), budi()])
    assert caught.value.item_id == "m-budi"


def test_claimant_quote_must_exist() -> None:
    claim = Claim(
        id="c1",
        span=find("Kami menolak"),
        claimant=QuoteRef(quote_id="q404"),
        check_worthiness=CheckWorthiness.CHECK_WORTHY,
    )
    with pytest.raises(CrossReferenceError, match="q404"):
        annotated(claims=[claim])


def test_entity_link_must_exist() -> None:
    with pytest.raises(CrossReferenceError, match="e-none"):
        annotated(mentions=[budi().model_copy(update={"entity_id": "e-none"})])


def test_schema_version_mismatch_is_refused() -> None:
    data = json.loads(full_example().model_dump_json())
    data["schema_version"] = "0.9"
    with pytest.raises(SchemaVersionError) as caught:
        AnnotatedDocument.model_validate_json(json.dumps(data))
    assert (caught.value.found, caught.value.where) == ("0.9", "document 'berita-001'")


def test_annotator_pseudonym_is_never_an_email() -> None:
    with pytest.raises(ValidationError, match="pseudonym"):
        HumanSource(annotator="budi@example.com")


def test_unknown_fields_are_refused() -> None:
    data = json.loads(full_example().model_dump_json())
    data["mentions"][0]["colour"] = "red"
    with pytest.raises(ValidationError, match="colour"):
        AnnotatedDocument.model_validate_json(json.dumps(data))


def test_unknown_label_lists_the_valid_ones() -> None:
    with pytest.raises(ValidationError, match="'PER'"):
        Mention.model_validate({"id": "m", "span": find("Budi"), "label": "PERSON"})
    with pytest.raises(TaxonomyError) as caught:
        parse_entity_label("PERSON")
    assert "PER" in caught.value.valid
    assert "valid: PER, ORG" in str(caught.value)


def test_adjudicated_provenance_round_trips() -> None:
    source = AdjudicatedSource(policy="majority:2/3", annotators=["ann-1", "ann-2"])
    mention = budi().model_copy(update={"provenance": source})
    again = Mention.model_validate_json(mention.model_dump_json())
    assert again.provenance == source


# --- generated annotated documents round-trip --------------------------------------------------


@st.composite
def annotated_documents(draw: st.DrawFn) -> AnnotatedDocument:
    word = st.text(alphabet="abcdeKAS“”-nya🙂", min_size=1, max_size=8)
    words = draw(st.lists(word, max_size=12))
    text = " ".join(words)
    doc = Document(id="gen", text=text)

    def span() -> Span:
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        return Span.at(text, start, end)

    mentions = [
        Mention(id=f"m{i}", span=span(), label=draw(st.sampled_from(list(EntityLabel))))
        for i in range(draw(st.integers(0, 4)))
    ]
    speakers = [m.id for m in mentions if m.label in {EntityLabel.PER, EntityLabel.ORG}]
    quotes = [
        Quote(
            id=f"q{i}",
            content=span(),
            cue=draw(st.none() | st.just(span())),
            speaker=MentionRef(mention_id=draw(st.sampled_from(speakers))) if speakers else None,
            kind=draw(st.sampled_from(list(QuoteKind))),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    claims = [
        Claim(
            id=f"c{i}",
            span=span(),
            claimant=QuoteRef(quote_id=quotes[0].id) if quotes else None,
            stance=draw(st.sampled_from(list(Stance))),
            check_worthiness=draw(st.sampled_from(list(CheckWorthiness))),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    return AnnotatedDocument(
        document=doc, source=HUMAN, mentions=mentions, quotes=quotes, claims=claims
    )


@given(annotated_documents())
def test_generated_annotated_documents_round_trip(example: AnnotatedDocument) -> None:
    again = AnnotatedDocument.model_validate_json(example.model_dump_json())
    assert again == example
    for _, _, span in again.spans():
        assert example.document.text[span.start : span.end] == span.text


# --- taxonomy ---------------------------------------------------------------------------------


def test_label_mappings_to_existing_indonesian_datasets() -> None:
    assert label_names(LabelSet.NERGRIT) == ["PERSON", "ORGANISATION", "PLACE"]
    indolem = ["PERSON", "ORGANIZATION", "LOCATION", "TIME", "QUANTITY"]
    assert label_names(LabelSet.INDOLEM) == indolem
    assert map_label(EntityLabel.GPE, LabelSet.NERGRIT) == "PLACE"
    assert map_label(EntityLabel.DATE, LabelSet.INDOLEM) == "TIME"
    assert map_label(EntityLabel.WEAPON, LabelSet.INDOLEM) is None
    assert label_names(LabelSet.ANNOT) == [label.value for label in EntityLabel]


def test_every_label_has_a_definition_examples_and_a_unique_hotkey() -> None:
    hotkeys = [info.hotkey for info in ENTITY_LABELS.values()]
    assert len(set(hotkeys)) == len(hotkeys)
    for label, info in ENTITY_LABELS.items():
        assert info.name == label.value
        assert info.definition
        assert info.examples
        assert all("[" in example for example in info.examples), label


def test_schema_imports_with_pydantic_alone() -> None:
    # Make the heavy packages unimportable, then import the schema library.
    code = textwrap.dedent(
        """
        import sys
        for name in ("datasets", "label_studio_sdk", "pyarrow", "jsonlines", "typer"):
            sys.modules[name] = None
        import annot.schema
        from annot.schema import AnnotatedDocument
        heavy = [m for m in sys.modules if m.split(".")[0] in {"datasets", "label_studio_sdk"}
                 and sys.modules[m] is not None]
        assert not heavy, heavy
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


#: Packages of the extras; the light core must work with none of them importable.
HEAVY = (
    "datasets",
    "pyarrow",
    "label_studio_sdk",
    "label_studio",
    "httpx",
    "jsonlines",
    "ijson",
    "sklearn",
    "matplotlib",
    "krippendorff",
    "transformers",
    "torch",
    "spacy",
    "huggingface_hub",
)


def run_light(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter in which every package of an extra is blocked."""
    blocker = f"import sys\nfor name in {HEAVY!r}:\n    sys.modules[name] = None\n"
    return subprocess.run(
        [sys.executable, "-c", blocker + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_light_core_imports_and_cli_help_work_without_the_extras() -> None:
    result = run_light(
        """
        import annot.schema, annot.ingest, annot.tokenize, annot.preannotate
        from annot.artifacts import packaged_json_schema
        from annot.schema import Mention, Span
        assert packaged_json_schema("Mention")["title"] == "Mention"
        Mention(id="m1", span=Span(start=0, end=4, text="Budi"), label="PER")
        heavy = [m for m in sys.modules if sys.modules[m] is not None
                 and m.split(".")[0] in {"datasets", "label_studio_sdk", "sklearn", "matplotlib"}]
        assert not heavy, heavy
        from annot.cli import main
        sys.argv = ["annot", "--help"]
        try:
            main()
        except SystemExit as exit:
            assert exit.code in (0, None), exit.code
        """
    )
    assert result.returncode == 0, result.stderr
    assert "export" in result.stdout
    assert "ingest" in result.stdout


def test_a_command_without_its_extra_names_the_extra() -> None:
    result = run_light(
        """
        from annot.cli import main
        sys.argv = ["annot", "export", "gold.jsonl", "--name", "x"]
        main()
        """
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "pip install 'annot[export]'" in result.stderr
    assert "'datasets'" in result.stderr


def test_importing_an_extra_package_without_it_is_a_clear_import_error() -> None:
    result = run_light(
        """
        from annot.extras import MissingExtraError
        try:
            import annot.export
        except MissingExtraError as error:
            assert isinstance(error, ImportError)
            assert error.extra == "export"
            print(error)
        """
    )
    assert result.returncode == 0, result.stderr
    assert "pip install 'annot[export]'" in result.stdout


def test_string_literals_list_exactly_the_enum_values() -> None:
    from typing import get_args

    from annot.schema import taxonomy

    pairs = [
        (taxonomy.EntityLabelName, taxonomy.EntityLabel),
        (taxonomy.QuoteKindName, taxonomy.QuoteKind),
        (taxonomy.StanceName, taxonomy.Stance),
        (taxonomy.CheckWorthinessName, taxonomy.CheckWorthiness),
    ]
    for literal, enum in pairs:
        assert list(get_args(literal)) == [member.value for member in enum]


def test_string_labels_become_enum_members_and_typos_are_refused() -> None:
    mention = Mention(id="m1", span=Span(start=0, end=4, text="Budi"), label="PER")
    assert mention.label is EntityLabel.PER
    with pytest.raises(ValidationError):
        Mention(id="m1", span=Span(start=0, end=4, text="Budi"), label="PERSON")  # type: ignore[arg-type]
