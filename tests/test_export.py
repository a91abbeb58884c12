"""Tests for annot.export: every config loads with datasets, conformance, splits, atomicity."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]
from datasets import DatasetDict, load_dataset
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seqeval.metrics.sequence_labeling import get_entities

from annot.export import (
    CONFIGS,
    CardInfo,
    ConformanceError,
    DuplicateDocumentError,
    ExportInputError,
    ExportOptions,
    SplitOptions,
    build,
    export_dataset,
    pipeline,
    writer,
)
from annot.export.card import render_chart
from annot.export.conformance import IdRegistry, check_kb_row, check_row, row_ids
from annot.export.features import iob2_names, seacrowd_kb_features, seacrowd_seq_label_features
from annot.export.hf import arrow_schema, yaml_list
from annot.export.ner import TaggedSpan, outermost
from annot.export.pipeline import QUARANTINE_NAME, config_features, config_specs
from annot.export.rows import documents_row, documents_row_to_layers, prepare
from annot.export.sample import DocumentBuilder, sample_corpus
from annot.export.seacrowd import kb_row
from annot.export.splits import SPLITS, NearDuplicateIndex, assign_splits
from annot.problems import ProblemCode
from annot.road.gold import label_studio_to_gold
from annot.schema import (
    AnnotatedDocument,
    Claim,
    EntityLabel,
    HumanSource,
    LabelSet,
    Mention,
    MentionRef,
    PreannotatorSource,
    Quote,
    QuoteRef,
    Span,
    SpanRef,
    Stance,
)
from annot.schema.taxonomy import map_label

OPTIONS = ExportOptions(splits=SplitOptions(ratios=(0.6, 0.2, 0.2)))
Row = dict[str, Any]


def write_jsonl(path: Path, documents: list[AnnotatedDocument]) -> Path:
    path.write_text("".join(doc.model_dump_json() + "\n" for doc in documents), encoding="utf-8")
    return path


def files_of(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def load(path: Path, config: str, cache: Path) -> DatasetDict:
    loaded = load_dataset(str(path), config, cache_dir=str(cache))
    assert isinstance(loaded, DatasetDict)
    return loaded


@pytest.fixture(scope="module")
def corpus() -> list[AnnotatedDocument]:
    return sample_corpus()


@pytest.fixture(scope="module")
def exported(
    tmp_path_factory: pytest.TempPathFactory, corpus: list[AnnotatedDocument]
) -> pipeline.ExportReport:
    root = tmp_path_factory.mktemp("exports")
    source = write_jsonl(root / "gold.jsonl", corpus)
    return export_dataset(
        source,
        "berita",
        exports_dir=root,
        options=OPTIONS,
        card=CardInfo(agreement={"entities, span F1": 0.871}),
    )


@pytest.fixture(scope="module")
def loaded(
    exported: pipeline.ExportReport, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, DatasetDict]:
    cache = tmp_path_factory.mktemp("hf-cache")
    assert os.environ["HF_DATASETS_OFFLINE"] == "1"
    return {config: load(exported.path, config, cache) for config in CONFIGS}


def rows(loaded: dict[str, DatasetDict], config: str) -> Iterator[Row]:
    for split in loaded[config].values():
        yield from split


# -- loading with datasets ----------------------------------------------------------------------


@pytest.mark.parametrize("label_set", list(LabelSet))
def test_specs_give_what_datasets_gives(label_set: LabelSet) -> None:
    """The export writes schemas and card YAML from the features' dict form without importing
    ``datasets``; the real ``datasets`` is the oracle for both."""
    from datasets import Features

    for config, spec in config_specs(label_set).items():
        features = Features.from_dict(spec)
        assert features.to_dict() == spec, config
        assert arrow_schema(spec).equals(features.arrow_schema, check_metadata=True), config
        assert yaml_list(spec) == features._to_yaml_list(), config


def test_every_config_loads_with_our_features(
    exported: pipeline.ExportReport, loaded: dict[str, DatasetDict]
) -> None:
    features = config_features()
    for config in CONFIGS:
        dataset = loaded[config]
        expected_splits = {s for s, n in exported.rows[config].items() if n}
        assert set(dataset) == expected_splits, config
        for split, part in dataset.items():
            assert part.features == features[config], (config, split)
            assert part.num_rows == exported.rows[config][split]


def test_layout_and_card(exported: pipeline.ExportReport) -> None:
    root = exported.path
    assert (root / "data/ner/train-00000-of-00001.parquet").is_file()
    text = (root / "README.md").read_text(encoding="utf-8")
    header = yaml.safe_load(text.split("---\n")[1])
    assert header["language"] == ["id"]
    assert header["license"] == "other"
    assert header["license_name"] == "news-articles-research-only"
    assert header["license_link"] == "README.md#license"
    assert "\n## License\n" in text
    assert "| label | in `ner` (annot) | name | definition |" in text
    assert "| annot | annot |" not in text
    assert "## What each config keeps and drops" in text
    assert "`_LANGUAGES = ['ind']`" in text
    published = next(f for f in header["dataset_info"][0]["features"] if f["name"] == "published")
    assert [(f["name"], f["dtype"]) for f in published["struct"]][:2] == [
        ("date", "date32"),
        ("time", "time64[us]"),
    ]
    assert header["task_categories"] == ["token-classification", "text-classification"]
    assert header["size_categories"] == ["n<1K"]
    assert header["pretty_name"]
    assert [c["config_name"] for c in header["configs"]] == list(CONFIGS)
    assert [c["config_name"] for c in header["dataset_info"]] == list(CONFIGS)
    ner = next(c for c in header["configs"] if c["config_name"] == "ner")
    assert {"split": "train", "path": "data/ner/train-*"} in ner["data_files"]
    assert "](label_distribution.svg)" in text
    assert not list(root.glob("*.png"))
    bars = chart_bars((root / "label_distribution.svg").read_bytes())
    for (split, label), bar in bars.items():
        assert int(bar.attrib["data-count"]) == exported.stats[split].ner_entities[label]
    assert sum(int(bar.attrib["data-count"]) for bar in bars.values()) == sum(
        sum(stats.ner_entities.values()) for stats in exported.stats.values()
    )
    assert "| entities, span F1 | 0.871 |" in text
    assert "512 sub-word positions" in text  # why rows are sentences
    assert "Omitted here: `quotes`/test" in text or "No split is empty" in text
    counts = [str(exported.rows["documents"][split]) for split in ("train", "validation", "test")]
    assert f"| documents | {' | '.join(counts)} | 7 |" in text


# -- the card's chart ---------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def chart_root(svg: bytes) -> ET.Element:
    """The parsed chart (parsing fails on malformed XML), checked to be a sized SVG."""
    assert svg.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    width, height = root.attrib["width"], root.attrib["height"]
    assert root.attrib["viewBox"] == f"0 0 {width} {height}"
    assert float(width) > 0
    assert float(height) > 0
    return root


def chart_bars(svg: bytes) -> dict[tuple[str, str], ET.Element]:
    """The chart's bars by ``(split, label)``."""
    bars = {
        (rect.attrib["data-split"], rect.attrib["data-label"]): rect
        for rect in chart_root(svg).iter(f"{SVG}rect")
        if "data-count" in rect.attrib
    }
    return bars


