"""Annotator pseudonyms keyed with a per-installation secret."""

from __future__ import annotations

import hashlib
import hmac
import stat
from pathlib import Path

import pytest

from annot.labelstudio.convert import annotator_pseudonym
from annot.pseudonym import (
    PSEUDONYM_SECRET_ENV,
    PseudonymSecretError,
    keyed_pseudonym,
    pseudonym_secret,
    pseudonym_secret_path,
)


def test_pseudonym_is_an_hmac_of_the_user_id() -> None:
    # Oracle: the standard library's HMAC, computed here by hand.
    expected = hmac.new(b"k", b"labelstudio-user:7", hashlib.sha256).hexdigest()[:10]
    assert keyed_pseudonym(7, b"k") == f"ann-{expected}"
    assert keyed_pseudonym("7", b"k") == keyed_pseudonym(7, b"k")


def test_pseudonym_differs_with_another_secret_and_another_user() -> None:
    assert keyed_pseudonym(1, b"installation-a") != keyed_pseudonym(1, b"installation-b")
    assert keyed_pseudonym(1, b"installation-a") != keyed_pseudonym(2, b"installation-a")
    # The old unkeyed scheme (sha256 of "annot:<id>") is not what comes out any more.
    unkeyed = "ann-" + hashlib.sha256(b"annot:1").hexdigest()[:8]
    assert annotator_pseudonym(1) != unkeyed


def test_secret_file_is_created_once_with_mode_0600(tmp_path: Path) -> None:
    first = pseudonym_secret(tmp_path, environ={})
    path = pseudonym_secret_path(tmp_path)
    assert path == tmp_path.resolve() / ".annot" / "pseudonym-secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert len(path.read_text().strip()) == 64
    assert pseudonym_secret(tmp_path, environ={}) == first  # stable across calls
    # ...and across processes: what is read back from the file is the same secret.
    assert path.read_text().strip().encode() == first
    other = tmp_path / "elsewhere"
    other.mkdir()
    assert pseudonym_secret(other, environ={}) != first  # another installation


def test_environment_secret_wins_over_the_file(tmp_path: Path) -> None:
    assert pseudonym_secret(tmp_path, environ={PSEUDONYM_SECRET_ENV: " team "}) == b"team"
    assert not pseudonym_secret_path(tmp_path).exists()


def test_stable_pseudonyms_across_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PSEUDONYM_SECRET_ENV, "s1")
    first = annotator_pseudonym(42)
    assert annotator_pseudonym(42) == first == keyed_pseudonym(42, b"s1")
    monkeypatch.setenv(PSEUDONYM_SECRET_ENV, "s2")
    assert annotator_pseudonym(42) != first
    assert annotator_pseudonym(42, secret=b"s1") == first


def test_a_broken_secret_file_is_a_clear_error(tmp_path: Path) -> None:
    path = pseudonym_secret_path(tmp_path)
    path.parent.mkdir()
    path.write_text("short\n")
    with pytest.raises(PseudonymSecretError) as caught:
        pseudonym_secret(tmp_path, environ={})
    assert caught.value.path == path
    assert "64 hex digits" in str(caught.value)
    assert PSEUDONYM_SECRET_ENV in str(caught.value)
