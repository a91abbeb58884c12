"""Annotator pseudonyms keyed with a per-installation secret.

A pseudonym is ``ann-`` + the first 10 hex digits of HMAC-SHA256(secret, "labelstudio-user:<id>").
Without the secret nobody can recompute which Label Studio user a pseudonym stands for (an
unkeyed hash of a small integer id is reversed by trying every id); with it, one installation
gives every user the same pseudonym on every run.

The secret, in this order:

1. the environment variable ``ANNOT_PSEUDONYM_SECRET`` (any non-blank string; for tests, and
   for a team that shares one secret between the machines that pull from one server),
2. the file ``<root>/.annot/pseudonym-secret`` (``root`` defaults to the current directory),
   created on first use with 32 random bytes (hex), mode 0600, never rewritten.

Losing the file changes every pseudonym of later pulls; keep it with ``.annot/labelstudio.json``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from annot.errors import AnnotError

__all__ = [
    "PSEUDONYM_SECRET_ENV",
    "PSEUDONYM_SECRET_FILE",
    "PseudonymSecretError",
    "keyed_pseudonym",
    "pseudonym_secret",
    "pseudonym_secret_path",
]

PSEUDONYM_SECRET_ENV: Final = "ANNOT_PSEUDONYM_SECRET"
PSEUDONYM_SECRET_FILE: Final = "pseudonym-secret"
_ANNOT_DIR: Final = ".annot"
_SECRET_BYTES: Final = 32


class PseudonymSecretError(AnnotError):
    """The pseudonym secret file cannot be read or created."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"{path}: cannot use the pseudonym secret ({reason}). Fix the file's permissions "
            f"(chmod 600 {path}), or set {PSEUDONYM_SECRET_ENV}."
        )
        self.path = path


def keyed_pseudonym(user_id: int | str, secret: bytes) -> str:
    """``ann-`` + 10 hex digits of HMAC-SHA256(``secret``, the user id); never an e-mail."""
    digest = hmac.new(secret, f"labelstudio-user:{user_id}".encode(), hashlib.sha256)
    return "ann-" + digest.hexdigest()[:10]


def pseudonym_secret_path(root: Path | None = None) -> Path:
    """``<root>/.annot/pseudonym-secret`` (``root`` defaults to the current directory)."""
    return (root if root is not None else Path.cwd()).resolve() / _ANNOT_DIR / PSEUDONYM_SECRET_FILE


def pseudonym_secret(root: Path | None = None, environ: Mapping[str, str] | None = None) -> bytes:
    """The installation's secret: ``ANNOT_PSEUDONYM_SECRET``, else the file (made once)."""
    env = os.environ if environ is None else environ
    given = env.get(PSEUDONYM_SECRET_ENV, "").strip()
    if given:
        return given.encode()
    return _file_secret(pseudonym_secret_path(root))


@functools.lru_cache(maxsize=8)
def _file_secret(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        text = _create_secret(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise PseudonymSecretError(path, str(exc)) from exc
    if len(text) < 2 * _SECRET_BYTES:
        raise PseudonymSecretError(path, f"it holds {len(text)} characters, not 64 hex digits")
    return text.encode()


def _create_secret(path: Path) -> str:
    """Write a new secret with mode 0600; if another process won the race, read its secret."""
    text = secrets.token_hex(_SECRET_BYTES)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    except OSError as exc:
        raise PseudonymSecretError(path, str(exc)) from exc
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(text + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return text