def texts(root: ET.Element, kind: str) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text") if t.attrib.get("class") == kind]


def test_chart_bars_carry_the_counts_and_are_proportional() -> None:
    stats = {
        "train": build.SplitStats(ner_entities=Counter({"PER": 8, "ORG": 4, "GPE": 2})),
        "test": build.SplitStats(ner_entities=Counter({"PER": 1, "ORG": 2})),
    }  # no validation split at all
    svg = render_chart(stats, LabelSet.ANNOT)
    root = chart_root(svg)
    labels = [name[2:] for name in iob2_names(LabelSet.ANNOT)[1::2]]
    bars = chart_bars(svg)
    assert list(bars) == [(split, label) for label in labels for split in SPLITS]
    expected = {("train", "PER"): 8, ("train", "ORG"): 4, ("train", "GPE"): 2}
    expected |= {("test", "PER"): 1, ("test", "ORG"): 2}
    counts = {key: int(bar.attrib["data-count"]) for key, bar in bars.items()}
    assert counts == {key: expected.get(key, 0) for key in bars}
    for (split, label), bar in bars.items():
        assert bar.findtext(f"{SVG}title") == f"{split} {label}: {counts[split, label]}"

    height = {key: float(bar.attrib["height"]) for key, bar in bars.items()}
    assert height["train", "PER"] > 0
    assert height["train", "PER"] == pytest.approx(2 * height["train", "ORG"], abs=0.02)
    assert height["train", "ORG"] == pytest.approx(2 * height["train", "GPE"], abs=0.02)
    assert height["train", "GPE"] == pytest.approx(height["test", "ORG"], abs=0.02)
    assert height["train", "PER"] == pytest.approx(8 * height["test", "PER"], abs=0.02)
    assert all(height[key] == 0 for key in bars if key not in expected)
    # Every bar stands on the same baseline.
    bottoms = {float(bar.attrib["y"]) + float(bar.attrib["height"]) for bar in bars.values()}
    assert max(bottoms) - min(bottoms) < 0.02
    # One colour per split, different splits in different colours.
    fills = {
        split: {bar.attrib["fill"] for (s, _), bar in bars.items() if s == split}
        for split in SPLITS
    }
    assert all(len(colours) == 1 for colours in fills.values())
    assert len(set.union(*fills.values())) == len(SPLITS)

    assert root.findtext(f"{SVG}title") == "Entities per label (annot)"
    assert texts(root, "title") == ["Entities per label (annot)"]
    assert texts(root, "legend") == list(SPLITS)
    assert texts(root, "x-label") == labels
    assert all(
        "rotate(" in t.attrib["transform"]
        for t in root.iter(f"{SVG}text")
        if t.attrib.get("class") == "x-label"
    )
    assert texts(root, "tick") == ["0", "2", "4", "6", "8"]
    # The top tick's height on the axis is the tallest bar's (8 entities).
    tick_8 = next(t for t in root.iter(f"{SVG}text") if t.text == "8")
    assert float(tick_8.attrib["y"]) == pytest.approx(float(bars["train", "PER"].attrib["y"]))


@pytest.mark.parametrize(
    "stats",
    [{}, {"train": build.SplitStats()}, {split: build.SplitStats() for split in SPLITS}],
)
def test_chart_of_no_entities_has_zero_bars(stats: dict[str, build.SplitStats]) -> None:
    svg = render_chart(stats, LabelSet.NERGRIT)
    root = chart_root(svg)
    bars = chart_bars(svg)
    assert {label for _, label in bars} == {"PERSON", "ORGANISATION", "PLACE"}
    assert len(bars) == 3 * len(SPLITS)
    assert all(bar.attrib["data-count"] == "0" for bar in bars.values())
    assert all(float(bar.attrib["height"]) == 0 for bar in bars.values())
    assert texts(root, "tick") == ["0", "1"]
    assert b"nan" not in svg.lower()
    assert b"inf" not in svg.lower()


def test_chart_is_deterministic() -> None:
    def stats(order: list[tuple[str, int]]) -> dict[str, build.SplitStats]:
        return {"validation": build.SplitStats(ner_entities=Counter(dict(order)))}

    first = render_chart(stats([("PERSON", 3), ("TIME", 5)]), LabelSet.INDOLEM)
    assert render_chart(stats([("PERSON", 3), ("TIME", 5)]), LabelSet.INDOLEM) == first
    # The counters' insertion order does not matter either.
    assert render_chart(stats([("TIME", 5), ("PERSON", 3)]), LabelSet.INDOLEM) == first
    assert render_chart(stats([("PERSON", 4), ("TIME", 5)]), LabelSet.INDOLEM) != first


