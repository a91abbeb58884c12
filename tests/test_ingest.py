"""Ingest: raw articles to Documents with role-tagged segments, dates, people and manifest."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import warnings
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annot.errors import IngestError
from annot.ingest import (
    MANIFEST_NAME,
    PARAGRAPH_SEPARATOR,
    IngestWarning,
    build_manifest,
    dump_manifest,
    ingest_dir,
    ingest_file,
    manifest_problems,
    parse_article,
    parse_indonesian_date,
    read_manifest,
    read_raw,
    write_manifest,
)
from annot.lang.id import (
    MONTHS,
    MONTHS_EN,
    MONTHS_ID,
    OUTLET_NAMES,
    RELATED_MARKERS,
    SECTION_NAMES,
    TIME_ZONES,
    TOP_LEVEL_DOMAINS,
    WEEKDAYS,
)
from annot.schema.document import Document, Published, SegmentRole

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
SEEDS = sorted(RAW.glob("*.txt"))


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def seed(stem: str) -> tuple[Document, str]:
    path = RAW / f"{stem}.txt"
    return ingest_file(path), read_raw(path)


def roles(doc: Document) -> list[str]:
    return [segment.role.value for segment in doc.segments]


def texts(doc: Document, raw: str, role: SegmentRole) -> list[str]:
    return [raw[s.raw_start : s.raw_end] for s in doc.segments if s.role is role]


def is_blank(char: str) -> bool:
    return char.isspace() or char == "\ufeff"


def check_invariants(doc: Document, raw: str) -> None:
    """Segments: ordered, disjoint, trimmed, covering every non-blank character once;
    annotatable segments are exactly ``doc.text``'s paragraphs."""
    previous_end = 0
    covered = [0] * len(raw)
    for segment in doc.segments:
        start, end = segment.raw_start, segment.raw_end
        piece = raw[start:end]
        assert previous_end <= start < end <= len(raw), (doc.id, segment)
        assert not is_blank(piece[0]), (doc.id, piece)
        assert not is_blank(piece[-1]), (doc.id, piece)
        for i in range(start, end):
            covered[i] += 1
        previous_end = end
    for i, char in enumerate(raw):
        expected = 0 if is_blank(char) else 1
        if not is_blank(char):
            assert covered[i] == expected, f"{doc.id}: raw[{i}]={char!r} covered {covered[i]}x"
    paragraphs: list[str] = []
    for segment in doc.segments:
        if segment.annotatable:
            assert segment.text_start is not None
            assert segment.text_end is not None
            found = doc.text[segment.text_start : segment.text_end]
            expected_text = raw[segment.raw_start : segment.raw_end]
            assert found == expected_text, f"{doc.id}: text:{found!r} != raw:{expected_text!r}"
            paragraphs.append(expected_text)
        else:
            assert segment.text_start is None
            assert segment.text_end is None
    assert doc.text == PARAGRAPH_SEPARATOR.join(paragraphs)


