"""Push and pull against the real Label Studio server of the test session.

Annotations are created through the API in exactly the JSON shape the web UI produces, on
Indonesian text with typographic quotes and emoji before the spans; each test has a project
of its own.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annot.cli import app
from annot.labelstudio import push as push_module
from annot.labelstudio.client import (
    RetryPolicy,
    ensure_project,
    find_project,
    no_sdk_retries,
    project_url,
    request_json,
)
from annot.labelstudio.convert import annotated_to_result, annotator_pseudonym, region_id
from annot.labelstudio.project import gold_project_title
from annot.labelstudio.pull import convert_pull, pull, read_pull
from annot.labelstudio.push import TaskKey, cache_path, fetch_task_keys, push
from annot.labelstudio.server import (
    LabelStudioAuthError,
    LabelStudioUnreachableError,
    server_status,
    start_server,
)
from annot.labelstudio.settings import ConnectionSettings, LabelStudioError, open_client
from annot.problems import ProblemCode
from annot.schema import (
    AnnotatedDocument,
    CheckWorthiness,
    Claim,
    Document,
    EntityLabel,
    HumanSource,
    Mention,
    MentionRef,
    PreannotatorSource,
    Quote,
    QuoteKind,
    QuoteRef,
    SpanRef,
    Stance,
    comparable_layers,
)
from annot.validate import validate_file

pytestmark = pytest.mark.server

JSON = dict[str, object]
FAST = RetryPolicy(attempts=2, base_delay=0.05, max_delay=0.1)

PASSAGES = {
    "uji-kutipan": (
        "🙂 “Kami tidak akan mundur,” kata Ketua DPRD Jawa Barat Siti Rahmawati di Bandung, "
        "Senin (3/6/2024). Menurut dia, anggaran banjir sudah disetujui."
    ),
    "uji-klaim": (
        "Warga 🙂🙂 menyebut ‘jalan tol itu’ rusak. Menteri Basuki Hadimuljono mengatakan "
        "“perbaikan selesai bulan depan” dan membantah adanya korupsi."
    ),
    "uji-emoji": (
        "Presiden Joko Widodo 🇮🇩 meresmikan bendungan di Nusa Tenggara Timur. “Air untuk "
        "petani 🌾 sudah mengalir,” ujarnya, Kamis."
    ),
}


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def documents(texts: dict[str, str] = PASSAGES) -> list[Document]:
    return [Document(id=doc_id, text=text, source="contoh.id") for doc_id, text in texts.items()]


def new_project(settings: ConnectionSettings, prefix: str) -> int:
    with open_client(settings) as client:
        return ensure_project(client, unique(prefix))


def keys_by_doc(settings: ConnectionSettings, project: int) -> dict[str, list[TaskKey]]:
    with open_client(settings) as client:
        keys = fetch_task_keys(client, project, url=settings.url)
    found: dict[str, list[TaskKey]] = {}
    for key in keys:
        found.setdefault(key.doc_id, []).append(key)
    return found


def at(doc: Document, needle: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(needle, start + 1)
    return start, start + len(needle)


def annotate(
    settings: ConnectionSettings, task_id: int, result: list[JSON], lead_time: float
) -> int:
    """Create an annotation as the web UI does: POST /api/tasks/<id>/annotations/."""
    with open_client(settings) as client:
        created = client.annotations.create(
            task_id, result=result, lead_time=lead_time, request_options=no_sdk_retries()
        )
    annotation_id: int | None = created.id
    assert annotation_id is not None
    return annotation_id


layers = comparable_layers


def quote_annotation(doc: Document) -> AnnotatedDocument:
    """A direct quote with cue and a named speaker, and an indirect one with a pronoun."""
    siti = Mention(id="m-siti", span=doc.span(*at(doc, "Siti Rahmawati")), label=EntityLabel.PER)
    dprd = Mention(id="m-dprd", span=doc.span(*at(doc, "DPRD Jawa Barat")), label=EntityLabel.ORG)
    bandung = Mention(id="m-bdg", span=doc.span(*at(doc, "Bandung")), label=EntityLabel.GPE)
    direct = Quote(
        id="q-1",
        content=doc.span(*at(doc, "Kami tidak akan mundur,")),
        cue=doc.span(*at(doc, "kata")),
        speaker=MentionRef(mention_id="m-siti"),
        kind=QuoteKind.DIRECT,
    )
    indirect = Quote(
        id="q-2",
        content=doc.span(*at(doc, "anggaran banjir sudah disetujui")),
        cue=doc.span(*at(doc, "Menurut")),
        speaker=SpanRef(type="pronoun", span=doc.span(*at(doc, "dia")), refers_to="m-siti"),
        kind=QuoteKind.INDIRECT,
    )
    return AnnotatedDocument(
        document=doc,
        source=HumanSource(annotator="ann-test"),
        mentions=[siti, dprd, bandung],
        quotes=[direct, indirect],
    )


def claim_annotation(doc: Document) -> AnnotatedDocument:
    basuki = Mention(
        id="m-basuki", span=doc.span(*at(doc, "Basuki Hadimuljono")), label=EntityLabel.PER
    )
    quote = Quote(
        id="q-1",
        content=doc.span(*at(doc, "perbaikan selesai bulan depan")),
        cue=doc.span(*at(doc, "mengatakan")),
        speaker=MentionRef(mention_id="m-basuki"),
        kind=QuoteKind.DIRECT,
    )
    claims = [
        Claim(
            id="c-1",
            span=doc.span(*at(doc, "perbaikan selesai bulan depan")),
            claimant=QuoteRef(quote_id="q-1"),
            stance=Stance.ASSERTS,
            check_worthiness=CheckWorthiness.CHECK_WORTHY,
        ),
        Claim(
            id="c-2",
            span=doc.span(*at(doc, "adanya korupsi")),
            claimant=MentionRef(mention_id="m-basuki"),
            stance=Stance.DENIES,
            check_worthiness=CheckWorthiness.CHECK_WORTHY,
        ),
        Claim(
            id="c-3",
            span=doc.span(*at(doc, "‘jalan tol itu’ rusak")),
            claimant=SpanRef(type="nominal", span=doc.span(*at(doc, "Warga"))),
            stance=Stance.ASSERTS,
            check_worthiness=CheckWorthiness.NOT_CHECK_WORTHY,
        ),
    ]
    return AnnotatedDocument(
        document=doc,
        source=HumanSource(annotator="ann-test"),
        mentions=[basuki],
        quotes=[quote],
        claims=claims,
    )


def hand_written_result(doc: Document) -> list[JSON]:
    """What the web UI stores for a person who drew three entities, a quote, cue and links."""

    def region(rid: str, control: str, needle: str, label: str) -> JSON:
        start, end = at(doc, needle)
        assert doc.text[start:end] == needle
        return {
            "id": rid,
            "from_name": control,
            "to_name": "text",
            "type": "labels",
            "origin": "manual",
            "value": {"start": start, "end": end, "text": needle, "labels": [label]},
        }

    content = "Air untuk petani 🌾 sudah mengalir,"
    start, end = at(doc, content)
    return [
        region("Jk2Lm9QwEr", "entity", "Joko Widodo", "PER"),
        region("Zx8Cv7BnM1", "entity", "Nusa Tenggara Timur", "GPE"),
        region("Qa1Ws2Ed3R", "quote", content, "QUOTE"),
        {
            "id": "Qa1Ws2Ed3R",
            "from_name": "quote_kind",
            "to_name": "text",
            "type": "choices",
            "origin": "manual",
            "value": {"start": start, "end": end, "text": content, "choices": ["direct"]},
        },
        region("Tg5Yh6Uj7I", "quote", "ujarnya", "CUE"),
        {
            "from_id": "Tg5Yh6Uj7I",
            "to_id": "Qa1Ws2Ed3R",
            "type": "relation",
            "direction": "right",
            "labels": ["cue_of"],
        },
        {
            "from_id": "Jk2Lm9QwEr",
            "to_id": "Qa1Ws2Ed3R",
            "type": "relation",
            "direction": "right",
            "labels": ["speaker_of"],
        },
    ]


# --- the round trip -------------------------------------------------------------------------


def test_round_trip_reproduces_the_annotations(
    label_studio: ConnectionSettings, tmp_path: Path
) -> None:
    docs = {doc.id: doc for doc in documents()}
    project = new_project(label_studio, "round-trip")
    report = push(label_studio, project, docs.values(), progress=False)
    assert (report.created, report.unchanged, report.new_versions) == (3, 0, 0)
    tasks = {
        doc_id: found[0].task_id for doc_id, found in keys_by_doc(label_studio, project).items()
    }

    expected = {
        "uji-kutipan": quote_annotation(docs["uji-kutipan"]),
        "uji-klaim": claim_annotation(docs["uji-klaim"]),
    }
    sent = {doc_id: annotated_to_result(ad, origin="manual") for doc_id, ad in expected.items()}
    sent["uji-emoji"] = hand_written_result(docs["uji-emoji"])
    created = {
        doc_id: annotate(label_studio, tasks[doc_id], result, lead_time=30.0 + i)
        for i, (doc_id, result) in enumerate(sent.items())
    }

    pulled = pull(label_studio, project, tmp_path / "pulls", progress=False)
    assert (pulled.tasks, pulled.annotations) == (3, 3)
    assert pulled.path.parent == tmp_path / "pulls"
    assert pulled.path.name.endswith(f"-project{project}.jsonl")
    assert not pulled.problems, [str(p) for p in pulled.problems]
    # The raw pull holds the results exactly as they were created.
    raw = {str(_data(task)["doc_id"]): task for task in read_pull(pulled.path)}
    for doc_id, result in sent.items():
        (annotation,) = _annotations(raw[doc_id])
        assert annotation["result"] == result
        assert annotation["id"] == created[doc_id]

    converted = {
        ad.document.id: ad for conversion in pulled.conversions for ad in conversion.annotations
    }
    assert set(converted) == set(sent)
    for doc_id, ad in converted.items():
        assert ad.document.text == docs[doc_id].text
        # Pushing the pulled annotation again gives exactly what was created.
        assert annotated_to_result(ad, origin="manual") == sent[doc_id]
        ref = ad.label_studio
        assert ref is not None
        assert (ref.project_id, ref.task_id, ref.annotation_id) == (
            project,
            tasks[doc_id],
            created[doc_id],
        )
        assert ref.created_at is not None
        assert ref.lead_time is not None
        assert ref.lead_time >= 30.0
        assert (ref.was_cancelled, ref.ground_truth) == (False, False)
        assert isinstance(ad.source, HumanSource)
        assert "@" not in ad.source.annotator
        assert ad.source.annotator == annotator_pseudonym(_completed_by(raw[doc_id]))
    for doc_id, ad in expected.items():
        assert layers(converted[doc_id]) == layers(ad)
    emoji = converted["uji-emoji"]
    assert [m.span.text for m in emoji.mentions] == ["Joko Widodo", "Nusa Tenggara Timur"]
    (quote,) = emoji.quotes
    assert quote.content.text == "Air untuk petani 🌾 sudah mengalir,"
    assert quote.cue is not None
    assert quote.cue.text == "ujarnya"
    assert quote.speaker == MentionRef(mention_id="m-Jk2Lm9QwEr")
    assert quote.kind is QuoteKind.DIRECT

    # Offline: the raw pull converts to the same result without the server.
    offline = [ad for conv in convert_pull(pulled.path) for ad in conv.annotations]
    assert sorted(ad.model_dump_json() for ad in offline) == sorted(
        ad.model_dump_json() for ad in converted.values()
    )


def _data(task: JSON) -> JSON:
    data = task["data"]
    assert isinstance(data, dict)
    return data


def _annotations(task: JSON) -> list[JSON]:
    listed = task["annotations"]
    assert isinstance(listed, list)
    return listed


def _completed_by(task: JSON) -> int:
    (annotation,) = _annotations(task)
    user = annotation["completed_by"]
    assert isinstance(user, int)
    return user


# --- idempotence and versions -----------------------------------------------------------------


def test_repush_creates_nothing_and_a_changed_text_becomes_version_2(
    label_studio: ConnectionSettings, tmp_path: Path
) -> None:
    docs = documents()
    project = new_project(label_studio, "versions")
    first = push(label_studio, project, docs, progress=False)
    assert (first.created, first.imported) == (3, 3)
    again = push(label_studio, project, docs, progress=False)
    assert (again.created, again.new_versions, again.unchanged, again.batches) == (0, 0, 3, 0)

    old = keys_by_doc(label_studio, project)["uji-kutipan"][0]
    doc = docs[0]
    annotation_id = annotate(
        label_studio, old.task_id, annotated_to_result(quote_annotation(doc), origin="manual"), 5
    )
    changed = Document(id=doc.id, text=doc.text.replace("Senin", "Selasa"), source=doc.source)
    report = push(label_studio, project, [changed, *docs[1:]], progress=False)
    assert (report.created, report.new_versions, report.unchanged) == (0, 1, 2)
    assert push(label_studio, project, [changed], progress=False).unchanged == 1

    versions = sorted(keys_by_doc(label_studio, project)["uji-kutipan"], key=lambda k: k.version)
    assert [(k.version, k.content_sha256) for k in versions] == [
        (1, doc.content_sha256),
        (2, changed.content_sha256),
    ]
    assert versions[0].annotations == 1  # the old task keeps its annotation

    pulled = pull(label_studio, project, tmp_path, progress=False)
    assert pulled.tasks == 4
    assert pulled.superseded == {old.task_id: versions[1].task_id}
    raw = {_task_id(task): task for task in read_pull(pulled.path)}
    new_task = raw[versions[1].task_id]
    assert _data(new_task)["version"] == 2
    assert new_task["meta"] == {
        "doc_id": doc.id,
        "content_sha256": changed.content_sha256,
        "schema_version": _data(new_task)["schema_version"],
        "version": 2,
        "supersedes": old.task_id,
    }
    assert [a["id"] for a in _annotations(raw[old.task_id])] == [annotation_id]
    latest = [c for c in convert_pull(pulled.path, latest_only=True)]
    assert len(latest) == 3
    assert all(
        ad.label_studio is not None and ad.label_studio.task_id != old.task_id
        for c in latest
        for ad in c.annotations
    )
    # validate takes the same policy: the old version is superseded, not a duplicate
    checked = validate_file(pulled.path).report
    assert (checked.tasks.superseded, checked.annotations.superseded) == (1, 1)
    assert ProblemCode.DUPLICATE_TASK not in checked.codes()


# --- the push cache ---------------------------------------------------------------------------


Requests = list[tuple[str, dict[str, object]]]


@pytest.fixture
def requests_made(monkeypatch: pytest.MonkeyPatch) -> Requests:
    """Every request a push makes through ``request_json`` (all its listings and imports)."""
    made: Requests = []

    def counting(client: object, path: str, **kwargs: object) -> object:
        params = kwargs.get("params")
        made.append((path, dict(params) if isinstance(params, dict) else {}))
        return request_json(client, path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(push_module, "request_json", counting)
    return made


def listings(made: Requests) -> list[dict[str, object]]:
    """The task listings among ``made`` that ask for more than the newest task."""
    return [params for path, params in made if path == "api/tasks/" and params["page_size"] != 1]


def cached_keys(root: Path, settings: ConnectionSettings, project: int) -> list[TaskKey]:
    body = json.loads(cache_path(root, settings.url, project).read_text(encoding="utf-8"))
    return sorted((TaskKey(*row) for row in body["keys"]), key=lambda k: k.task_id)


def listed_keys(settings: ConnectionSettings, project: int) -> list[TaskKey]:
    """What the project holds, by the real listing (annotation counts left out)."""
    with open_client(settings) as client:
        keys = fetch_task_keys(client, project, url=settings.url)
    plain = (TaskKey(k.task_id, k.doc_id, k.content_sha256, k.version) for k in keys)
    return sorted(plain, key=lambda k: k.task_id)


def push_lists_once_and_recaches(
    settings: ConnectionSettings,
    project: int,
    docs: list[Document],
    root: Path,
    made: Requests,
    expected: tuple[str, int, int],
) -> None:
    """A push whose cache cannot be trusted: ``(cache outcome, created, unchanged)`` as
    ``expected``, one listing of the project, and a cache equal to what the project lists."""
    made.clear()
    report = push(settings, project, docs, progress=False, root=root)
    cache, created, unchanged = expected
    assert (report.cache, report.tasks_listed, report.created, report.unchanged) == (
        cache,
        True,
        created,
        unchanged,
    )
    assert len(listings(made)) == 1
    assert cached_keys(root, settings, project) == listed_keys(settings, project)


def delete_newest_task(settings: ConnectionSettings, project: int) -> None:
    """Delete the project's task with the highest id, as the web UI does."""
    newest = max(listed_keys(settings, project), key=lambda k: k.task_id)
    with open_client(settings) as client:
        client.tasks.delete(str(newest.task_id), request_options=no_sdk_retries())


