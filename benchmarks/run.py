"""annot against what its users would otherwise run, paired in one run: ratios and peak RSS.

    python -m benchmarks.run --tasks 2000                     # everything (starts Label Studio)
    python -m benchmarks.run --tasks 20000 --server-tasks 2000
    python -m benchmarks.run --tasks 200 --no-server          # file steps only

Generates a seeded Label Studio JSON export (:mod:`benchmarks.generate`), then runs every step
in a process of its own (wall seconds, CPU seconds and peak RSS from ``wait4``):

- ``parse``: orjson parses the export's bytes (the floor of any reader);
- ``sdk-conll``: label-studio-sdk's ``Converter`` writes CONLL2003 from the same file;
- ``export``: ``annot export --from-file`` writes all six configs from the same file;
- ``validate``: ``annot validate`` on the same file;
- ``export-parallel`` (with ``--num-proc N``): the export with N worker processes;
- with a server (the one ``ANNOT_LS_URL`` and ``ANNOT_LS_API_KEY`` name, else an embedded
  Label Studio started in a temporary folder on a free port), on the first
  ``--server-tasks`` documents: ``push-raw`` (one bulk import POST of the payload annot sends,
  into a fresh project), ``push`` (``annot.labelstudio.push.push`` of the documents and their
  predictions into another fresh project, with its push cache in the work folder's
  ``.annot/``, as ``annot push`` keeps it), ``repush`` (the same again: nothing to do),
  ``pull-raw`` (a snapshot export created and downloaded) and ``pull`` (``annot pull``) of a
  project holding the generated tasks with their annotations and predictions, then
  ``pull-raw-again`` (the faster of the two raw pulls is the baseline).

The push steps also report the seconds of their work alone (no interpreter start, no imports):
the ``in-process`` ratios, next to the whole-process ones. Prints a table (step, seconds,
ms/task, peak RSS; ratio, target, met) and writes it as JSON
(``--out``, default ``benchmarks/results.json``). Numbers, not assertions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final

from benchmarks.generate import generate_tasks, write_export

ROOT: Final = Path(__file__).resolve().parent.parent
ANNOT: Final = ("-c", "from annot.cli import app; app()")
FILE_STEPS: Final = ("parse", "sdk-conll", "export", "validate")
SERVER_STEPS: Final = ("push-raw", "push", "repush", "pull-raw", "pull", "pull-raw-again")
RSS_TARGET_MB: Final = 300.0


@dataclass(frozen=True, slots=True)
class Step:
    """One measured process."""

    name: str
    tasks: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    exit_code: int
    output: str
    """The last line the process printed on stdout (a step's JSON, or a command's summary)."""
    inner_seconds: float | None = None
    """The step's own ``seconds`` (its work without interpreter start and imports), if told."""

    @property
    def ms_per_task(self) -> float:
        return 1000 * self.seconds / max(1, self.tasks)


@dataclass(frozen=True, slots=True)
class Ratio:
    """``numerator`` / ``denominator`` seconds, against the issue's target."""

    name: str
    numerator: str
    denominator: str
    value: float
    """Wall seconds per task over wall seconds per task (what the target is about)."""
    cpu: float | None
    """The same with each process's own CPU seconds (None for an in-process ratio): steadier
    on a busy machine, but blind to the time a Label Studio server spends for its client."""
    target: float
    met: bool


