"""The ``annot`` command line: a thin layer over the library functions."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from annot.errors import AnnotError

app = typer.Typer(
    name="annot",
    help="Indonesian news articles to validated NLP training data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

RawDir = Annotated[
    Path,
    typer.Argument(help="Folder of raw articles (*.txt, byte-for-byte) and manifest.jsonl."),
]


def _fail(error: AnnotError) -> typer.Exit:
    typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
    return typer.Exit(code=1)


def _preview(text: str, width: int = 72) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def describe_documents(raw_dir: Path) -> str:
    """Every document found in ``raw_dir`` with its metadata and segments, as text."""
    from annot.ingest import ingest_dir, read_raw

    lines: list[str] = []
    documents = ingest_dir(raw_dir)
    for doc in documents:
        raw = read_raw(raw_dir / f"{doc.id}.txt")
        published = "—"
        if doc.published is not None:
            published = doc.published.date.isoformat()
            if doc.published.time is not None:
                published += f" {doc.published.time:%H:%M} {doc.published.timezone or ''}".rstrip()
            published += f" ({doc.published.source})"
        lines += [
            f"{doc.id}",
            f"  title:     {doc.title or '—'}",
            f"  source:    {doc.source or '—'}",
            f"  published: {published}",
            f"  authors:   {', '.join(doc.authors) or '—'}",
            f"  editors:   {', '.join(doc.editors) or '—'}",
            f"  text:      {len(doc.text)} characters in {sum(1 for _ in doc.paragraphs())} "
            f"paragraphs; {sum(1 for _ in doc.noise())} noise segments",
        ]
        for segment in doc.segments:
            where = f"[{segment.raw_start}:{segment.raw_end}]"
            text = _preview(raw[segment.raw_start : segment.raw_end])
            lines.append(f"    {segment.role.value:<12} {where:<12} {text}")
        lines.append("")
    lines.append(f"{len(documents)} documents in {raw_dir}")
    return "\n".join(lines)


DEFAULT_PROJECT = "annot"
"""Label Studio project that `run`, `push` and `pull` use unless --project says otherwise."""
ProjectOption = Annotated[
    str, typer.Option("--project", help="Title of the Label Studio project (created if missing).")
]

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from annot.labelstudio.push import PushReport
    from annot.labelstudio.settings import ConnectionSettings
    from annot.schema import AnnotatedDocument, Document


@app.command()
def run(
    raw_dir: RawDir = Path("raw"),
    project: ProjectOption = DEFAULT_PROJECT,
    push_documents: Annotated[
        bool,
        typer.Option(
            "--push/--no-push",
            envvar="ANNOT_RUN_PUSH",
            help="Push to Label Studio (env ANNOT_RUN_PUSH).",
        ),
    ] = True,
    exports_dir: Annotated[Path, typer.Option(help="Where the seed dataset goes.")] = Path(
        "exports"
    ),
    name: Annotated[str, typer.Option(help="Name of the exported seed dataset.")] = "seed",
) -> None:
    """The main job, from raw/ to a dataset.

    Ingest raw/ and print the documents with their segments; pre-annotate them; push them to
    Label Studio (starting the embedded server if none is configured) with the pre-annotations
    as predictions and the gold seed annotations (raw/gold/gold.jsonl) as ground truth, and
    print the project URL; export the gold seed corpus to EXPORTS_DIR/NAME and print the line
    that loads it.
    """
    from annot.ingest import ingest_dir
    from annot.preannotate import preannotate, read_annotated_jsonl

    try:
        typer.echo(describe_documents(raw_dir))
        documents = ingest_dir(raw_dir)
        predictions = {doc.id: [preannotate(doc)] for doc in documents}
        typer.echo(_describe_layers("pre-annotations", [p[0] for p in predictions.values()]))
        gold_path = raw_dir / "gold" / "gold.jsonl"
        gold = read_annotated_jsonl(gold_path) if gold_path.exists() else []
        typer.echo(_describe_layers(f"gold ({gold_path})", gold))
        if push_documents:
            settings = _server_for_run(Path("."))
            annotations = {ad.document.id: [ad] for ad in gold}
            report, url = _push(
                settings, project, documents, predictions, 500, True, annotations=annotations
            )
            typer.echo(report.summary())
            typer.echo(f"annotate at {url}")
            if settings.username:
                typer.echo(f"log in as {settings.username}; the password is in .annot/")
        if gold:
            _export_seed(gold, name, exports_dir)
        else:
            typer.echo(f"no gold annotations at {gold_path}: nothing to export")
    except AnnotError as error:
        raise _fail(error) from error


def _describe_layers(what: str, annotated: list[AnnotatedDocument]) -> str:
    mentions = sum(len(ad.mentions) for ad in annotated)
    quotes = sum(len(ad.quotes) for ad in annotated)
    claims = sum(len(ad.claims) for ad in annotated)
    return (
        f"{what}: {len(annotated)} documents, {mentions} entity mentions, {quotes} quotes, "
        f"{claims} claims"
    )


def _export_seed(gold: list[AnnotatedDocument], name: str, exports_dir: Path) -> None:
    from annot.export import CardInfo, export_dataset

    card = CardInfo(
        pretty_name="annot seed corpus: Indonesian news entities, quotes and claims",
        description=(
            "Five Indonesian news articles (2023-2024) on arms transfers between North Korea "
            "and Russia, fully annotated by the annot team (entities, quotes with cue and "
            "speaker, claims with claimant and stance) following docs/guidelines.md. The "
            "article texts belong to their publishers; use them for research only."
        ),
        annotation_process=(
            "Gold written against the taxonomy in schemas/taxonomy.md, checked by the schema's "
            "cross-reference validation, and passed through a real Label Studio round trip "
            "(raw/gold/labelstudio-pull.jsonl) with zero validation errors."
        ),
    )
    report = export_dataset(gold, name, exports_dir=exports_dir, card=card)
    for config, splits in report.rows.items():
        counts = ", ".join(f"{split} {rows}" for split, rows in splits.items())
        typer.echo(f"  {config:<20} {counts}")
    typer.echo(f"exported {len(gold)} gold documents to {report.path}")
    typer.echo(f'load it: datasets.load_dataset("{report.path}", "ner")')


@app.command()
def ingest(
    raw_dir: RawDir = Path("raw"),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write JSONL here (default: stdout).")
    ] = None,
) -> None:
    """Parse raw articles into Documents, one JSON object per line."""
    from annot.ingest import ingest_dir

    try:
        lines = [doc.model_dump_json() + "\n" for doc in ingest_dir(raw_dir)]
    except AnnotError as error:
        raise _fail(error) from error
    if output is None:
        sys.stdout.writelines(lines)
    else:
        output.write_text("".join(lines), encoding="utf-8")
        typer.echo(f"wrote {len(lines)} documents to {output}", err=True)


@app.command()
def manifest(
    raw_dir: RawDir = Path("raw"),
    check: Annotated[
        bool, typer.Option("--check", help="Fail if manifest.jsonl does not match the files.")
    ] = False,
) -> None:
    """Write (or check) raw/manifest.jsonl: id, file, sha256, source site, language."""
    from annot.ingest import build_manifest, manifest_problems, write_manifest

    if check:
        problems = manifest_problems(raw_dir)
        for problem in problems:
            typer.secho(problem, err=True, fg=typer.colors.RED)
        if problems:
            typer.echo("run `annot manifest` to rewrite it", err=True)
            raise typer.Exit(code=1)
        typer.echo(f"{raw_dir / 'manifest.jsonl'} is up to date")
        return
    entries = build_manifest(raw_dir)
    path = write_manifest(raw_dir, entries)
    typer.echo(f"wrote {len(entries)} entries to {path}")


@app.command()
def schema(
    check: Annotated[
        bool, typer.Option("--check", help="Fail if schemas/ is stale instead of writing it.")
    ] = False,
    root: Annotated[Path, typer.Option(help="Project root that holds schemas/.")] = Path("."),
) -> None:
    """Generate schemas/: JSON Schemas, the Label Studio config, dataset features, taxonomy."""
    from annot.artifacts import stale_artifacts, write_artifacts

    if check:
        problems = stale_artifacts(root)
        for problem in problems:
            typer.secho(problem, err=True, fg=typer.colors.RED)
        if problems:
            typer.echo("schemas/ is stale: run `annot schema` and commit the result", err=True)
            raise typer.Exit(code=1)
        typer.echo("schemas/ is up to date")
        return
    written = write_artifacts(root)
    typer.echo(f"wrote {len(written)} files under {root / 'schemas'}")


@app.command("export")
def export_command(
    source: Annotated[
        Path | None,
        typer.Argument(help="AnnotatedDocument JSONL (from pull/validate or gold)."),
    ] = None,
    name: Annotated[str, typer.Option(help="Dataset name: writes EXPORTS_DIR/NAME.")] = "annot",
    from_file: Annotated[
        Path | None,
        typer.Option("--from-file", help="A Label Studio JSON export instead of JSONL."),
    ] = None,
    label_set: Annotated[
        str, typer.Option(help="NER label set: annot, nergrit or indolem.")
    ] = "annot",
    seed: Annotated[int, typer.Option(help="Seed of the train/validation/test split.")] = 0,
    ratios: Annotated[
        str, typer.Option(help="Train,validation,test ratios, e.g. 0.8,0.1,0.1.")
    ] = "0.8,0.1,0.1",
    num_proc: Annotated[int, typer.Option(help="Worker processes building rows.")] = 1,
    exports_dir: Annotated[Path, typer.Option(help="Where datasets go.")] = Path("exports"),
) -> None:
    """Export annotations as a Hugging Face dataset (parquet + card) that loads offline."""
    import tempfile

    from annot.export import ExportOptions, SplitOptions, export_dataset
    from annot.schema.taxonomy import LabelSet

    if (source is None) == (from_file is None):
        typer.secho("error: give either SOURCE (JSONL) or --from-file", err=True, fg="red")
        raise typer.Exit(code=2)
    try:
        parts = tuple(float(part) for part in ratios.split(","))
        if len(parts) != 3:
            raise ValueError(ratios)
        options = ExportOptions(
            label_set=LabelSet(label_set),
            splits=SplitOptions(ratios=(parts[0], parts[1], parts[2]), seed=seed),
            num_proc=num_proc,
        )
    except ValueError as error:
        typer.secho(f"error: bad option: {error}", err=True, fg="red")
        raise typer.Exit(code=2) from error
    try:
        with tempfile.TemporaryDirectory() as scratch:
            problems_count = 0
            if from_file is not None:
                from annot.export.labelstudio import label_studio_to_jsonl

                source = Path(scratch) / "annotations.jsonl"
                problems = label_studio_to_jsonl(from_file, source)
                problems_count = len(problems)
                from annot.problems import problem_summary

                for line in problem_summary(problems):
                    typer.echo(line, err=True)
            assert source is not None
            report = export_dataset(source, name, exports_dir=exports_dir, options=options)
    except AnnotError as error:
        raise _fail(error) from error
    for config, splits in report.rows.items():
        counts = ", ".join(f"{split} {rows}" for split, rows in splits.items())
        typer.echo(f"{config:<20} {counts}")
    typer.echo(f"quarantined: {report.quarantined} (see {report.path / 'quarantine.jsonl'})")
    if problems_count:
        typer.echo(f"conversion problems: {problems_count} (printed above)")
    typer.echo(f'load it: datasets.load_dataset("{report.path}", "ner")')


# -- Label Studio push and pull ---------------------------------------------------------------


def _server_for_run(root: Path) -> ConnectionSettings:
    """The configured Label Studio; the embedded one of ``root`` (started) if none is."""
    from annot.labelstudio.server import server_status, start_server
    from annot.labelstudio.settings import API_KEY_ENV, URL_ENV, SettingsError, load_settings

    try:
        settings = load_settings(root=root)
    except SettingsError as error:
        configured = (error.path is not None and error.path.exists()) or any(
            os.environ.get(name) for name in (URL_ENV, API_KEY_ENV)
        )
        if configured:
            raise  # half or broken settings: say so rather than start a server over them
        typer.echo("no Label Studio configured: starting the embedded server", err=True)
        return start_server(root)
    if settings.embedded and not server_status(root).running:
        typer.echo("starting the embedded Label Studio", err=True)
        return start_server(root)
    return settings


def _push(
    settings: ConnectionSettings,
    title: str,
    documents: list[Document],
    predictions: Mapping[str, Sequence[AnnotatedDocument]] | None,
    batch_size: int,
    progress: bool,
    *,
    annotations: dict[str, list[AnnotatedDocument]] | None = None,
) -> tuple[PushReport, str]:
    from annot.labelstudio.client import ensure_project, project_url
    from annot.labelstudio.push import push as push_documents
    from annot.labelstudio.settings import open_client

    with open_client(settings) as client:
        project_id = ensure_project(client, title)
    report = push_documents(
        settings,
        project_id,
        documents,
        predictions,
        annotations=annotations,
        ground_truth=True,
        batch_size=batch_size,
        progress=progress,
    )
    return report, project_url(settings.url, project_id)


def _read_predictions(path: Path) -> Mapping[str, Sequence[AnnotatedDocument]]:
    """Pre-annotations from a JSONL file of AnnotatedDocuments, by document id (read lazily:
    only those of documents that get a new task are validated)."""
    from annot.labelstudio.push import PredictionsFile

    return PredictionsFile(path)


@app.command()
def push(
    raw_dir: RawDir = Path("raw"),
    project: ProjectOption = DEFAULT_PROJECT,
    predictions: Annotated[
        Path | None,
        typer.Option(
            "--predictions",
            help="JSONL of pre-annotations (AnnotatedDocument per line) to push as predictions.",
        ),
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Tasks per import request.")] = 500,
    progress: Annotated[bool, typer.Option(help="Show progress bars.")] = True,
) -> None:
    """Push raw/ to Label Studio as tasks (idempotent: only new or changed documents)."""
    from annot.ingest import ingest_dir
    from annot.labelstudio.settings import load_settings

    try:
        settings = load_settings(root=Path("."))
        preds = _read_predictions(predictions) if predictions is not None else None
        report, url = _push(settings, project, ingest_dir(raw_dir), preds, batch_size, progress)
    except AnnotError as error:
        raise _fail(error) from error
    typer.echo(report.summary())
    typer.echo(f"annotate at {url}")


@app.command()
def pull(
    project: ProjectOption = DEFAULT_PROJECT,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for raw pulls (append-only JSONL files).")
    ] = Path("raw/pulls"),
    predictions: Annotated[
        bool, typer.Option(help="Convert the predictions too, not only the annotations.")
    ] = False,
    progress: Annotated[bool, typer.Option(help="Show progress bars.")] = True,
) -> None:
    """Pull every annotation of a project into a new raw JSONL file and convert it."""
    from annot.labelstudio.client import find_project
    from annot.labelstudio.pull import pull as pull_project
    from annot.labelstudio.settings import LabelStudioError, load_settings, open_client

    try:
        settings = load_settings(root=Path("."))
        with open_client(settings) as client:
            project_id = find_project(client, project)
        if project_id is None:
            raise LabelStudioError(
                f"Label Studio at {settings.url} has no project titled {project!r}; push "
                "documents first (`annot push --project ...`) or pass the right --project."
            )
        report = pull_project(
            settings, project_id, out, progress=progress, include_predictions=predictions
        )
    except AnnotError as error:
        raise _fail(error) from error
    from annot.problems import problem_summary

    for line in problem_summary(report.problems):
        typer.echo(line, err=True)
    typer.echo(report.summary())


PullFile = Annotated[
    Path, typer.Argument(help="A pull: Label Studio tasks as JSONL (raw/pulls/) or a JSON export.")
]


def _write_jsonl(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


@app.command()
def validate(
    pull: PullFile,
    raw_dir: Annotated[
        Path | None,
        typer.Option("--raw", help="Raw articles, to detect text changed since annotation."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option(help="Write the usable annotations here (JSONL).")
    ] = None,
    quarantine: Annotated[
        Path, typer.Option(help="Write what cannot be used here, with the reasons.")
    ] = Path("quarantine.jsonl"),
    report_json: Annotated[
        Path | None, typer.Option("--json", help="Write the report as JSON here.")
    ] = None,
) -> None:
    """Check pulled annotations; report every problem; quarantine what cannot be used.

    Exits non-zero while errors remain.
    """
    from annot.validate import render_report, validate_file, write_quarantine

    try:
        documents = None
        if raw_dir is not None:
            from annot.ingest import ingest_dir

            documents = {doc.id: doc for doc in ingest_dir(raw_dir)}
        result = validate_file(pull, documents=documents)
    except AnnotError as error:
        raise _fail(error) from error
    typer.echo(render_report(result.report))
    written = write_quarantine(result.quarantine, quarantine)
    typer.echo(f"quarantined entries: {written} in {quarantine}")
    if output is not None:
        _write_jsonl(output, [ad.model_dump_json() for ad in result.annotations])
        typer.echo(f"usable annotations: {len(result.annotations)} in {output}")
    if report_json is not None:
        report_json.write_text(result.report.model_dump_json(indent=2) + "\n", "utf-8")
    raise typer.Exit(code=result.report.exit_code)


@app.command()
def agreement(
    pull: PullFile,
    out: Annotated[Path, typer.Option(help="Folder for agreement.md and the heatmap PNG.")] = Path(
        "reports/agreement"
    ),
) -> None:
    """Inter-annotator agreement per annotator pair: span F1, speakers, stance kappa/alpha."""
    from annot.agreement import agreement as measure
    from annot.agreement import render_agreement, write_agreement_report
    from annot.validate import validate_file

    try:
        report = measure(validate_file(pull).annotations)
    except AnnotError as error:
        raise _fail(error) from error
    typer.echo(render_agreement(report))
    markdown, heatmap = write_agreement_report(report, out)
    typer.echo(f"wrote {markdown} and {heatmap}")


@app.command()
def adjudicate(
    pull: PullFile,
    output: Annotated[Path, typer.Option(help="Write the gold annotations here (JSONL).")],
    mode: Annotated[
        str, typer.Option(help="majority (k of n), union or intersection.")
    ] = "majority",
    k: Annotated[
        int | None, typer.Option(help="Votes needed under majority (default: more than half).")
    ] = None,
    reviewer: Annotated[
        list[str] | None,
        typer.Option(help="Annotator pseudonym whose annotation wins (repeatable, in order)."),
    ] = None,
    disagreements: Annotated[
        Path, typer.Option(help="Write what no policy settles here, for a person to decide.")
    ] = Path("disagreements.jsonl"),
) -> None:
    """Turn several annotations of each document into one gold annotation by a policy."""
    from pydantic import ValidationError

    from annot.agreement import AdjudicationPolicy, adjudicate_all
    from annot.validate import validate_file

    try:
        policy = AdjudicationPolicy.model_validate(
            {"mode": mode, "k": k, "reviewers": reviewer or []}
        )
    except ValidationError as error:
        typer.secho(f"error: bad policy: {error}", err=True, fg="red")
        raise typer.Exit(code=2) from error
    try:
        decided = adjudicate_all(validate_file(pull).annotations, policy)
    except AnnotError as error:
        raise _fail(error) from error
    gold = [item.gold.model_dump_json() for item in decided if item.gold is not None]
    open_items = [d.model_dump_json() for item in decided for d in item.disagreements]
    _write_jsonl(output, gold)
    _write_jsonl(disagreements, open_items)
    typer.echo(f"gold documents: {len(gold)} in {output}")
    typer.echo(f"disagreements for a person to settle: {len(open_items)} in {disagreements}")


@app.command()
def preannotate(
    output: Annotated[Path, typer.Option(help="Write AnnotatedDocuments here (JSONL).")],
    input_file: Annotated[
        Path | None,
        typer.Option("--input", help='JSONL, one {"id": ..., "text": ...} per line.'),
    ] = None,
    raw_dir: Annotated[
        Path, typer.Option("--raw", help="Articles to pre-annotate when no --input is given.")
    ] = Path("raw"),
) -> None:
    """Suggest entities, quotes and claims with the rule-based pre-annotators (stable contract:
    each output line is an AnnotatedDocument in the schema's JSON form)."""
    from annot.preannotate import preannotate_file

    try:
        count = preannotate_file(input_file, output, raw_dir)
    except AnnotError as error:
        raise _fail(error) from error
    typer.echo(f"wrote {count} pre-annotated documents to {output}")


@app.command()
def evaluate(
    predicted: Annotated[
        Path | None,
        typer.Argument(help="AnnotatedDocument JSONL to score (default: run the pre-annotators)."),
    ] = None,
    gold: Annotated[
        Path, typer.Option(help="Gold: a JSONL file, or a folder of authored gold *.json.")
    ] = Path("raw/gold/gold.jsonl"),
    raw_dir: Annotated[
        Path, typer.Option("--raw", help="Raw articles that authored gold files refer to.")
    ] = Path("raw"),
    output: Annotated[Path | None, typer.Option(help="Also write the report here.")] = None,
) -> None:
    """Precision, recall and F1 per layer (exact and overlap) and speaker accuracy vs gold."""
    from annot.evaluate import evaluate as score
    from annot.evaluate import render_markdown
    from annot.preannotate import load_gold_dir, preannotate, read_annotated_jsonl

    try:
        reference = load_gold_dir(gold, raw_dir) if gold.is_dir() else read_annotated_jsonl(gold)
        if predicted is None:
            guesses = [preannotate(ad.document) for ad in reference]
        else:
            guesses = read_annotated_jsonl(predicted)
        report = score(guesses, reference)
    except AnnotError as error:
        raise _fail(error) from error
    text = render_markdown(report, title=f"Evaluation against {gold}")
    typer.echo(text)
    if output is not None:
        output.write_text(text + "\n", encoding="utf-8")


server_app = typer.Typer(
    help="The embedded Label Studio server (127.0.0.1, data in .annot/).", no_args_is_help=True
)
app.add_typer(server_app, name="server")

Root = Annotated[Path, typer.Option(help="Project root that holds .annot/.")]


@server_app.command("start")
def server_start(
    root: Root = Path("."),
    port: Annotated[int | None, typer.Option(help="Port (default: a free one).")] = None,
) -> None:
    """Start the embedded Label Studio (first start creates the admin user and token)."""
    from annot.labelstudio.server import start_server

    try:
        settings = start_server(root, port=port)
    except AnnotError as error:
        raise _fail(error) from error
    typer.echo(f"Label Studio is running at {settings.url}")
    if settings.username:
        typer.echo(f"log in as {settings.username}; password and API key are in .annot/")


@server_app.command("stop")
def server_stop(root: Root = Path(".")) -> None:
    """Stop the embedded Label Studio."""
    from annot.labelstudio.server import stop_server

    try:
        stopped = stop_server(root)
    except AnnotError as error:
        raise _fail(error) from error
    typer.echo("stopped" if stopped else "not running")


@server_app.command("status")
def server_status(root: Root = Path(".")) -> None:
    """Say whether the embedded Label Studio is running and healthy, and where."""
    from annot.labelstudio.server import server_status as status_of

    try:
        status = status_of(root)
    except AnnotError as error:
        raise _fail(error) from error
    state = "running" if status.running else "not running"
    health = "healthy" if status.healthy else "not answering"
    typer.echo(f"{state}, {health}: {status.url or '—'} (pid {status.pid or '—'})")
    if not status.running:
        raise typer.Exit(code=1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
