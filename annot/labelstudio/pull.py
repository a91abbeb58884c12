"""Pull every annotation of a project and keep the raw export; convert it to the schema.

:func:`pull` asks Label Studio for a *snapshot export* of the whole project (every task,
annotated or not, and every annotation: usual, ground truth and cancelled), with full
predictions (``serialization_options.predictions.only_id = false``; the plain export lists
prediction ids only) and annotators as user ids (never e-mails). There is no paging, so there
is no 100-item page to get stuck on. The snapshot is split into its tasks as it downloads
(one pass, no temporary copy) and written as JSON Lines, one exported task per line, each
with the bytes Label Studio sent for it, to

    ``<pulls_dir>/<UTC timestamp>-project<id>.jsonl``
    (e.g. ``raw/pulls/20250102T030405.123456Z-project3.jsonl``)

The file is written under a temporary name and linked into place exclusively: an existing
pull is never overwritten, and a crashed pull leaves no half-written file under that name.
Raw pulls are append-only history; conversion reads them offline (:func:`convert_pull`,
``annot validate``; a pull itself only counts), so every pull can be converted again later,
reproducibly, with no server.

Superseded tasks: when a document's text changed, :mod:`annot.labelstudio.push` created a new
task with a higher ``data.version``. :func:`superseded_tasks` (the policy of
:mod:`annot.road.select`) finds the older tasks of every document in a pull;
:attr:`PullReport.superseded` lists them and ``convert_pull(path, latest_only=True)``
leaves them out, so later stages use the newest version. Their annotations stay in the raw
pull.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Final

from annot.labelstudio.client import (
    DEFAULT_RETRY,
    LabelStudioApiError,
    RetryPolicy,
    call,
    no_sdk_retries,
    progress_bar,
)
from annot.labelstudio.server import check_connection
from annot.labelstudio.settings import ConnectionSettings, LabelStudioError, open_client

if TYPE_CHECKING:
    from label_studio_sdk import LabelStudio

    from annot.labelstudio.convert import Conversion
    from annot.problems import Problem

__all__ = [
    "PullError",
    "PullReport",
    "convert_pull",
    "pull",
    "pull_file_name",
    "read_pull",
    "superseded_tasks",
]

logger = logging.getLogger(__name__)

JSON = dict[str, object]
EXPORT_TIMEOUT: Final = 3600.0
"""Seconds to wait for an export snapshot to be built (Community builds it at once)."""
_ALL_ANNOTATIONS: Final = {"usual": True, "ground_truth": True, "skipped": True}
_FULL_PREDICTIONS: Final = {"predictions": {"only_id": False}}


class PullError(LabelStudioError):
    """A raw pull that cannot be read, with the file and line number."""

    def __init__(self, message: str, *, path: Path, lineno: int | None = None) -> None:
        where = f"{path}:{lineno}" if lineno is not None else str(path)
        super().__init__(f"{where}: {message}")
        self.path = path
        self.lineno = lineno


@dataclass(slots=True)
class PullReport:
    """What one :func:`pull` fetched, counted while it downloaded."""

    path: Path
    """The raw JSONL written (one exported task per line)."""
    project_id: int
    tasks: int = 0
    annotations: int = 0
    """Annotations in the pull (cancelled ones included)."""
    predictions: int = 0
    superseded: dict[int, int] = field(default_factory=dict)
    """Task id of an older version of a document -> task id of its newest version."""
    seconds: float = 0.0
    include_predictions: bool = False
    """Whether :attr:`conversions` converts each task's predictions too."""
    _conversions: list[Conversion] | None = field(default=None, repr=False, compare=False)

    @property
    def conversions(self) -> list[Conversion]:
        """One per task, in file order (superseded tasks included), converted from the raw
        pull the first time they are asked for (:func:`convert_pull`): a pull itself only
        downloads and counts; ``annot validate`` streams the file when it checks it."""
        if self._conversions is None:
            path, predictions = self.path, self.include_predictions
            self._conversions = list(convert_pull(path, include_predictions=predictions))
        return self._conversions

    @property
    def problems(self) -> list[Problem]:
        return [problem for conversion in self.conversions for problem in conversion.problems]

    def summary(self) -> str:
        return (
            f"project {self.project_id}: {self.tasks} tasks, {self.annotations} annotations, "
            f"{self.predictions} predictions, {len(self.superseded)} superseded tasks; raw pull "
            f"{self.path} ({self.seconds:.1f} s)"
        )