RATIOS: Final = (
    # name, numerator, denominator, target (at most)
    ("export / sdk-conll", "export", "sdk-conll", 1.0),
    ("export-parallel / export", "export-parallel", "export", 1.0),
    ("export / parse", "export", "parse", 3.0),
    ("validate / parse", "validate", "parse", 3.0),
    ("push / push-raw", "push", "push-raw", 1.3),
    ("repush / push", "repush", "push", 0.05),
    ("pull / pull-raw", "pull", "pull-raw", 1.3),
)
AGAIN: Final = {"pull-raw": "pull-raw-again"}
"""Baselines measured before and after annot's step; the faster run is the denominator."""
IN_PROCESS: Final = (
    # the same, on the seconds a step reports of its own work (no interpreter start, imports)
    ("push / push-raw in-process", "push", "push-raw", 1.3),
    ("repush / push in-process", "repush", "push", 0.05),
)


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update({"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "TQDM_DISABLE": "1"})
    env.update(extra or {})
    return env


# A forked child's peak RSS starts at its parent's (Linux keeps the high-water mark across
# exec), and this process holds a few hundred MB. So every step is forked from a small
# launcher, which reports the step's own rusage: [peak RSS KiB, CPU seconds, exit code].
_LAUNCHER: Final = """
import json, os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
code = os.waitstatus_to_exitcode(status)
cpu = usage.ru_utime + usage.ru_stime
with open(os.environ["ANNOT_BENCH_RUSAGE"], "w") as out:
    json.dump([usage.ru_maxrss, cpu, code], out)
"""


def measure(
    name: str, argv: Sequence[str], tasks: int, cwd: Path, env: dict[str, str], ok: Sequence[int]
) -> Step:
    """Run ``argv`` to its end; wall and CPU seconds and peak RSS of that process alone."""
    out, err, usage = (cwd / f"{name}.{part}" for part in ("stdout", "stderr", "rusage"))
    launcher = [sys.executable, "-S", "-c", _LAUNCHER, *argv]
    with out.open("wb") as stdout, err.open("wb") as stderr:
        began = time.perf_counter()
        subprocess.run(
            launcher,
            cwd=cwd,
            env={**env, "ANNOT_BENCH_RUSAGE": str(usage)},
            stdout=stdout,
            stderr=stderr,
            check=True,
        )
        seconds = time.perf_counter() - began
    rss_kib, cpu, code = json.loads(usage.read_text(encoding="utf-8"))
    lines = out.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    if code not in ok:
        tail = err.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"step {name} exited {code}:\n{tail}")
    last = lines[-1] if lines else ""
    told = json.loads(last) if last.startswith("{") else {}
    inner = told.get("seconds") if isinstance(told, dict) else None
    return Step(
        name=name,
        tasks=tasks,
        seconds=seconds,
        cpu_seconds=cpu,
        peak_rss_mb=rss_kib / 1024,  # KiB on Linux
        exit_code=code,
        output=last,
        inner_seconds=inner if isinstance(inner, float) else None,
    )


def _step(name: str, *args: str | Path | int) -> list[str]:
    return [sys.executable, "-m", "benchmarks.steps", name, *map(str, args)]


def _annot(*args: str | Path | int) -> list[str]:
    return [sys.executable, *ANNOT, *map(str, args)]


def file_steps(export: Path, tasks: int, work: Path, num_proc: int = 1) -> list[Step]:
    """parse, sdk-conll, export and validate of the same JSON export (and ``export-parallel``,
    the export with ``--num-proc``, when ``num_proc`` > 1)."""
    env = _env()
    steps = [
        measure("parse", _step("parse", "--source", export), tasks, work, env, (0,)),
        measure(
            "sdk-conll",
            _step("sdk-conll", "--source", export, "--out", work / "conll"),
            tasks,
            work,
            env,
            (0,),
        ),
        measure(
            "export",
            _annot("export", "--from-file", export, "--name", "bench", "--exports-dir", work),
            tasks,
            work,
            env,
            (0, 1),
        ),
        measure(
            "validate",
            _annot("validate", export, "--quarantine", work / "quarantine.jsonl"),
            tasks,
            work,
            env,
            (0, 1),
        ),
    ]
    if num_proc > 1:
        parallel = _annot("export", "--from-file", export, "--name", "bench-parallel")
        parallel += ["--exports-dir", str(work), "--num-proc", str(num_proc)]
        steps.append(measure("export-parallel", parallel, tasks, work, env, (0, 1)))
    return steps


# --- Label Studio steps ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Inputs:
    documents: Path
    predictions: Path
    payload: Path
    """The tasks annot's push sends (data, meta, predictions), as one JSON array."""
    annotated: Path
    """The generated tasks with annotations and predictions, as Label Studio imports them."""


def _importable(task: dict[str, object]) -> dict[str, object]:
    """A generated export task as an import: data, meta, annotations and predictions."""
    annotations = task["annotations"]
    predictions = task["predictions"]
    assert isinstance(annotations, list)
    assert isinstance(predictions, list)
    keep_a = ("result", "ground_truth", "lead_time", "was_cancelled")
    keep_p = ("result", "model_version", "score")
    return {
        "data": task["data"],
        "meta": task["meta"],
        "annotations": [{k: a[k] for k in keep_a} for a in annotations],
        "predictions": [{k: p[k] for k in keep_p} for p in predictions],
    }


def prepare_server_inputs(tasks: int, seed: int, work: Path) -> _Inputs:
    """Documents and predictions (what ``push`` reads), and the payloads of the baselines."""
    from annot.labelstudio.convert import task_to_annotated
    from annot.labelstudio.push import plan_push
    from annot.schema import AnnotatedDocument, Document, PreannotatorSource

    inputs = _Inputs(
        work / "documents.jsonl",
        work / "predictions.jsonl",
        work / "payload.json",
        work / "annotated.json",
    )
    docs: list[Document] = []
    preds: dict[str, list[AnnotatedDocument]] = {}
    with (
        inputs.documents.open("w", encoding="utf-8") as documents,
        inputs.predictions.open("w", encoding="utf-8") as predictions,
        inputs.annotated.open("w", encoding="utf-8") as annotated,
    ):
        annotated.write("[")
        for index, task in enumerate(generate_tasks(tasks, seed)):
            conversion = task_to_annotated(task, include_predictions=True)
            pre = [ad for ad in conversion.annotations if isinstance(ad.source, PreannotatorSource)]
            doc = pre[0].document
            docs.append(doc)
            preds[doc.id] = pre
            documents.write(doc.model_dump_json() + "\n")
            predictions.writelines(ad.model_dump_json() + "\n" for ad in pre)
            annotated.write(("," if index else "") + json.dumps(_importable(task)))
        annotated.write("]")
    plan = plan_push(docs, [], preds)
    inputs.payload.write_text(json.dumps(plan.tasks, ensure_ascii=False), encoding="utf-8")
    return inputs


@contextmanager
def label_studio(work: Path) -> Iterator[dict[str, str]]:
    """The Label Studio that ``ANNOT_LS_URL``/``ANNOT_LS_API_KEY`` name, else an embedded one
    started in ``work`` (its first start migrates a database: minutes on a busy machine, not
    measured); the environment that points annot at it."""
    from annot.labelstudio.server import start_server, stop_server
    from annot.labelstudio.settings import API_KEY_ENV, URL_ENV

    if os.environ.get(URL_ENV) and os.environ.get(API_KEY_ENV):
        yield {URL_ENV: os.environ[URL_ENV], API_KEY_ENV: os.environ[API_KEY_ENV]}
        return
    settings = start_server(work / "label-studio", timeout=1800)
    try:
        yield {URL_ENV: settings.url, API_KEY_ENV: settings.api_key.get_secret_value()}
    finally:
        stop_server(work / "label-studio")


def _new_project(env: dict[str, str], title: str) -> int:
    from annot.labelstudio.client import ensure_project
    from annot.labelstudio.settings import load_settings, open_client

    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        with open_client(load_settings(root=Path(tempfile.gettempdir()))) as client:
            return ensure_project(client, title)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def server_steps(tasks: int, seed: int, work: Path) -> list[Step]:
    """push-raw, push, repush, pull-raw, pull against a real local Label Studio."""
    inputs = prepare_server_inputs(tasks, seed, work)
    steps: list[Step] = []
    with label_studio(work) as server:
        env = _env(server)
        run = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")  # fresh projects, every run
        titles = [f"bench-{run}-{n}" for n in ("raw", "push", "pull")]
        raw, mine, pulled = (_new_project(server, title) for title in titles)
        steps.append(
            measure(
                "push-raw",
                _step("push-raw", "--source", inputs.payload, "--project", raw),
                tasks,
                work,
                env,
                (0,),
            )
        )
        argv = _step(
            "push", "--source", inputs.documents, "--predictions", inputs.predictions, "--project"
        )
        argv.append(str(mine))
        steps.append(measure("push", argv, tasks, work, env, (0,)))
        steps.append(measure("repush", argv, tasks, work, env, (0,)))
        seeded = measure(
            "seed-pull-project",
            _step("push-raw", "--source", inputs.annotated, "--project", pulled),
            tasks,
            work,
            env,
            (0,),
        )
        assert json.loads(seeded.output)["created"] == tasks, seeded.output
        steps.append(
            measure(
                "pull-raw",
                _step("pull-raw", "--project", pulled, "--out", work / "snapshot.json"),
                tasks,
                work,
                env,
                (0,),
            )
        )
        pull = _annot("pull", "--project", titles[2], "--out", work / "pulls", "--no-progress")
        steps.append(measure("pull", pull, tasks, work, env, (0,)))
        # the baseline again, after: the faster of the two counts (no order effect favours annot)
        argv = _step("pull-raw", "--project", pulled, "--out", work / "snapshot-again.json")
        steps.append(measure(AGAIN["pull-raw"], argv, tasks, work, env, (0,)))
    return steps


# --- report --------------------------------------------------------------------------------


def ratios(steps: Sequence[Step]) -> list[Ratio]:
    """Every ratio of the issue whose two steps ran (per-task seconds, so sizes may differ)."""
    by_name = {step.name: step for step in steps}
    for first, again in AGAIN.items():
        if first in by_name and again in by_name:
            by_name[first] = min(by_name[first], by_name[again], key=lambda step: step.seconds)
    out: list[Ratio] = []
    for name, numerator, denominator, target in RATIOS:
        if numerator in by_name and denominator in by_name:
            top, bottom = by_name[numerator], by_name[denominator]
            value = top.ms_per_task / bottom.ms_per_task
            cpu = (top.cpu_seconds / top.tasks) / max(bottom.cpu_seconds / bottom.tasks, 1e-9)
            out.append(Ratio(name, numerator, denominator, value, cpu, target, value <= target))
    for name, numerator, denominator, target in IN_PROCESS:
        top_s = by_name[numerator].inner_seconds if numerator in by_name else None
        bottom_s = by_name[denominator].inner_seconds if denominator in by_name else None
        if top_s is not None and bottom_s is not None:
            value = (top_s / by_name[numerator].tasks) / (bottom_s / by_name[denominator].tasks)
            out.append(Ratio(name, numerator, denominator, value, None, target, value <= target))
    return out


def machine() -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
    }


