"""Agreement output: a terminal table, a markdown report, and a PNG heatmap (Agg backend)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Final

from annot.agreement.metrics import AgreementReport, PairAgreement

__all__ = [
    "METRICS",
    "agreement_markdown",
    "plot_heatmap",
    "render_agreement",
    "write_agreement_report",
]

#: Columns of the pairwise table: name → value of a pair.
METRICS: Final[Mapping[str, Callable[[PairAgreement], float | None]]] = {
    "entity exact F1": lambda p: p.entity_exact_f1,
    "entity overlap F1": lambda p: p.entity_overlap_f1,
    "quote exact F1": lambda p: p.quote_exact_f1,
    "quote overlap F1": lambda p: p.quote_overlap_f1,
    "speaker accuracy": lambda p: p.speaker_accuracy,
    "stance observed": lambda p: p.stance_observed,
    "stance kappa": lambda p: p.stance_kappa,
}
HEATMAP_METRIC: Final = "entity overlap F1"


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _rows(report: AgreementReport) -> tuple[list[str], list[list[str]]]:
    header = ["annotator A", "annotator B", "docs", *METRICS]
    rows = [
        [p.annotator_a, p.annotator_b, str(p.documents), *(_fmt(f(p)) for f in METRICS.values())]
        for p in report.pairs
    ]
    return header, rows


def _summary(report: AgreementReport) -> str:
    name = "Cohen's kappa" if report.stance_statistic == "cohen_kappa" else "Krippendorff's alpha"
    return (
        f"{report.documents} documents annotated by several of {len(report.annotators)} "
        f"annotators; claim stance agreement ({name}): {_fmt(report.stance_agreement)} over "
        f"{report.stance_units} claims"
    )


def render_agreement(report: AgreementReport) -> str:
    """The pairwise table for a terminal."""
    header, rows = _rows(report)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, ["-" * w for w in widths], *rows]
    ]
    return "\n".join([_summary(report), "", *lines]) + "\n"


def _markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def agreement_markdown(report: AgreementReport, heatmap: str | None = None) -> str:
    """A markdown report: summary, pairwise table, per-label entity F1, heatmap link."""
    out = ["# Inter-annotator agreement", "", _summary(report) + ".", ""]
    out += ["## Per annotator pair", "", *_markdown_table(*_rows(report)), ""]
    labels = sorted({label for p in report.pairs for label in p.entity_exact_f1_by_label})
    if labels:
        out += ["## Entity F1 per label (exact / overlap)", ""]
        rows = [
            [
                f"{p.annotator_a} – {p.annotator_b}",
                *(
                    f"{_fmt(p.entity_exact_f1_by_label.get(label))} / "
                    f"{_fmt(p.entity_overlap_f1_by_label.get(label))}"
                    for label in labels
                ),
            ]
            for p in report.pairs
        ]
        out += [*_markdown_table(["pair", *labels], rows), ""]
    if heatmap is not None:
        out += [f"## Pairwise {HEATMAP_METRIC}", "", f"![{HEATMAP_METRIC}]({heatmap})", ""]
    else:
        out += ["No heatmap: matplotlib is not installed (pip install 'annot[plot]').", ""]
    out += [
        "F1 = 2·matches / (|A| + |B|); overlap matches are one-to-one, same label. "
        "– means no data (or an undefined kappa: one stance only).",
        "",
    ]
    return "\n".join(out)


def plot_heatmap(report: AgreementReport, path: Path, metric: str = HEATMAP_METRIC) -> Path:
    """A PNG heatmap of ``metric`` for every annotator pair (diagonal: 1)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    names = report.annotators
    index = {name: i for i, name in enumerate(names)}
    grid = [[1.0 if i == j else float("nan") for j in range(len(names))] for i in range(len(names))]
    for pair in report.pairs:
        value = METRICS[metric](pair)
        i, j = index[pair.annotator_a], index[pair.annotator_b]
        grid[i][j] = grid[j][i] = float("nan") if value is None else value
    size = 1.6 + 0.9 * len(names)
    figure = Figure(figsize=(size + 1.5, size))
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    image = axes.imshow(grid, vmin=0.0, vmax=1.0, cmap="viridis")
    axes.set_xticks(range(len(names)), names, rotation=45, ha="right")
    axes.set_yticks(range(len(names)), names)
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            text = "–" if value != value else f"{value:.2f}"
            axes.text(
                j, i, text, ha="center", va="center", color="white" if value < 0.6 else "black"
            )
    axes.set_title(f"Pairwise {metric}")
    figure.colorbar(image, ax=axes)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png", dpi=100)
    return path


def write_agreement_report(report: AgreementReport, out_dir: Path) -> tuple[Path, Path | None]:
    """Write ``agreement.md`` and ``agreement-heatmap.png`` into ``out_dir``.

    The heatmap needs matplotlib (``pip install 'annot[plot]'``); without it the report is
    written without the heatmap (``None``) and says how to get it.
    """
    from annot.extras import has_module

    heatmap = (
        plot_heatmap(report, out_dir / "agreement-heatmap.png")
        if has_module("matplotlib")
        else None
    )
    markdown = out_dir / "agreement.md"
    text = agreement_markdown(report, heatmap.name if heatmap else None)
    markdown.parent.mkdir(parents=True, exist_ok=True)
    markdown.write_text(text, encoding="utf-8")
    return markdown, heatmap
