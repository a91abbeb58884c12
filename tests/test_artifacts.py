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
    entity = root.find(f".//Labels[@name='{config.ENTITY_CONTROL}']")
    assert entity is not None
    labels = {label.get("value"): label for label in entity.findall("Label")}
    assert list(labels) == [info.name for info in ENTITY_LABELS.values()]
    for info in ENTITY_LABELS.values():
        assert labels[info.name].get("hotkey") == info.hotkey
        assert labels[info.name].get("background") == info.color
        assert info.definition in (labels[info.name].get("hint") or "")
    quote = root.find(f".//Labels[@name='{config.QUOTE_CONTROL}']")
    assert quote is not None
    assert [label.get("value") for label in quote.findall("Label")] == ["QUOTE", "CUE", "SPEAKER"]
    relations = [r.get("value") for r in root.findall(".//Relations/Relation")]
    assert relations == [relation.value for relation in RELATIONS]
    choices = {c.get("name"): c for c in root.iter("Choices")}
    assert choices[config.QUOTE_KIND_CONTROL].get("whenLabelValue") == "QUOTE"
    assert choices[config.CLAIM_STANCE_CONTROL].get("perRegion") == "true"
    assert [c.get("value") for c in choices[config.QUOTE_KIND_CONTROL]] == [
        "direct",
        "indirect",
        "mixed",
    ]
    text = root.find(".//Text")
    assert text is not None
    assert text.get("name") == config.TEXT_NAME


def _parents(root: ET.Element) -> dict[ET.Element, ET.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def test_per_region_choices_sit_in_a_side_panel_so_the_text_never_moves() -> None:
    root = ET.fromstring(config.labeling_config())
    parents = _parents(root)
    text = root.find(".//Text")
    assert text is not None
    text_column = parents[text]
    row = parents[text_column]
    assert "display: flex" in (row.get("style") or "")
    panel = [column for column in row if column is not text_column]
    assert len(panel) == 1
    assert "sticky" in (panel[0].get("style") or "")
    for choices in root.iter("Choices"):
        # inside the panel (not in the text's column, where showing them pushes the text down)
        node = choices
        while node in parents and node is not panel[0]:
            node = parents[node]
        assert node is panel[0], choices.get("name")


def test_choice_groups_have_titles_in_both_languages() -> None:
    root = ET.fromstring(config.labeling_config())
    parents = _parents(root)
    titled = {
        config.QUOTE_KIND_CONTROL: "Jenis kutipan · Quote kind",
        config.CLAIM_STANCE_CONTROL: "Sikap pengklaim · Stance",
        config.CHECK_WORTHINESS_CONTROL: "Layak dicek? · Check-worthiness",
    }
    for choices in root.iter("Choices"):
        siblings = list(parents[choices])
        header = siblings[siblings.index(choices) - 1]
        assert header.tag == "Header"
        assert (header.get("value") or "").startswith(titled[choices.get("name") or ""])
    headers = [h.get("value") for h in root.iter("Header")]
    assert {"Entitas · Entities", "Kutipan · Quotes", "Klaim · Claims"} <= set(headers)
    for element in [*root.iter("Label"), *root.iter("Choice")]:
        indonesian_then_english = (element.get("hint") or "").split(":")[0].split(" · ")
        assert len(indonesian_then_english) == 2, element.get("value")


# Keys Label Studio 1.23.2 binds without a modifier in the text editor (its keymap):
# u unselects the region, enter/escape/backspace/delete/arrows act on regions.
LABEL_STUDIO_KEYS = {"u", "enter", "escape", "backspace", "delete", "left", "right"}


def test_hotkeys_are_unique_per_config_and_restart_per_group() -> None:
    root = ET.fromstring(config.labeling_config())
    keys = [e.get("hotkey") for e in [*root.iter("Label"), *root.iter("Choice")]]
    assert None not in keys
    # Label Studio binds every hotkey globally, visible or not: one key, one meaning.
    assert len(keys) == len(set(keys))
    assert not set(keys) & LABEL_STUDIO_KEYS
    groups = {c.get("name"): [x.get("hotkey") for x in c] for c in root.iter("Choices")}
    assert groups == {
        config.QUOTE_KIND_CONTROL: ["1", "2", "3"],
        config.CLAIM_STANCE_CONTROL: ["a", "b", "h"],
        config.CHECK_WORTHINESS_CONTROL: ["v", "x"],
    }


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
