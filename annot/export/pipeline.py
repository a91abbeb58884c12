"""``export_dataset``: AnnotatedDocuments (JSONL) → a Hub-style dataset repository.

The export is two streaming passes over the input, so its memory does not grow with the
corpus apart from about 200 bytes per document and no Python object per document (the
document id in one buffer, a MinHash signature cut to 16 bits, a digest of the id, and the
split as one byte; see :class:`Planner`, :class:`Plan` and :mod:`annot.export.splits`):

1. read each line's document id and text (plain ``json``), refuse duplicate ids, and add
   the text to the near-duplicate index; then assign every document group a split;
2. read the lines again in batches of ``batch_documents``; each batch is validated and
   turned into rows of every config (:func:`annot.export.build.build_batch`), checked for
   conformance, and appended to the Parquet shards of its config and split; the card and
   chart are written last. Everything happens in a temporary directory that replaces
   ``exports/<name>`` only at the end (:func:`annot.export.writer.atomic_directory`).

Parallelism
-----------
On one machine, ``num_proc`` worker processes build the batches (the costly part:
validation, tokenization, row building) while the main process writes; at most
``2 × num_proc`` batches are in flight, and results are merged in input order, so the
files are byte-identical whatever ``num_proc`` is.

Larger than one machine: the batch is the unit of work and :func:`build_batch` is a pure
function from lines to Arrow tables, so the same export distributes as it is. Pass 1 stays a
cheap single scan (or a distributed MinHash with Spark's ``MinHashLSH`` / datasketch, giving
``document id → split``). For pass 2, map ``build_batch`` over the raw pull files with Ray Data
(``ray.data.read_text(...).map_batches(...)``), Spark (``mapPartitions``) or
``datasets.Dataset.from_json(...).map(batched=True, num_proc=N)``, and write each
``(config, split)`` table straight to Parquet shards on shared storage; shard names sort in
input order, and the card needs only the summed :class:`SplitStats`. Global id uniqueness is
guaranteed by construction (every id is prefixed with its unique document id) and is checked
per batch (:func:`_unique_in_batch`), keeping no id of earlier batches.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from annot.export.build import BatchResult, BuildOptions, InputLine, SplitStats, build_batch
from annot.export.card import CHART_NAME, CardInfo, render_card, render_chart
from annot.export.conformance import IdRegistry
from annot.export.errors import (
    ConformanceError,
    DuplicateDocumentError,
    ExportError,
    ExportInputError,
)
from annot.export.features import CONFIG_SPECS
from annot.export.hf import Spec, arrow_schema
from annot.export.splits import (
    SPLITS,
    DocumentIds,
    NearDuplicateIndex,
    SplitOptions,
    split_groups,
)
from annot.export.writer import ShardWriter, atomic_directory
from annot.road.select import SeenDocuments
from annot.schema import AnnotatedDocument, LabelSet

if TYPE_CHECKING:
    from datasets import Features

__all__ = [
    "CONFIGS",
    "QUARANTINE_NAME",
    "ExportOptions",
    "ExportReport",
    "Plan",
    "Planner",
    "config_features",
    "config_specs",
    "export_dataset",
    "system_allocator",
]

#: Every config an export writes, in card order.
CONFIGS = ("documents", "ner", "quotes", "claims", "seacrowd_seq_label", "seacrowd_kb")
QUARANTINE_NAME = "quarantine.jsonl"


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """How to export (every field has a sensible default)."""

    label_set: LabelSet = LabelSet.ANNOT
    """Label set of ``ner`` and ``seacrowd_seq_label`` (NERGrit, IndoLEM or annot's own)."""
    splits: SplitOptions = field(default_factory=SplitOptions)
    split_clitics: bool = False
    """Split ``-nya`` off speech verbs and prepositions (see :mod:`annot.tokenize`)."""
    num_proc: int = 1
    batch_documents: int = 16
    """Documents built at a time: a batch's rows are Python objects (about 0.6 MB per
    news-length document) until they become Arrow tables, so this bounds the Python heap
    (64 measured 41 MB at the peak of a batch, 16 measured 10 MB)."""
    row_group_rows: int = 1000
    document_row_group_rows: int = 100
    """Row-group size of the configs with one (large) row per document, ``documents`` and
    ``seacrowd_kb``: a writer holds a row group in memory until it is full."""
    rows_per_shard: int = 50_000
    """Shard size of the configs with a row per sentence or item (50 row groups)."""
    document_rows_per_shard: int = 5_000
    """Shard size of ``documents`` and ``seacrowd_kb``. A Parquet writer keeps the metadata of
    every row group of its open shard until it closes it (measured: 12 MB of resident memory
    per 100 row groups of ``documents``, 6 MB for ``ner``), and an export has 18 writers open,
    one per config and split; so shards are cut at 50 row groups, which bounds the writers
    whatever the corpus size (the validation and test writers of a small corpus never fill
    a shard, those of a large one would)."""
    progress: bool | None = None
    """Show a progress bar; ``None``: when stderr is a terminal."""


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What an export wrote."""

    path: Path
    files: dict[str, dict[str, list[str]]]
    """Config → split → Parquet files (relative to ``path``); empty splits are absent."""
    rows: dict[str, dict[str, int]]
    """Config → split → rows (0 for an omitted split)."""
    plan: Plan
    """Which split every document went to."""
    stats: dict[str, SplitStats]
    quarantined: int
    """Lines written to ``quarantine.jsonl``."""

    @property
    def split_of(self) -> dict[str, str]:
        """Document id → split (a new dict: one entry per document)."""
        return self.plan.split_of


def config_specs(label_set: LabelSet = LabelSet.ANNOT) -> dict[str, Spec]:
    """The features of every config of an export in ``label_set``, as ``Features.to_dict()``
    (see :mod:`annot.export.hf`; no ``import datasets``)."""
    labelled = ("ner", "seacrowd_seq_label")
    return {
        name: CONFIG_SPECS[name](label_set) if name in labelled else CONFIG_SPECS[name]()
        for name in CONFIGS
    }


def config_features(label_set: LabelSet = LabelSet.ANNOT) -> dict[str, Features]:
    """The ``datasets.Features`` of every config of an export in ``label_set``."""
    from datasets import Features

    return {name: Features.from_dict(spec) for name, spec in config_specs(label_set).items()}


# -- input --------------------------------------------------------------------------------------


def _lines(source: Path | Sequence[AnnotatedDocument]) -> Iterator[tuple[int, str]]:
    """``(line number, JSON line)`` of each input document, skipping blank lines."""
    if isinstance(source, Path):
        with source.open(encoding="utf-8") as handle:
            for lineno, line in enumerate(handle, start=1):
                if line.strip():
                    yield lineno, line
    else:
        for index, document in enumerate(source, start=1):
            yield index, document.model_dump_json()


def _peek(line: str, lineno: int, source_name: str) -> tuple[str, str]:
    """The document id and text of a line, read without full validation."""
    try:
        document = json.loads(line)["document"]
        document_id, text = document["id"], document["text"]
    except (ValueError, KeyError, TypeError) as error:
        raise ExportInputError(
            f"cannot read document.id and document.text ({type(error).__name__}: {error}).",
            path=source_name,
            lineno=lineno,
            line=line,
        ) from error
    if not isinstance(document_id, str) or not isinstance(text, str):
        raise ExportInputError(
            "document.id and document.text must be strings.",
            path=source_name,
            lineno=lineno,
            line=line,
        )
    return document_id, text


class Planner:
    """Pass 1, fed one document at a time: refuses duplicate ids, indexes near-duplicates,
    and at the end gives every document its split (:meth:`plan`). Holds the near-duplicate
    index (the id in a buffer and a 128-byte signature per document, no Python object per
    document) and a digest table of the ids (about 20 bytes per document)."""

    def __init__(self, options: SplitOptions) -> None:
        self.options = options
        self._index = NearDuplicateIndex(options)
        self._seen = SeenDocuments()

    def add(self, document_id: str, text: str) -> None:
        """Add the next document (:class:`DuplicateDocumentError` for an id seen before)."""
        if self._seen.add(document_id):  # maybe seen: a digest can be shared
            first = self._index.document_ids.position_of(document_id)
            if first is not None:
                raise DuplicateDocumentError(document_id, first + 1, len(self._index) + 1)
        self._index.add(document_id, text)

    def plan(self) -> Plan:
        """The split of every document (see :mod:`annot.export.splits`)."""
        index = self._index
        keys, group_of = index.group_keys(index.roots())
        sizes = np.bincount(group_of).astype(np.int64)
        codes = split_groups(keys, sizes, self.options)[group_of]
        plan = Plan(ids=index.document_ids, codes=codes.astype(np.uint8).tobytes())
        self._seen, self._index = SeenDocuments(), NearDuplicateIndex(self.options)
        return plan


@dataclass(frozen=True, slots=True)
class Plan:
    """The outcome of pass 1: the document ids in input order (UTF-8 in one buffer and where
    each ends) and the split of each, as an index into :data:`SPLITS` (a byte per document)."""

    ids: DocumentIds
    """The document ids, in input order."""
    codes: bytes
    """The split of every document in input order, as an index into :data:`SPLITS`."""

    def __len__(self) -> int:
        return len(self.codes)

    def split_at(self, position: int) -> str:
        """The split of the document at ``position``."""
        return SPLITS[self.codes[position]]

    @property
    def colon(self) -> bool:
        """Whether some document id holds ``:`` (see :func:`_unique_in_batch`)."""
        return self.ids.any_holds(":")

    @property
    def split_of(self) -> dict[str, str]:
        """Document id → split (a new dict: one entry per document)."""
        return {self.ids[position]: self.split_at(position) for position in range(len(self))}


def _plan(
    source: Path | Sequence[AnnotatedDocument], options: SplitOptions, source_name: str
) -> Plan:
    """Pass 1 over ``source``."""
    planner = Planner(options)
    for lineno, line in _lines(source):
        planner.add(*_peek(line, lineno, source_name))
    return planner.plan()


def _changed(source_name: str, what: str) -> ExportError:
    return ExportError(f"{source_name} changed during the export ({what})")


def _batches(
    source: Path | Sequence[AnnotatedDocument], plan: Plan, size: int, source_name: str
) -> Iterator[list[InputLine]]:
    """Pass 2: the lines in batches, each with the split pass 1 gave its position (the
    document ids are checked against the plan as the batches are built, see :func:`_check`).
    """
    batch: list[InputLine] = []
    position = 0
    for lineno, line in _lines(source):
        if position == len(plan):
            raise _changed(source_name, f"a document more, line {lineno}")
        batch.append((lineno, plan.split_at(position), line))
        position += 1
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
    if position != len(plan):
        raise _changed(source_name, f"{len(plan) - position} document(s) fewer")


def _results(
    batches: Iterable[list[InputLine]], options: BuildOptions, num_proc: int
) -> Iterator[BatchResult]:
    """Batch results in input order, built here or by ``num_proc`` worker processes."""
    if num_proc <= 1:
        for batch in batches:
            yield build_batch(batch, options)
        return
    # spawn, not fork: the parent may hold threads (Arrow, tokenizers) that fork would copy.
    with ProcessPoolExecutor(num_proc, mp_context=get_context("spawn")) as pool:
        pending: deque[Future[BatchResult]] = deque()
        for batch in batches:
            pending.append(pool.submit(build_batch, batch, options))
            if len(pending) >= 2 * num_proc:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


# -- the export ---------------------------------------------------------------------------------


def _row_group_rows(config: str, options: ExportOptions) -> int:
    if config in ("documents", "seacrowd_kb"):
        return min(options.row_group_rows, options.document_row_group_rows)
    return options.row_group_rows


def _rows_per_shard(config: str, options: ExportOptions) -> int:
    if config in ("documents", "seacrowd_kb"):
        shard = min(options.rows_per_shard, options.document_rows_per_shard)
        return max(shard, _row_group_rows(config, options))
    return options.rows_per_shard


def _check_name(name: str) -> None:
    if not name or name.startswith(".") or "/" in name or "\\" in name:
        msg = (
            f"export name {name!r} must be a plain folder name (no slashes, not hidden), "
            "e.g. 'berita-2024'; it becomes exports/<name>/"
        )
        raise ExportError(msg)


def export_dataset(
    source: Path | Sequence[AnnotatedDocument],
    name: str,
    *,
    exports_dir: Path = Path("exports"),
    options: ExportOptions | None = None,
    card: CardInfo | None = None,
    extra_files: Mapping[str, Path] | None = None,
    plan: Plan | None = None,
) -> ExportReport:
    """Export ``source`` to ``exports_dir/name`` as a dataset every config of which loads
    with ``datasets.load_dataset(str(exports_dir / name), config)``.

    ``source`` is a JSONL file of ``AnnotatedDocument.model_dump_json()`` lines (read twice,
    streaming) or an in-memory sequence. Raises :class:`ExportInputError` for an invalid
    line, :class:`DuplicateDocumentError`, or :class:`ConformanceError`; on any failure the
    previous export is left as it was. ``extra_files`` (name in the export -> file) are copied
    in, e.g. the validation quarantine and the disagreements of ``annot export --from-file``.
    ``plan``: pass 1 already made by the caller (a :class:`Planner` fed every document of
    ``source`` in order, with ``options.splits``), so that ``source`` is read once.
    """
    _check_name(name)
    options = options or ExportOptions()
    card = card or CardInfo()
    source_name = str(source) if isinstance(source, Path) else "<documents>"
    if plan is None:
        plan = _plan(source, options.splits, source_name)
    features = config_specs(options.label_set)
    build_options = build_options_for(options, source_name)
    target = exports_dir / name
    with system_allocator():
        batches = _batches(source, plan, options.batch_documents, source_name)
        built = _results(batches, build_options, options.num_proc)
        return _export(built, plan, target, options, card, extra_files, build_options, features)


@contextlib.contextmanager
def system_allocator() -> Iterator[None]:
    """Arrow allocates with the system allocator in the block, not mimalloc: mimalloc keeps
    what the writers free in pieces (an export's peak RSS grew ~10 KB per document with it,
    ~3 KB with malloc)."""
    pool = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(pool)


def build_options_for(options: ExportOptions, source_name: str) -> BuildOptions:
    """What :func:`annot.export.build.build_batch` needs for an export with ``options``."""
    features = config_specs(options.label_set)
    return BuildOptions(
        schemas={config: arrow_schema(features[config]) for config in CONFIGS},
        label_set=options.label_set,
        split_clitics=options.split_clitics,
        source_name=source_name,
    )


def _export(
    built: Iterable[BatchResult],
    plan: Plan,
    target: Path,
    options: ExportOptions,
    card: CardInfo,
    extra_files: Mapping[str, Path] | None,
    build_options: BuildOptions,
    features: dict[str, Spec],
) -> ExportReport:
    count = len(plan)
    source_name = build_options.source_name
    stats: dict[str, SplitStats] = {}
    quarantined = 0
    with atomic_directory(target) as temporary:
        writers = {
            (config, split): ShardWriter(
                temporary / "data" / config,
                split,
                build_options.schemas[config],
                row_group_rows=_row_group_rows(config, options),
                rows_per_shard=_rows_per_shard(config, options),
            )
            for config in CONFIGS
            for split in SPLITS
        }
        registries = {config: IdRegistry(config) for config in CONFIGS} if plan.colon else None
        progress = _progress(count, options.progress)
        position = 0
        with (temporary / QUARANTINE_NAME).open("w", encoding="utf-8") as quarantine:
            for result in built:
                _check(result, registries)
                _check_plan(result, plan, position, source_name)
                position += len(result.documents)
                for key, table in result.tables.items():
                    writers[key].write(table)
                for line in result.quarantine:
                    quarantine.write(line + "\n")
                quarantined += len(result.quarantine)
                for split, split_stats in result.stats.items():
                    stats.setdefault(split, SplitStats()).merge(split_stats)
                    progress.update(split_stats.documents)
        progress.close()
        files: dict[str, dict[str, list[str]]] = {config: {} for config in CONFIGS}
        splits: dict[str, dict[str, tuple[list[str], int, int]]] = {c: {} for c in CONFIGS}
        for (config, split), writer in writers.items():
            names = [f"data/{config}/{name}" for name in writer.close()]
            if names:
                files[config][split] = names
            splits[config][split] = (names, writer.rows, writer.num_bytes)
        text = render_card(
            info=card,
            features=features,
            splits=splits,
            stats=stats,
            label_set=options.label_set,
            split_options=options.splits,
            split_clitics=options.split_clitics,
        )
        (temporary / "README.md").write_text(text, encoding="utf-8")
        for extra_name, extra_path in (extra_files or {}).items():
            shutil.copyfile(extra_path, temporary / extra_name)
        (temporary / CHART_NAME).write_bytes(render_chart(stats, options.label_set))
    return ExportReport(
        path=target,
        files=files,
        rows={c: {s: splits[c][s][1] for s in SPLITS} for c in CONFIGS},
        plan=plan,
        stats=stats,
        quarantined=quarantined,
    )


def _unique_in_batch(config: str, ids: list[str], documents: set[str]) -> list[str]:
    """Id uniqueness over the whole config, keeping one batch: when no document id holds
    ``:``, an id that begins with its document's id (``<doc>`` or ``<doc>:…``) cannot clash
    with an id of another document (document ids are unique, pass 1), and every document is
    in one batch; so the ids are checked within the batch, and for their prefix."""
    problems = IdRegistry(config).add_ids(ids)
    problems += [
        f"config {config}: id {item_id!r} does not begin with its document id"
        for item_id in ids
        if item_id.split(":", 1)[0] not in documents
    ]
    return problems


def _check(result: BatchResult, registries: dict[str, IdRegistry] | None) -> None:
    documents = set(result.documents)
    for config, ids in result.ids.items():
        if registries is None:
            problems = _unique_in_batch(config, ids, documents)
        else:
            problems = registries[config].add_ids(ids)
        problems += result.problems.get(config, [])
        if problems:
            raise ConformanceError(config, problems)
    for config, problems in result.problems.items():
        if problems:
            raise ConformanceError(config, problems)


def _check_plan(result: BatchResult, plan: Plan, first: int, source_name: str) -> None:
    """Every document of the batch (the first at position ``first``) is the one pass 1 saw at
    its position."""
    for offset, (document_id, split) in enumerate(
        zip(result.documents, result.splits, strict=True)
    ):
        position = first + offset
        if position >= len(plan) or plan.ids[position] != document_id:
            raise _changed(source_name, f"document {document_id!r} was not there before")
        if plan.split_at(position) != split:
            raise _changed(source_name, f"document {document_id!r} changed split")


class _NoProgress:
    def update(self, count: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int, enabled: bool | None) -> _NoProgress:
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return _NoProgress()
    from tqdm import tqdm  # type: ignore[import-untyped]

    bar: _NoProgress = tqdm(total=total, unit="doc", desc="export", file=sys.stderr)
    return bar
