"""The embedded Label Studio server and the connection settings.

Unit tests first (no server); then tests against the session's real server, with the
stop/restart test last because it bounces the shared server.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from label_studio_sdk.core.api_error import ApiError
from pydantic import SecretStr

from annot.errors import AnnotError
from annot.labelstudio import server
from annot.labelstudio.server import (
    ADMIN_USERNAME,
    LabelStudioAuthError,
    LabelStudioUnreachableError,
    ServerNotInstalledError,
    ServerStartError,
    check_connection,
    data_dir_for,
    find_label_studio,
    server_status,
    start_server,
    stop_server,
)
from annot.labelstudio.settings import (
    API_KEY_ENV,
    URL_ENV,
    ConnectionSettings,
    LabelStudioError,
    SettingsError,
    default_settings_path,
    is_loopback,
    load_settings,
    open_client,
    read_settings_file,
    write_settings_file,
)

FILE_KEY = "f" * 40
ENV_KEY = "e" * 40
ARG_KEY = "a" * 40
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _write_file_settings(root: Path, **extra: object) -> Path:
    path = default_settings_path(root)
    fields: dict[str, object] = {"url": "http://file.example:8080", "api_key": FILE_KEY, **extra}
    write_settings_file(ConnectionSettings.model_validate(fields), path)
    return path


def _get(url: str) -> tuple[int, bytes]:
    with NO_PROXY.open(url, timeout=10) as response:
        status: int = response.status
        body: bytes = response.read()
        return status, body


# -- settings: precedence ------------------------------------------------------------------


def test_explicit_args_beat_environment_and_file(tmp_path: Path) -> None:
    _write_file_settings(tmp_path)
    env = {URL_ENV: "http://env.example:1", API_KEY_ENV: ENV_KEY}

    settings = load_settings("http://arg.example:2/", ARG_KEY, root=tmp_path, environ=env)

    assert settings.url == "http://arg.example:2"
    assert settings.api_key.get_secret_value() == ARG_KEY


def test_environment_beats_file(tmp_path: Path) -> None:
    _write_file_settings(tmp_path)
    env = {URL_ENV: "http://env.example:1", API_KEY_ENV: ENV_KEY}

    settings = load_settings(root=tmp_path, environ=env)

    assert settings.url == "http://env.example:1"
    assert settings.api_key.get_secret_value() == ENV_KEY


def test_file_is_the_fallback(tmp_path: Path) -> None:
    _write_file_settings(tmp_path)

    settings = load_settings(root=tmp_path, environ={})

    assert settings.url == "http://file.example:8080"
    assert settings.api_key.get_secret_value() == FILE_KEY


def test_fields_resolve_independently(tmp_path: Path) -> None:
    _write_file_settings(tmp_path)

    settings = load_settings(root=tmp_path, environ={API_KEY_ENV: ENV_KEY, URL_ENV: "  "})

    assert settings.url == "http://file.example:8080"  # blank env var counts as unset
    assert settings.api_key.get_secret_value() == ENV_KEY


def test_embedded_fields_only_for_the_files_server(tmp_path: Path) -> None:
    _write_file_settings(tmp_path, data_dir=str(tmp_path / "d"), pid=123, port=8080)

    same = load_settings(root=tmp_path, environ={API_KEY_ENV: ENV_KEY})
    other = load_settings(root=tmp_path, environ={URL_ENV: "http://elsewhere:9"})

    assert same.embedded
    assert (same.pid, same.port, same.data_dir) == (123, 8080, tmp_path / "d")
    assert same.api_key.get_secret_value() == ENV_KEY
    assert not other.embedded
    assert other.pid is None
    assert other.api_key.get_secret_value() == FILE_KEY


def test_config_path_overrides_default(tmp_path: Path) -> None:
    custom = tmp_path / "elsewhere" / "ls.json"
    write_settings_file(
        ConnectionSettings(url="http://custom:1", api_key=SecretStr(FILE_KEY)), custom
    )

    settings = load_settings(root=tmp_path, config_path=custom, environ={})

    assert settings.url == "http://custom:1"


def test_nothing_configured_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(root=tmp_path, environ={URL_ENV: "http://env.example:1"})

    message = str(caught.value)
    assert "API key" in message
    assert API_KEY_ENV in message
    assert str(default_settings_path(tmp_path)) in message
    assert isinstance(caught.value, AnnotError)


def test_invalid_url_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="must start with http"):
        load_settings("localhost:8080", ARG_KEY, root=tmp_path, environ={})


# -- settings: the file ----------------------------------------------------------------------


def test_written_file_is_private_and_round_trips(tmp_path: Path) -> None:
    settings = ConnectionSettings(
        url="http://127.0.0.1:8080",
        api_key=SecretStr(FILE_KEY),
        data_dir=tmp_path / "data",
        pid=42,
        port=8080,
        username=ADMIN_USERNAME,
        password=SecretStr("hunter2-hunter2"),
    )
    path = default_settings_path(tmp_path)

    write_settings_file(settings, path)

    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    assert read_settings_file(path) == settings
    assert json.loads(path.read_text())["api_key"] == FILE_KEY


def test_rewriting_a_loose_file_makes_it_private(tmp_path: Path) -> None:
    path = tmp_path / "ls.json"
    path.write_text("{}")
    path.chmod(0o644)

    write_settings_file(ConnectionSettings(url="http://h:1", api_key=SecretStr(FILE_KEY)), path)

    assert _mode(path) == 0o600
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_secrets_never_show(tmp_path: Path) -> None:
    settings = ConnectionSettings(
        url="http://h:1", api_key=SecretStr(FILE_KEY), password=SecretStr("pw-pw-pw-pw")
    )
    broken = tmp_path / "ls.json"
    broken.write_text(json.dumps({"url": "nope", "api_key": FILE_KEY}))

    with pytest.raises(SettingsError) as caught:
        read_settings_file(broken)

    for text in (repr(settings), str(settings), settings.model_dump_json(), str(caught.value)):
        assert FILE_KEY not in text
        assert "pw-pw-pw-pw" not in text


def test_broken_file_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "ls.json"
    path.write_text("{not json")

    with pytest.raises(SettingsError, match="invalid JSON") as caught:
        load_settings(config_path=path, environ={})

    assert caught.value.path == path
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8080", True),
        ("http://127.3.4.5", True),
        ("http://localhost:1", True),
        ("http://[::1]:8080", True),
        ("https://ls.example.org", False),
        ("http://10.0.0.1:8080", False),
    ],
)
def test_is_loopback(url: str, expected: bool) -> None:
    assert is_loopback(url) is expected


def test_missing_file_reads_as_none(tmp_path: Path) -> None:
    assert read_settings_file(tmp_path / "absent.json") is None


# -- server without a server -----------------------------------------------------------------


def test_missing_executable_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(ServerNotInstalledError, match=r"pip install 'annot\[server\]'"):
        find_label_studio()


def test_executable_next_to_python_is_found() -> None:
    found = find_label_studio()

    assert found.name == "label-studio"
    assert found.parent == Path(sys.executable).parent


def test_status_and_stop_without_a_server(tmp_path: Path) -> None:
    status = server_status(tmp_path)

    assert not status.running
    assert not status.healthy
    assert status.url is None
    assert status.data_dir == data_dir_for(tmp_path)
    assert stop_server(tmp_path) is False


def test_start_keeps_an_external_servers_settings(tmp_path: Path) -> None:
    path = _write_file_settings(tmp_path)
    before = path.read_text()

    with pytest.raises(LabelStudioError, match="external Label Studio"):
        start_server(tmp_path)

    assert path.read_text() == before


def test_stale_pid_of_another_program_is_left_alone(tmp_path: Path) -> None:
    with subprocess.Popen(["sleep", "30"]) as other:
        try:
            _write_file_settings(
                tmp_path, data_dir=str(data_dir_for(tmp_path)), pid=other.pid, port=8080
            )

            assert not server_status(tmp_path).running
            assert stop_server(tmp_path) is False
            assert other.poll() is None  # not killed
        finally:
            other.kill()
    stored = read_settings_file(default_settings_path(tmp_path))
    assert stored is not None
    assert stored.pid is None


def _fake_label_studio(tmp_path: Path, script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    executable = tmp_path / "bin" / "label-studio"
    executable.parent.mkdir()
    executable.write_text(f"#!/bin/sh\n{script}\n")
    executable.chmod(0o755)
    monkeypatch.setattr(server, "find_label_studio", lambda: executable)


def test_crash_at_startup_reports_the_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_label_studio(tmp_path, 'echo "boom: no database"; exit 3', monkeypatch)
    root = tmp_path / "project"
    root.mkdir()

    with pytest.raises(ServerStartError, match="exited during startup") as caught:
        start_server(root, timeout=30)

    assert "boom: no database" in caught.value.log_tail
    assert caught.value.log_path == data_dir_for(root) / "labelstudio.log"
    assert str(caught.value.log_path) in str(caught.value)
    stored = read_settings_file(default_settings_path(root))
    assert stored is not None
    assert stored.pid is None  # nothing left to stop
    assert stored.api_key.get_secret_value() not in caught.value.log_tail


def test_start_timeout_kills_the_process_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = tmp_path / "child.pid"
    _fake_label_studio(tmp_path, f"sleep 60 & echo $! > {pid_file}; wait", monkeypatch)
    root = tmp_path / "project"
    root.mkdir()

    with pytest.raises(ServerStartError, match="did not answer"):
        start_server(root, timeout=1)

    child = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while Path(f"/proc/{child}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # the grandchild is reaped by init, not by us
    assert not Path(f"/proc/{child}").exists()
    assert not server_status(root).running


# -- against the real server -----------------------------------------------------------------


@pytest.mark.server
def test_health(label_studio: ConnectionSettings) -> None:
    status, body = _get(f"{label_studio.url}/health")

    assert status == 200
    assert json.loads(body) == {"status": "UP"}


@pytest.mark.server
def test_server_is_embedded_on_loopback(label_studio: ConnectionSettings) -> None:
    assert label_studio.url == f"http://127.0.0.1:{label_studio.port}"
    assert label_studio.embedded
    assert label_studio.username == ADMIN_USERNAME
    assert len(label_studio.api_key.get_secret_value()) == 40
    int(label_studio.api_key.get_secret_value(), 16)  # 40 hex digits


@pytest.mark.server
def test_token_authenticates(label_studio: ConnectionSettings) -> None:
    assert check_connection(label_studio) == ADMIN_USERNAME


@pytest.mark.server
def test_token_authenticates_through_the_sdk(label_studio: ConnectionSettings) -> None:
    with open_client(label_studio) as client:
        assert client.users.whoami().email == ADMIN_USERNAME
        # one page: the SDK's generated pager asks for the page past the end (HTTP 404)
        page: object = client.projects.list(page_size=1000)
        assert isinstance(getattr(page, "items", None), list)


@pytest.mark.server
def test_wrong_key_is_a_clear_error(label_studio: ConnectionSettings) -> None:
    wrong = label_studio.model_copy(update={"api_key": SecretStr("0" * 40)})

    with pytest.raises(LabelStudioAuthError) as caught:
        check_connection(wrong)

    assert caught.value.status == 401
    assert label_studio.url in str(caught.value)
    assert "0" * 40 not in str(caught.value)
    assert isinstance(caught.value, LabelStudioError)
    with open_client(wrong) as client, pytest.raises(ApiError) as sdk_error:
        client.users.whoami()
    assert sdk_error.value.status_code == 401


@pytest.mark.server
def test_settings_file_is_private(
    label_studio_root: Path, label_studio: ConnectionSettings
) -> None:
    path = default_settings_path(label_studio_root)

    assert _mode(path) == 0o600
    stored = load_settings(root=label_studio_root, environ={})
    # Other tests may restart the shared server: the pid changes, the rest must not.
    assert stored.model_copy(update={"pid": None}) == label_studio.model_copy(update={"pid": None})
    assert _mode(data_dir_for(label_studio_root)) == 0o700


@pytest.mark.server
def test_no_secrets_in_the_log(label_studio_root: Path, label_studio: ConnectionSettings) -> None:
    log = (data_dir_for(label_studio_root) / "labelstudio.log").read_text()

    assert "Starting development server at http://127.0.0.1:" in log
    assert label_studio.api_key.get_secret_value() not in log
    assert label_studio.password is not None
    assert label_studio.password.get_secret_value() not in log


@pytest.mark.server
def test_status_reports_running(label_studio_root: Path, label_studio: ConnectionSettings) -> None:
    status = server_status(label_studio_root)

    assert status.running
    assert status.healthy
    assert status.url == label_studio.url
    assert status.pid is not None
    assert os.getpgid(status.pid) == status.pid  # its own process group


@pytest.mark.server
def test_start_is_idempotent(label_studio_root: Path) -> None:
    before = server_status(label_studio_root)

    again = start_server(label_studio_root)

    assert again.pid == before.pid


@pytest.mark.server
def test_wrong_url_is_unreachable(label_studio: ConnectionSettings) -> None:
    gone = label_studio.model_copy(update={"url": "http://127.0.0.1:9"})

    with pytest.raises(LabelStudioUnreachableError, match="cannot reach"):
        check_connection(gone, timeout=2)


@pytest.mark.server
def test_stop_and_restart_reuses_credentials(
    label_studio_root: Path, label_studio: ConnectionSettings
) -> None:
    """Last on purpose: bounces the session's server (and leaves it running)."""
    assert stop_server(label_studio_root) is True
    try:
        status = server_status(label_studio_root)
        assert not status.running
        with pytest.raises(urllib.error.URLError):
            _get(f"{label_studio.url}/health")
        assert stop_server(label_studio_root) is False
    finally:
        restarted = start_server(label_studio_root)

    assert restarted.api_key == label_studio.api_key
    assert restarted.password == label_studio.password
    assert restarted.url == label_studio.url
    assert check_connection(restarted) == ADMIN_USERNAME
    assert server_status(label_studio_root).running
