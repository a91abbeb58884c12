"""Team progress on the golden multi-annotator export: numbers worked out by hand."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from annot.labelstudio.convert import annotator_pseudonym
from annot.status import AnnotatorProgress, TaskState, render_status, team_status

GOLDEN = Path(__file__).parent / "data" / "labelstudio" / "multi-annotator-ls-1.23.2.json"


def test_status_of_the_golden_export() -> None:
    # Two tasks, each annotated by users 2, 3 and 4 (lead times 12, 13 and 14 s per task).
    status = team_status(GOLDEN)
    assert [(t.task_id, t.document_id, t.annotations, t.state) for t in status.tasks] == [
        (1, "berita-beras-01", 3, TaskState.READY),
        (2, "berita-polisi-02", 3, TaskState.READY),
    ]
    assert status.overlapped == 2
    assert status.cancelled == 0
    assert status.annotators == sorted(
        [
            AnnotatorProgress(annotator=annotator_pseudonym(2), submitted=2, seconds=24.0),
            AnnotatorProgress(annotator=annotator_pseudonym(3), submitted=2, seconds=26.0),
            AnnotatorProgress(annotator=annotator_pseudonym(4), submitted=2, seconds=28.0),
        ],
        key=lambda p: p.annotator,
    )
    # Exact entity F1 per pair over both documents: (2+3 shared of 6 and 7) 10/13,
    # (5 of 6 and 6) 10/12, (4 of 7 and 6) 8/13; the mean of the three.
    assert status.entity_f1 == pytest.approx((10 / 13 + 10 / 12 + 8 / 13) / 3)
    assert status.quote_f1 == 1.0
    # Stance: asserts/hedges/asserts and asserts/asserts/denies. Krippendorff's alpha
    # (nominal): observed disagreement 4/6, expected 18/30, alpha = 1 - (4/6)/(18/30) = -1/9.
    assert status.stance_statistic == "krippendorff_alpha"
    assert status.stance_agreement == pytest.approx(-1 / 9)
    text = render_status(status)
    assert "0 not started, 0 in progress, 2 ready to adjudicate, 0 disputed" in text
    assert "entity F1 0.74, quote F1 1.00" in text


def test_status_mid_way(tmp_path: Path) -> None:
    tasks = json.loads(GOLDEN.read_text(encoding="utf-8"))
    beras, polisi = tasks
    # user 4 skipped berita-beras-01; only user 2 has done berita-polisi-02; a third task is new
    for annotation in beras["annotations"]:
        if annotation["completed_by"] == 4:
            annotation["was_cancelled"] = True
    polisi["annotations"] = [a for a in polisi["annotations"] if a["completed_by"] == 2]
    fresh = copy.deepcopy(beras)
    fresh["id"], fresh["annotations"] = 3, []
    fresh["data"]["doc_id"] = "berita-baru-03"
    path = tmp_path / "pull.json"
    path.write_text(json.dumps([beras, polisi, fresh]), encoding="utf-8")

    status = team_status(path)
    assert [(t.task_id, t.annotations, t.state, t.disputed_units) for t in status.tasks] == [
        # users 2 and 3 disagree on Jakarta (GPE vs LOC) and the stance (asserts vs hedges)
        (1, 2, TaskState.DISPUTED, 2),
        (2, 1, TaskState.IN_PROGRESS, 0),
        (3, 0, TaskState.NOT_STARTED, 0),
    ]
    assert status.tasks[0].annotators == sorted([annotator_pseudonym(2), annotator_pseudonym(3)])
    assert status.overlapped == 1
    assert status.cancelled == 1
    assert [(p.annotator, p.submitted, p.seconds) for p in status.annotators] == sorted(
        [(annotator_pseudonym(2), 2, 24.0), (annotator_pseudonym(3), 1, 13.0)]
    )
    # one pair on berita-beras-01: PER and ORG shared of 3 each
    assert status.entity_f1 == pytest.approx(4 / 6)
    assert "1 not started, 1 in progress, 0 ready to adjudicate, 1 disputed" in (
        render_status(status)
    )
