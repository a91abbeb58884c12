"""Pydantic models of the Label Studio JSON that annot reads: task, task data, annotation,
prediction, region (labels and choices results with their values) and relation.

Lenient where Label Studio is lenient: every model allows extra fields (Label Studio adds
fields between versions), and every field may be absent or ``null``. What annot needs is
marked *required* in the field's metadata, not in pydantic's sense, so that a model is
always built: :func:`parse` validates once, and on failure drops the fields with a wrong
type and validates the rest, returning the model and one :class:`FieldIssue` per missing
required field or wrong type. :func:`issue_code` maps an issue to its problem code
(``missing-key`` or ``malformed-json``); the converter
(:mod:`annot.labelstudio.convert`) adds the location (task, annotation, region ids).

Types are strict, as JSON is: ``true`` is not an integer, ``"5"`` and ``5.0`` are not
offsets. Example::

    task, issues = parse(Task, {"id": "7", "data": {}})
    # task.id is None; issues == [FieldIssue(path=("id",), value="7", expected="a
    # non-negative integer id", required=True)]
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Final, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    create_model,
)

from annot.problems import ProblemCode

__all__ = [
    "Annotation",
    "ChoiceResult",
    "ChoiceValue",
    "FieldIssue",
    "LabelStudioModel",
    "Prediction",
    "RegionResult",
    "RegionValue",
    "Relation",
    "ResultEntry",
    "Task",
    "issue_code",
    "parse",
    "task_data_model",
]

M = TypeVar("M", bound="LabelStudioModel")
_DOC_ID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,199}")


def _doc_id(value: str) -> str:
    if not _DOC_ID.fullmatch(value):
        raise ValueError("not an annot document id")
    return value


def _number(value: object) -> float:
    """A finite JSON number (not a bool, not NaN or infinity) as a float."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("not a number")
    try:
        number = float(value)
    except OverflowError:  # an integer beyond any float
        raise ValueError("too large") from None
    if not math.isfinite(number):
        raise ValueError("not finite")
    return number


def _seconds(value: object) -> float:
    number = _number(value)
    if number < 0:
        raise ValueError("negative")
    return number


def _score(value: object) -> float:
    number = _number(value)
    if not 0.0 <= number <= 1.0:
        raise ValueError("outside [0, 1]")
    return number


def _datetime(value: object) -> dt.datetime:
    if not isinstance(value, str):
        raise ValueError("not a string")
    return dt.datetime.fromisoformat(value)


Id = Annotated[StrictInt, Field(ge=0)]
"""A Label Studio id: a non-negative integer."""
DocId = Annotated[StrictStr, AfterValidator(_doc_id)]
Seconds = Annotated[float, BeforeValidator(_seconds)]
Score = Annotated[float, BeforeValidator(_score)]
DateTime = Annotated[dt.datetime, BeforeValidator(_datetime)]


def field(expected: str, *, required: bool = False) -> Any:
    """A field that may be absent; ``expected`` says what it must be (for the message)."""
    return Field(default=None, description=expected, json_schema_extra={"required": required})


class LabelStudioModel(BaseModel):
    """Base of the Label Studio shapes: extra fields allowed, strict JSON types."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)


class RegionValue(LabelStudioModel):
    """``value`` of a labels result: where the region is and what it is."""

    start: StrictInt | None = field("an integer", required=True)
    end: StrictInt | None = field("an integer", required=True)
    text: StrictStr | None = field("a string", required=True)
    labels: list[StrictStr] | None = field("a list of strings", required=True)


class ChoiceValue(LabelStudioModel):
    """``value`` of a per-region choices result."""

    choices: list[StrictStr] | None = field("a list of strings", required=True)


class ResultEntry(LabelStudioModel):
    """What every result entry but a relation has: its region id and its control."""

    id: StrictStr | None = field("a string", required=True)
    from_name: StrictStr | None = field("a string", required=True)
    to_name: StrictStr | None = field("a string", required=True)
    type: StrictStr | None = field("a string")


class RegionResult(ResultEntry):
    """A labels result entry: one region (``type`` "labels")."""

    value: RegionValue | None = field("an object", required=True)
    score: Score | None = field("a score in [0, 1]")


class ChoiceResult(ResultEntry):
    """A choices result entry: a per-region choice, sharing its region's ``id``."""

    value: ChoiceValue | None = field("an object", required=True)


