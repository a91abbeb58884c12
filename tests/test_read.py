"""The one reader (annot.road.read): every form of Label Studio data, problems located by
file, line/item, byte offset and task id; the rest still read; work linear in regions."""

from __future__ import annotations

import codecs
import copy
import gzip
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annot.labelstudio.convert import task_to_annotated
from annot.problems import ProblemCode, Severity
from annot.road.read import (
    MAX_DEPTH,
    RawTask,
    dump_json,
    file_holds,
    is_file_problem,
    read_tasks,
)
from annot.schema import Span
from annot.validate import validate_file, validate_tasks

MALFORMED = Path(__file__).parent / "data" / "malformed"
TEXT = "Kata Dewi Lestari, harga cabai di Surabaya naik lagi pekan ini."


def task(task_id: int = 1, doc: str = "berita-cabai-01") -> dict[str, object]:
    value = {"start": 5, "end": 17, "text": "Dewi Lestari", "labels": ["PER"]}
    region = {"id": "p1", "from_name": "entity", "to_name": "text", "type": "labels"}
    annotation = {"id": task_id * 10, "completed_by": 1, "result": [region | {"value": value}]}
    return {"id": task_id, "data": {"text": TEXT, "doc_id": doc}, "annotations": [annotation]}


def codes(items: list[RawTask]) -> list[str | None]:
    return [item.problem.code.value if item.problem else None for item in items]


def test_the_four_forms_read_alike(tmp_path: Path) -> None:
    tasks = [task(1), task(2, "berita-cabai-02")]
    forms = {
        "array.json": json.dumps(tasks, indent=2).encode(),
        "lines.jsonl": "".join(json.dumps(t) + "\n" for t in tasks).encode(),
        "array.json.gz": gzip.compress(json.dumps(tasks).encode()),
        "lines.gz": gzip.compress("".join(json.dumps(t) + "\n" for t in tasks).encode()),
    }
    for name, content in forms.items():
        (tmp_path / name).write_bytes(content)
        assert [item.task for item in read_tasks(tmp_path / name)] == tasks, name
    (tmp_path / "one.json").write_text(json.dumps(tasks[0], indent=2), encoding="utf-8")
    (one,) = read_tasks(tmp_path / "one.json")
    assert (one.task, one.task_id, one.problem) == (tasks[0], 1, None)


def test_byte_offsets_and_positions_locate_each_item(tmp_path: Path) -> None:
    first, second = json.dumps(task(1), ensure_ascii=False), json.dumps(task(2))
    path = tmp_path / "tasks.json"
    content = f"[{first},\n {second}]"
    path.write_text(content, encoding="utf-8")
    items = list(read_tasks(path))
    assert [(i.position, i.byte_offset, i.task_id) for i in items] == [
        (1, 1, 1),
        (2, len(f"[{first},\n ".encode()), 2),
    ]
    assert [i.original for i in items] == [first, second]


def test_a_bad_line_is_skipped_and_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "pull.jsonl"
    good = json.dumps(task(1)).encode()
    path.write_bytes(good + b"\n" + good[:30] + b"\xff\n" + json.dumps(task(3)).encode() + b"\n")
    items = list(read_tasks(path))
    assert codes(items) == [None, "bad-encoding", None]
    assert [i.position for i in items] == [1, 2, 3]
    assert items[1].byte_offset == len(good) + 1
    assert items[1].task_id == 1  # '{"id": 1, ...' is readable before the bad byte
    assert items[1].problem is not None
    assert items[1].problem.where() == f"{path}: line 2 (byte {len(good) + 1}), task 1"
    assert "line 2" not in items[1].problem.message  # the location is printed once


def test_a_truncated_array_yields_the_complete_items_then_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    text = json.dumps([task(1), task(2)])
    path.write_text(text[:-40], encoding="utf-8")
    items = list(read_tasks(path))
    assert codes(items) == [None, "malformed-json"]
    assert items[1].task_id == 2
    assert "cut inside item 2" in items[1].problem.message  # type: ignore[union-attr]


