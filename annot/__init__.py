"""annot: Indonesian news articles to validated NLP training data.

Importing :mod:`annot` (or :mod:`annot.schema`) needs pydantic alone; the heavy parts
(Label Studio SDK, ``datasets``) are imported only by the stages that use them.
"""

from annot.schema.version import SCHEMA_VERSION

__version__ = "0.1.0"
__all__ = ["SCHEMA_VERSION", "__version__"]
