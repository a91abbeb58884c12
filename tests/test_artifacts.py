"""Generated artifacts under schemas/: fresh, well-formed, and faithful to the code."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from datasets import Features

from annot.artifacts import PUBLIC_TYPES, render_artifacts, stale_artifacts, write_artifacts
from annot.export.features import CONFIG_FEATURES, iob2_names
from annot.labelstudio import config
from annot.schema import AnnotatedDocument, Document, HumanSource, Mention, Span
from annot.schema.taxonomy import ENTITY_LABELS, RELATIONS, EntityLabel, LabelSet

ROOT = Path(__file__).resolve().parent.parent


def test_committed_artifacts_are_fresh() -> None:
    assert stale_artifacts(ROOT) == [], "run `annot schema` and commit schemas/"


def test_stale_check_finds_edits_missing_and_extra_files(tmp_path: Path) -> None:
    write_artifacts(tmp_path)
    assert stale_artifacts(tmp_path) == []
    (tmp_path / "schemas/taxonomy.md").write_text("edited by hand\n", encoding="utf-8")
    (tmp_path / "schemas/json/Span.schema.json").unlink()
    (tmp_path / "schemas/json/Old.schema.json").write_text("{}", encoding="utf-8")
    assert stale_artifacts(tmp_path) == [
        "schemas/json/Old.schema.json: no longer generated",
        "schemas/json/Span.schema.json: missing",
        "schemas/taxonomy.md: differs from the code",
    ]
    write_artifacts(tmp_path)
    assert stale_artifacts(tmp_path) == []


def test_rendering_is_deterministic() -> None:
    assert render_artifacts() == render_artifacts()


def test_labeling_config_carries_the_whole_taxonomy() -> None:
    root = ET.fromstring(config.labeling_config())
    entity = root.find(f"Labels[@name='{config.ENTITY_CONTROL}']")
    assert entity is not None
    labels = {label.get("value"): label for label in entity.findall("Label")}
    assert list(labels) == [info.name for info in ENTITY_LABELS.values()]
    for info in ENTITY_LABELS.values():
        assert labels[info.name].get("hotkey") == info.hotkey
        assert labels[info.name].get("background") == info.color
        assert info.definition in (labels[info.name].get("hint") or "")
    quote = root.find(f"Labels[@name='{config.QUOTE_CONTROL}']")
    assert quote is not None
    assert [label.get("value") for label in quote.findall("Label")] == ["QUOTE", "CUE", "SPEAKER"]
    relations = [r.get("value") for r in root.findall("Relations/Relation")]
    assert relations == [relation.value for relation in RELATIONS]
    choices = {c.get("name"): c for c in root.findall("Choices")}
    assert choices[config.QUOTE_KIND_CONTROL].get("whenLabelValue") == "QUOTE"
    assert choices[config.CLAIM_STANCE_CONTROL].get("perRegion") == "true"
    assert [c.get("value") for c in choices[config.QUOTE_KIND_CONTROL]] == [
        "direct",
        "indirect",
        "mixed",
    ]
    text = root.find("Text")
    assert text is not None
    assert text.get("name") == config.TEXT_NAME
    # Per-region choices stand above the text, where the annotator looks, not below an article.
    tags = [child.tag for child in root]
    assert tags.index("Text") > max(i for i, tag in enumerate(tags) if tag == "Choices")
    hotkeys = [label.get("hotkey") for label in root.iter("Label")]
    assert len(hotkeys) == len(set(hotkeys))


def test_features_description_loads_back_as_the_code_features() -> None:
    described = json.loads((ROOT / "schemas/features.json").read_text(encoding="utf-8"))
    for name, make in CONFIG_FEATURES.items():
        assert Features.from_dict(described["configs"][name]) == make()
    nergrit = Features.from_dict(described["configs"]["ner-nergrit"])
    assert nergrit["ner_tags"].feature.names == iob2_names(LabelSet.NERGRIT)
    assert iob2_names(LabelSet.NERGRIT) == [
        "O",
        "B-PERSON",
        "I-PERSON",
        "B-ORGANISATION",
        "I-ORGANISATION",
        "B-PLACE",
        "I-PLACE",
    ]


def test_json_schema_validates_real_instances_and_refuses_bad_ones() -> None:
    schema = json.loads(
        (ROOT / "schemas/json/AnnotatedDocument.schema.json").read_text(encoding="utf-8")
    )
    text = "Presiden Joko Widodo tiba di Bandung."
    doc = Document(id="d1", text=text)
    example = AnnotatedDocument(
        document=doc,
        source=HumanSource(annotator="ann-1"),
        mentions=[Mention(id="m1", span=Span.at(text, 9, 20), label=EntityLabel.PER)],
    )
    instance = json.loads(example.model_dump_json())
    jsonschema.validate(instance, schema)
    instance["mentions"][0]["label"] = "PERSON"
    validator = jsonschema.Draft202012Validator(schema)
    assert any("PERSON" in error.message for error in validator.iter_errors(instance))


def test_json_schemas_ship_inside_the_package() -> None:
    from annot.artifacts import packaged_json_schema

    for model in PUBLIC_TYPES:
        shipped = packaged_json_schema(model.__name__)
        assert shipped["$id"].endswith(f":{model.__name__}")
        assert shipped["properties"] == model.model_json_schema(mode="validation")["properties"]
    with pytest.raises(KeyError, match="the public types are"):
        packaged_json_schema("Nope")