def test_a_repush_with_a_cache_lists_no_task_and_creates_nothing(
    label_studio: ConnectionSettings, tmp_path: Path, requests_made: Requests
) -> None:
    docs = documents()
    project = new_project(label_studio, "cache")
    first = push(label_studio, project, docs, progress=False, root=tmp_path)
    assert (first.created, first.cache, first.tasks_listed) == (3, "absent", True)
    assert len(listings(requests_made)) == 1
    assert cached_keys(tmp_path, label_studio, project) == listed_keys(label_studio, project)

    requests_made.clear()
    again = push(label_studio, project, docs, progress=False, root=tmp_path)
    assert (again.created, again.new_versions, again.unchanged, again.batches) == (0, 0, 3, 0)
    assert (again.cache, again.tasks_listed) == ("used", False)
    assert [path for path, _ in requests_made] == ["api/tasks/"]  # the newest task alone
    assert listings(requests_made) == []

    # a changed text is pushed from the cache too, and the cache follows
    changed = Document(id=docs[0].id, text=docs[0].text + " Tambahan.", source=docs[0].source)
    requests_made.clear()
    report = push(label_studio, project, [changed, *docs[1:]], progress=False, root=tmp_path)
    assert (report.new_versions, report.unchanged, report.cache) == (1, 2, "used")
    assert listings(requests_made) == []
    assert cached_keys(tmp_path, label_studio, project) == listed_keys(label_studio, project)
    (v2,) = [k for k in listed_keys(label_studio, project) if k.version == 2]
    assert (v2.doc_id, v2.content_sha256) == (changed.id, changed.content_sha256)


