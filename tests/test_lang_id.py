"""annot.lang.id: the speech/names word lists and the one quote-kind rule."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

import annot.lang.id as lang
from annot.labelstudio.convert import infer_quote_kind
from annot.lang.id import (
    NYA_BASES,
    POSTPOSED_CUES,
    PRONOUNS,
    SPEECH_VERBS,
    enclosed_in_quotes,
    me_n,
)
from annot.preannotate.gold import GoldSpec, resolve_gold
from annot.schema import Document, QuoteKind, Span


@pytest.mark.parametrize(
    ("base", "active"),
    [
        ("kata", "mengata"),
        ("tegas", "menegas"),
        ("sebut", "menyebut"),
        ("papar", "memapar"),
        ("bocor", "membocor"),
        ("jawab", "menjawab"),
        ("ungkap", "mengungkap"),
        ("lapor", "melapor"),
        ("nyata", "menyata"),
        ("klaim", "mengklaim"),
        ("peringat", "memperingat"),
        ("tekan", "menekan"),
    ],
)
def test_me_n_assimilates_the_nasal(base: str, active: str) -> None:
    assert me_n(base) == active


def test_the_issue_cue_verbs_are_known() -> None:
    for verb in (
        "mengakui", "mengaku", "memastikan", "memaparkan", "berujar", "menekankan",
        "membocorkan", "mengatakan", "menyatakan",
    ):  # fmt: skip
        assert verb in SPEECH_VERBS, verb
    for cue in ("sambung", "papar", "tandas", "tanya", "jawab", "seloroh", "kata", "ujar"):
        assert cue in POSTPOSED_CUES, cue
        assert cue in NYA_BASES, cue
    assert {"dia", "ia", "beliau", "mereka", "-nya"} <= PRONOUNS


@pytest.mark.parametrize(
    ("text", "content", "direct"),
    [
        ("“Kami siap,” kata Budi.", "Kami siap", True),
        ('“Kami siap," kata Budi.', "Kami siap", True),
        ('"Kami siap,” kata Budi.', "Kami siap", True),
        ("''Kami siap,'' kata Budi.", "Kami siap", True),
        ("Budi mengatakan kami siap.", "kami siap", False),
    ],
)
def test_one_quote_kind_rule(text: str, content: str, direct: bool) -> None:
    start = text.index(content)
    end = start + len(content)
    assert enclosed_in_quotes(text, start, end) is direct
    kind = QuoteKind.DIRECT if direct else QuoteKind.INDIRECT
    assert infer_quote_kind(text, Span.at(text, start, end)) is kind
    spec = GoldSpec.model_validate({"id": "d", "quotes": [{"id": "q1", "content": content}]})
    (quote,) = resolve_gold(spec, Document(id="d", text=text)).quotes
    assert quote.kind is kind


# -- annot.lang.id is the single home of Indonesian word lists ---------------------------------

ANNOT = Path(__file__).resolve().parent.parent / "annot"

#: Files whose Indonesian strings are data, not word lists.
DATA_FILES = {
    "export/sample.py": "the sample documents of `annot sample` and their annotations",
    "schema/taxonomy.py": "the labels' Indonesian titles and examples shown to annotators, "
    "not words that rules match",
}

_PATTERN_LIKE = re.compile(r"\||\\s|\\b|\(\?|\[ \\t\]")
_WORD = re.compile(r"(?<![A-Za-z])[a-z]{2,}(?![a-z])")
_ESCAPE = re.compile(r"\\[A-Za-z]")
"""A regex escape (``\\b``, ``\\s``, ``\\w``): not part of a word."""


def _indonesian_words() -> frozenset[str]:
    """Distinctly Indonesian words of the lang lists: months, weekdays, speech verbs,
    function words, titles, organisation heads, numbers, time and claim words."""
    lists: list[Iterable[str]] = [
        lang.MONTHS_ID, lang.WEEKDAYS_ID, lang.SPEECH_VERBS, lang.POSTPOSED_CUES,
        lang.NON_SPEAKER_PREPOSITIONS, lang.CLAUSE_WORDS, lang.SENTENCE_ADVERBS,
        lang.DEMONSTRATIVES, lang.THIRD_PERSON_PRONOUNS, lang.NOT_MAIN_CLAUSE,
        lang.SUBJECT_TRAILING_ADVERBS, lang.CLAUSE_LINKS, lang.NOT_A_CLAUSE,
        lang.ORGANISATION_HEADS, lang.DESCRIPTION_HEADS, lang.NUMBER_WORDS, lang.TIME_UNITS,
        lang.RELATIVE_TIME_WORDS, lang.QUANTITY_MODIFIERS, lang.NOT_COUNTED,
        lang.COMPLEMENT_STOP, lang.MEASURE_HEADS, lang.HEDGES, lang.DENIAL_VERBS,
        lang.REPORT_VERBS, lang.CHECKABLE_VERBS, lang.ACCUSATION_VERBS, lang.OPINION_MARKERS,
        lang.DENIED_NOUNS, lang.QUARTER_WORDS, lang.SEASONS, lang.TIME_WORDS,
        (lang.COMPLEMENTIZER, lang.RELATIVE_PRONOUN, lang.MENURUT),
    ]  # fmt: skip
    words = {w for phrases in lists for p in phrases for w in p.lower().split()}
    words = {w for w in words if _WORD.fullmatch(w)}
    return frozenset(words - {"bank", "pt", "cv", "kg", "per", "ton", "liter", "paket"})


def _docstring_nodes(tree: ast.Module) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            found.update(
                id(s.value)
                for s in node.body
                if isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)
            )
    return found


def indonesian_literals(source: str, words: frozenset[str]) -> list[tuple[int, str, str]]:
    """(line, word, literal) for each string literal that spells out an Indonesian word list:
    a regex naming a word, or a literal that is exactly one word (an item of a tuple, set or
    dict). Docstrings and sentences (examples, messages) are not word lists."""
    tree = ast.parse(source)
    docstrings = _docstring_nodes(tree)
    found: list[tuple[int, str, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        if id(node) in docstrings:
            continue
        literal = node.value
        if _PATTERN_LIKE.search(literal):
            hits = sorted(set(_WORD.findall(_ESCAPE.sub(" ", literal).lower())) & words)
        else:
            item = literal.strip()
            item = item.lower() if item[:1].isupper() and item[1:].islower() else item
            hits = [item] if item in words else []
        found += [(node.lineno, hit, literal) for hit in hits]
    return sorted(found)


def test_the_scan_finds_word_lists_and_spares_sentences() -> None:
    words = _indonesian_words()
    source = (
        '"""Menurut dia, docstrings are examples."""\n'
        'STOP = frozenset({"dan", "yang"})\n'
        'MONTH = r"Januari|Februari"\n'
        'VERB = re.compile(r"\\bmengatakan\\s+bahwa")\n'
        'EXAMPLE = "Budi mengatakan bahwa ia siap."\n'
        'CODE = "editor"\n'
    )
    assert [(line, word) for line, word, _ in indonesian_literals(source, words)] == [
        (2, "dan"),
        (2, "yang"),
        (3, "februari"),
        (3, "januari"),
        (4, "bahwa"),
        (4, "mengatakan"),
    ]


def test_lang_id_is_the_single_home_of_indonesian_word_lists() -> None:
    words = _indonesian_words()
    assert {"mengatakan", "januari", "menurut", "kementerian", "bahwa", "puluhan"} <= words
    problems = []
    for path in sorted(ANNOT.rglob("*.py")):
        relative = path.relative_to(ANNOT).as_posix()
        if relative.startswith("lang/") or relative in DATA_FILES:
            continue
        for line, word, literal in indonesian_literals(path.read_text("utf-8"), words):
            problems.append(f"annot/{relative}:{line}: {word!r} in {literal[:60]!r}")
    assert not problems, (
        "Indonesian word lists outside annot/lang/id.py; move them there and import them:\n"
        + "\n".join(problems)
    )
