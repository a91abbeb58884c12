"""Every class of malformed input file, through ``annot validate`` and ``annot export
--from-file``: no exception, no traceback, exit 1 (data problems remain) or 2 (unreadable
input), and the problem codes written by hand below. Files: tests/data/malformed/ (made by
tests/data/malformed/make.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import annot.road.read as read_module
from annot.cli import app

MALFORMED = Path(__file__).parent / "data" / "malformed"

# file -> (exit code of both commands, problem codes both print). Written by hand from what
# each file holds (see make.py); the reader's codes are documented in annot.road.read.
EXPECTED: dict[str, tuple[int, tuple[str, ...]]] = {
    # accepted: not broken (the BOM warning is checked in test_read.py)
    "ok--valid.json": (0, ()),
    "ok--byte-order-mark.json": (0, ()),
    "ok--crlf.jsonl": (0, ()),
    "ok--gzip.json.gz": (0, ()),
    # bytes and encodings
    "empty.json": (2, ("empty-input",)),
    "whitespace-only.jsonl": (2, ("empty-input",)),
    "byte-order-mark-only.json": (2, ("empty-input",)),
    "empty-array.json": (2, ("empty-input",)),
    "utf16-le-bom.json": (2, ("bad-encoding",)),
    "utf16-be.json": (2, ("bad-encoding",)),
    "invalid-utf8--jsonl-line.jsonl": (1, ("bad-encoding",)),
    "invalid-utf8--array-item.json": (1, ("bad-encoding",)),
    "latin1-text.json": (1, ("bad-encoding",)),
    "nul-bytes--binary.json": (2, ("bad-encoding",)),
    "nul-byte--in-line.jsonl": (1, ("bad-encoding",)),
    "not-json--prose.txt": (2, ("malformed-json",)),
    "not-json--html-error-page.json": (2, ("malformed-json",)),
    "not-json--csv.json": (2, ("malformed-json",)),
    # cut files
    "truncated--array-inside-item.json": (1, ("malformed-json",)),
    "truncated--array-before-close.json": (1, ("malformed-json",)),
    "truncated--single-object.json": (2, ("malformed-json",)),
    "truncated--jsonl-last-line.jsonl": (1, ("malformed-json",)),
    "truncated--gzip.json.gz": (1, ("truncated-input",)),
    "truncated--gzip-header-only.json.gz": (2, ("truncated-input",)),
    "gzip--garbage.json.gz": (2, ("truncated-input",)),
    "gzip--jsonl-bad-line.jsonl.gz": (1, ("malformed-json",)),
    # JSON syntax
    "syntax--trailing-text.json": (1, ("malformed-json",)),
    "syntax--missing-comma.json": (1, ("malformed-json",)),
    "syntax--trailing-comma.json": (1, ("malformed-json",)),
    "syntax--single-quotes.json": (1, ("malformed-json",)),
    "syntax--jsonl-first-line-broken.jsonl": (1, ("malformed-json",)),
    "syntax--jsonl-comment-line.jsonl": (1, ("malformed-json",)),
    # numbers
    "number--nan-offset.json": (1, ("non-finite-number",)),
    "number--infinity-score.json": (1, ("non-finite-number",)),
    "number--float-overflow.json": (1, ("non-finite-number",)),
    "number--task-id-past-2-63.json": (1, ("number-out-of-range",)),
    "number--offset-past-2-63.json": (1, ("number-out-of-range",)),
    "number--negative-past-2-63.json": (1, ("number-out-of-range",)),
    "number--float-task-id.json": (1, ("malformed-json",)),
    "number--float-offsets.json": (1, ("malformed-json",)),
    "number--bool-offset.json": (1, ("malformed-json",)),
    "number--negative-task-id.json": (1, ("malformed-json",)),
    # unpaired surrogates
    "surrogate--region-id.json": (1, ("lone-surrogate",)),
    "surrogate--label.json": (1, ("lone-surrogate",)),
    "surrogate--text.json": (1, ("lone-surrogate",)),
    "surrogate--key.json": (1, ("lone-surrogate",)),
    "surrogate--reversed-pair.json": (1, ("lone-surrogate",)),
    # nesting
    "nesting--deep-data.json": (1, ("nesting-too-deep",)),
    "nesting--deep-value.json": (1, ("nesting-too-deep",)),
    "nesting--deep-array-file.json": (1, ("nesting-too-deep",)),
    "nesting--deep-unclosed.jsonl": (1, ("malformed-json",)),
    "nesting--deep-objects.jsonl": (1, ("nesting-too-deep",)),
    # sizes (limits lowered by the fixture below)
    "size--long-jsonl-line.jsonl": (1, ("too-large",)),
    "size--large-array-item.json": (1, ("too-large",)),
    "size--large-single-object.json": (1, ("too-large",)),
    "size--too-many-regions.json": (1, ("too-large",)),
    # top-level shapes
    "shape--null.json": (2, ("wrong-shape",)),
    "shape--number.json": (2, ("wrong-shape",)),
    "shape--string.json": (2, ("wrong-shape",)),
    "shape--true.json": (2, ("wrong-shape",)),
    "shape--array-of-numbers.json": (1, ("malformed-json",)),
    "shape--array-of-arrays.json": (1, ("malformed-json",)),
    "shape--array-with-null.json": (1, ("malformed-json",)),
    "shape--wrapped-export.json": (2, ("wrong-shape",)),
    "shape--jsonl-array-line.jsonl": (1, ("malformed-json",)),
    # duplicate keys
    "duplicate-key--task-id.json": (1, ("duplicate-key",)),
    "duplicate-key--region-start.json": (1, ("duplicate-key",)),
    # wrong types and missing keys, level by level
    "task--data-is-list.json": (1, ("malformed-json",)),
    "task--data-missing.json": (1, ("missing-key",)),
    "task--id-is-string.json": (1, ("malformed-json",)),
    "data--text-is-number.json": (1, ("malformed-json",)),
    "data--text-missing.json": (1, ("missing-key",)),
    "data--doc-id-is-object.json": (1, ("malformed-json",)),
    "annotations--is-object.json": (1, ("malformed-json",)),
    "annotation--is-string.json": (1, ("malformed-json",)),
    "annotation--result-is-string.json": (1, ("malformed-json",)),
    "annotation--result-missing.json": (1, ("missing-key",)),
    "annotation--was-cancelled-is-string.json": (1, ("malformed-json",)),
    "result-entry--is-number.json": (1, ("malformed-json",)),
    "result-entry--from-name-missing.json": (1, ("missing-key",)),
    "result-entry--type-is-list.json": (1, ("malformed-json",)),
    "value--is-list.json": (1, ("malformed-json",)),
    "value--missing.json": (1, ("missing-key",)),
    "value--start-is-string.json": (1, ("malformed-json",)),
    "value--text-is-number.json": (1, ("malformed-json",)),
    "value--labels-is-string.json": (1, ("malformed-json",)),
    "value--labels-empty.json": (1, ("missing-key",)),
    "value--labels-of-numbers.json": (1, ("malformed-json",)),
    "relation--from-id-is-number.json": (1, ("malformed-json",)),
    "relation--labels-is-number.json": (1, ("malformed-json",)),
    "relation--to-id-missing.json": (1, ("missing-key",)),
    "choices--is-string.json": (1, ("malformed-json",)),
    "choices--of-numbers.json": (1, ("malformed-json",)),
}


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The size classes are small files: lower the limits they exceed."""
    monkeypatch.setattr(read_module, "MAX_TASK_BYTES", 64 * 1024)
    monkeypatch.setattr(read_module, "MAX_RESULTS", 1000)


def test_every_file_has_an_expectation_and_there_are_enough_classes() -> None:
    files = {path.name for path in MALFORMED.iterdir() if path.name != "make.py"}
    assert files == set(EXPECTED)
    assert sum(1 for name in EXPECTED if not name.startswith("ok--")) >= 60


def _run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.usefixtures("small_limits")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_and_export_say_what_is_wrong(name: str, tmp_path: Path) -> None:
    path = MALFORMED / name
    exit_code, codes = EXPECTED[name]
    quarantine = tmp_path / "quarantine.jsonl"
    runs = {
        "validate": _run(["validate", str(path), "--quarantine", str(quarantine)]),
        "export": _run(
            ["export", "--from-file", str(path), "--exports-dir", str(tmp_path / "out")]
        ),
    }
    for command, (code, output) in runs.items():
        assert "Traceback" not in output, command
        assert code == exit_code, f"{command}: {output}"
        for expected in codes:
            assert expected in output, f"{command} does not say {expected}: {output}"
    if quarantine.exists():  # what validate quarantined is valid UTF-8 JSON lines
        for line in quarantine.read_text(encoding="utf-8").splitlines():
            json.loads(line)