def test_a_task_deleted_in_label_studio_makes_the_push_list_and_restore_it(
    label_studio: ConnectionSettings, tmp_path: Path, requests_made: Requests
) -> None:
    docs = documents()
    project = new_project(label_studio, "cache-deleted")
    push(label_studio, project, docs, progress=False, root=tmp_path)
    delete_newest_task(label_studio, project)
    push_lists_once_and_recaches(
        label_studio, project, docs, tmp_path, requests_made, ("stale", 1, 2)
    )
    assert sorted(k.doc_id for k in listed_keys(label_studio, project)) == sorted(PASSAGES)
    assert push(label_studio, project, docs, progress=False, root=tmp_path).cache == "used"


def test_a_push_from_elsewhere_makes_the_push_list(
    label_studio: ConnectionSettings, tmp_path: Path
) -> None:
    docs = documents()
    project = new_project(label_studio, "cache-elsewhere")
    here, elsewhere = tmp_path / "here", tmp_path / "elsewhere"
    push(label_studio, project, docs[:2], progress=False, root=here)
    # another machine deletes the newest task and pushes another document: on SQLite the new
    # task may take the deleted one's id, so the count and the highest id stay the same
    delete_newest_task(label_studio, project)
    other = push(label_studio, project, docs[2:], progress=False, root=elsewhere)
    assert (other.created, other.cache) == (1, "absent")
    report = push(label_studio, project, docs, progress=False, root=here)
    assert (report.cache, report.created, report.unchanged) == ("stale", 1, 2)
    counts = Counter(k.doc_id for k in listed_keys(label_studio, project))
    assert counts == Counter(dict.fromkeys(PASSAGES, 1))


