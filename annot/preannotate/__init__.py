"""Rule-based pre-annotators (entities, quotes, claims), gold loading, and the pipeline.

>>> from annot.preannotate import preannotate  # doctest: +SKIP
>>> ad = preannotate(doc)  # an AnnotatedDocument from annot-rules@0.1.0  # doctest: +SKIP
"""

from annot.preannotate.base import Draft, Preannotator
from annot.preannotate.claims import ClaimAnnotator
from annot.preannotate.entities import EntityAnnotator
from annot.preannotate.gold import GoldError, load_gold_dir, read_annotated_jsonl, resolve_gold
from annot.preannotate.pipeline import (
    PREANNOTATOR_NAME,
    PREANNOTATOR_VERSION,
    PreannotateError,
    default_annotators,
    preannotate,
    preannotate_file,
)
from annot.preannotate.quotes import QuoteAnnotator

__all__ = [
    "PREANNOTATOR_NAME",
    "PREANNOTATOR_VERSION",
    "ClaimAnnotator",
    "Draft",
    "EntityAnnotator",
    "GoldError",
    "PreannotateError",
    "Preannotator",
    "QuoteAnnotator",
    "default_annotators",
    "load_gold_dir",
    "preannotate",
    "preannotate_file",
    "read_annotated_jsonl",
    "resolve_gold",
]