def test_chart_and_export_import_neither_matplotlib_nor_pandas(tmp_path: Path) -> None:
    code = textwrap.dedent(
        f"""
        import sys
        from collections import Counter
        from pathlib import Path
        from annot.export import export_dataset
        from annot.export.build import SplitStats
        from annot.export.card import render_chart
        from annot.export.sample import sample_corpus
        from annot.schema import LabelSet
        stats = {{"train": SplitStats(ner_entities=Counter({{"PER": 3}}))}}
        assert render_chart(stats, LabelSet.ANNOT).startswith(b"<?xml")
        assert "matplotlib" not in sys.modules, "render_chart"
        root = Path({str(tmp_path)!r})
        source = root / "gold.jsonl"
        source.write_text("".join(d.model_dump_json() + "\\n" for d in sample_corpus()))
        export_dataset(source, "berita", exports_dir=root)
        assert (root / "berita" / "label_distribution.svg").is_file()
        assert "matplotlib" not in sys.modules, "export"
        assert "pandas" not in sys.modules, "export (pyarrow imports it to convert Python objects)"
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_seacrowd_features_are_seacrowds() -> None:
    from seacrowd.utils.schemas import kb_features, seq_label_features  # type: ignore[import-untyped]

    assert seacrowd_kb_features() == kb_features
    for label_set in LabelSet:
        names = iob2_names(label_set)
        assert seacrowd_seq_label_features(label_set) == seq_label_features(names)


# -- conformance --------------------------------------------------------------------------------


def test_loaded_rows_conform(loaded: dict[str, DatasetDict]) -> None:
    texts = {row["id"]: row["text"] for row in rows(loaded, "documents")}
    for config in CONFIGS:
        registry = IdRegistry(config)
        for row in rows(loaded, config):
            text = texts[row["id"]] if config == "seacrowd_kb" else None
            assert check_row(config, row, text) == [], (config, row["id"])
            assert registry.add_ids(row_ids(config, row)) == []
    kb = {row["id"]: row for row in rows(loaded, "seacrowd_kb")}
    rudal = kb["rudal-1"]
    assert {tuple(c["entity_ids"]) for c in rudal["coreferences"]} == {
        ("rudal-1:m-korea", "rudal-1:m-korut1", "rudal-1:m-korut2")
    }
    korea = next(e for e in rudal["entities"] if e["id"] == "rudal-1:m-korea")
    assert korea["normalized"] == {"db_name": ["wikidata"], "db_id": ["Q423"]}
    documents = {row["id"]: row for row in rows(loaded, "documents")}
    for row in kb.values():
        # entities are the NER mentions, nothing else; quotes and claims live elsewhere
        mentions = documents[row["id"]]["mentions"]
        assert [e["id"] for e in row["entities"]] == [f"{row['id']}:{m['id']}" for m in mentions]
        assert [e["type"] for e in row["entities"]] == [m["label"] for m in mentions]
        assert row["events"] == []
        assert row["relations"] == []


def test_kb_check_reports_in_bigbio_form() -> None:
    row: Row = {
        "id": "d",
        "passages": [
            {"id": "d:p0", "type": "title", "text": ["Banjir"], "offsets": [[0, 6]]},
            {"id": "d:p1", "type": "body", "text": ["Budi pergi"], "offsets": [[7, 17]]},
        ],
        "entities": [
            {
                "id": "d:m",
                "type": "PER",
                "text": ["Budu"],
                "offsets": [[7, 11]],
                "normalized": {"db_name": [], "db_id": []},
            }
        ],
        "events": [],
        "coreferences": [],
        "relations": [
            {
                "id": "d:r",
                "type": "speaker_of",
                "arg1_id": "d:m",
                "arg2_id": "d:nowhere",
                "normalized": {"db_name": [], "db_id": []},
            }
        ],
    }
    problems = check_kb_row(row)
    assert "Example:d - entity d:m text:'Budu' != text_by_offset:'Budi'" in problems
    assert any("'d:nowhere' is not an entity" in problem for problem in problems)


def test_conformance_failure_is_hard_and_keeps_previous_export(
    tmp_path: Path, corpus: list[AnnotatedDocument], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = export_dataset(corpus, "x", exports_dir=tmp_path, options=OPTIONS)
    before = files_of(first.path)
    original = kb_row

    def broken(doc: Any) -> Row:
        row: Row = original(doc)
        row["entities"][0]["offsets"][0][0] += 1
        return row

    monkeypatch.setattr(build, "kb_row", broken)
    with pytest.raises(ConformanceError) as caught:
        export_dataset(corpus, "x", exports_dir=tmp_path, options=OPTIONS)
    assert caught.value.config == "seacrowd_kb"
    assert "text_by_offset" in caught.value.problems[0]
    assert files_of(first.path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]


# -- determinism and atomicity ------------------------------------------------------------------


def test_reexport_is_byte_identical(tmp_path: Path, corpus: list[AnnotatedDocument]) -> None:
    source = write_jsonl(tmp_path / "gold.jsonl", corpus)
    one = export_dataset(source, "a", exports_dir=tmp_path / "one", options=OPTIONS)
    two = export_dataset(source, "a", exports_dir=tmp_path / "two", options=OPTIONS)
    first, second = files_of(one.path), files_of(two.path)
    assert any(name.endswith(".parquet") for name in first)
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], name


def test_parallel_export_equals_serial(tmp_path: Path, corpus: list[AnnotatedDocument]) -> None:
    serial = ExportOptions(splits=OPTIONS.splits, batch_documents=2, row_group_rows=4)
    parallel = ExportOptions(splits=OPTIONS.splits, batch_documents=2, row_group_rows=4, num_proc=2)
    one = export_dataset(corpus, "a", exports_dir=tmp_path / "serial", options=serial)
    two = export_dataset(corpus, "a", exports_dir=tmp_path / "parallel", options=parallel)
    assert files_of(one.path) == files_of(two.path)


def test_failed_export_leaves_previous_intact(
    tmp_path: Path, corpus: list[AnnotatedDocument], monkeypatch: pytest.MonkeyPatch
) -> None:
    small = ExportOptions(splits=OPTIONS.splits, batch_documents=1, row_group_rows=1)
    first = export_dataset(corpus[:3], "berita", exports_dir=tmp_path, options=small)
    before = files_of(first.path)
    calls = 0
    original = writer.ShardWriter._write_group

    def failing(self: writer.ShardWriter, table: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise OSError("disk full (simulated)")
        original(self, table)

    monkeypatch.setattr(writer.ShardWriter, "_write_group", failing)
    with pytest.raises(OSError, match="simulated"):
        export_dataset(corpus, "berita", exports_dir=tmp_path, options=small)
    assert calls == 5
    assert files_of(first.path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["berita"]


# -- ner ----------------------------------------------------------------------------------------


def test_quarantine_accounts_for_the_misaligned_span(
    exported: pipeline.ExportReport, loaded: dict[str, DatasetDict]
) -> None:
    lines = (exported.path / QUARANTINE_NAME).read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert exported.quarantined == len(records) == 1
    record = records[0]
    assert record["reason"] == "boundary-inside-token"
    assert (record["document_id"], record["item_id"], record["text"]) == (
        "amunisi-kharkiv",
        "m-nya",
        "nya",
    )
    assert record["tokens"] == ["katanya"]
    withheld = record["sentence_ids"]
    ner_ids = {row["id"] for row in rows(loaded, "ner")}
    claim_ids = {row["id"] for row in rows(loaded, "claims")}
    assert set(withheld) <= claim_ids - ner_ids
    # every sentence is either in ner or accounted for in the quarantine
    assert claim_ids == ner_ids | set(withheld)
    total = sum(s.withheld_sentences for s in exported.stats.values())
    assert total == len(withheld)


def test_split_clitics_aligns_the_nya_mention(
    tmp_path: Path, corpus: list[AnnotatedDocument]
) -> None:
    options = ExportOptions(splits=OPTIONS.splits, split_clitics=True)
    report = export_dataset(corpus, "c", exports_dir=tmp_path, options=options)
    assert report.quarantined == 0
    assert (report.path / QUARANTINE_NAME).read_text(encoding="utf-8") == ""
    ner = load(report.path, "ner", tmp_path / "cache")
    names = iob2_names()
    found = [
        (token, names[tag])
        for split in ner.values()
        for row in split
        for token, tag in zip(row["tokens"], row["ner_tags"], strict=True)
        if row["document_id"] == "amunisi-kharkiv" and token in ("kata", "nya")
    ]
    assert found == [("kata", "O"), ("nya", "B-PER")]


def test_nested_entities_keep_the_outermost(loaded: dict[str, DatasetDict]) -> None:
    names = iob2_names()
    row = next(r for r in rows(loaded, "ner") if r["id"] == "rudal-1:s1")
    tagged = list(zip(row["tokens"], (names[t] for t in row["ner_tags"]), strict=True))
    assert tagged[:5] == [
        ("Departemen", "B-ORG"),
        ("Luar", "I-ORG"),
        ("Negeri", "I-ORG"),
        ("AS", "I-ORG"),
        ("menuduh", "O"),
    ]
    assert ("puluhan", "B-QUANTITY") in tagged
    assert ("rudal", "I-QUANTITY") in tagged


@pytest.mark.parametrize(
    ("spans", "kept"),
    [
        # nested: the outer span wins
        ([(0, 10, "ORG", 1), (8, 10, "GPE", 2)], [(0, 10, "ORG")]),
        # crossing: the longer wins
        ([(0, 5, "LOC", 3), (3, 10, "LOC", 3)], [(3, 10, "LOC")]),
        # crossing, same length: the earlier start wins
        ([(4, 10, "LOC", 3), (0, 6, "GPE", 2)], [(0, 6, "GPE")]),
        # the same span twice: taxonomy label order
        ([(0, 6, "GPE", 2), (0, 6, "PER", 0)], [(0, 6, "PER")]),
        # disjoint: both
        ([(0, 2, "PER", 0), (3, 5, "PER", 0)], [(0, 2, "PER"), (3, 5, "PER")]),
    ],
)
def test_outermost_policy(
    spans: list[tuple[int, int, str, int]], kept: list[tuple[int, int, str]]
) -> None:
    tagged = [
        TaggedSpan(s, e, label, f"m{i}", order) for i, (s, e, label, order) in enumerate(spans)
    ]
    for ordering in (tagged, tagged[::-1]):
        chosen, dropped = outermost(list(ordering))
        assert [(s.start, s.end, s.label) for s in chosen] == kept
        assert len(chosen) + len(dropped) == len(spans)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 8), st.integers(0, 3)), max_size=25))
def test_outermost_equals_the_pairwise_rule(raw: list[tuple[int, int, int]]) -> None:
    """The kept spans are those of the plain rule, checking every kept span (quadratic)."""
    spans = [TaggedSpan(s, s + n, "PER", f"m{i}", o) for i, (s, n, o) in enumerate(raw)]
    ranked = sorted(spans, key=lambda s: (-(s.end - s.start), s.start, s.order, s.mention_id))
    kept: list[TaggedSpan] = []
    for span in ranked:
        if not (
            span.start < span.end
            and any(span.start < other.end and other.start < span.end for other in kept)
        ):
            kept.append(span)
    chosen, dropped = outermost(spans)
    assert sorted(chosen, key=id) == sorted(kept, key=id)
    assert len(chosen) + len(dropped) == len(spans)


def _expected_spans(document: Row, label_set: LabelSet) -> set[tuple[int, int, str]]:
    """Outermost mapped mentions, computed independently of annot.export.ner (brute force)."""
    order = {label: index for index, label in enumerate(["PER", "ORG", "GPE", "LOC", "FAC",
             "NORP", "EVENT", "DATE", "TIME", "QUANTITY", "WEAPON"])}  # fmt: skip
    mentions = []
    for m in document["mentions"]:
        mapped = map_label(EntityLabel(m["label"]), label_set)
        if mapped is not None:
            mentions.append((m["start"], m["end"], mapped, order[m["label"]], m["id"]))

    def rank(m: tuple[int, int, str, int, str]) -> tuple[int, int, int, str]:
        return (-(m[1] - m[0]), m[0], m[3], m[4])

    kept: list[tuple[int, int, str, int, str]] = []
    for m in sorted(mentions, key=rank):
        if not any(m[0] < k[1] and k[0] < m[1] for k in kept):
            kept.append(m)
    return {(m[0], m[1], m[2]) for m in kept}


@pytest.mark.parametrize("label_set", [LabelSet.ANNOT, LabelSet.NERGRIT])
def test_seqeval_entities_equal_exported_spans(
    tmp_path: Path, corpus: list[AnnotatedDocument], label_set: LabelSet
) -> None:
    options = ExportOptions(splits=OPTIONS.splits, label_set=label_set)
    report = export_dataset(corpus, "s", exports_dir=tmp_path, options=options)
    cache = tmp_path / "cache"
    ner, documents = load(report.path, "ner", cache), load(report.path, "documents", cache)
    names = iob2_names(label_set)
    assert ner["train"].features["ner_tags"].feature.names == names
    claims = load(report.path, "claims", cache)
    records = [
        json.loads(line) for line in (report.path / QUARANTINE_NAME).read_text().splitlines()
    ]
    withheld = {sentence for record in records for sentence in record["sentence_ids"]}
    withheld_ranges = [
        (row["document_id"], row["sentence_start"], row["sentence_end"])
        for split in claims.values()
        for row in split
        if row["id"] in withheld
    ]
    assert len(withheld_ranges) == len(withheld) > 0
    for split in documents:
        for document in documents[split]:
            expected = {
                (start, end, label)
                for start, end, label in _expected_spans(document, label_set)
                if not any(
                    doc_id == document["id"] and s_start <= start < s_end
                    for doc_id, s_start, s_end in withheld_ranges
                )
            }
            found: set[tuple[int, int, str]] = set()
            for row in ner[split]:
                if row["document_id"] != document["id"]:
                    continue
                tags = [names[t] for t in row["ner_tags"]]
                for label, first, last in get_entities(tags):
                    found.add((row["token_starts"][first], row["token_ends"][last], label))
            assert found == expected, document["id"]


def test_label_set_mapping(tmp_path: Path, corpus: list[AnnotatedDocument]) -> None:
    options = ExportOptions(splits=OPTIONS.splits, label_set=LabelSet.NERGRIT)
    report = export_dataset(corpus, "g", exports_dir=tmp_path, options=options)
    ner = load(report.path, "ner", tmp_path / "cache")
    names = ner["train"].features["ner_tags"].feature.names
    assert names == ["O", "B-PERSON", "I-PERSON", "B-ORGANISATION", "I-ORGANISATION",
                     "B-PLACE", "I-PLACE"]  # fmt: skip
    row = next(r for split in ner.values() for r in split if r["id"] == "rudal-1:s1")
    tagged = dict(zip(row["tokens"], (names[t] for t in row["ner_tags"]), strict=True))
    assert tagged["September"] == "O"  # DATE is not in NERGrit
    assert tagged["puluhan"] == "O"  # neither is QUANTITY…
    assert tagged["Rusia"] == "B-PLACE"  # GPE → PLACE
    seq = load(report.path, "seacrowd_seq_label", tmp_path / "cache")
    assert seq["train"].features["labels"].feature.names == names
    unmapped = sum(s.unmapped for s in report.stats.values())
    assert unmapped > 0
    card = (report.path / "README.md").read_text(encoding="utf-8")
    assert "| `DATE` | `O` |" in card


# -- quotes and claims --------------------------------------------------------------------------


def test_quote_rows(loaded: dict[str, DatasetDict]) -> None:
    quotes = {row["id"]: row for row in rows(loaded, "quotes")}
    kim = quotes["rudal-1:q-kim"]
    assert (kim["speaker_text"], kim["speaker_label"], kim["cue_text"]) == (
        "Kim Yo Jong",
        "PER",
        "Menurut",
    )
    assert kim["content_text"] in kim["paragraph_text"]
    assert kim["paragraph_text"].startswith("Pemerintah Korut")
    pbb = quotes["amunisi-kharkiv:q-pbb"]
    assert (pbb["speaker_text"], pbb["speaker_label"], pbb["speaker_entity"]) == (
        "Seorang pejabat PBB",
        "SPEAKER",
        None,
    )
    names = loaded["quotes"]["train"].features["kind"].names
    assert names[pbb["kind"]] == "indirect"
    mundur = quotes["amunisi-kharkiv:q-mundur"]
    assert (mundur["speaker_text"], mundur["cue_text"]) == ("nya", "kata")


def test_claim_rows(loaded: dict[str, DatasetDict]) -> None:
    claims = {row["id"]: row for row in rows(loaded, "claims")}
    features = loaded["claims"]["train"].features
    stance, worth = features["stance"].names, features["check_worthiness"].names
    kirim = claims["rudal-1:s1"]
    assert kirim["has_claim"]
    assert kirim["claimant"] == "Departemen Luar Negeri AS"
    assert stance[kirim["stance"]] == "asserts"
    assert worth[kirim["check_worthiness"]] == "check_worthy"
    title = claims["rudal-1:s0"]
    assert not title["has_claim"]
    assert title["claim_spans"] == []
    assert (stance[title["stance"]], worth[title["check_worthiness"]]) == ("none", "none")
    propaganda = claims["rudal-1:s4"]  # a claim made in Kim's quote: its claimant is Kim
    assert propaganda["claimant"] == "Kim Yo Jong"
    assert stance[propaganda["stance"]] == "denies"


# -- splits -------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_near_duplicates_share_a_split(corpus: list[AnnotatedDocument], seed: int) -> None:
    index = NearDuplicateIndex()
    for doc in corpus:
        index.add(doc.document.id, doc.document.text)
    groups = index.groups()
    assert groups["rudal-1"] == groups["rudal-2"] == "rudal-1"
    assert len(set(groups.values())) == len(corpus) - 1
    options = SplitOptions(ratios=(0.5, 0.25, 0.25), seed=seed)
    split_of = assign_splits(groups, options)
    assert split_of["rudal-1"] == split_of["rudal-2"]
    shuffled = list(groups.items())
    random.Random(seed).shuffle(shuffled)
    assert assign_splits(dict(shuffled), options) == split_of


def test_split_ratios_are_followed() -> None:
    groups = {f"doc-{i:03d}": f"doc-{i:03d}" for i in range(200)}
    split_of = assign_splits(groups, SplitOptions(ratios=(0.8, 0.1, 0.1), seed=3))
    counts = {name: list(split_of.values()).count(name) for name in ("train", "validation", "test")}
    assert counts == {"train": 160, "validation": 20, "test": 20}
    only_train = assign_splits(groups, SplitOptions(ratios=(1, 0, 0)))
    assert set(only_train.values()) == {"train"}


# -- input errors -------------------------------------------------------------------------------


def test_invalid_line_names_file_and_line(tmp_path: Path, corpus: list[AnnotatedDocument]) -> None:
    source = write_jsonl(tmp_path / "gold.jsonl", corpus[:2])
    bad = json.loads(corpus[2].model_dump_json())
    bad["mentions"][0]["span"]["start"] += 1  # text no longer matches the offsets
    with source.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(bad) + "\n")
    with pytest.raises(ExportInputError) as caught:
        export_dataset(source, "bad", exports_dir=tmp_path / "out")
    assert caught.value.lineno == 3
    assert caught.value.path == str(source)
    assert "gold.jsonl:3:" in str(caught.value)
    assert not (tmp_path / "out" / "bad").exists()
    source.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(ExportInputError, match=r"gold\.jsonl:1:"):
        export_dataset(source, "bad", exports_dir=tmp_path / "out")


def test_duplicate_document_is_refused(tmp_path: Path, corpus: list[AnnotatedDocument]) -> None:
    with pytest.raises(DuplicateDocumentError) as caught:
        export_dataset([corpus[0], corpus[1], corpus[0]], "dup", exports_dir=tmp_path)
    assert (caught.value.document_id, caught.value.first, caught.value.second) == (
        "rudal-1",
        1,
        3,
    )


# -- round trip ---------------------------------------------------------------------------------

WORDS = ["Presiden", "Joko", "Widodo", "mengatakan", "bahwa", "harga", "beras", "naik", "di",
         "Jakarta", "kata", "dia", "“Kami", "siap,”", "11.000", "ton", "Senin."]  # fmt: skip


def _span(text: str, start: int, end: int) -> Span:
    return Span.at(text, start, end)


@st.composite
def annotated_documents(draw: st.DrawFn) -> AnnotatedDocument:
    """A document with random mentions (anywhere, nested or not), a quote and a claim."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=25))
    b = DocumentBuilder("doc-1", "Judul Berita", [" ".join(words)])
    text = b.text
    bounds = sorted(draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=12)))
    pairs = list(zip(bounds[::2], bounds[1::2], strict=False))
    labels = st.sampled_from(["PER", "ORG", "GPE", "DATE", "QUANTITY"])
    for index, (start, end) in enumerate(pairs):
        label = draw(labels)
        b.mentions.append(Mention(id=f"m{index}", span=_span(text, start, end), label=label))  # type: ignore[arg-type]
    speakers = [m.id for m in b.mentions if m.label in ("PER", "ORG", "GPE")]
    start, end = pairs[0]
    speaker: MentionRef | SpanRef = SpanRef(type="pronoun", span=_span(text, start, end))
    use_mention: bool = draw(st.booleans())
    if speakers and use_mention:
        speaker = MentionRef(mention_id=speakers[0])
    b.quotes.append(Quote(id="q0", content=_span(text, start, end), speaker=speaker, kind="direct"))
    claimant = MentionRef(mention_id=speakers[0]) if speakers else QuoteRef(quote_id="q0")
    b.claims.append(
        Claim(
            id="c0",
            span=_span(text, *pairs[-1]),
            claimant=draw(st.sampled_from([None, claimant])),
            stance=draw(st.sampled_from(list(Stance))),
            check_worthiness="check_worthy",
            provenance=PreannotatorSource(name="rules", version="1", score=0.5),
        )
    )
    return b.build()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated_documents())