def test_a_corrupt_cache_makes_the_push_list_and_is_rewritten(
    label_studio: ConnectionSettings, tmp_path: Path, requests_made: Requests
) -> None:
    docs = documents()
    project = new_project(label_studio, "cache-corrupt")
    push(label_studio, project, docs, progress=False, root=tmp_path)
    path = cache_path(tmp_path, label_studio.url, project)
    for broken in (b'{"format": 1, "keys": [[1, 2', b'{"format": 1, "keys": "x"}', b"\xff"):
        path.write_bytes(broken)
        push_lists_once_and_recaches(
            label_studio, project, docs, tmp_path, requests_made, ("corrupt", 0, 3)
        )
    assert push(label_studio, project, docs, progress=False, root=tmp_path).cache == "used"


def _task_id(task: JSON) -> int:
    tid = task["id"]
    assert isinstance(tid, int)
    return tid


# --- predictions ------------------------------------------------------------------------------


def test_predictions_arrive_with_model_version_and_score(
    label_studio: ConnectionSettings, tmp_path: Path
) -> None:
    docs = {doc.id: doc for doc in documents()}
    rules = PreannotatorSource(name="rules", version="0.3")
    human = quote_annotation(docs["uji-kutipan"])
    scored = [
        m.model_copy(update={"provenance": rules.model_copy(update={"score": s})})
        for m, s in zip(human.mentions, (0.9, 0.6, 0.3), strict=True)
    ]
    prediction = human.model_copy(update={"source": rules, "mentions": scored})
    project = new_project(label_studio, "predictions")
    report = push(label_studio, project, docs.values(), {"uji-kutipan": prediction}, progress=False)
    assert report.predictions == 1
    again = push(label_studio, project, docs.values(), {"uji-kutipan": prediction}, progress=False)
    assert (again.predictions, again.predictions_skipped) == (0, 1)

    pulled = pull(label_studio, project, tmp_path, progress=False, include_predictions=True)
    raw = {str(_data(task)["doc_id"]): task for task in read_pull(pulled.path)}
    listed = raw["uji-kutipan"]["predictions"]
    assert isinstance(listed, list)
    (stored,) = listed
    assert isinstance(stored, dict)
    assert stored["model_version"] == "rules@0.3"
    assert stored["score"] == pytest.approx(0.6)
    assert pulled.predictions == 1
    (predicted,) = [ad for c in pulled.conversions for ad in c.annotations]
    assert predicted.source == PreannotatorSource(name="rules", version="0.3", score=0.6)
    assert predicted.label_studio is not None
    assert predicted.label_studio.prediction_id == stored["id"]
    assert predicted.label_studio.annotation_id is None
    assert layers(predicted) == layers(prediction)
    assert [m.provenance for m in predicted.mentions] == [m.provenance for m in scored]


