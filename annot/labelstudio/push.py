"""Push documents (and their pre-annotations) into a Label Studio project, idempotently.

Every document becomes one task: :func:`annot.labelstudio.convert.document_to_task` plus a
text version, ``data.version`` (also in ``meta.version``). A pre-annotation
(:class:`AnnotatedDocument` with a :class:`PreannotatorSource`) travels inside its task's import
as a Label Studio prediction with ``model_version`` ("name@version") and ``score``.

Identity and policy
    A task stands for the pair (``data.doc_id``, ``data.content_sha256``). Before importing,
    :func:`push` lists the project's tasks (id and ``meta``, where annot repeats the pair:
    no texts; one page of 1,000 at a time; or takes them from the push cache, see below) and
    imports only documents whose pair is missing:

    - same id, same text: nothing happens (``unchanged``); its predictions are not sent again;
    - same id, **changed text**: a new task with ``data.version = previous + 1`` and
      ``meta.supersedes = <id of the previous newest task>`` (``new_versions``). The old task
      and its annotations stay as they are; a pull marks them superseded
      (:func:`annot.labelstudio.pull.superseded_tasks`) so later stages use the newest version;
    - new id: a task with ``data.version = 1`` (``created``).

Exactly once, also after crashes
    Tasks are imported in batches (at most ``batch_size``, default 500; the first ones
    smaller, :data:`FIRST_BATCH` doubling) with one bulk import request each, its body encoded
    by annot and posted as it is; the next batch is built (pre-annotations read and converted)
    while the server imports the previous one. A document id with two texts is refused
    before anything is sent; a bad pre-annotation stops the push where it is found, and
    pushing again after the fix resumes.
    Label Studio (Community edition) creates a batch's tasks, annotations and predictions in
    one database transaction, so a batch is either there completely or not at all, even if the
    server is killed in the middle. A push that dies (client or server)
    is resumed by pushing again: the listing shows which batches arrived.

    An import that fails on the way (connection reset, timeout, HTTP 5xx) is never simply
    sent again, because the server may have committed it before the answer got lost.
    Instead the task listing is fetched again and only what is still missing is imported,
    with backoff, a bounded number of times. Should duplicates exist anyway (e.g. a timed-out
    import that the server finished later, or two pushes at once), every push detects them
    (more than one task with the same doc id and content hash) and deletes the later copies
    that nobody has annotated; annotated copies are kept and reported in
    :attr:`PushReport.duplicates`.

The push cache
    With ``root`` (``annot push`` passes the project root), a push ends by writing what it
    left in the project to ``<root>/.annot/push-cache/<project id>-<hash of the URL>.json``
    (:func:`cache_path`): every annot task's key (task id, doc id, content hash, version)
    and the project's :class:`Fingerprint` (task count, highest task id and that task's
    key). The next push asks for the fingerprint (one listing of the newest task) instead of
    listing every task; if it matches, the cached keys stand in for the listing, so a push of
    unchanged documents sends no task and reads no pre-annotation. Otherwise (tasks added or
    deleted in the UI, another machine pushed, a server reset) and when the file is absent
    or broken, the tasks are listed as above and the cache rewritten; ``PushReport.cache``
    and ``PushReport.tasks_listed`` say which happened. No cache is written after a push that
    found or may have made duplicates (a retried import), so the next one lists again.

    What the fingerprint cannot see: a task whose ``meta`` or ``data`` ids were edited
    through the API without adding or deleting a task, and a task deleted and another
    imported at the same moment as this push. The listing reads ``meta`` too, not the
    texts, so an edited text in the UI was never seen by a push either; annotations added in
    the UI do not matter to a push. Delete the cache file to make the next push list.

Only the Community edition's synchronous import is supported: Enterprise answers an import
with an import job id, which is reported as an error.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import logging
import os
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final, overload

from annot.errors import AnnotError
from annot.labelstudio.client import (
    DEFAULT_RETRY,
    LabelStudioApiError,
    Progress,
    RetryPolicy,
    call,
    is_transient,
    no_sdk_retries,
    progress_bar,
    request_json,
)
from annot.labelstudio.server import check_connection
from annot.labelstudio.settings import ConnectionSettings, LabelStudioError, open_client
from annot.schema import AnnotatedDocument, Document, PreannotatorSource

if TYPE_CHECKING:
    from label_studio_sdk import LabelStudio

__all__ = [
    "INDEX_PAGE_SIZE",
    "PUSH_CACHE_DIR",
    "Fingerprint",
    "PredictionsFile",
    "PushError",
    "PushPlan",
    "PushReport",
    "TaskKey",
    "cache_path",
    "duplicate_tasks",
    "fetch_fingerprint",
    "fetch_task_keys",
    "plan_push",
    "push",
    "task_key",
]

logger = logging.getLogger(__name__)

JSON = dict[str, object]
INDEX_PAGE_SIZE: Final = 1000
"""Tasks per page when listing a project (measured: ~0.4 s per 1,000 tasks)."""


class PushError(LabelStudioError):
    """Documents that cannot be pushed as given."""

    def __init__(self, message: str, *, document_id: str | None = None) -> None:
        super().__init__(message)
        self.document_id = document_id


@dataclass(frozen=True, slots=True)
class TaskKey:
    """What a push needs to know about a task that already exists."""

    task_id: int
    doc_id: str
    content_sha256: str
    version: int
    annotations: int = 0
    """How many annotations the task has (cancelled ones included)."""


@dataclass(slots=True, kw_only=True)
class PushCounts:
    """What a push imports and skips, counted while planning it."""

    created: int = 0
    """New documents: tasks with version 1."""
    unchanged: int = 0
    """Documents whose (id, content hash) already had a task: nothing sent."""
    new_versions: int = 0
    """Changed documents: tasks with version > 1 that supersede the previous one."""
    predictions: int = 0
    """Predictions imported with the new tasks."""
    predictions_skipped: int = 0
    """Pre-annotations not sent: their document's task existed, or their text differs."""
    annotations: int = 0
    """Finished (e.g. gold) annotations imported with the new tasks."""
    annotations_skipped: int = 0
    """Annotations not sent because their document's task existed."""

    def count_from(self, other: PushCounts) -> None:
        """Take over ``other``'s counts."""
        for name in PushCounts.__dataclass_fields__:
            setattr(self, name, getattr(other, name))