class Relation(LabelStudioModel):
    """A relation result entry (``type`` "relation") between two regions."""

    from_id: StrictStr | None = field("a string", required=True)
    to_id: StrictStr | None = field("a string", required=True)
    labels: list[StrictStr] | None = field("a list of strings")
    direction: StrictStr | None = field("a string")


class User(LabelStudioModel):
    id: Id | None = field("a non-negative integer id")


class _Work(LabelStudioModel):
    """What annotations and predictions share."""

    id: Id | None = field("a non-negative integer id")
    result: list[object] | None = field("a list", required=True)
    project: Id | None = field("a non-negative integer id")
    created_at: DateTime | None = field("an ISO 8601 date-time")
    updated_at: DateTime | None = field("an ISO 8601 date-time")
    lead_time: Seconds | None = field("a non-negative number of seconds")


class Annotation(_Work):
    """One annotator's work on a task."""

    completed_by: Id | User | None = field("a user id, or an object with one")
    was_cancelled: StrictBool | None = field("true or false")
    ground_truth: StrictBool | None = field("true or false")
    prediction: Id | dict[str, object] | None = field("a prediction id or object")
    parent_prediction: Id | None = field("a non-negative integer id")


class Prediction(_Work):
    """A pre-annotation: ``model_version`` is "name@version"."""

    model_version: StrictStr | None = field("a string")
    score: Score | None = field("a score in [0, 1]")


class Task(LabelStudioModel):
    """A task as Label Studio exports it (the text is in ``data``, see
    :func:`task_data_model`)."""

    id: Id | None = field("a non-negative integer id", required=True)
    data: dict[str, object] | None = field("an object", required=True)
    annotations: list[object] | None = field("a list")
    predictions: list[object] | None = field("a list")
    project: Id | None = field("a non-negative integer id")


class TaskData(LabelStudioModel):
    """``task["data"]`` as annot pushes it (the text key is the config's ``Text`` name)."""

    doc_id: DocId | None = field(
        "an annot document id (letters, digits and ._:-, at most 200)", required=True
    )
    title: StrictStr | None = field("a string")
    source: StrictStr | None = field("a string")
    content_sha256: StrictStr | None = field("a string")
    schema_version: StrictStr | None = field("a string")


@functools.lru_cache(maxsize=8)
def task_data_model(text_name: str) -> type[TaskData]:
    """The model of ``task["data"]`` whose text is under ``text_name`` (``text`` in annot's
    config): ``model.text_of(data)`` reads it."""
    if text_name in TaskData.model_fields:
        msg = f"the Text tag cannot be named {text_name!r} (a task data key of annot)"
        raise ValueError(msg)
    extra: dict[str, Any] = {text_name: (StrictStr | None, field("a string", required=True))}
    return create_model(f"TaskData_{text_name}", __base__=TaskData, **extra)


# --- validation that never raises ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldIssue:
    """A required field that is missing, or a field of the wrong type (its value ignored)."""

    path: tuple[str, ...]
    """Keys from the validated object to the field, e.g. ``("value", "start")``."""
    value: object
    """The value found (``None`` when missing)."""
    expected: str
    required: bool
    missing: bool

    @property
    def key(self) -> str:
        return self.path[-1]


def issue_code(issue: FieldIssue) -> ProblemCode:
    """``missing-key`` for a missing required field, ``malformed-json`` for a wrong type."""
    return ProblemCode.MISSING_KEY if issue.missing else ProblemCode.MALFORMED_JSON


def _nested(annotation: object) -> type[LabelStudioModel] | None:
    """The model class inside a field's annotation (``Value | None`` -> ``Value``)."""
    candidates = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else ()
    for candidate in (annotation, *candidates):
        if isinstance(candidate, type) and issubclass(candidate, LabelStudioModel):
            return candidate
    return None


