"""Hugging Face export: dataset configs, features, splits and the dataset card.

``export_dataset(source, name)`` writes ``exports/<name>/``; see :mod:`annot.export.pipeline`.
Needs the ``[export]`` extra (``pip install 'annot[export]'``): without it, importing this
package raises :class:`annot.extras.MissingExtraError` naming the extra.
"""

from annot.extras import require

require("export")

from annot.export.card import CardInfo  # noqa: E402
from annot.export.errors import (  # noqa: E402
    ConformanceError,
    DuplicateDocumentError,
    ExportError,
    ExportInputError,
)
from annot.export.pipeline import CONFIGS, ExportOptions, ExportReport, export_dataset  # noqa: E402
from annot.export.splits import SplitOptions  # noqa: E402

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
