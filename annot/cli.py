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


def _require_file(path: Path, what: str = "input file") -> None:
    """Exit with 2 and one line naming ``path`` unless it is a readable file."""
    problem = None
    if not path.exists():
        problem = "no such file"
    elif path.is_dir():
        problem = "is a folder, not a file"
    elif not os.access(path, os.R_OK):
        problem = "cannot be read (permission denied)"
    if problem is not None:
        typer.secho(f"error: {what} {path}: {problem}", err=True, fg=typer.colors.RED)
        raise typer.Exit(code=2)


def _require_choice(option: str, value: str, choices: tuple[str, ...]) -> None:
    """Exit with 2 and one line naming the valid values unless ``value`` is one of ``choices``."""
    if value not in choices:
        valid = ", ".join(choices[:-1]) + f" or {choices[-1]}"
        typer.secho(f"error: {option} {value!r}: use {valid}", err=True, fg=typer.colors.RED)
        raise typer.Exit(code=2)


def _require_tasks(path: Path, problems: list[Problem], tasks: int) -> None:
    """Exit with 2 when ``path`` cannot be read as Label Studio tasks at all (the problems
    that say why were printed already)."""
    from annot.road.read import is_file_problem

    unreadable = [p for p in problems if is_file_problem(p)]
    if not unreadable and tasks == 0:
        typer.secho(
            f"error: {path}: no Label Studio tasks in it (empty-input); give a pull file "
            "(annot pull) or a Label Studio JSON export.",
            err=True,
            fg=typer.colors.RED,
        )
    if unreadable or tasks == 0:
        raise typer.Exit(code=2)


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
AnnotatorsOption = Annotated[
    int, typer.Option(min=1, help="Annotators per task (Label Studio's maximum_annotations).")
]
OverlapOption = Annotated[
    int,
    typer.Option(min=0, max=100, help="Percent of tasks that get that many annotators."),
]
GuidelinesOption = Annotated[
    Path | None,
    typer.Option(
        help="Markdown guidelines shown in Label Studio as the instructions "
        "(default: annot's docs/guidelines.md)."
    ),
]
ShowPredictionsOption = Annotated[
    bool,
    typer.Option(
        "--show-predictions/--hide-predictions",
        help="Whether annotators see the pre-annotations (show_collab_predictions).",
    ),
]

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from annot.export import ExportOptions, ExportReport
    from annot.labelstudio.project import TeamSetup
    from annot.labelstudio.push import PushReport
    from annot.labelstudio.settings import ConnectionSettings
    from annot.problems import Problem
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
    annotators: AnnotatorsOption = 2,
    overlap: OverlapOption = 100,
    show_predictions: ShowPredictionsOption = True,
) -> None:
    """The main job, from raw/ to a dataset.

    Ingest raw/ and print the documents with their segments; pre-annotate them; push them to
    Label Studio (starting the embedded server if none is configured) with the pre-annotations
    as predictions into a project set up for a team (see `annot project setup`), the gold seed
    annotations (raw/gold/gold.jsonl) as ground truth into the separate project "PROJECT
    (gold)", and print the project URL; export the gold seed corpus to EXPORTS_DIR/NAME and
    print the line that loads it.
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
            from annot.labelstudio.project import gold_project_title

            settings = _server_for_run(Path("."))
            setup = _team_setup(annotators, overlap, show_predictions, None)
            report, url = _push(settings, project, documents, predictions, 500, True, setup=setup)
            typer.echo(report.summary())
            typer.echo(f"annotate at {url}")
            if gold:
                # The gold lives in its own project: in the team's project it would fill the
                # queue (Label Studio counts it toward the annotators per task) and show.
                annotations = {ad.document.id: [ad] for ad in gold}
                gold_docs = [doc for doc in documents if doc.id in annotations]
                gold_report, gold_url = _push(
                    settings,
                    gold_project_title(project),
                    gold_docs,
                    None,
                    500,
                    True,
                    annotations=annotations,
                )
                typer.echo(f"gold: {gold_report.summary()}; review it at {gold_url}")
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
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="hf (the dataset), conll (also conll/<split>.txt) or spacy (also "
            "spacy/<split>.spacy DocBins; needs annot[spacy]).",
        ),
    ] = "hf",
) -> None:
    """Export annotations as a Hugging Face dataset (parquet + card) that loads offline."""
    from annot.export import ExportOptions, SplitOptions, export_dataset
    from annot.schema.taxonomy import LabelSet

    _require_choice("--format", output_format, ("hf", "conll", "spacy"))
    _require_choice("--label-set", label_set, tuple(member.value for member in LabelSet))
    if (source is None) == (from_file is None):
        typer.secho("error: give either SOURCE (JSONL) or --from-file", err=True, fg="red")
        raise typer.Exit(code=2)
    for given in (source, from_file):
        if given is not None:
            _require_file(given)
    try:
        parts = tuple(float(part) for part in ratios.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 3:
        typer.secho(
            f"error: --ratios {ratios!r}: give three numbers train,validation,test, "
            "e.g. 0.8,0.1,0.1",
            err=True,
            fg="red",
        )
        raise typer.Exit(code=2)
    try:
        options = ExportOptions(
            label_set=LabelSet(label_set),
            splits=SplitOptions(ratios=(parts[0], parts[1], parts[2]), seed=seed),
            num_proc=num_proc,
        )
    except ValueError as error:
        typer.secho(f"error: bad option: {error}", err=True, fg="red")
        raise typer.Exit(code=2) from error
    if from_file is not None:
        _export_from_label_studio(from_file, name, exports_dir, options, output_format)
        return
    assert source is not None
    try:
        report = export_dataset(source, name, exports_dir=exports_dir, options=options)
    except AnnotError as error:
        raise _fail(error) from error
    _print_export(report, output_format)


def _print_export(report: ExportReport, output_format: str) -> None:
    for config, splits in report.rows.items():
        counts = ", ".join(f"{split} {rows}" for split, rows in splits.items())
        typer.echo(f"{config:<20} {counts}")
    if output_format != "hf":
        from annot.export.formats import write_conll, write_spacy

        written = (write_conll if output_format == "conll" else write_spacy)(report.path)
        typer.echo(f"{output_format}: " + ", ".join(str(path) for path in written))
    typer.echo(f"quarantined: {report.quarantined} (see {report.path / 'quarantine.jsonl'})")
    typer.echo(f'load it: datasets.load_dataset("{report.path}", "ner")')


@app.command()
def publish(
    folder: Annotated[Path, typer.Argument(help="An export folder, e.g. exports/seed.")],
    repo_id: Annotated[str, typer.Option(help="Hub dataset repository, e.g. org/berita-ner.")],
    private: Annotated[bool, typer.Option(help="Create the repository as private.")] = False,
) -> None:
    """Upload an export to a Hugging Face Hub dataset repository (created when missing)."""
    from annot.export.publish import publish_export

    try:
        report = publish_export(folder, repo_id, private=private)
    except AnnotError as error:
        raise _fail(error) from error
    typer.echo(f"uploaded {len(report.files)} files to {report.url}")


def _export_from_label_studio(
    path: Path, name: str, exports_dir: Path, options: ExportOptions, output_format: str
) -> None:
    """``annot export --from-file``: the one road (read, select, validate, adjudicate)."""
    from annot.export.labelstudio import export_label_studio
    from annot.validate import render_report

    _require_file(path)
    try:
        done = export_label_studio(path, name, exports_dir=exports_dir, options=options)
    except AnnotError as error:
        raise _fail(error) from error
    road = done.road
    typer.echo(render_report(road.report, max_problems=50), err=True)
    if done.export is not None:
        _print_export(done.export, output_format)
    else:
        typer.echo(f"nothing to export: no gold document in {path} (see the ledger)")
    typer.echo(
        f"validation quarantine: {road.quarantined}; disagreements for a person: "
        f"{road.disagreements} (both in the export folder)"
    )
    typer.echo(road.ledger.render())
    _require_tasks(path, road.report.problems, road.report.tasks.pulled)
    if done.exit_code == 2:
        typer.secho(f"error: {path} holds no Label Studio task", err=True, fg="red")
    raise typer.Exit(code=done.exit_code)


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


def _team_setup(
    annotators: int, overlap: int, show_predictions: bool, guidelines: Path | None
) -> TeamSetup:
    from annot.labelstudio.project import DEFAULT_GUIDELINES, TeamSetup, guidelines_html

    if guidelines is None and DEFAULT_GUIDELINES.is_file():
        guidelines = DEFAULT_GUIDELINES
    instructions = guidelines_html(guidelines) if guidelines is not None else ""
    return TeamSetup(
        annotators_per_task=annotators,
        overlap_percent=overlap,
        show_predictions=show_predictions,
        instructions=instructions,
    )


def _push(
    settings: ConnectionSettings,
    title: str,
    documents: list[Document],
    predictions: Mapping[str, Sequence[AnnotatedDocument]] | None,
    batch_size: int,
    progress: bool,
    *,
    annotations: dict[str, list[AnnotatedDocument]] | None = None,
    setup: TeamSetup | None = None,
) -> tuple[PushReport, str]:
    from annot.labelstudio.client import ensure_project, project_url
    from annot.labelstudio.project import setup_project
    from annot.labelstudio.push import push as push_documents
    from annot.labelstudio.server import check_connection
    from annot.labelstudio.settings import open_client

    check_connection(settings)  # a wrong URL fails here, before any retry
    with open_client(settings) as client:
        project_id = ensure_project(client, title)
        if setup is not None:
            changed = setup_project(client, project_id, setup, url=settings.url)
            if changed:
                typer.echo(f"project {title!r}: set {', '.join(changed)}", err=True)
    report = push_documents(
        settings,
        project_id,
        documents,
        predictions,
        annotations=annotations,
        ground_truth=True,
        batch_size=batch_size,
        progress=progress,
        root=Path("."),
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
    annotators: AnnotatorsOption = 2,
    overlap: OverlapOption = 100,
    show_predictions: ShowPredictionsOption = True,
    guidelines: GuidelinesOption = None,
) -> None:
    """Push raw/ to Label Studio as tasks (idempotent: only new or changed documents).

    The project is set up for a team on the way (see `annot project setup`).
    """
    from annot.ingest import ingest_dir
    from annot.labelstudio.settings import load_settings

    try:
        if predictions is not None:
            _require_file(predictions, "predictions file")
        settings = load_settings(root=Path("."))
        preds = _read_predictions(predictions) if predictions is not None else None
        setup = _team_setup(annotators, overlap, show_predictions, guidelines)
        report, url = _push(
            settings, project, ingest_dir(raw_dir), preds, batch_size, progress, setup=setup
        )
    except AnnotError as error:
        raise _fail(error) from error
    typer.echo(report.summary())
    typer.echo(f"annotate at {url}")


def _existing_project(title: str) -> tuple[ConnectionSettings, int]:
    """The configured server and the id of its project ``title``; an error if there is none."""
    from annot.labelstudio.client import find_project
    from annot.labelstudio.server import check_connection
    from annot.labelstudio.settings import LabelStudioError, load_settings, open_client

    settings = load_settings(root=Path("."))
    check_connection(settings)  # a wrong URL fails here, before any retry
    with open_client(settings) as client:
        project_id = find_project(client, title)
    if project_id is None:
        raise LabelStudioError(
            f"Label Studio at {settings.url} has no project titled {title!r}; push "
            "documents first (`annot push --project ...`) or pass the right --project."
        )
    return settings, project_id


@app.command()
def pull(
    project: ProjectOption = DEFAULT_PROJECT,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for raw pulls (append-only JSONL files).")
    ] = Path("raw/pulls"),
    progress: Annotated[bool, typer.Option(help="Show progress bars.")] = True,
) -> None:
    """Pull every annotation of a project into a new raw JSONL file (check it with validate)."""
    from annot.labelstudio.pull import pull as pull_project

    try:
        settings, project_id = _existing_project(project)
        report = pull_project(settings, project_id, out, progress=progress)
    except AnnotError as error:
        raise _fail(error) from error
    typer.echo(report.summary())
    typer.echo(f"check and convert it: annot validate {report.path}")


PullFile = Annotated[
    Path, typer.Argument(help="A pull: Label Studio tasks as JSONL (raw/pulls/) or a JSON export.")
]


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
    from annot.validate import render_report, stream_validation

    _require_file(pull)
    try:
        documents = None
        if raw_dir is not None:
            from annot.ingest import ingest_dir

            documents = {doc.id: doc for doc in ingest_dir(raw_dir)}
        done = stream_validation(pull, quarantine, output, documents=documents)
    except AnnotError as error:
        raise _fail(error) from error
    typer.echo(render_report(done.report))
    typer.echo(f"quarantined entries: {done.report.quarantine_entries} in {quarantine}")
    if output is not None:
        typer.echo(f"usable annotations: {done.annotations} in {output}")
    if report_json is not None:
        report_json.write_text(done.report.model_dump_json(indent=2) + "\n", "utf-8")
    _require_tasks(pull, done.report.problems, done.report.tasks.pulled)
    raise typer.Exit(code=done.report.exit_code)


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

    _require_file(pull)
    try:
        report = measure(validate_file(pull).annotations)
    except AnnotError as error:
        raise _fail(error) from error
    typer.echo(render_agreement(report))
    markdown, heatmap = write_agreement_report(report, out)
    if heatmap is None:
        typer.echo(f"wrote {markdown}; no heatmap: pip install 'annot[plot]' for matplotlib")
    else:
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

    from annot.agreement import AdjudicationPolicy

    _require_file(pull)
    _require_choice("--mode", mode, ("majority", "union", "intersection"))
    try:
        policy = AdjudicationPolicy.model_validate(
            {"mode": mode, "k": k, "reviewers": reviewer or []}
        )
    except ValidationError as error:
        typer.secho(f"error: bad policy: {error}", err=True, fg="red")
        raise typer.Exit(code=2) from error
    from annot.road.gold import adjudicate_annotated, input_kind, label_studio_to_gold

    try:
        if input_kind(pull) == "annotated":
            done = adjudicate_annotated(
                pull, output, policy=policy, disagreements_out=disagreements
            )
            entered, gold, open_items = done.annotations, done.gold, done.disagreements
            remain = bool(open_items)
        else:
            road = label_studio_to_gold(
                pull, output, policy=policy, disagreements_out=disagreements
            )
            typer.echo(road.ledger.render())
            entered, gold, open_items = road.tasks_read, road.gold, road.disagreements
            remain = road.ledger.problems_remain or bool(road.report.exit_code)
    except AnnotError as error:
        typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
        raise typer.Exit(code=2) from error
    typer.echo(f"gold documents: {gold} in {output}")
    typer.echo(f"disagreements for a person to settle: {open_items} in {disagreements}")
    if not entered:
        typer.secho(
            f"error: {pull} holds no annotation to adjudicate: give a Label Studio pull or "
            "export, or what annot validate --output wrote.",
            err=True,
            fg="red",
        )
        raise typer.Exit(code=2)
    raise typer.Exit(code=1 if remain or not gold else 0)


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

    if input_file is not None:
        _require_file(input_file)
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

    if predicted is not None:
        _require_file(predicted)
    if not gold.exists():
        _require_file(gold, "gold")
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


@app.command()
def status(
    pull_file: Annotated[
        Path | None,
        typer.Argument(
            help="A pull (raw/pulls/*.jsonl or a JSON export); default: pull the project now."
        ),
    ] = None,
    project: ProjectOption = DEFAULT_PROJECT,
    annotators: AnnotatorsOption = 2,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the pull made when no file is given.")
    ] = Path("raw/pulls"),
) -> None:
    """Team progress: per annotator and per task what is done, overlapped, disputed; agreement."""
    from annot.status import render_status, team_status

    try:
        if pull_file is None:
            from annot.labelstudio.pull import pull as pull_project

            settings, project_id = _existing_project(project)
            pull_file = pull_project(settings, project_id, out, progress=False).path
        report = team_status(pull_file, annotators_per_task=annotators)
    except AnnotError as error:
        raise _fail(error) from error
    typer.echo(render_status(report))


project_app = typer.Typer(help="Label Studio projects set up for a team.", no_args_is_help=True)
app.add_typer(project_app, name="project")


@project_app.command("setup")
def project_setup(
    project: ProjectOption = DEFAULT_PROJECT,
    annotators: AnnotatorsOption = 2,
    overlap: OverlapOption = 100,
    show_predictions: ShowPredictionsOption = True,
    guidelines: GuidelinesOption = None,
) -> None:
    """Set a project up for a team (idempotent): overlap, independence, predictions, guidelines.

    Creates the project with annot's labeling config if missing. Annotators work independently:
    no annotation history, no ground truth in the label stream (keep gold in "PROJECT (gold)").
    """
    from annot.labelstudio.client import ensure_project, project_url
    from annot.labelstudio.project import setup_project
    from annot.labelstudio.settings import load_settings, open_client

    try:
        settings = load_settings(root=Path("."))
        setup = _team_setup(annotators, overlap, show_predictions, guidelines)
        with open_client(settings) as client:
            project_id = ensure_project(client, project)
            changed = setup_project(client, project_id, setup, url=settings.url)
    except AnnotError as error:
        raise _fail(error) from error
    typer.echo(f"project {project!r} (id {project_id}): " + (", ".join(changed) or "unchanged"))
    typer.echo(f"annotate at {project_url(settings.url, project_id)}")


def main() -> None:
    """The ``annot`` console script: the app, with a missing extra as one clear line."""
    from annot.extras import MissingExtraError, extra_for_module

    try:
        app()
    except MissingExtraError as error:
        raise SystemExit(f"error: {error}") from None
    except ModuleNotFoundError as error:
        extra = extra_for_module(error.name or "")
        if extra is None:
            raise
        raise SystemExit(f"error: {MissingExtraError(extra, error.name or '')}") from None


if __name__ == "__main__":
    main()
