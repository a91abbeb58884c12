"""Send the gold seed corpus through a real Label Studio and keep what comes back.

    .venv/bin/python scripts/gold_labelstudio.py

Starts its own embedded Label Studio in a temporary folder, pushes the five seed articles
with their gold annotations (raw/gold/gold.jsonl, as ground truth), pulls the project with a
snapshot export, validates the pull (it must have zero errors) and writes it, one exported
task per line, to raw/gold/labelstudio-pull.jsonl. tests/test_gold.py checks offline that
the file validates and converts back to exactly the gold layers, and against the session's
server that a fresh round trip still does.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from annot.ingest import ingest_dir
from annot.labelstudio.client import ensure_project
from annot.labelstudio.pull import pull
from annot.labelstudio.push import push
from annot.labelstudio.server import start_server, stop_server
from annot.labelstudio.settings import open_client
from annot.preannotate import read_annotated_jsonl
from annot.validate import render_report, validate_file

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "raw/gold/gold.jsonl"
OUT = ROOT / "raw/gold/labelstudio-pull.jsonl"


def main() -> int:
    documents = ingest_dir(ROOT / "raw")
    gold = {ad.document.id: [ad] for ad in read_annotated_jsonl(GOLD)}
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        settings = start_server(root)
        try:
            with open_client(settings) as client:
                project = ensure_project(client, "annot gold seed corpus")
            pushed = push(settings, project, documents, annotations=gold, ground_truth=True)
            print(pushed.summary())
            pulled = pull(settings, project, root / "pulls")
            print(pulled.summary())
            validation = validate_file(pulled.path)
            print(render_report(validation.report))
            if validation.report.exit_code != 0:
                return 1
            shutil.copyfile(pulled.path, OUT)
        finally:
            stop_server(root)
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
