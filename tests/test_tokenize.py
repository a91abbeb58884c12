"""Tests for annot.tokenize: named cases, policies, IOB2 alignment, sentences, properties."""

from __future__ import annotations

import signal
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annot.errors import AnnotError
from annot.tokenize import (
    NYA_BASES,
    Misalignment,
    SpanOverlapError,
    Token,
    TokenAlignmentError,
    iob2_to_spans,
    sentences,
    spans_to_iob2,
    token_at,
    tokenize,
)

RAW = sorted((Path(__file__).resolve().parent.parent / "raw").glob("*.txt"))
SEPARATORS = "\u200b\u2060\ufeff"


def words(text: str, *, split_clitics: bool = False) -> list[str]:
    return [t.text for t in tokenize(text, split_clitics=split_clitics)]


def assert_invariants(text: str, tokens: list[Token]) -> None:
    """Tokens slice the text, are ordered and disjoint, and cover every visible character."""
    covered = [0] * len(text)
    previous_end = 0
    for token in tokens:
        assert text[token.start : token.end] == token.text, token
        assert previous_end <= token.start < token.end, token
        assert not any(c.isspace() or c in SEPARATORS for c in token.text), token
        for index in range(token.start, token.end):
            covered[index] += 1
        previous_end = token.end
    for index, char in enumerate(text):
        expected = 0 if char.isspace() or char in SEPARATORS else 1
        assert covered[index] == expected, (index, char, tokens)


# -- named cases ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lebih dari 11.000 kontainer", ["lebih", "dari", "11.000", "kontainer"]),
        ("ada 50.000 tentara", ["ada", "50.000", "tentara"]),
        ("sekitar 1.000 orang", ["sekitar", "1.000", "orang"]),
        ("naik 2,5 persen", ["naik", "2,5", "persen"]),
        ("pukul 15:41 WIB", ["pukul", "15:41", "WIB"]),
        ("dimulai pukul 13.30.", ["dimulai", "pukul", "13.30", "."]),
        ("harga Rp50.000,00 per kilo", ["harga", "Rp50.000,00", "per", "kilo"]),
        ("Rabu (19/6/2024).", ["Rabu", "(", "19/6/2024", ")", "."]),
        ("pada Kamis (14/9/2023) pagi", ["pada", "Kamis", "(", "14/9/2023", ")", "pagi"]),
        ("tahun 2019.Kemudian", ["tahun", "2019", ".", "Kemudian"]),
    ],
)
def test_numbers_times_and_dates_stay_whole(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sanksi PBB dan AS", ["sanksi", "PBB", "dan", "AS"]),
        ("rudal antarbenua (ICBM)", ["rudal", "antarbenua", "(", "ICBM", ")"]),
        ("ancaman militer AS. Putin", ["ancaman", "militer", "AS", ".", "Putin"]),
        ("kata Easley.", ["kata", "Easley", "."]),
        ("kata Easley.sinpo", ["kata", "Easley", ".", "sinpo"]),
        ("pejabat U.S. itu", ["pejabat", "U.S.", "itu"]),
        ("a.n. Direktur", ["a.n.", "Direktur"]),
        ("senjata, amunisi, dll. Kemudian", ["senjata", ",", "amunisi", ",", "dll.", "Kemudian"]),
        ("beras, gula, dsb.", ["beras", ",", "gula", ",", "dsb."]),
        ("Jl. Merdeka No. 5", ["Jl.", "Merdeka", "No.", "5"]),
        ("Dr. Siti dan Prof. Budi", ["Dr.", "Siti", "dan", "Prof.", "Budi"]),
        ("H. Ahmad dan B. J. Habibie", ["H.", "Ahmad", "dan", "B.", "J.", "Habibie"]),
        ("Drama.", ["Drama", "."]),
    ],
)
def test_acronyms_abbreviations_and_final_periods(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    "word",
    [
        "negara-negara",
        "multi-kutub",
        "mata-mata",
        "Bangsa-Bangsa",
        "Soekarno-Hatta",
        "ketar-ketir",
        "Leif-Eric",
        "COVID-19",
        "Jum'at",
        "Ma’ruf",
        "BeritaNasional.com",
        "samudrafakta.com",
        "Tribunnews.com",
        "berita.contoh.co.id",
        "redaksi@contoh.co.id",
        "https://www.contoh.co.id/berita?id=5&hal=2",
        "#Pemilu2024",
    ],
)
def test_compounds_apostrophes_and_addresses_stay_whole(word: str) -> None:
    assert words(f"(lihat {word}, katanya)") == ["(", "lihat", word, ",", "katanya", ")"]