def test_a_cut_gzip_keeps_what_it_could_decompress(tmp_path: Path) -> None:
    many = [task(n, f"berita-{n:04d}") for n in range(1, 200)]
    path = tmp_path / "cut.json.gz"
    path.write_bytes(gzip.compress(json.dumps(many).encode())[:-200])
    items = list(read_tasks(path))
    assert items[-1].problem is not None
    assert items[-1].problem.code is ProblemCode.TRUNCATED_INPUT
    assert 50 < len(items) < 200
    assert all(item.task == many[n] for n, item in enumerate(items[:-1]))


def test_a_byte_order_mark_is_accepted_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(codecs.BOM_UTF8 + json.dumps([task()]).encode())
    (item,) = read_tasks(path)
    assert item.task == task()
    assert item.problem is not None
    assert (item.problem.code, item.problem.severity) == (
        ProblemCode.BYTE_ORDER_MARK,
        Severity.WARNING,
    )


def test_whole_file_problems_are_marked(tmp_path: Path) -> None:
    path = tmp_path / "utf16.json"
    path.write_bytes(json.dumps([task()]).encode("utf-16"))
    (item,) = read_tasks(path)
    assert item.problem is not None
    assert is_file_problem(item.problem)
    assert item.problem.code is ProblemCode.BAD_ENCODING
    assert "iconv" in item.problem.fix


def test_deep_nesting_is_refused_without_recursion(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    deep = json.dumps(task()).replace('"PER"', "[" * 5000 + "]" * 5000)
    path.write_text(deep + "\n" + json.dumps(task(2)) + "\n", encoding="utf-8")
    items = list(read_tasks(path))
    assert codes(items) == ["nesting-too-deep", None]
    assert str(MAX_DEPTH) in items[0].problem.message  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ('"id": 1', '"id": 99999999999999999999', "number-out-of-range"),
        ('"start": 5', '"start": NaN', "non-finite-number"),
        ('"p1"', '"p\\udbff"', "lone-surrogate"),
        ('"id": 1', '"id": 1, "id": 2', "duplicate-key"),
    ],
)
def test_json_that_would_crash_later_is_refused(
    tmp_path: Path, old: str, new: str, code: str
) -> None:
    path = tmp_path / "task.json"
    path.write_text(json.dumps([task()]).replace(old, new, 1), encoding="utf-8")
    (item,) = read_tasks(path)
    assert (item.task, codes([item])) == (None, [code])
    item.original.encode("utf-8")  # the quarantine can write it


