"""Proof that the exports train with transformers' official token-classification recipe.

The steps are those of ``examples/pytorch/token-classification/run_ner.py`` run as
``--dataset_name <export> --dataset_config_name <ner|seacrowd_seq_label> --do_train
--do_eval`` and no other data flag, on the seed export with the default split ratios:

- the train split gives the columns: ``tokens`` if present (else the first column) as words,
  ``ner_tags`` if present (``{task_name}_tags``, task ``ner``; else the *second* column) as
  labels;
- the labels are a list of ``ClassLabel``: its names are the label list, ``label_to_id`` is
  the identity, and the model config gets ``id2label``/``label2id`` from the names;
- words are split into sub-words with ``is_split_into_words=True`` and labels aligned with
  ``word_ids()``: the first sub-word of a word gets the word's label, the rest and the
  special tokens ``-100``;
- ``--do_eval`` needs a ``validation`` split;
- ``Trainer`` trains with ``DataCollatorForTokenClassification`` and evaluates on the
  validation split with seqeval (the script loads it through ``evaluate.load("seqeval")``,
  which fetches the metric from the Hub; here seqeval is called directly, offline).

Nothing is downloaded: the WordPiece tokenizer is trained on the exported words with
``tokenizers`` and the BERT is a tiny one initialised from scratch.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from datasets import ClassLabel, Dataset, DatasetDict, load_dataset
from seqeval.metrics import classification_report
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers
from transformers import (
    BertConfig,
    BertForTokenClassification,
    DataCollatorForTokenClassification,
    EvalPrediction,
    PreTrainedTokenizerFast,
    Trainer,
    TrainingArguments,
)

from annot.export import export_dataset
from annot.preannotate import read_annotated_jsonl

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
TASK_NAME = "ner"  # run_ner.py's default --task_name


@pytest.fixture(scope="module")
def seed_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The gold seed corpus exported as ``./run main`` does it (default ratios 0.8/0.1/0.1)."""
    root = tmp_path_factory.mktemp("train")
    gold = read_annotated_jsonl(Path("raw/gold/gold.jsonl"))
    assert len(gold) == 5
    return export_dataset(gold, "seed", exports_dir=root).path


def load(path: Path, config: str) -> DatasetDict:
    loaded = load_dataset(str(path), config, cache_dir=str(path.parent / "cache"))
    assert isinstance(loaded, DatasetDict)
    return loaded


def detect_columns(raw: DatasetDict) -> tuple[str, str, list[str]]:
    """run_ner.py's choice of word column, label column and label list (no flags given)."""
    column_names = raw["train"].column_names
    features = raw["train"].features
    text_column = "tokens" if "tokens" in column_names else column_names[0]
    label_column = f"{TASK_NAME}_tags" if f"{TASK_NAME}_tags" in column_names else column_names[1]
    assert isinstance(features[label_column].feature, ClassLabel), "labels are not ClassLabel"
    names: list[str] = features[label_column].feature.names
    return text_column, label_column, names


def wordpiece(words: list[list[str]]) -> PreTrainedTokenizerFast:
    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    trainer = trainers.WordPieceTrainer(
        vocab_size=600, special_tokens=SPECIALS, show_progress=False
    )
    tokenizer.train_from_iterator(words, trainer=trainer)
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", cls), ("[SEP]", sep)]
    )
    return PreTrainedTokenizerFast(  # type: ignore[no-untyped-call]
        tokenizer_object=tokenizer,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
    )


def align_labels(
    tokenizer: PreTrainedTokenizerFast, batch: dict[str, list[Any]], text: str, label: str
) -> dict[str, Any]:
    """run_ner.py's ``tokenize_and_align_labels`` (label_all_tokens=False)."""
    encoded = tokenizer(batch[text], is_split_into_words=True, truncation=True, max_length=128)
    labels = []
    for index, tags in enumerate(batch[label]):
        previous: int | None = None
        row = []
        for word in encoded.word_ids(batch_index=index):
            if word is None or word == previous:
                row.append(-100)
            else:
                row.append(tags[word])  # label_to_id is the identity for ClassLabel
            previous = word
        labels.append(row)
    encoded["labels"] = labels
    return dict(encoded)


