"""The one reader of Label Studio data: pull files (JSONL), JSON array exports, a single task
object, and any of them gzip-compressed (found by the magic bytes, not the name).

It streams: an array is cut into items one at a time (constant memory in the number of
tasks), a JSONL file is read line by line. It never raises on bad bytes or bad shape: every
part that cannot be read becomes a :class:`RawTask` without a task, with its original text
and a coded :class:`~annot.problems.Problem` naming the file, the line or item, the byte
offset and the task id where known; the rest of the file is still read. A bad JSONL line is
skipped and the next line read; a truncated array yields every complete item, then one
problem for the cut item.

What is refused, and why (each with its own code):

- bytes that are not UTF-8 text (``bad-encoding``): invalid UTF-8, NUL bytes, UTF-16 files;
  a UTF-8 byte order mark is accepted with a ``byte-order-mark`` warning;
- JSON nested deeper than :data:`MAX_DEPTH` (``nesting-too-deep``), a line or task larger than
  :data:`MAX_TASK_BYTES` or a result list longer than :data:`MAX_RESULTS` (``too-large``);
- NaN and Infinity (``non-finite-number``), integers outside the signed 64-bit range
  (``number-out-of-range``), duplicate keys (``duplicate-key``), unpaired UTF-16 surrogates
  such as ``"\\ud800"`` (``lone-surrogate``): Label Studio writes none of them, and each would
  make a later stage guess or crash;
- a top-level scalar, ``null`` or an object that wraps the tasks (``wrong-shape``), an array
  item that is not an object and text that is not JSON (``malformed-json``), a compressed
  file cut short (``truncated-input``).

A problem that makes the whole file unreadable carries ``details["scope"] == "file"``
(:func:`is_file_problem`): the command line exits with 2 for it. Debug a file with
``[str(t.problem) for t in read_tasks(path) if t.problem]``.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

import orjson

from annot.problems import Problem, ProblemCode, Severity

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = [
    "MAX_DEPTH",
    "MAX_RESULTS",
    "MAX_TASK_BYTES",
    "RawTask",
    "as_task",
    "dump_json",
    "is_file_problem",
    "read_tasks",
    "safe_text",
]

MAX_DEPTH: Final = 64
"""Deepest JSON nesting read (a Label Studio task nests about 8 levels deep)."""
MAX_TASK_BYTES: Final = 64 * 1024 * 1024
"""Largest task (a JSONL line, an array item, a single-object file) read, in bytes."""
MAX_RESULTS: Final = 200_000
"""Most entries (regions, choices, relations) in one annotation's or prediction's result."""
MAX_ORIGINAL_CHARS: Final = 1024 * 1024
"""Longest original text kept for the quarantine of an item that cannot be read."""
_CHUNK: Final = 1 << 20
_INT64: Final = 1 << 63

_FIX_FILE: Final = (
    "Pull again (annot pull), or export the project again with Label Studio's JSON export; "
    "do not edit exported JSON by hand."
)
_FIX_ENCODING: Final = (
    "Write the file as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8 in > out), or pull again "
    "(annot pull) instead of copying it through another program."
)


@dataclass(frozen=True, slots=True)
class RawTask:
    """One input item: a task object, or the text that could not be read as one."""

    position: int
    """1-based: the line of a JSONL file, the index + 1 of an array item."""
    task: Mapping[str, object] | None
    """The task; ``None`` when the item cannot be used (``problem`` says why)."""
    original: str
    """The item's JSON text as it is in the file (cut at :data:`MAX_ORIGINAL_CHARS`)."""
    problem: Problem | None = None
    """Why the item cannot be used (an error), or a warning about a usable task."""
    path: str | None = None
    byte_offset: int | None = None
    """Where the item starts in the (decompressed) file."""
    task_id: int | None = None
    """The task's ``id`` where it could be read, even when the task cannot be used."""
    unit: str = "line"
    """``line`` (JSONL), ``item`` (array) or ``file`` (one object): what ``position`` counts."""

    def location(self) -> str | None:
        """``path: line N (byte B)``, the item's place in its file (``None``: not from a file)."""
        if self.path is None:
            return None
        return _Where(self.path, self.position, self.byte_offset, self.unit).describe()


def safe_text(text: str) -> str:
    """``text`` with unpaired surrogates (invalid UTF-8 bytes, ``\\ud800`` escapes) written
    as ``\\uXXXX`` escapes, so it can be encoded as UTF-8."""
    return _SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def dump_json(value: object) -> str:
    """Compact JSON with non-ASCII text kept readable; never fails on unpaired surrogates."""
    return safe_text(json.dumps(value, ensure_ascii=False, default=str))


