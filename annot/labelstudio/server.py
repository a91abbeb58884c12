"""The embedded Label Studio server: start, stop and inspect a local ``label-studio``.

:func:`start_server` runs ``label-studio start`` as a detached process (its own session and
process group, output appended to ``<data dir>/labelstudio.log``) bound to ``127.0.0.1``,
with its data (SQLite database, media) in ``<root>/.annot/labelstudio-data``. On the first
start it creates an admin user with a generated password and a generated 40-hex legacy API
token; both are stored, with the pid and port, in the 0600 settings file
``<root>/.annot/labelstudio.json`` (see :mod:`annot.labelstudio.settings`) and reused on
every restart. The secrets reach Label Studio through its environment
(``LABEL_STUDIO_USERNAME``/``_PASSWORD``/``_USER_TOKEN``), never through the command line,
which other local users can read with ``ps``.

The server never phones home: update checks, usage analytics and Sentry error reporting are
switched off through its environment (see :data:`OFFLINE_ENV`).

This is for one annotator's machine. For a team, run Label Studio on PostgreSQL
(``DJANGO_DB=postgresql`` with ``POSTGRE_HOST``, ``POSTGRE_PORT``, ``POSTGRE_NAME``,
``POSTGRE_USER``, ``POSTGRE_PASSWORD``) behind a real web server, and point annot at it with
``ANNOT_LS_URL``/``ANNOT_LS_API_KEY``.

POSIX only (process groups, ``os.posix_spawn``). Needs the ``server`` extra:
``pip install 'annot[server]'``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from annot.labelstudio.settings import (
    ANNOT_DIR,
    ConnectionSettings,
    LabelStudioError,
    default_settings_path,
    is_loopback,
    read_settings_file,
    write_settings_file,
)

__all__ = [
    "ADMIN_USERNAME",
    "DATA_DIR_NAME",
    "LOG_FILE_NAME",
    "OFFLINE_ENV",
    "LabelStudioAuthError",
    "LabelStudioUnreachableError",
    "ServerNotInstalledError",
    "ServerStartError",
    "ServerStatus",
    "ServerStopError",
    "check_connection",
    "data_dir_for",
    "find_label_studio",
    "server_status",
    "start_server",
    "stop_server",
]

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"
ADMIN_USERNAME = "admin@example.com"
"""E-mail of the generated admin (Label Studio wants a plausible address)."""
DATA_DIR_NAME = "labelstudio-data"
LOG_FILE_NAME = "labelstudio.log"
DB_FILE_NAME = "label_studio.sqlite3"
LOG_TAIL_LINES = 30

OFFLINE_ENV: dict[str, str] = {
    # no request to pypi.org for the latest version
    "LATEST_VERSION_CHECK": "false",
    # no usage analytics (backend contextlog to tele.labelstud.io, frontend trackers)
    "COLLECT_ANALYTICS": "false",
    # no error reports: the community settings default both DSNs to HumanSignal's Sentry
    "SENTRY_DSN": "",
    "FRONTEND_SENTRY_DSN": "",
    # feature flags from the bundled file, never from LaunchDarkly (already the default)
    "FEATURE_FLAGS_OFFLINE": "true",
}
"""Environment that keeps the embedded Label Studio from talking to anything but loopback."""


# -- errors (to be moved into annot.errors) ------------------------------------------------


class ServerNotInstalledError(LabelStudioError):
    """The ``label-studio`` executable is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "the Label Studio server is not installed (no `label-studio` executable next to "
            f"{sys.executable} or on PATH). Install it with: pip install 'annot[server]'"
        )


class ServerStartError(LabelStudioError):
    """The server did not come up; carries its log file and the last lines of the log."""

    def __init__(self, message: str, *, log_path: Path, log_tail: str) -> None:
        tail = f"\nLast lines of {log_path}:\n{log_tail}" if log_tail else ""
        super().__init__(f"{message}{tail}")
        self.log_path = log_path
        self.log_tail = log_tail


class ServerStopError(LabelStudioError):
    """The server process did not exit, even after SIGKILL."""

    def __init__(self, pid: int) -> None:
        super().__init__(
            f"Label Studio (pid {pid}) did not exit after SIGTERM and SIGKILL; "
            f"check it with `ps -o pid,stat,cmd -g {pid}` and end it by hand."
        )
        self.pid = pid


