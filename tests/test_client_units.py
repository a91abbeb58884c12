"""Push and pull without a server: retries, planning, and JSON recorded from Label Studio 1.23.2.

``task-page-ls-1.23.2.json`` is a real answer to ``GET /api/tasks?include=id,data,...`` and
``pull-ls-1.23.2.jsonl`` a real raw pull (a task, its annotation and prediction, and the
version-2 task that supersedes it after its text changed).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import httpx
import pytest
from label_studio_sdk import LabelStudio
from label_studio_sdk.core.api_error import ApiError

from annot.errors import AnnotError
from annot.labelstudio import pull as pull_module
from annot.labelstudio import push as push_module
from annot.labelstudio.client import (
    DEFAULT_RETRY,
    LabelStudioApiError,
    RetryPolicy,
    call,
    is_transient,
    project_url,
)
from annot.labelstudio.convert import task_to_annotated
from annot.labelstudio.pull import (
    PullError,
    convert_pull,
    pull_file_name,
    read_pull,
    superseded_tasks,
)
from annot.labelstudio.push import (
    PredictionsFile,
    PushError,
    TaskKey,
    duplicate_tasks,
    fetch_task_keys,
    plan_push,
    push,
    task_key,
)
from annot.labelstudio.server import LabelStudioAuthError, LabelStudioUnreachableError
from annot.labelstudio.settings import ConnectionSettings
from annot.schema import (
    AnnotatedDocument,
    Document,
    EntityLabel,
    HumanSource,
    Mention,
    PreannotatorSource,
)

DATA = Path(__file__).parent / "data" / "labelstudio"
PAGE = json.loads((DATA / "task-page-ls-1.23.2.json").read_text(encoding="utf-8"))
PULL = DATA / "pull-ls-1.23.2.jsonl"
GOLDEN = DATA / "exported-task-ls-1.23.2.json"
URL = "http://127.0.0.1:8080"
NO_WAIT = RetryPolicy(attempts=3, base_delay=0.0, max_delay=0.0, jitter=0.0)
JSON = dict[str, object]

DOC = Document(id="berita-001", text="“Kami menolak,” kata Budi Santoso 🙂 di Surabaya.")


def prediction(doc: Document = DOC, score: float = 0.7) -> AnnotatedDocument:
    start = doc.text.index("Budi Santoso")
    rules = PreannotatorSource(name="rules", version="0.2")
    mention = Mention(
        id="m-1",
        span=doc.span(start, start + len("Budi Santoso")),
        label=EntityLabel.PER,
        provenance=rules.model_copy(update={"score": score}),
    )
    return AnnotatedDocument(document=doc, source=rules, mentions=[mention])


# --- retries --------------------------------------------------------------------------------


class Flaky:
    """A callable that raises the given errors, then returns 42."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return 42


def test_transient_failures_are_retried_with_backoff() -> None:
    slept: list[float] = []
    flaky = Flaky(httpx.ConnectError("refused"), ApiError(status_code=502, body="bad gateway"))
    policy = RetryPolicy(attempts=3, base_delay=1.0, max_delay=10.0, jitter=0.0)
    assert call("list tasks", flaky, url=URL, policy=policy, sleep=slept.append) == 42
    assert flaky.calls == 3
    assert slept == [1.0, 2.0]


def test_giving_up_on_an_unreachable_server_names_the_url() -> None:
    flaky = Flaky(*(httpx.ConnectError("Connection refused") for _ in range(3)))
    with pytest.raises(LabelStudioUnreachableError) as caught:
        call("list tasks", flaky, url=URL, policy=NO_WAIT, sleep=lambda _: None)
    assert flaky.calls == 3
    assert f"cannot reach Label Studio at {URL}" in str(caught.value)
    assert "gave up after 3 attempts to list tasks" in str(caught.value)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


