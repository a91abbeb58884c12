"""Shared pytest fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from annot.labelstudio.server import ServerNotInstalledError, start_server, stop_server
from annot.labelstudio.settings import ConnectionSettings, load_settings

# Tests never reach the Hugging Face Hub; set before anything imports huggingface_hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
# `annot run` pushes to Label Studio by default; a test must never start a server in the repo.
os.environ["ANNOT_RUN_PUSH"] = "0"
# Pseudonyms are keyed with a per-installation secret; tests use a fixed one (never .annot/).
os.environ.setdefault("ANNOT_PSEUDONYM_SECRET", "annot-test-secret")


# -- Label Studio -------------------------------------------------------------------------
# One real embedded server per test session (the first start migrates a fresh database,
# about 30-40 s); tests that use it are marked ``@pytest.mark.server``. Tests may stop and
# restart it through ``label_studio_root``, but must leave it running on the same URL.


@pytest.fixture(scope="session")
def label_studio_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Project root of the session's Label Studio; the server is stopped at the end."""
    root = tmp_path_factory.mktemp("labelstudio-root")
    try:
        # The first start migrates a fresh database: minutes on a loaded machine.
        start_server(root, timeout=float(os.environ.get("ANNOT_TEST_SERVER_TIMEOUT", "900")))
    except ServerNotInstalledError as exc:
        # A missing server must fail the run (CI installs it); skipping would hide it.
        if os.environ.get("ANNOT_SKIP_SERVER_TESTS") == "1":
            pytest.skip(str(exc))
        raise
    try:
        yield root
    finally:
        stop_server(root)


@pytest.fixture(scope="session")
def label_studio(label_studio_root: Path) -> ConnectionSettings:
    """How to reach the session's Label Studio (URL and API key; pid may go stale)."""
    return load_settings(root=label_studio_root, environ={})