def test_url_leaves_final_punctuation_out() -> None:
    assert words("Buka https://contoh.id/a.") == ["Buka", "https://contoh.id/a", "."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Kami siap,” kata dia.", ["“", "Kami", "siap", ",", "”", "kata", "dia", "."]),
        ("harus ‘membayar akibatnya’", ["harus", "‘", "membayar", "akibatnya", "’"]),
        ('"Tidak," ujarnya.', ['"', "Tidak", ",", '"', "ujarnya", "."]),
        ("'Ya' katanya", ["'", "Ya", "'", "katanya"]),
        ("RUSIA – Kunjungan", ["RUSIA", "–", "Kunjungan"]),
        ("jarak pendek—yang", ["jarak", "pendek", "—", "yang"]),
        ("Jakarta - Presiden", ["Jakarta", "-", "Presiden"]),
        ("kepada Rusia… dan", ["kepada", "Rusia", "…", "dan"]),
        ("tunggu... lalu", ["tunggu", "...", "lalu"]),
        (
            "a, b; c: d! e? (f) [g]",
            ["a", ",", "b", ";", "c", ":", "d", "!", "e", "?", "(", "f", ")", "[", "g", "]"],
        ),
        ("Mantap👍🏽!", ["Mantap", "👍🏽", "!"]),
        ("Merdeka 🇮🇩🇮🇩", ["Merdeka", "🇮🇩", "🇮🇩"]),
        ("keluarga 👨\u200d👩\u200d👧 bahagia", ["keluarga", "👨\u200d👩\u200d👧", "bahagia"]),
    ],
)
def test_quotes_dashes_punctuation_and_emoji_are_tokens(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_whitespace_never_part_of_a_token() -> None:
    text = "Baca Juga :\u00a0 Lima\tHari\n\nSetelah\r\nDeklarasi\u200b KPK"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == [
        "Baca",
        "Juga",
        ":",
        "Lima",
        "Hari",
        "Setelah",
        "Deklarasi",
        "KPK",
    ]
    assert tokens[3] == Token("Lima", 13, 17)
    assert_invariants(text, tokens)


def test_token_is_a_frozen_value() -> None:
    token = Token("AS", 0, 2)
    with pytest.raises(AttributeError):
        token.start = 1  # type: ignore[misc]
    assert token == Token("AS", 0, 2)
    assert not hasattr(token, "__dict__")


# -- clitic policy ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    [
        *("katanya", "ujarnya", "terangnya", "hanya", "punya", "tanya", "lainnya", "Kenya"),
        *("bukuku", "rumahmu", "dialah", "apakah", "meskipun", "telah", "masalah"),
    ],
)
def test_clitics_are_kept_by_default(word: str) -> None:
    assert words(word) == [word]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("katanya", ["kata", "nya"]),
        ("Ujarnya", ["Ujar", "nya"]),
        ("TERANGNYA", ["TERANG", "NYA"]),
        ("kepadanya", ["kepada", "nya"]),
        ("hanya", ["hanya"]),
        ("punya", ["punya"]),
        ("tanya", ["tanya"]),
        ("lainnya", ["lainnya"]),
        ("Kenya", ["Kenya"]),
        ("nya", ["nya"]),
        ("dialah", ["dialah"]),
        ("bukuku", ["bukuku"]),
        ("meskipun", ["meskipun"]),
    ],
)
def test_split_clitics_splits_only_listed_nya_bases(word: str, expected: list[str]) -> None:
    assert words(word, split_clitics=True) == expected


def test_split_clitics_offsets() -> None:
    text = "“Siap,” katanya."
    tokens = tokenize(text, split_clitics=True)
    assert tokens[-3:] == [Token("kata", 8, 12), Token("nya", 12, 15), Token(".", 15, 16)]
    assert_invariants(text, tokens)