# --- errors -----------------------------------------------------------------------------------


def test_a_wrong_api_key_is_one_clear_error(label_studio: ConnectionSettings) -> None:
    project = new_project(label_studio, "auth")
    wrong = ConnectionSettings(url=label_studio.url, api_key="0" * 40)  # type: ignore[arg-type]
    with pytest.raises(LabelStudioAuthError) as caught:
        push(wrong, project, documents(), progress=False)
    assert "rejected the API key" in str(caught.value)
    assert "ANNOT_LS_API_KEY" in str(caught.value)
    assert caught.value.status == 401


def test_a_wrong_url_is_one_clear_error(tmp_path: Path) -> None:
    nowhere = ConnectionSettings(url="http://127.0.0.1:9", api_key="0" * 40)  # type: ignore[arg-type]
    started = time.monotonic()
    with pytest.raises(LabelStudioUnreachableError) as caught:
        pull(nowhere, 1, tmp_path, progress=False)
    assert time.monotonic() - started < 10
    assert "cannot reach Label Studio at http://127.0.0.1:9" in str(caught.value)
    assert "ANNOT_LS_URL" in str(caught.value)
    assert not list(tmp_path.iterdir())


def test_ensure_project_finds_the_project_and_repairs_its_config(
    label_studio: ConnectionSettings, caplog: pytest.LogCaptureFixture
) -> None:
    title = unique("config")
    probe = (
        '<View><Labels name="entity" toName="text"><Label value="PER"/></Labels>'
        '<Text name="text" value="$text"/></View>'
    )
    with open_client(label_studio) as client:
        project = ensure_project(client, title, config=probe)
        assert find_project(client, title) == project
        assert ensure_project(client, title) == project  # annot's config replaces the probe's
        assert find_project(client, unique("missing")) is None
    assert "had another labeling config" in caplog.text


