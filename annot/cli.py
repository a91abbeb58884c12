"""The ``annot`` command line: a thin layer over the library functions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

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


@app.command()
def run(raw_dir: RawDir = Path("raw")) -> None:
    """The main job: ingest raw/ and print the documents found, with their segments."""
    try:
        typer.echo(describe_documents(raw_dir))
    except AnnotError as error:
        raise _fail(error) from error


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
                for problem in problems:
                    typer.echo(str(problem), err=True)
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
