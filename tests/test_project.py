"""Project setup for a team: overlap, independence, predictions, guidelines as instructions."""

from __future__ import annotations

import uuid

import httpx
import pytest
from annotators import invite_token, next_task, sign_up

from annot.errors import AnnotError
from annot.labelstudio.client import ensure_project
from annot.labelstudio.convert import document_to_task
from annot.labelstudio.project import (
    TeamSetup,
    gold_project_title,
    guidelines_html,
    markdown_to_html,
    setup_project,
    team_settings,
)
from annot.labelstudio.settings import ConnectionSettings, open_client
from annot.schema import Document

MARKDOWN = """# Pedoman

Teks *miring*, **tebal** dan `kode` <b>.

- satu
  lanjut
- dua

1. pertama
2. kedua

| label | contoh |
|---|---|
| PER | [Budi] |
"""

HTML = (
    "<h1>Pedoman</h1>\n"
    "<p>Teks <em>miring</em>, <strong>tebal</strong> dan <code>kode</code> &lt;b&gt;.</p>\n"
    "<ul><li>satu lanjut</li><li>dua</li></ul>\n"
    "<ol><li>pertama</li><li>kedua</li></ol>\n"
    "<table><thead><tr><th>label</th><th>contoh</th></tr></thead>"
    "<tbody><tr><td>PER</td><td>[Budi]</td></tr></tbody></table>\n"
)


def test_markdown_subset_renders_to_html() -> None:
    assert markdown_to_html(MARKDOWN) == HTML


def test_the_guidelines_render_with_their_indonesian_example() -> None:
    rendered = guidelines_html()
    assert "<h2>Bekerja di Label Studio (working in Label Studio)</h2>" in rendered
    assert "Kami tidak pernah mengirim senjata ke Rusia" in rendered
    assert "<table>" in rendered


def test_team_settings() -> None:
    settings = team_settings(TeamSetup(annotators_per_task=3, overlap_percent=40))
    assert settings["maximum_annotations"] == 3
    assert settings["overlap_cohort_percentage"] == 40
    assert settings["show_annotation_history"] is False
    assert settings["show_ground_truth_first"] is False
    assert settings["show_instruction"] is False  # no instructions given
    assert gold_project_title("annot") == "annot (gold)"
    with pytest.raises(AnnotError, match="at least 1"):
        TeamSetup(annotators_per_task=0)
    with pytest.raises(AnnotError, match="percentage"):
        TeamSetup(overlap_percent=120)


TEXT = "Menteri Budi Santoso tiba di Seoul, Senin (2/12/2024)."
DOC = Document(id="team-001", text=TEXT)
GOLD = [
    {
        "id": "g1",
        "from_name": "entity",
        "to_name": "text",
        "type": "labels",
        "value": {"start": 8, "end": 20, "text": "Budi Santoso", "labels": ["PER"]},
    }
]


def _project(settings: ConnectionSettings, setup: TeamSetup, *, gold: bool) -> int:
    with open_client(settings) as client:
        pid = ensure_project(client, f"team {uuid.uuid4().hex[:8]}")
        assert setup_project(client, pid, setup, url=settings.url) != []
        assert setup_project(client, pid, setup, url=settings.url) == []  # idempotent
        task: dict[str, object] = dict(document_to_task(DOC))
        if gold:
            task["annotations"] = [{"result": GOLD, "ground_truth": True}]
        client.projects.import_tasks(pid, request=[task])  # type: ignore[list-item]
    return pid


def _submit(settings: ConnectionSettings, token: str, task_id: int, project_id: int) -> None:
    headers = {"Authorization": f"Token {token}"}
    with httpx.Client(base_url=settings.url, headers=headers, trust_env=False) as http:
        body = {"result": GOLD, "lead_time": 5.0}
        http.post(f"/api/tasks/{task_id}/annotations?project={project_id}", json=body)


def _task_id(task: object) -> int:
    assert isinstance(task, dict)
    tid = task["id"]
    assert isinstance(tid, int)
    return tid


@pytest.mark.server
def test_two_annotators_work_the_queue_independently(label_studio: ConnectionSettings) -> None:
    setup = TeamSetup(annotators_per_task=2, instructions=guidelines_html())
    pid = _project(label_studio, setup, gold=False)
    with open_client(label_studio) as client:
        project = client.projects.get(pid)
    assert (project.maximum_annotations, project.show_instruction) == (2, True)
    assert "Bekerja di Label Studio" in (project.expert_instruction or "")
    invite = invite_token(label_studio)
    first, second = (sign_up(label_studio, invite, name) for name in ("ani", "budi"))
    task = next_task(label_studio, first, pid)
    assert isinstance(task, dict)
    assert task["annotations"] == []  # a fresh annotation, nobody else's
    _submit(label_studio, first.token, _task_id(task), pid)
    again = next_task(label_studio, second, pid)
    assert isinstance(again, dict)
    assert _task_id(again) == _task_id(task)
    assert again["annotations"] == []  # the first annotator's work is not handed over
    _submit(label_studio, second.token, _task_id(again), pid)
    assert next_task(label_studio, first, pid) is None  # done: 2 of 2


@pytest.mark.server
def test_community_counts_ground_truth_toward_the_annotators_per_task(
    label_studio: ConnectionSettings,
) -> None:
    # Measured on Label Studio 1.23.2 Community: why the gold lives in its own project.
    pid = _project(label_studio, TeamSetup(annotators_per_task=2), gold=True)
    invite = invite_token(label_studio)
    first, second = (sign_up(label_studio, invite, name) for name in ("citra", "dewi"))
    task = next_task(label_studio, first, pid)
    _submit(label_studio, first.token, _task_id(task), pid)
    assert next_task(label_studio, second, pid) is None  # gold + 1 annotator = "2 of 2"
    # ...and any member can read the gold (and everyone's work) through the task API.
    headers = {"Authorization": f"Token {second.token}"}
    with httpx.Client(base_url=label_studio.url, headers=headers, trust_env=False) as http:
        seen = http.get(f"/api/tasks/{_task_id(task)}").json()["annotations"]
    assert [a["ground_truth"] for a in seen] == [True, False]