def test_documents_row_round_trips(doc: AnnotatedDocument) -> None:
    import pyarrow as pa

    row = documents_row(prepare(doc))
    schema = config_features()["documents"].arrow_schema
    (through_arrow,) = pa.Table.from_pylist([row], schema=schema).to_pylist()
    entities, mentions, quotes, claims = documents_row_to_layers(through_arrow)
    source = doc.source
    assert isinstance(source, HumanSource)
    assert entities == doc.entities
    assert mentions == [m.model_copy(update={"provenance": source}) for m in doc.mentions]
    assert quotes == [q.model_copy(update={"provenance": source}) for q in doc.quotes]
    assert claims == [
        c.model_copy(update={"provenance": c.provenance or source}) for c in doc.claims
    ]


# -- Label Studio export input --------------------------------------------------------------

GOLDEN_TASK = Path(__file__).parent / "data/labelstudio/exported-task-ls-1.23.2.json"


def test_label_studio_export_takes_the_one_road(tmp_path: Path) -> None:
    task = json.loads(GOLDEN_TASK.read_text(encoding="utf-8"))
    (tmp_path / "export.json").write_text(json.dumps([task, task | {"id": 1002}]))
    road = label_studio_to_gold(tmp_path / "export.json", tmp_path / "gold.jsonl")
    lines = (tmp_path / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1  # the second task of the same version is a duplicate
    assert AnnotatedDocument.model_validate_json(lines[0]).document.id == "berita-001"
    assert road.report.codes()[ProblemCode.DUPLICATE_TASK] == 1
    assert road.ledger.balanced
    twice = task | {"annotations": [*task["annotations"], task["annotations"][0] | {"id": 2}]}
    (tmp_path / "export.json").write_text(json.dumps([twice]))
    road = label_studio_to_gold(tmp_path / "export.json", tmp_path / "gold.jsonl")
    # the same person twice: the later annotation votes, the earlier is superseded
    assert road.gold == 1
    assert road.ledger.outcomes("annotations") == {"exported": 1, "superseded": 1}


def test_a_sentence_with_two_claims_keeps_both_claimants_and_stances() -> None:
    from annot.export.rows import claims_rows
    from annot.schema import Document

    text = "Budi menyebut harga beras naik, tetapi Ani membantah harga beras naik."
    doc = Document(id="dua-klaim", text=text)
    budi = Mention(id="m-budi", span=doc.span(0, 4), label="PER")
    ani = Mention(id="m-ani", span=doc.span(39, 42), label="PER")
    first = Claim(
        id="c1",
        span=doc.span(14, 30),
        claimant=MentionRef(mention_id="m-budi"),
        stance="asserts",
        check_worthiness="check_worthy",
    )
    second = Claim(
        id="c2",
        span=doc.span(53, 69),
        claimant=MentionRef(mention_id="m-ani"),
        stance="denies",
        check_worthiness="not_check_worthy",
    )
    annotated = AnnotatedDocument(
        document=doc,
        source=HumanSource(annotator="ann-01"),
        mentions=[budi, ani],
        claims=[second, first],
    )
    (row,) = claims_rows(prepare(annotated))
    assert [(c["id"], c["text"], c["claimant"], c["stance"]) for c in row["claim_spans"]] == [
        ("c1", "harga beras naik", "Budi", "asserts"),
        ("c2", "harga beras naik", "Ani", "denies"),
    ]
    assert [c["check_worthiness"] for c in row["claim_spans"]] == [
        "check_worthy",
        "not_check_worthy",
    ]
    assert row["claimant"] == "Budi"  # the sentence-level classes: the first claim's


def test_a_config_left_without_rows_is_not_read_from_other_configs_files(tmp_path: Path) -> None:
    from annot.schema import Document, Withheld

    text = "Budi tiba di Seoul."
    doc = Document(id="satu-kalimat", text=text)
    budi = Mention(id="m-budi", span=doc.span(0, 4), label="PER")
    disputed = Withheld(layer="entities", span=doc.span(13, 18), reason="GPE against LOC")
    annotated = AnnotatedDocument(
        document=doc, source=HumanSource(annotator="ann-01"), mentions=[budi], withheld=[disputed]
    )
    report = export_dataset([annotated], "kosong", exports_dir=tmp_path)
    assert report.rows["ner"] == {"train": 0, "validation": 0, "test": 0}
    (row,) = load_dataset(str(report.path), "documents", split="train")
    assert row["id"] == "satu-kalimat"
    with pytest.raises(ValueError, match="ner"):  # not the documents rows read as `ner`
        load_dataset(str(report.path), "ner", split="train")


@pytest.mark.parametrize("num_proc", [1, 2])
def test_from_file_rows_are_those_of_the_gold_file(tmp_path: Path, num_proc: int) -> None:
    """``export --from-file`` plans the splits as the road gives each document; the files
    are byte for byte those of exporting the road's gold JSONL in two passes."""
    from annot.export.labelstudio import export_label_studio
    from benchmarks.generate import write_export

    source = write_export(tmp_path / "tasks.jsonl", 24, seed=3)
    options = ExportOptions(
        splits=SplitOptions(ratios=(0.6, 0.2, 0.2)), batch_documents=5, row_group_rows=7
    )
    label_studio_to_gold(source, tmp_path / "gold.jsonl")
    from_file = export_label_studio(
        source,
        "from_file",
        exports_dir=tmp_path,
        options=dataclasses.replace(options, num_proc=num_proc),
    )
    assert from_file.export is not None
    read_twice = export_dataset(
        tmp_path / "gold.jsonl", "read-twice", exports_dir=tmp_path, options=options
    )
    assert from_file.export.files == read_twice.files
    assert from_file.export.split_of == read_twice.split_of
    assert from_file.export.stats == read_twice.stats
    assert len(set(read_twice.split_of.values())) == 3
    for by_split in read_twice.files.values():
        for names in by_split.values():
            for name in names:
                ours = (tmp_path / "from_file" / name).read_bytes()
                assert ours == (tmp_path / "read-twice" / name).read_bytes(), name


def _all_rows(doc: AnnotatedDocument, label_set: LabelSet) -> dict[str, list[Row]]:
    """Every config's rows of one document, built the way the export builds them."""
    from annot.export.ner import ner_rows
    from annot.export.rows import claims_rows, quotes_rows

    prepared = prepare(doc)
    ner = ner_rows(prepared, label_set)
    return {
        "documents": [documents_row(prepared)],
        "ner": ner.ner,
        "seacrowd_seq_label": ner.seq_label,
        "quotes": list(quotes_rows(prepared)),
        "claims": list(claims_rows(prepared)),
        "seacrowd_kb": [kb_row(prepared)],
    }


def _assert_tables_as_from_pylist(docs: list[AnnotatedDocument], label_set: LabelSet) -> None:
    import pyarrow as pa

    from annot.export.build import rows_to_table

    specs = config_specs(label_set)
    by_config: dict[str, list[Row]] = {config: [] for config in specs}
    for doc in docs:
        for config, config_rows in _all_rows(doc, label_set).items():
            by_config[config] += config_rows
    for config, config_rows in by_config.items():
        schema = arrow_schema(specs[config])
        expected = pa.Table.from_pylist(config_rows, schema=schema)  # the oracle
        built = rows_to_table(config_rows, schema)
        assert built.schema.equals(schema, check_metadata=True), config
        assert built.num_rows == len(config_rows), config
        assert built.equals(expected), config


@pytest.mark.parametrize("label_set", list(LabelSet))
def test_rows_to_table_equals_from_pylist_on_the_corpus(
    corpus: list[AnnotatedDocument], label_set: LabelSet
) -> None:
    _assert_tables_as_from_pylist(corpus, label_set)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(annotated_documents(), min_size=1, max_size=3, unique_by=lambda d: d.document.id))
