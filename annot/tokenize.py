"""Indonesian word tokenizer with character offsets, IOB2 conversion and sentence splitting.

Pure Python and :mod:`re`; importing this module pulls in nothing heavy.

Offsets everywhere are half-open Unicode code-point indices (Python ``str`` indices) into the
text given to :func:`tokenize`, so ``token.text == text[token.start:token.end]`` always holds.

Tokenization policy
-------------------
Whitespace (``str.isspace()``: spaces, NBSP, tabs, newlines, ...) and the invisible separators in
:data:`INVISIBLE_SEPARATORS` (zero-width space, word joiner, byte-order mark) separate tokens and
are never part of one. Every other character belongs to exactly one token. At each position the
first of these rules that matches wins:

1. URLs starting with ``http://``, ``https://`` or ``www.``, without trailing ``.,;:!?``.
2. E-mail addresses (``redaksi@contoh.co.id``; local part of at most 64 characters).
3. Domains ending in a known top-level domain (:data:`TOP_LEVEL_DOMAINS`, lower case), with an
   optional path: ``BeritaNasional.com``, ``samudrafakta.com`` (at most 7 labels of at most 63
   characters). A dot between two words that is not a domain is split (``Easley.sinpo`` ->
   ``Easley`` ``.`` ``sinpo``).
4. Chains of single letters with dots: ``U.S.``, ``a.n.``, ``S.H.`` (the last dot included).
5. Known abbreviations (:data:`ABBREVIATIONS`, case-sensitive) keep their dot: ``dll.``,
   ``No.``, ``Jl.``, ``Dr.``.
6. A single capital letter followed by a dot is an initial: ``B. J. Habibie`` -> ``B.`` ``J.``
   ``Habibie``. Trade-off: a sentence ending in a one-letter word (``grup A.``) keeps its dot.
7. Hashtags and mentions (``#Pemilu2024``, ``@kemlu``).
8. Words and numbers: runs of letters, digits, ``_`` and combining marks, joined by

   * a hyphen (``-``, U+2010, U+2011) or soft hyphen between two word characters:
     reduplication and compounds stay whole (``negara-negara``, ``multi-kutub``,
     ``Bangsa-Bangsa``, ``Soekarno-Hatta``, ``COVID-19``);
   * an apostrophe (``'`` or ``’``) between two word characters: ``Jum'at``, ``Ma’ruf``;
   * ``.`` ``,`` ``:`` ``/`` between two *digits*: Indonesian thousands dots and decimal commas,
     times and dates stay whole (``11.000``, ``2,5``, ``15:41``, ``13.30``, ``19/6/2024``).

   All-capital acronyms are ordinary words (``AS``, ``PBB``, ``ICBM``); a period after any word
   that is not in rules 4-6 is its own token (``Easley.`` -> ``Easley`` ``.``; ``AS.`` -> ``AS``
   ``.``).
9. Two or more dots: ``...``.
10. An emoji with its modifiers, variation selectors and zero-width-joiner sequence, or a flag
    (pair of regional indicators): ``👍🏽``, ``🇮🇩``.
11. Any other single character is its own token: typographic and straight quotes
    ``“ ” ‘ ’ " '``, dashes ``– —`` and a lone ``-``, ``, ; : ! ? ( ) [ ] …`` and the rest.

Clitic policy (``-nya``, ``-ku``, ``-mu``, ``-lah``, ``-kah``, ``-pun``)
------------------------------------------------------------------------
By default clitics are **never split**: ``katanya``, ``ujarnya``, ``bukumu``, ``dialah`` are one
token each. Splitting by suffix would break words in which the letters are not a clitic
(``hanya``, ``punya``, ``tanya``, ``Kenya``, ``telah``, ``masalah``, ``langkah``, ``buku``,
``ilmu``, ``ampun``).

``tokenize(text, split_clitics=True)`` splits exactly one thing: a final ``nya`` (any case) off a
word whose remainder is in :data:`NYA_BASES`, a short list of speech verbs used for quote
attribution and of prepositions (``katanya`` -> ``kata`` ``nya``, ``kepadanya`` -> ``kepada``
``nya``). ``-ku``, ``-mu``, ``-lah``, ``-kah`` and ``-pun`` are never split.

Whatever the policy, an annotation boundary that falls inside a token is never tagged silently:
:func:`spans_to_iob2` reports it as a :class:`Misalignment`.

IOB2
----
:func:`spans_to_iob2` tags the tokens lying wholly inside a span ``B-label``/``I-label``. A span
boundary inside a token leaves the whole span untagged and yields a :class:`Misalignment`; so
does a span that covers no token (empty, or whitespace only). A boundary in the whitespace between
tokens is fine. Overlapping spans raise :class:`SpanOverlapError`: resolve overlaps first (the
export keeps the outermost span).

:func:`iob2_to_spans` is the inverse. Like seqeval's default (non-strict) mode, an ``I-X`` after
``O`` or after a tag of another type starts a new entity.

Sentences
---------
:func:`sentences` ends a sentence after ``.`` ``!`` ``?`` ``…`` or ``...`` (plus any closing
quotes or brackets directly after them) when whitespace and then a capital letter, an opening
quote or bracket, or the end of the text follows. Numbers (``11.000``) and abbreviations (``Dr.``)
are single tokens and never end a sentence, except the enumeration abbreviations in
:data:`SENTENCE_FINAL_ABBREVIATIONS` (``dll.``) when a capital follows. A blank line always ends a
sentence; so does a single line break unless ``line_breaks=False`` (scraped articles put one
paragraph per line; use ``False`` for hard-wrapped text).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, NamedTuple

from annot.errors import AnnotError
from annot.lang.id import (
    CLOSING_QUOTE_CHARACTERS,
    COMPANY_ABBREVIATIONS,
    NYA_BASES,
    OPENING_QUOTE_CHARACTERS,
    REFERENCE_ABBREVIATIONS,
    SENTENCE_FINAL_ABBREVIATIONS,
    TITLE_ABBREVIATIONS,
    TOP_LEVEL_DOMAINS,
)

__all__ = [
    "ABBREVIATIONS",
    "INVISIBLE_SEPARATORS",
    "NYA_BASES",
    "SENTENCE_FINAL_ABBREVIATIONS",
    "TOP_LEVEL_DOMAINS",
    "Misalignment",
    "SpanOverlapError",
    "Token",
    "TokenAlignmentError",
    "iob2_to_spans",
    "sentences",
    "spans_to_iob2",
    "token_at",
    "tokenize",
]

INVISIBLE_SEPARATORS = "\u200b\u2060\ufeff"
"""Zero-width space, word joiner and byte-order mark: separate tokens like whitespace."""

ABBREVIATIONS = (
    SENTENCE_FINAL_ABBREVIATIONS
    | REFERENCE_ABBREVIATIONS
    | TITLE_ABBREVIATIONS
    | COMPANY_ABBREVIATIONS
)
"""Abbreviations that keep their dot (case-sensitive). Single initials (``H.``) and letter
chains (``U.S.``) are handled by rule, not listed."""


# -- the tokenizer pattern ----------------------------------------------------------------

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_W = rf"[\w{_MARKS}]"  # word character: letters, digits, underscore, combining marks
_WORD = rf"{_W}+(?:(?:[-\u2010\u2011\u00ad'’](?={_W})|(?<=\d)[.,:/](?=\d)){_W}+)*"
_NO_URL = r"\s\"'“”‘’<>()\[\]{}" + INVISIBLE_SEPARATORS
_URL_TAIL = rf"[^{_NO_URL}]*[^{_NO_URL}.,;:!?]"
# Domain labels and e-mail local parts are bounded (as in RFC 1035/5321) so that a long run of
# dotted words without spaces is not rescanned from every word: tokenizing stays linear.
_LABEL = rf"{_W}(?:[\w-]{{0,61}}{_W})?"
_TLD = "|".join(sorted(TOP_LEVEL_DOMAINS, key=len, reverse=True))
_ABBR = "|".join(re.escape(a[:-1]) for a in sorted(ABBREVIATIONS, key=len, reverse=True))
_EMOJI_BASE = "\u2600-\u27bf\U0001f000-\U0001f0ff\U0001f300-\U0001faff"
_EMOJI_MOD = "\ufe0f\U0001f3fb-\U0001f3ff"
_EMOJI_ONE = rf"[{_EMOJI_BASE}][{_EMOJI_MOD}]*"
_FLAG = "[\U0001f1e6-\U0001f1ff]{2}"

_TOKEN_RE = re.compile(
    "|".join(
        [
            # 0 (a shortcut, not a rule): most tokens are plain words followed by a space or a
            # punctuation mark that no rule 1-8 continues through; they match rule 8 exactly,
            # without trying the URL, e-mail and domain patterns first.
            rf"{_W}+(?=[\s;!?)”\"]|,\s|\Z)",
            rf"(?:https?://|www\.){_URL_TAIL}",  # 1 URL
            rf"{_W}(?:[\w.+-]{{0,62}}{_W})?@{_LABEL}(?:\.{_LABEL}){{1,6}}",  # 2 e-mail
            rf"{_LABEL}(?:\.{_LABEL}){{0,5}}\.(?:{_TLD})(?!{_W})(?:/{_URL_TAIL})?",  # 3 domain
            r"(?:[^\W\d_]\.){2,}",  # 4 letter chain U.S.
            rf"(?:{_ABBR})\.",  # 5 known abbreviation
            r"[A-Z]\.",  # 6 initial
            rf"[#@]{_W}+",  # 7 hashtag, mention
            _WORD,  # 8 word, number
            r"\.{2,}",  # 9 ellipsis
            rf"{_FLAG}|{_EMOJI_ONE}(?:\u200d{_EMOJI_ONE})*",  # 10 emoji
            rf"[^\s{INVISIBLE_SEPARATORS}]",  # 11 any other character
        ]
    )
)


class Token(NamedTuple):
    """A token: ``text == source[start:end]``, half-open code-point offsets.

    A named tuple, not a dataclass: a news article has thousands of tokens, and a tuple is made
    several times faster than a frozen dataclass instance (immutable and slot-free all the same).
    """

    text: str
    start: int
    end: int


def tokenize(text: str, *, split_clitics: bool = False) -> list[Token]:
    """Split ``text`` into tokens with offsets; see the module docstring for the rules.

    With ``split_clitics=True`` a final ``nya`` is split off words whose base is in
    :data:`NYA_BASES` (``katanya`` -> ``kata`` ``nya``); nothing else changes.
    """
    return _tokens(text, 0, len(text), split_clitics)


#: Longest stretch without whitespace that :func:`token_at` tokenizes by itself; past it,
#: the whole text is tokenized once (so that time stays linear in the number of offsets).
_LOCAL_RUN: Final = 256


def token_at(text: str, offset: int, *, split_clitics: bool = False) -> Token | None:
    """The token of ``tokenize(text, split_clitics=...)`` that ``offset`` falls strictly
    inside (``start < offset < end``), else ``None``: whether a span boundary cuts a token.

    Tokenizes only the stretch around ``offset`` between whitespace: no token holds
    whitespace, every rule looks at most two characters ahead and one behind, so the tokens
    of a stretch (with the whitespace after it) are the text's tokens there.
    """
    if not 0 < offset < len(text) or text[offset - 1].isspace() or text[offset].isspace():
        return None
    start, end = offset - 1, offset + 1
    while start > 0 and not text[start - 1].isspace() and offset - start <= _LOCAL_RUN:
        start -= 1
    while end < len(text) and not text[end].isspace() and end - offset <= _LOCAL_RUN:
        end += 1
    if offset - start > _LOCAL_RUN or end - offset > _LOCAL_RUN:
        tokens = _cached_tokens(text, split_clitics)
    else:
        tokens = _tokens(text, start, min(end + 1, len(text)), split_clitics)
    starts = [token.start for token in tokens]
    index = bisect_right(starts, offset) - 1
    if index >= 0 and tokens[index].start < offset < tokens[index].end:
        return tokens[index]
    return None


@functools.lru_cache(maxsize=2)
def _cached_tokens(text: str, split_clitics: bool) -> list[Token]:
    return _tokens(text, 0, len(text), split_clitics)


def _tokens(text: str, pos: int, endpos: int, split_clitics: bool) -> list[Token]:
    """The tokens of ``text[pos:endpos]`` (offsets into ``text``), ``pos`` after whitespace."""
    make = Token._make
    tokens = [make((m.group(), *m.span())) for m in _TOKEN_RE.finditer(text, pos, endpos)]
    if not split_clitics:
        return tokens
    split: list[Token] = []
    for token in tokens:
        word = token.text
        if len(word) > 3 and word[-3:].lower() == "nya" and word[:-3].lower() in NYA_BASES:
            cut = token.end - 3
            split.append(Token(word[:-3], token.start, cut))
            split.append(Token(word[-3:], cut, token.end))
        else:
            split.append(token)
    return split


# -- IOB2 -------------------------------------------------------------------------------------


class TokenAlignmentError(AnnotError, ValueError):
    """Spans, tokens or tags that cannot be aligned at all (bad input, not a misalignment)."""


class SpanOverlapError(TokenAlignmentError):
    """Two spans given to :func:`spans_to_iob2` share characters."""

    def __init__(self, first: tuple[int, int, str], second: tuple[int, int, str]) -> None:
        super().__init__(
            f"spans {first!r} and {second!r} overlap; IOB2 gives each token one tag, so the "
            "spans passed to spans_to_iob2 must not overlap. Resolve overlaps first (the export "
            "keeps the outermost span), e.g. drop or shorten one of the two."
        )
        self.first = first
        self.second = second


@dataclass(frozen=True, slots=True)
class Misalignment:
    """A span that :func:`spans_to_iob2` left untagged because it does not fit the tokens.

    ``cut`` holds the tokens a span boundary falls inside (one or two; one when both boundaries
    fall in the same token). It is empty when the span covers no token at all (an empty span, or
    only whitespace).
    """

    start: int
    end: int
    label: str
    cut: tuple[Token, ...]

    @property
    def snapped(self) -> tuple[int, int] | None:
        """The smallest token-aligned ``(start, end)`` containing the span, if any."""
        if not self.cut:
            return None
        return (
            min(self.start, *(t.start for t in self.cut)),
            max(self.end, *(t.end for t in self.cut)),
        )

    def __str__(self) -> str:
        where = f"span [{self.start}, {self.end}) labelled {self.label!r}"
        if not self.cut:
            return (
                f"{where} covers no token (it is empty or whitespace only) and was not tagged. "
                "Drop it or fix its offsets; check with annot.tokenize.tokenize(text)."
            )
        cuts = ", ".join(f"{t.text!r} [{t.start}, {t.end})" for t in self.cut)
        snapped = self.snapped
        assert snapped is not None
        return (
            f"{where} has a boundary inside token {cuts} and was not tagged. Move the span to "
            f"token boundaries, e.g. [{snapped[0]}, {snapped[1]}), or tokenize differently "
            "(tokenize(text, split_clitics=True) splits the '-nya' of annot.tokenize.NYA_BASES); "
            f"inspect with [t for t in tokenize(text) if t.end > {self.start} and "
            f"t.start < {self.end}]."
        )


def _check_tokens(tokens: Sequence[Token]) -> None:
    previous_end = 0
    for index, token in enumerate(tokens):
        if token.start < previous_end or token.end <= token.start:
            raise TokenAlignmentError(
                f"token {index} {token!r} is empty, reversed, or overlaps the token before it "
                f"(which ends at {previous_end}); tokens must be ordered and disjoint. Pass the "
                "list returned by annot.tokenize.tokenize(text) unchanged."
            )
        previous_end = token.end


def _check_spans(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    ordered = sorted(spans)
    for span in ordered:
        start, end, label = span
        if start < 0 or end < start:
            raise TokenAlignmentError(
                f"span {span!r} has negative or reversed offsets; spans are (start, end, label) "
                "with 0 <= start <= end, half-open code-point offsets into the tokenized text."
            )
        if not label or label != label.strip():
            raise TokenAlignmentError(
                f"span {span!r} has an empty label or one with surrounding whitespace; the tags "
                "would be unreadable. Use the taxonomy label, e.g. 'PER'."
            )
    widest: tuple[int, int, str] | None = None
    for span in ordered:
        if span[0] == span[1]:
            continue
        if widest is not None and span[0] < widest[1]:
            raise SpanOverlapError(widest, span)
        if widest is None or span[1] > widest[1]:
            widest = span
    return ordered


def spans_to_iob2(
    tokens: Sequence[Token], spans: Sequence[tuple[int, int, str]]
) -> tuple[list[str], list[Misalignment]]:
    """IOB2 tags for ``tokens`` from character spans ``(start, end, label)``.

    Tokens wholly inside a span get ``B-label`` (first) and ``I-label``; all others ``O``. A span
    with a boundary inside a token, or covering no token, is not tagged at all and is returned
    as a :class:`Misalignment` (in span order). Raises :class:`SpanOverlapError` for
    overlapping spans and :class:`TokenAlignmentError` for malformed spans or tokens.
    """
    _check_tokens(tokens)
    ordered = _check_spans(spans)
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    tags = ["O"] * len(tokens)
    problems: list[Misalignment] = []
    for start, end, label in ordered:
        first = bisect_right(ends, start)  # first token ending after the span starts
        stop = bisect_left(starts, end)  # first token starting at or after the span ends
        if start == end or first >= stop:
            problems.append(Misalignment(start, end, label, ()))
            continue
        cut: list[Token] = []
        if tokens[first].start < start:
            cut.append(tokens[first])
        if tokens[stop - 1].end > end and (not cut or stop - 1 != first):
            cut.append(tokens[stop - 1])
        if cut:
            problems.append(Misalignment(start, end, label, tuple(cut)))
            continue
        tags[first] = f"B-{label}"
        for index in range(first + 1, stop):
            tags[index] = f"I-{label}"
    return tags, problems


def iob2_to_spans(tokens: Sequence[Token], tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Character spans ``(start, end, label)`` from IOB2 ``tags`` over ``tokens``.

    As in seqeval's default mode, ``I-X`` after ``O`` or after another type starts an entity.
    Raises :class:`TokenAlignmentError` when the lengths differ or a tag is not ``O``,
    ``B-label`` or ``I-label``.
    """
    if len(tokens) != len(tags):
        raise TokenAlignmentError(
            f"{len(tokens)} tokens but {len(tags)} tags; pass one tag per token, in order "
            "(the tags spans_to_iob2 returned for these same tokens)."
        )
    spans: list[tuple[int, int, str]] = []
    current: str | None = None
    begin = end = 0
    for index, tag in enumerate(tags):
        if tag == "O":
            label, starts_entity = None, False
        elif tag[:2] in ("B-", "I-") and len(tag) > 2:
            label = tag[2:]
            starts_entity = tag[0] == "B" or label != current
        else:
            raise TokenAlignmentError(
                f"tag {index} {tag!r} (token {tokens[index].text!r}) is not IOB2; expected 'O', "
                "'B-<label>' or 'I-<label>'. Convert other schemes (IOB1, BILOU) first."
            )
        if current is not None and (label is None or starts_entity):
            spans.append((begin, end, current))
            current = None
        if label is not None:
            if current is None:
                current, begin = label, tokens[index].start
            end = tokens[index].end
    if current is not None:
        spans.append((begin, end, current))
    return spans


