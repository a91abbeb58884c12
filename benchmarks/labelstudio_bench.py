"""How fast push and pull are against a real Label Studio, compared with the bare SDK calls.

Starts its own embedded Label Studio in a temporary directory (the first start migrates a new
database: about 30-40 s, not counted), then, for N documents (default 3000):

- baseline push: one bare ``projects.import_tasks`` call with all N tasks, into a project of
  its own;
- ``push``: N documents into a new project (listing, planning, batches of 500);
- re-push: the same N documents again (idempotent: lists the project, imports nothing);
- baseline pull: one bare snapshot export (create + download + ``json.loads``);
- ``pull``: snapshot export, raw JSONL written, every task converted.

Prints seconds, tasks/s, and the ratio against the baseline of the same run. Numbers, not
assertions: run it by hand, ``.venv/bin/python benchmarks/labelstudio_bench.py [N]``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from annot.labelstudio.client import ensure_project, no_sdk_retries
from annot.labelstudio.convert import document_to_task
from annot.labelstudio.pull import pull
from annot.labelstudio.push import push
from annot.labelstudio.server import start_server, stop_server
from annot.labelstudio.settings import ConnectionSettings, open_client
from annot.schema import Document

T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def corpus(n: int) -> list[Document]:
    body = (
        "🙂 “Kami tidak akan mundur,” kata Ketua DPRD Jawa Barat Siti Rahmawati di Bandung. "
        "Menurut dia, anggaran banjir sudah disetujui dan ‘jalan tol itu’ segera diperbaiki. "
    )
    return [
        Document(id=f"bench-{i:06d}", text=f"Berita {i}. " + body * 4, source="contoh.id")
        for i in range(n)
    ]


def baseline_push(settings: ConnectionSettings, docs: list[Document]) -> float:
    tasks = [document_to_task(doc) for doc in docs]
    with open_client(settings, timeout=600) as client:
        project = ensure_project(client, "bench-baseline")
        _, seconds = timed(
            lambda: client.projects.import_tasks(
                project,
                request=tasks,  # type: ignore[arg-type]
                request_options=no_sdk_retries(600),
            )
        )
    return seconds


def baseline_pull(settings: ConnectionSettings, project: int) -> tuple[int, float]:
    def export() -> int:
        with open_client(settings, timeout=600) as client:
            created = client.projects.exports.create(project, request_options=no_sdk_retries())
            assert created.id is not None
            body = b"".join(
                client.projects.exports.download(project, created.id, export_type="JSON")
            )
        tasks = json.loads(body)
        assert isinstance(tasks, list)
        return len(tasks)

    return timed(export)


def main(n: int) -> None:
    docs = corpus(n)
    with tempfile.TemporaryDirectory(prefix="annot-bench-") as tmp:
        root = Path(tmp)
        settings, startup = timed(lambda: start_server(root))
        print(f"Label Studio started in {startup:.1f} s at {settings.url}")
        try:
            base_push = baseline_push(settings, docs)
            with open_client(settings) as client:
                project = ensure_project(client, "bench")
            first, push_s = timed(lambda: push(settings, project, docs, progress=False))
            assert first.created == n, first.summary()
            again, repush_s = timed(lambda: push(settings, project, docs, progress=False))
            assert (again.unchanged, again.imported) == (n, 0), again.summary()
            exported, base_pull = baseline_pull(settings, project)
            assert exported == n
            pulled, pull_s = timed(lambda: pull(settings, project, root / "pulls", progress=False))
            assert pulled.tasks == n, pulled.summary()
        finally:
            stop_server(root)
    rows = [
        ("baseline: 1 bare import_tasks call", base_push, base_push),
        ("push (list + plan + batches of 500)", push_s, base_push),
        ("re-push, nothing to do", repush_s, base_push),
        ("baseline: 1 bare snapshot export", base_pull, base_pull),
        ("pull (export + raw JSONL + convert)", pull_s, base_pull),
    ]
    print(f"\n{n} documents of ~{len(docs[0].text)} characters each")
    print(f"{'step':<40} {'seconds':>8} {'tasks/s':>9} {'x baseline':>11}")
    for name, seconds, baseline in rows:
        print(f"{name:<40} {seconds:>8.2f} {n / seconds:>9.0f} {seconds / baseline:>11.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
