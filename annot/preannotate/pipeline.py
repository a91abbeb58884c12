"""Run the pre-annotators over documents: the library behind ``annot preannotate``."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final

from pydantic import ValidationError

from annot.errors import AnnotError
from annot.ingest import ingest_dir
from annot.preannotate.base import Draft, Preannotator
from annot.preannotate.claims import ClaimAnnotator
from annot.preannotate.entities import EntityAnnotator
from annot.preannotate.gold import dump_annotated_jsonl
from annot.preannotate.quotes import QuoteAnnotator
from annot.schema import AnnotatedDocument, Document, PreannotatorSource

__all__ = [
    "PREANNOTATOR_NAME",
    "PREANNOTATOR_VERSION",
    "PreannotateError",
    "default_annotators",
    "preannotate",
    "preannotate_file",
    "read_documents_jsonl",
]

PREANNOTATOR_NAME: Final = "annot-rules"
PREANNOTATOR_VERSION: Final = "0.1.0"
"""Label Studio's ``model_version`` of the pipeline is ``annot-rules@0.1.0``."""


class PreannotateError(AnnotError):
    """An input line that is not a document."""

    def __init__(self, message: str, *, path: str, line: int) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line


def default_annotators() -> list[Preannotator]:
    """Entities, then quotes (speakers are mentions), then claims (claimants are quotes)."""
    return [EntityAnnotator(), QuoteAnnotator(), ClaimAnnotator()]


def preannotate(
    doc: Document, annotators: Sequence[Preannotator] | None = None
) -> AnnotatedDocument:
    """Rule-based suggestions for ``doc``; items carry ``PreannotatorSource`` with a score."""
    draft = Draft(doc)
    for annotator in default_annotators() if annotators is None else annotators:
        annotator.annotate(draft)
    return AnnotatedDocument(
        document=doc,
        source=PreannotatorSource(name=PREANNOTATOR_NAME, version=PREANNOTATOR_VERSION),
        entities=draft.entities,
        mentions=draft.mentions,
        quotes=draft.quotes,
        claims=draft.claims,
    )


def read_documents_jsonl(path: Path) -> Iterator[Document]:
    """Documents from JSON lines ``{"id": ..., "text": ...}`` (other Document fields allowed)."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield Document.model_validate(json.loads(line), strict=False)
            except (json.JSONDecodeError, ValidationError) as error:
                raise PreannotateError(
                    f"not a document ({error}); each line must be a JSON object with at least "
                    '"id" (letters, digits, ._:-) and "text"',
                    path=str(path),
                    line=number,
                ) from error


def preannotate_file(input: Path | None, output: Path, raw_dir: Path = Path("raw")) -> int:
    """Pre-annotate ``input`` (JSON lines), or every article of ``raw_dir`` when ``input`` is
    ``None``, writing one AnnotatedDocument per line to ``output``; returns how many."""
    documents = ingest_dir(raw_dir) if input is None else read_documents_jsonl(input)
    annotated = [preannotate(doc) for doc in documents]
    output.write_text(dump_annotated_jsonl(annotated), encoding="utf-8", newline="\n")
    return len(annotated)
