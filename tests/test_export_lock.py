"""Interrupted and concurrent exports: leftovers of a crashed export are removed on the next
run; a second export of the same name while one runs is refused, not overwritten."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from annot.export.errors import ExportLockedError
from annot.export.writer import atomic_directory, scratch_directory


@pytest.fixture
def dead_pid() -> int:
    """The id of a process that has ended."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout)


@pytest.fixture
def live_pid() -> Iterator[int]:
    """The id of a process that runs for the test (started and ended here)."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process.pid
    process.kill()
    process.wait()


def test_a_crashed_export_leaves_nothing_behind_after_the_next(
    tmp_path: Path, dead_pid: int
) -> None:
    target = tmp_path / "berita"
    leftovers = [
        tmp_path / ".berita.tmp-a1b2",
        tmp_path / ".berita.old-c3d4",
        tmp_path / f".berita.scratch-{dead_pid}-e5f6",
    ]
    for path in leftovers:
        path.mkdir()
        (path / "part.parquet").write_bytes(b"PAR1")
    (tmp_path / ".berita.lock").write_text(f"{dead_pid}\n", encoding="utf-8")  # stale
    other = tmp_path / ".lain.tmp-0000"  # another export's: not ours to remove
    other.mkdir()
    with atomic_directory(target) as temporary:
        (temporary / "README.md").write_text("kartu data\n", encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".lain.tmp-0000", "berita"]
    assert (target / "README.md").read_text(encoding="utf-8") == "kartu data\n"


def test_a_running_export_is_not_overwritten(tmp_path: Path, live_pid: int) -> None:
    target = tmp_path / "berita"
    target.mkdir()
    (target / "README.md").write_text("ekspor lama\n", encoding="utf-8")
    lock = tmp_path / ".berita.lock"
    lock.write_text(f"{live_pid}\n", encoding="utf-8")
    with pytest.raises(ExportLockedError) as caught, atomic_directory(target):
        pytest.fail("the block must not run while another export holds the lock")
    assert caught.value.pid == live_pid
    assert str(lock) in str(caught.value)
    assert "--name" in str(caught.value)
    assert (target / "README.md").read_text(encoding="utf-8") == "ekspor lama\n"
    assert lock.read_text(encoding="utf-8") == f"{live_pid}\n"


def test_the_scratch_of_a_running_export_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "berita"
    with scratch_directory(target) as scratch:
        assert scratch.name.startswith(f".berita.scratch-{os.getpid()}-")
        with atomic_directory(target):
            assert scratch.is_dir()  # ours: this process is alive
        assert not (tmp_path / ".berita.lock").exists()
    assert not scratch.exists()
