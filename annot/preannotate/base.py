"""The pre-annotator protocol and the draft that annotators fill in, layer by layer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from annot.schema import CanonicalEntity, Claim, Document, Mention, PreannotatorSource, Quote, Span

__all__ = [
    "Draft",
    "Preannotator",
    "provenance",
    "word_spans",
]


@dataclass(slots=True)
class Draft:
    """The layers found so far for one document; each annotator appends to its own."""

    document: Document
    entities: list[CanonicalEntity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.document.text

    def span(self, start: int, end: int) -> Span:
        return Span.at(self.document.text, start, end, document_id=self.document.id)

    def mention_at(self, start: int, end: int) -> Mention | None:
        """The mention that covers ``[start, end)`` exactly, if any."""
        for mention in self.mentions:
            if (mention.span.start, mention.span.end) == (start, end):
                return mention
        return None


class Preannotator(Protocol):
    """A rule-based annotator: ``name@version`` becomes Label Studio's ``model_version``."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    def annotate(self, draft: Draft) -> None:
        """Add this annotator's layer to ``draft`` (reading the layers before it)."""


def provenance(annotator: Preannotator, score: float) -> PreannotatorSource:
    """The per-item provenance: who suggested it and how sure the rule is, in [0, 1]."""
    return PreannotatorSource(name=annotator.name, version=annotator.version, score=score)


def word_spans(text: str, word: str, *, flags: int = 0) -> list[tuple[int, int]]:
    """Whole-word occurrences of ``word`` (a regex) as (start, end)."""
    pattern = re.compile(rf"(?<![\w-])(?:{word})(?![\w-])", flags)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]