@dataclass(slots=True, kw_only=True)
class PushReport(PushCounts):
    """What one :func:`push` did."""

    project_id: int
    batches: int = 0
    retried_batches: int = 0
    """Batches whose import failed on the way and were checked and completed."""
    duplicates_removed: list[int] = field(default_factory=list)
    """Ids of unannotated duplicate tasks that were deleted."""
    duplicates: list[int] = field(default_factory=list)
    """Ids of duplicate tasks kept because they have annotations (resolve them by hand)."""
    seconds: float = 0.0
    tasks_listed: bool = False
    """Whether the project's tasks were listed (no usable push cache)."""
    cache: str = "off"
    """The push cache: "off" (no ``root``), "used", or why the tasks were listed instead:
    "absent", "corrupt", "stale" (the project's fingerprint differs from the cached one)."""

    @property
    def imported(self) -> int:
        """Tasks created by this push."""
        return self.created + self.new_versions

    def summary(self) -> str:
        parts = [
            f"{self.created} created",
            f"{self.new_versions} new versions",
            f"{self.unchanged} unchanged",
            f"{self.predictions} predictions",
        ]
        if self.annotations or self.annotations_skipped:
            parts.append(f"{self.annotations} annotations")
        if self.annotations_skipped:
            parts.append(f"{self.annotations_skipped} annotations skipped")
        if self.predictions_skipped:
            parts.append(f"{self.predictions_skipped} predictions skipped")
        if self.duplicates_removed:
            parts.append(f"{len(self.duplicates_removed)} duplicate tasks removed")
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} annotated duplicate tasks kept")
        return f"project {self.project_id}: {', '.join(parts)} in {self.seconds:.1f} s"


@dataclass(slots=True, kw_only=True)
class PushPlan(PushCounts):
    """The tasks a push will import, in document order, and what it counted on the way."""

    tasks: list[JSON] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)


# --- reading what the project holds ---------------------------------------------------------


def task_key(task_id: int, data: object, annotations: int = 0) -> TaskKey | None:
    """The key of a task from its ``data``; None for a task annot did not push."""
    if not isinstance(data, Mapping):
        return None
    doc_id, sha, version = data.get("doc_id"), data.get("content_sha256"), data.get("version", 1)
    if not isinstance(doc_id, str) or not isinstance(sha, str):
        return None
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        version = 1
    return TaskKey(task_id, doc_id, sha, version, annotations)


def fetch_task_keys(
    client: LabelStudio,
    project_id: int,
    *,
    url: str,
    policy: RetryPolicy = DEFAULT_RETRY,
    progress: bool = False,
) -> list[TaskKey]:
    """Every annot task of the project, listed page by page (``total`` says when to stop).

    Label Studio answers a page past the end with HTTP 404 ("Invalid page."), so this never
    asks for one: it stops when it has ``total`` tasks or a page comes back short.
    """
    return _list_tasks(client, project_id, url=url, policy=policy, progress=progress)[0]