# --- crashes and scale ------------------------------------------------------------------------


def _count_tasks(settings: ConnectionSettings, project: int) -> int:
    with open_client(settings, timeout=2) as client:
        pager: object = client.tasks.list(
            project=project, page_size=1, request_options={"max_retries": 0}
        )
    total = getattr(getattr(pager, "response", None), "total", None)
    assert isinstance(total, int)
    return total


def test_sigkill_mid_push_then_push_again_gives_each_document_once(
    label_studio: ConnectionSettings, label_studio_root: Path
) -> None:
    n = 3000
    docs = [
        Document(
            id=f"massal-{i:05d}", text=f"Berita ke-{i}: “Harga beras naik lagi,” kata warga 🙂."
        )
        for i in range(n)
    ]
    project = new_project(label_studio, "sigkill")
    outcome: list[object] = []

    def first_push() -> None:
        try:
            outcome.append(
                push(label_studio, project, docs, batch_size=50, progress=False, retry=FAST)
            )
        except LabelStudioError as exc:
            outcome.append(exc)

    pid = server_status(label_studio_root).pid
    assert pid is not None
    worker = threading.Thread(target=first_push)
    worker.start()
    deadline = time.monotonic() + 60
    while _count_tasks(label_studio, project) == 0:
        assert time.monotonic() < deadline, "the first batch never arrived"
        time.sleep(0.01)
    os.killpg(pid, signal.SIGKILL)
    worker.join(timeout=120)
    assert not worker.is_alive()
    assert isinstance(outcome[0], LabelStudioError), "the push finished before the kill"

    restarted = start_server(label_studio_root)
    assert restarted.url == label_studio.url
    before = sum(len(keys) for keys in keys_by_doc(label_studio, project).values())
    assert 0 < before < n
    print(f"SIGKILL after {before} of {n} tasks had arrived")  # shown with pytest -s
    report = push(label_studio, project, docs, batch_size=500, progress=False)
    assert report.unchanged == before
    assert report.created == n - before
    counts = Counter(
        {doc_id: len(keys) for doc_id, keys in keys_by_doc(label_studio, project).items()}
    )
    assert set(counts) == {doc.id for doc in docs}
    assert set(counts.values()) == {1}