def render(result: dict[str, object], steps: Sequence[Step], found: Sequence[Ratio]) -> str:
    lines = [
        f"{result['tasks']} tasks (server steps: {result['server_tasks']}), "
        f"export {result['export_mb']:.1f} MB, seed {result['seed']}",
        "",
        f"{'step':<16} {'tasks':>6} {'wall s':>8} {'cpu s':>8} {'ms/task':>8} {'peak RSS MB':>12} "
        "exit  in-process s",
    ]
    for step in steps:
        inner = f"{step.inner_seconds:>13.2f}" if step.inner_seconds is not None else ""
        lines.append(
            f"{step.name:<16} {step.tasks:>6} {step.seconds:>8.2f} {step.cpu_seconds:>8.2f} "
            f"{step.ms_per_task:>8.2f} {step.peak_rss_mb:>12.0f} {step.exit_code:>4}{inner}"
        )
    lines += ["", f"{'ratio (per task)':<30} {'wall':>7} {'cpu':>7} {'target':>7}  met (wall)"]
    for ratio in found:
        met = "yes" if ratio.met else "NO"
        cpu = f"{ratio.cpu:>7.3f}" if ratio.cpu is not None else f"{'-':>7}"
        lines.append(f"{ratio.name:<30} {ratio.value:>7.3f} {cpu} {ratio.target:>7.2f}  {met}")
    over = [s.name for s in steps if s.peak_rss_mb > RSS_TARGET_MB]
    lines.append(f"peak RSS over {RSS_TARGET_MB:.0f} MB: {', '.join(over) or 'none'}")
    return "\n".join(lines)