def test_nya_bases_are_lower_case_words() -> None:
    assert all(base.isalpha() and base == base.lower() for base in NYA_BASES)


# -- IOB2 ---------------------------------------------------------------------------------------


def test_spans_to_iob2_tags_aligned_spans() -> None:
    text = "Presiden Joko Widodo bertemu Sekjen PBB di Jakarta."
    tokens = tokenize(text)
    spans = [(9, 20, "PER"), (36, 39, "ORG"), (43, 50, "LOC")]
    tags, problems = spans_to_iob2(tokens, spans)
    assert problems == []
    assert tags == ["O", "B-PER", "I-PER", "O", "O", "B-ORG", "O", "B-LOC", "O"]
    assert iob2_to_spans(tokens, tags) == spans


def test_boundary_inside_katanya_is_reported_not_tagged() -> None:
    text = "“Kami siap,” katanya."
    tokens = tokenize(text)
    nya = text.index("nya")
    tags, problems = spans_to_iob2(tokens, [(nya, nya + 3, "PER")])
    assert tags == ["O"] * len(tokens)
    katanya = Token("katanya", 13, 20)
    assert problems == [Misalignment(nya, nya + 3, "PER", (katanya,))]
    assert problems[0].snapped == (13, 20)
    message = str(problems[0])
    assert "'katanya' [13, 20)" in message
    assert "not tagged" in message
    assert "[13, 20)" in message
    assert "split_clitics=True" in message
    # The explicit clitic policy makes the same span align.
    split = tokenize(text, split_clitics=True)
    tags, problems = spans_to_iob2(split, [(nya, nya + 3, "PER")])
    assert problems == []
    assert tags[split.index(Token("nya", 17, 20))] == "B-PER"


def test_opening_quote_and_word_are_separate_so_a_span_at_kami_aligns() -> None:
    text = "“Kami mendapat informasi,” tambah Watson."
    tokens = tokenize(text)
    assert tokens[:2] == [Token("“", 0, 1), Token("Kami", 1, 5)]
    tags, problems = spans_to_iob2(tokens, [(1, 5, "PER"), (34, 40, "PER")])
    assert problems == []
    assert tags[:2] == ["O", "B-PER"]
    assert tags[-2:] == ["B-PER", "O"]
    # A span including the quote covers two whole tokens, which is aligned too.
    tags, problems = spans_to_iob2(tokens, [(0, 5, "PER")])
    assert problems == []
    assert tags[:3] == ["B-PER", "I-PER", "O"]


def test_span_cutting_two_tokens_reports_both() -> None:
    text = "Korea Utara menuduh"
    tokens = tokenize(text)
    tags, problems = spans_to_iob2(tokens, [(2, 8, "LOC")])
    assert tags == ["O", "O", "O"]
    assert problems[0].cut == (Token("Korea", 0, 5), Token("Utara", 6, 11))
    assert problems[0].snapped == (0, 11)


def test_span_in_a_hyphenated_compound_is_reported() -> None:
    text = "hubungan Korea-Rusia"
    tokens = tokenize(text)
    _, problems = spans_to_iob2(tokens, [(9, 14, "LOC")])
    assert problems[0].cut == (Token("Korea-Rusia", 9, 20),)


@pytest.mark.parametrize("span", [(3, 3, "PER"), (4, 5, "PER"), (40, 45, "PER")])
def test_span_covering_no_token_is_reported(span: tuple[int, int, str]) -> None:
    tokens = tokenize("Ada  Budi")
    tags, problems = spans_to_iob2(tokens, [span])
    assert tags == ["O", "O"]
    assert problems == [Misalignment(*span, cut=())]
    assert problems[0].snapped is None
    assert "covers no token" in str(problems[0])


def test_boundaries_in_whitespace_are_fine() -> None:
    tokens = tokenize("kata  Budi  kemarin")
    tags, problems = spans_to_iob2(tokens, [(5, 12, "PER")])
    assert problems == []
    assert tags == ["O", "B-PER", "O"]
    assert iob2_to_spans(tokens, tags) == [(6, 10, "PER")]