def test_server_errors_are_retried_then_reported_with_status() -> None:
    flaky = Flaky(*(ApiError(status_code=503, body={"detail": "busy"}) for _ in range(3)))
    with pytest.raises(LabelStudioApiError) as caught:
        call("import 5 tasks", flaky, url=URL, policy=NO_WAIT, sleep=lambda _: None)
    assert caught.value.status == 503
    assert "import 5 tasks failed" in str(caught.value)
    assert "busy (gave up after 3 attempts)" in str(caught.value)


def test_client_errors_are_never_retried() -> None:
    body = {"detail": "Invalid page.", "status_code": 404}
    flaky = Flaky(ApiError(status_code=404, body=body))
    with pytest.raises(LabelStudioApiError) as caught:
        call("list tasks", flaky, url=URL, policy=NO_WAIT, sleep=lambda _: None)
    assert flaky.calls == 1
    assert (caught.value.status, caught.value.detail) == (404, "Invalid page.")


@pytest.mark.parametrize("status", [401, 403])
def test_a_rejected_key_is_one_auth_error(status: int) -> None:
    flaky = Flaky(ApiError(status_code=status, body={"detail": "Invalid token."}))
    with pytest.raises(LabelStudioAuthError) as caught:
        call("list tasks", flaky, url=URL, policy=NO_WAIT, sleep=lambda _: None)
    assert flaky.calls == 1
    assert caught.value.status == status
    assert "ANNOT_LS_API_KEY" in str(caught.value)


def test_no_retry_when_told_so() -> None:
    flaky = Flaky(httpx.RemoteProtocolError("Server disconnected"))
    with pytest.raises(LabelStudioUnreachableError):
        call("import", flaky, url=URL, policy=NO_WAIT, retry=False, sleep=lambda _: None)
    assert flaky.calls == 1


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (httpx.ReadTimeout("slow"), True),
        (httpx.RemoteProtocolError("reset"), True),
        (httpx.ConnectError("refused"), True),
        (ApiError(status_code=500, body=None), True),
        (ApiError(status_code=404, body=None), False),
        (ApiError(status_code=400, body=None), False),
        (ValueError("bug"), False),
    ],
)
def test_is_transient(error: Exception, transient: bool) -> None:
    assert is_transient(error) is transient


def test_backoff_grows_is_capped_and_jittered() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=4.0, jitter=0.25)
    rng = random.Random(7)
    for attempt, raw in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (9, 4.0)]:
        delay = policy.delay(attempt, rng)
        assert raw * 0.75 <= delay <= raw * 1.25


def test_project_url() -> None:
    assert project_url(URL + "/", 3) == f"{URL}/projects/3/data"


# --- planning a push --------------------------------------------------------------------------


def keys_from_page() -> list[TaskKey]:
    tasks = PAGE["tasks"]
    found = [task_key(t["id"], t["data"], t["total_annotations"]) for t in tasks]
    return [key for key in found if key is not None]


def test_task_keys_from_a_recorded_page() -> None:
    assert [(k.task_id, k.doc_id, k.version, k.annotations) for k in keys_from_page()] == [
        (3007, "rekam-001", 1, 1),
        (3008, "rekam-001", 2, 0),
    ]


@pytest.mark.parametrize(
    "data",
    [None, {}, {"doc_id": "a"}, {"content_sha256": "x"}, {"doc_id": 3, "content_sha256": "x"}],
)
def test_tasks_annot_did_not_push_have_no_key(data: object) -> None:
    assert task_key(1, data) is None


@pytest.mark.parametrize("version", [None, True, "2", 0, -1])
def test_a_bad_version_counts_as_1(version: object) -> None:
    key = task_key(1, {"doc_id": "a", "content_sha256": "x", "version": version})
    assert key is not None
    assert key.version == 1


