"""Talking to a Label Studio server: retries, clear errors, and the annot project.

Every call to the Label Studio SDK goes through :func:`call`, which

- switches the SDK's own retries off (it would blindly re-send a bulk import after a
  dropped connection, and a re-sent import can create every task twice),
- retries *transient* failures (connection refused or reset, timeouts, HTTP 5xx) with
  exponential backoff and jitter, a bounded number of times (:class:`RetryPolicy`),
- never retries HTTP 4xx: 401/403 become one :class:`LabelStudioAuthError` that says which
  key to fix, every other 4xx a :class:`LabelStudioApiError` with the server's own message.

Calls that create things (the bulk import) are not retried here: :mod:`annot.labelstudio.push`
checks what the server already holds before it sends a batch again.

:func:`ensure_project` finds the project by title or creates it with the labeling config
generated from the taxonomy (:func:`annot.labelstudio.config.labeling_config`).
"""

from __future__ import annotations

import functools
import logging
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Protocol, TypeVar

import httpx

from annot.labelstudio.server import LabelStudioAuthError, LabelStudioUnreachableError
from annot.labelstudio.settings import LabelStudioError

if TYPE_CHECKING:
    from label_studio_sdk import LabelStudio
    from label_studio_sdk.core.request_options import RequestOptions
    from label_studio_sdk.projects.client import ProjectsClient
    from label_studio_sdk.tasks.client import TasksClient

