"""Write the malformed-input corpus: one small file per class of broken Label Studio data.

Run from the repository root: ``python tests/data/malformed/make.py``. The files are committed;
this script is how they were made (several need exact bytes: encodings, NUL, gzip, cut files).
The expected problem codes of each file are written by hand in tests/test_malformed.py.
"""

from __future__ import annotations

import copy
import gzip
import json
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
TEXT = "Kata Dewi Lestari, harga cabai di Surabaya naik lagi pekan ini."
#       0123456789...: "Dewi Lestari" = [5, 17), "Surabaya" = [34, 42)

Task = dict[str, object]


def region(rid: str, start: int, end: int, label: str, control: str = "entity") -> Task:
    return {
        "id": rid,
        "from_name": control,
        "to_name": "text",
        "type": "labels",
        "origin": "manual",
        "value": {"start": start, "end": end, "text": TEXT[start:end], "labels": [label]},
    }


def base() -> Task:
    """A valid task: two entity mentions, one annotation (as Label Studio 1.23 exports)."""
    return {
        "id": 501,
        "data": {"text": TEXT, "doc_id": "berita-cabai-01", "title": "Harga cabai"},
        "annotations": [
            {
                "id": 5010,
                "completed_by": 1,
                "result": [region("p1", 5, 17, "PER"), region("l1", 34, 42, "GPE")],
                "was_cancelled": False,
                "ground_truth": False,
                "lead_time": 12.5,
            }
        ],
        "predictions": [],
        "project": 3,
    }


def compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def array(*tasks: object) -> bytes:
    return json.dumps(list(tasks), ensure_ascii=False, indent=1).encode()


def lines(*items: str) -> bytes:
    return "".join(item + "\n" for item in items).encode()


def edited(change: Callable[[Task], object]) -> bytes:
    """The base task, changed by ``change``, as a one-item JSON array."""
    task = copy.deepcopy(base())
    change(task)
    return array(task)


def annotation(task: Task) -> dict[str, object]:
    listed = task["annotations"]
    assert isinstance(listed, list)
    found = listed[0]
    assert isinstance(found, dict)
    return found


def result(task: Task) -> list[object]:
    entries = annotation(task)["result"]
    assert isinstance(entries, list)
    return entries


def entry(task: Task) -> dict[str, object]:
    found = result(task)[0]
    assert isinstance(found, dict)
    return found


def value(task: Task) -> dict[str, object]:
    found = entry(task)["value"]
    assert isinstance(found, dict)
    return found


def data(task: Task) -> dict[str, object]:
    found = task["data"]
    assert isinstance(found, dict)
    return found


def with_relation(relation: dict[str, object]) -> Callable[[Task], None]:
    def change(task: Task) -> None:
        result(task).append(relation)

    return change


def with_choice(choice_value: object) -> Callable[[Task], None]:
    def change(task: Task) -> None:
        value = {"start": 5, "end": 17, "text": TEXT[5:17], "choices": choice_value}
        choice = {"id": "p1", "from_name": "quote_kind", "to_name": "text", "type": "choices"}
        result(task).append(choice | {"value": value})

    return change


def replaced(old: str, new: str, source: bytes | None = None) -> bytes:
    text = (source if source is not None else array(base())).decode()
    assert old in text, old
    return text.replace(old, new, 1).encode()


def gzipped(payload: bytes) -> bytes:
    return gzip.compress(payload, mtime=0)


VALID = array(base())
ONE_LINE = compact(base())
SECOND = base() | {"id": 502}
SECOND["data"] = {"text": TEXT, "doc_id": "berita-cabai-02", "title": "Harga cabai (2)"}
LINE_2 = compact(SECOND)


def set_key(where: Callable[[Task], dict[str, object]], key: str, new: object) -> bytes:
    def change(task: Task) -> None:
        where(task)[key] = new

    return edited(change)


def drop_key(where: Callable[[Task], dict[str, object]], key: str) -> bytes:
    def change(task: Task) -> None:
        del where(task)[key]

    return edited(change)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _task(task: Task) -> Task:
    return task