def parse_quietly(raw: str, doc_id: str = "contoh") -> Document:
    """Parse, allowing only IngestWarning (any other warning fails the test)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = parse_article(raw, doc_id=doc_id)
    assert all(issubclass(w.category, IngestWarning) for w in caught), caught
    return doc


def parse(raw: str, **kwargs: str) -> Document:
    """Parse a sample that must not warn (pytest turns warnings into errors)."""
    return parse_article(raw, doc_id="contoh", **kwargs)


# --------------------------------------------------------------------------------------------
# The five seeds
# --------------------------------------------------------------------------------------------


def test_seed_000_beritanasional() -> None:
    doc, raw = seed("000_b0ce670c80f3f80d")
    assert doc.id == "000_b0ce670c80f3f80d"
    assert doc.title == "AS dan Korsel Tuding Korut Kirim Senjata ke Rusia untuk Perang Ukraina"
    assert doc.authors == ["Dyah Ratna Meta Novia"]
    assert doc.editors == ["Dyah Ratna Meta Novia"]
    assert doc.source == "beritanasional.com"
    assert doc.language == "id"
    assert doc.published is not None
    assert doc.published.date == dt.date(2024, 6, 26)
    assert doc.published.time == dt.time(15, 41)
    assert doc.published.timezone == "WIB"
    assert doc.published.source == "dateline"
    assert doc.published.text == "Rabu, 26 Juni 2024 | 15:41 WIB"
    assert roles(doc) == [
        "title", "byline", "dateline",
        "caption", "credit", "caption", "credit",
        "dateline", *["body"] * 8, "credit",
        "byline", "comments",
    ]  # fmt: skip
    assert texts(doc, raw, SegmentRole.CAPTION) == ["Kim Joung Un dan Putin"] * 2
    assert texts(doc, raw, SegmentRole.CREDIT) == ["(Foto/Euronews)"] * 2 + ["sinpo"]
    assert texts(doc, raw, SegmentRole.BYLINE) == [
        "Oleh: Dyah Ratna Meta Novia",
        "Editor: Dyah Ratna Meta Novia",
    ]
    assert texts(doc, raw, SegmentRole.DATELINE) == [
        "Rabu, 26 Juni 2024 | 15:41 WIB",
        "BeritaNasional.com -",
    ]
    assert texts(doc, raw, SegmentRole.COMMENTS) == ["Komentar:"]
    body = texts(doc, raw, SegmentRole.BODY)
    assert body[0].startswith("Amerika Serikat (AS) dan Korea Selatan (korsel) menuduh")
    assert body[0].endswith("dalam perang di Ukraina.")  # the trailing NBSP is not body
    assert body[-1].startswith("“Pyongyang dan Moskow tidak memiliki institusi bersama")
    assert body[-1].endswith("tahan lama,” kata Easley.")
    assert "sinpo" not in doc.text
    assert doc.text.startswith(doc.title + PARAGRAPH_SEPARATOR + "Amerika Serikat (AS)")


def test_seed_001_tribunnews() -> None:
    doc, raw = seed("001_f04fd7ad98ee0ceb")
    assert doc.title == "Putin dan Kim Jong Un Berjanji Saling Melindungi Bila Diserang"
    assert doc.authors == ["Tiara Shelavie"]
    assert doc.editors == ["Wahyu Gilang Putranto"]
    assert doc.source == "tribunnews.com"
    assert doc.published is None
    assert roles(doc) == [
        "title", "subtitle", "byline", "byline",
        "body", "body", "heading", *["body"] * 8, "heading", "body",
        "related-link", "body", "body",
        "credit", "comments", "comments",
    ]  # fmt: skip
    assert texts(doc, raw, SegmentRole.SUBTITLE) == [
        "Pemimpin Korea Utara Kim Jong Un meyakinkan presiden Rusia tentang dukungan penuh "
        "untuk perang Rusia di Ukraina."
    ]
    assert texts(doc, raw, SegmentRole.HEADING) == [
        "Bantuan teknologi rahasia",
        "Kunjungan Putin mendapat kritik di AS",
    ]
    assert texts(doc, raw, SegmentRole.RELATED) == [
        "Baca juga: Karpet Merah dan Konser Gala dari Kim Jong Un untuk Vladimir Putin"
    ]
    assert texts(doc, raw, SegmentRole.CREDIT) == ["(Tribunnews.com, Tiara Shelavie)"]
    assert texts(doc, raw, SegmentRole.COMMENTS) == [
        "Kirim Komentar",
        "Isi komentar sepenuhnya adalah tanggung jawab pengguna dan diatur dalam UU ITE.",
    ]
    body = texts(doc, raw, SegmentRole.BODY)
    assert body[0] == "Korea Utara dikenakan sanksi dari PBB karena program senjata nuklirnya."
    assert body[-1].startswith("Menurut penasihat kebijakan luar negeri Rusia, Yuri Ushakov")
    assert body[-1].endswith("dan Menteri Luar Negeri Sergey Lavrov.")


def test_seed_002_no_site_bio_author() -> None:
    doc, raw = seed("002_dc8e5f10e18e6837")
    assert doc.title == "Korea Utara Tetap Menjadi Sekutu Utama Rusia Dalam Invasi Ukraina"
    assert doc.authors == ["Azeem"]  # from the bio: there is no byline
    assert doc.editors == []
    assert doc.source is None  # nothing in the text proves the site
    assert doc.published is None  # "6 September 2022" dates an event, not the article
    assert roles(doc) == [
        "title", "body", "body",
        "caption", "credit",
        "heading", "body", "body", "body",
        "related-link", "caption", "credit",
        "heading", "body",
        "heading", "body",
        "caption", "credit",
        "body",
        "heading", "body",
        "caption", "credit",
        "body", "body",
        "bio", "bio", "navigation",
    ]  # fmt: skip
    assert texts(doc, raw, SegmentRole.CREDIT) == [
        "(KCNA)",
        "(KCNA via Reuters)",
        "(Metin Aktas/Anadolu Agency via Getty Images)",
        "(Roman Chop/Global Images Ukraina via Getty Images)",
    ]
    assert texts(doc, raw, SegmentRole.HEADING) == [
        "AS mengatakan Korea Utara harus ‘membayar akibatnya’",
        "tanggapan Kremlin",
        "Apakah Korea Utara pernah memasok senjata ke Rusia sebelumnya?",
        "Apakah kedua negara mempunyai hubungan?",
    ]
    assert texts(doc, raw, SegmentRole.RELATED) == ["Baca lebih lanjut dari Yahoo Berita:"]
    bio = texts(doc, raw, SegmentRole.BIO)
    assert bio[0] == "Azeem"
    assert bio[1].startswith("Selamat datang! Saya seorang penulis berita gaming")
    assert texts(doc, raw, SegmentRole.NAVIGATION) == ["Recent Posts"]
    captions = texts(doc, raw, SegmentRole.CAPTION)
    assert captions[0].startswith("Kim Jong Un dan Vladimir Putin di Vladivostok")
    assert captions[0].endswith("oleh Kantor Berita Pusat Korea Utara.")
    body = texts(doc, raw, SegmentRole.BODY)
    assert body[0].startswith("Pemimpin Korea Utara Kim Jong Un mungkin akan melakukan")
    assert body[-1].startswith("Tampaknya isolasi Rusia dari komunitas internasional")


def test_seed_003_samudrafakta() -> None:
    doc, raw = seed("003_3b51c1f6be3a65c5")
    assert doc.title == (
        "Putin dan Kim Jong Un Teken Pakta Perjanjian Pertahanan, AS dan Sekutunya Panik"
    )
    assert doc.authors == []
    assert doc.editors == []
    assert doc.source == "samudrafakta.com"
    assert doc.published is not None
    assert doc.published.date == dt.date(2024, 6, 19)
    assert doc.published.time is None
    assert doc.published.timezone is None
    assert doc.published.source == "body"
    assert doc.published.text == "Rabu (19/6/2024)"
    assert roles(doc) == [
        "masthead", "title", "caption", "credit",
        "body", "body", "body", "body",
        "related-link", "body", "body",
        "related-link", "comments",
    ]  # fmt: skip
    assert texts(doc, raw, SegmentRole.MASTHEAD) == ["samudrafakta.com"]
    assert texts(doc, raw, SegmentRole.CREDIT) == ["FOTO: AFP"]
    assert texts(doc, raw, SegmentRole.CAPTION)[0].endswith("di Pyongyang, Rabu (19/6/2024).")
    assert texts(doc, raw, SegmentRole.RELATED) == [
        "Baca Juga : \xa0 Lima Hari Setelah Deklarasi, Cak Imin Penuhi Panggilan KPK",
        "Artikel Terkait",
    ]
    assert texts(doc, raw, SegmentRole.COMMENTS) == ["Leave a Comment"]
    body = texts(doc, raw, SegmentRole.BODY)
    assert body[0].startswith("Di Washington, Menteri Luar Negeri AS, Antony Blinken")
    assert body[-1].endswith("katanya, sebagaimana dilansir The Guardian.")
    # "(ICBM)" mid-sentence is part of the body, not a credit.
    assert any("rudal balistik antarbenua (ICBM) yang mampu" in b for b in body)


def test_seed_004_place_dateline_no_title() -> None:
    doc, raw = seed("004_c012bdc66f00abd0")
    assert doc.title is None  # the first line is the lead paragraph, not a headline
    assert doc.authors == []
    assert doc.editors == []
    assert doc.source is None
    assert doc.published is not None
    assert doc.published.date == dt.date(2023, 9, 14)  # the latest of 13/9 and 14/9
    assert doc.published.source == "body"
    assert doc.published.text == "Kamis (14/9/2023)"
    assert roles(doc) == ["dateline", *["body"] * 11, "credit"]
    assert texts(doc, raw, SegmentRole.DATELINE) == ["RUSIA –"]
    assert texts(doc, raw, SegmentRole.CREDIT) == ["(Susi Susanti)"]
    body = texts(doc, raw, SegmentRole.BODY)
    assert body[0].startswith("Kunjungan Pemimpin Tertinggi Korea Utara (Korut) Kim Jong Un")
    assert body[-1].startswith("Pemerintahan Biden yakin Korea Utara mengirimkan roket")
    assert any("Perserikatan Bangsa-Bangsa (PBB), khususnya" in b for b in body)


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_invariants_and_no_noise_in_text(path: Path) -> None:
    doc = ingest_file(path)
    raw = read_raw(path)
    check_invariants(doc, raw)
    assert doc.id == path.stem
    assert doc.raw_sha256 is not None
    assert len(doc.raw_sha256) == 64
    for segment in doc.noise():
        noise = raw[segment.raw_start : segment.raw_end]
        if len(noise) > 3:
            assert noise not in doc.text, f"{doc.id}: noise {noise!r} leaked into the text"
    if doc.title is not None:
        assert doc.text.startswith(doc.title)


def test_seeds_are_never_rewritten() -> None:
    before = {p.name: p.read_bytes() for p in SEEDS}
    ingest_dir(RAW)
    assert {p.name: p.read_bytes() for p in SEEDS} == before


# --------------------------------------------------------------------------------------------
# Generalisation: tiny hand-written samples
# --------------------------------------------------------------------------------------------

SAMPLE = """kabarkita.id

