"""Where the Label Studio server is and how to authenticate against it.

Connection settings are resolved per field with this precedence:

1. explicit arguments (e.g. ``--url`` / ``--api-key`` on the command line),
2. the environment: ``ANNOT_LS_URL`` and ``ANNOT_LS_API_KEY``,
3. a JSON file, by default ``<project root>/.annot/labelstudio.json``.

The file is written by :func:`annot.labelstudio.server.start_server` for the embedded server
(it then also holds the data dir, pid, port and the generated admin login) and can be written
by hand for an external server. It holds secrets, so it is created with mode ``0600``
(readable and writable by its owner only). The API key and password are
:class:`pydantic.SecretStr`: they never show in ``repr``, logs or error messages.

For production, run Label Studio yourself on PostgreSQL instead of the embedded SQLite
server: start it with ``DJANGO_DB=postgresql`` and ``POSTGRE_HOST``, ``POSTGRE_PORT``,
``POSTGRE_NAME``, ``POSTGRE_USER``, ``POSTGRE_PASSWORD`` in its environment, then point annot
at it with ``ANNOT_LS_URL`` and ``ANNOT_LS_API_KEY`` (or the settings file).

Importing this module needs pydantic alone; the Label Studio SDK is imported by
:func:`open_client` only.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import logging
import os
import stat
import tempfile
import urllib.parse
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, cast

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from annot.errors import AnnotError

if TYPE_CHECKING:
    from label_studio_sdk import LabelStudio

__all__ = [
    "ANNOT_DIR",
    "API_KEY_ENV",
    "SETTINGS_FILE",
    "URL_ENV",
    "ConnectionSettings",
    "LabelStudioError",
    "SettingsError",
    "default_settings_path",
    "is_loopback",
    "load_settings",
    "open_client",
    "read_settings_file",
    "write_settings_file",
]

logger = logging.getLogger(__name__)

URL_ENV = "ANNOT_LS_URL"
API_KEY_ENV = "ANNOT_LS_API_KEY"
ANNOT_DIR = ".annot"
SETTINGS_FILE = "labelstudio.json"


class LabelStudioError(AnnotError):
    """Base class of the errors about the Label Studio server and the connection to it."""


class SettingsError(LabelStudioError):
    """Connection settings that are missing or cannot be read."""

    def __init__(self, message: str, *, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class ConnectionSettings(BaseModel):
    """How to reach one Label Studio server.

    ``url`` and ``api_key`` are all a client needs. The other fields are set only for the
    embedded server that :func:`annot.labelstudio.server.start_server` manages.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str = Field(description="Base URL, e.g. http://127.0.0.1:8080 (no trailing slash).")
    api_key: SecretStr = Field(description="Legacy API token, sent as 'Authorization: Token ...'.")
    data_dir: Path | None = Field(default=None, description="Embedded server's data dir.")
    pid: int | None = Field(default=None, description="Embedded server's process id.")
    port: int | None = Field(default=None, ge=1, le=65535, description="Embedded server's port.")
    username: str | None = Field(default=None, description="Embedded server's admin e-mail.")
    password: SecretStr | None = Field(default=None, description="Embedded admin's password.")

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        url = value.strip().rstrip("/")
        if not url.startswith(("http://", "https://")) or len(url.split("://", 1)[1]) == 0:
            raise ValueError(
                f"Label Studio URL {value!r} must start with http:// or https://, "
                "e.g. http://127.0.0.1:8080"
            )
        return url

    @field_validator("api_key")
    @classmethod
    def _check_api_key(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("the Label Studio API key is empty")
        return SecretStr(value.get_secret_value().strip())

    @property
    def embedded(self) -> bool:
        """True if these settings describe a server started by annot."""
        return self.data_dir is not None

    def to_file_dict(self) -> dict[str, str | int | None]:
        """The JSON object written to the settings file, secrets in clear text."""
        return {
            "url": self.url,
            "api_key": self.api_key.get_secret_value(),
            "data_dir": str(self.data_dir) if self.data_dir is not None else None,
            "pid": self.pid,
            "port": self.port,
            "username": self.username,
            "password": self.password.get_secret_value() if self.password is not None else None,
        }


def default_settings_path(root: Path | None = None) -> Path:
    """``<root>/.annot/labelstudio.json``; ``root`` defaults to the current directory."""
    return (root if root is not None else Path.cwd()) / ANNOT_DIR / SETTINGS_FILE


def read_settings_file(path: Path) -> ConnectionSettings | None:
    """The settings stored at ``path``, or None if there is no such file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SettingsError(
            f"{path}: cannot read the Label Studio settings file ({exc.strerror}). "
            "Fix its permissions, or delete it and start the server again.",
            path=path,
        ) from exc
    _warn_if_readable_by_others(path)
    try:
        data = json.loads(text)
        return ConnectionSettings.model_validate(data)
    except (json.JSONDecodeError, ValidationError) as exc:
        # The message of a ValidationError never includes SecretStr values.
        detail = str(exc) if isinstance(exc, ValidationError) else f"invalid JSON: {exc}"
        raise SettingsError(
            f"{path}: the Label Studio settings file is broken ({detail}). "
            "Fix it by hand, or delete it and start the server again.",
            path=path,
        ) from None


def write_settings_file(settings: ConnectionSettings, path: Path) -> None:
    """Write ``settings`` to ``path`` atomically, with mode 0600.

    Parent directories are created (mode 0700) when missing. The file is never readable by
    others, not even for a moment: the temporary file is created 0600 and then renamed.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    payload = json.dumps(settings.to_file_dict(), indent=2) + "\n"
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, stat.S_IRUSR | stat.S_IWUSR)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    logger.debug("wrote Label Studio settings for %s to %s", settings.url, path)


