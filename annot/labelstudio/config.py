"""The Label Studio labeling config, generated from the taxonomy (never written by hand).

Control names are part of the contract between annot and Label Studio: regions come back
with ``from_name`` set to one of them, so conversion and validation import them from here.
Pure string building; no Label Studio SDK import.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from annot.schema.taxonomy import (
    CHECK_WORTHINESS,
    ENTITY_LABELS,
    QUOTE_KINDS,
    QUOTE_LAYER_LABELS,
    RELATIONS,
    STANCES,
    ChoiceInfo,
    LabelInfo,
    QuoteLayerLabel,
)

__all__ = [
    "CHECK_WORTHINESS_CONTROL",
    "CLAIM_CONTROL",
    "CLAIM_STANCE_CONTROL",
    "ENTITY_CONTROL",
    "QUOTE_CONTROL",
    "QUOTE_KIND_CONTROL",
    "TEXT_NAME",
    "labeling_config",
]

TEXT_NAME = "text"
"""The ``Text`` object tag; task data carries the document text under this key."""
ENTITY_CONTROL = "entity"
QUOTE_CONTROL = "quote"
CLAIM_CONTROL = "claim"
QUOTE_KIND_CONTROL = "quote_kind"
CLAIM_STANCE_CONTROL = "claim_stance"
CHECK_WORTHINESS_CONTROL = "check_worthiness"


def _labels(name: str, infos: Iterable[LabelInfo]) -> ET.Element:
    control = ET.Element("Labels", name=name, toName=TEXT_NAME, choice="single")
    for info in infos:
        ET.SubElement(
            control,
            "Label",
            value=info.name,
            hint=f"{info.title}: {info.definition}",
            background=info.color,
            hotkey=info.hotkey,
        )
    return control


def _choices(name: str, when_label: str, infos: Iterable[ChoiceInfo]) -> ET.Element:
    control = ET.Element(
        "Choices",
        name=name,
        toName=TEXT_NAME,
        perRegion="true",
        choice="single-radio",
        visibleWhen="region-selected",
        whenLabelValue=when_label,
    )
    for info in infos:
        ET.SubElement(control, "Choice", value=info.value, hint=info.definition)
    return control


def labeling_config() -> str:
    """The labeling config XML: entities, quote parts, claims, relations, per-region choices."""
    view = ET.Element("View")
    ET.SubElement(view, "Header", value="Entitas")
    view.append(_labels(ENTITY_CONTROL, ENTITY_LABELS.values()))
    ET.SubElement(view, "Header", value="Kutipan dan klaim")
    claim = QUOTE_LAYER_LABELS[QuoteLayerLabel.CLAIM]
    view.append(_labels(QUOTE_CONTROL, (v for v in QUOTE_LAYER_LABELS.values() if v is not claim)))
    view.append(_labels(CLAIM_CONTROL, [claim]))
    relations = ET.SubElement(view, "Relations")
    for relation, definition in RELATIONS.items():
        ET.SubElement(relations, "Relation", value=relation.value, hint=definition)
    view.append(_choices(QUOTE_KIND_CONTROL, QuoteLayerLabel.QUOTE.value, QUOTE_KINDS.values()))
    view.append(_choices(CLAIM_STANCE_CONTROL, QuoteLayerLabel.CLAIM.value, STANCES.values()))
    view.append(
        _choices(CHECK_WORTHINESS_CONTROL, QuoteLayerLabel.CLAIM.value, CHECK_WORTHINESS.values())
    )
    # The per-region choices stand above the text, so they show where the annotator looks when
    # a quote or claim is selected, not below a long article.
    ET.SubElement(view, "Text", name=TEXT_NAME, value=f"${TEXT_NAME}", granularity="symbol")
    ET.indent(view, space="  ")
    return ET.tostring(view, encoding="unicode") + "\n"