def _list_tasks(
    client: LabelStudio,
    project_id: int,
    *,
    url: str,
    policy: RetryPolicy = DEFAULT_RETRY,
    progress: bool = False,
) -> tuple[list[TaskKey], Fingerprint]:
    """:func:`fetch_task_keys`, and the project's :class:`Fingerprint` seen on the way."""
    keys: list[TaskKey] = []
    seen = 0
    top: tuple[int, TaskKey | None] | None = None
    with progress_bar("reading tasks", unit="task", enabled=progress, leave=False) as bar:
        for page in itertools.count(1):
            what = f"list the tasks of project {project_id} (page {page})"
            listing = functools.partial(_task_page, client, project_id, page)
            items, total = call(what, listing, url=url, policy=policy)
            if any(_item_key(item) is None and _field(item, "data") is None for item in items):
                # a task without annot's ids in its meta (imported by other means): its data
                items, total = call(what, functools.partial(listing, _FULL), url=url, policy=policy)
            for item in items:
                seen += 1
                key = _item_key(item)
                if key is not None:
                    keys.append(key)
                tid = _field(item, "id")
                if isinstance(tid, int) and (top is None or tid > top[0]):
                    top = (tid, key)
            bar.total = total
            bar.update(len(items))
            if len(items) < INDEX_PAGE_SIZE or (total is not None and seen >= total):
                break
    if top is None:
        return keys, Fingerprint(tasks=seen, top_id=None, top_key=None)
    return keys, Fingerprint(tasks=seen, top_id=top[0], top_key=_short(top[1]))


_LIGHT: Final = "id,meta,total_annotations,cancelled_annotations"
"""What a listing asks for: annot's ids are in ``meta`` too, so the texts stay on the server."""
_FULL: Final = "id,data,total_annotations,cancelled_annotations"


def _task_page(
    client: LabelStudio, project_id: int, page: int, include: str = _LIGHT
) -> tuple[list[object], int | None]:
    """One page of the listing, as plain JSON (the SDK's task models cost ~1.5 ms a task)."""
    answer = request_json(
        client,
        "api/tasks/",
        params={
            "project": project_id,
            "fields": "task_only",  # "all" would load every annotation: 4x slower
            "include": include,
            "page": page,
            "page_size": INDEX_PAGE_SIZE,
        },
    )
    body = answer if isinstance(answer, dict) else {}
    items = body.get("tasks")
    total = body.get("total")
    return (items if isinstance(items, list) else []), total if isinstance(total, int) else None


def _field(item: object, name: str) -> object:
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def _item_key(item: object) -> TaskKey | None:
    """The key of a listed task, from its ``meta`` (what annot writes) or else its ``data``."""
    tid = _field(item, "id")
    if not isinstance(tid, int):
        return None
    done = sum(
        n
        for n in (_field(item, "total_annotations"), _field(item, "cancelled_annotations"))
        if isinstance(n, int)
    )
    return task_key(tid, _field(item, "meta"), done) or task_key(tid, _field(item, "data"), done)


def duplicate_tasks(keys: Iterable[TaskKey]) -> list[TaskKey]:
    """Tasks that repeat an earlier task's (doc id, content hash): all but the lowest id."""
    first: dict[tuple[str, str], int] = {}
    extra: list[TaskKey] = []
    for key in sorted(keys, key=lambda k: k.task_id):
        pair = (key.doc_id, key.content_sha256)
        if pair in first:
            extra.append(key)
        else:
            first[pair] = key.task_id
    return extra


# --- the push cache: no listing when nothing changed -----------------------------------------


PUSH_CACHE_DIR: Final = "push-cache"
"""Under ``<root>/.annot/``: one file per Label Studio URL and project (:func:`cache_path`)."""
_CACHE_FORMAT: Final = 1


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What one small request tells about a project's tasks: their number, the highest task
    id, and annot's key of that task (``(doc id, content hash, version)``, None for a task
    annot did not push). Tasks added anywhere get a higher id than the project's highest
    (Label Studio's ids only grow, except that SQLite reuses the id of the newest task after
    it is deleted: the key of the highest task tells those apart); tasks deleted lower the
    count. So any task added or deleted since the cache was written changes the fingerprint."""

    tasks: int
    top_id: int | None
    top_key: tuple[str, str, int] | None


def _short(key: TaskKey | None) -> tuple[str, str, int] | None:
    return None if key is None else (key.doc_id, key.content_sha256, key.version)


def cache_path(root: Path, url: str, project_id: int) -> Path:
    """``<root>/.annot/push-cache/<project id>-<hash of the server URL>.json``."""
    from annot.labelstudio.settings import ANNOT_DIR

    server = hashlib.sha256(url.rstrip("/").encode()).hexdigest()[:16]
    return root / ANNOT_DIR / PUSH_CACHE_DIR / f"{project_id}-{server}.json"


def fetch_fingerprint(
    client: LabelStudio, project_id: int, *, url: str, policy: RetryPolicy = DEFAULT_RETRY
) -> Fingerprint:
    """The project's :class:`Fingerprint`: one listing of one task, the newest (its
    ``total`` is the project's task count)."""
    what = f"read the newest task of project {project_id}"
    answer = call(
        what,
        lambda: request_json(
            client,
            "api/tasks/",
            params={
                "project": project_id,
                "fields": "task_only",
                "include": "id,meta,data",
                "page": 1,
                "page_size": 1,
                "query": json.dumps({"ordering": ["-tasks:id"]}),
            },
        ),
        url=url,
        policy=policy,
    )
    body = answer if isinstance(answer, dict) else {}
    items, total = body.get("tasks"), body.get("total")
    if not isinstance(items, list) or not isinstance(total, int):
        raise LabelStudioApiError(what, url=url, status=None, detail="no tasks and total")
    tid = _field(items[0], "id") if items else None
    if not isinstance(tid, int):
        return Fingerprint(tasks=total, top_id=None, top_key=None)
    return Fingerprint(tasks=total, top_id=tid, top_key=_short(_item_key(items[0])))


