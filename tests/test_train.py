"""Proof that the ``ner`` export trains with the standard transformers recipe, offline.

A WordPiece tokenizer is trained on the exported tokens (no hub), wrapped as a fast
tokenizer, labels are aligned to sub-words with ``word_ids()`` as in transformers'
``run_ner.py`` (first sub-token labelled, -100 for the rest and for special tokens), and a
tiny randomly initialised BERT takes a few optimisation steps on CPU.
"""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import torch
from datasets import Dataset, load_dataset
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers
from transformers import BertConfig, BertForTokenClassification, PreTrainedTokenizerFast

from annot.export import ExportOptions, SplitOptions, export_dataset
from annot.export.sample import sample_corpus

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def seed_everything(seed: int) -> None:
    random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)


def wordpiece(words: list[list[str]]) -> PreTrainedTokenizerFast:
    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    trainer = trainers.WordPieceTrainer(
        vocab_size=400, special_tokens=SPECIALS, show_progress=False
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


def align_labels(tokenizer: PreTrainedTokenizerFast, batch: dict[str, list[Any]]) -> dict[str, Any]:
    """transformers' run_ner.py ``tokenize_and_align_labels`` (label_all_tokens=False)."""
    encoded = tokenizer(batch["tokens"], is_split_into_words=True, truncation=True, max_length=128)
    labels = []
    for index, tags in enumerate(batch["ner_tags"]):
        previous: int | None = None
        row = []
        for word in encoded.word_ids(batch_index=index):
            if word is None or word == previous:
                row.append(-100)
            else:
                row.append(tags[word])
            previous = word
        labels.append(row)
    encoded["labels"] = labels
    return dict(encoded)


def test_tiny_bert_learns_from_the_ner_export(tmp_path: Path) -> None:
    seed_everything(0)
    options = ExportOptions(splits=SplitOptions(ratios=(1.0, 0.0, 0.0)))
    report = export_dataset(sample_corpus(), "train", exports_dir=tmp_path, options=options)
    ner = load_dataset(str(report.path), "ner", cache_dir=str(tmp_path / "cache"))
    train = ner["train"]
    assert isinstance(train, Dataset)
    names = train.features["ner_tags"].feature.names
    tokenizer = wordpiece(train["tokens"])
    features = train.map(
        lambda batch: align_labels(tokenizer, batch),
        batched=True,
        remove_columns=train.column_names,
    )
    first = features[0]
    words = train[0]["tokens"]
    assert first["labels"][0] == -100  # [CLS]
    assert first["labels"][-1] == -100  # [SEP]
    assert sum(label != -100 for label in first["labels"]) == len(words)

    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
        id2label=dict(enumerate(names)),
        label2id={name: index for index, name in enumerate(names)},
    )
    assert config.num_labels == len(names)
    model = BertForTokenClassification(config)
    model.train()
    batch = tokenizer.pad(
        [
            {k: features[i][k] for k in ("input_ids", "attention_mask")}
            for i in range(len(features))
        ],
        return_tensors="pt",
    )
    width = batch["input_ids"].shape[1]
    labels = torch.tensor(
        [row + [-100] * (width - len(row)) for row in features["labels"]], dtype=torch.long
    )
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    losses = []
    for _ in range(15):
        optimizer.zero_grad()
        output = model(
            input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=labels
        )
        output.loss.backward()
        optimizer.step()
        losses.append(output.loss.detach().item())
    assert losses[-1] < losses[0] * 0.5, losses
    assert all(math.isfinite(loss) for loss in losses)