def test_plan_creates_new_documents_as_version_1_with_predictions() -> None:
    plan = plan_push([DOC], [], {DOC.id: prediction()})
    assert (plan.created, plan.unchanged, plan.new_versions, plan.predictions) == (1, 0, 0, 1)
    (task,) = plan.tasks
    data, meta = task["data"], task["meta"]
    assert isinstance(data, dict)
    assert isinstance(meta, dict)
    assert data["text"] == DOC.text
    assert (data["doc_id"], data["content_sha256"], data["version"]) == (
        DOC.id,
        DOC.content_sha256,
        1,
    )
    assert "supersedes" not in meta
    predictions = task["predictions"]
    assert isinstance(predictions, list)
    assert predictions[0]["model_version"] == "rules@0.2"
    assert predictions[0]["score"] == pytest.approx(0.7)


def test_plan_skips_unchanged_documents_and_their_predictions() -> None:
    existing = [TaskKey(11, DOC.id, DOC.content_sha256, 1)]
    plan = plan_push([DOC, DOC], existing, {DOC.id: [prediction(), prediction(score=0.1)]})
    assert (plan.created, plan.unchanged, plan.predictions_skipped, plan.tasks) == (0, 1, 2, [])


def test_a_predictions_file_validates_only_what_a_push_sends(tmp_path: Path) -> None:
    other = Document(id="berita-002", text="Berita lain.")
    broken = {"document": {"id": other.id}, "source": "not a source"}  # JSON, not a model
    path = tmp_path / "predictions.jsonl"
    lines = [prediction().model_dump_json(), "", prediction(score=0.1).model_dump_json()]
    path.write_text("\n".join([*lines, json.dumps(broken)]) + "\n", encoding="utf-8")
    predictions = PredictionsFile(path)
    assert (sorted(predictions), len(predictions[DOC.id]), len(predictions[other.id])) == (
        [DOC.id, other.id],
        2,
        1,
    )
    assert [p.mentions[0].provenance for p in predictions[DOC.id]] == [
        prediction().mentions[0].provenance,
        prediction(score=0.1).mentions[0].provenance,
    ]
    existing = [TaskKey(12, other.id, other.content_sha256, 1)]
    plan = plan_push([DOC, other], existing, predictions)  # the broken one is never read
    assert (plan.created, plan.predictions, plan.unchanged, plan.predictions_skipped) == (
        1,
        2,
        1,
        1,
    )
    with pytest.raises(AnnotError, match=r"predictions.jsonl:4: not an AnnotatedDocument"):
        plan_push([other], [], predictions)


def test_a_predictions_file_that_is_not_jsonl_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "predictions.jsonl"
    path.write_text(prediction().model_dump_json() + "\n{oops\n", encoding="utf-8")
    with pytest.raises(AnnotError, match=r"predictions.jsonl:2: not an AnnotatedDocument"):
        PredictionsFile(path)
    with pytest.raises(AnnotError, match="cannot read the predictions"):
        PredictionsFile(tmp_path / "missing.jsonl")


def test_plan_makes_a_changed_document_the_next_version() -> None:
    existing = [TaskKey(11, DOC.id, "0" * 64, 1), TaskKey(15, DOC.id, "1" * 64, 2)]
    plan = plan_push([DOC], existing)
    assert (plan.created, plan.new_versions) == (0, 1)
    (task,) = plan.tasks
    assert task["meta"] == {
        "doc_id": DOC.id,
        "content_sha256": DOC.content_sha256,
        "schema_version": "1.0",
        "version": 3,
        "supersedes": 15,
    }


def test_plan_refuses_one_document_with_two_texts() -> None:
    other = Document(id=DOC.id, text=DOC.text + " Tambahan.")
    with pytest.raises(PushError) as caught:
        plan_push([DOC, other], [])
    assert caught.value.document_id == DOC.id
    assert "comes twice with different texts" in str(caught.value)


def test_plan_skips_a_prediction_for_another_text(caplog: pytest.LogCaptureFixture) -> None:
    stale = prediction(Document(id=DOC.id, text=DOC.text.replace("Surabaya", "Malang")))
    plan = plan_push([DOC], [], {DOC.id: stale})
    assert (plan.predictions, plan.predictions_skipped) == (0, 1)
    assert "another version of the text" in caplog.text
    assert "predictions" not in plan.tasks[0]