def pull_file_name(project_id: int, now: dt.datetime | None = None) -> str:
    """``<UTC timestamp>-project<id>.jsonl``, e.g. ``20250102T030405.123456Z-project3.jsonl``."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return f"{moment:%Y%m%dT%H%M%S.%f}Z-project{project_id}.jsonl"


# --- reading raw pulls -----------------------------------------------------------------------


def superseded_tasks(tasks: Iterable[Mapping[str, object]]) -> dict[int, int]:
    """:func:`annot.road.select.superseded_tasks` (the schema it imports is loaded on first
    use: a pull itself needs no model)."""
    from annot.road.select import superseded_tasks as superseded

    return superseded(tasks)


def read_pull(path: Path) -> Iterator[JSON]:
    """The exported tasks of a raw pull, one per line, as Label Studio exported them.

    Read by :func:`annot.road.read.read_tasks`; raw pulls are written whole or not at all,
    so an item it cannot read raises :class:`PullError` with the file and line.
    """
    from annot.road.read import read_tasks

    try:
        for item in read_tasks(path):
            if item.task is None:
                problem = item.problem
                what = f"{problem.code.value}: {problem.message}" if problem else "unreadable"
                raise PullError(
                    f"line is not JSON or not a task ({what}); raw pulls are written whole or "
                    "not at all, so the file was edited or cut: pull again (annot pull).",
                    path=path,
                    lineno=item.position,
                )
            yield dict(item.task)
    except OSError as exc:
        raise PullError(f"cannot read the raw pull ({exc.strerror})", path=path) from exc


def convert_pull(
    path: Path, *, include_predictions: bool = False, latest_only: bool = False
) -> Iterator[Conversion]:
    """Convert a raw pull offline: one :class:`Conversion` per task, in file order.

    With ``latest_only`` the tasks of superseded document versions are left out.
    ``include_predictions`` converts each task's predictions too (see
    :func:`annot.labelstudio.convert.task_to_annotated`).
    """
    from annot.labelstudio.convert import task_to_annotated

    skip = superseded_tasks(read_pull(path)) if latest_only else {}
    for task in read_pull(path):
        task_id = task.get("id")
        if isinstance(task_id, int) and task_id in skip:
            continue
        yield task_to_annotated(task, include_predictions=include_predictions)


# --- pulling -------------------------------------------------------------------------------


def _wait_for_export(
    client: LabelStudio, project_id: int, export_id: int, url: str, policy: RetryPolicy
) -> None:
    deadline = time.monotonic() + EXPORT_TIMEOUT
    delay = 0.2
    while True:
        snapshot = call(
            f"read export {export_id} of project {project_id}",
            lambda: client.projects.exports.get(
                project_id, export_id, request_options=no_sdk_retries()
            ),
            url=url,
            policy=policy,
        )
        status = str(snapshot.status or "")
        if status == "completed":
            return
        if status == "failed":
            raise LabelStudioApiError(
                f"export project {project_id}",
                url=url,
                status=None,
                detail=f"export snapshot {export_id} failed on the server; see its log",
            )
        if time.monotonic() > deadline:
            raise LabelStudioApiError(
                f"export project {project_id}",
                url=url,
                status=None,
                detail=f"export snapshot {export_id} is still {status!r} after "
                f"{EXPORT_TIMEOUT:.0f} s",
            )
        time.sleep(delay)
        delay = min(delay * 2, 5.0)


@dataclass(slots=True)
class _Tally:
    """What a download counts of the tasks it writes."""

    tasks: int = 0
    annotations: int = 0
    predictions: int = 0
    keys: list[tuple[object, object, object]] = field(default_factory=list)
    """Each task's id, ``data.doc_id`` and ``data.version`` (None when missing)."""

    def add(self, task: object) -> None:
        self.tasks += 1
        item = task if isinstance(task, dict) else {}
        for name in ("annotations", "predictions"):
            listed = item.get(name)
            if isinstance(listed, list):
                setattr(self, name, getattr(self, name) + len(listed))
        data = item.get("data")
        data = data if isinstance(data, dict) else {}
        self.keys.append((item.get("id"), data.get("doc_id"), data.get("version")))

    def superseded(self) -> dict[int, int]:
        """:func:`superseded_tasks` of the tasks counted, from what it reads of them."""
        return superseded_tasks(
            {"id": tid, "data": {"doc_id": doc_id, "version": version}}
            for tid, doc_id, version in self.keys
        )