# -- sentences ----------------------------------------------------------------------------------

_TERMINALS = frozenset({".", "!", "?", "…"})
_ENDERS = _TERMINALS | SENTENCE_FINAL_ABBREVIATIONS
_CLOSERS = CLOSING_QUOTE_CHARACTERS | {")", "]"}
_OPENERS = OPENING_QUOTE_CHARACTERS | {"(", "["}
"""Quote characters come from annot.lang.id (Indonesian news typography: “…”, ‘…’, '' and
"…"); brackets and the terminals above are the same in every language, so they stay here."""
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def _is_terminal(word: str) -> bool:
    return word in _TERMINALS or (len(word) > 1 and word.strip(".") == "")


def _line_breaks(gap: str) -> int:
    if gap == " ":
        return 0
    gap = gap.replace("\r\n", "\n")
    count = sum(gap.count(c) for c in _LINE_BREAKS)
    return count + (1 if "\u2029" in gap else 0)  # a paragraph separator is a blank line


def sentences(
    text: str, tokens: list[Token] | None = None, *, line_breaks: bool = True
) -> list[tuple[int, int]]:
    """Half-open ``(start, end)`` offsets of the sentences of ``text``, trimmed of whitespace.

    ``tokens`` defaults to ``tokenize(text)``; pass your own (e.g. with ``split_clitics=True``)
    to keep sentence and token boundaries consistent. The rules are in the module docstring.
    """
    if tokens is None:
        tokens = tokenize(text)
    else:
        _check_tokens(tokens)
        for index, token in enumerate(tokens):
            if not text.startswith(token.text, token.start):
                raise TokenAlignmentError(
                    f"token {index} {token!r} does not match the text there "
                    f"({text[token.start : token.end]!r}); pass tokens made from this text by "
                    "annot.tokenize.tokenize(text)."
                )
    result: list[tuple[int, int]] = []
    count = len(tokens)
    first = 0
    index = 0
    while index < count:
        word = tokens[index].text
        last = index
        ends = word in _ENDERS or (word[0] == "." and _is_terminal(word))
        # the usual case: a word, then one space or none before the next (no line break)
        if (
            not ends
            and index + 1 < count
            and text[tokens[index].end : tokens[index + 1].start] in ("", " ")
        ):
            index += 1
            continue
        if ends:  # take closing quotes, brackets and more terminals written right after it
            while (
                last + 1 < count
                and tokens[last + 1].start == tokens[last].end
                and (tokens[last + 1].text in _CLOSERS or _is_terminal(tokens[last + 1].text))
            ):
                last += 1
        if last + 1 >= count:
            break
        following = tokens[last + 1]
        gap = text[tokens[last].end : following.start]
        breaks = _line_breaks(gap)
        boundary = breaks >= 2 or (line_breaks and breaks >= 1)
        if ends and not boundary and gap:
            head = following.text[0]
            boundary = head.isupper() or following.text in _OPENERS
            if word in SENTENCE_FINAL_ABBREVIATIONS:
                boundary = head.isupper()
        if boundary:
            result.append((tokens[first].start, tokens[last].end))
            first = last + 1
        index = last + 1
    if first < count:
        result.append((tokens[first].start, tokens[-1].end))
    return result
