"""Rows built while the documents arrive, before their splits are known (one read of the input).

``annot export --from-file`` gets every gold document from the road
(:func:`annot.road.gold.label_studio_to_gold`) once. A :class:`RowSpool` fed those documents
does pass 1 (the :class:`annot.export.pipeline.Planner`) *and* builds every row at once
(:func:`annot.export.build.build_documents`), keeping the batches in scratch files: the rows
of each config in a zstd-compressed Arrow IPC stream, the rest of each batch result (ids,
conformance problems, quarantine records, statistics per document) pickled. Once the plan
gives every document its split, :meth:`RowSpool.results` reads the batches back in order and
routes each document's rows to its split: the same :class:`~annot.export.build.BatchResult`
objects, in the same order, as building from a JSONL file, so the files are byte-identical
(tests/test_export.py), without reading and validating every document a second time.

Memory: the batch being built or routed, and the planner's few hundred bytes per document.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.ipc as ipc

from annot.export.build import BatchResult, BuildOptions, SplitStats, build_documents
from annot.schema import AnnotatedDocument

__all__ = ["RowSpool"]


class RowSpool:
    """Builds the rows of documents fed one at a time into scratch files in ``folder``."""

    def __init__(self, folder: Path, options: BuildOptions, batch_documents: int) -> None:
        self.options = options
        self.batch_documents = max(1, batch_documents)
        self._folder = folder
        self._pending: list[AnnotatedDocument] = []
        self._meta: IO[bytes] = (folder / "spool.pickle").open("wb")
        write_options = ipc.IpcWriteOptions(compression="zstd")  # type: ignore[attr-defined]
        self._streams = {
            config: ipc.new_stream(  # type: ignore[no-untyped-call]
                str(self._path(config)), schema, options=write_options
            )
            for config, schema in options.schemas.items()
        }

    def _path(self, config: str) -> Path:
        return self._folder / f"spool-{config}.arrow"

    def add(self, annotated: AnnotatedDocument) -> None:
        """Take the next document (its rows are built with the others of its batch)."""
        self._pending.append(annotated)
        if len(self._pending) >= self.batch_documents:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        documents = [(str(index), doc) for index, doc in enumerate(self._pending)]
        self._pending = []
        result = build_documents(documents, self.options)
        counts: dict[str, list[int]] = {}
        for config, stream in self._streams.items():
            tables = [result.tables.get((config, key)) for key, _ in documents]
            counts[config] = [table.num_rows if table is not None else 0 for table in tables]
            present = [table for table in tables if table is not None and table.num_rows]
            if present:
                stream.write_table(pa.concat_tables(present).combine_chunks())
        result.tables = {}
        pickle.dump((result, counts), self._meta, protocol=pickle.HIGHEST_PROTOCOL)

    def close(self) -> None:
        """Build the last batch and close the scratch files."""
        self._flush()
        self._meta.close()
        for stream in self._streams.values():
            stream.close()

    def results(self, order: list[str]) -> Iterator[BatchResult]:
        """The batch results, with every document's rows in its split (``order``: the split
        of every document, in the order they were added)."""
        readers = {
            config: ipc.open_stream(str(self._path(config)))  # type: ignore[no-untyped-call]
            for config in self._streams
        }
        position = 0
        with (self._folder / "spool.pickle").open("rb") as meta:
            while True:
                try:
                    result, counts = pickle.load(meta)
                except EOFError:
                    break
                splits = order[position : position + len(result.documents)]
                position += len(result.documents)
                yield _routed(result, counts, splits, readers)


def _routed(
    result: BatchResult,
    counts: dict[str, list[int]],
    splits: list[str],
    readers: dict[str, ipc.RecordBatchStreamReader],
) -> BatchResult:
    """``result`` (keyed by the position of each document in its batch) keyed by split."""
    stats: dict[str, SplitStats] = {}
    for index, split in enumerate(splits):
        if str(index) in result.stats:
            stats.setdefault(split, SplitStats()).merge(result.stats[str(index)])
    tables: dict[tuple[str, str], pa.Table] = {}
    for config, per_document in counts.items():
        if not sum(per_document):
            continue
        batch = pa.Table.from_batches([readers[config].read_next_batch()])
        pieces: dict[str, list[pa.Table]] = {}
        offset = 0
        for split, rows in zip(splits, per_document, strict=True):
            if rows:
                pieces.setdefault(split, []).append(batch.slice(offset, rows))
            offset += rows
        for split, parts in pieces.items():
            tables[(config, split)] = pa.concat_tables(parts)
    result.tables = tables
    result.stats = stats
    result.splits = list(splits)
    return result
