"""The command line: every command documented, and each wired to its library function."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from annot.cli import app
from annot.schema import Document

ROOT = Path(__file__).resolve().parent.parent
RUNNER = CliRunner()


def all_commands() -> list[tuple[str, str | None]]:
    """Every (sub)command's full name and help text (typer vendors its own click)."""
    found: list[tuple[str, str | None]] = []

    def walk(prefix: str, group: object) -> None:
        for name, command in getattr(group, "commands", {}).items():
            path = f"{prefix} {name}".strip()
            found.append((path, command.help))
            walk(path, command)

    walk("", typer.main.get_command(app))
    return found


def test_there_are_commands() -> None:
    names = {name for name, _ in all_commands()}
    assert {"run", "ingest", "manifest", "schema"} <= names


@pytest.mark.parametrize(("name", "help_text"), all_commands())
def test_every_command_has_help(name: str, help_text: str | None) -> None:
    assert help_text, f"`annot {name}` has no help text"
    result = RUNNER.invoke(app, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_run_prints_documents_preannotates_and_exports_the_gold(tmp_path: Path) -> None:
    args = ["run", str(ROOT / "raw"), "--no-push", "--exports-dir", str(tmp_path)]
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 0, result.output
    for path in sorted((ROOT / "raw").glob("*.txt")):
        assert path.stem in result.output
    assert "caption" in result.output
    assert "5 documents in" in result.output
    assert "pre-annotations: 5 documents" in result.output
    assert f'load it: datasets.load_dataset("{tmp_path / "seed"}", "ner")' in result.output
    from datasets import load_dataset

    documents = load_dataset(str(tmp_path / "seed"), "documents")
    assert sum(split.num_rows for split in documents.values()) == 5


def test_ingest_writes_jsonl_of_documents(tmp_path: Path) -> None:
    out = tmp_path / "docs.jsonl"
    result = RUNNER.invoke(app, ["ingest", str(ROOT / "raw"), "--output", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    docs = [Document.model_validate_json(line) for line in lines]
    assert [doc.id for doc in docs] == sorted(p.stem for p in (ROOT / "raw").glob("*.txt"))
    assert all(json.loads(line)["language"] == "id" for line in lines)


def test_schema_check_fails_on_stale_artifacts(tmp_path: Path) -> None:
    assert RUNNER.invoke(app, ["schema", "--root", str(tmp_path)]).exit_code == 0
    assert RUNNER.invoke(app, ["schema", "--check", "--root", str(tmp_path)]).exit_code == 0
    (tmp_path / "schemas/taxonomy.md").write_text("stale\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["schema", "--check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "taxonomy.md: differs from the code" in result.output


def test_missing_raw_dir_is_a_clear_error(tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["run", str(tmp_path / "nowhere")])
    assert result.exit_code != 0
    assert "nowhere" in result.output


def test_export_command_writes_a_dataset_that_loads(tmp_path: Path) -> None:
    from datasets import load_dataset

    from annot.export.sample import sample_corpus

    source = tmp_path / "gold.jsonl"
    source.write_text("".join(d.model_dump_json() + "\n" for d in sample_corpus()), "utf-8")
    out = tmp_path / "exports"
    result = RUNNER.invoke(
        app, ["export", str(source), "--name", "demo", "--exports-dir", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "load_dataset" in result.output
    ner = load_dataset(str(out / "demo"), "ner", split="train")
    assert ner.num_rows > 0
    assert "ner_tags" in ner.features


def test_export_command_needs_exactly_one_input(tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["export", "--exports-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "either SOURCE" in result.output


MULTI = ROOT / "tests/data/labelstudio/multi-annotator-ls-1.23.2.json"


def test_validate_passes_a_clean_pull_and_writes_usable_annotations(tmp_path: Path) -> None:
    usable = tmp_path / "usable.jsonl"
    args = ["validate", str(MULTI), "--output", str(usable)]
    result = RUNNER.invoke(app, [*args, "--quarantine", str(tmp_path / "q.jsonl")])
    assert result.exit_code == 0, result.output
    assert len(usable.read_text(encoding="utf-8").splitlines()) == 6


def test_validate_fails_on_errors_and_quarantines_them(tmp_path: Path) -> None:
    bad = ROOT / "tests/data/bad/text-mismatch--shifted.json"
    quarantine = tmp_path / "q.jsonl"
    report = tmp_path / "report.json"
    args = ["validate", str(bad), "--quarantine", str(quarantine), "--json", str(report)]
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "text-mismatch" in result.output
    assert quarantine.read_text(encoding="utf-8").strip()
    assert json.loads(report.read_text(encoding="utf-8"))


def test_agreement_and_adjudication_commands(tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["agreement", str(MULTI), "--out", str(tmp_path / "agr")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "agr/agreement-heatmap.png").exists()
    gold = tmp_path / "gold.jsonl"
    args = ["adjudicate", str(MULTI), "--output", str(gold)]
    result = RUNNER.invoke(app, [*args, "--disagreements", str(tmp_path / "d.jsonl")])
    assert result.exit_code == 0, result.output
    assert len(gold.read_text(encoding="utf-8").splitlines()) == 2
    result = RUNNER.invoke(app, ["adjudicate", str(MULTI), "--output", str(gold), "--k", "0"])
    assert result.exit_code == 2


def test_preannotate_command_keeps_its_contract(tmp_path: Path) -> None:
    from annot.schema import AnnotatedDocument

    source = tmp_path / "docs.jsonl"
    text = "“Kami siap,” kata Menteri Pertahanan Budi Santoso di Jakarta, Senin (3/3/2025)."
    source.write_text(json.dumps({"id": "contoh-1", "text": text}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = RUNNER.invoke(app, ["preannotate", "--input", str(source), "--output", str(out)])
    assert result.exit_code == 0, result.output
    (line,) = out.read_text(encoding="utf-8").splitlines()
    annotated = AnnotatedDocument.model_validate_json(line)
    assert annotated.document.id == "contoh-1"
    assert annotated.document.text == text
    assert annotated.source.type == "preannotator"


def test_evaluate_command_scores_the_rules_against_gold(tmp_path: Path) -> None:
    report = tmp_path / "eval.md"
    result = RUNNER.invoke(app, ["evaluate", "--output", str(report)])
    assert result.exit_code == 0, result.output
    assert "quote" in result.output
    assert report.read_text(encoding="utf-8") == result.output


def export_sample(tmp_path: Path, *extra: str) -> Path:
    from annot.export.sample import sample_corpus

    source = tmp_path / "gold.jsonl"
    source.write_text("".join(d.model_dump_json() + "\n" for d in sample_corpus()), "utf-8")
    out = tmp_path / "exports"
    result = RUNNER.invoke(
        app, ["export", str(source), "--name", "demo", "--exports-dir", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return out / "demo"


def loaded_ner(export: Path) -> dict[str, list[tuple[list[str], list[str]]]]:
    """Split → (tokens, tag names) of the ``ner`` config as ``datasets`` loads it."""
    from datasets import DatasetDict, load_dataset

    loaded = load_dataset(str(export), "ner", cache_dir=str(export.parent / "cache"))
    assert isinstance(loaded, DatasetDict)
    found = {}
    for split, part in loaded.items():
        names = part.features["ner_tags"].feature.names
        found[split] = [(r["tokens"], [names[t] for t in r["ner_tags"]]) for r in part]
    return found


def test_export_format_conll_writes_conll_2003_per_split(tmp_path: Path) -> None:
    export = export_sample(tmp_path, "--format", "conll")
    expected = loaded_ner(export)
    assert sorted(p.name for p in (export / "conll").iterdir()) == sorted(
        f"{split}.txt" for split in expected
    )
    for split, rows in expected.items():
        text = (export / "conll" / f"{split}.txt").read_text(encoding="utf-8")
        blocks = [b for b in text.split("\n\n") if b and not b.startswith("-DOCSTART-")]
        parsed = []
        for block in blocks:
            columns = [line.split(" ") for line in block.splitlines()]
            assert all(len(c) == 4 and c[1:3] == ["_", "_"] for c in columns)
            parsed.append(([c[0] for c in columns], [c[3] for c in columns]))
        assert parsed == rows
    first = (export / "conll" / "train.txt").read_text(encoding="utf-8").splitlines()
    assert first[0] == "-DOCSTART- -X- -X- O"


def test_export_format_spacy_writes_docbins_with_the_entities(tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from seqeval.metrics.sequence_labeling import get_entities
    from spacy.tokens import DocBin

    export = export_sample(tmp_path, "--format", "spacy")
    for split, rows in loaded_ner(export).items():
        docs = list(
            DocBin()
            .from_disk(export / "spacy" / f"{split}.spacy")
            .get_docs(spacy.blank("id").vocab)
        )
        assert [[t.text for t in doc] for doc in docs] == [tokens for tokens, _ in rows]
        for doc, (_, tags) in zip(docs, rows, strict=True):
            expected = [(label, start, end + 1) for label, start, end in get_entities(tags)]
            assert [(e.label_, e.start, e.end) for e in doc.ents] == expected


def test_publish_creates_a_dataset_repo_and_uploads_the_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from huggingface_hub import HfApi

    export = export_sample(tmp_path)
    calls: list[tuple[str, dict[str, object]]] = []

    def create_repo(self: HfApi, repo_id: str, **kwargs: object) -> str:
        calls.append(("create_repo", {"repo_id": repo_id, **kwargs}))
        return f"https://huggingface.co/datasets/{repo_id}"

    def upload_folder(self: HfApi, **kwargs: object) -> str:
        calls.append(("upload_folder", kwargs))
        return "commit"

    monkeypatch.setattr(HfApi, "create_repo", create_repo)
    monkeypatch.setattr(HfApi, "upload_folder", upload_folder)
    result = RUNNER.invoke(app, ["publish", str(export), "--repo-id", "annot/berita"])
    assert result.exit_code == 0, result.output
    assert [name for name, _ in calls] == ["create_repo", "upload_folder"]
    created, uploaded = calls[0][1], calls[1][1]
    assert created == {
        "repo_id": "annot/berita",
        "repo_type": "dataset",
        "private": False,
        "exist_ok": True,
    }
    assert uploaded["repo_type"] == "dataset"
    assert uploaded["repo_id"] == "annot/berita"
    assert uploaded["folder_path"] == str(export)
    sent = sorted(p.relative_to(export).as_posix() for p in export.rglob("*") if p.is_file())
    assert "README.md" in sent
    assert "data/ner/train-00000-of-00001.parquet" in sent
    assert f"uploaded {len(sent)} files" in result.output


def test_publish_refuses_a_folder_that_is_not_an_export(tmp_path: Path) -> None:
    result = RUNNER.invoke(app, ["publish", str(tmp_path), "--repo-id", "annot/berita"])
    assert result.exit_code == 1
    assert "is not an annot export" in result.output
