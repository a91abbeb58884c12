"""Export throughput: rows/s serial, rows/s with worker processes, and their ratio.

Both runs happen in this process on the same synthetic corpus (the hand-written sample
articles, renamed and varied), so the ratio is meaningful on any machine; the absolute
numbers are not. Nothing is asserted.

    .venv/bin/python benchmarks/export_bench.py --documents 2000 --num-proc 2
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

from annot.export import ExportOptions, export_dataset
from annot.export.sample import synthetic_corpus


def run(source: Path, out: Path, num_proc: int, batch: int) -> tuple[float, int, dict[str, bytes]]:
    options = ExportOptions(num_proc=num_proc, batch_documents=batch, progress=False)
    began = time.perf_counter()
    report = export_dataset(source, "bench", exports_dir=out, options=options)
    elapsed = time.perf_counter() - began
    rows = sum(sum(by_split.values()) for by_split in report.rows.values())
    files = {
        p.relative_to(report.path).as_posix(): p.read_bytes()
        for p in sorted(report.path.rglob("*.parquet"))
    }
    return elapsed, rows, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--num-proc", type=int, default=max(2, min(4, os.cpu_count() or 2)))
    parser.add_argument("--batch", type=int, default=64)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        source = root / "gold.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for doc in synthetic_corpus(args.documents):
                handle.write(doc.model_dump_json() + "\n")
        size = source.stat().st_size / 1e6
        serial, rows, serial_files = run(source, root / "serial", 1, args.batch)
        parallel, _, parallel_files = run(source, root / "parallel", args.num_proc, args.batch)
    print(f"input: {args.documents} documents, {size:.1f} MB; output: {rows} rows (all configs)")
    print(
        f"serial:     {serial:6.2f} s  {rows / serial:9.0f} rows/s  "
        f"{args.documents / serial:7.0f} docs/s"
    )
    print(
        f"num_proc={args.num_proc}: {parallel:6.2f} s  {rows / parallel:9.0f} rows/s  "
        f"{args.documents / parallel:7.0f} docs/s"
    )
    print(f"speed-up parallel/serial: {serial / parallel:.2f}x (cpu_count={os.cpu_count()})")
    print(f"byte-identical parquet: {serial_files == parallel_files}")


if __name__ == "__main__":
    main()