def run(
    tasks: int, *, seed: int, server: bool, server_tasks: int, work: Path, num_proc: int = 1
) -> dict[str, object]:
    """Run the suite in ``work``; the result as JSON-ready data."""
    export = write_export(work / "export.json", tasks, seed, fmt="json")
    steps = file_steps(export, tasks, work, num_proc)
    size = min(tasks, server_tasks)
    if server:
        steps += server_steps(size, seed, work)
    found = ratios(steps)
    result: dict[str, object] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "tasks": tasks,
        "server_tasks": size if server else 0,
        "seed": seed,
        "export_mb": export.stat().st_size / 1e6,
        "machine": machine(),
        "steps": {s.name: {**asdict(s), "ms_per_task": s.ms_per_task} for s in steps},
        "ratios": {r.name: asdict(r) for r in found},
        "rss_target_mb": RSS_TARGET_MB,
    }
    result["table"] = render(result, steps, found)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=2000, help="Tasks in the generated export.")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--server-tasks", type=int, default=1000, help="Tasks pushed and pulled (at most --tasks)."
    )
    parser.add_argument("--no-server", action="store_true", help="Skip the Label Studio steps.")
    parser.add_argument(
        "--num-proc", type=int, default=1, help="Also export with this many worker processes."
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--workdir", type=Path, help="Keep the files here (default: a temp dir).")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="annot-bench-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        result = run(
            args.tasks,
            seed=args.seed,
            server=not args.no_server,
            server_tasks=args.server_tasks,
            work=work.resolve(),
            num_proc=args.num_proc,
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(result["table"])
    print(f"\nwritten: {args.out}")


if __name__ == "__main__":
    main()
