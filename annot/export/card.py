"""The dataset card (``README.md`` with a YAML header) and its label-distribution chart.

The content depends only on the export's rows, options and :class:`CardInfo`: no clock,
no host name, no paths, so two exports of the same input have identical cards. The chart is
an SVG written by hand (:func:`render_chart`): a plotting library would cost the export
tens of megabytes of peak memory for one bar chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

import yaml  # type: ignore[import-untyped]

from annot.export.build import SplitStats
from annot.export.features import iob2_names
from annot.export.hf import Spec, yaml_list
from annot.export.splits import SPLITS, SplitOptions
from annot.road.ledger import Ledger
from annot.schema import SCHEMA_VERSION, LabelSet
from annot.schema.taxonomy import (
    CHECK_WORTHINESS,
    ENTITY_LABELS,
    QUOTE_KINDS,
    QUOTE_LAYER_LABELS,
    RELATIONS,
    STANCES,
    map_label,
)

__all__ = ["CHART_NAME", "CardInfo", "ConfigSplits", "render_card", "render_chart"]

CHART_NAME = "label_distribution.svg"

#: What each config keeps of the annotations, and what it leaves out.
_KEEPS_AND_DROPS = {
    "documents": (
        "everything: text, metadata (`published` as a struct), segments, canonical entities, "
        "every mention (nested ones included), quotes, claims, links and provenance",
        "nothing; the raw article bytes and Label Studio region ids stay with annot",
    ),
    "ner": (
        "sentences; per sentence the outermost mention of each nest, in the label set",
        "nested mentions, labels the label set lacks (tagged `O`), sentences touching a "
        "misaligned mention (listed in `quarantine.jsonl`), quotes, claims, entity links",
    ),
    "quotes": (
        "every quote: content, cue, speaker (text, label, canonical name), kind, paragraph",
        "the quote's provenance (in `documents`), claims made in the quote (in `claims`)",
    ),
    "claims": (
        "every sentence; every claim overlapping it with id, span, claimant, stance and "
        "check-worthiness; the first claim's classes as the sentence's labels",
        "claim provenance (in `documents`); the claimant's mention offsets (in `documents`)",
    ),
    "seacrowd_seq_label": (
        "the `ner` rows' tokens and tags and the row id",
        "everything else `ner` drops, and the offsets and document ids `ner` keeps",
    ),
    "seacrowd_kb": (
        "passages (title, headings, paragraphs), every entity mention (nested included) with "
        "its knowledge-base id, coreferences of canonical entities",
        "quotes, cues, speakers and claims (not entities; the kb schema's relations link two "
        "entities and SEACrowd's checks cannot read events: see `quotes`/`claims`), "
        "provenance; offsets point into the passages joined by a space, not `documents.text`",
    ),
}

#: SEACrowd's metadata for the two SEACrowd configs (``seacrowd.utils.constants``).
SEACROWD_LANGUAGES = ["ind"]
SEACROWD_TASKS = {
    "seacrowd_seq_label": "NAMED_ENTITY_RECOGNITION",
    "seacrowd_kb": "NAMED_ENTITY_RECOGNITION",
}

#: Config → split → (shard file names relative to the export root, rows, Arrow bytes).
ConfigSplits = Mapping[str, Mapping[str, tuple[list[str], int, int]]]

_CONFIG_DESCRIPTIONS = {
    "documents": "One row per article: text, metadata, segments, and every annotation layer "
    "(mentions, canonical entities, quotes, claims and their links) with offsets and provenance.",
    "ner": "One row per sentence: word `tokens` and IOB2 `ner_tags` (the columns "
    "transformers' `run_ner.py` reads without flags), the sentence and the token offsets.",
    "quotes": "One row per quote: content, cue, speaker (text, label, canonical entity), kind, "
    "and the paragraph around it, all with offsets into the article text.",
    "claims": "One row per sentence: whether it carries a claim; every claim overlapping it "
    "with its claimant, stance and check-worthiness (`claim_spans`); the first claim's as "
    "sentence classes (`none` for sentences without a claim).",
    "seacrowd_seq_label": "SEACrowd `seq_label` schema: the `ner` rows as `tokens`/`labels`/`id`.",
    "seacrowd_kb": "SEACrowd/BigBio `kb` schema: passages, the entity mentions, their "
    "knowledge-base links and coreferences; offsets into the passages joined by a space.",
}


@dataclass(frozen=True, slots=True)
class CardInfo:
    """What the card says beyond what the data shows (all optional)."""

    pretty_name: str = "annot: Indonesian news entities, quotes and claims"
    license: str = "other"
    """A Hub license id; ``other`` because the articles stay their publishers' property."""
    license_name: str = "news-articles-research-only"
    """With ``license: other``: a short name of the terms (the Hub asks for one)."""
    license_link: str = "README.md#license"
    """With ``license: other``: where the terms are written (here, this card's License)."""
    description: str | None = None
    annotation_process: str | None = None
    agreement: Mapping[str, float] = field(default_factory=dict)
    """Inter-annotator agreement figures, e.g. ``{"entities, span F1": 0.87}``."""
    created: str | None = None
    """A date to print (none by default, so that cards are reproducible)."""
    ledger: Ledger | None = None
    """Where every task, annotation and region of the Label Studio input went
    (:mod:`annot.road.ledger`); shown when the export came from Label Studio data."""