def _field_info(model: type[LabelStudioModel], path: tuple[str, ...]) -> tuple[str, bool]:
    current: type[LabelStudioModel] | None = model
    expected, required = "a valid value", False
    for key in path:
        info = current.model_fields.get(key) if current is not None else None
        if info is None:
            break
        expected = info.description or expected
        extra = info.json_schema_extra
        required = bool(extra.get("required")) if isinstance(extra, dict) else False
        current = _nested(info.annotation)
    return expected, required


def _value_at(raw: Mapping[str, object], path: tuple[str, ...]) -> object:
    value: object = raw
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


@dataclass(frozen=True, slots=True)
class _Spec:
    key: str
    expected: str
    required: bool
    nested: type[LabelStudioModel] | None


@functools.cache
def _specs(model: type[LabelStudioModel]) -> tuple[_Spec, ...]:
    """The fields of ``model`` as :func:`parse` checks them (computed once per model)."""
    specs = []
    for key, info in model.model_fields.items():
        extra = info.json_schema_extra
        required = bool(extra.get("required")) if isinstance(extra, dict) else False
        nested = _nested(info.annotation)
        specs.append(_Spec(key, info.description or "a value", required, nested))
    return tuple(specs)


def _missing(
    model: type[LabelStudioModel], raw: Mapping[str, object], prefix: tuple[str, ...]
) -> list[FieldIssue]:
    """Required fields of ``model`` that are absent or null in ``raw`` (and in nested
    objects that are there)."""
    found: list[FieldIssue] = []
    for spec in _specs(model):
        value = raw.get(spec.key)
        if value is None:
            if spec.required:
                found.append(FieldIssue((*prefix, spec.key), None, spec.expected, True, True))
        elif spec.nested is not None and isinstance(value, Mapping):
            found += _missing(spec.nested, value, (*prefix, spec.key))
    return found


def _without(raw: Mapping[str, object], paths: set[tuple[str, ...]]) -> dict[str, object]:
    """``raw`` without nulls and without the values at ``paths``."""
    kept: dict[str, object] = {}
    for key, value in raw.items():
        if value is None or (key,) in paths:
            continue
        below = {path[1:] for path in paths if len(path) > 1 and path[0] == key}
        kept[key] = _without(value, below) if below and isinstance(value, Mapping) else value
    return kept


def parse(
    model: type[M], raw: Mapping[str, object], *, prefix: tuple[str, ...] = ()
) -> tuple[M, list[FieldIssue]]:
    """``raw`` as ``model`` and every issue; never raises (fields with a wrong type are
    left out of the model, each with a :class:`FieldIssue`)."""
    data = {key: value for key, value in raw.items() if value is not None}
    try:
        instance = model.model_validate(data)
    except ValidationError as error:
        wrong: dict[tuple[str, ...], FieldIssue] = {}
        for detail in error.errors():
            path = _field_path(model, detail["loc"])
            if not path or path in wrong:
                continue
            expected, required = _field_info(model, path)
            value = _value_at(raw, path)
            wrong[path] = FieldIssue((*prefix, *path), value, expected, required, False)
        instance = model.model_validate(_without(data, set(wrong)))
        issues = list(wrong.values())
    else:
        issues = []
    missing = _missing(model, raw, prefix)
    wrong_paths = {issue.path for issue in issues}
    return instance, issues + [m for m in missing if m.path not in wrong_paths]


def _field_path(model: type[LabelStudioModel], loc: tuple[int | str, ...]) -> tuple[str, ...]:
    """The field names of a pydantic error location, as far as they name fields of
    ``model`` and its nested models (``("value", "labels", 0)`` -> ``("value", "labels")``;
    union members and list indexes end it)."""
    keys: list[str] = []
    current: type[LabelStudioModel] | None = model
    for part in loc:
        info = (
            current.model_fields.get(part)
            if current is not None and isinstance(part, str)
            else None
        )
        if info is None:
            break
        keys.append(str(part))
        current = _nested(info.annotation)
    return tuple(keys)