class LabelStudioUnreachableError(LabelStudioError):
    """Nothing answers at the configured URL."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(
            f"cannot reach Label Studio at {url} ({reason}). Start it (the embedded server: "
            "`annot server start`; check with `annot server status`), or fix the URL "
            "(ANNOT_LS_URL or the settings file)."
        )
        self.url = url


class LabelStudioAuthError(LabelStudioError):
    """The server rejects the API key."""

    def __init__(self, url: str, status: int) -> None:
        super().__init__(
            f"Label Studio at {url} rejected the API key (HTTP {status}). Use the legacy "
            "API token of your account (Account & Settings > Legacy Token in Label Studio; "
            "legacy tokens must be enabled for the organization), via ANNOT_LS_API_KEY or "
            "the settings file."
        )
        self.url = url
        self.status = status


# -- public API ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerStatus:
    """What :func:`server_status` found for a project root."""

    running: bool
    """A Label Studio process started for this root is alive."""
    healthy: bool
    """``GET /health`` answered."""
    url: str | None
    pid: int | None
    data_dir: Path
    log_path: Path


def data_dir_for(root: Path) -> Path:
    """``<root>/.annot/labelstudio-data``: the embedded server's database and media."""
    return root.resolve() / ANNOT_DIR / DATA_DIR_NAME


def find_label_studio() -> Path:
    """The ``label-studio`` executable: next to ``sys.executable`` first, then on PATH."""
    names = ("label-studio.exe", "label-studio") if os.name == "nt" else ("label-studio",)
    bin_dir = Path(sys.executable).parent
    for name in names:
        candidate = bin_dir / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("label-studio")
    if found is None:
        raise ServerNotInstalledError()
    return Path(found)


def start_server(root: Path, port: int | None = None, timeout: float = 180) -> ConnectionSettings:
    """Start the embedded Label Studio for ``root`` and return how to connect to it.

    Idempotent: if the server of ``root`` already runs and answers, its settings are
    returned. The first start creates the database (about 40 s of migrations), restarts take
    seconds. Waits up to ``timeout`` seconds for ``GET /health``, then checks that the API
    key works. ``port`` defaults to the previous port if it is free, else a free one.

    Raises :class:`ServerNotInstalledError`, :class:`ServerStartError` (with the log tail),
    or :class:`LabelStudioAuthError` if the stored token is not accepted.
    """
    if os.name != "posix":
        raise LabelStudioError(
            "the embedded Label Studio server needs Linux or macOS. Run Label Studio "
            "yourself and set ANNOT_LS_URL and ANNOT_LS_API_KEY."
        )
    root = root.resolve()
    settings_path = default_settings_path(root)
    data_dir = data_dir_for(root)
    log_path = data_dir / LOG_FILE_NAME
    stored = read_settings_file(settings_path)
    if stored is not None and not stored.embedded:
        raise LabelStudioError(
            f"{settings_path} configures an external Label Studio ({stored.url}); annot "
            "will not overwrite it with an embedded server. Use that server, or move the "
            "file away to start the embedded one."
        )

    if stored is not None and stored.pid is not None and _is_server_process(stored.pid, data_dir):
        if _healthy(stored.url):
            check_connection(stored)
            return stored
        raise ServerStartError(
            f"Label Studio for {root} already runs (pid {stored.pid}) but {stored.url}/health "
            "does not answer. Stop it with stop_server (or `kill -- -"
            f"{stored.pid}`) and start again.",
            log_path=log_path,
            log_tail=_log_tail(log_path, 0),
        )

    executable = find_label_studio()
    credentials = _credentials(stored, data_dir, settings_path, log_path)
    chosen_port = _choose_port(port, stored)
    url = f"http://{HOST}:{chosen_port}"
    settings = credentials.model_copy(
        update={"url": url, "port": chosen_port, "data_dir": data_dir, "pid": None}
    )
    # Saved before the first start: the token must survive an interrupted start.
    write_settings_file(settings, settings_path)

    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    log_offset = _append_log_header(log_path, chosen_port)
    started = time.monotonic()
    pid = _spawn(executable, settings, log_path)
    settings = settings.model_copy(update={"pid": pid})
    write_settings_file(settings, settings_path)

    try:
        _wait_healthy(settings, pid, log_path, log_offset, timeout)
        check_connection(settings)
    except BaseException:
        _terminate(pid)
        write_settings_file(settings.model_copy(update={"pid": None}), settings_path)
        raise
    logger.info(
        "Label Studio for %s runs at %s (pid %d, up in %.1f s)",
        root,
        url,
        pid,
        time.monotonic() - started,
    )
    return settings


def stop_server(root: Path, timeout: float = 20) -> bool:
    """Stop the embedded Label Studio of ``root``; True if a running server was stopped.

    Sends SIGTERM to its process group, waits up to ``timeout`` seconds, then SIGKILL.
    """
    root = root.resolve()
    settings_path = default_settings_path(root)
    stored = read_settings_file(settings_path)
    if stored is None or not stored.embedded or stored.pid is None:
        return False
    stopped = False
    if _is_server_process(stored.pid, data_dir_for(root)):
        _terminate(stored.pid, timeout)
        stopped = True
    write_settings_file(stored.model_copy(update={"pid": None}), settings_path)
    return stopped