def as_task(value: object) -> Mapping[str, object] | None:
    """``value`` as a JSON object with string keys, else ``None``."""
    if type(value) is dict:  # what a parser makes: no abstract-class check
        return value if all(map(_IS_STR, value)) else None
    if isinstance(value, Mapping) and all(map(_IS_STR, value)):
        return value
    return None


_IS_STR: Final = str.__instancecheck__


def is_file_problem(problem: Problem) -> bool:
    """Whether ``problem`` makes a whole input file unreadable (the CLI exits with 2)."""
    return problem.details.get("scope") == "file"


# --- problems -------------------------------------------------------------------------------

_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_ESCAPED_SURROGATE: Final = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_STRING: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET_PAIR: Final = re.compile(r"\[\]|\{\}")
_NOT_BRACKET: Final = re.compile(r"[^\[\]{}]+")
_LONG_INT: Final = re.compile(r"\d{19,}")
_ID: Final = re.compile(r'"id"\s*:\s*(\d{1,18})\b')
_WS: Final = b" \t\r\n"


@dataclass(frozen=True, slots=True)
class _Where:
    path: str
    position: int
    byte_offset: int | None
    unit: str
    """``line`` (JSONL), ``item`` (array) or ``file`` (one object)."""

    def describe(self) -> str:
        at = f" (byte {self.byte_offset})" if self.byte_offset is not None else ""
        if self.unit == "file":
            return f"{self.path}{at}"
        return f"{self.path}: {self.unit} {self.position}{at}"


def _problem(
    where: _Where,
    code: ProblemCode,
    what: str,
    *,
    fix: str = _FIX_FILE,
    severity: Severity = Severity.ERROR,
    task_id: int | None = None,
    whole_file: bool = False,
) -> Problem:
    details = {
        "source": where.path,
        "position": str(where.position),
        where.unit: str(where.position),
    }
    if where.byte_offset is not None:
        details["byte_offset"] = str(where.byte_offset)
    if whole_file:
        details["scope"] = "file"
    outcome = "the file cannot be read" if whole_file else "it is quarantined as it is"
    if severity is not Severity.ERROR:
        outcome = "it is read"
    return Problem(
        code=code,
        severity=severity,
        message=f"{what[:1].upper()}{what[1:]}; {outcome}.",
        fix=fix,
        source=where.describe(),
        task_id=task_id,
        details=details,
    )


def _refused(
    where: _Where,
    code: ProblemCode,
    what: str,
    original: str,
    *,
    fix: str = _FIX_FILE,
    whole_file: bool = False,
) -> RawTask:
    task_id = _peek_id(original)
    problem = _problem(where, code, what, fix=fix, task_id=task_id, whole_file=whole_file)
    return RawTask(
        position=where.position,
        task=None,
        original=safe_text(original[:MAX_ORIGINAL_CHARS]),
        problem=problem,
        path=where.path,
        byte_offset=where.byte_offset,
        task_id=task_id,
        unit=where.unit,
    )


def _peek_id(text: str) -> int | None:
    """The task's ``"id": <int>`` when it comes before any nested object or list."""
    found = _ID.search(text, 0, 4096)
    if found is None:
        return None
    before = text[: found.start()]
    return int(found.group(1)) if before.count("{") == 1 and "[" not in before else None


# --- one item -------------------------------------------------------------------------------


class _RefusedError(Exception):
    def __init__(self, code: ProblemCode, what: str) -> None:
        super().__init__(what)
        self.code = code
        self.what = what


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                what = f"the key {safe_text(repr(key))} appears twice in one object"
                raise _RefusedError(ProblemCode.DUPLICATE_KEY, what)
            seen.add(key)
    return value


