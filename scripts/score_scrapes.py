"""Score ingest on the hand-labelled scrapes in tests/data/scrapes/ (issue 11's targets).

    PYTHONPATH=. .venv/bin/python scripts/score_scrapes.py [--heldout | --all] [-v]

Each ``NN_outlet.txt`` is a fictional article written by us in the layout of one Indonesian
outlet; ``NN_outlet.json`` beside it says by hand what ingest should find: title, source,
authors, editors, publication date and every segment (role and exact text) in order. By default
the tuning scrapes are scored; ``--heldout`` scores the four kept aside, ``--all`` both.

Per scrape it prints how many expected noise segments (any non-annotatable role) end up in the
annotatable text, how many expected annotatable segments are lost to noise, and whether title,
source, authors, editors, date and the whole segment list match. A noise segment "leaks" when
any of its characters lies in an annotatable segment of the parsed document.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import Any

from annot.ingest import parse_article
from annot.schema.document import ANNOTATABLE_ROLES, Document

ROOT = Path(__file__).resolve().parent.parent
SCRAPES = ROOT / "tests/data/scrapes"
ANNOTATABLE = {role.value for role in ANNOTATABLE_ROLES}


def expected_offsets(raw: str, segments: list[list[str]]) -> list[tuple[str, int, int]]:
    """(role, start, end) of every hand-labelled segment, found in order in the raw text."""
    found: list[tuple[str, int, int]] = []
    position = 0
    for role, text in segments:
        start = raw.index(text, position)
        found.append((role, start, start + len(text)))
        position = start + len(text)
    return found


def coverage(doc: Document, size: int) -> list[bool]:
    """Which raw characters the document puts in its annotatable text."""
    covered = [False] * size
    for segment in doc.segments:
        if segment.role in ANNOTATABLE_ROLES:
            for i in range(segment.raw_start, segment.raw_end):
                covered[i] = True
    return covered


def published_of(doc: Document) -> dict[str, Any] | None:
    if doc.published is None:
        return None
    return {
        "date": doc.published.date.isoformat(),
        "time": doc.published.time.strftime("%H:%M") if doc.published.time else None,
        "timezone": doc.published.timezone,
        "text": doc.published.text,
    }


def score(path: Path) -> dict[str, Any]:
    raw = path.read_text(encoding="utf-8")
    want = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = parse_article(raw, doc_id=path.stem)
    covered = coverage(doc, len(raw))
    leaked: list[str] = []
    lost: list[str] = []
    for role, start, end in expected_offsets(raw, want["segments"]):
        inside = any(covered[start:end])
        if role not in ANNOTATABLE and inside:
            leaked.append(f"{role}: {raw[start:end][:70]}")
        if role in ANNOTATABLE and not all(covered[start:end]):
            lost.append(f"{role}: {raw[start:end][:70]}")
    got_segments = [[s.role.value, raw[s.raw_start : s.raw_end]] for s in doc.segments]
    return {
        "name": path.stem,
        "heldout": want["heldout"],
        "noise": sum(1 for r, _ in want["segments"] if r not in ANNOTATABLE),
        "leaked": leaked,
        "lost": lost,
        "title": doc.title == want["title"],
        "source": (want["source"], doc.source),
        "authors": (want["authors"], doc.authors),
        "editors": doc.editors == want["editors"],
        "published": published_of(doc) == want["published"],
        "segments": got_segments == want["segments"],
    }


def main(argv: list[str]) -> int:
    which = "all" if "--all" in argv else "heldout" if "--heldout" in argv else "tuning"
    verbose = "-v" in argv
    rows = []
    for path in sorted(SCRAPES.glob("*.txt")):
        heldout = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["heldout"]
        if which == "all" or (which == "heldout") == heldout:
            rows.append(score(path))
    print(f"{'scrape':<18} leaked/noise lost title source authors editors date segments")
    for row in rows:
        src_want, src_got = row["source"]
        au_want, au_got = row["authors"]
        print(
            f"{row['name']:<18} {len(row['leaked']):>3}/{row['noise']:<5} {len(row['lost']):>4}"
            f" {'ok' if row['title'] else '--':>5} {'ok' if src_got == src_want else '--':>6}"
            f" {'ok' if au_got == au_want else '--':>7} {'ok' if row['editors'] else '--':>7}"
            f" {'ok' if row['published'] else '--':>4} {'ok' if row['segments'] else '--':>8}"
        )
        if verbose:
            for line in row["leaked"]:
                print(f"    leaked  {line}")
            for line in row["lost"]:
                print(f"    lost    {line}")
            if src_got != src_want:
                print(f"    source  want {src_want!r} got {src_got!r}")
            if au_got != au_want:
                print(f"    authors want {au_want!r} got {au_got!r}")
    clean = sum(1 for row in rows if not row["leaked"])
    leaked = sum(len(row["leaked"]) for row in rows)
    noise = sum(row["noise"] for row in rows)
    named_sources = [row for row in rows if row["source"][0] is not None]
    named_authors = [row for row in rows if row["authors"][0]]
    print(
        f"\n{which}: {len(rows)} scrapes; no noise in the text: {clean}/{len(rows)}; "
        f"noise segments leaked: {leaked}/{noise}; "
        f"body segments lost: {sum(len(row['lost']) for row in rows)}; "
        f"source found: {sum(1 for r in named_sources if r['source'][0] == r['source'][1])}"
        f"/{len(named_sources)}; authors found: "
        f"{sum(1 for r in named_authors if r['authors'][0] == r['authors'][1])}"
        f"/{len(named_authors)}; titles: {sum(r['title'] for r in rows)}/{len(rows)}; "
        f"dates: {sum(r['published'] for r in rows)}/{len(rows)}; "
        f"exact segments: {sum(r['segments'] for r in rows)}/{len(rows)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
