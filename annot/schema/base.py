"""Shared pydantic configuration: strict, closed, immutable models."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, Strict

__all__ = ["Id", "Lax", "Model"]

E = TypeVar("E", bound=StrEnum)

#: Enum fields accept their string values even in strict mode (JSON and Python alike).
Lax = Strict(False)

#: Identifiers are short, printable and stable: letters, digits and ``._:-``.
Id = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]


class Model(BaseModel):
    """Base of every schema type: strict types, unknown fields refused, immutable."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
    )