def _constant(name: str) -> object:
    raise _RefusedError(ProblemCode.NON_FINITE_NUMBER, f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise _RefusedError(ProblemCode.NON_FINITE_NUMBER, f"{text} is too large for a number")
    return number


def _int64(text: str) -> int:
    number = int(text)
    if not -_INT64 <= number < _INT64:
        raise _RefusedError(
            ProblemCode.NUMBER_OUT_OF_RANGE,
            f"the integer {text[:30]}{'…' if len(text) > 30 else ''} is outside the signed "
            "64-bit range of ids and offsets",
        )
    return number


def _depth(skeleton: str) -> int:
    """Nesting depth of balanced brackets (strings removed), counted up to MAX_DEPTH + 1."""
    brackets = _NOT_BRACKET.sub("", skeleton)
    depth = 0
    while brackets and depth <= MAX_DEPTH:
        brackets, removed = _BRACKET_PAIR.subn("", brackets)
        if not removed:
            break
        depth += 1
    return depth


def _lone_surrogate(value: object) -> str | None:
    """The first string (or key) in ``value`` with an unpaired surrogate, escaped."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return safe_text(item[:80])
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _too_many_results(task: Mapping[str, object]) -> str | None:
    for key in ("annotations", "predictions"):
        listed = task.get(key)
        if not isinstance(listed, list):
            continue
        for index, item in enumerate(listed):
            result = item.get("result") if isinstance(item, dict) else None
            if isinstance(result, list) and len(result) > MAX_RESULTS:
                return (
                    f"{key}[{index}] has {len(result)} result entries, more than the "
                    f"{MAX_RESULTS} read per annotation"
                )
    return None


# --- the fast way: orjson, when cheap checks prove the careful way would read the same ---------

_CAREFUL: Final = object()
"""What :func:`_fast_decode` returns when the item needs :func:`_decode`'s careful way."""
_STRUCTURE_BYTES: Final = b'"[]{}:'
_NOT_STRUCTURE: Final = bytes(byte for byte in range(256) if byte not in _STRUCTURE_BYTES)
_DIGITS: Final = bytes(ord("0") if chr(byte).isdigit() else ord(" ") for byte in range(256))
_LONG_DIGITS: Final = b"0" * 19
"""The shortest digit run that can be an integer outside the signed 64-bit range."""


def _structure(data: bytes) -> bytes:
    """The brackets and colons of valid JSON ``data``, strings left out: one ``:`` per key."""
    if b"\\\\" in data:  # escapes: an escaped backslash, then an escaped quote, never delimit
        data = data.replace(b"\\\\", b"")
    if b'\\"' in data:
        data = data.replace(b'\\"', b"")
    kept = data.translate(None, _NOT_STRUCTURE).replace(b'""', b"")
    return b"".join(kept.split(b'"')[::2])  # quotes pair up: every other piece is outside


def _shallow(structure: bytes) -> bool:
    """Whether the brackets of ``structure`` nest at most MAX_DEPTH deep (a bound: one round
    removes at most two levels)."""
    brackets = structure.replace(b":", b"")
    rounds = 0
    while brackets:
        rounds += 1
        if 2 * rounds > MAX_DEPTH:
            return False
        brackets = brackets.replace(b"[]", b"").replace(b"{}", b"")
    return True


def _fast_decode(text: str, data: bytes | None = None, *, checked: bool = True) -> object:
    """``text`` parsed by orjson when that is provably what :func:`_decode` returns (valid
    UTF-8, no NaN, no lone surrogate, no duplicate key, no long integer, shallow), else
    :data:`_CAREFUL`. Most items take this way; every refusal is made by the careful way.
    ``data``: the bytes ``text`` was decoded from, when at hand. Unless ``checked``, what
    orjson reads is returned unchecked (:func:`read_tasks`' rough reading)."""
    try:
        if data is None:
            data = text.encode("utf-8")
        value = orjson.loads(data)
    except (UnicodeEncodeError, orjson.JSONDecodeError):
        return _CAREFUL
    if not checked:
        return value
    if _LONG_DIGITS in data.translate(_DIGITS):
        return _CAREFUL
    structure = _structure(data)
    if not _shallow(structure):
        return _CAREFUL
    if isinstance(value, dict | list):  # a duplicate key is lost in the parse: count keys
        try:
            written = orjson.dumps(value)
        except orjson.JSONEncodeError:  # pragma: no cover - what orjson read it writes
            return _CAREFUL
        if not _same_keys(data, written, structure):
            return _CAREFUL
    return value


def _same_keys(data: bytes, written: bytes, structure: bytes) -> bool:
    """Whether ``written`` (orjson's dump of what it read from ``data``) has every key of
    ``data``: no duplicate key was lost.

    Every key is followed by one ``:``, and ``written`` holds every string of ``data`` with
    its colons unescaped; a lost key takes at least its own colon with it. So, when no colon
    of ``data`` is escaped (``\\u003a``), equal colon counts prove equal key counts;
    else the keys are counted outside the strings."""
    if b"u003a" not in data and b"u003A" not in data:
        return data.count(b":") == written.count(b":")
    return _structure(written).count(b":") == structure.count(b":")


def _decode(text: str) -> object:
    """Parse one JSON value under the reader's rules; raises :class:`_RefusedError`."""
    value = _fast_decode(text)
    if value is not _CAREFUL:
        return value
    if "\x00" in text:
        raise _RefusedError(ProblemCode.BAD_ENCODING, "it holds NUL bytes (a binary file?)")
    bad = re.search("[\udc80-\udcff]", text)
    if bad is not None:
        raise _RefusedError(
            ProblemCode.BAD_ENCODING,
            f"it is not UTF-8 (an invalid byte 0x{ord(bad.group()) - 0xDC00:02x} at character "
            f"{bad.start()} of the item)",
        )
    skeleton = _STRING.sub('""', text)
    if _depth(skeleton) > MAX_DEPTH:
        raise _RefusedError(
            ProblemCode.NESTING_TOO_DEEP,
            f"it is nested more than {MAX_DEPTH} levels deep (a Label Studio task nests about 8)",
        )
    try:
        value = json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_constant=_constant,
            parse_float=_finite_float,
            parse_int=_int64 if _LONG_INT.search(skeleton) else None,
        )
    except json.JSONDecodeError as exc:
        raise _RefusedError(
            ProblemCode.MALFORMED_JSON, f"it is not JSON ({exc.msg} at character {exc.pos})"
        ) from exc
    except RecursionError as exc:  # pragma: no cover - the depth check comes first
        raise _RefusedError(ProblemCode.NESTING_TOO_DEEP, "it is nested too deeply") from exc
    if _ESCAPED_SURROGATE.search(text):
        found = _lone_surrogate(value)
        if found is not None:
            raise _RefusedError(
                ProblemCode.LONE_SURROGATE,
                f"the string {found!r} holds an unpaired UTF-16 surrogate (not Unicode text)",
            )
    return value


