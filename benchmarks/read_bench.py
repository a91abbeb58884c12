"""The reader and validation at scale: time per task against regions per task (the ratio
shows whether it is linear), and peak memory of reading many tasks (constant in their number).

- ``regions``: validate one task with N and 10 N entity regions; prints seconds and the ratio
  of the times (10 when time is linear in regions; it was quadratic: 100);
- ``memory``: read a generated export of T tasks (JSON array and JSONL) in a fresh process
  and print its peak RSS, for T and 10 T tasks (equal when memory does not grow with tasks).

Nothing is asserted; the figures depend on the machine, the ratios do not.

    .venv/bin/python benchmarks/read_bench.py regions --regions 1000
    .venv/bin/python benchmarks/read_bench.py memory --tasks 2000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_WORDS = ("Kota", "Desa", "Pulau", "Gunung")


def task_with_regions(count: int, task_id: int = 1) -> dict[str, object]:
    """A task whose text names ``count`` places, each an entity region (GPE)."""
    parts: list[str] = []
    result: list[dict[str, object]] = []
    offset = 0
    for index in range(count):
        word = f"{_WORDS[index % len(_WORDS)]}{index}"
        value = {"start": offset, "end": offset + len(word), "text": word, "labels": ["GPE"]}
        entry = {"id": f"r{index}", "from_name": "entity", "to_name": "text", "type": "labels"}
        result.append(entry | {"value": value})
        gap = " di sini. " if index % 10 == 9 else " dan "
        parts += [word, gap]
        offset += len(word) + len(gap)
    data = {"text": "".join(parts), "doc_id": f"berita-uji-{task_id:06d}"}
    annotation = {"id": task_id * 10, "completed_by": 1, "result": result}
    return {"id": task_id, "data": data, "annotations": [annotation]}


def time_validate(regions: int) -> float:
    from annot.validate import validate_tasks

    task = task_with_regions(regions)
    began = time.perf_counter()
    validation = validate_tasks([task])
    elapsed = time.perf_counter() - began
    assert validation.report.layers[0].usable == regions, "every region should be usable"
    return elapsed


def write_export(path: Path, tasks: int, *, jsonl: bool) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("" if jsonl else "[")
        for number in range(1, tasks + 1):
            text = json.dumps(task_with_regions(20, number), ensure_ascii=False)
            out.write(text + "\n" if jsonl else ("," if number > 1 else "") + text)
        out.write("" if jsonl else "]")


_MEASURE = """
import resource, sys
from pathlib import Path
from annot.road.read import read_tasks
count = sum(1 for item in read_tasks(Path(sys.argv[1])) if item.task is not None)
print(count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def peak_rss(path: Path) -> tuple[int, int]:
    """Tasks read and peak RSS (MiB) of reading ``path`` in a fresh Python process."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, check=True
    )
    tasks, mib = done.stdout.split()
    return int(tasks), int(mib)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    regions = commands.add_parser("regions")
    regions.add_argument("--regions", type=int, default=1000)
    memory = commands.add_parser("memory")
    memory.add_argument("--tasks", type=int, default=2000)
    args = parser.parse_args()
    if args.command == "regions":
        small, large = time_validate(args.regions), time_validate(args.regions * 10)
        print(f"validate, {args.regions} regions: {small:.2f} s")
        print(f"validate, {args.regions * 10} regions: {large:.2f} s")
        print(f"ratio: {large / small:.1f} (10 = linear, 100 = quadratic)")
        return
    with tempfile.TemporaryDirectory() as scratch:
        for tasks in (args.tasks, args.tasks * 10):
            for jsonl in (False, True):
                path = Path(scratch) / f"tasks-{tasks}.{'jsonl' if jsonl else 'json'}"
                write_export(path, tasks, jsonl=jsonl)
                read, mib = peak_rss(path)
                size = path.stat().st_size / 2**20
                print(f"{path.name}: {read} tasks, {size:.0f} MiB file, peak RSS {mib} MiB")
                path.unlink()


if __name__ == "__main__":
    main()