__all__ = [
    "DEFAULT_RETRY",
    "LabelStudioApiError",
    "LightLabelStudio",
    "PlainProgress",
    "ProjectConfigError",
    "RetryPolicy",
    "call",
    "ensure_project",
    "find_project",
    "is_transient",
    "no_sdk_retries",
    "progress_bar",
    "project_url",
    "request_json",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")
JSON = dict[str, object]


class LabelStudioApiError(LabelStudioError):
    """Label Studio refused a request (HTTP 4xx), or kept failing after every retry."""

    def __init__(self, what: str, *, url: str, status: int | None, detail: str) -> None:
        code = f"HTTP {status}" if status is not None else "no answer"
        super().__init__(f"{what} failed at {url} ({code}): {detail}")
        self.what = what
        self.url = url
        self.status = status
        self.detail = detail


class ProjectConfigError(LabelStudioError):
    """The project's labeling config differs from annot's and Label Studio refused the update."""

    def __init__(self, title: str, project_id: int, detail: str) -> None:
        super().__init__(
            f"project {title!r} (id {project_id}) has another labeling config than annot's, and "
            f"Label Studio refused to replace it: {detail}. Usually annotations use a label the "
            "new config lacks: push into a new project (--project NEW_TITLE), or remove those "
            "annotations in Label Studio first."
        )
        self.title = title
        self.project_id = project_id
        self.detail = detail


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently transient failures are retried.

    Attempt ``n`` (from 1) that fails waits ``min(max_delay, base_delay * 2**(n-1))`` seconds,
    times a random factor in ``[1 - jitter, 1 + jitter]``, before the next attempt.
    """

    attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 10.0
    jitter: float = 0.3

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        raw = min(self.max_delay, self.base_delay * 2.0 ** (attempt - 1))
        factor: float = 1 + (rng or random).uniform(-self.jitter, self.jitter)
        return max(0.0, raw * factor)


DEFAULT_RETRY: Final = RetryPolicy()
#: Timeout of one HTTP request; a bulk import of 500 tasks takes about a second.
REQUEST_TIMEOUT: Final = 300


def no_sdk_retries(timeout: int = REQUEST_TIMEOUT) -> RequestOptions:
    """SDK request options with the SDK's own retries off (:func:`call` retries instead)."""
    return {"max_retries": 0, "timeout_in_seconds": timeout}


def _status(exc: BaseException) -> int | None:
    from label_studio_sdk.core.api_error import ApiError

    if isinstance(exc, ApiError):
        return exc.status_code
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code
    return None


def is_transient(exc: BaseException) -> bool:
    """Whether ``exc`` may pass by itself: no connection, a timeout, a reset, or HTTP 5xx."""
    if isinstance(exc, httpx.TransportError):  # connect/read/write errors, timeouts, resets
        return True
    status = _status(exc)
    return status is not None and status >= 500


def _detail(exc: BaseException) -> str:
    from label_studio_sdk.core.api_error import ApiError

    if isinstance(exc, ApiError):
        body = exc.body
        if isinstance(body, dict):
            for key in ("detail", "validation_errors", "message"):
                if body.get(key):
                    return str(body[key])[:1000]
        return str(body)[:1000]
    return f"{type(exc).__name__}: {exc}"[:1000]


def call(
    what: str,
    fn: Callable[[], T],
    *,
    url: str,
    policy: RetryPolicy = DEFAULT_RETRY,
    retry: bool = True,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """``fn()``, retrying transient failures; every failure becomes a :class:`LabelStudioError`.

    ``what`` says what the call does ("list the tasks of project 3") and ends up in the
    error message. With ``retry=False`` a transient failure is raised at once (as
    :class:`LabelStudioUnreachableError` or :class:`LabelStudioApiError`), for calls that
    must not simply be sent again.
    """
    attempts = max(1, policy.attempts) if retry else 1
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except Exception as exc:
            status = _status(exc)
            if status in (401, 403):
                raise LabelStudioAuthError(url, status) from exc
            if not is_transient(exc):
                if status is None:
                    raise
                raise LabelStudioApiError(
                    what, url=url, status=status, detail=_detail(exc)
                ) from exc
            if attempt == attempts:
                if status is None:
                    raise LabelStudioUnreachableError(
                        url, f"{_detail(exc)}; gave up after {attempts} attempts to {what}"
                    ) from exc
                raise LabelStudioApiError(
                    what,
                    url=url,
                    status=status,
                    detail=f"{_detail(exc)} (gave up after {attempts} attempts)",
                ) from exc
            delay = policy.delay(attempt)
            logger.warning(
                "%s: %s; retrying in %.1f s (attempt %d of %d)",
                what,
                _detail(exc),
                delay,
                attempt + 1,
                attempts,
            )
            sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


def request_json(
    client: LabelStudio,
    path: str,
    *,
    method: str = "GET",
    params: dict[str, object] | None = None,
    content: bytes | None = None,
) -> object:
    """One request through the SDK client's connection (its URL and key), the answer's JSON
    parsed by orjson: for the calls where the SDK's own encoding and models cost seconds per
    thousand tasks (bulk import, task listing). A non-2xx answer raises the SDK's ``ApiError``
    (so :func:`call` treats it like any SDK call)."""
    import orjson
    from label_studio_sdk.core.api_error import ApiError

    response = client._client_wrapper.httpx_client.request(
        path,
        method=method,
        params=params,
        content=content,
        headers={"content-type": "application/json"} if content is not None else None,
        request_options=no_sdk_retries(),
    )
    try:
        answer: object = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        answer = response.text
    if not 200 <= response.status_code < 300:
        raise ApiError(
            status_code=response.status_code, headers=dict(response.headers), body=answer
        )
    return answer


class Progress(Protocol):
    """The part of a tqdm progress bar that annot uses."""

    total: float | None

    def update(self, n: float = 1) -> bool | None: ...


class LightLabelStudio:
    """The Label Studio SDK's project, export and task clients, without the rest of the SDK.

    Constructing ``label_studio_sdk.LabelStudio`` imports every sub-client and what they use
    (pandas, Azure storage, smart_open, jsf, aiohttp: ~1,900 modules, measured at 5-15 s and
    ~100 MB on a 2-core machine) before the first request. annot calls ``projects`` (with
    ``exports``) and ``tasks`` only, each imported when first used (a push that finds nothing
    to do uses neither: :func:`request_json`): their generated clients are the same classes the full
    client extends, with the same methods and answers, except that their pagers are the
    generated ones: read one page's ``.items`` (as :func:`find_project` does), never iterate
    the pager, which asks for the page past the end (HTTP 404). Any other attribute
    (``annotations``, ``users``, ...) comes from a full ``LabelStudio`` on the same connection,
    built on first use.
    """

    def __init__(
        self, *, base_url: str, api_key: str, timeout: float, httpx_client: httpx.Client
    ) -> None:
        from label_studio_sdk.core.client_wrapper import SyncClientWrapper

        self._client_wrapper = SyncClientWrapper(
            base_url=base_url, api_key=api_key, timeout=timeout, httpx_client=httpx_client
        )
        self._full_args = {
            "base_url": base_url,
            "api_key": api_key,
            "timeout": timeout,
            "httpx_client": httpx_client,
        }

    @functools.cached_property
    def projects(self) -> ProjectsClient:
        from label_studio_sdk.projects.client import ProjectsClient

        return ProjectsClient(client_wrapper=self._client_wrapper)

    @functools.cached_property
    def tasks(self) -> TasksClient:
        from label_studio_sdk.tasks.client import TasksClient

        return TasksClient(client_wrapper=self._client_wrapper)

    def __getattr__(self, name: str) -> object:
        """What annot does not use, from the full SDK client (imported now, once)."""
        if name.startswith("__") or "_full_args" not in self.__dict__:
            raise AttributeError(name)
        full = self.__dict__.get("_full")
        if full is None:
            from label_studio_sdk import LabelStudio

            full = LabelStudio(**self._full_args)  # type: ignore[no-untyped-call]
            self.__dict__["_full"] = full
        return getattr(full, name)


PLAIN_PROGRESS_SECONDS: Final = 10.0
"""Seconds between two progress lines when stderr is not a terminal (a log, CI)."""


@dataclass(slots=True)
class PlainProgress:
    """Progress for a log: a plain line on stderr every :data:`PLAIN_PROGRESS_SECONDS` and at
    the end (e.g. ``pushing: 1500/2000 task``), never a redrawn bar."""

    desc: str
    unit: str
    total: float | None = None
    n: float = 0
    _last: float = field(default_factory=time.monotonic)

    def update(self, n: float = 1) -> bool | None:
        self.n += n
        if time.monotonic() - self._last >= PLAIN_PROGRESS_SECONDS:
            self.line()
        return None

    def line(self) -> None:
        self._last = time.monotonic()
        done = f"{self.n:.0f}" if self.total is None else f"{self.n:.0f}/{self.total:.0f}"
        print(f"{self.desc}: {done} {self.unit}", file=sys.stderr, flush=True)


@contextmanager
def progress_bar(
    desc: str, *, unit: str, total: int | None = None, enabled: bool = True, leave: bool = True
) -> Iterator[Progress]:
    """A tqdm progress bar on stderr (a silent one when ``enabled`` is false); plain lines
    (:class:`PlainProgress`) when stderr is not a terminal."""
    if enabled and not sys.stderr.isatty():
        plain = PlainProgress(desc, unit, total)
        yield plain
        if plain.n:
            plain.line()
        return
    from tqdm import tqdm  # type: ignore[import-untyped]

    bar: Progress
    with tqdm(
        desc=desc, unit=unit, total=total, disable=not enabled, leave=leave, unit_scale=unit == "B"
    ) as bar:
        yield bar


def project_url(base_url: str, project_id: int) -> str:
    """Where annotators find the project's tasks: ``<url>/projects/<id>/data``."""
    return f"{base_url.rstrip('/')}/projects/{project_id}/data"


def _base_url(client: LabelStudio) -> str:
    url: str = client._client_wrapper.get_base_url()
    return url


def find_project(
    client: LabelStudio, title: str, *, policy: RetryPolicy = DEFAULT_RETRY
) -> int | None:
    """The id of the project titled exactly ``title``, or None; two such projects are an error."""
    url = _base_url(client)

    def titled() -> list[int]:
        found: list[int] = []
        # One page: iterating the SDK's pager asks for the page past the end (HTTP 404).
        pager: object = client.projects.list(
            title=title, page_size=1000, request_options=no_sdk_retries()
        )
        projects: Iterable[object] = getattr(pager, "items", None) or []
        for project in projects:  # the SDK types the items as Never: read them defensively
            pid = getattr(project, "id", None)
            if getattr(project, "title", None) == title and isinstance(pid, int):
                found.append(pid)
        return found

    ids = call(f"find project {title!r}", titled, url=url, policy=policy)
    if len(ids) > 1:
        raise LabelStudioError(
            f"{len(ids)} Label Studio projects at {url} are titled {title!r} (ids "
            f"{', '.join(map(str, sorted(ids)))}); annot cannot tell which one to use. Rename "
            "all but one in Label Studio (Settings > General), or pick another title."
        )
    return ids[0] if ids else None


def _normalized(config: str) -> str:
    return "\n".join(line.rstrip() for line in config.strip().splitlines())


def ensure_project(
    client: LabelStudio,
    title: str,
    *,
    config: str | None = None,
    policy: RetryPolicy = DEFAULT_RETRY,
) -> int:
    """The id of the project titled ``title``, created with annot's labeling config if missing.

    ``config`` defaults to :func:`labeling_config`. An existing project with another config
    gets this one, and a warning says so; if Label Studio refuses (typically because
    annotations use labels the new config lacks), :class:`ProjectConfigError` says what to do.
    """
    from annot.labelstudio.config import labeling_config

    wanted = config if config is not None else labeling_config()
    url = _base_url(client)
    project_id = find_project(client, title, policy=policy)
    if project_id is None:
        created = call(
            f"create project {title!r}",
            lambda: client.projects.create(
                title=title, label_config=wanted, request_options=no_sdk_retries()
            ),
            url=url,
            policy=policy,
            retry=False,  # a repeated create makes a second project with the same title
        )
        if created.id is None:
            raise LabelStudioApiError(
                f"create project {title!r}", url=url, status=None, detail="the answer has no id"
            )
        logger.info("created Label Studio project %r (id %d)", title, created.id)
        return created.id
    pid = project_id
    current = call(
        f"read project {pid}",
        lambda: client.projects.get(pid, request_options=no_sdk_retries()),
        url=url,
        policy=policy,
    )
    if _normalized(current.label_config or "") == _normalized(wanted):
        return pid
    try:
        call(
            f"update the labeling config of project {pid}",
            lambda: client.projects.update(
                pid, label_config=wanted, request_options=no_sdk_retries()
            ),
            url=url,
            policy=policy,
        )
    except LabelStudioApiError as exc:
        if exc.status is not None and 400 <= exc.status < 500:
            raise ProjectConfigError(title, pid, exc.detail) from exc
        raise
    logger.warning(
        "project %r (id %d) had another labeling config; it now has annot's current one",
        title,
        pid,
    )
    return pid
