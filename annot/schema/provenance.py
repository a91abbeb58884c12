"""Who or what produced an annotation: a person, a pre-annotator, or adjudication."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, NonNegativeFloat, NonNegativeInt, field_validator

from annot.schema.base import Model

__all__ = [
    "AdjudicatedSource",
    "HumanSource",
    "LabelStudioRef",
    "PreannotatorSource",
    "Provenance",
]


class HumanSource(Model):
    """A person annotating in Label Studio, under a stable pseudonym (never an e-mail)."""

    type: Literal["human"] = "human"
    annotator: str = Field(min_length=1, max_length=100)
    """Pseudonym such as "ann-3f9a2c"; e-mail addresses never leave Label Studio."""

    @field_validator("annotator")
    @classmethod
    def _not_an_email(cls, value: str) -> str:
        if "@" in value:
            msg = (
                f"annotator {value!r} looks like an e-mail address; store a pseudonym "
                "instead (annot.labelstudio derives one from the Label Studio user id)"
            )
            raise ValueError(msg)
        return value


class PreannotatorSource(Model):
    """A rule- or model-based pre-annotator (its name and version become ``model_version``)."""

    type: Literal["preannotator"] = "preannotator"
    name: str = Field(min_length=1)
    version: str = Field(min_length=1)
    score: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    """Confidence of this item in [0, 1], when the pre-annotator gives one."""


class AdjudicatedSource(Model):
    """A gold item decided from several annotations by a named policy."""

    type: Literal["adjudicated"] = "adjudicated"
    policy: str = Field(min_length=1)
    """The policy that decided, e.g. "ground-truth", "majority:2/3", "union"."""
    annotators: list[str] = Field(default_factory=list)
    """Pseudonyms of the annotators who produced this item."""


Provenance = Annotated[
    HumanSource | PreannotatorSource | AdjudicatedSource, Field(discriminator="type")
]


class LabelStudioRef(Model):
    """Where an annotation lives in Label Studio (ids are provenance, never primary keys)."""

    project_id: NonNegativeInt | None = None
    task_id: NonNegativeInt
    annotation_id: NonNegativeInt | None = None
    """``None`` for a prediction that no one has annotated yet."""
    prediction_id: NonNegativeInt | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    lead_time: NonNegativeFloat | None = None
    """Seconds the annotator spent, as Label Studio measured it."""
    was_cancelled: bool = False
    ground_truth: bool = False