_NEXT_TASK: Final = re.compile(rb'\}\s*,\s*(?=\{\s*"id"\s*:\s*-?\d+\s*,\s*"annotations"\s*:)')
"""Where one task of a Label Studio export ends and the next begins (``}, {"id": 7,
"annotations": ...``): a candidate only, a task is what parses as JSON up to it."""
SPLIT_LIMIT: Final = 32 << 20
"""Bytes of one task, at most, before an export is parsed with ijson instead of split."""


class _Splitter:
    """The tasks of a JSON array of tasks, each with its own bytes, as the bytes arrive.

    Label Studio writes an export as one line, ``[{"id": 1, "annotations": ...}, {...}]``: a
    task is cut out where the next one begins (:data:`_NEXT_TASK`) and parsed alone (orjson;
    the stdlib for what orjson refuses: integers past 64 bits, lone surrogates, NaN), so it
    can be written as it came. An export laid out otherwise (no such place within
    :data:`SPLIT_LIMIT` bytes) is parsed by ijson from there on.
    """

    def __init__(self) -> None:
        self._buffer = b""
        self._scan = 0
        self._started = False
        self._ijson: Generator[None, bytes, None] | None = None
        self._parsed: list[object] = []

    def feed(self, chunk: bytes) -> Iterator[tuple[object, bytes | None]]:
        """The tasks complete after ``chunk``: each with its bytes (None: re-serialize it)."""
        if self._ijson is not None:
            self._ijson.send(chunk)
            yield from self._drain()
            return
        self._buffer += chunk
        if not self._started:
            head = self._buffer.lstrip()
            if not head:
                return
            if not head.startswith(b"["):
                raise ValueError("the export is not a JSON array")
            self._buffer, self._started = head[1:].lstrip(), True
        start = 0  # of the task being cut out; the buffer is shortened once per chunk
        while (found := _NEXT_TASK.search(self._buffer, self._scan)) is not None:
            piece = self._buffer[start : found.start() + 1]
            task = _parse(piece)
            self._scan = found.end()
            if task is not _NOT_JSON:
                yield task, piece
                start = found.end()
        self._buffer, self._scan = self._buffer[start:], self._scan - start
        if len(self._buffer) > SPLIT_LIMIT:
            import ijson

            self._parsed = ijson.sendable_list()
            self._ijson = ijson.items_coro(self._parsed, "item", use_float=True)
            self._ijson.send(b"[" + self._buffer)
            self._buffer = b""
            yield from self._drain()

    def close(self) -> Iterator[tuple[object, bytes | None]]:
        """The last tasks; raises ValueError when the array is cut or followed by more."""
        if self._ijson is not None:
            self._ijson.close()
            yield from self._drain()
            return
        if not self._started:
            raise ValueError("the export is empty")
        last = self._buffer.rstrip()
        piece = last[:-1].rstrip() if last.endswith(b"]") else b""
        task = _parse(piece) if piece else _NOT_JSON
        if task is not _NOT_JSON:  # the last task, as it came
            yield task, piece
            return
        rest = _parse(b"[" + self._buffer)
        if not isinstance(rest, list):
            raise ValueError("the export does not end with a complete task and ']'")
        for task in rest:
            yield task, None

    def _drain(self) -> Iterator[tuple[object, bytes | None]]:
        for task in self._parsed:
            yield task, None
        del self._parsed[:]


_NOT_JSON: Final = object()


def _parse(piece: bytes) -> object:
    """``piece`` parsed as JSON, or :data:`_NOT_JSON`."""
    import orjson

    try:
        return orjson.loads(piece)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(piece)  # what orjson refuses but the stdlib reads (and so validate)
    except (ValueError, RecursionError):
        return _NOT_JSON