def _size_category(count: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")):
        if count < limit:
            return name
    return "100K<n<1M" if count < 1_000_000 else "1M<n<10M"


def _header(
    info: CardInfo, features: Mapping[str, Spec], splits: ConfigSplits, documents: int
) -> str:
    configs = []
    dataset_info = []
    for config, by_split in splits.items():
        present = [split for split in SPLITS if by_split.get(split, ([], 0, 0))[1] > 0]
        if not present:
            # No rows at all (e.g. every sentence withheld): listing the config with no data
            # files would make `datasets` read every file of the folder as its train split.
            continue
        configs.append(
            {
                "config_name": config,
                "data_files": [
                    {"split": split, "path": f"data/{config}/{split}-*"} for split in present
                ],
                **({"default": True} if config == "documents" else {}),
            }
        )
        dataset_info.append(
            {
                "config_name": config,
                "features": yaml_list(features[config]),
                "splits": [
                    {
                        "name": split,
                        "num_bytes": by_split[split][2],
                        "num_examples": by_split[split][1],
                    }
                    for split in present
                ],
            }
        )
    header = {
        "pretty_name": info.pretty_name,
        "language": ["id"],
        "license": info.license,
        **(
            {"license_name": info.license_name, "license_link": info.license_link}
            if info.license == "other"
            else {}
        ),
        "task_categories": ["token-classification", "text-classification"],
        "task_ids": ["named-entity-recognition", "fact-checking"],
        "size_categories": [_size_category(documents)],
        "tags": ["news", "quotes", "claims", "indonesian"],
        "configs": configs,
        "dataset_info": dataset_info,
    }
    dumped: str = yaml.safe_dump(header, sort_keys=False, allow_unicode=True, width=1000)
    return dumped


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _counts(stats: Mapping[str, SplitStats], names: list[str], pick: str) -> list[list[str]]:
    rows = []
    for name in names:
        values = [getattr(stats[split], pick)[name] for split in SPLITS]
        rows.append([f"`{name}`", *(str(value) for value in values), str(sum(values))])
    return rows


def render_card(
    *,
    info: CardInfo,
    features: Mapping[str, Spec],
    splits: ConfigSplits,
    stats: Mapping[str, SplitStats],
    label_set: LabelSet,
    split_options: SplitOptions,
    split_clitics: bool,
) -> str:
    """The README.md of an export."""
    stats = {split: stats.get(split, SplitStats()) for split in SPLITS}
    documents = sum(s.documents for s in stats.values())
    lines = ["---", _header(info, features, splits, documents).rstrip("\n"), "---", ""]
    lines += [f"# {info.pretty_name}", ""]
    lines += [
        info.description
        or "Indonesian news articles annotated with named entities, reported speech (quotes "
        "with cue and speaker) and check-worthy claims (claimant and stance), exported by "
        "[annot](https://example.invalid/annot).",
        "",
        f"Schema version {SCHEMA_VERSION}. Language: Indonesian (`id`).",
    ]
    if info.created:
        lines.append(f"Created: {info.created}.")
    lines += ["", "## Loading", "", "```python", "from datasets import load_dataset", ""]
    lines += ['ner = load_dataset("path/to/this/folder", "ner")', "```", ""]
    lines += ["## Configs", ""]
    lines += _table(
        ["config", "train", "validation", "test", "description"],
        [
            [
                f"`{config}`",
                *(str(by_split.get(split, ([], 0, 0))[1]) for split in SPLITS),
                _CONFIG_DESCRIPTIONS.get(config, ""),
            ]
            for config, by_split in splits.items()
        ],
    )
    empty = [
        f"`{config}`/{split}"
        for config, by_split in splits.items()
        for split in SPLITS
        if by_split.get(split, ([], 0, 0))[1] == 0
    ]
    lines += [
        "",
        "A split without rows is **omitted** from its config (no file, no `data_files` entry): "
        "`datasets` cannot load an empty Parquet split. "
        + (
            f"Omitted here: {', '.join(empty)}. A split of positive ratio is empty only when "
            "the corpus has fewer document groups than splits, or when its documents yield no "
            "row of that config."
            if empty
            else "No split is empty here."
        ),
        "",
        "## Splits",
        "",
        f"Ratios train/validation/test {split_options.ratios}, seed {split_options.seed}. "
        "Splits are made by document *group*: near-duplicate and same-story articles (MinHash "
        f"over {split_options.shingle_size}-word shingles, {split_options.num_perm} hashes in "
        f"{split_options.bands} LSH bands, estimated Jaccard ≥ {split_options.threshold}) "
        "always share a split, so copies of a test article never leak into training. The "
        "assignment is deterministic: the same articles, ratios and seed give the same splits.",
        "",
        "## Statistics",
        "",
    ]
    lines += _table(
        ["", *SPLITS, "total"],
        [
            [
                what,
                *(str(getattr(stats[s], attr)) for s in SPLITS),
                str(sum(getattr(stats[s], attr) for s in SPLITS)),
            ]
            for what, attr in (
                ("documents", "documents"),
                ("sentences", "sentences"),
                ("word tokens", "tokens"),
                ("sentences carrying a claim", "claim_sentences"),
                ("sentences withheld from ner (quarantine)", "withheld_sentences"),
                ("mentions left out of ner by nesting", "nested"),
                ("mentions outside the label set (O)", "unmapped"),
            )
        ],
    )
    lines += ["", f"Entities tagged in `ner` (label set `{label_set.value}`):", ""]
    ner_labels = [name for name in iob2_names(label_set)[1::2]]
    lines += _table(
        ["label", *SPLITS, "total"], _counts(stats, [n[2:] for n in ner_labels], "ner_entities")
    )
    lines += ["", "Mentions in `documents` (annot labels, nested ones included):", ""]
    lines += _table(
        ["label", *SPLITS, "total"],
        _counts(stats, [label.value for label in ENTITY_LABELS], "mentions"),
    )
    lines += ["", "Quotes by kind:", ""]
    lines += _table(
        ["kind", *SPLITS, "total"], _counts(stats, [k.value for k in QUOTE_KINDS], "quotes")
    )
    lines += ["", "Claims by stance:", ""]
    lines += _table(
        ["stance", *SPLITS, "total"], _counts(stats, [s.value for s in STANCES], "claims")
    )
    lines += [
        "",
        f"![Entities per label and split]({CHART_NAME})",
        "",
        f"The chart (`{CHART_NAME}`) draws the `ner` entity counts above, one bar per label "
        "and split; opened on its own, each bar shows its count as a tooltip.",
        "",
    ]
    lines += _keeps_and_drops(list(splits))
    lines += _seacrowd()
    lines += _policies(label_set, split_clitics)
    lines += _definitions(label_set)
    lines += ["", "## Annotation", ""]
    lines.append(
        info.annotation_process
        or "Pre-annotated by rules, corrected by annotators in Label Studio, adjudicated into "
        "one gold annotation per article. Every item carries its provenance (`documents`)."
    )
    if info.agreement:
        lines += ["", "Inter-annotator agreement:", ""]
        lines += _table(
            ["measure", "value"], [[name, f"{value:.3f}"] for name, value in info.agreement.items()]
        )
    if info.ledger is not None:
        lines += ["", "### Ledger", "", _LEDGER_TEXT, "", info.ledger.markdown()]
    lines += [
        "",
        "## License",
        "",
        (f"`other` ({info.license_name}): " if info.license == "other" else f"`{info.license}`. ")
        + "The articles remain the property of their publishers; use them for research.",
        "",
    ]
    return "\n".join(lines)


def _keeps_and_drops(configs: list[str]) -> list[str]:
    lines = ["## What each config keeps and drops", ""]
    lines += _table(
        ["config", "keeps", "drops"],
        [[f"`{c}`", *_KEEPS_AND_DROPS[c]] for c in configs if c in _KEEPS_AND_DROPS],
    )
    return [*lines, ""]


def _seacrowd() -> list[str]:
    tasks = ", ".join(f"`{c}`: `Tasks.{t}`" for c, t in SEACROWD_TASKS.items())
    return [
        "## SEACrowd",
        "",
        f"`seacrowd_seq_label` and `seacrowd_kb` follow SEACrowd's `seq_label` and `kb` schemas "
        f"and pass the checks of SEACrowd's test harness (`tests/test_seacrowd.py`). "
        f"SEACrowd metadata: `_LANGUAGES = {SEACROWD_LANGUAGES}` (ISO 639-3), "
        f"supported tasks {tasks}. In `seacrowd_kb`, offsets point into the passages' texts "
        "joined by one space, which is how the harness rebuilds an example's text.",
        "",
    ]


_LEDGER_TEXT = (
    "Every task, annotation and Label Studio region of the input, and where it went: "
    "`exported`; `quarantined:<code>` (see `validation-quarantine.jsonl`); `superseded` (an "
    "older version of the article, or an annotator's earlier annotation); `cancelled`; "
    "`disputed` (withheld and listed in `disagreements.jsonl` for a person); `outvoted` "
    "(settled against by the adjudication policy). Each row adds up."
)


def _policies(label_set: LabelSet, split_clitics: bool) -> list[str]:
    return [
        "## How the configs are made",
        "",
        "- **Offsets** are half-open Unicode code-point indices (Python `str` indices) into the "
        "article text (`documents.text`), except in `seacrowd_kb` (see SEACrowd).",
        "- **Tokens** come from annot's Indonesian tokenizer: numbers and dates stay whole "
        "(`11.000`, `19/6/2024`), acronyms are words (`AS`, `PBB`), reduplication stays whole "
        "(`negara-negara`), typographic quotes are tokens; the clitic `-nya` is "
        + (
            "split off speech verbs and prepositions (`kata` `nya`)."
            if split_clitics
            else "not split (`katanya` is one token)."
        ),
        "- **Rows are sentences** in `ner`, `claims` and `seacrowd_seq_label`: a news article "
        "runs to far more than the 512 sub-word positions of BERT-sized models, and truncating "
        "at `max_length` would silently drop every entity after the cut.",
        "- **Nested and overlapping entities**: IOB2 holds one layer, so `ner` keeps the "
        "outermost span; ties go to the longer span, then the earlier start, then the taxonomy "
        "label order. All mentions are kept in `documents` and `seacrowd_kb`.",
        f"- **Label set** `{label_set.value}`: labels the set lacks are tagged `O` (and do not "
        "hide the spans nested in them).",
        "- **Misaligned spans** (a boundary inside a token, a span across sentences, a span "
        "covering no token) are never tagged: the span is listed in `quarantine.jsonl` with "
        "its reason and the sentences it touches are left out of `ner`.",
        "",
    ]


def _definitions(label_set: LabelSet) -> list[str]:
    lines = ["## Labels", ""]
    rows = []
    for label, info in ENTITY_LABELS.items():
        mapped = map_label(label, label_set) or "O"
        rows.append([f"`{info.name}`", f"`{mapped}`", info.title, info.definition])
    lines += _table(["label", f"in `ner` ({label_set.value})", "name", "definition"], rows)
    lines += ["", "Quote and claim layers:", ""]
    lines += [f"- `{i.name}` ({i.title}): {i.definition}" for i in QUOTE_LAYER_LABELS.values()]
    lines += ["", "Relations:", ""]
    lines += [f"- `{relation.value}`: {text}" for relation, text in RELATIONS.items()]
    for title, choices in (
        ("Quote kinds", QUOTE_KINDS),
        ("Claim stances (`none`: the sentence carries no claim)", STANCES),
        ("Check-worthiness (`none`: no claim)", CHECK_WORTHINESS),
    ):
        lines += ["", f"{title}:", ""]
        lines += [f"- `{choice.value}`: {choice.definition}" for choice in choices.values()]
    return lines


# -- the chart ------------------------------------------------------------------------------------

#: Bar colour of each split (also the legend's swatches).
_SPLIT_COLOURS = {"train": "#1f77b4", "validation": "#ff7f0e", "test": "#2ca02c"}
#: Chart geometry in SVG user units (pixels): the plot area and the margins around it for the
#: title and legend (top), the y tick values (left) and the rotated x labels (bottom).
_LEFT, _RIGHT, _TOP, _BOTTOM = 72, 16, 56, 96
_PLOT_HEIGHT = 240
_GROUP_WIDTH = 56
"""Width of one label's group of bars."""
_MIN_PLOT_WIDTH = 360
"""Room for the title and the legend row when the label set has few labels."""
_BAR_FILL = 0.8
"""Share of a group's width that its bars cover (the rest separates the groups)."""


def _number(value: float) -> str:
    """``value`` with at most two decimals and no trailing zeros, so coordinates are short."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _ticks(maximum: int) -> list[int]:
    """Round y values from 0 to at least ``maximum``: at most 5 steps of 1, 2 or 5 × 10ⁿ.

    The last value is the top of the axis; it is at least 1, so an all-zero chart divides
    by no zero.
    """
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if 5 * step >= maximum:
                top = step * max(1, -(-maximum // step))
                return list(range(0, top + 1, step))
        magnitude *= 10


def _y_axis(ticks: list[int], plot_width: int) -> list[str]:
    """Grid lines, tick values, the axis line and its name."""
    base = _TOP + _PLOT_HEIGHT
    parts = []
    for tick in ticks:
        y = _number(base - tick / ticks[-1] * _PLOT_HEIGHT)
        parts.append(
            f'<line x1="{_LEFT}" y1="{y}" x2="{_LEFT + plot_width}" y2="{y}" stroke="#dddddd"/>'
        )
        parts.append(
            f'<text class="tick" x="{_LEFT - 6}" y="{y}" dy="0.32em" text-anchor="end">'
            f"{tick}</text>"
        )
    parts.append(f'<line x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{base}" stroke="#333333"/>')
    parts.append(
        f'<line x1="{_LEFT}" y1="{base}" x2="{_LEFT + plot_width}" y2="{base}" stroke="#333333"/>'
    )
    middle = _number(_TOP + _PLOT_HEIGHT / 2)
    parts.append(
        f'<text x="16" y="{middle}" transform="rotate(-90 16 {middle})" '
        f'text-anchor="middle">entities in ner</text>'
    )
    return parts


def _bars(
    labels: list[str], counts: Mapping[str, Mapping[str, int]], top: int, plot_width: int
) -> list[str]:
    """One ``<rect>`` per label and split, with its count as data attributes and tooltip."""
    slot = plot_width / max(len(labels), 1)
    bar_width = slot * _BAR_FILL / len(SPLITS)
    base = _TOP + _PLOT_HEIGHT
    parts = []
    for index, label in enumerate(labels):
        first = _LEFT + index * slot + slot * (1 - _BAR_FILL) / 2
        for position, split in enumerate(SPLITS):
            count = counts[split].get(label, 0)
            height = count / top * _PLOT_HEIGHT
            parts.append(
                f'<rect class="bar" x="{_number(first + position * bar_width)}" '
                f'y="{_number(base - height)}" width="{_number(bar_width)}" '
                f'height="{_number(height)}" fill="{_SPLIT_COLOURS[split]}" '
                f"data-split={quoteattr(split)} data-label={quoteattr(label)} "
                f'data-count="{count}"><title>{escape(f"{split} {label}: {count}")}</title></rect>'
            )
    return parts


def _x_labels(labels: list[str], plot_width: int) -> list[str]:
    """Each label under its group, rotated so long names do not overlap."""
    slot = plot_width / max(len(labels), 1)
    y = _TOP + _PLOT_HEIGHT + 14
    parts = []
    for index, label in enumerate(labels):
        x = _number(_LEFT + (index + 0.5) * slot)
        parts.append(
            f'<text class="x-label" x="{x}" y="{y}" transform="rotate(-45 {x} {y})" '
            f'text-anchor="end">{escape(label)}</text>'
        )
    return parts


def _legend(plot_width: int) -> list[str]:
    """A swatch and name per split, in a row above the plot's top right corner."""
    item_width = 96
    left = _LEFT + plot_width - item_width * len(SPLITS)
    parts = []
    for position, split in enumerate(SPLITS):
        x = left + position * item_width
        parts.append(
            f'<rect x="{x}" y="{_TOP - 22}" width="12" height="12" fill="{_SPLIT_COLOURS[split]}"/>'
        )
        parts.append(f'<text class="legend" x="{x + 18}" y="{_TOP - 12}">{escape(split)}</text>')
    return parts


def render_chart(stats: Mapping[str, SplitStats], label_set: LabelSet) -> bytes:
    """An SVG bar chart (UTF-8) of the entities tagged in ``ner`` per label and split.

    Written by hand rather than with a plotting library, whose import alone would raise the
    export's peak memory by tens of megabytes. The same stats give the same bytes. Each bar
    is a ``<rect>`` with ``data-split``, ``data-label`` and ``data-count`` attributes and a
    ``<title>`` tooltip (``train PER: 12``); a split missing from ``stats`` counts zero.
    """
    labels = [name[2:] for name in iob2_names(label_set)[1::2]]
    counts: dict[str, Mapping[str, int]] = {
        split: stats[split].ner_entities if split in stats else {} for split in SPLITS
    }
    ticks = _ticks(max((counts[s].get(label, 0) for s in SPLITS for label in labels), default=0))
    plot_width = max(len(labels) * _GROUP_WIDTH, _MIN_PLOT_WIDTH)
    width = _LEFT + plot_width + _RIGHT
    height = _TOP + _PLOT_HEIGHT + _BOTTOM
    title = escape(f"Entities per label ({label_set.value})")
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="12">',
        f"<title>{title}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text class="title" x="{_number(_LEFT + plot_width / 2)}" y="20" text-anchor="middle" '
        f'font-size="15">{title}</text>',
        *_y_axis(ticks, plot_width),
        *_bars(labels, counts, ticks[-1], plot_width),
        *_x_labels(labels, plot_width),
        *_legend(plot_width),
        "</svg>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")