def test_plan_refuses_human_work_as_a_prediction() -> None:
    human = prediction().model_copy(update={"source": HumanSource(annotator="ann-1")})
    with pytest.raises(PushError, match="must come from a pre-annotator"):
        plan_push([DOC], [], {DOC.id: human})


def test_duplicates_are_all_but_the_first_task() -> None:
    keys = [
        TaskKey(5, "a", "x", 1),
        TaskKey(3, "a", "x", 1),
        TaskKey(4, "a", "y", 2),
        TaskKey(9, "a", "x", 1, annotations=1),
    ]
    assert [k.task_id for k in duplicate_tasks(keys)] == [5, 9]


# --- a fake Label Studio: listing and importing, with a dropped answer ------------------------


class FakeServer:
    """Tasks in memory behind ``/api/tasks`` and ``/api/projects/1/import``."""

    def __init__(self, tasks: list[JSON]) -> None:
        self.tasks = tasks
        self.requests: list[str] = []
        self.drop_after_commit = 0
        """Imports to commit and then answer with a dropped connection."""

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(f"{request.method} {request.url.path}?{request.url.query.decode()}")
        if request.url.path.rstrip("/") == "/api/tasks":
            page = int(request.url.params["page"])
            size = int(request.url.params["page_size"])
            chunk = self.tasks[(page - 1) * size : page * size]
            if page > 1 and not chunk:
                return httpx.Response(404, json={"detail": "Invalid page."})
            body = {"total": len(self.tasks), "tasks": chunk}
            return httpx.Response(200, json=body)
        if request.url.path == "/api/projects/1/import":
            new = json.loads(request.content)
            for task in new:
                data = task["data"]
                self.tasks.append({"id": 1000 + len(self.tasks), "data": data})
            if self.drop_after_commit:
                self.drop_after_commit -= 1
                raise httpx.RemoteProtocolError("Server disconnected without sending a response")
            return httpx.Response(201, json={"task_count": len(new), "annotation_count": 0})
        if request.method == "DELETE" and request.url.path.startswith("/api/tasks/"):
            tid = int(request.url.path.rstrip("/").rsplit("/", 1)[1])
            self.tasks = [t for t in self.tasks if t["id"] != tid]
            return httpx.Response(204)
        return httpx.Response(500, json={"detail": f"unexpected {request.url.path}"})


@contextmanager
def fake_client(server: FakeServer) -> Iterator[LabelStudio]:
    transport = httpx.MockTransport(server.handle)
    with httpx.Client(transport=transport, base_url=URL) as http:
        yield LabelStudio(base_url=URL, api_key="k", httpx_client=http)  # type: ignore[no-untyped-call]


def test_listing_stops_at_total_and_never_asks_past_the_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(push_module, "INDEX_PAGE_SIZE", 1)
    server = FakeServer(list(PAGE["tasks"]))
    with fake_client(server) as client:
        keys = fetch_task_keys(client, 1, url=URL)
    assert [k.task_id for k in keys] == [3007, 3008]
    assert [r.split("page=")[1].split("&")[0] for r in server.requests] == ["1", "2"]


@pytest.fixture
def offline_push(monkeypatch: pytest.MonkeyPatch) -> Callable[[FakeServer], None]:
    def use(server: FakeServer) -> None:
        @contextmanager
        def client(settings: ConnectionSettings, *, timeout: float = 60) -> Iterator[LabelStudio]:
            with fake_client(server) as fake:
                yield fake

        monkeypatch.setattr(push_module, "open_client", client)
        monkeypatch.setattr(push_module, "check_connection", lambda settings: "")

    return use


SETTINGS = ConnectionSettings(url=URL, api_key="k" * 40)  # type: ignore[arg-type]