def server_status(root: Path) -> ServerStatus:
    """Whether the embedded Label Studio of ``root`` runs, and where."""
    root = root.resolve()
    data_dir = data_dir_for(root)
    log_path = data_dir / LOG_FILE_NAME
    stored = read_settings_file(default_settings_path(root))
    if stored is None or not stored.embedded:
        return ServerStatus(
            running=False, healthy=False, url=None, pid=None, data_dir=data_dir, log_path=log_path
        )
    running = stored.pid is not None and _is_server_process(stored.pid, data_dir)
    return ServerStatus(
        running=running,
        healthy=running and _healthy(stored.url),
        url=stored.url,
        pid=stored.pid if running else None,
        data_dir=data_dir,
        log_path=log_path,
    )


def check_connection(settings: ConnectionSettings, timeout: float = 10) -> str:
    """Check that the server answers and accepts the API key; return the user's e-mail.

    Raises :class:`LabelStudioUnreachableError` or :class:`LabelStudioAuthError`.
    """
    request = urllib.request.Request(
        f"{settings.url}/api/current-user/whoami",
        headers={
            "Authorization": f"Token {settings.api_key.get_secret_value()}",
            "Accept": "application/json",
        },
    )
    try:
        with _opener(settings.url).open(request, timeout=timeout) as response:
            body: bytes = response.read()
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code in (401, 403):
            raise LabelStudioAuthError(settings.url, exc.code) from None
        raise LabelStudioUnreachableError(settings.url, f"HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        raise LabelStudioUnreachableError(settings.url, str(reason)) from None
    try:
        user = json.loads(body)
    except json.JSONDecodeError:
        raise LabelStudioUnreachableError(
            settings.url, "the answer to /api/current-user/whoami is not JSON"
        ) from None
    email = user.get("email") if isinstance(user, dict) else None
    return email if isinstance(email, str) else ""


# -- helpers -------------------------------------------------------------------------------

_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_DEFAULT = urllib.request.build_opener()


def _opener(url: str) -> urllib.request.OpenerDirector:
    """No proxy for loopback: the token must not go through an ``http_proxy`` from the env."""
    return _DIRECT if is_loopback(url) else _DEFAULT


def _credentials(
    stored: ConnectionSettings | None, data_dir: Path, settings_path: Path, log_path: Path
) -> ConnectionSettings:
    """Stored credentials for an existing data dir, new ones for a new data dir."""
    if stored is not None and stored.username and stored.password is not None:
        return stored
    if (data_dir / DB_FILE_NAME).exists():
        raise ServerStartError(
            f"{data_dir} holds a Label Studio database, but {settings_path} has no "
            "credentials for it. Restore the settings file, or move the data dir away to "
            "start from an empty server.",
            log_path=log_path,
            log_tail="",
        )
    return ConnectionSettings(
        url=f"http://{HOST}",  # replaced once the port is known
        api_key=SecretStr(secrets.token_hex(20)),
        username=ADMIN_USERNAME,
        password=SecretStr(secrets.token_urlsafe(18)),
    )


def _choose_port(port: int | None, stored: ConnectionSettings | None) -> int:
    if port is not None:
        if not _port_free(port):
            raise LabelStudioError(
                f"port {port} on {HOST} is in use; pick another port or leave it out to get "
                "a free one."
            )
        return port
    if stored is not None and stored.port is not None and _port_free(stored.port):
        return stored.port
    return _free_port()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _port_free(port: int) -> bool:
    """Whether nothing listens on ``port`` (Label Studio checks ``localhost`` the same way)."""
    for host in (HOST, "localhost"):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(1)
            if sock.connect_ex((host, port)) == 0:
                return False
    return True


_DROPPED_ENV = (
    "LABEL_STUDIO_PORT",  # the port is ours to choose
    # debugging switches of the caller's Python that break or slow down Label Studio
    # (PYTHONWARNINGS=error fails on Django's RuntimeWarning; tracemalloc is 10x slower)
    "PYTHONWARNINGS",
    "PYTHONTRACEMALLOC",
    "PYTHONDEVMODE",
)


def _server_env(settings: ConnectionSettings) -> dict[str, str]:
    assert settings.data_dir is not None
    assert settings.username is not None
    assert settings.password is not None
    env = dict(os.environ)
    env.update(OFFLINE_ENV)
    env.update(
        {
            "LABEL_STUDIO_BASE_DATA_DIR": str(settings.data_dir),
            # Secrets go through the environment, not argv (visible to all users in ps).
            "LABEL_STUDIO_USERNAME": settings.username,
            "LABEL_STUDIO_PASSWORD": settings.password.get_secret_value(),
            "LABEL_STUDIO_USER_TOKEN": settings.api_key.get_secret_value(),
            # Relative URLs; shadows a stray HOST from the caller's environment.
            "LABEL_STUDIO_HOST": "",
            "PYTHONUNBUFFERED": "1",
        }
    )
    for name in _DROPPED_ENV:
        env.pop(name, None)
    return env


def _spawn(executable: Path, settings: ConnectionSettings, log_path: Path) -> int:
    """Start ``label-studio start`` in a new session; its pid is its process group id."""
    assert settings.data_dir is not None
    assert settings.port is not None
    argv = [
        str(executable),
        "start",
        "--no-browser",
        "--internal-host",
        HOST,
        "--port",
        str(settings.port),
        "--data-dir",
        str(settings.data_dir),
        "--enable-legacy-api-token",
    ]
    file_actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, str(log_path), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ]
    # posix_spawn rather than subprocess.Popen: no Popen object to warn "still running"
    # when it is garbage collected while the detached server lives on.
    env = _server_env(settings)
    try:
        return os.posix_spawn(str(executable), argv, env, file_actions=file_actions, setsid=True)
    except NotImplementedError:  # no POSIX_SPAWN_SETSID: a new process group is enough
        return os.posix_spawn(str(executable), argv, env, file_actions=file_actions, setpgroup=0)