def test_rows_to_table_equals_from_pylist(docs: list[AnnotatedDocument]) -> None:
    _assert_tables_as_from_pylist(docs, LabelSet.ANNOT)


def test_rows_to_table_refuses_a_field_the_schema_lacks() -> None:
    import pyarrow as pa

    from annot.export.build import rows_to_table

    schema = pa.schema([("id", pa.string())])
    assert rows_to_table([], schema).num_rows == 0
    assert rows_to_table([{"id": "berita-1"}], schema).column("id").to_pylist() == ["berita-1"]
    with pytest.raises(pa.ArrowInvalid):
        rows_to_table([{"id": "berita-1", "judul": "Harga cabai naik"}], schema)


def test_rows_to_table_writes_dates_and_times() -> None:
    import datetime as dt

    import pyarrow as pa

    from annot.export.build import rows_to_table

    schema = pa.schema([("date", pa.date32()), ("time", pa.time64("us"))])
    rows: list[Row] = [
        {"date": dt.date(2024, 6, 26), "time": dt.time(15, 41)},
        {"date": dt.date(1969, 12, 31), "time": dt.time(0, 0, 0, 1)},
        {"date": None, "time": None},
    ]
    table = rows_to_table(rows, schema)
    # Days since 1970-01-01 and microseconds since midnight, worked out by hand.
    assert table.column("date").cast(pa.int32()).to_pylist() == [19900, -1, None]
    assert table.column("time").cast(pa.int64()).to_pylist() == [56_460_000_000, 1, None]
    assert table.to_pylist() == rows