def test_overlapping_spans_raise_naming_both() -> None:
    tokens = tokenize("Dewan Keamanan PBB bersidang")
    with pytest.raises(SpanOverlapError) as caught:
        spans_to_iob2(tokens, [(15, 18, "ORG"), (0, 18, "ORG")])
    error = caught.value
    assert isinstance(error, AnnotError)
    assert isinstance(error, ValueError)
    assert (error.first, error.second) == ((0, 18, "ORG"), (15, 18, "ORG"))
    assert "(0, 18, 'ORG')" in str(error)
    assert "(15, 18, 'ORG')" in str(error)
    assert "Resolve overlaps first" in str(error)


def test_adjacent_spans_do_not_overlap() -> None:
    tokens = tokenize("Joko Widodo")
    tags, problems = spans_to_iob2(tokens, [(0, 4, "PER"), (5, 11, "PER")])
    assert (tags, problems) == (["B-PER", "B-PER"], [])
    assert iob2_to_spans(tokens, tags) == [(0, 4, "PER"), (5, 11, "PER")]


@pytest.mark.parametrize(
    ("span", "fragment"),
    [((5, 2, "PER"), "reversed"), ((-1, 2, "PER"), "negative"), ((0, 2, ""), "empty label")],
)
def test_malformed_spans_raise(span: tuple[int, int, str], fragment: str) -> None:
    with pytest.raises(TokenAlignmentError, match=fragment):
        spans_to_iob2(tokenize("Ada Budi"), [span])


def test_unordered_tokens_raise() -> None:
    tokens = tokenize("Ada Budi")
    with pytest.raises(TokenAlignmentError, match="ordered and disjoint"):
        spans_to_iob2(tokens[::-1], [])


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["O", "I-PER", "I-PER"], [(4, 16, "PER")]),
        (["B-PER", "I-LOC", "O"], [(0, 3, "PER"), (4, 8, "LOC")]),
        (["I-PER", "B-PER", "I-PER"], [(0, 3, "PER"), (4, 16, "PER")]),
        (["B-ORG-X", "I-ORG-X", "O"], [(0, 8, "ORG-X")]),
        (["O", "O", "O"], []),
    ],
)
def test_iob2_to_spans_follows_seqeval_default_mode(
    tags: list[str], expected: list[tuple[int, int, str]]
) -> None:
    tokens = tokenize("Ada Budi Santoso")
    assert iob2_to_spans(tokens, tags) == expected


@pytest.mark.parametrize("tag", ["B", "I-", "X-PER", "b-PER", "S-PER"])
def test_iob2_to_spans_refuses_non_iob2_tags(tag: str) -> None:
    tokens = tokenize("Ada Budi")
    with pytest.raises(TokenAlignmentError, match="is not IOB2") as caught:
        iob2_to_spans(tokens, ["O", tag])
    assert "'Budi'" in str(caught.value)


def test_iob2_to_spans_refuses_length_mismatch() -> None:
    with pytest.raises(TokenAlignmentError, match="2 tokens but 1 tags"):
        iob2_to_spans(tokenize("Ada Budi"), ["O"])


# -- sentences ----------------------------------------------------------------------------------


