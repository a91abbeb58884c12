"""SEACrowd's own checks, as its harness computes them, on every export.

The checks are those of ``tests/test_seacrowd.py`` in seacrowd-datahub (read from its
source, reimplemented here): for every split of a SEACrowd config loaded with ``datasets``,

- schema: the same number of features as SEACrowd's schema, the same names, and for each
  name the same Python type of feature; the features a supported task needs have instances;
- ids: every value under an ``id`` key, at any depth, is unique within the split;
- references: relation arguments and coreference members are entity ids of the example,
  event arguments entity or event ids;
- passage offsets: the example's text is rebuilt as its passages' texts joined by one space;
  every passage has exactly one text and one offset pair, and the pair slices that text to
  the passage's text (a hard failure in the harness);
- entity and event-trigger offsets: each ``[start, end]`` pair slices the rebuilt text to
  the paired text (the harness logs a warning per mismatch: we require none);
- coreference members are entities.

They run on the seed export (the gold corpus of raw/gold, as ``./run main`` exports it) and
on a generated one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from datasets import DatasetDict, Features, load_dataset

from annot.export import export_dataset
from annot.export.features import iob2_names
from annot.export.sample import sample_corpus, synthetic_corpus
from annot.preannotate import read_annotated_jsonl

seacrowd_schemas = pytest.importorskip("seacrowd.utils.schemas")

#: What the card declares: the tasks the kb config supports, and SEACrowd's features per task
#: (``TASK_TO_FEATURES`` in ``seacrowd.utils.constants``).
SUPPORTED_KB_FEATURES = {"entities"}  # Tasks.NAMED_ENTITY_RECOGNITION

Example = dict[str, Any]


@pytest.fixture(scope="module", params=["seed", "generated"])
def export(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp(f"seacrowd-{request.param}")
    if request.param == "seed":
        documents = read_annotated_jsonl(Path("raw/gold/gold.jsonl"))
    else:
        documents = [*sample_corpus(), *synthetic_corpus(24)]
    return export_dataset(documents, request.param, exports_dir=root).path


def load(path: Path, config: str) -> DatasetDict:
    loaded = load_dataset(str(path), config, cache_dir=str(path.parent / "cache"))
    assert isinstance(loaded, DatasetDict)
    return loaded


def ids_under(value: Any) -> Iterator[Any]:
    """Every value stored under an ``id`` key, at any depth (the harness's walk)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(inner, dict | list):
                yield from ids_under(inner)
            elif key == "id":
                yield inner
    elif isinstance(value, list):
        for inner in value:
            yield from ids_under(inner)


def example_text(example: Example) -> str:
    return " ".join(piece for passage in example["passages"] for piece in passage["text"])


def offset_errors(
    example_id: str, what: str, texts: list[str], offsets: list[Any], text: str
) -> list[str]:
    errors = []
    if len(texts) != len(offsets):
        errors.append(f"{example_id} {what}: {len(texts)} texts != {len(offsets)} offsets")
    for index, pair in enumerate(offsets):
        if len(pair) != 2:
            errors.append(f"{example_id} {what}: offsets {pair} are not a pair")
            continue
        start, end = pair
        expected = texts[index] if index < len(texts) else ""
        if text[start:end] != expected:
            errors.append(f"{example_id} {what}: {expected!r} != {text[start:end]!r}")
    return errors


def check_schema(split_features: Features, seacrowd: Features) -> None:
    assert len(split_features) == len(seacrowd)
    for key, feature in seacrowd.items():
        assert key in split_features, f"required feature {key!r} does not exist"
        assert type(split_features[key]) is type(feature), key


def test_seq_label_passes_seacrowds_checks(export: Path) -> None:
    dataset = load(export, "seacrowd_seq_label")
    assert set(dataset) == {"train", "validation", "test"}
    names = dataset["train"].features["labels"].feature.names
    assert names == iob2_names()
    seacrowd = seacrowd_schemas.seq_label_features(names)
    for split in dataset.values():
        check_schema(split.features, seacrowd)
        assert split.features == seacrowd  # same names, label names and types
        seen = list(ids_under(list(split)))
        assert len(seen) == len(set(seen)) == split.num_rows
        for example in split:
            assert len(example["tokens"]) == len(example["labels"]) > 0


def test_kb_passes_seacrowds_checks(export: Path) -> None:
    dataset = load(export, "seacrowd_kb")
    assert set(dataset) == {"train", "validation", "test"}
    entity_warnings: list[str] = []
    for split in dataset.values():
        check_schema(split.features, seacrowd_schemas.kb_features)
        for feature in SUPPORTED_KB_FEATURES:
            assert sum(len(example[feature]) for example in split) > 0, feature
        seen = list(ids_under(list(split)))
        assert len(seen) == len(set(seen))
        for example in split:
            example_id = example["id"]
            text = example_text(example)
            entities = {entity["id"] for entity in example["entities"]}
            events = {event["id"] for event in example["events"]}
            for relation in example["relations"]:
                assert {relation["arg1_id"], relation["arg2_id"]} <= entities
            for coreference in example["coreferences"]:
                assert set(coreference["entity_ids"]) <= entities
            for event in example["events"]:
                assert set(event["arguments"]["ref_id"]) <= entities | events
            for passage in example["passages"]:
                assert isinstance(passage["text"], list)
                assert isinstance(passage["offsets"], list)
                assert len(passage["text"]) == len(passage["offsets"]) == 1
                (start, end), piece = passage["offsets"][0], passage["text"][0]
                assert text[start:end] == piece, (example_id, passage["id"])
            for entity in example["entities"]:
                entity_warnings += offset_errors(
                    example_id, entity["id"], entity["text"], entity["offsets"], text
                )
            for event in example["events"]:
                trigger = event["trigger"]
                entity_warnings += offset_errors(
                    example_id, event["id"], trigger["text"], trigger["offsets"], text
                )
    assert entity_warnings == []


def test_kb_entities_are_the_ner_mentions_only(export: Path) -> None:
    kb = load(export, "seacrowd_kb")
    documents = load(export, "documents")
    mentions = {
        row["id"]: [(m["label"], m["text"]) for m in row["mentions"]]
        for split in documents.values()
        for row in split
    }
    for split in kb.values():
        for example in split:
            found = [(e["type"], " ".join(e["text"])) for e in example["entities"]]
            assert found == mentions[example["id"]]