def load_settings(
    url: str | None = None,
    api_key: str | None = None,
    *,
    root: Path | None = None,
    config_path: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> ConnectionSettings:
    """Resolve the connection settings: explicit args > environment > settings file.

    ``url`` and ``api_key`` are resolved independently. The embedded-server fields (data
    dir, pid, ...) are taken from the file only if the resolved URL is the file's URL.
    ``config_path`` overrides the default file ``<root>/.annot/labelstudio.json``;
    ``environ`` defaults to :data:`os.environ`.
    """
    env = os.environ if environ is None else environ
    path = config_path if config_path is not None else default_settings_path(root)
    stored = read_settings_file(path)

    resolved_url = _first(url, env.get(URL_ENV), stored.url if stored else None)
    resolved_key = _first(
        api_key, env.get(API_KEY_ENV), stored.api_key.get_secret_value() if stored else None
    )
    missing = [
        what for what, value in (("URL", resolved_url), ("API key", resolved_key)) if value is None
    ]
    if resolved_url is None or resolved_key is None:
        raise SettingsError(
            f"no Label Studio {' or '.join(missing)} configured: pass it explicitly, set "
            f"{URL_ENV} and {API_KEY_ENV}, or start the embedded server (which writes {path}).",
            path=path,
        )
    try:
        resolved = ConnectionSettings(url=resolved_url, api_key=SecretStr(resolved_key))
    except ValidationError as exc:
        raise SettingsError(
            f"invalid Label Studio connection settings: {exc}. Fix the argument, the "
            f"environment ({URL_ENV}, {API_KEY_ENV}) or {path}.",
            path=path,
        ) from None
    if stored is not None and stored.url == resolved.url:
        return stored.model_copy(update={"api_key": resolved.api_key})
    return resolved


@contextlib.contextmanager
def open_client(settings: ConnectionSettings, *, timeout: float = 60.0) -> Iterator[LabelStudio]:
    """A Label Studio SDK client for ``settings``; its connections close on exit.

    Imports the SDK's project and task clients on first use, not the whole SDK
    (:class:`annot.labelstudio.client.LightLabelStudio`). Requests to a loopback server bypass
    any proxy configured in the environment (``http_proxy`` ...), so the API key never leaves
    the machine.
    """
    import httpx

    from annot.labelstudio.client import LightLabelStudio

    with httpx.Client(
        timeout=timeout, follow_redirects=True, trust_env=not is_loopback(settings.url)
    ) as http:
        light = LightLabelStudio(
            base_url=settings.url,
            api_key=settings.api_key.get_secret_value(),
            timeout=timeout,
            httpx_client=http,
        )
        yield cast("LabelStudio", light)  # the part of LabelStudio that annot uses


def is_loopback(url: str) -> bool:
    """Whether ``url`` points at this machine (127.0.0.0/8, ::1 or localhost)."""
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _first(*values: str | None) -> str | None:
    """The first value that is set and not blank."""
    for value in values:
        if value is not None and value.strip():
            return value.strip()
    return None


def _warn_if_readable_by_others(path: Path) -> None:
    with contextlib.suppress(OSError):
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            logger.warning(
                "%s holds the Label Studio API key but has mode %o; run `chmod 600 %s`",
                path,
                mode,
                path,
            )
