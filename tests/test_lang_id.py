"""annot.lang.id: the speech/names word lists and the one quote-kind rule."""

from __future__ import annotations

import pytest

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