@dataclass(frozen=True, slots=True)
class _Cache:
    """What the previous push left in its cache file: the project as that push left it."""

    fingerprint: Fingerprint
    keys: list[TaskKey]


def _read_cache(path: Path, url: str, project_id: int) -> _Cache | str:
    """The cache at ``path``, or why there is none to use ("absent", "corrupt")."""
    import orjson

    try:
        body = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        return "absent"
    except (OSError, orjson.JSONDecodeError) as exc:
        logger.warning("%s: the push cache is unreadable (%s); listing the tasks", path, exc)
        return "corrupt"
    cache = _cache_from_json(body, url, project_id)
    if cache is None:
        logger.warning("%s: the push cache is broken; listing the tasks", path)
        return "corrupt"
    return cache


def _cache_from_json(body: object, url: str, project_id: int) -> _Cache | None:
    if not isinstance(body, dict) or body.get("format") != _CACHE_FORMAT:
        return None
    if body.get("url") != url or body.get("project") != project_id:
        return None
    tasks, top_id, top_key, rows = (body.get(k) for k in ("tasks", "top_id", "top_key", "keys"))
    if not isinstance(tasks, int) or not isinstance(rows, list):
        return None
    if top_id is not None and not isinstance(top_id, int):
        return None
    short = _key_row((top_id, *top_key)) if isinstance(top_key, list) else None
    if top_key is not None and short is None:
        return None
    keys: list[TaskKey] = []
    for row in rows:
        key = _key_row(row) if isinstance(row, list) else None
        if key is None:
            return None
        keys.append(key)
    return _Cache(Fingerprint(tasks, top_id, _short(short)), keys)


def _key_row(row: Sequence[object]) -> TaskKey | None:
    """A cached ``[task id, doc id, content hash, version]``; None if it is not one."""
    if len(row) != 4:
        return None
    tid, doc_id, sha, version = row
    if not isinstance(tid, int) or not isinstance(doc_id, str) or not isinstance(sha, str):
        return None
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return None
    return TaskKey(tid, doc_id, sha, version)


def _write_cache(
    path: Path, url: str, project_id: int, fingerprint: Fingerprint, keys: Iterable[TaskKey]
) -> None:
    """Write the cache atomically; a cache that cannot be written is logged and left out."""
    import orjson

    top = fingerprint.top_key
    body = {
        "format": _CACHE_FORMAT,
        "url": url,
        "project": project_id,
        "tasks": fingerprint.tasks,
        "top_id": fingerprint.top_id,
        "top_key": None if top is None else list(top),
        "keys": [[k.task_id, k.doc_id, k.content_sha256, k.version] for k in keys],
    }
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp.write_bytes(orjson.dumps(body))
        tmp.replace(path)
    except (OSError, TypeError) as exc:  # TypeError: a text orjson refuses (lone surrogate)
        logger.warning("%s: cannot write the push cache (%s); the next push lists", path, exc)
        with contextlib.suppress(OSError):
            tmp.unlink()
        _forget_cache(path)


def _forget_cache(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _known_tasks(
    client: LabelStudio,
    project_id: int,
    cache: Path | None,
    report: PushReport,
    url: str,
    policy: RetryPolicy,
    progress: bool,
) -> tuple[list[TaskKey], Fingerprint]:
    """The project's tasks: from the cache if the project's fingerprint matches it, else
    listed (``report.cache`` says which, and why)."""
    if cache is not None:
        found = _read_cache(cache, url, project_id)
        if isinstance(found, _Cache):
            try:
                now: Fingerprint | None = fetch_fingerprint(
                    client, project_id, url=url, policy=policy
                )
            except LabelStudioApiError as exc:  # e.g. a server that cannot order the listing
                logger.warning("%s; listing the tasks", exc)
                now = None
            if now == found.fingerprint:
                report.cache = "used"
                return found.keys, found.fingerprint
            logger.info("project %d changed since the last push; listing its tasks", project_id)
            report.cache = "stale"
        else:
            report.cache = found
    report.tasks_listed = True
    return _list_tasks(client, project_id, url=url, policy=policy, progress=progress)


# --- reading pre-annotations ------------------------------------------------------------------


class _Lazy(Sequence[AnnotatedDocument]):
    """One document's pre-annotations in a :class:`PredictionsFile`, validated when read."""

    def __init__(self, source: PredictionsFile, lines: list[tuple[int, int]]) -> None:
        self._source = source
        self._lines = lines

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, index: int) -> AnnotatedDocument: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[AnnotatedDocument]: ...
    def __getitem__(self, index: int | slice) -> AnnotatedDocument | Sequence[AnnotatedDocument]:
        if isinstance(index, slice):
            return [self._source.read(*line) for line in self._lines[index]]
        return self._source.read(*self._lines[index])