def test_pull_gets_every_one_of_5000_annotated_tasks(
    label_studio: ConnectionSettings, tmp_path: Path
) -> None:
    n = 5000
    project = new_project(label_studio, "besar")
    text = "Menteri 🙂 Sri Mulyani berkata “ekonomi tumbuh”."
    start = text.index("Sri Mulyani")
    doc_ids = [f"besar-{i:05d}" for i in range(n)]
    tasks: list[JSON] = [
        {
            "data": {"text": text, "doc_id": doc_id},
            "annotations": [
                {
                    "result": [
                        {
                            "id": region_id(doc_id, "mention"),
                            "from_name": "entity",
                            "to_name": "text",
                            "type": "labels",
                            "origin": "manual",
                            "value": {
                                "start": start,
                                "end": start + len("Sri Mulyani"),
                                "text": "Sri Mulyani",
                                "labels": ["PER"],
                            },
                        }
                    ],
                    "lead_time": 3.5,
                }
            ],
        }
        for doc_id in doc_ids
    ]
    with open_client(label_studio) as client:
        imported = client.projects.import_tasks(
            project,
            request=tasks,  # type: ignore[arg-type]  # plain dicts are posted as they are
            request_options=no_sdk_retries(),
        )
    assert imported.task_count == n

    pulled = pull(label_studio, project, tmp_path, progress=False)
    assert (pulled.tasks, pulled.annotations) == (n, n)
    assert sum(1 for _ in read_pull(pulled.path)) == n
    mentions = [
        (ad.document.id, m.span.text)
        for conversion in pulled.conversions
        for ad in conversion.annotations
        for m in ad.mentions
    ]
    assert sorted(mentions) == [(doc_id, "Sri Mulyani") for doc_id in doc_ids]
    assert not pulled.problems


