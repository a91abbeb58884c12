"""Quarantine records: what an export left out of a config, and why.

Nothing is dropped silently: every span the ``ner`` config cannot tag (a boundary inside a
token, a span crossing a sentence boundary, a span covering no token) becomes one line of
``exports/<name>/quarantine.jsonl``, and the sentences it touched are withheld from ``ner``
and ``seacrowd_seq_label`` (they stay, untouched, in ``documents``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from annot.problems import Problem, ProblemCode, Severity
from annot.schema.base import Lax, Model

__all__ = ["QuarantineRecord"]


class QuarantineRecord(Model):
    """One span left out of the token-level configs."""

    reason: Annotated[ProblemCode, Lax]
    document_id: str
    config: str
    """The config the span is missing from (``ner`` and its SEACrowd twin)."""
    item_id: str
    """The mention id."""
    label: str
    start: int
    end: int
    text: str
    sentence_ids: list[str] = Field(default_factory=list)
    """Sentences withheld from the config because of this span."""
    tokens: list[str] = Field(default_factory=list)
    """The tokens the span boundary cuts, when it cuts any."""
    message: str
    fix: str

    def to_problem(self) -> Problem:
        """The same record as a validation :class:`Problem` (severity error)."""
        return Problem(
            code=self.reason,
            severity=Severity.ERROR,
            message=self.message,
            fix=self.fix,
            document_id=self.document_id,
            start=self.start,
            end=self.end,
            layer="entities",
            details={"mention_id": self.item_id, "label": self.label, "text": self.text},
        )
