"""Read pulled Label Studio tasks: a JSON array (streamed), JSONL, or one task object.

Nothing raises on bad input: an item that is not a JSON object comes back as a
:class:`RawTask` without a task, with the original text and a ``malformed-json`` problem.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import ijson

from annot.problems import Problem, ProblemCode, Severity

__all__ = ["RawTask", "as_task", "dump_json", "read_tasks"]

_FIX_FILE = (
    "Pull again (annot pull), or export the project again with Label Studio's JSON snapshot "
    "export; do not edit exported JSON by hand."
)


@dataclass(frozen=True, slots=True)
class RawTask:
    """One input item: a task object, or the text that could not be read as one."""

    position: int
    """1-based: the line of a JSONL file, the index + 1 of an array item."""
    task: Mapping[str, object] | None
    original: str
    """The item's JSON text (a JSONL line as it is; an array item re-serialised)."""
    problem: Problem | None = None


def dump_json(value: object) -> str:
    """Compact JSON with non-ASCII text kept readable (the original of a quarantine entry)."""
    return json.dumps(value, ensure_ascii=False, default=str)


def as_task(value: object) -> Mapping[str, object] | None:
    """``value`` as a JSON object with string keys, else ``None``."""
    if isinstance(value, Mapping) and all(isinstance(key, str) for key in value):
        return value
    return None


def _malformed(position: int, source: str, what: str, original: str) -> RawTask:
    problem = Problem(
        code=ProblemCode.MALFORMED_JSON,
        severity=Severity.ERROR,
        message=f"{source}: {what}; it is quarantined as it is.",
        fix=_FIX_FILE,
        details={"source": source, "position": str(position)},
    )
    return RawTask(position=position, task=None, original=original, problem=problem)


def _item(position: int, value: object, source: str, original: str) -> RawTask:
    task = as_task(value)
    if task is None:
        kind = type(value).__name__
        return _malformed(position, source, f"item {position} is a {kind}, not a task", original)
    return RawTask(position=position, task=task, original=original)


def _array(stream: IO[bytes], path: Path) -> Iterator[RawTask]:
    source = str(path)
    position = 0
    try:
        for value in ijson.items(stream, "item", use_float=True):
            position += 1
            yield _item(position, value, source, dump_json(value))
    except ijson.JSONError as exc:
        what = f"the JSON array breaks after item {position} ({exc})"
        # the whole file is the original: the broken part cannot be cut out reliably
        yield _malformed(position + 1, source, what, path.read_text("utf-8", "replace"))


def _lines(text: str, source: str) -> Iterator[RawTask]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _malformed(number, source, f"line {number} is not JSON ({exc})", line)
            continue
        yield _item(number, value, source, line)


def _is_jsonl(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        return False


def read_tasks(path: Path) -> Iterator[RawTask]:
    """Every task in ``path``: a JSON array of tasks (Label Studio's export, streamed with
    ijson), JSONL (one task a line, as ``annot pull`` stores them) or a single task object.
    """
    source = str(path)
    with path.open("rb") as stream:
        head = stream.read(4096).decode("utf-8", errors="replace").lstrip()
        stream.seek(0)
        if head.startswith("["):
            yield from _array(stream, path)
            return
    text = path.read_text(encoding="utf-8", errors="replace")
    if not text.strip():
        return
    if _is_jsonl(text):
        yield from _lines(text, source)
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield _malformed(1, source, f"the file is neither JSON nor JSONL ({exc})", text)
        return
    yield _item(1, value, source, dump_json(value))
