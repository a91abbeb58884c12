"""annot: Indonesian news articles to validated NLP training data.

Importing :mod:`annot` imports nothing else; :mod:`annot.schema` needs pydantic alone, and the
heavy parts (Label Studio SDK, ``datasets``) are imported only by the stages that use them.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
