"""The memory benchmark's measurement: peak RSS of a child process, and its timeline."""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.memory import peak_rss


def test_peak_rss_sees_a_child_holding_80_mb(tmp_path: Path) -> None:
    hold = (
        "b = bytearray(80 * 2**20); b[::4096] = b'x' * len(b[::4096]); import time; time.sleep(1.5)"
    )
    log = tmp_path / "timeline.tsv"
    peak, code, seconds = peak_rss([sys.executable, "-c", hold], tmp_path, log=log, every=0.2)
    small, _, _ = peak_rss([sys.executable, "-c", "pass"], tmp_path)
    assert code == 0
    assert 80 <= peak < 80 + small + 40  # the 80 MB touched, plus one interpreter
    assert small < 40
    assert seconds >= 1.5
    lines = log.read_text().splitlines()
    assert lines[0] == "seconds\trss_mb"
    samples = [float(line.split("\t")[1]) for line in lines[1:]]
    assert len(samples) >= 3
    assert max(samples) >= 80


def test_peak_rss_reports_the_exit_code(tmp_path: Path) -> None:
    _, code, _ = peak_rss([sys.executable, "-c", "raise SystemExit(3)"], tmp_path)
    assert code == 3
