"""Peak memory (RSS) of ``annot validate`` and ``annot export --from-file`` by input size.

Generates news-length Label Studio exports with :mod:`benchmarks.generate` (seeded; ~3.2k
characters, ~68 regions, quotes with cue and speaker relations, claims with choices), then runs
each command in its own process and prints its peak RSS. The peak is read from ``ru_maxrss``
of ``RUSAGE_CHILDREN`` in a small launcher process whose only child is the command (a child
forked from this process could keep this process's peak). Nothing is asserted; the figures to
compare are the ratios between sizes (the issue's target: at most 300 MB for both commands at
200k tasks, and at most 1.3 times the 20k figure).

    .venv/bin/python -m benchmarks.memory --sizes 20000 200000
    .venv/bin/python -m benchmarks.memory --sizes 1000 5000 --format jsonl
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import write_export

_LAUNCHER = (
    "import resource, subprocess, sys, time\n"
    "log, every, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]\n"
    "child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "began = time.monotonic()\n"
    "with open(log or '/dev/null', 'w') as out:\n"
    "    out.write('seconds\\trss_mb\\n')\n"
    "    while child.poll() is None:\n"
    "        try:\n"
    "            status = open(f'/proc/{child.pid}/status').read()\n"
    "            kb = int(status.split('VmRSS:')[1].split()[0])\n"
    "            out.write(f'{time.monotonic() - began:.0f}\\t{kb / 1024:.1f}\\n')\n"
    "            out.flush()\n"
    "        except (OSError, IndexError, ValueError):\n"
    "            pass\n"
    "        time.sleep(every)\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(peak, child.returncode)\n"
)
_ANNOT = [sys.executable, "-c", "from annot.cli import app; app()"]


def peak_rss(
    command: list[str], cwd: Path, *, log: Path | None = None, every: float = 5.0
) -> tuple[float, int, float]:
    """``(peak RSS in MB, exit code, seconds)`` of ``command`` run in ``cwd``; with ``log``,
    its RSS is also written there every ``every`` seconds (a tab-separated timeline, to see
    which phase of a command holds the peak)."""
    began = time.perf_counter()
    env = os.environ | {"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, str(log or ""), str(every), *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    kilobytes, code = done.stdout.split()
    return int(kilobytes) / 1024, int(code), time.perf_counter() - began


def commands(data: Path, scratch: Path) -> dict[str, list[str]]:
    return {
        "validate": [
            *_ANNOT,
            "validate",
            str(data),
            "--quarantine",
            str(scratch / "quarantine.jsonl"),
            "--output",
            str(scratch / "usable.jsonl"),
        ],
        "export --from-file": [
            *_ANNOT,
            "export",
            "--from-file",
            str(data),
            "--name",
            "memory",
            "--exports-dir",
            str(scratch / "exports"),
        ],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--format", choices=("json", "jsonl"), default="jsonl")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data-dir", type=Path, default=None, help="Keep generated files here.")
    parser.add_argument("--only", choices=("validate", "export --from-file"), default=None)
    parser.add_argument(
        "--timeline",
        type=Path,
        default=None,
        help="Write each run's RSS every 5 s to DIR/<command>-<tasks>.tsv.",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="annot-memory-") as temporary:
        scratch = Path(temporary)
        folder = args.data_dir or scratch
        results: dict[str, dict[int, float]] = {}
        print(f"{'command':<20} {'tasks':>8} {'file MB':>9} {'peak RSS MB':>12} {'s':>8} exit")
        for size in args.sizes:
            data = folder / f"tasks-{size}-{args.seed}.{args.format}"
            if not data.exists():
                write_export(data, size, args.seed, args.format)
            megabytes = data.stat().st_size / 2**20
            for name, command in commands(data, scratch).items():
                if args.only is not None and name != args.only:
                    continue
                log = None
                if args.timeline is not None:
                    args.timeline.mkdir(parents=True, exist_ok=True)
                    log = args.timeline / f"{name.split()[0]}-{size}.tsv"
                peak, code, seconds = peak_rss(command, scratch, log=log)
                results.setdefault(name, {})[size] = peak
                print(
                    f"{name:<20} {size:>8} {megabytes:>9.0f} {peak:>12.0f} {seconds:>8.0f} {code}",
                    flush=True,
                )
        smallest, largest = min(args.sizes), max(args.sizes)
        for name, by_size in results.items():
            if smallest != largest:
                ratio = by_size[largest] / by_size[smallest]
                print(f"{name}: peak at {largest} / peak at {smallest} = {ratio:.2f}")


if __name__ == "__main__":
    main()