Harga Beras di Pasar Induk Naik Lagi
Penulis: Sri Wahyuni, Agus Salim | Editor: Rina Marlina
Diterbitkan: Senin, 1 Juli 2024 pukul 09.15 WITA
Pedagang menata karung beras di Pasar Induk, Senin (1/7/2024). (Foto: Istimewa)

JAKARTA, KabarKita.id – Harga beras medium naik Rp500 per kilogram sejak pekan lalu.
Kenaikan dipicu panen mundur, kata Badan Pangan Nasional (Bapanas). Baca juga: Stok Gabah
Pemerintah meminta Perum Bulog (Bulog) menyalurkan cadangan beras.
Operasi pasar
Operasi pasar digelar di 20 titik hingga akhir bulan.
Warga bisa membeli paling banyak dua karung per orang. (ant)
Artikel Terkait
Harga Cabai Turun Jelang Panen
Petani Garam Menunggu Musim Kemarau
Tags: beras, pangan
Tulis Komentar
"""


def test_sample_full_layout() -> None:
    doc = parse(SAMPLE)
    check_invariants(doc, SAMPLE)
    assert doc.title == "Harga Beras di Pasar Induk Naik Lagi"
    assert doc.source == "kabarkita.id"
    assert doc.authors == ["Sri Wahyuni", "Agus Salim"]
    assert doc.editors == ["Rina Marlina"]
    assert doc.published is not None
    assert doc.published.date == dt.date(2024, 7, 1)
    assert doc.published.time == dt.time(9, 15)
    assert doc.published.timezone == "WITA"
    assert doc.published.source == "dateline"
    assert roles(doc) == [
        "masthead", "title", "byline", "dateline", "caption", "credit",
        "dateline", "body", "body", "related-link", "body", "heading", "body", "body", "credit",
        "related-link", "related-link", "related-link", "navigation", "comments",
    ]  # fmt: skip
    assert texts(doc, SAMPLE, SegmentRole.DATELINE)[1] == "JAKARTA, KabarKita.id –"
    assert texts(doc, SAMPLE, SegmentRole.CREDIT) == ["(Foto: Istimewa)", "(ant)"]
    # Acronyms in parentheses inside or at the end of body sentences stay body.
    assert "kata Badan Pangan Nasional (Bapanas)." in doc.text
    assert "Perum Bulog (Bulog) menyalurkan" in doc.text
    assert "Baca juga" not in doc.text
    assert "Harga Cabai" not in doc.text


def test_site_prefix_sets_the_source_and_override_wins() -> None:
    raw = "Banjir Rob Rendam Pesisir\n\nWartaPesisir.com - Banjir rob merendam tiga desa.\n"
    assert parse(raw).source == "wartapesisir.com"
    assert parse(raw, source="contoh.com").source == "contoh.com"


def test_agency_dateline_prefix() -> None:
    raw = "Gempa Guncang Maluku\nAmbon (ANTARA) - Gempa bermagnitudo 5,1 mengguncang Ambon.\n"
    doc = parse(raw)
    assert texts(doc, raw, SegmentRole.DATELINE) == ["Ambon (ANTARA) -"]
    assert texts(doc, raw, SegmentRole.BODY) == ["Gempa bermagnitudo 5,1 mengguncang Ambon."]


def test_body_line_ending_with_a_domain_keeps_it() -> None:
    raw = (
        "Judul Berita\n"
        "Data lengkap vaksinasi untuk setiap kabupaten dan kota dapat dibaca warga di laman "
        "resmi kementerian kesehatan.go.id\n"
    )
    doc = parse(raw)
    assert roles(doc) == ["title", "body"]


def test_glued_editor_code_only_on_the_last_body_paragraph() -> None:
    raw = "Judul Berita\nPasar dibuka pagi ini.rin\nPembeli mulai berdatangan.dwi\n"
    doc = parse(raw)
    assert roles(doc) == ["title", "body", "body", "credit"]
    assert texts(doc, raw, SegmentRole.BODY)[0] == "Pasar dibuka pagi ini.rin"
    assert texts(doc, raw, SegmentRole.CREDIT) == ["dwi"]


def test_comment_policy_wording_in_a_body_sentence_stays_body() -> None:
    raw = (
        "Polisi Periksa Pemilik Akun\n"
        "Polisi menyebut komentar itu melanggar UU ITE dan memanggil pemilik akun.\n"
        "“Isi komentar adalah tanggung jawab pengguna,” kata juru bicara polisi.\n"
    )
    doc = parse(raw)
    assert roles(doc) == ["title", "body", "body"]


def test_long_paragraph_ending_with_a_credit_is_body_not_caption() -> None:
    raw = (
        "Judul Berita\n"
        "Presiden meresmikan bendungan baru. Bendungan itu mengairi 5.000 hektare sawah. "
        "(Reuters)\n"
    )
    doc = parse(raw)
    assert roles(doc) == ["title", "body", "credit"]


def test_bio_after_a_label_and_a_question_heading() -> None:
    raw = (
        "Judul Berita\n\nIsi berita yang panjang di sini.\n\nApa langkah berikutnya?\n\n"
        "Pemerintah akan rapat besok.\n\nTentang Penulis\n\n"
        "Budi menulis tentang ekonomi sejak 2010.\n"
    )
    doc = parse(raw)
    assert roles(doc) == ["title", "body", "heading", "body", "bio", "bio"]
    assert doc.authors == []  # no name line above the bio, no byline


# --------------------------------------------------------------------------------------------
# Unknown layouts: warn, keep everything as body, never crash
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["", "   \n\xa0\n", "\ufeff"])
def test_empty_text_warns(raw: str) -> None:
    with pytest.warns(IngestWarning, match=r"document 'kosong': the text is empty"):
        doc = parse_article(raw, doc_id="kosong")
    assert doc.text == ""
    assert doc.segments == []
    assert doc.title is None


def test_single_paragraph_is_body_with_a_warning() -> None:
    raw = "  Baca juga: warga Bandung menanam pohon pada Minggu (7/7/2024).\xa0 "
    with pytest.warns(IngestWarning, match=r"'satu'.*single paragraph.*kept whole as body"):
        doc = parse_article(raw, doc_id="satu")
    assert roles(doc) == ["body"]
    assert doc.text == raw.strip()
    assert doc.title is None
    check_invariants(doc, raw)


def test_lines_without_header_warn_but_keep_noise_apart() -> None:
    raw = "warga menanam pohon di taman kota.\nmereka datang sejak pagi.\nKomentar:\n"
    with pytest.warns(IngestWarning, match=r"no title, masthead, byline or dateline"):
        doc = parse_article(raw, doc_id="tanpa-judul")
    assert roles(doc) == ["body", "body", "comments"]


LINES = st.sampled_from(
    [
        "Harga Cabai Naik",
        "Oleh: Budi Santoso",
        "Editor:",
        "Senin, 1 Juli 2024 | 09:15 WIB",
        "Rabu (31/2/2024)",
        "Baca juga: Stok Beras Aman",
        "Artikel Terkait",
        "Recent Posts",
        "(Foto/Antara)",
        "Warga antre di pasar (Foto: Istimewa)",
        "JAKARTA – Harga cabai naik.",
        "Situs.com - ",
        "kata dia.ant",
        "Saya seorang penulis lepas.",
        "Tentang Penulis",
        "berita.co.id",
        "Komentar:",
        "“Kami siap,” katanya (PBB).",
        "Jakarta, CNN Indonesia --",
        "Kupang: Warga datang.",
        "BACA JUGA:",
        "Rep: Sri Red: Agus",
        "Budi Santoso, Jurnalis · Rabu 14 Agustus 2024 10:05 WIB",
        "ADVERTISEMENT",
        "Bagaimana reaksi Anda?",
        "Senang",
        "HOME > NEWS",
        "Nasional",
        "detikNews",
        "IMG_0001.jpg",
        "Kompas.com - 16/08/2024, 10:05 WIB",
        "Warga antre sejak pagi di depan kantor pos.",
        "…",
        "\xa0",
        "",
    ]
)
ARTICLES = st.lists(st.one_of(LINES, st.text(max_size=40)), max_size=12).flatmap(
    lambda lines: st.sampled_from(["\n", "\n\n", "\r\n", " \xa0\n", "\u2028"]).map(
        lambda sep: sep.join(lines)
    )
)


@settings(max_examples=300, deadline=None)
@given(raw=st.one_of(st.text(), ARTICLES))
def test_any_text_parses_with_valid_segments(raw: str) -> None:
    doc = parse_quietly(raw)
    check_invariants(doc, raw)
    if doc.title is not None:
        assert doc.title in raw


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date", "time", "zone"),
    [
        ("Rabu, 26 Juni 2024 | 15:41 WIB", dt.date(2024, 6, 26), dt.time(15, 41), "WIB"),
        ("Kamis, 14 September 2023 10.05 WITA", dt.date(2023, 9, 14), dt.time(10, 5), "WITA"),
        ("Jumat, 1 Desember 2023, 07:00 WIT", dt.date(2023, 12, 1), dt.time(7, 0), "WIT"),
        ("17 Agustus 1945", dt.date(1945, 8, 17), None, None),
        ("10 Nopember 2022", dt.date(2022, 11, 10), None, None),
        ("3 Pebruari 2021", dt.date(2021, 2, 3), None, None),
        ("5 Okt. 2020 pukul 21.30 WIB", dt.date(2020, 10, 5), dt.time(21, 30), "WIB"),
        ("Rabu (19/6/2024)", dt.date(2024, 6, 19), None, None),
        ("(14/9/2023)", dt.date(2023, 9, 14), None, None),
        ("Rabu 14 Aug 2024 10:05 WIB", dt.date(2024, 8, 14), dt.time(10, 5), "WIB"),
        ("Selasa, 13 Agu 2024 10:05 WIB", dt.date(2024, 8, 13), dt.time(10, 5), "WIB"),
        ("Jum’at, 6 Sept 2024", dt.date(2024, 9, 6), None, None),
        ("16/08/2024, 10:05 WIB", dt.date(2024, 8, 16), dt.time(10, 5), "WIB"),
        ("Monday, 15 Jan 2016", dt.date(2016, 1, 15), None, None),
    ],
)
def test_parse_indonesian_date(
    text: str, date: dt.date, time: dt.time | None, zone: str | None
) -> None:
    published = parse_indonesian_date(text)
    assert published is not None
    assert (published.date, published.time, published.timezone) == (date, time, zone)
    assert published.text == text
    assert published.source == "dateline"


def test_parse_indonesian_date_finds_the_first_date_in_running_text() -> None:
    published = parse_indonesian_date(
        "Rapat digelar Senin (1/7/2024) dan dilanjutkan 3 Juli 2024.", source="body"
    )
    assert published is not None
    assert published.date == dt.date(2024, 7, 1)
    assert published.text == "Senin (1/7/2024)"
    assert published.source == "body"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "kemarin sore",
        "31 Februari 2024",
        "Rabu (31/2/2024)",
        "(19/13/2024)",
        "26 Juni 24",
        "26 Juno 2024",
        "126 Juni 20245",
        "(1/1/0001)",
        "sekitar 10.000 orang",
    ],
)
def test_parse_indonesian_date_rejects_bad_input(text: str) -> None:
    assert parse_indonesian_date(text) is None


def test_impossible_clock_time_is_no_date() -> None:
    # A date line whose time is impossible is not trusted at all, rather than half-read.
    assert parse_indonesian_date("Rabu, 26 Juni 2024 | 25:99 WIB") is None


# --------------------------------------------------------------------------------------------
# Reading files, ids, errors
# --------------------------------------------------------------------------------------------


def test_read_raw_refuses_non_utf8_with_offset_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes(b"Judul\nHarga naik \x93tajam\x94.\n")
    with pytest.raises(IngestError, match=r"byte offset 17") as caught:
        read_raw(path)
    assert caught.value.path == str(path)
    assert "Re-save the file as UTF-8" in str(caught.value)
    assert isinstance(caught.value.__cause__, UnicodeDecodeError)


def test_read_raw_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"cannot read the raw article") as caught:
        read_raw(tmp_path / "hilang.txt")
    assert caught.value.path.endswith("hilang.txt")


def test_file_stem_must_be_an_id(tmp_path: Path) -> None:
    path = tmp_path / "berita baru.txt"
    path.write_text("Judul\nIsi berita.\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"cannot be a document id.*rename the file"):
        ingest_file(path)


def test_ingest_dir_missing_dir(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"nowhere: is not a directory"):
        ingest_dir(tmp_path / "nowhere")


# --------------------------------------------------------------------------------------------
# Manifest
# --------------------------------------------------------------------------------------------


def test_committed_manifest_matches_the_files() -> None:
    path = RAW / MANIFEST_NAME
    assert path.read_text(encoding="utf-8") == dump_manifest(build_manifest(RAW)), (
        "raw/manifest.jsonl is stale: run `annot manifest` and commit it"
    )
    assert manifest_problems(RAW) == []
    entries = read_manifest(path)
    assert [e.id for e in entries] == [p.stem for p in SEEDS]
    assert {e.id: e.source for e in entries} == {
        "000_b0ce670c80f3f80d": "beritanasional.com",
        "001_f04fd7ad98ee0ceb": "tribunnews.com",
        "002_dc8e5f10e18e6837": None,
        "003_3b51c1f6be3a65c5": "samudrafakta.com",
        "004_c012bdc66f00abd0": None,
    }
    assert all(e.language == "id" for e in entries)


def test_ingest_dir_uses_the_manifest(tmp_path: Path) -> None:
    raw_dir = tmp_path / "raw"
    raw_dir.mkdir()
    (raw_dir / "b.txt").write_text("Judul B\nIsi berita B.\n", encoding="utf-8")
    (raw_dir / "a.txt").write_text("Judul A\nIsi berita A.\n", encoding="utf-8")
    (raw_dir / "catatan.md").write_text("bukan artikel\n", encoding="utf-8")
    entries = build_manifest(raw_dir)
    renamed = [e.model_copy(update={"id": f"doc-{e.id}", "source": "contoh.com"}) for e in entries]
    path = write_manifest(raw_dir, renamed)
    assert path == raw_dir / MANIFEST_NAME
    docs = ingest_dir(raw_dir)
    assert [d.id for d in docs] == ["doc-a", "doc-b"]
    assert {d.source for d in docs} == {"contoh.com"}
    assert manifest_problems(raw_dir) != []  # ids/sources differ from what build_manifest says


def test_stale_manifest_is_an_error_that_says_how_to_fix(tmp_path: Path) -> None:
    raw_dir = tmp_path / "raw"
    shutil.copytree(RAW, raw_dir)
    (raw_dir / SEEDS[0].name).write_bytes(SEEDS[0].read_bytes() + b"\n")
    with pytest.raises(IngestError, match=r"has sha256 .* Rewrite it with `annot manifest`"):
        ingest_dir(raw_dir)
    assert any("has sha256" in p for p in manifest_problems(raw_dir))
    (raw_dir / SEEDS[1].name).unlink()
    assert any("listed but missing" in p for p in manifest_problems(raw_dir))


def test_bad_manifest_line_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / MANIFEST_NAME
    path.write_text('{"id": "a", "file": "a.txt"}\n', encoding="utf-8")
    with pytest.raises(IngestError, match=r"line 1 is not a manifest entry"):
        read_manifest(path)


def test_manifest_bytes_are_deterministic() -> None:
    entries = build_manifest(RAW)
    assert dump_manifest(entries) == dump_manifest(list(reversed(entries)))
    assert dump_manifest(entries).count("\n") == len(SEEDS)


# --------------------------------------------------------------------------------------------
# Outlet layouts: the hand-labelled scrapes of tests/data/scrapes (11-18 were held out)
# --------------------------------------------------------------------------------------------

SCRAPES = sorted((ROOT / "tests/data/scrapes").glob("*.txt"))


@pytest.mark.parametrize("path", SCRAPES, ids=[p.stem for p in SCRAPES])
def test_scrape_matches_its_hand_written_sidecar(path: Path) -> None:
    raw = read_raw(path)
    want = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    doc = parse(raw)
    check_invariants(doc, raw)
    got = [[s.role.value, raw[s.raw_start : s.raw_end]] for s in doc.segments]
    assert got == want["segments"]
    assert doc.title == want["title"]
    assert doc.source == want["source"]
    assert doc.authors == want["authors"]
    assert doc.editors == want["editors"]
    assert doc.published is not None
    assert doc.published.date.isoformat() == want["published"]["date"]
    assert doc.published.time is not None
    assert doc.published.time.strftime("%H:%M") == want["published"]["time"]
    assert doc.published.timezone == want["published"]["timezone"]
    assert doc.published.text == want["published"]["text"]
    assert doc.published.source == "dateline"


def test_scrapes_cover_the_outlets_and_keep_eight_held_out() -> None:
    sidecars = [json.loads(p.with_suffix(".json").read_text(encoding="utf-8")) for p in SCRAPES]
    assert len(sidecars) == 18
    assert [s["heldout"] for s in sidecars] == [False] * 10 + [True] * 8
    assert {s["outlet"] for s in sidecars} >= {
        "cnnindonesia", "liputan6", "jpnn", "okezone", "republika", "tribunnews", "merdeka",
        "medcom", "antaranews", "kompastv", "detik", "kompascom", "tempo", "suara", "kumparan",
        "idntimes", "cnbcindonesia", "sindonews",
    }  # fmt: skip


@pytest.mark.parametrize(
    "line",
    [
        "Oleh karena itu, pemerintah menunda kebijakan tersebut hingga tahun depan.",
        "Baca tulis menjadi fokus program literasi di desa itu.",
        "Simak juga penjelasan lengkap petugas di lokasi kejadian.",
        "Ikuti perkembangan terbaru di aplikasi resmi pemerintah, kata Budi.",
        "Hak cipta lagu itu dipegang oleh label rekaman sejak 1998.",
        "Dilarang mengambil foto di area bandara tanpa izin petugas, kata dia.",
        "Senang sekali bisa kembali bertanding di kandang sendiri.",
        "Komentar warganet di media sosial pun beragam.",
        "Sumber di kepolisian menyebut pelaku sudah diamankan.",
        "Berita bohong itu menyebar lewat grup WhatsApp keluarga.",
        "Editor majalah itu kemudian mengundurkan diri.",
        "Advertising menjadi sumber pendapatan utama perusahaan media.",
        "Terbaru, polisi menetapkan dua tersangka baru.",
        "Cek fakta yang dilakukan tim menemukan klaim itu keliru.",
    ],
)
def test_body_sentences_that_start_like_page_furniture_stay_body(line: str) -> None:
    raw = f"Judul Berita\nPembukaan berita. Kalimat kedua.\n{line}\n"
    doc = parse(raw)
    assert roles(doc) == ["title", "body", "body"]


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("BACA JUGA: Harga Gula Naik", "related-link"),
        ("Baca: Harga Gula Naik", "related-link"),
        ("Baca Juga", "related-link"),
        ("Lihat Juga :", "related-link"),
        ('Simak Video "Banjir di Kota"', "related-link"),
        ("[Gambas:Video 20detik]", "related-link"),
        ("ADVERTISEMENT", "advertisement"),
        ("SCROLL TO CONTINUE WITH CONTENT", "advertisement"),
        ("Ikuti berita terkini KabarKita di Google News", "advertisement"),
        ("Bagaimana reaksi Anda tentang artikel ini?", "poll"),
        ("A A A", "navigation"),
        ("Bagikan : Facebook Twitter WhatsApp", "navigation"),
        ("HOME > NEWS > NASIONAL", "navigation"),
        ("Beranda » Daerah » Jawa Timur", "navigation"),
        ("Copyright © KabarKita 2024", "navigation"),
        ("IMG_20240101_120000.jpg", "credit"),
        ("Artikel ini telah tayang di KabarKita.id dengan judul Harga Gula", "credit"),
        ("Rep: Sri Wahyuni Red: Agus Salim", "byline"),
        ("Redaktur & Reporter : Sri Wahyuni", "byline"),
    ],
)
def test_page_furniture_lines(line: str, role: str) -> None:
    lead = "Pembukaan berita. Kalimat kedua.\nIsi berita. Kalimat lagi.\nLagi. Dan lagi.\n"
    raw = f"Judul Berita\n{lead}{line}\nPenutup berita. Selesai.\n"
    doc = parse(raw)
    assert roles(doc) == ["title", "body", "body", "body", role, "body"]


def test_photo_file_name_after_a_caption_is_a_credit() -> None:
    raw = (
        "Judul Berita\nWarga antre di depan kantor pos. IMG_20240801_0930.jpg\nIsi berita. Lagi.\n"
    )
    doc = parse(raw)
    assert roles(doc) == ["title", "caption", "credit", "body"]
    assert texts(doc, raw, SegmentRole.CREDIT) == ["IMG_20240801_0930.jpg"]


def test_repeated_paragraph_is_a_duplicate_and_short_repeats_are_not() -> None:
    para = "Warga memadati alun-alun kota sejak pagi hari."
    raw = f"Judul Berita\n{para}\nYa.\nPetugas berjaga.\n{para}\nYa.\n"
    doc = parse(raw)
    assert roles(doc) == ["title", "body", "body", "body", "duplicate", "body"]
    assert doc.text.count(para) == 1


def test_date_words_come_whole_from_annot_lang_id() -> None:
    assert sorted(set(MONTHS.values())) == list(range(1, 13))
    for table in (MONTHS_ID, MONTHS_EN):
        assert sorted(set(table.values())) == list(range(1, 13))
    assert {"jan", "aug", "agu", "agt", "okt", "oct", "des", "dec", "sept"} <= set(MONTHS)
    assert {"jum'at", "jum’at", "jumat", "ahad", "minggu"} <= set(WEEKDAYS)
    zone_type = Published.model_fields["timezone"].annotation
    literal = next(arg for arg in get_args(zone_type) if arg is not type(None))
    assert set(get_args(literal)) == set(TIME_ZONES) == {"WIB", "WITA", "WIT"}
    for words in (MONTHS, WEEKDAYS, SECTION_NAMES, RELATED_MARKERS, OUTLET_NAMES):
        assert all(word == word.lower() for word in words), words
    assert len(set(TOP_LEVEL_DOMAINS)) == len(TOP_LEVEL_DOMAINS)
    assert {"com", "id", "co", "tv", "news", "online"} <= set(TOP_LEVEL_DOMAINS)