def _item(where: _Where, text: str, value: object = _CAREFUL) -> RawTask:
    """One item's text as a :class:`RawTask` (a task, or the reason why not); ``value`` is
    the text's value when :func:`_fast_decode` already read it."""
    if value is _CAREFUL:
        try:
            value = _decode(text)
        except _RefusedError as refusal:
            return _refused(where, refusal.code, refusal.what, text)
    task = as_task(value)
    if task is None:
        kind = "null" if value is None else type(value).__name__
        return _refused(
            where, ProblemCode.MALFORMED_JSON, f"it is a {kind}, not a task object", text
        )
    task_id = task.get("id")
    known_id = task_id if isinstance(task_id, int) and not isinstance(task_id, bool) else None
    crowded = _too_many_results(task)
    if crowded is not None:
        return _refused(where, ProblemCode.TOO_LARGE, crowded, text)
    return RawTask(
        position=where.position,
        task=task,
        original=text if len(text) <= MAX_ORIGINAL_CHARS else text[:MAX_ORIGINAL_CHARS],
        path=where.path,
        byte_offset=where.byte_offset,
        task_id=known_id,
        unit=where.unit,
    )


# --- byte sources ---------------------------------------------------------------------------


class _Gunzip(io.RawIOBase):
    """The decompressed bytes of a gzip file (members in a row); a cut or damaged stream
    ends early with :attr:`cut` saying why, after everything that could be decompressed."""

    def __init__(self, handle: IO[bytes]) -> None:
        super().__init__()
        self.handle = handle
        self.cut: str | None = None
        self.seek(0)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        if (offset, whence) != (0, 0):
            raise io.UnsupportedOperation("a gzip stream is only rewound (seek(0))")
        self.handle.seek(0)
        self._inflater = zlib.decompressobj(wbits=31)
        self._pending = b""
        self._done = False
        self.cut = None
        return 0

    def readinto(self, buffer: WriteableBuffer) -> int:
        while not self._pending and not self._done:
            self._pending = self._inflate()
        view = memoryview(buffer).cast("B")
        size = min(len(view), len(self._pending))
        view[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def _inflate(self) -> bytes:
        inflater = self._inflater
        if inflater.eof:
            data = inflater.unused_data or self.handle.read(_CHUNK)
            if not data:
                self._done = True
                return b""
            self._inflater = inflater = zlib.decompressobj(wbits=31)
        elif inflater.unconsumed_tail:
            data = inflater.unconsumed_tail
        else:
            data = self.handle.read(_CHUNK)
            if not data:
                self._done = True
                self.cut = "the compressed data ends before its end marker"
                return b""
        try:
            return inflater.decompress(data, _CHUNK)
        except zlib.error as exc:
            self._done = True
            self.cut = f"the compressed data is damaged ({exc})"
            return b""

    def close(self) -> None:
        self.handle.close()
        super().close()


def _cut(stream: IO[bytes]) -> str | None:
    """Why a gzip stream ended early, if it did."""
    raw = getattr(stream, "raw", None)
    return raw.cut if isinstance(raw, _Gunzip) else None


class _Source:
    """Decoded text of a (possibly gzip-compressed) file, chunk by chunk.

    Invalid UTF-8 becomes surrogate escapes (``\\udc80``-``\\udcff``), which :func:`_decode`
    refuses item by item; a cut gzip stream ends the text with :attr:`cut` set.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self.cut: str | None = None

    def read(self, size: int = _CHUNK) -> str:
        """Up to about ``size`` characters; ``""`` at the end (or where the file is cut)."""
        data = self.stream.read(size)
        if not data:
            self.cut = _cut(self.stream)
        return self.decoder.decode(data, final=not data)

    def readline(self, limit: int) -> tuple[bytes, bool]:
        """One line of raw bytes (at most ``limit``) and whether it was longer (rest skipped)."""
        line = self.stream.readline(limit)
        if not line:
            self.cut = _cut(self.stream)
        if len(line) < limit or line.endswith(b"\n"):
            return line, False
        rest = line
        while rest and not rest.endswith(b"\n"):
            rest = self.stream.readline(_CHUNK)
        return line, True


def _utf8_length(text: str) -> int:
    return len(text.encode("utf-8", "surrogateescape"))


def _array(source: _Source, path: str, start: int, checked: bool) -> Iterator[RawTask]:
    """Items of a JSON array, cut one at a time by a bracket scanner (strings skipped)."""
    scanner = _ArrayScanner(source, path, start, checked)
    yield from scanner.items()


_RAW_DECODER: Final = json.JSONDecoder()
_STRUCTURE: Final = re.compile(r'["\[\]{}]')
_STRING_END: Final = re.compile(r'["\\]')
_SCALAR_END: Final = re.compile(r"[,\]\s]")


class _ArrayScanner:
    """Cuts a JSON array into item texts without parsing them (constant memory per item)."""

    def __init__(self, source: _Source, path: str, start: int, checked: bool = True) -> None:
        self.source = source
        self.checked = checked
        self.path = path
        self.buffer = ""
        self.pos = 0
        self.mark = 0
        self.mark_bytes = start
        """The byte offset in the file of ``buffer[mark]``."""
        self.eof = False

    def _fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.source.read()
        if not chunk:
            self.eof = True
            return False
        if self.pos:
            self._byte_offset(self.pos)
            self.buffer = self.buffer[self.pos :]
            self.pos = self.mark = 0
        self.buffer += chunk
        return True

    def _byte_offset(self, index: int) -> int:
        """The byte offset of ``buffer[index]`` (``index`` never goes back)."""
        self.mark_bytes += _utf8_length(self.buffer[self.mark : index])
        self.mark = index
        return self.mark_bytes

    def _skip_space(self) -> str:
        """The next non-whitespace character (not consumed), ``""`` at the end."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in " \t\r\n\ufeff":
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._fill():
                return ""

    def items(self) -> Iterator[RawTask]:
        assert self._skip_space() == "["
        self.pos += 1
        position = 0
        expect_item = True
        while True:
            char = self._skip_space()
            if char == "":
                where = _Where(self.path, position + 1, self._byte_offset(self.pos), "item")
                what = f"the array ends after item {position} without its closing ']'"
                yield self._cut(where, what, "")
                return
            if char == "]" and (position == 0 or not expect_item):
                self.pos += 1
                yield from self._trailing(position)
                return
            if char == "," and not expect_item:
                self.pos += 1
                expect_item = True
                continue
            if not expect_item:
                where = _Where(self.path, position + 1, self._byte_offset(self.pos), "item")
                yield self._cut(where, f"a ',' or ']' is missing before {char!r}", self._rest())
                return
            position += 1
            where = _Where(self.path, position, self._byte_offset(self.pos), "item")
            guessed = self._guess_item()
            if guessed is not None:
                text, value = guessed
                yield _item(where, text, value)
                expect_item = False
                continue
            text, size, complete = self._cut_item()
            if not complete:
                what = f"the array is cut inside item {position}"
                yield self._cut(where, what, text)
                return
            if size > MAX_TASK_BYTES:
                what = f"the item has {size} bytes, more than the {MAX_TASK_BYTES} read per task"
                yield _refused(where, ProblemCode.TOO_LARGE, what, text)
            else:
                yield _item(where, text)
            expect_item = False

    def _cut(self, where: _Where, what: str, text: str) -> RawTask:
        code = ProblemCode.TRUNCATED_INPUT if self.source.cut else ProblemCode.MALFORMED_JSON
        if self.source.cut:
            what += f" (the compressed file is cut: {self.source.cut})"
        return _refused(where, code, what, text)

    def _rest(self) -> str:
        """The rest of the file, up to MAX_ORIGINAL_CHARS (for the quarantine)."""
        text = self.buffer[self.pos : self.pos + MAX_ORIGINAL_CHARS]
        while len(text) < MAX_ORIGINAL_CHARS and self._fill():
            text = self.buffer[self.pos : self.pos + MAX_ORIGINAL_CHARS]
        self.pos = len(self.buffer)
        return text

    def _trailing(self, position: int) -> Iterator[RawTask]:
        char = self._skip_space()
        if char == "" and not self.source.cut:
            return
        where = _Where(self.path, position + 1, self._byte_offset(self.pos), "item")
        if char == "":
            yield self._cut(where, "the file goes on after the array's closing ']'", "")
            return
        yield _refused(
            where,
            ProblemCode.MALFORMED_JSON,
            "text follows the array's closing ']'",
            self._rest(),
        )

    def _find(self, sub: str, start: int) -> int:
        """Index of ``sub`` at or after ``start`` (``start >= pos``) in the buffer, reading
        on while it is not there (up to MAX_TASK_BYTES past ``pos``); -1 when not found."""
        while True:
            found = self.buffer.find(sub, start)
            if found >= 0 or len(self.buffer) - self.pos > MAX_TASK_BYTES:
                return found
            start = max(start, len(self.buffer) - len(sub)) - self.pos
            if not self._fill():
                return -1
            start += self.pos

    def _guess_item(self) -> tuple[str, object] | None:
        """The object item at ``pos`` and its value, when it ends where exports end items (at
        the end of its line, or at a ``}`` line indented as its ``{``) and
        :func:`_fast_decode` reads it whole; ``pos`` moves past it. Else ``None``, nothing
        consumed. A JSON object ends at its own ``}``, so a guess that reads is the item."""
        if self.buffer[self.pos] != "{":
            return None
        line_end = self._find("\n", self.pos)
        text = self.buffer[self.pos : line_end if line_end >= 0 else None].rstrip(" \t\r,]")
        if text == "{":  # pretty-printed: the item closes at its own indentation
            indent = self.buffer[self.buffer.rfind("\n", 0, self.pos) + 1 : self.pos]
            close = self._find(f"\n{indent}}}", self.pos) if not indent.strip() else -1
            text = self.buffer[self.pos : close + len(indent) + 2] if close >= 0 else ""
        if not text.endswith("}"):
            return None
        if 4 * len(text) > MAX_TASK_BYTES and _utf8_length(text) > MAX_TASK_BYTES:
            return None
        value = _fast_decode(text, checked=self.checked)
        if not isinstance(value, dict):
            return None
        self.pos += len(text)
        return text, value

    def _whole_item(self) -> tuple[str, int, bool] | None:
        """The item at ``pos`` when it lies whole in the buffer and is JSON (found by the C
        parser: the fast way), else ``None`` (then :meth:`_cut_item` scans for its end)."""
        try:
            _, end = _RAW_DECODER.raw_decode(self.buffer, self.pos)
        except (json.JSONDecodeError, RecursionError, ValueError):
            return None
        if end >= len(self.buffer) and not self.eof:  # a number may go on in the next chunk
            return None
        text = self.buffer[self.pos : end]
        self.pos = end
        return text, _utf8_length(text), True

    def _cut_item(self) -> tuple[str, int, bool]:
        """The text of the item at ``pos`` (cut at MAX_TASK_BYTES), its size, and whether
        it is complete; ``pos`` moves past it."""
        whole = self._whole_item()
        if whole is not None:
            return whole
        parts: list[str] = []
        kept = 0
        size = 0
        depth = 0
        in_string = False
        start = self.pos
        first = True

        def keep(upto: int) -> None:
            nonlocal kept, size, start
            piece = self.buffer[start:upto]
            length = _utf8_length(piece)
            size += length
            if kept <= MAX_TASK_BYTES:
                parts.append(piece)
                kept += length
            start = upto

        while True:
            if self.pos >= len(self.buffer):
                keep(self.pos)
                if not self._fill():
                    return "".join(parts), size, False
                start = self.pos
                continue
            if first:
                first = False
                char = self.buffer[self.pos]
                if char not in '[{"':
                    found = _SCALAR_END.search(self.buffer, self.pos)
                    while found is None:
                        keep(len(self.buffer))
                        self.pos = len(self.buffer)
                        if not self._fill():
                            return "".join(parts), size, False
                        start = self.pos = 0
                        found = _SCALAR_END.search(self.buffer, self.pos)
                    self.pos = found.start()
                    keep(self.pos)
                    return "".join(parts), size, True
            if in_string:
                found = _STRING_END.search(self.buffer, self.pos)
                if found is None:
                    self.pos = len(self.buffer)
                    continue
                if found.group() == "\\":
                    if found.end() >= len(self.buffer):
                        keep(found.start())
                        self.pos = found.start()
                        if not self._fill():
                            self.pos = len(self.buffer)
                            return "".join(parts), size, False
                        start = self.pos
                        continue
                    self.pos = found.end() + 1
                    continue
                self.pos = found.end()
                in_string = False
                if depth == 0:
                    keep(self.pos)
                    return "".join(parts), size, True
                continue
            found = _STRUCTURE.search(self.buffer, self.pos)
            if found is None:
                self.pos = len(self.buffer)
                continue
            self.pos = found.end()
            char = found.group()
            if char == '"':
                in_string = True
            elif char in "[{":
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    keep(self.pos)
                    return "".join(parts), size, True


def _lines(source: _Source, path: str, start: int, checked: bool) -> Iterator[RawTask]:
    offset = start
    number = 0
    while True:
        line, longer = source.readline(MAX_TASK_BYTES + 1)
        if not line:
            if source.cut is not None:
                where = _Where(path, number + 1, offset, "line")
                what = f"the compressed file is cut after line {number} ({source.cut})"
                yield _refused(where, ProblemCode.TRUNCATED_INPUT, what, "")
            return
        number += 1
        where = _Where(path, number, offset, "line")
        offset += len(line)
        if longer:
            what = f"the line is longer than the {MAX_TASK_BYTES} bytes read per task"
            yield _refused(
                where, ProblemCode.TOO_LARGE, what, line[:4096].decode("utf-8", "replace")
            )
            continue
        text = line.decode("utf-8", "surrogateescape")
        if number == 1:
            text = text.removeprefix("\ufeff")
            line = line.removeprefix(codecs.BOM_UTF8)
        if not text.strip():
            continue
        text = text.rstrip("\r\n")
        yield _item(where, text, _fast_decode(text, line.rstrip(b"\r\n"), checked=checked))


# --- the file -------------------------------------------------------------------------------


def _open(path: Path) -> IO[bytes]:
    handle = path.open("rb")
    if handle.read(2) == b"\x1f\x8b":
        return io.BufferedReader(_Gunzip(handle), buffer_size=_CHUNK)
    handle.seek(0)
    return handle


def _utf16(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = head[:64]
    return len(sample) >= 4 and sample.count(0) >= len(sample) // 3 and 0 in sample[:2]


def _peek(stream: IO[bytes], size: int) -> bytes:
    """Up to ``size`` bytes from the start."""
    parts: list[bytes] = []
    got = 0
    while got < size:
        data = stream.read(min(_CHUNK, size - got))
        if not data:
            break
        parts.append(data)
        got += len(data)
    return b"".join(parts)


def _first_char(stream: IO[bytes], head: bytes, skip: int) -> tuple[int, bytes]:
    """Byte offset and value of the first byte that is not whitespace (``b""``: none)."""
    rest = head[skip:].lstrip(_WS)
    if rest:
        return len(head) - len(rest), rest[:1]
    offset = len(head)
    while True:
        chunk = _peek(stream, _CHUNK)
        if not chunk:
            return offset, b""
        rest = chunk.lstrip(_WS)
        if rest:
            return offset + len(chunk) - len(rest), rest[:1]
        offset += len(chunk)


def _is_jsonl(stream: IO[bytes], first_char: bytes) -> bool:
    """Whether the file is JSONL: its first line is JSON by itself (or too long to tell), or
    the next non-empty line starts an object (a pretty-printed object's starts a key)."""
    first = b""
    while not first.strip():
        first = stream.readline(MAX_TASK_BYTES + 1)
        if not first:
            return False
    if first_char == b"{":
        if len(first) > MAX_TASK_BYTES:
            return True
        try:
            json.loads(first)
            return True
        except (json.JSONDecodeError, RecursionError, ValueError):
            pass
    second = b""
    while not second.strip():
        second = stream.readline(_CHUNK)
        if not second:
            return first_char == b"{"  # one line: JSONL and one object read alike
    return second.lstrip(_WS).startswith(b"{")


def read_tasks(path: Path, *, checked: bool = True) -> Iterator[RawTask]:
    """Every task in ``path``: a JSON array of tasks (Label Studio's export), JSONL (one task
    a line, as ``annot pull`` stores them) or a single task object, each possibly gzip-
    compressed. Streams; never raises on the file's content (see the module docstring).

    A file that is empty or holds only whitespace yields nothing. ``OSError`` (no such file,
    no permission) is raised as it is: say so with the file's name.

    ``checked=False`` is a rough reading: an item that orjson reads is a task even where the
    rules above would refuse it (duplicate keys, deep nesting, long integers); only what
    cannot be a task by any reading is refused. For a first look (which documents are
    there), never for use.
    """
    name = str(path)
    with _open(path) as stream:
        head = _peek(stream, 1 << 16)
        whole = _Where(name, 1, 0, "file")
        if _utf16(head):
            what = "it is UTF-16 text, not UTF-8"
            yield _refused(
                whole, ProblemCode.BAD_ENCODING, what, "", fix=_FIX_ENCODING, whole_file=True
            )
            return
        skip = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
        offset, first = _first_char(stream, head, skip)
        cut = _cut(stream)
        stream.seek(0)
        if not first:
            if cut is not None:
                what = f"the gzip data is cut or damaged ({cut})"
                yield _refused(whole, ProblemCode.TRUNCATED_INPUT, what, "", whole_file=True)
            return
        bom = _bom_warning(whole) if skip else None
        source = _Source(stream)
        if first == b"[":
            yield from _with_warning(_array(source, name, 0, checked), bom)
        elif _is_jsonl(stream, first):
            stream.seek(0)
            yield from _with_warning(_lines(source, name, 0, checked), bom)
        elif first == b"{":
            stream.seek(0)
            yield from _with_warning(_single(source, name, offset), bom)
        else:
            stream.seek(0)
            yield from _not_tasks(source, name, head, offset)


def file_holds(path: Path, needle: bytes) -> bool:
    """Whether the bytes of ``path`` (decompressed when gzip) hold ``needle``; streams."""
    keep = len(needle) - 1
    tail = b""
    with _open(path) as stream:
        while chunk := stream.read(_CHUNK):
            data = tail + chunk
            if needle in data:
                return True
            tail = data[len(data) - keep :] if keep else b""
    return False


def _bom_warning(where: _Where) -> Problem:
    return _problem(
        where,
        ProblemCode.BYTE_ORDER_MARK,
        "the file starts with a UTF-8 byte order mark (JSON is written without one)",
        fix="Nothing to do; to avoid it, save the file as UTF-8 without BOM.",
        severity=Severity.WARNING,
    )


def _with_warning(items: Iterator[RawTask], warning: Problem | None) -> Iterator[RawTask]:
    """``items``, the first usable one carrying ``warning`` (a file-level warning)."""
    for item in items:
        if warning is not None and item.problem is None:
            item = replace(item, problem=warning)
            warning = None
        yield item


def _single(source: _Source, name: str, offset: int) -> Iterator[RawTask]:
    parts: list[str] = []
    size = 0
    while size <= MAX_TASK_BYTES:
        chunk = source.read()
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    where = _Where(name, 1, offset, "file")
    text = "".join(parts).removeprefix("\ufeff")
    if size > MAX_TASK_BYTES:
        what = f"the single task has more than the {MAX_TASK_BYTES} bytes read per task"
        yield _refused(where, ProblemCode.TOO_LARGE, what, text, whole_file=True)
        return
    if source.cut is not None:
        what = f"the compressed file is cut ({source.cut})"
        yield _refused(where, ProblemCode.TRUNCATED_INPUT, what, text, whole_file=True)
        return
    item = _item(where, text.strip())
    wrapped = _wrapped_tasks(item.task) if item.task is not None else None
    if wrapped is not None:
        what = (
            f"the tasks are wrapped in an object under {wrapped!r}; a Label Studio export is "
            "the array itself"
        )
        fix = f"Use the array: jq '.{wrapped}' file > tasks.json, or export again (annot pull)."
        yield _refused(where, ProblemCode.WRONG_SHAPE, what, text, fix=fix, whole_file=True)
        return
    if item.problem is not None and item.problem.code is ProblemCode.MALFORMED_JSON:
        problem = item.problem
        details = {**problem.details, "scope": "file"}
        item = replace(
            item,
            task=None,
            problem=problem.model_copy(update={"details": details}),
            path=name,
            byte_offset=offset,
        )
    yield item


def _wrapped_tasks(task: Mapping[str, object]) -> str | None:
    """The key of a list of task objects in an object that is not itself a task."""
    if "data" in task:
        return None
    for key, value in task.items():
        if (
            isinstance(value, list)
            and value
            and all(isinstance(item, dict) and "data" in item for item in value[:10])
        ):
            return key
    return None


def _not_tasks(source: _Source, name: str, head: bytes, offset: int) -> Iterator[RawTask]:
    """A file that starts with neither '[' nor '{': a scalar, or text that is not JSON."""
    where = _Where(name, 1, offset, "file")
    text = source.read(MAX_ORIGINAL_CHARS)
    if b"\x00" in head:
        what = "it holds NUL bytes: a binary file, not JSON"
        yield _refused(
            where, ProblemCode.BAD_ENCODING, what, "", fix=_FIX_ENCODING, whole_file=True
        )
        return
    try:
        value = _decode(text.strip()) if len(text) < MAX_ORIGINAL_CHARS else text
    except _RefusedError as refusal:
        code = refusal.code
        what = refusal.what if code is not ProblemCode.MALFORMED_JSON else "it is not JSON"
        if code is ProblemCode.MALFORMED_JSON:
            what = "it is not JSON text (neither a JSON array, an object nor JSONL)"
        yield _refused(where, code, what, text, whole_file=True)
        return
    kind = "null" if value is None else type(value).__name__
    what = f"its JSON is a single {kind}, not a task, an array of tasks or JSONL of tasks"
    yield _refused(where, ProblemCode.WRONG_SHAPE, what, text, whole_file=True)
