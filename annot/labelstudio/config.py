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
    "CHECK_WORTHINESS_TITLE",
    "CLAIM_CONTROL",
    "CLAIM_STANCE_CONTROL",
    "CLAIM_STANCE_TITLE",
    "CLAIM_TITLE",
    "ENTITY_CONTROL",
    "ENTITY_TITLE",
    "QUOTE_CONTROL",
    "QUOTE_KIND_CONTROL",
    "QUOTE_KIND_TITLE",
    "QUOTE_TITLE",
    "TEXT_NAME",
    "choice_hint",
    "label_hint",
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


#: Group titles, Indonesian first (the annotators' language), then English.
ENTITY_TITLE = "Entitas · Entities"
QUOTE_TITLE = "Kutipan · Quotes"
CLAIM_TITLE = "Klaim · Claims"
PANEL_TITLE = "Pilihan untuk wilayah terpilih · Choices for the selected region"
PANEL_HELP = (
    "Pilih wilayah QUOTE atau CLAIM di teks untuk mengisi pilihannya. "
    "Select a QUOTE or CLAIM region in the text to fill in its choices."
)
QUOTE_KIND_TITLE = "Jenis kutipan · Quote kind"
CLAIM_STANCE_TITLE = "Sikap pengklaim · Stance"
CHECK_WORTHINESS_TITLE = "Layak dicek? · Check-worthiness"

# Two columns side by side: labels and text on the left, per-region choices in a fixed panel
# on the right. Choices that appear when a region is selected fill the panel; the text column
# never moves (Label Studio inserts a visible control where it stands in the config).
_ROW_STYLE = "display: flex; align-items: flex-start; gap: 16px"
_MAIN_STYLE = "flex: 1 1 auto; min-width: 0"
_PANEL_STYLE = (
    "flex: 0 0 260px; position: sticky; top: 0; min-height: 320px; padding: 8px 12px; "
    "border-left: 1px solid #d0d0d0; background: #fafafa"
)


def label_hint(info: LabelInfo) -> str:
    """A label's tooltip: Indonesian and English names, definition, an Indonesian example."""
    example = f" Contoh: {info.examples[0]}" if info.examples else ""
    return f"{info.title_id} · {info.title}: {info.definition}{example}"


def choice_hint(info: ChoiceInfo) -> str:
    """A choice's tooltip: Indonesian and English names and the definition."""
    return f"{info.title}: {info.definition}"


def _labels(name: str, infos: Iterable[LabelInfo]) -> ET.Element:
    control = ET.Element("Labels", name=name, toName=TEXT_NAME, choice="single")
    for info in infos:
        ET.SubElement(
            control,
            "Label",
            value=info.name,
            hint=label_hint(info),
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
        ET.SubElement(
            control, "Choice", value=info.value, hint=choice_hint(info), hotkey=info.hotkey
        )
    return control


_HELP_STYLE = "font-size: 13px; font-weight: normal; color: #555555; margin: 4px 0 12px"
_GROUP_STYLE = "font-size: 14px; margin: 12px 0 4px"


def _header(parent: ET.Element, value: str, size: int = 5, style: str | None = None) -> None:
    header = ET.SubElement(parent, "Header", value=value, size=str(size))
    if style is not None:
        header.set("style", style)


def _keys(infos: Iterable[ChoiceInfo]) -> str:
    return " ".join(f"[{info.hotkey}] {info.value}" for info in infos)


def labeling_config() -> str:
    """The labeling config XML: entities, quote parts, claims, relations, per-region choices."""
    view = ET.Element("View")
    row = ET.SubElement(view, "View", style=_ROW_STYLE)
    main = ET.SubElement(row, "View", style=_MAIN_STYLE)
    _header(main, ENTITY_TITLE)
    main.append(_labels(ENTITY_CONTROL, ENTITY_LABELS.values()))
    claim = QUOTE_LAYER_LABELS[QuoteLayerLabel.CLAIM]
    _header(main, QUOTE_TITLE)
    main.append(_labels(QUOTE_CONTROL, (v for v in QUOTE_LAYER_LABELS.values() if v is not claim)))
    _header(main, CLAIM_TITLE)
    main.append(_labels(CLAIM_CONTROL, [claim]))
    relations = ET.SubElement(main, "Relations")
    for relation, definition in RELATIONS.items():
        ET.SubElement(relations, "Relation", value=relation.value, hint=definition)
    ET.SubElement(main, "Text", name=TEXT_NAME, value=f"${TEXT_NAME}", granularity="symbol")

    panel = ET.SubElement(row, "View", style=_PANEL_STYLE)
    _header(panel, PANEL_TITLE)
    _header(panel, PANEL_HELP, size=6, style=_HELP_STYLE)
    quote_value = QuoteLayerLabel.QUOTE.value
    claim_value = QuoteLayerLabel.CLAIM.value
    quote_group = ET.SubElement(
        panel, "View", visibleWhen="region-selected", whenLabelValue=quote_value
    )
    _header(quote_group, f"{QUOTE_KIND_TITLE} — {_keys(QUOTE_KINDS.values())}", 6, _GROUP_STYLE)
    quote_group.append(_choices(QUOTE_KIND_CONTROL, quote_value, QUOTE_KINDS.values()))
    claim_group = ET.SubElement(
        panel, "View", visibleWhen="region-selected", whenLabelValue=claim_value
    )
    _header(claim_group, f"{CLAIM_STANCE_TITLE} — {_keys(STANCES.values())}", 6, _GROUP_STYLE)
    claim_group.append(_choices(CLAIM_STANCE_CONTROL, claim_value, STANCES.values()))
    _header(
        claim_group,
        f"{CHECK_WORTHINESS_TITLE} — {_keys(CHECK_WORTHINESS.values())}",
        6,
        _GROUP_STYLE,
    )
    claim_group.append(_choices(CHECK_WORTHINESS_CONTROL, claim_value, CHECK_WORTHINESS.values()))
    ET.indent(view, space="  ")
    return ET.tostring(view, encoding="unicode") + "\n"