CLASSES: dict[str, bytes] = {
    # --- accepted (not broken): the harness must tell them apart -----------------------------
    "ok--valid.json": VALID,
    "ok--byte-order-mark.json": b"\xef\xbb\xbf" + VALID,
    "ok--crlf.jsonl": (ONE_LINE + "\r\n" + LINE_2 + "\r\n").encode(),
    "ok--gzip.json.gz": gzipped(VALID),
    # --- bytes and encodings -----------------------------------------------------------------
    "empty.json": b"",
    "whitespace-only.jsonl": b" \n\t\r\n  \n",
    "byte-order-mark-only.json": b"\xef\xbb\xbf",
    "empty-array.json": b"[]",
    "utf16-le-bom.json": b"\xff\xfe" + VALID.decode().encode("utf-16-le"),
    "utf16-be.json": VALID.decode().encode("utf-16-be"),
    "invalid-utf8--jsonl-line.jsonl": ONE_LINE.encode()
    + b"\n"
    + replaced("Dewi", "D\xe9wi", LINE_2.encode()).replace(b"\xc3\xa9", b"\xe9")
    + b"\n",
    "invalid-utf8--array-item.json": replaced("cabai", "cabe\xff").replace(b"\xc3\xbf", b"\xff"),
    "latin1-text.json": ("[" + compact(base()).replace("Dewi", "Déwi") + "]").encode("latin-1"),
    "nul-bytes--binary.json": b"\x00\x01\x02\x03PK\x03\x04\x00\x00binary",
    "nul-byte--in-line.jsonl": ONE_LINE.encode() + b"\n" + LINE_2.encode()[:20] + b"\x00\n",
    "not-json--prose.txt": b"Ini bukan JSON, hanya catatan rapat redaksi.\n",
    "not-json--html-error-page.json": b"<html><body><h1>502 Bad Gateway</h1></body></html>\n",
    "not-json--csv.json": b"id,text\n1,Harga cabai naik\n",
    # --- cut files ---------------------------------------------------------------------------
    "truncated--array-inside-item.json": array(base(), SECOND)[:-200],
    "truncated--array-before-close.json": array(base()).rstrip(b"]\n"),
    "truncated--single-object.json": json.dumps(base(), indent=1).encode()[:300],
    "truncated--jsonl-last-line.jsonl": (ONE_LINE + "\n" + LINE_2[:80]).encode(),
    "truncated--gzip.json.gz": gzipped(array(base(), SECOND))[:-12],
    "truncated--gzip-header-only.json.gz": gzipped(VALID)[:12],
    "gzip--garbage.json.gz": b"\x1f\x8b\x08\x00" + b"not really compressed data" * 3,
    "gzip--jsonl-bad-line.jsonl.gz": gzipped(lines(ONE_LINE, "{oops", LINE_2)),
    # --- JSON syntax -------------------------------------------------------------------------
    "syntax--trailing-text.json": VALID + b"\nselesai\n",
    "syntax--missing-comma.json": ("[" + ONE_LINE + " " + LINE_2 + "]").encode(),
    "syntax--trailing-comma.json": ("[" + ONE_LINE + ",]").encode(),
    "syntax--single-quotes.json": ("[" + ONE_LINE.replace('"id": 501', "'id': 501") + "]").encode(),
    "syntax--jsonl-first-line-broken.jsonl": lines(ONE_LINE[:-1] + ",", LINE_2),
    "syntax--jsonl-comment-line.jsonl": lines("// tugas dari proyek 3", ONE_LINE),
    # --- numbers -----------------------------------------------------------------------------
    "number--nan-offset.json": replaced('"start": 5', '"start": NaN'),
    "number--infinity-score.json": replaced('"lead_time": 12.5', '"lead_time": Infinity'),
    "number--float-overflow.json": replaced('"lead_time": 12.5', '"lead_time": 1e400'),
    "number--task-id-past-2-63.json": replaced('"id": 501', '"id": 18446744073709551616'),
    "number--offset-past-2-63.json": replaced('"end": 17', '"end": 100000000000000000000000000000'),
    "number--negative-past-2-63.json": replaced('"start": 34', '"start": -9223372036854775809'),
    "number--float-task-id.json": replaced('"id": 501', '"id": 501.0'),
    "number--float-offsets.json": replaced('"start": 5', '"start": 5.0'),
    "number--bool-offset.json": replaced('"start": 5', '"start": true'),
    "number--negative-task-id.json": replaced('"id": 501', '"id": -501'),
    # --- unpaired surrogates -----------------------------------------------------------------
    "surrogate--region-id.json": replaced('"id": "p1"', '"id": "p\\ud800"'),
    "surrogate--label.json": replaced('"PER"', '"P\\udfffER"'),
    "surrogate--text.json": replaced('"text": "Kata', '"text": "\\ud83dKata'),
    "surrogate--key.json": replaced('"title"', '"ti\\udc00tle"'),
    "surrogate--reversed-pair.json": replaced('"title": "Harga', '"title": "\\ude00\\ud83dHarga'),
    # --- nesting -----------------------------------------------------------------------------
    "nesting--deep-data.json": replaced('"title": "Harga cabai"', f'"title": {nested(1000)}'),
    "nesting--deep-value.json": replaced('"GPE"', nested(700)),
    "nesting--deep-array-file.json": nested(1500).encode(),
    "nesting--deep-unclosed.jsonl": ("[" * 2000).encode(),
    "nesting--deep-objects.jsonl": ('{"a":' * 800 + "1" + "}" * 800 + "\n").encode(),
    # --- sizes (the test lowers the limits: MAX_TASK_BYTES 64 KiB, MAX_RESULTS 1000) ----------
    "size--long-jsonl-line.jsonl": lines(
        compact(base() | {"meta": {"note": "x" * 70_000}}), LINE_2
    ),
    "size--large-array-item.json": array(base() | {"meta": {"note": "x" * 70_000}}, base()),
    "size--large-single-object.json": json.dumps(base() | {"note": "y" * 70_000}).encode(),
    "size--too-many-regions.json": set_key(annotation, "result", [{}] * 1001),
    # --- top-level shapes ----------------------------------------------------------------------
    "shape--null.json": b"null\n",
    "shape--number.json": b"42\n",
    "shape--string.json": b'"berita-cabai-01"\n',
    "shape--true.json": b"true",
    "shape--array-of-numbers.json": b"[1, 2, 3]",
    "shape--array-of-arrays.json": b"[[1], [2]]",
    "shape--array-with-null.json": ("[null, " + ONE_LINE + "]").encode(),
    "shape--wrapped-export.json": json.dumps({"tasks": [base()]}, indent=1).encode(),
    "shape--jsonl-array-line.jsonl": lines(ONE_LINE, "[1, 2]"),
    # --- duplicate keys ----------------------------------------------------------------------
    "duplicate-key--task-id.json": replaced('"id": 501', '"id": 501, "id": 502'),
    "duplicate-key--region-start.json": replaced('"start": 5', '"start": 5, "start": 6'),
    # --- wrong types and missing keys at every level -------------------------------------------
    "task--data-is-list.json": set_key(_task, "data", [TEXT]),
    "task--data-missing.json": drop_key(_task, "data"),
    "task--id-is-string.json": set_key(_task, "id", "501"),
    "data--text-is-number.json": set_key(data, "text", 12345),
    "data--text-missing.json": drop_key(data, "text"),
    "data--doc-id-is-object.json": set_key(data, "doc_id", {"id": "berita-cabai-01"}),
    "annotations--is-object.json": set_key(_task, "annotations", {"id": 5010}),
    "annotation--is-string.json": set_key(_task, "annotations", ["selesai"]),
    "annotation--result-is-string.json": set_key(annotation, "result", "p1 PER"),
    "annotation--result-missing.json": drop_key(annotation, "result"),
    "annotation--was-cancelled-is-string.json": set_key(annotation, "was_cancelled", "yes"),
    "result-entry--is-number.json": edited(lambda task: result(task).append(7)),
    "result-entry--from-name-missing.json": edited(lambda task: entry(task).pop("from_name")),
    "result-entry--type-is-list.json": edited(lambda task: entry(task).update(type=["x"])),
    "value--is-list.json": edited(lambda task: entry(task).update(value=[5, 17])),
    "value--missing.json": edited(lambda task: entry(task).pop("value")),
    "value--start-is-string.json": set_key(value, "start", "5"),
    "value--text-is-number.json": set_key(value, "text", 17),
    "value--labels-is-string.json": set_key(value, "labels", "PER"),
    "value--labels-empty.json": set_key(value, "labels", []),
    "value--labels-of-numbers.json": set_key(value, "labels", [1]),
    "relation--from-id-is-number.json": edited(
        with_relation({"from_id": 1, "to_id": "l1", "type": "relation", "labels": ["refers_to"]})
    ),
    "relation--labels-is-number.json": edited(
        with_relation({"from_id": "p1", "to_id": "l1", "type": "relation", "labels": 5})
    ),
    "relation--to-id-missing.json": edited(
        with_relation({"from_id": "p1", "type": "relation", "labels": ["speaker_of"]})
    ),
    "choices--is-string.json": edited(with_choice("direct")),
    "choices--of-numbers.json": edited(with_choice([1])),
}


def main() -> None:
    for old in HERE.iterdir():
        if old.name != "make.py" and old.is_file():
            old.unlink()
    for name, content in CLASSES.items():
        (HERE / name).write_bytes(content)
    print(f"wrote {len(CLASSES)} files to {HERE}")


if __name__ == "__main__":
    main()
