"""Building the rows of a batch of documents: the unit of work of serial and parallel exports.

:func:`build_batch` turns a batch of input lines (already assigned to splits) into one Arrow
table per config and split, the ids each row defines, conformance failures, quarantine
records and statistics. It imports neither ``datasets`` nor anything heavy, and everything it
takes and returns pickles, so worker processes can run it; the main process merges batch
results in input order, so the output never depends on the number of workers.

Rows become Arrow tables through Arrow's JSON reader (:func:`rows_to_table`), not
``pa.Table.from_pylist``: converting Python objects makes pyarrow import pandas (about 40 MB
of resident memory in the export process, and time), the JSON reader does not. The rows are
encoded with orjson and read against the config's schema, so a field the schema lacks is an
error, as with ``from_pylist``; dates and times go as numbers (the reader takes ``date32`` and
``time64`` only from numbers). A test checks the tables equal ``from_pylist``'s.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import orjson
import pyarrow as pa
from pyarrow.json import (  # type: ignore[attr-defined]
    ParseOptions,
    ReadOptions,
    read_json,
)
from pydantic import ValidationError

from annot.errors import AnnotError
from annot.export.conformance import check_row, row_ids
from annot.export.errors import ExportInputError
from annot.export.ner import ner_rows
from annot.export.rows import Row, claims_rows, documents_row, prepare, quotes_rows
from annot.export.seacrowd import kb_row
from annot.schema import AnnotatedDocument, LabelSet

__all__ = [
    "BatchResult",
    "BuildOptions",
    "InputLine",
    "SplitStats",
    "build_batch",
    "build_documents",
    "rows_to_table",
]

#: ``(line number, split, JSON line)`` of one input document.
InputLine = tuple[int, str, str]


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What a worker needs to build rows (picklable)."""

    schemas: dict[str, pa.Schema]
    """Config name → Arrow schema (from the config's ``Features``)."""
    label_set: LabelSet = LabelSet.ANNOT
    split_clitics: bool = False
    source_name: str = "<documents>"


@dataclass(slots=True)
class SplitStats:
    """Counts for the card, per split."""

    documents: int = 0
    sentences: int = 0
    tokens: int = 0
    mentions: Counter[str] = field(default_factory=Counter)
    """Mentions in ``documents`` by annot label."""
    ner_entities: Counter[str] = field(default_factory=Counter)
    """Entities tagged in ``ner`` by label-set label."""
    nested: int = 0
    unmapped: int = 0
    withheld_sentences: int = 0
    quotes: Counter[str] = field(default_factory=Counter)
    claims: Counter[str] = field(default_factory=Counter)
    """Claims by stance."""
    claim_sentences: int = 0
    quarantined: Counter[str] = field(default_factory=Counter)

    def merge(self, other: SplitStats) -> None:
        self.documents += other.documents
        self.sentences += other.sentences
        self.tokens += other.tokens
        self.mentions.update(other.mentions)
        self.ner_entities.update(other.ner_entities)
        self.nested += other.nested
        self.unmapped += other.unmapped
        self.withheld_sentences += other.withheld_sentences
        self.quotes.update(other.quotes)
        self.claims.update(other.claims)
        self.claim_sentences += other.claim_sentences
        self.quarantined.update(other.quarantined)


@dataclass(slots=True)
class BatchResult:
    """Everything one batch contributes to the export."""

    tables: dict[tuple[str, str], pa.Table] = field(default_factory=dict)
    """``(config, split)`` → rows."""
    ids: dict[str, list[str]] = field(default_factory=dict)
    """Config → every id its rows define, in order (checked for uniqueness globally)."""
    problems: dict[str, list[str]] = field(default_factory=dict)
    """Config → conformance failures."""
    quarantine: list[str] = field(default_factory=list)
    """Quarantine records as JSON lines."""
    stats: dict[str, SplitStats] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)
    """The document ids of the batch, in order."""
    splits: list[str] = field(default_factory=list)
    """The split of each document of the batch."""