@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 500, 2000])
def test_nesting_is_refused_past_the_limit_exactly(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.jsonl"  # the task object is one level, its "x" list the rest
    path.write_text(
        json.dumps({**task(), "x": "@"}).replace('"@"', "[" * (depth - 1) + "]" * (depth - 1)),
        encoding="utf-8",
    )
    assert codes(list(read_tasks(path))) == [None if depth <= MAX_DEPTH else "nesting-too-deep"]


#: JSON text pieces that make keys and values hard to count: quotes, escapes, colons, brackets
TRICKY = ["\\", '"', ":", '":', "\\u0022", "{", "}", "[", "]", "\n", "“", "x"]


@given(
    st.lists(
        st.tuples(st.lists(st.sampled_from(TRICKY), max_size=5).map("".join), st.integers(-99, 99)),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from([":", " : ", ":\n  "]),
)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_keys_read_as_the_standard_library_reads_them(
    tmp_path: Path, pairs: list[tuple[str, int]], colon: str
) -> None:
    # the oracle: json.loads, and a duplicate key wherever two pairs share a key
    text = "{" + ", ".join(json.dumps(key) + colon + json.dumps([key, n]) for key, n in pairs) + "}"
    path = tmp_path / "keys.jsonl"
    path.write_text(text + "\n", encoding="utf-8")
    (item,) = read_tasks(path)
    if len({key for key, _ in pairs}) < len(pairs):
        assert codes([item]) == ["duplicate-key"]
    else:
        assert (item.task, codes([item])) == (json.loads(text), [None])


@pytest.mark.parametrize("compressed", [False, True])
def test_file_holds_finds_bytes_across_chunks(tmp_path: Path, compressed: bool) -> None:
    # the needle straddles the first 1 MiB read; a near miss is not a find
    data = b"x" * ((1 << 20) - 5) + b'"supersedes"' + b"x" * 10
    path = tmp_path / "pull.jsonl"
    path.write_bytes(gzip.compress(data) if compressed else data)
    assert file_holds(path, b'"supersedes"')
    assert not file_holds(path, b'"supersedes":')


def test_a_duplicate_key_is_found_next_to_an_escaped_colon(tmp_path: Path) -> None:
    # "\\u003a" reads as ":": one more colon after the parse, as many as the lost key took
    path = tmp_path / "colon.jsonl"
    text = json.dumps({**task(), "note": "@"}).replace('"@"', '"\\u003a"')
    path.write_text(text.replace('"id": 1', '"id": 1, "id": 2', 1) + "\n", encoding="utf-8")
    (item,) = read_tasks(path)
    assert (item.task, codes([item])) == (None, ["duplicate-key"])


@pytest.mark.parametrize("bad", ['"id": 2, "id": 2', '"id": 99999999999999999999'])
def test_a_newer_version_that_cannot_be_read_does_not_supersede(tmp_path: Path, bad: str) -> None:
    # orjson reads both tasks; the reader refuses version 2, so version 1 is the one used
    newer = task(2) | {"data": {"text": TEXT, "doc_id": "berita-cabai-01", "version": 2}}
    path = tmp_path / "versions.jsonl"
    lines = [json.dumps(task(1)), json.dumps(newer).replace('"id": 2', bad, 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = validate_file(path).report
    assert (report.tasks.usable, report.tasks.quarantined, report.tasks.superseded) == (1, 1, 0)
    assert report.layers[0].usable == 1  # the entity of version 1


def test_dump_json_escapes_unpaired_surrogates() -> None:
    dumped = dump_json({"id": "p\ud800", "text": "Surabaya 🙂"})
    assert dumped == '{"id": "p\\ud800", "text": "Surabaya 🙂"}'
    assert json.loads(dumped) == {"id": "p\ud800", "text": "Surabaya 🙂"}


# --- never raises: mutations of a valid task ----------------------------------------------------

_ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0xFFFF), max_size=5),
    st.just("\ud800"),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _put(parent: object, key: object, value: object) -> None:
    if isinstance(parent, list) and isinstance(key, int):
        parent[key] = value
        return
    if isinstance(parent, dict):
        parent[key] = value


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_tasks_never_raise(tmp_path: Path, data: st.DataObject) -> None:
    mutated = copy.deepcopy(task())
    for _ in range(data.draw(st.integers(1, 4))):
        paths = _paths(mutated)[1:]
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        parent: object = mutated
        for step in path[:-1]:
            parent = parent[step]  # type: ignore[index]
        action = data.draw(st.sampled_from(["drop", "replace"]))
        if action == "drop" and isinstance(parent, dict):
            parent.pop(path[-1], None)
        else:
            _put(parent, path[-1], data.draw(_ODD))
    file = tmp_path / "mutated.json"
    file.write_text(json.dumps([mutated], ensure_ascii=False), "utf-8", errors="surrogatepass")
    items = list(read_tasks(file))
    assert len(items) == 1
    for item in items:
        item.original.encode("utf-8")
        if item.task is not None:
            conversion = task_to_annotated(item.task)
            for problem in conversion.problems:
                problem.model_dump_json()
    validate_tasks(items).report.model_dump_json()


# --- linear work in regions per task ------------------------------------------------------------


def test_overlap_checks_grow_linearly_with_regions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count work, not time: the overlap check compares each region with the regions that
    still reach it, not with every earlier one (it was n * (n - 1) / 2 comparisons)."""
    calls = 0
    original = Span.overlaps

    def counting(self: Span, other: Span) -> bool:
        nonlocal calls
        calls += 1
        return original(self, other)

    monkeypatch.setattr(Span, "overlaps", counting)
    words = [f"Kota{n}" for n in range(1500)]
    text = " dan ".join(words)
    result, offset = [], 0
    for n, word in enumerate(words):
        value = {"start": offset, "end": offset + len(word), "text": word, "labels": ["GPE"]}
        entry = {"id": f"r{n}", "from_name": "entity", "to_name": "text", "type": "labels"}
        result.append(entry | {"value": value})
        offset += len(word) + len(" dan ")
    big = {"id": 1, "data": {"text": text, "doc_id": "berita-uji"}}
    big["annotations"] = [{"id": 10, "completed_by": 1, "result": result}]
    validation = validate_tasks([big])
    assert validation.report.layers[0].usable == 1500
    assert calls < 2 * 1500