def docs(n: int) -> list[Document]:
    return [Document(id=f"doc-{i:03d}", text=f"Berita “nomor” {i} 🙂") for i in range(n)]


def test_an_import_whose_answer_is_lost_is_not_sent_again(
    offline_push: Callable[[FakeServer], None],
) -> None:
    server = FakeServer([])
    server.drop_after_commit = 1
    offline_push(server)
    report = push(SETTINGS, 1, docs(5), batch_size=2, progress=False, retry=NO_WAIT)
    assert (report.created, report.batches, report.retried_batches) == (5, 3, 1)
    assert sorted(str(t["data"]["doc_id"]) for t in server.tasks) == [  # type: ignore[index]
        d.id for d in docs(5)
    ]
    assert sum("import" in r for r in server.requests) == 3


def test_a_push_removes_unannotated_duplicates(
    offline_push: Callable[[FakeServer], None],
) -> None:
    doc = docs(1)[0]
    data = {"doc_id": doc.id, "content_sha256": doc.content_sha256, "version": 1}
    server = FakeServer([{"id": 1, "data": data}, {"id": 2, "data": data}])
    offline_push(server)
    report = push(SETTINGS, 1, [doc], progress=False)
    assert (report.unchanged, report.duplicates_removed) == (1, [2])
    assert [t["id"] for t in server.tasks] == [1]


# --- raw pulls --------------------------------------------------------------------------------