def _wait_healthy(
    settings: ConnectionSettings, pid: int, log_path: Path, log_offset: int, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if not _alive(pid):
            raise ServerStartError(
                f"Label Studio exited during startup (pid {pid}).",
                log_path=log_path,
                log_tail=_log_tail(log_path, log_offset),
            )
        if _healthy(settings.url):
            return
        if "is in use." in _read_log(log_path, log_offset):
            raise ServerStartError(
                f"port {settings.port} was taken while Label Studio started, so it moved to "
                "another port. Start again (a free port is chosen).",
                log_path=log_path,
                log_tail=_log_tail(log_path, log_offset),
            )
        if time.monotonic() > deadline:
            raise ServerStartError(
                f"Label Studio did not answer {settings.url}/health within {timeout:.0f} s. "
                "The first start migrates the database and can take a minute on a slow "
                "machine: retry with a longer timeout, or read the log.",
                log_path=log_path,
                log_tail=_log_tail(log_path, log_offset),
            )
        time.sleep(0.25)


def _healthy(url: str, timeout: float = 2) -> bool:
    try:
        with _opener(url).open(f"{url}/health", timeout=timeout) as response:
            status: int = response.status
            return status == 200
    except (urllib.error.URLError, OSError):
        return False


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs; reaps it first if it is a dead child of this process."""
    with contextlib.suppress(ChildProcessError):
        waited, _ = os.waitpid(pid, os.WNOHANG)
        if waited == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_server_process(pid: int, data_dir: Path) -> bool:
    """Whether ``pid`` is alive and is a Label Studio serving ``data_dir`` (not a reused pid)."""
    if not _alive(pid):
        return False
    text = _command_line(pid)
    if text is None:
        return True  # cannot tell (no procfs, no ps): trust the recorded pid
    return "label-studio" in text and str(data_dir) in text


def _command_line(pid: int) -> str | None:
    """The command line of ``pid`` ("" if it is gone), or None if it cannot be read."""
    if Path("/proc").is_dir():
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return ""
        return " ".join(arg.decode(errors="replace") for arg in args)
    try:  # macOS and other systems without procfs
        result = subprocess.run(
            ["ps", "-ww", "-o", "command=", "-p", str(pid)],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip()


def _terminate(pid: int, timeout: float = 20) -> None:
    """SIGTERM the process group of ``pid``, then SIGKILL after ``timeout`` seconds."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not _alive(pid):
                return
            time.sleep(0.1)
    raise ServerStopError(pid)


def _append_log_header(log_path: Path, port: int) -> int:
    """Mark a new start in the log; return the offset where this start's output begins."""
    fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(f"\n=== annot: starting Label Studio on {HOST}:{port} at {time.ctime()} ===\n")
        handle.flush()
        return handle.tell()


def _read_log(log_path: Path, offset: int) -> str:
    try:
        with log_path.open("rb") as handle:
            handle.seek(offset)
            return handle.read().decode(errors="replace")
    except OSError:
        return ""


def _log_tail(log_path: Path, offset: int, lines: int = LOG_TAIL_LINES) -> str:
    return "\n".join(_read_log(log_path, offset).splitlines()[-lines:])