def sentence_texts(text: str, *, line_breaks: bool = True) -> list[str]:
    return [text[s:e] for s, e in sentences(text, line_breaks=line_breaks)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“Aliansi itu tahan lama,” kata Easley. Putin diam.",
            ["“Aliansi itu tahan lama,” kata Easley.", "Putin diam."],
        ),
        (
            "Ia berkata: “Kami siap.” Lalu pergi.",
            ["Ia berkata: “Kami siap.”", "Lalu pergi."],
        ),
        ("Apa kabar? Baik! Terima kasih…", ["Apa kabar?", "Baik!", "Terima kasih…"]),
        ("Ada 11.000 kontainer. Dr. Siti setuju.", ["Ada 11.000 kontainer.", "Dr. Siti setuju."]),
        ("Habibie alias B. J. Habibie hadir.", ["Habibie alias B. J. Habibie hadir."]),
        ("beras, gula, dll. Semua naik.", ["beras, gula, dll.", "Semua naik."]),
        ("beras, gula, dll. yang lain", ["beras, gula, dll. yang lain"]),
        ("Kepada Rusia… dan Iran.", ["Kepada Rusia… dan Iran."]),
        ("Rabu (19/6/2024). FOTO: AFP", ["Rabu (19/6/2024).", "FOTO: AFP"]),
        ("Ia pulang. (KCNA)", ["Ia pulang.", "(KCNA)"]),
        ("Ia pulang. “Besok lagi,” katanya.", ["Ia pulang.", "“Besok lagi,” katanya."]),
        ("kata Easley.sinpo", ["kata Easley.sinpo"]),
        ("Judul tanpa titik\n\nIsi berita.", ["Judul tanpa titik", "Isi berita."]),
        ("  \n ", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentence_texts(text) == expected


def test_single_line_breaks_end_sentences_unless_disabled() -> None:
    text = "Bantuan teknologi rahasia\nOktober lalu, senjata dikirim\nke Rusia.\n\nSelesai."
    assert sentence_texts(text) == [
        "Bantuan teknologi rahasia",
        "Oktober lalu, senjata dikirim",
        "ke Rusia.",
        "Selesai.",
    ]
    assert sentence_texts(text, line_breaks=False) == [
        "Bantuan teknologi rahasia\nOktober lalu, senjata dikirim\nke Rusia.",
        "Selesai.",
    ]


def test_sentences_accept_split_clitic_tokens() -> None:
    text = "“Siap,” katanya. Lalu pergi."
    tokens = tokenize(text, split_clitics=True)
    assert sentences(text, tokens) == [(0, 16), (17, 28)]


def test_sentences_refuse_tokens_of_another_text() -> None:
    with pytest.raises(TokenAlignmentError, match="does not match the text"):
        sentences("Ada Budi.", tokenize("Ada Badu."))


# -- properties ---------------------------------------------------------------------------------

FRAGMENTS = [
    "Korea",
    "Utara",
    "AS",
    "PBB",
    "negara-negara",
    "katanya",
    "11.000",
    "19/6/2024",
    "(",
    ")",
    "“",
    "”",
    "‘",
    "’",
    '"',
    "'",
    ".",
    ",",
    "…",
    "—",
    "-",
    "Jum'at",
    "dll.",
    "Dr.",
    "A.",
    "U.S.",
    "samudrafakta.com",
    "👍🏽",
    "nya",
    "Kim",
    "Jong",
    "Un",
    "kata",
]
GLUE = ["", " ", " ", " ", "\u00a0", "\t", "\n", "\n\n", "\u200b"]

realistic_text = st.lists(
    st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(GLUE)), max_size=40
).map(lambda parts: "".join(f + g for f, g in parts))
any_text = st.text(max_size=200) | realistic_text


@given(any_text, st.booleans())
@settings(max_examples=300)
def test_tokens_slice_order_and_cover_the_text(text: str, split_clitics: bool) -> None:
    assert_invariants(text, tokenize(text, split_clitics=split_clitics))


@given(any_text, st.booleans())
@settings(max_examples=300)
def test_token_at_names_the_token_an_offset_cuts(text: str, split_clitics: bool) -> None:
    # the oracle: the whole text's tokens, each offset strictly inside one of them
    cut = {
        offset: token
        for token in tokenize(text, split_clitics=split_clitics)
        for offset in range(token.start + 1, token.end)
    }
    for offset in range(len(text) + 1):
        assert token_at(text, offset, split_clitics=split_clitics) == cut.get(offset)


def test_token_at_a_long_stretch_without_spaces() -> None:
    text = "a" * 300 + ".com/" + "katanya," * 50 + " Jakarta"
    tokens = tokenize(text, split_clitics=True)
    assert token_at(text, 10, split_clitics=True) == tokens[0]
    assert token_at(text, len(text) - 3) == Token("Jakarta", len(text) - 7, len(text))
    assert token_at(text, len(text) - 8) is None


@given(any_text)
def test_sentences_partition_the_tokens(text: str) -> None:
    tokens = tokenize(text)
    bounds = sentences(text, tokens)
    starts = {t.start for t in tokens}
    ends = {t.end for t in tokens}
    assert all(s in starts and e in ends and s < e for s, e in bounds)
    assert all(a[1] < b[0] for a, b in pairwise(bounds))
    inside = sum(1 for t in tokens for s, e in bounds if s <= t.start and t.end <= e)
    assert inside == len(tokens)