def test_the_pull_file_name_is_a_utc_timestamp() -> None:
    moment = dt.datetime(2025, 1, 2, 10, 4, 5, 123456, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert pull_file_name(3, moment) == "20250102T030405.123456Z-project3.jsonl"


def test_a_recorded_pull_converts_offline() -> None:
    tasks = list(read_pull(PULL))
    assert [t["id"] for t in tasks] == [3007, 3008]
    assert superseded_tasks(tasks) == {3007: 3008}
    conversions = list(convert_pull(PULL, include_predictions=True))
    assert [c.problems for c in conversions] == [[], []]
    (human, predicted) = conversions[0].annotations
    assert isinstance(human.source, HumanSource)
    assert human.label_studio is not None
    assert (human.label_studio.task_id, human.label_studio.lead_time) == (3007, 8.25)
    assert human.label_studio.prediction_id == 2
    assert predicted.source == PreannotatorSource(name="rules", version="0.2", score=0.8)
    assert [m.span.text for m in human.mentions] == ["Budi Santoso"]
    assert [q.content.text for q in human.quotes] == ["Kami menolak,"]
    assert conversions[1].annotations == []
    assert list(convert_pull(PULL, latest_only=True)) == [conversions[1].__class__([], [])]


def test_the_golden_export_line_converts_like_the_task(tmp_path: Path) -> None:
    task = json.loads(GOLDEN.read_text(encoding="utf-8"))
    path = tmp_path / "pull.jsonl"
    path.write_text(json.dumps(task, ensure_ascii=False) + "\n", encoding="utf-8")
    assert list(convert_pull(path)) == [task_to_annotated(task)]


def test_a_cut_raw_pull_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "pull.jsonl"
    first = PULL.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(first + "\n" + first[:50] + "\n", encoding="utf-8")
    with pytest.raises(PullError) as caught:
        list(read_pull(path))
    assert (caught.value.path, caught.value.lineno) == (path, 2)
    assert f"{path}:2: line is not JSON" in str(caught.value)


def test_a_raw_pull_is_never_overwritten(tmp_path: Path) -> None:
    final = tmp_path / "20250102T030405.123456Z-project3.jsonl"
    final.write_text("old\n", encoding="utf-8")
    partial = tmp_path / "partial.jsonl"
    partial.write_text("new\n", encoding="utf-8")
    with pytest.raises(PullError, match="never overwritten"):
        pull_module._publish(partial, final)
    assert final.read_text(encoding="utf-8") == "old\n"


class _Exports:
    """The part of the SDK's ``projects.exports`` a download uses: the body in small chunks."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def download(self, *args: object, **kwargs: object) -> Iterator[bytes]:
        # 7-byte chunks cut tasks, strings and multi-byte characters anywhere
        return (self.body[i : i + 7] for i in range(0, len(self.body), 7))


def _download(body: bytes, out: Path) -> pull_module._Tally:
    projects = SimpleNamespace(exports=_Exports(body))
    client = cast("LabelStudio", SimpleNamespace(projects=projects))
    return pull_module._download(client, 1, 1, out, URL, DEFAULT_RETRY, progress=False)


def test_the_export_array_streams_into_one_line_per_task(tmp_path: Path) -> None:
    tasks = list(read_pull(PULL))
    body = json.dumps(tasks, ensure_ascii=False, indent=2).encode()
    out = tmp_path / "out.jsonl"
    assert _download(body, out).tasks == 2
    assert list(read_pull(out)) == tasks
    assert "🙂" in out.read_text(encoding="utf-8")  # kept as text, not \\u escapes


def test_each_task_keeps_the_bytes_label_studio_sent_for_it(tmp_path: Path) -> None:
    tasks = list(read_pull(PULL))
    body = json.dumps(tasks, ensure_ascii=False).encode()  # how Label Studio writes an export
    out = tmp_path / "out.jsonl"
    tally = _download(body, out)
    # json.dumps of a list joins json.dumps of its items with ", ": the items' own bytes
    assert out.read_bytes() == b"".join(
        json.dumps(task, ensure_ascii=False).encode() + b"\n" for task in tasks
    )
    assert (tally.tasks, tally.annotations, tally.predictions) == (
        len(tasks),
        sum(len(cast("list[object]", task["annotations"])) for task in tasks),
        sum(len(cast("list[object]", task.get("predictions") or [])) for task in tasks),
    )
    assert tally.superseded() == {3007: 3008}  # version 2 of the document is task 3008


def test_a_task_that_looks_like_two_is_split_only_where_it_ends(tmp_path: Path) -> None:
    nested = [{"id": 5, "annotations": []}, {"id": 6, "annotations": []}]
    tasks: list[JSON] = [
        {"id": 1, "annotations": [], "data": {"doc_id": "a", "nested": nested}},
        {"id": 2, "annotations": [], "data": {"doc_id": "b", "n": 2**70, "s": "\ud800"}},
        {"id": 3, "annotations": [], "data": {"doc_id": "c", "t": '}, {"id": 4, "annotations":'}},
    ]
    out = tmp_path / "out.jsonl"
    assert _download(json.dumps(tasks).encode(), out).tasks == 3
    assert [json.loads(line) for line in out.read_bytes().splitlines()] == tasks


@pytest.mark.parametrize("layout", ["split", "data first"])
def test_an_export_laid_out_otherwise_is_parsed_by_ijson(
    layout: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pull_module, "SPLIT_LIMIT", 40)  # hand over to ijson mid-stream
    tasks = list(read_pull(PULL))
    if layout == "data first":
        tasks = [{"data": task["data"], **task} for task in tasks]
    out = tmp_path / "out.jsonl"
    assert _download(json.dumps(tasks, ensure_ascii=False).encode(), out).tasks == len(tasks)
    assert list(read_pull(out)) == tasks


@pytest.mark.parametrize("body", [b"", b"{}", b"[] []", b'[{"id": 1}'])
def test_what_is_not_one_array_of_tasks_is_a_pull_error(body: bytes, tmp_path: Path) -> None:
    with pytest.raises(PullError, match="not a complete JSON array"):
        _download(body, tmp_path / "out.jsonl")


def test_a_cut_download_is_a_pull_error_not_a_traceback(tmp_path: Path) -> None:
    body = json.dumps(list(read_pull(PULL)), ensure_ascii=False).encode()
    with pytest.raises(PullError, match="not a complete JSON array"):
        _download(body[: len(body) // 2], tmp_path / "out.jsonl")
