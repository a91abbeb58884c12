"""Atomic export directories and deterministic, bounded-memory Parquet shards.

- :func:`atomic_directory` builds the export in a hidden temporary directory beside the
  target and swaps it in only when everything was written; an exception (or Ctrl-C) removes
  the temporary directory and leaves the previous export untouched. The swap is two renames
  on one file system (old → backup, new → target, then the backup is deleted); if the second
  rename fails the backup is renamed back.
  While it runs, ``.<name>.lock`` (holding the process id) refuses a second export of the
  same name; a lock left by a crashed export is stale and taken over, and the crashed
  export's leftovers (``.<name>.tmp-*``, ``.<name>.old-*``, scratch folders) are removed.
- :class:`ShardWriter` streams Arrow tables of one config and split into
  ``data/<config>/<split>-NNNNN-of-MMMMM.parquet`` through ``pyarrow.parquet.ParquetWriter``,
  holding at most one row group in memory. Row groups are cut every ``row_group_rows`` rows
  and shards every ``rows_per_shard`` rows, whatever the batch sizes it is fed, so the bytes
  depend only on the rows: same rows → byte-identical files. A split without rows writes no
  file (``datasets`` cannot load a Parquet file without rows); the card lists such splits.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from annot.export.errors import ExportLockedError

__all__ = ["ShardWriter", "atomic_directory", "export_lock", "scratch_directory"]


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists (on this machine)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _lock_owner(lock: Path) -> int | None:
    try:
        text = lock.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


@contextlib.contextmanager
def export_lock(target: Path) -> Iterator[None]:
    """Hold ``.<name>.lock`` beside ``target`` (it holds this process's id) for the block.

    A lock whose process no longer runs is stale (a crashed export) and is taken over; a live
    one raises :class:`ExportLockedError`. While the lock is held, leftovers of crashed
    exports of this name (``.<name>.tmp-*``, ``.<name>.old-*`` and the scratch folders of
    :func:`scratch_directory` whose process is gone) are removed.
    """
    lock = target.parent / f".{target.name}.lock"
    target.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(3):
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            owner = _lock_owner(lock)
            if owner is not None and owner != os.getpid() and _alive(owner):
                raise ExportLockedError(str(target), str(lock), owner) from None
            lock.unlink(missing_ok=True)  # stale: its export crashed
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        break
    else:
        raise ExportLockedError(str(target), str(lock), _lock_owner(lock) or 0)
    try:
        _remove_leftovers(target)
        yield
    finally:
        lock.unlink(missing_ok=True)


def _remove_leftovers(target: Path) -> None:
    for pattern in (f".{target.name}.tmp-*", f".{target.name}.old-*"):
        for path in target.parent.glob(pattern):
            shutil.rmtree(path, ignore_errors=True)
    for path in target.parent.glob(f".{target.name}.scratch-*"):
        pid = path.name.removeprefix(f".{target.name}.scratch-").split("-", 1)[0]
        if not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def scratch_directory(target: Path) -> Iterator[Path]:
    """A scratch folder beside ``target`` (``.<name>.scratch-<pid>-*``), removed after the
    block; if the process dies first, the next export of ``target`` removes it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{target.name}.scratch-{os.getpid()}-"
    scratch = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
    try:
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@contextlib.contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """A fresh temporary directory that replaces ``target`` when the block succeeds.

    Holds :func:`export_lock` for the block: a second export of the same name is refused
    while one runs, and leftovers of a crashed one are removed first.
    """
    with export_lock(target):
        yield from _atomic_directory(target)


def _atomic_directory(target: Path) -> Iterator[Path]:
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        yield temporary
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    temporary.chmod(0o755)
    backup: Path | None = None
    if target.exists():
        backup = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        backup.rmdir()
        os.replace(target, backup)
    try:
        os.replace(temporary, target)
    except BaseException:
        if backup is not None:
            os.replace(backup, target)
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


class ShardWriter:
    """Writes one config's split as Parquet shards (see the module docstring)."""

    def __init__(
        self,
        directory: Path,
        split: str,
        schema: pa.Schema,
        *,
        row_group_rows: int = 1000,
        rows_per_shard: int = 100_000,
    ) -> None:
        if row_group_rows < 1 or rows_per_shard < row_group_rows:
            msg = "need 1 <= row_group_rows <= rows_per_shard"
            raise ValueError(msg)
        self.directory = directory
        self.split = split
        self.schema = schema
        self.row_group_rows = row_group_rows
        self.rows_per_shard = rows_per_shard
        self.rows = 0
        self.num_bytes = 0
        """Arrow bytes of the rows written (the ``num_bytes`` of the card's split info)."""
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        self._writer: pq.ParquetWriter | None = None
        self._shard_rows = 0
        self._shards: list[Path] = []

    def _open(self) -> pq.ParquetWriter:
        if self._writer is None or self._shard_rows >= self.rows_per_shard:
            if self._writer is not None:
                self._writer.close()  # type: ignore[no-untyped-call]
            self.directory.mkdir(parents=True, exist_ok=True)
            path = self.directory / f".{self.split}-{len(self._shards):05d}.parquet"
            self._shards.append(path)
            self._writer = pq.ParquetWriter(  # type: ignore[no-untyped-call]
                path, self.schema, compression="zstd"
            )
            self._shard_rows = 0
        return self._writer

    def _write_group(self, table: pa.Table) -> None:
        writer = self._open()
        writer.write_table(table, row_group_size=self.row_group_rows)  # type: ignore[no-untyped-call]
        self._shard_rows += table.num_rows
        self.rows += table.num_rows
        self.num_bytes += table.nbytes

    def write(self, table: pa.Table) -> None:
        """Append rows (``table`` must have this writer's schema)."""
        if table.num_rows == 0:
            return
        if not table.schema.equals(self.schema):
            table = table.cast(self.schema)
        self._pending.append(table)
        self._pending_rows += table.num_rows
        if self._pending_rows >= self.row_group_rows:
            self._flush(final=False)

    def _flush(self, *, final: bool) -> None:
        combined = pa.concat_tables(self._pending).combine_chunks()
        offset = 0
        while combined.num_rows - offset >= self.row_group_rows or (
            final and offset < combined.num_rows
        ):
            size = min(self.row_group_rows, combined.num_rows - offset)
            self._write_group(combined.slice(offset, size))
            offset += size
        rest = combined.slice(offset)
        self._pending = [rest] if rest.num_rows else []
        self._pending_rows = rest.num_rows

    def close(self) -> list[str]:
        """Finish the shards and give them their final names (relative to ``directory``)."""
        if self._pending:
            self._flush(final=True)
        if self._writer is not None:
            self._writer.close()  # type: ignore[no-untyped-call]
        count = len(self._shards)
        names = []
        for index, path in enumerate(self._shards):
            name = f"{self.split}-{index:05d}-of-{count:05d}.parquet"
            path.rename(self.directory / name)
            names.append(name)
        return names