@st.composite
def text_with_aligned_spans(
    draw: st.DrawFn,
) -> tuple[list[Token], list[tuple[int, int, str]]]:
    tokens = tokenize(draw(realistic_text), split_clitics=draw(st.booleans()))
    cuts = sorted(draw(st.sets(st.integers(0, len(tokens)), max_size=10)))
    spans = []
    for first, stop in zip(cuts[::2], cuts[1::2], strict=False):
        if draw(st.booleans()):
            label = draw(st.sampled_from(["PER", "ORG", "LOC", "MISC-X"]))
            spans.append((tokens[first].start, tokens[stop - 1].end, label))
    return tokens, spans


@given(text_with_aligned_spans())
@settings(max_examples=300)
def test_iob2_round_trip_for_token_aligned_spans(
    case: tuple[list[Token], list[tuple[int, int, str]]],
) -> None:
    tokens, spans = case
    tags, problems = spans_to_iob2(tokens, spans)
    assert problems == []
    assert iob2_to_spans(tokens, tags) == spans


@given(realistic_text, st.data())
@settings(max_examples=300)
def test_arbitrary_spans_are_tagged_whole_or_reported(text: str, data: st.DataObject) -> None:
    tokens = tokenize(text)
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=8)))
    spans = [(s, e, "PER") for s, e in zip(cuts[::2], cuts[1::2], strict=False)]
    tags, problems = spans_to_iob2(tokens, spans)
    found = iob2_to_spans(tokens, tags)
    reported = {(p.start, p.end) for p in problems}
    assert len(found) + len(problems) == len(spans)
    for start, end, _ in found:  # every tagged entity is a whole-token part of an intact span
        owner = [s for s in spans if s[0] <= start and end <= s[1]]
        assert len(owner) == 1
        assert (owner[0][0], owner[0][1]) not in reported
        gaps = text[owner[0][0] : start] + text[end : owner[0][1]]
        assert all(c.isspace() or c in SEPARATORS for c in gaps)
    for problem in problems:
        inside = [t for t in tokens if problem.start < t.end and t.start < problem.end]
        assert all(tags[tokens.index(t)] == "O" for t in inside)


# -- the real articles --------------------------------------------------------------------------


def test_raw_articles_are_present() -> None:
    assert len(RAW) == 5


@pytest.mark.parametrize("path", RAW, ids=lambda p: p.name)
def test_raw_articles_keep_the_invariants(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for split_clitics in (False, True):
        tokens = tokenize(text, split_clitics=split_clitics)
        assert_invariants(text, tokens)
        bounds = sentences(text, tokens)
        assert bounds
        assert all(text[s:e] == text[s:e].strip() for s, e in bounds)


def test_raw_articles_named_tokens() -> None:
    texts = {p.name[:3]: words(p.read_text(encoding="utf-8")) for p in RAW}
    assert {"11.000", "negara-negara", "multi-kutub", "mata-mata", "BeritaNasional.com"} <= set(
        texts["000"]
    )
    assert {"1.000", "Tribunnews.com", "“", "”"} <= set(texts["001"])
    assert {"50.000", "‘", "’", "kota-kota"} <= set(texts["002"])
    assert {"samudrafakta.com", "19/6/2024", "ICBM", "…", "—"} <= set(texts["003"])
    assert {"14/9/2023", "Bangsa-Bangsa", "PBB", "–", "ujarnya"} <= set(texts["004"])
    assert "Easley" in texts["000"]
    assert "Easley." not in texts["000"]


@pytest.mark.parametrize("unit", ["ab.", "kata.", "a.b@", "x-y."])
def test_dotted_runs_without_spaces_tokenize_in_linear_time(unit: str) -> None:
    # Unbounded domain/e-mail patterns rescanned the whole run from every word: 40+ s at 20k
    # units, ~16x that at 80k. Not a timing assertion (speed lives in benchmarks/): a hang
    # guard an order of magnitude above the linear cost, so only the quadratic regression trips.
    text = unit * 80_000
    signal.signal(signal.SIGALRM, _too_slow)
    signal.alarm(120)
    try:
        tokens = tokenize(text)
    finally:
        signal.alarm(0)
    assert_invariants(text, tokens)


def _too_slow(signum: int, frame: object) -> None:
    raise AssertionError("tokenize did not finish a dotted run in 120 s: quadratic again?")
