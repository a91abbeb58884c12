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
