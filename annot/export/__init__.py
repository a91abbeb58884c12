"""Hugging Face export: dataset configs, features, splits and the dataset card.

``export_dataset(source, name)`` writes ``exports/<name>/``; see :mod:`annot.export.pipeline`.
"""

from annot.export.card import CardInfo
from annot.export.errors import (
    ConformanceError,
    DuplicateDocumentError,
    ExportError,
    ExportInputError,
)
from annot.export.pipeline import CONFIGS, ExportOptions, ExportReport, export_dataset
from annot.export.splits import SplitOptions

__all__ = [
    "CONFIGS",
    "CardInfo",
    "ConformanceError",
    "DuplicateDocumentError",
    "ExportError",
    "ExportInputError",
    "ExportOptions",
    "ExportReport",
    "SplitOptions",
    "export_dataset",
]