def _reference_assign_splits(groups: dict[str, str], options: SplitOptions) -> dict[str, str]:
    """The split rule written plainly, one group at a time with dicts and sorted(): the oracle
    for the array version (:func:`annot.export.splits.split_groups`)."""
    import hashlib

    names = ("train", "validation", "test")
    sizes: dict[str, int] = {}
    for key in groups.values():
        sizes[key] = sizes.get(key, 0) + 1
    order = sorted(
        sizes, key=lambda k: (hashlib.sha256(f"{options.seed}:{k}".encode()).digest(), k)
    )
    total = sum(options.ratios)
    bounds, running = [], 0.0
    for ratio in options.ratios:
        running += ratio / total
        bounds.append(running)
    wanted = [name for name, ratio in zip(names, options.ratios, strict=True) if ratio > 0]
    split_of: dict[str, str] = {}
    placed = 0
    for key in order:
        middle = (placed + sizes[key] / 2) / len(groups)
        placed += sizes[key]
        split_of[key] = next(
            (name for name, bound in zip(names, bounds, strict=True) if middle < bound),
            wanted[-1],
        )
    rank = {key: position for position, key in enumerate(order)}
    for name in wanted:
        members: dict[str, list[str]] = {split: [] for split in wanted}
        for key, split in split_of.items():
            members[split].append(key)
        if members[name]:
            continue
        donors = [split for split in wanted if len(members[split]) > 1]
        if not donors:
            break
        donor = max(donors, key=lambda split: (sum(sizes[k] for k in members[split]), split))
        split_of[min(members[donor], key=lambda k: (sizes[k], -rank[k]))] = name
    return {document_id: split_of[key] for document_id, key in groups.items()}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 30), min_size=0, max_size=60),
    st.tuples(*[st.sampled_from([0.0, 0.05, 0.1, 0.25, 0.8, 1.0])] * 3).filter(
        lambda ratios: sum(ratios) > 0
    ),
    st.integers(0, 5),
)
def test_split_assignment_equals_the_plain_rule(
    group_of: list[int], ratios: tuple[float, float, float], seed: int
) -> None:
    groups = {
        f"berita-{i:03d}": f"berita-{min(j for j, g in enumerate(group_of) if g == k):03d}"
        for i, k in enumerate(group_of)
    }
    options = SplitOptions(ratios=ratios, seed=seed)
    assert assign_splits(groups, options) == _reference_assign_splits(groups, options)


