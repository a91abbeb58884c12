"""README.md's code blocks run as written, so the walk-through cannot rot."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, flags=re.DOTALL)
#: The two set-up commands are what CI itself runs; running them here would recurse.
SETUP_COMMANDS = ("./run ",)


def python_blocks() -> list[str]:
    return [body for lang, body in BLOCKS if lang == "python"]


def console_commands() -> list[str]:
    commands = []
    for lang, body in BLOCKS:
        if lang != "console":
            continue
        for line in body.splitlines():
            if line.startswith("$ ") and not line[2:].startswith(SETUP_COMMANDS):
                commands.append(line[2:].split("#")[0].strip())
    return commands


def test_readme_has_the_two_commands() -> None:
    assert "$ ./run main" in README
    assert "$ ./run test" in README
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "./run test" in ci


def test_readme_python_blocks_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    blocks = python_blocks()
    assert blocks
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)


@pytest.mark.parametrize("command", console_commands())
def test_readme_console_commands_run(command: str, tmp_path: Path) -> None:
    argv = shlex.split(command.replace("/tmp/", f"{tmp_path}/"))
    executable = Path(sys.executable).parent / argv[0]
    result = subprocess.run(
        [str(executable), *argv[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def run_mypy_strict(files: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` as a user runs it: no project config, no pydantic plugin (datasets
    ships no type information, so a user's config ignores its missing stubs)."""
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    config = "[mypy]\n[mypy-datasets.*]\nignore_missing_imports = True\n"
    (tmp_path / "mypy.ini").write_text(config, encoding="utf-8")
    cache = ROOT / ".mypy_cache" / "readme"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            "mypy.ini",
            "--cache-dir",
            str(cache),
            *files,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MYPYPATH": str(ROOT)},
    )


def test_readme_python_blocks_pass_mypy_strict(tmp_path: Path) -> None:
    blocks = {f"readme_block_{index}.py": body for index, body in enumerate(python_blocks())}
    result = run_mypy_strict(blocks, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_refuses_a_label_outside_the_taxonomy(tmp_path: Path) -> None:
    typo = (
        "from annot.schema import Mention, Span\n"
        'Mention(id="m1", span=Span(start=0, end=4, text="Budi"), label="PERSON")\n'
    )
    result = run_mypy_strict({"typo.py": typo}, tmp_path)
    assert result.returncode == 1
    assert 'Argument "label" to "Mention" has incompatible type "Literal[\'PERSON\']"' in (
        result.stdout
    )
