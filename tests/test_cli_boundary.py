"""The command line's boundary: a missing input file is one line naming it (exit 2); a wrong
Label Studio URL fails at once, before any retry, and the fix names an annot command."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from annot.cli import app

MISSING = "nicht-da/tugas.json"


@pytest.mark.parametrize(
    "args",
    [
        ["validate", MISSING],
        ["agreement", MISSING],
        ["adjudicate", MISSING, "--output", "gold.jsonl"],
        ["export", MISSING],
        ["export", "--from-file", MISSING],
        ["evaluate", MISSING],
        ["preannotate", "--output", "out.jsonl", "--input", MISSING],
    ],
)
def test_a_missing_input_file_is_one_line_and_exit_2(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"error: input file {MISSING}: no such file"]


@pytest.mark.parametrize("command", [["pull"], ["push", "--no-progress"]])
def test_a_wrong_url_fails_fast_and_names_an_annot_command(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "raw").mkdir()
    monkeypatch.setenv("ANNOT_LS_URL", "http://127.0.0.1:9")  # the discard port: nothing
    monkeypatch.setenv("ANNOT_LS_API_KEY", "kunci-salah")

    def no_call(what: str, *args: object, **kwargs: object) -> None:
        pytest.fail(f"called the API ({what}, with retries) before checking the connection")

    for module in ("client", "push", "pull"):
        monkeypatch.setattr(f"annot.labelstudio.{module}.call", no_call)
    result = CliRunner().invoke(app, command, catch_exceptions=False)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "cannot reach Label Studio at http://127.0.0.1:9" in result.output
    assert "`annot server start`" in result.output
    assert "annot.labelstudio" not in result.output  # no Python function as the fix


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["export", "--from-file", "tugas.json", "--label-set", "conll"],
            "error: --label-set 'conll': use annot, nergrit or indolem",
        ),
        (
            ["export", "--from-file", "tugas.json", "--format", "csv"],
            "error: --format 'csv': use hf, conll or spacy",
        ),
        (
            ["export", "--from-file", "tugas.json", "--ratios", "0.9,0.1"],
            "error: --ratios '0.9,0.1': give three numbers train,validation,test, e.g. 0.8,0.1,0.1",
        ),
        (
            ["adjudicate", "tugas.json", "--output", "gold.jsonl", "--mode", "vote"],
            "error: --mode 'vote': use majority, union or intersection",
        ),
    ],
)
def test_a_bad_option_value_names_the_valid_ones(
    args: list[str], line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tugas.json").write_text("[]", encoding="utf-8")
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [line]


def test_python_dash_m_annot_is_the_command_line() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "annot", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "Usage: python -m annot" in done.stdout