# --- the command line -------------------------------------------------------------------------


def test_cli_run_push_and_pull(
    label_studio: ConnectionSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = Path(__file__).resolve().parent.parent / "raw"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANNOT_LS_URL", label_studio.url)
    monkeypatch.setenv("ANNOT_LS_API_KEY", label_studio.api_key.get_secret_value())
    title = unique("cli")
    runner = CliRunner()

    ran = runner.invoke(app, ["run", str(raw), "--push", "--project", title])
    assert ran.exit_code == 0, ran.output
    assert "5 documents in" in ran.output
    assert "5 created" in ran.output
    with open_client(label_studio) as client:
        project = find_project(client, title)
    assert project is not None
    assert f"annotate at {project_url(label_studio.url, project)}" in ran.output

    pushed = runner.invoke(app, ["push", str(raw), "--project", title, "--no-progress"])
    assert pushed.exit_code == 0, pushed.output
    assert "0 created, 0 new versions, 5 unchanged" in pushed.output

    pulled = runner.invoke(app, ["pull", "--project", title, "--out", "pulls", "--no-progress"])
    assert pulled.exit_code == 0, pulled.output
    assert "5 tasks, 0 annotations" in pulled.output  # the team's project holds no gold
    gold = [gold_project_title(title), "--out", "gold-pulls", "--no-progress"]
    pulled_gold = runner.invoke(app, ["pull", "--project", *gold])
    assert pulled_gold.exit_code == 0, pulled_gold.output
    assert "5 tasks, 5 annotations" in pulled_gold.output
    (path,) = (tmp_path / "pulls").iterdir()
    assert len(path.read_text(encoding="utf-8").splitlines()) == 5
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[0])["data"]["version"] == 1

    missing = runner.invoke(app, ["pull", "--project", unique("nope"), "--no-progress"])
    assert missing.exit_code == 1
    assert "has no project titled" in missing.output


def test_cli_run_starts_the_embedded_server_when_none_is_configured(
    label_studio: ConnectionSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = Path(__file__).resolve().parent.parent / "raw"
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ANNOT_LS_URL", raising=False)
    monkeypatch.delenv("ANNOT_LS_API_KEY", raising=False)
    started: list[Path] = []

    def start(root: Path) -> ConnectionSettings:  # the session's server stands in for it
        started.append(root)
        return label_studio

    monkeypatch.setattr("annot.labelstudio.server.start_server", start)
    ran = CliRunner().invoke(app, ["run", str(raw), "--push", "--project", unique("main")])
    assert ran.exit_code == 0, ran.output
    assert started == [Path(".")]
    assert "starting the embedded server" in ran.output
    assert f"annotate at {label_studio.url}/projects/" in ran.output

    monkeypatch.setenv("ANNOT_LS_URL", "http://127.0.0.1:9")
    half = CliRunner().invoke(app, ["run", str(raw), "--push", "--project", unique("main")])
    assert half.exit_code == 1
    assert "no Label Studio API key configured" in half.output
    assert len(started) == 1


def test_cancelled_and_ground_truth_annotations_are_pulled(
    label_studio: ConnectionSettings, tmp_path: Path
) -> None:
    doc = documents()[0]
    project = new_project(label_studio, "flags")
    push(label_studio, project, [doc], progress=False)
    (key,) = keys_by_doc(label_studio, project)[doc.id]
    result = annotated_to_result(quote_annotation(doc), origin="manual")
    with open_client(label_studio) as client:
        client.annotations.create(
            key.task_id, result=[], was_cancelled=True, request_options=no_sdk_retries()
        )
        client.annotations.create(
            key.task_id, result=result, ground_truth=True, request_options=no_sdk_retries()
        )
    pulled = pull(label_studio, project, tmp_path, progress=False)
    assert pulled.annotations == 2
    refs = sorted(
        (ad.label_studio.was_cancelled, ad.label_studio.ground_truth)
        for conversion in pulled.conversions
        for ad in conversion.annotations
        if ad.label_studio is not None
    )
    assert refs == [(False, True), (True, False)]
