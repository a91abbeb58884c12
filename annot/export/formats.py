"""Other formats of an export's ``ner`` config: CoNLL-2003 text files and spaCy DocBins.

Both read the Parquet files an export wrote (``exports/<name>/data/ner/<split>-*.parquet``),
so they carry exactly the rows, splits and policies of the Hugging Face dataset (the same
road; nothing is tokenized or tagged twice):

- :func:`write_conll`: ``conll/<split>.txt`` per split in CoNLL-2003 layout: a
  ``-DOCSTART- -X- -X- O`` line before each document, one ``token _ _ tag`` line per token
  (annot has no part-of-speech or chunk tags: ``_``), a blank line after each sentence;
- :func:`write_spacy`: ``spacy/<split>.spacy`` per split, a ``DocBin`` of one ``Doc`` per
  sentence with its entities, for ``spacy train`` (needs ``pip install 'annot[spacy]'``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from annot.export.splits import SPLITS
from annot.extras import require

__all__ = ["FORMATS", "ner_rows_of_export", "write_conll", "write_spacy"]

#: ``annot export --format`` values: the Hugging Face dataset alone, or with one more format.
FORMATS = ("hf", "conll", "spacy")

_COLUMNS = ["document_id", "tokens", "token_starts", "token_ends", "ner_tags"]


def _tag_names(path: Path) -> list[str]:
    import json

    features = pq.read_schema(path).metadata[b"huggingface"]  # type: ignore[no-untyped-call]
    described = json.loads(features)["info"]["features"]["ner_tags"]
    names: list[str] = described["feature"]["names"]
    return names


def ner_rows_of_export(export: Path, split: str) -> Iterator[dict[str, Any]]:
    """The ``ner`` rows of ``split`` of the export at ``export``, in file order, with tag names."""
    for path in sorted((export / "data" / "ner").glob(f"{split}-*.parquet")):
        names = _tag_names(path)
        table = pq.read_table(path, columns=_COLUMNS)  # type: ignore[no-untyped-call]
        for row in table.to_pylist():
            row["tags"] = [names[tag] for tag in row["ner_tags"]]
            yield row


def write_conll(export: Path) -> list[Path]:
    """Write ``conll/<split>.txt`` for every split of the export's ``ner`` config."""
    written = []
    for split in SPLITS:
        lines: list[str] = []
        document = None
        for row in ner_rows_of_export(export, split):
            if row["document_id"] != document:
                document = row["document_id"]
                lines += ["-DOCSTART- -X- -X- O", ""]
            lines += [
                f"{token} _ _ {tag}" for token, tag in zip(row["tokens"], row["tags"], strict=True)
            ]
            lines.append("")
        if not lines:
            continue
        path = export / "conll" / f"{split}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines), encoding="utf-8")
        written.append(path)
    return written


def write_spacy(export: Path) -> list[Path]:
    """Write ``spacy/<split>.spacy`` (a ``DocBin``) for every split of the ``ner`` config."""
    require("spacy", "the spaCy export (annot export --format spacy)")
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

    vocab = Vocab()
    written = []
    for split in SPLITS:
        docs = DocBin(store_user_data=False)
        count = 0
        for row in ner_rows_of_export(export, split):
            starts, ends = row["token_starts"], row["token_ends"]
            spaces = [end < start for end, start in zip(ends, starts[1:], strict=False)]
            doc = Doc(vocab, words=row["tokens"], spaces=[*spaces, False], ents=row["tags"])
            docs.add(doc)
            count += 1
        if not count:
            continue
        path = export / "spacy" / f"{split}.spacy"
        path.parent.mkdir(parents=True, exist_ok=True)
        docs.to_disk(path)
        written.append(path)
    return written
