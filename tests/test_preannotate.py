"""Pre-annotators, the gold seed corpus and the held-out passages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annot.evaluate import evaluate
from annot.ingest import ingest_dir
from annot.labelstudio.convert import annotated_to_prediction, annotated_to_result
from annot.preannotate import (
    GoldError,
    PreannotateError,
    load_gold_dir,
    preannotate,
    preannotate_file,
    read_annotated_jsonl,
)
from annot.preannotate.entities import find_dates, find_quantities
from annot.preannotate.gold import GoldSpec, dump_annotated_jsonl, resolve_gold
from annot.schema import AnnotatedDocument, Document, EntityLabel, MentionRef, SpanRef

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
GOLD = RAW / "gold"
HELDOUT = Path(__file__).resolve().parent / "data" / "heldout"


@pytest.fixture(scope="module")
def seed_gold() -> list[AnnotatedDocument]:
    return load_gold_dir(GOLD, RAW)


def test_gold_jsonl_is_reproducible(seed_gold: list[AnnotatedDocument]) -> None:
    written = (GOLD / "gold.jsonl").read_text(encoding="utf-8")
    assert dump_annotated_jsonl(seed_gold) == written, (
        "raw/gold/gold.jsonl is stale: rewrite it with "
        "write_annotated_jsonl(load_gold_dir(Path('raw/gold')), Path('raw/gold/gold.jsonl'))"
    )
    assert [ad.document.id for ad in seed_gold] == [d.id for d in ingest_dir(RAW)]


def test_gold_validates_and_round_trips(seed_gold: list[AnnotatedDocument]) -> None:
    reread = read_annotated_jsonl(GOLD / "gold.jsonl")
    assert reread == seed_gold
    for ad in seed_gold:
        assert ad.mentions, ad.document.id
        assert ad.quotes, ad.document.id
        assert ad.claims, ad.document.id


def test_gold_converts_to_label_studio(seed_gold: list[AnnotatedDocument]) -> None:
    for ad in seed_gold:
        result = annotated_to_result(ad, origin="manual")
        regions = [r for r in result if r.get("type") == "labels"]
        assert len(regions) >= len(ad.mentions) + len(ad.quotes) + len(ad.claims)
        assert all(r["origin"] == "manual" for r in regions)


def test_heldout_gold_loads() -> None:
    heldout = load_gold_dir(HELDOUT)
    assert 8 <= len(heldout) <= 12
    assert all(ad.quotes and ad.mentions for ad in heldout)


def test_gold_error_names_document_text_and_nth() -> None:
    doc = Document(id="d1", text="Korut dan Korut.")
    missing = GoldSpec.model_validate({"id": "d1", "quotes": [{"id": "q1", "content": "AS"}]})
    with pytest.raises(GoldError, match="not found") as info:
        resolve_gold(missing, doc)
    assert (info.value.document_id, info.value.text) == ("d1", "AS")
    ambiguous = GoldSpec.model_validate({"id": "d1", "claims": [{"span": "Korut"}]})
    with pytest.raises(GoldError, match="occurs 2 times"):
        resolve_gold(ambiguous, doc)
    too_far = GoldSpec.model_validate(
        {"id": "d1", "claims": [{"span": {"text": "Korut", "nth": 3}}]}
    )
    with pytest.raises(GoldError, match="only 2") as info:
        resolve_gold(too_far, doc)
    assert info.value.nth == 3


def test_direct_quote_with_clitic_speaker() -> None:
    text = (
        "Menteri Luar Negeri AS Antony Blinken tiba di Seoul. "
        "“Kami tidak akan mundur,” katanya kepada wartawan."
    )
    ad = preannotate(Document(id="t1", text=text))
    (quote,) = ad.quotes
    assert quote.content.text == "Kami tidak akan mundur"
    assert quote.cue is not None
    assert quote.cue.text == "kata"
    assert isinstance(quote.speaker, SpanRef)
    assert quote.speaker.span.text == "nya"
    referent = {m.id: m.span.text for m in ad.mentions}[quote.speaker.refers_to or ""]
    assert referent == "Antony Blinken"


def test_indirect_quote_and_claim() -> None:
    text = "Departemen Luar Negeri AS mengatakan, Korut telah mentransfer puluhan rudal balistik."
    ad = preannotate(Document(id="t2", text=text))
    (quote,) = ad.quotes
    assert quote.content.text == "Korut telah mentransfer puluhan rudal balistik"
    assert isinstance(quote.speaker, MentionRef)
    labels = {m.span.text: m.label for m in ad.mentions}
    assert labels["puluhan rudal balistik"] is EntityLabel.QUANTITY
    assert [c.span.text for c in ad.claims] == [quote.content.text]


def test_denial_stance() -> None:
    ad = preannotate(Document(id="t3", text="Rusia membantah tuduhan tersebut."))
    assert [(c.span.text, c.stance.value) for c in ad.claims] == [("tuduhan tersebut", "denies")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pada Kamis (14/9/2023) pagi", "Kamis (14/9/2023)"),
        ("Rabu, 26 Juni 2024 | 15:41", "Rabu, 26 Juni 2024"),
        ("sejak Februari 2022.", "Februari 2022"),
        ("dalam beberapa bulan terakhir.", "beberapa bulan terakhir"),
    ],
)
def test_dates(text: str, expected: str) -> None:
    assert expected in [text[s:e] for s, e in find_dates(text)]


_D, _T = EntityLabel.DATE, EntityLabel.TIME


@pytest.mark.parametrize(
    ("text", "label", "spans"),
    [
        ("Sidang perdana digelar pada 15 Jan 2016 di Jakarta.", _D, ["15 Jan 2016"]),
        ("Tarif baru berlaku mulai 1 Feb 2025, kata petugas.", _D, ["1 Feb 2025"]),
        ("Senin (15/1/2016), polisi memeriksa tiga saksi.", _D, ["Senin (15/1/2016)"]),
        ("Harga cabai naik sejak Agustus 2024.", _D, ["Agustus 2024"]),
        ("Pada 15 Agustus 2024 gudang itu terbakar.", _D, ["15 Agustus 2024"]),
        ("Rabu, 14 Agt. 2024 | 10:05 WIB", _D, ["Rabu, 14 Agt. 2024"]),
        ("Wed, 14 Aug 2024 10:05 WIB", _D, ["Wed, 14 Aug 2024"]),
        ("Laporan itu terbit 5 Okt 2020 dan diperbarui 3 Dec 2021.", _D,
         ["5 Okt 2020", "3 Dec 2021"]),
        ("Diterbitkan August 14, 2024 oleh redaksi.", _D, ["August 14, 2024"]),
        ("Jumat, 5 Juli 2024 lalu, warga berkumpul.", _D, ["Jumat, 5 Juli 2024"]),
        ("Kontrak diteken pada Sept 2023 di Surabaya.", _D, ["Sept 2023"]),
        ("Pada 3 Mei ia pulang ke Medan.", _D, ["3 Mei"]),
        ("Jan Ethes tiba di Solo.", _D, []),
        ("Ia menjabat sejak May, kata Budi.", _D, []),
        ("Minggu (6/4/2025) malam polisi menutup jalan.", _T, ["malam"]),
        ("Kalau malam, jalan itu gelap, ujar Sari.", _T, ["malam"]),
        ("Kebakaran terjadi dini hari, sekitar pukul 02.30 WIB.", _T,
         ["dini hari", "pukul 02.30 WIB"]),
        ("Mereka makan malam bersama di rumah dinas.", _T, []),
        ("Pemerintah memberlakukan jam malam di kota itu.", _T, []),
    ],
)  # fmt: skip
def test_full_dates_and_parts_of_the_day_are_one_span(
    text: str, label: EntityLabel, spans: list[str]
) -> None:
    ad = preannotate(Document(id="d", text=text))
    assert [m.span.text for m in ad.mentions if m.label is label] == spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lebih dari 11.000 kontainer amunisi untuk", "lebih dari 11.000 kontainer amunisi"),
        ("puluhan rudal balistik dan", "puluhan rudal balistik"),
        ("sejauh 129 kilometer dari", "129 kilometer"),
        ("1.000 kontainer peralatan militer dan amunisi ke", "1.000 kontainer peralatan militer dan"
         " amunisi"),
        ("menimbun 40 ton beras di gudang", "40 ton beras"),
        ("Sebanyak 50.000 tentara Wagner bertempur", "Sebanyak 50.000 tentara"),
        ("3 truk bantuan dikirim", "3 truk bantuan"),
    ],
)  # fmt: skip
def test_quantities(text: str, expected: str) -> None:
    assert [text[s:e] for s, e in find_quantities(text)] == [expected]


def test_predictions_convert_for_push() -> None:
    for doc in ingest_dir(RAW):
        prediction = annotated_to_prediction(preannotate(doc))
        assert prediction["model_version"] == "annot-rules@0.1.0"
        assert isinstance(prediction["result"], list)
        assert prediction["result"]
        assert 0.0 <= float(str(prediction["score"])) <= 1.0


def test_preannotate_file_from_jsonl_and_raw(tmp_path: Path) -> None:
    source = tmp_path / "docs.jsonl"
    line = {"id": "x1", "text": "“Kami siap,” ujar dia. Putin tiba di Pyongyang."}
    source.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert preannotate_file(source, out) == 1
    (ad,) = read_annotated_jsonl(out)
    assert ad.document.id == "x1"
    assert ad.quotes
    assert preannotate_file(None, out, RAW) == 5


def test_bad_input_line(tmp_path: Path) -> None:
    source = tmp_path / "docs.jsonl"
    source.write_text('{"id": "ok", "text": "a"}\n{"text": 1}\n', encoding="utf-8")
    with pytest.raises(PreannotateError) as info:
        preannotate_file(source, tmp_path / "out.jsonl")
    assert info.value.line == 2


def test_seed_precision_floor(seed_gold: list[AnnotatedDocument]) -> None:
    report = evaluate([preannotate(ad.document) for ad in seed_gold], seed_gold)
    assert report.quotes.overlap.precision >= 0.9
    assert report.entities["micro"].exact.precision >= 0.9


NEWS2 = HELDOUT / "news2"


def test_news2_heldout_is_large_enough() -> None:
    """Issue 11: >= 40 passages, >= 150 quotes, direct and indirect, named and unnamed."""
    news2 = load_gold_dir(NEWS2)
    quotes = [q for ad in news2 for q in ad.quotes]
    assert len(news2) >= 40
    assert len(quotes) >= 150
    assert {q.kind.value for q in quotes} >= {"direct", "indirect"}
    assert any(isinstance(q.speaker, SpanRef) and q.speaker.type == "nominal" for q in quotes)


def _quotes(text: str) -> list[tuple[str, str | None, str | None]]:
    """(content, cue, speaker text through refers_to) of every predicted quote."""
    ad = preannotate(Document(id="t", text=text))
    mentions = {m.id: m.span.text for m in ad.mentions}
    found: list[tuple[str, str | None, str | None]] = []
    for q in ad.quotes:
        speaker: str | None = None
        if isinstance(q.speaker, MentionRef):
            speaker = mentions[q.speaker.mention_id]
        elif isinstance(q.speaker, SpanRef):
            ref = q.speaker.refers_to
            speaker = mentions[ref] if ref else q.speaker.span.text
        found.append((q.content.text, None if q.cue is None else q.cue.text, speaker))
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # new cue verbs, a title + unknown name as subject
        (
            "Kepala BPS Arif Setiawan memastikan harga beras mulai stabil di pasar.",
            [("harga beras mulai stabil di pasar", "memastikan", "Arif Setiawan")],
        ),
        # cue after the quote with a clitic, '' as the opening mark
        (
            "Kapten tim Rizky Ramadhan mengakui laga nanti akan berat. "
            "''Kami harus disiplin,'' sambungnya.",
            [
                ("laga nanti akan berat", "mengakui", "Rizky Ramadhan"),
                ("Kami harus disiplin", "sambung", "Rizky Ramadhan"),
            ],
        ),
        # mixed marks “…" and a question cue
        (
            '“Bagaimana mau naik?" tanya Raden dalam rapat itu.',
            [("Bagaimana mau naik?", "tanya", "Raden")],
        ),
        # the cue inside the clause, and after a sentence adverb only
        (
            "Gubernur Yosef Laka tiba di Kupang. Menteri, kata Yosef, harus segera datang.",
            [("Menteri, kata Yosef, harus segera datang", "kata", "Yosef")],
        ),
        (
            "Bupati Yosef Laka tiba di Kupang. Namun, ungkap dia, bantuan belum cukup.",
            [("bantuan belum cukup", "ungkap", "Yosef Laka")],
        ),
        # Menurut forms
        (
            "Kepala Dinas Nia Kurniasih hadir. Menurutnya, fogging saja tidak cukup.",
            [("fogging saja tidak cukup", "Menurut", "Nia Kurniasih")],
        ),
        (
            "Ekonom Rina Lestari hadir. Masih menurut Rina, inflasi akan turun tahun depan.",
            [("inflasi akan turun tahun depan", "menurut", "Rina")],
        ),
        # a description as subject, linked to the person it names
        (
            "Politikus Partai NasDem Raden Kurniawan hadir. Politikus Partai NasDem itu "
            "menegaskan tarif harus turun.",
            [("tarif harus turun", "menegaskan", "Raden Kurniawan")],
        ),
        # the speaker is the name, never the place after it
        (
            "Omzet para pedagang turun hingga separuh, kata Andi saat ditemui di Jakarta.",
            [("Omzet para pedagang turun hingga separuh", "kata", "Andi")],
        ),
        # a clause whose first word ends in -nya is still a clause
        (
            "Juru bicara KPK Hendra Kusuma mengatakan pihaknya akan memanggil saksi lain.",
            [("pihaknya akan memanggil saksi lain", "mengatakan", "Hendra Kusuma")],
        ),
    ],
)  # fmt: skip
def test_quote_rules(text: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    assert _quotes(text) == expected


def test_quote_never_crosses_a_noise_line() -> None:
    text = (
        "“Kami sudah mengirim bantuan,” kata Bupati Yosef Laka.\n\n"
        "Baca juga: Warga Antre Air Bersih\n\n"
        "“Stok air habis sejak pekan lalu.”"
    )
    assert _quotes(text) == [("Kami sudah mengirim bantuan", "kata", "Yosef Laka")]


def test_no_speaker_no_indirect_quote() -> None:
    """Precision first: a speech verb whose subject is a date or a place gives no quote."""
    assert _quotes("Pada Senin (3/6/2024) mengatakan hal itu kepada wartawan di Jakarta.") == []


def _mentions(text: str) -> list[tuple[str, str]]:
    ad = preannotate(Document(id="t", text=text))
    return [(m.span.text, m.label.value) for m in ad.mentions]


def test_title_splits_organisation_and_person() -> None:
    assert _mentions("Kepala BPBD Luwu Muhammad Amir tiba.") == [
        ("BPBD Luwu", "ORG"),
        ("Muhammad Amir", "PER"),
    ]
    assert _mentions("Politikus Partai NasDem Raden Kurniawan hadir.") == [
        ("Partai NasDem", "ORG"),
        ("Raden Kurniawan", "PER"),
    ]


def test_acronym_definition_links_later_acronyms() -> None:
    text = "Badan Pusat Anggaran Daerah (BPAD) mencatat defisit. BPAD lalu mengoreksinya."
    ad = preannotate(Document(id="t", text=text))
    orgs = [(m.span.text, m.entity_id) for m in ad.mentions if m.label is EntityLabel.ORG]
    assert orgs == [
        ("Badan Pusat Anggaran Daerah", "e-badan-pusat-anggaran-daerah"),
        ("BPAD", "e-badan-pusat-anggaran-daerah"),
        ("BPAD", "e-badan-pusat-anggaran-daerah"),
    ]
    (entity,) = [e for e in ad.entities if e.id == "e-badan-pusat-anggaran-daerah"]
    assert entity.aliases == ["BPAD"]


def test_short_forms_of_a_person_are_that_person() -> None:
    text = "Pelatih Bagus Prasetyo tiba. Bagus menyebut pemain siap. Prasetyo tersenyum."
    ad = preannotate(Document(id="t", text=text))
    people = [(m.span.text, m.entity_id) for m in ad.mentions if m.label is EntityLabel.PER]
    assert people == [
        ("Bagus Prasetyo", "e-bagus-prasetyo"),
        ("Bagus", "e-bagus-prasetyo"),
        ("Prasetyo", "e-bagus-prasetyo"),
    ]


def test_headline_in_title_case_is_not_names() -> None:
    text = "Warga Keluhkan Jalan Rusak Parah\n\nWarga Sindang mengeluh kepada Bupati."
    assert [m for m in _mentions(text) if m[1] in ("PER", "FAC")] == []


def test_no_name_across_a_line_break() -> None:
    text = "Kepala Dinas Kesehatan\nBudi Hartono mengatakan stok vaksin cukup untuk sebulan."
    assert ("Budi Hartono", "PER") in _mentions(text)
    assert all("\n" not in span for span, _ in _mentions(text))


def test_bank_indonesia_is_one_organisation() -> None:
    assert ("Bank Indonesia", "ORG") in _mentions("Bank Indonesia menahan suku bunga.")