_LEADING_DOC_ID: Final = re.compile(
    rb'\{(?:"schema_version":"[^"\\]*",)?"document":\{"id":"([^"\\]*)"'
)
"""The document id at the start of a line as ``AnnotatedDocument.model_dump_json`` writes it."""


class PredictionsFile(Mapping[str, Sequence[AnnotatedDocument]]):
    """Pre-annotations from a JSONL file of AnnotatedDocuments, by document id, read lazily.

    Opening the file indexes its lines by document id (read from the start of the line where
    ``model_dump_json`` puts it, else from a JSON parse of the line; no model); a document's
    pre-annotations are parsed and become :class:`AnnotatedDocument` objects only when a push
    sends them, so a re-push with nothing to do parses none. A line without a document id at
    its start that is not JSON or has no document id fails at once, a line that is not an
    AnnotatedDocument when it is read; both as :class:`AnnotError` naming the file and line.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._index: dict[str, list[tuple[int, int]]] = {}
        try:
            with path.open("rb") as handle:
                offset = 0
                for lineno, line in enumerate(handle, start=1):
                    if line.strip():
                        doc_id = self._doc_id(line, lineno)
                        self._index.setdefault(doc_id, []).append((offset, lineno))
                    offset += len(line)
        except OSError as exc:
            raise AnnotError(f"{path}: cannot read the predictions ({exc.strerror})") from exc

    def _error(self, lineno: int, why: str) -> AnnotError:
        return AnnotError(
            f"{self.path}:{lineno}: not an AnnotatedDocument ({why}). Write one "
            "AnnotatedDocument JSON object per line (AnnotatedDocument.model_dump_json())."
        )

    def _doc_id(self, line: bytes, lineno: int) -> str:
        import orjson

        head = _LEADING_DOC_ID.match(line)
        if head is not None:  # what model_dump_json writes: no parse of the whole line
            return head.group(1).decode("utf-8", errors="surrogatepass")

        try:
            item = orjson.loads(line)
        except orjson.JSONDecodeError:
            item = self._stdlib(line, lineno)  # what orjson refuses (a lone surrogate) or not JSON
        document = item.get("document") if isinstance(item, dict) else None
        doc_id = document.get("id") if isinstance(document, dict) else None
        if not isinstance(doc_id, str):
            raise self._error(lineno, "no document.id")
        return doc_id

    def _stdlib(self, line: bytes, lineno: int) -> object:
        try:
            return json.loads(line)
        except ValueError as exc:
            raise self._error(lineno, f"not JSON: {exc}") from exc

    def read(self, offset: int, lineno: int) -> AnnotatedDocument:
        """The AnnotatedDocument on line ``lineno`` (at byte ``offset``)."""
        from pydantic import ValidationError

        with self.path.open("rb") as handle:
            handle.seek(offset)
            line = handle.readline()
        try:
            return AnnotatedDocument.model_validate_json(line)
        except (ValidationError, AnnotError) as exc:
            raise self._error(lineno, str(exc)) from exc

    def __getitem__(self, doc_id: str) -> Sequence[AnnotatedDocument]:
        return _Lazy(self, self._index[doc_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


# --- planning -------------------------------------------------------------------------------


def _predictions_for(
    doc: Document,
    given: AnnotatedDocument | Sequence[AnnotatedDocument] | None,
    plan: PushCounts,
) -> list[JSON]:
    if given is None:
        return []
    from annot.labelstudio.convert import annotated_to_prediction  # only for what is pushed

    items = [given] if isinstance(given, AnnotatedDocument) else list(given)
    out: list[JSON] = []
    for ad in items:
        if ad.document.id != doc.id:
            raise PushError(
                f"a pre-annotation filed under document {doc.id!r} annotates "
                f"{ad.document.id!r}; key the predictions mapping by the document id.",
                document_id=doc.id,
            )
        if ad.document.content_sha256 != doc.content_sha256:
            logger.warning(
                "document %r: the pre-annotation by %s was made for another version of the "
                "text; it is not pushed. Run the pre-annotator again.",
                doc.id,
                ad.source.type,
            )
            plan.predictions_skipped += 1
            continue
        if not isinstance(ad.source, PreannotatorSource):
            raise PushError(
                f"document {doc.id!r}: a pre-annotation must come from a pre-annotator, not "
                f"{ad.source.type!r}; human work is not pushed as a prediction.",
                document_id=doc.id,
            )
        out.append(annotated_to_prediction(ad))
    return out


def _annotations_for(
    doc: Document, given: Sequence[AnnotatedDocument], ground_truth: bool
) -> list[JSON]:
    """Finished human or adjudicated annotations, as Label Studio imports them with a task."""
    from annot.labelstudio.convert import annotated_to_result

    out: list[JSON] = []
    for ad in given:
        if ad.document.id != doc.id or ad.document.content_sha256 != doc.content_sha256:
            raise PushError(
                f"an annotation filed under document {doc.id!r} annotates another document "
                f"or another version of its text ({ad.document.id!r}); annotations are pushed "
                "only with the exact text they were made on.",
                document_id=doc.id,
            )
        if isinstance(ad.source, PreannotatorSource):
            raise PushError(
                f"document {doc.id!r}: a pre-annotation is pushed as a prediction, not as an "
                "annotation; pass it in `predictions`.",
                document_id=doc.id,
            )
        marked = ad.label_studio is not None and ad.label_studio.ground_truth
        out.append(
            {
                "result": annotated_to_result(ad, origin="manual"),
                "ground_truth": ground_truth or marked or ad.source.type == "adjudicated",
            }
        )
    return out


def plan_push(
    documents: Iterable[Document],
    existing: Iterable[TaskKey],
    predictions: Mapping[str, AnnotatedDocument | Sequence[AnnotatedDocument]] | None = None,
    annotations: Mapping[str, Sequence[AnnotatedDocument]] | None = None,
    *,
    ground_truth: bool = False,
) -> PushPlan:
    """Which tasks to import for ``documents``, given the tasks that exist (pure function).

    Raises :class:`PushError` if one document id comes twice with different texts.
    """
    plan = PushPlan()
    for task, doc_id in _planned(documents, existing, predictions, annotations, ground_truth, plan):
        plan.tasks.append(task)
        plan.doc_ids.append(doc_id)
    return plan


def _two_texts(doc: Document) -> PushError:
    return PushError(
        f"document {doc.id!r} comes twice with different texts in one push; "
        "push each version separately, or fix the duplicate raw file.",
        document_id=doc.id,
    )


def _planned(
    documents: Iterable[Document],
    existing: Iterable[TaskKey],
    predictions: Mapping[str, AnnotatedDocument | Sequence[AnnotatedDocument]] | None,
    annotations: Mapping[str, Sequence[AnnotatedDocument]] | None,
    ground_truth: bool,
    counts: PushCounts,
    hashes: Mapping[str, str] | None = None,
) -> Iterator[tuple[JSON, str]]:
    """The tasks to import and their document ids, one at a time, counted into ``counts``
    (``hashes``: each document's content hash by id, if known already)."""
    newest: dict[str, TaskKey] = {}
    present: set[tuple[str, str]] = set()
    for key in existing:
        present.add((key.doc_id, key.content_sha256))
        if key.doc_id not in newest or key.version > newest[key.doc_id].version:
            newest[key.doc_id] = key
    planned: dict[str, str] = {}
    for doc in documents:
        sha = hashes[doc.id] if hashes is not None else doc.content_sha256
        if doc.id in planned:
            if planned[doc.id] != sha:
                raise _two_texts(doc)
            continue
        planned[doc.id] = sha
        given = predictions.get(doc.id) if predictions is not None else None
        finished = annotations.get(doc.id, ()) if annotations is not None else ()
        if (doc.id, sha) in present:
            counts.unchanged += 1
            counts.annotations_skipped += len(finished)
            if given is not None:
                counts.predictions_skipped += (
                    1 if isinstance(given, AnnotatedDocument) else len(given)
                )
            continue
        from annot.labelstudio.convert import document_to_task  # only for what is pushed

        task = document_to_task(doc)
        data, meta = dict(_as_json(task["data"])), dict(_as_json(task["meta"]))
        previous = newest.get(doc.id)
        version = 1 if previous is None else previous.version + 1
        data["version"] = meta["version"] = version
        if previous is not None:
            meta["supersedes"] = previous.task_id
            counts.new_versions += 1
        else:
            counts.created += 1
        out: JSON = {"data": data, "meta": meta}
        preds = _predictions_for(doc, given, counts)
        if preds:
            out["predictions"] = preds
            counts.predictions += len(preds)
        done = _annotations_for(doc, finished, ground_truth)
        if done:
            out["annotations"] = done
            counts.annotations += len(done)
        yield out, doc.id


def _as_json(value: object) -> Mapping[str, object]:
    assert isinstance(value, Mapping)
    return value


# --- pushing ----------------------------------------------------------------------------------


FIRST_BATCH: Final = 64
"""Tasks in the first import: small, so the server starts working while the next is built."""


def _batches(planned: Iterator[tuple[JSON, str]], size: int) -> Iterator[list[JSON]]:
    """Batches of at most ``size`` tasks, from :data:`FIRST_BATCH` doubling up to ``size``."""
    step = min(size, FIRST_BATCH)
    while batch := [task for task, _ in itertools.islice(planned, step)]:
        yield batch
        step = min(size, step * 2)


def _encode(tasks: list[JSON]) -> bytes:
    """The JSON body of an import (orjson; the stdlib escapes what is not UTF-8)."""
    import orjson

    try:
        return orjson.dumps(tasks)
    except orjson.JSONEncodeError:  # a lone surrogate in a text, an integer past 64 bits
        return json.dumps(tasks).encode("ascii")


def _import(client: LabelStudio, project_id: int, tasks: list[JSON], url: str) -> list[int] | None:
    """One bulk import, sent exactly once; the ids of the tasks Label Studio created, in the
    order of ``tasks`` (None if the server does not say).

    The body is encoded here (:func:`_encode`) and posted as it is: the SDK's
    ``import_tasks`` would walk every task through its JSON encoder first (seconds per
    thousand news-length tasks).
    """
    body = _encode(tasks)
    answer = call(
        f"import {len(tasks)} tasks into project {project_id}",
        lambda: request_json(
            client,
            f"api/projects/{project_id}/import",
            method="POST",
            params={"commit_to_project": True, "return_task_ids": True},
            content=body,
        ),
        url=url,
        retry=False,
    )
    count = answer.get("task_count") if isinstance(answer, dict) else None
    if not isinstance(count, int):
        raise LabelStudioApiError(
            f"import tasks into project {project_id}",
            url=url,
            status=None,
            detail="the server queued the import instead of running it (Label Studio "
            "Enterprise); annot supports the Community edition's synchronous import only.",
        )
    ids = answer.get("task_ids") if isinstance(answer, dict) else None
    if not isinstance(ids, list) or len(ids) != len(tasks) or count != len(tasks):
        return None
    return ids if all(isinstance(i, int) for i in ids) else None


def _import_checked(
    client: LabelStudio,
    project_id: int,
    tasks: list[JSON],
    url: str,
    policy: RetryPolicy,
) -> tuple[bool, list[int] | None]:
    """Import one batch so that each task exists exactly once: whether it had to be retried,
    and the ids of its tasks (None after a retry, or if the server does not say).

    After a transient failure the batch may or may not have been committed: the project is
    listed again and only the tasks still missing are imported.
    """
    pending = tasks
    for attempt in range(1, max(1, policy.attempts) + 1):
        try:
            ids = _import(client, project_id, pending, url)
            return attempt > 1, ids if attempt == 1 else None
        except LabelStudioError as exc:
            cause = exc.__cause__
            if cause is None or not is_transient(cause) or attempt == policy.attempts:
                raise
            delay = policy.delay(attempt)
            logger.warning(
                "import into project %d failed (%s); checking what arrived in %.1f s",
                project_id,
                exc,
                delay,
            )
            time.sleep(delay)
            keys = fetch_task_keys(client, project_id, url=url, policy=policy)
            present = {(k.doc_id, k.content_sha256) for k in keys}
            pending = [t for t in pending if _pair(t) not in present]
            if not pending:
                return True, None
    return True, None


def _pair(task: JSON) -> tuple[str, str]:
    data = _as_json(task["data"])
    doc_id, sha = data["doc_id"], data["content_sha256"]
    assert isinstance(doc_id, str)
    assert isinstance(sha, str)
    return doc_id, sha


def _remove_duplicates(
    client: LabelStudio,
    project_id: int,
    keys: list[TaskKey],
    report: PushReport,
    url: str,
    policy: RetryPolicy,
) -> None:
    for key in duplicate_tasks(keys):
        if key.annotations:
            logger.warning(
                "task %d repeats document %r (same text) and has annotations; it is kept. "
                "Merge it by hand in Label Studio.",
                key.task_id,
                key.doc_id,
            )
            if key.task_id not in report.duplicates:
                report.duplicates.append(key.task_id)
            continue
        call(
            f"delete duplicate task {key.task_id}",
            functools.partial(
                client.tasks.delete, str(key.task_id), request_options=no_sdk_retries()
            ),
            url=url,
            policy=policy,
        )
        report.duplicates_removed.append(key.task_id)


def _joined(done: list[TaskKey] | None, more: list[TaskKey] | None) -> list[TaskKey] | None:
    """The keys of the tasks created so far; None once a batch's are unknown."""
    if done is None or more is None:
        return None
    done.extend(more)
    return done


def _after(before: Fingerprint, created: Sequence[TaskKey]) -> Fingerprint:
    """The fingerprint of the project after ``created`` (new ids, above all others)."""
    if not created:
        return before
    top = max(created, key=lambda k: k.task_id)
    return Fingerprint(before.tasks + len(created), top.task_id, _short(top))


_Sending = tuple[Future[tuple[bool, list[int] | None]], list[JSON]]


def _sent(sending: _Sending, report: PushReport, bar: Progress) -> list[TaskKey] | None:
    """Wait for one batch's import (its errors are raised here) and count it; the keys of
    its tasks (None if their ids are unknown)."""
    future, tasks = sending
    retried, ids = future.result()
    if retried:
        report.retried_batches += 1
    report.batches += 1
    bar.update(len(tasks))
    if ids is None:
        return None
    return [_new_key(tid, task) for tid, task in zip(ids, tasks, strict=True)]


def _new_key(task_id: int, task: JSON) -> TaskKey:
    doc_id, sha = _pair(task)
    version = _as_json(task["meta"])["version"]
    assert isinstance(version, int)
    return TaskKey(task_id, doc_id, sha, version)


def push(
    settings: ConnectionSettings,
    project: int,
    documents: Iterable[Document],
    predictions: Mapping[str, AnnotatedDocument | Sequence[AnnotatedDocument]] | None = None,
    *,
    annotations: Mapping[str, Sequence[AnnotatedDocument]] | None = None,
    ground_truth: bool = False,
    batch_size: int = 500,
    progress: bool = True,
    retry: RetryPolicy = DEFAULT_RETRY,
    root: Path | None = None,
) -> PushReport:
    """Push ``documents`` into project ``project`` (an id, see :func:`ensure_project`).

    ``predictions`` maps a document id to its pre-annotation(s); they are imported with the
    document's task when that task is created; so are ``annotations`` (finished human or
    adjudicated work, e.g. the gold seed corpus), marked ground truth when ``ground_truth`` is
    set or they are adjudicated.
    Safe to repeat and to resume after a crash
    (see the module docstring). Raises :class:`LabelStudioAuthError` for a wrong API key,
    :class:`LabelStudioUnreachableError` for a wrong URL or a server that stays down.

    With ``root`` (``annot push`` passes the current directory) the push keeps a cache in
    ``<root>/.annot/push-cache/`` (see "The push cache" in the module docstring): a push
    with nothing new then asks the server one small question instead of listing every task.
    """
    if batch_size < 1:
        raise AnnotError(f"batch_size must be at least 1, not {batch_size}")
    started = time.monotonic()
    check_connection(settings)
    url = settings.url
    report = PushReport(project_id=project)
    docs = list(documents)
    firsts: dict[str, str] = {}
    for doc in docs:  # refuse before anything is sent
        sha = doc.content_sha256
        if firsts.setdefault(doc.id, sha) != sha:
            raise _two_texts(doc)
    cache = cache_path(root, url, project) if root is not None else None
    with open_client(settings, timeout=300) as client:
        keys, fingerprint = _known_tasks(client, project, cache, report, url, retry, progress)
        if report.tasks_listed:  # a cache is written only for a project without duplicates
            _remove_duplicates(client, project, keys, report, url, retry)
        counts = PushCounts()
        planned = _planned(docs, keys, predictions, annotations, ground_truth, counts, firsts)
        # One batch is imported (the server's work) while the next is built (ours).
        with (
            progress_bar("pushing", unit="task", enabled=progress) as bar,
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="annot-import") as sender,
        ):
            sending: _Sending | None = None
            created: list[TaskKey] | None = []
            for tasks in _batches(planned, batch_size):
                if sending is not None:
                    created = _joined(created, _sent(sending, report, bar))
                sending = (
                    sender.submit(_import_checked, client, project, tasks, url, retry),
                    tasks,
                )
            if sending is not None:
                created = _joined(created, _sent(sending, report, bar))
        report.count_from(counts)
        if report.retried_batches:
            # A retried import may have landed twice; look once more, and clean up.
            keys = fetch_task_keys(client, project, url=url, policy=retry)
            _remove_duplicates(client, project, keys, report, url, retry)
    if cache is not None:
        if created is None or report.retried_batches or report.duplicates_removed:
            _forget_cache(cache)  # what the project holds is not known exactly: list next time
        elif report.duplicates:
            _forget_cache(cache)  # listed every time, so that they are reported every time
        else:
            _write_cache(cache, url, project, _after(fingerprint, created), [*keys, *created])
    report.seconds = time.monotonic() - started
    logger.info("%s", report.summary())
    return report
