"""Language-neutral artifacts generated from the Python schema, kept under ``schemas/``.

- ``schemas/json/<Type>.schema.json``: JSON Schema (draft 2020-12) of every public type;
- ``schemas/labelstudio/config.xml``: the Label Studio labeling config;
- ``schemas/features.json``: the ``datasets.Features`` of every exported config;
- ``schemas/taxonomy.md``: the label definitions for annotators and dataset users.

They are committed so that other tools can use them without Python; ``annot schema --check``
(and a test) fails when they no longer match the code. They also ship inside the package
(``annot/schemas`` points at ``schemas/``): :func:`packaged_json_schema` reads one from an
installed annot, no checkout needed.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from annot import schema
from annot.labelstudio.config import labeling_config
from annot.schema.taxonomy import (
    CHECK_WORTHINESS,
    ENTITY_LABELS,
    QUOTE_KINDS,
    QUOTE_LAYER_LABELS,
    RELATIONS,
    STANCES,
    LabelSet,
)

__all__ = [
    "ARTIFACT_DIR",
    "PUBLIC_TYPES",
    "packaged_json_schema",
    "render_artifacts",
    "stale_artifacts",
    "write_artifacts",
]

ARTIFACT_DIR = "schemas"

PUBLIC_TYPES: tuple[type[BaseModel], ...] = (
    schema.AnnotatedDocument,
    schema.CanonicalEntity,
    schema.Claim,
    schema.Document,
    schema.LabelStudioRef,
    schema.Mention,
    schema.Published,
    schema.Quote,
    schema.Segment,
    schema.Span,
)


def _json(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _json_schema(model: type[BaseModel]) -> str:
    body = model.model_json_schema(mode="validation")
    header = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"annot:schema:{schema.SCHEMA_VERSION}:{model.__name__}",
    }
    return _json(header | body)


def _features() -> str:
    from annot.export.features import CONFIG_FEATURES, ner_features

    described = {name: make().to_dict() for name, make in CONFIG_FEATURES.items()}
    for label_set in (LabelSet.NERGRIT, LabelSet.INDOLEM):
        described[f"ner-{label_set.value}"] = ner_features(label_set).to_dict()
    return _json({"schema_version": schema.SCHEMA_VERSION, "configs": described})


def _taxonomy_markdown() -> str:
    lines = [
        "# annot taxonomy",
        "",
        f"Generated from `annot.schema.taxonomy` (schema {schema.SCHEMA_VERSION}); "
        "do not edit by hand, run `annot schema`.",
        "",
        "## Entity labels",
        "",
        "| label | name | hotkey | NERGrit | IndoLEM |",
        "|---|---|---|---|---|",
    ]
    for info in ENTITY_LABELS.values():
        lines.append(
            f"| `{info.name}` | {info.title} | `{info.hotkey}` | {info.nergrit or '—'} "
            f"| {info.indolem or '—'} |"
        )
    lines.append("")
    for info in (*ENTITY_LABELS.values(), *QUOTE_LAYER_LABELS.values()):
        lines += [f"### `{info.name}` — {info.title}", "", info.definition, ""]
        lines += ["Examples (span in brackets):", ""]
        lines += [f"- {example}" for example in info.examples]
        lines += ["", "Not this label:", ""]
        lines += [f"- {example}" for example in info.counter_examples]
        lines.append("")
    lines += ["## Relations", ""]
    lines += [f"- `{relation.value}`: {text}" for relation, text in RELATIONS.items()]
    for title, choices in (
        ("Quote kind", QUOTE_KINDS),
        ("Claim stance", STANCES),
        ("Check-worthiness", CHECK_WORTHINESS),
    ):
        lines += ["", f"## {title}", ""]
        lines += [f"- `{info.value}`: {info.definition}" for info in choices.values()]
    return "\n".join(lines) + "\n"


def render_artifacts() -> dict[str, str]:
    """Every artifact's path (relative to the project root) and its content."""
    files = {
        f"{ARTIFACT_DIR}/json/{model.__name__}.schema.json": _json_schema(model)
        for model in PUBLIC_TYPES
    }
    files[f"{ARTIFACT_DIR}/labelstudio/config.xml"] = labeling_config()
    files[f"{ARTIFACT_DIR}/features.json"] = _features()
    files[f"{ARTIFACT_DIR}/taxonomy.md"] = _taxonomy_markdown()
    return files


def write_artifacts(root: Path) -> list[Path]:
    """Write the artifacts under ``root`` and remove generated files no longer produced."""
    files = render_artifacts()
    for stale in _existing(root) - set(files):
        (root / stale).unlink()
    written = []
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def stale_artifacts(root: Path) -> list[str]:
    """Artifacts that are missing, different, or no longer generated (empty when fresh)."""
    files = render_artifacts()
    problems = []
    for relative, content in files.items():
        path = root / relative
        if not path.exists():
            problems.append(f"{relative}: missing")
        elif path.read_text(encoding="utf-8") != content:
            problems.append(f"{relative}: differs from the code")
    problems += [f"{relative}: no longer generated" for relative in _existing(root) - set(files)]
    return sorted(problems)


def _existing(root: Path) -> set[str]:
    base = root / ARTIFACT_DIR
    if not base.exists():
        return set()
    return {path.relative_to(root).as_posix() for path in base.rglob("*") if path.is_file()}


def packaged_json_schema(type_name: str) -> dict[str, Any]:
    """The JSON Schema of public type ``type_name`` (e.g. ``"Mention"``) shipped in the package."""
    names = [model.__name__ for model in PUBLIC_TYPES]
    if type_name not in names:
        msg = f"no JSON Schema for {type_name!r}; the public types are {', '.join(names)}"
        raise KeyError(msg)
    path = resources.files("annot") / "schemas" / "json" / f"{type_name}.schema.json"
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded
