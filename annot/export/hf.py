"""``datasets`` features without ``import datasets``: the ``Features.to_dict()`` form.

An export needs three things from a config's ``datasets.Features``: the Arrow schema (with
the ``huggingface`` metadata that makes ``load_dataset`` restore the features), and the YAML
list of the card's ``dataset_info``. This module makes all three from the features written
as ``Features.to_dict()`` gives them (``{"dtype": "string", "_type": "Value"}``, ...), for the
feature types annot uses: ``Value``, ``ClassLabel``, ``List`` and structs (a plain dict of
features). tests/test_export.py checks them against the real ``datasets``.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pyarrow as pa

__all__ = ["ClassLabel", "List", "Spec", "Value", "arrow_schema", "arrow_type", "yaml_list"]

#: Features in their ``Features.to_dict()`` form.
Spec = dict[str, Any]

_ARROW_TYPES = {
    "string": pa.string(),
    "bool": pa.bool_(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "date32": pa.date32(),
    "time64[us]": pa.time64("us"),
}


def Value(dtype: str) -> Spec:  # noqa: N802  (named as in datasets)
    """``datasets.Value(dtype)``."""
    if dtype not in _ARROW_TYPES:
        msg = f"dtype {dtype!r} is not one of {sorted(_ARROW_TYPES)}"
        raise ValueError(msg)
    return {"dtype": dtype, "_type": "Value"}


def List(feature: Spec) -> Spec:  # noqa: N802
    """``datasets.List(feature)``."""
    return {"feature": feature, "_type": "List"}


def ClassLabel(*, names: list[str]) -> Spec:  # noqa: N802
    """``datasets.ClassLabel(names=names)``."""
    return {"names": list(names), "_type": "ClassLabel"}


def arrow_type(feature: Spec) -> pa.DataType:
    """The Arrow type ``datasets`` stores ``feature`` as."""
    kind = feature.get("_type")
    if kind == "Value":
        return _ARROW_TYPES[feature["dtype"]]
    if kind == "ClassLabel":
        return pa.int64()
    if kind == "List":
        return pa.list_(arrow_type(feature["feature"]))
    if kind is not None:
        msg = f"feature type {kind!r} is not supported here"
        raise ValueError(msg)
    return pa.struct([pa.field(name, arrow_type(inner)) for name, inner in feature.items()])


def arrow_schema(spec: Spec) -> pa.Schema:
    """``Features.from_dict(spec).arrow_schema``: the columns and the ``huggingface``
    metadata ``load_dataset`` reads the features from."""
    fields = [pa.field(name, arrow_type(feature)) for name, feature in spec.items()]
    metadata = {"huggingface": json.dumps({"info": {"features": spec}})}
    return pa.schema(fields, metadata=metadata)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _simplify(feature: dict[str, Any]) -> dict[str, Any]:
    for list_type in ("large_list", "list", "sequence"):
        inner = feature.get(list_type)
        if isinstance(inner, dict) and list(inner) == ["dtype"]:
            feature[list_type] = inner["dtype"]
        inner = feature.get(list_type)
        if isinstance(inner, dict) and list(inner) == ["struct"]:
            feature[list_type] = inner["struct"]
    label = feature.get("class_label")
    if isinstance(label, dict) and isinstance(label.get("names"), list):
        label["names"] = {str(index): name for index, name in enumerate(label["names"])}
    return feature


def _yaml(feature: Spec) -> dict[str, Any]:
    feature = dict(feature)
    kind = feature.pop("_type", None)
    if kind == "List":
        return _simplify({"list": _yaml(feature.pop("feature")), **feature})
    if kind == "Value":
        return feature
    if kind and not feature:
        return {"dtype": _snake(kind)}
    if kind:
        return {"dtype": _simplify({_snake(kind): json.loads(json.dumps(feature))})}
    return {"struct": [{"name": name, **_yaml(inner)} for name, inner in feature.items()]}


def yaml_list(spec: Spec) -> list[dict[str, Any]]:
    """``Features.from_dict(spec)._to_yaml_list()``: the features of a card's YAML."""
    return [{"name": name, **_yaml(feature)} for name, feature in spec.items()]