def parse_line(line: str, lineno: int, source_name: str) -> AnnotatedDocument:
    """One input line as an :class:`AnnotatedDocument`, or :class:`ExportInputError`."""
    try:
        return AnnotatedDocument.model_validate_json(line)
    except (ValidationError, AnnotError) as error:
        first = str(error).strip().splitlines()[0]
        raise ExportInputError(
            f"not a valid AnnotatedDocument ({first}).",
            path=source_name,
            lineno=lineno,
            line=line,
        ) from error


def build_batch(lines: list[InputLine], options: BuildOptions) -> BatchResult:
    """Rows of every config for ``lines`` (see the module docstring)."""
    documents = [
        (split, parse_line(line, lineno, options.source_name)) for lineno, split, line in lines
    ]
    return build_documents(documents, options)


def build_documents(
    documents: list[tuple[str, AnnotatedDocument]], options: BuildOptions
) -> BatchResult:
    """Rows of every config for ``(split, document)`` pairs (see the module docstring)."""
    result = BatchResult()
    rows: dict[tuple[str, str], list[Row]] = {}

    def add(config: str, split: str, row: Row, text: str | None = None) -> None:
        if config not in options.schemas:
            return
        rows.setdefault((config, split), []).append(row)
        result.ids.setdefault(config, []).extend(row_ids(config, row))
        problems = check_row(config, row, text)
        if problems:
            result.problems.setdefault(config, []).extend(problems)

    for split, annotated in documents:
        result.documents.append(annotated.document.id)
        result.splits.append(split)
        doc = prepare(annotated, split_clitics=options.split_clitics)
        stats = result.stats.setdefault(split, SplitStats())
        add("documents", split, documents_row(doc))
        ner = ner_rows(doc, options.label_set)
        for row in ner.ner:
            add("ner", split, row)
        for row in ner.seq_label:
            add("seacrowd_seq_label", split, row)
        for row in quotes_rows(doc):
            add("quotes", split, row)
        claim_sentences = 0
        for row in claims_rows(doc):
            claim_sentences += row["has_claim"]
            add("claims", split, row)
        add("seacrowd_kb", split, kb_row(doc), doc.text)
        result.quarantine.extend(record.model_dump_json() for record in ner.quarantine)
        stats.merge(
            SplitStats(
                documents=1,
                sentences=len(doc.sentences),
                tokens=len(doc.tokens),
                mentions=Counter(mention.label.value for mention in annotated.mentions),
                ner_entities=ner.tagged,
                nested=ner.nested,
                unmapped=ner.unmapped,
                withheld_sentences=ner.withheld_sentences,
                quotes=Counter(quote.kind.value for quote in annotated.quotes),
                claims=Counter(claim.stance.value for claim in annotated.claims),
                claim_sentences=claim_sentences,
                quarantined=Counter(record.reason.value for record in ner.quarantine),
            )
        )
    for key, records in rows.items():
        result.tables[key] = rows_to_table(records, options.schemas[key[0]])
    return result


_EPOCH = dt.date(1970, 1, 1)


def _arrow_json_default(value: object) -> Any:
    """What Arrow's JSON reader takes for a ``date32`` (days since 1970-01-01) or
    ``time64[us]`` (microseconds since midnight) column."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return (value - _EPOCH).days
    if isinstance(value, dt.time) and value.tzinfo is None:
        seconds = (value.hour * 60 + value.minute) * 60 + value.second
        return seconds * 1_000_000 + value.microsecond
    msg = f"no Arrow JSON form for {type(value).__name__} {value!r}"
    raise TypeError(msg)


def rows_to_table(rows: list[Row], schema: pa.Schema) -> pa.Table:
    """``rows`` as a table of ``schema`` (equal to ``pa.Table.from_pylist(rows, schema=schema)``,
    without pandas; see the module docstring)."""
    data = b"".join(
        orjson.dumps(
            row,
            default=_arrow_json_default,
            option=orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_APPEND_NEWLINE,
        )
        for row in rows
    )
    if not data:
        return schema.empty_table()
    table = read_json(
        pa.BufferReader(data),
        read_options=ReadOptions(use_threads=False, block_size=max(len(data), 1 << 20)),
        parse_options=ParseOptions(explicit_schema=schema, unexpected_field_behavior="error"),
    )
    return table.replace_schema_metadata(schema.metadata)