def test_planner_plan_equals_groups_then_splits(corpus: list[AnnotatedDocument]) -> None:
    """The planner's compact path (ids in a buffer, splits per group) gives what the dict
    path gives, and it refuses a repeated id with both positions."""
    options = SplitOptions(ratios=(0.5, 0.25, 0.25), seed=1)
    index = NearDuplicateIndex(options)
    planner = pipeline.Planner(options)
    for doc in corpus:
        index.add(doc.document.id, doc.document.text)
        planner.add(doc.document.id, doc.document.text)
    plan = planner.plan()
    assert plan.split_of == assign_splits(index.groups(), options)
    assert [plan.ids[i] for i in range(len(plan))] == [d.document.id for d in corpus]
    assert plan.split_of["rudal-1"] == plan.split_of["rudal-2"]
    again = pipeline.Planner(options)
    again.add("berita-\ud800", "Harga cabai naik.")
    again.add("berita-2", "Harga beras turun.")
    with pytest.raises(DuplicateDocumentError) as raised:
        again.add("berita-\ud800", "Harga cabai naik lagi.")
    assert "berita-" in str(raised.value)
    assert again.plan().ids[0] == "berita-\ud800"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=30), st.text(max_size=12))
def test_document_ids_keep_every_id_as_a_list_would(ids: list[str], probe: str) -> None:
    from annot.export.splits import DocumentIds

    stored = DocumentIds()
    for document_id in ids:
        stored.append(document_id)
    assert len(stored) == len(ids)
    assert [stored[position] for position in range(len(ids))] == ids
    assert stored.position_of(probe) == (ids.index(probe) if probe in ids else None)
    assert stored.any_holds(":") == any(":" in document_id for document_id in ids)