def _download(
    client: LabelStudio,
    project_id: int,
    export_id: int,
    target: Path,
    url: str,
    policy: RetryPolicy,
    progress: bool,
) -> _Tally:
    """Stream the snapshot into ``target`` as JSON Lines, one task per line, counting them.

    Each task is written with the bytes Label Studio sent for it (re-serialized only when
    they span lines, or the export is laid out otherwise: see :class:`_Splitter`). The
    download is split as it arrives (one pass, no temporary copy of the export, never the
    whole export in memory). A download that is cut or is not a JSON array of tasks raises
    :class:`PullError`.
    """
    import ijson

    def fetch() -> _Tally:
        tally = _Tally()
        splitter = _Splitter()
        with (
            target.open("wb") as sink,
            progress_bar("downloading", unit="B", enabled=progress, leave=False) as bar,
        ):
            try:
                for chunk in client.projects.exports.download(
                    project_id,
                    export_id,
                    export_type="JSON",
                    request_options={**no_sdk_retries(), "chunk_size": 1 << 20},
                ):
                    _write_tasks(splitter.feed(chunk), sink, tally)
                    bar.update(len(chunk))
                _write_tasks(splitter.close(), sink, tally)
            except (ValueError, ijson.JSONError) as exc:
                raise PullError(
                    f"the export of project {project_id} is not a complete JSON array of tasks "
                    f"({exc}); the download was cut or the server sent something else. Pull "
                    "again.",
                    path=target,
                ) from exc
            sink.flush()
            os.fsync(sink.fileno())
        return tally

    return call(  # a retried download starts the file (and the tally) over ("wb")
        f"download export {export_id} of project {project_id}", fetch, url=url, policy=policy
    )


def _write_tasks(
    tasks: Iterable[tuple[object, bytes | None]], sink: BinaryIO, tally: _Tally
) -> None:
    """Write each task as one line of ``sink`` (its own bytes when they are one line)."""
    for task, raw in tasks:
        if raw is None or b"\n" in raw or b"\r" in raw:
            line = json.dumps(task, ensure_ascii=False, separators=(",", ":"))
            # a lone surrogate (\ud800) cannot be UTF-8: keep it as the JSON escape it came as
            raw = line.encode("utf-8", "backslashreplace")
        sink.write(raw + b"\n")
        tally.add(task)


def _publish(tmp: Path, final: Path) -> None:
    """Give ``tmp`` the name ``final`` only if nothing has that name yet (never overwrite)."""
    try:
        os.link(tmp, final)
    except FileExistsError:
        raise PullError(
            "a raw pull with this name exists already; raw pulls are never overwritten. "
            "Pull again (the name has a new timestamp).",
            path=final,
        ) from None
    tmp.unlink()


def pull(
    settings: ConnectionSettings,
    project: int,
    pulls_dir: Path,
    *,
    progress: bool = True,
    include_predictions: bool = False,
    retry: RetryPolicy = DEFAULT_RETRY,
) -> PullReport:
    """Snapshot-export project ``project`` and store it under ``pulls_dir``.

    Returns the path of the raw JSONL written and its counts, counted as it downloads; every
    task's :class:`Conversion` (with ``include_predictions`` also the predictions converted)
    is made from the file when :attr:`PullReport.conversions` is first read.
    """
    started = time.monotonic()
    check_connection(settings)
    url = settings.url
    pulls_dir.mkdir(parents=True, exist_ok=True)
    final = pulls_dir / pull_file_name(project)
    with open_client(settings, timeout=600) as client:
        created = call(
            f"create an export snapshot of project {project}",
            lambda: client.projects.exports.create(
                project,
                title=f"annot pull {final.stem}",
                annotation_filter_options=_ALL_ANNOTATIONS,  # type: ignore[arg-type]
                serialization_options=_FULL_PREDICTIONS,  # type: ignore[arg-type]
                request_options=no_sdk_retries(),
            ),
            url=url,
            policy=retry,
        )
        if created.id is None:
            raise LabelStudioApiError(
                f"export project {project}", url=url, status=None, detail="no snapshot id"
            )
        export_id = created.id
        _wait_for_export(client, project, export_id, url, retry)
        with tempfile.TemporaryDirectory(dir=pulls_dir, prefix=".pull-") as tmp_dir:
            partial = Path(tmp_dir) / final.name
            tally = _download(client, project, export_id, partial, url, retry, progress)
            _publish(partial, final)
        with contextlib.suppress(LabelStudioError):  # the snapshot file is ours to clean up
            call(
                f"delete export {export_id} of project {project}",
                lambda: client.projects.exports.delete(
                    project, export_id, request_options=no_sdk_retries()
                ),
                url=url,
                policy=retry,
            )
    report = PullReport(
        path=final,
        project_id=project,
        tasks=tally.tasks,
        annotations=tally.annotations,
        predictions=tally.predictions,
        superseded=tally.superseded(),
        include_predictions=include_predictions,
    )
    report.seconds = time.monotonic() - started
    logger.info("%s", report.summary())
    return report