@pytest.mark.parametrize("config", ["ner", "seacrowd_seq_label"])
def test_run_ner_reads_the_export_without_flags(seed_export: Path, config: str) -> None:
    raw = load(seed_export, config)
    assert {"train", "validation"} <= set(raw)  # --do_train, --do_eval
    assert raw["validation"].num_rows > 0
    text, label, names = detect_columns(raw)
    assert text == "tokens"
    assert label == {"ner": "ner_tags", "seacrowd_seq_label": "labels"}[config]
    assert names[0] == "O"
    assert {"B-PER", "I-PER", "B-ORG", "B-WEAPON"} <= set(names)
    train = raw["train"]
    assert isinstance(train, Dataset)
    tokenizer = wordpiece(train[text])
    encoded = train.map(
        lambda batch: align_labels(tokenizer, batch, text, label),
        batched=True,
        remove_columns=train.column_names,
    )
    for index in range(3):
        words, tags = train[index][text], train[index][label]
        labels = encoded[index]["labels"]
        word_ids = tokenizer(words, is_split_into_words=True).word_ids()
        assert labels[0] == labels[-1] == -100  # [CLS], [SEP]
        assert [t for t in labels if t != -100] == tags  # one label per word, in order
        firsts = [i for i, w in enumerate(word_ids) if w is not None and w != word_ids[i - 1]]
        assert [labels[i] for i in firsts] == tags


def test_trainer_trains_and_evaluates_with_seqeval(seed_export: Path, tmp_path: Path) -> None:
    torch.manual_seed(0)
    raw = load(seed_export, "ner")
    text, label, label_list = detect_columns(raw)
    tokenizer = wordpiece(raw["train"][text])
    splits = {
        name: raw[name].map(
            lambda batch: align_labels(tokenizer, batch, text, label),
            batched=True,
            remove_columns=raw[name].column_names,
        )
        for name in ("train", "validation")
    }
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
    )
    config.num_labels = len(label_list)  # what run_ner.py passes to AutoConfig
    config.finetuning_task = TASK_NAME
    model = BertForTokenClassification(config)
    model.config.label2id = {name: index for index, name in enumerate(label_list)}
    model.config.id2label = dict(enumerate(label_list))
    assert model.config.id2label[1] == label_list[1] == "B-PER"

    def compute_metrics(prediction: EvalPrediction) -> dict[str, float]:
        predictions = np.argmax(prediction.predictions, axis=2)
        references = prediction.label_ids
        true_predictions = [
            [label_list[p] for p, g in zip(row, gold, strict=True) if g != -100]
            for row, gold in zip(predictions, references, strict=True)
        ]
        true_labels = [[label_list[g] for g in gold if g != -100] for gold in references]
        gold_tags = [[label_list[t] for t in tags] for tags in raw["validation"][label]]
        assert true_labels == gold_tags  # evaluation sees exactly the exported gold
        report = classification_report(
            true_labels, true_predictions, output_dict=True, zero_division=0
        )
        return {"f1": float(report["micro avg"]["f1-score"])}

    arguments = TrainingArguments(
        output_dir=str(tmp_path / "model"),
        max_steps=20,
        per_device_train_batch_size=32,
        per_device_eval_batch_size=32,
        learning_rate=1e-2,
        logging_steps=1,
        save_strategy="no",
        report_to="none",
        use_cpu=True,
        seed=0,
        disable_tqdm=True,
    )
    trainer = Trainer(
        model=model,
        args=arguments,
        train_dataset=splits["train"],
        eval_dataset=splits["validation"],
        processing_class=tokenizer,
        data_collator=DataCollatorForTokenClassification(tokenizer),
        compute_metrics=compute_metrics,
    )
    trainer.train()
    losses = [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]
    assert len(losses) == 20
    assert all(math.isfinite(loss) for loss in losses)
    assert sum(losses[-5:]) / 5 < losses[0] * 0.6, losses
    metrics = trainer.evaluate()
    assert 0.0 <= metrics["eval_f1"] <= 1.0
    assert math.isfinite(metrics["eval_loss"])
