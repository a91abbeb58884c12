"""Set a Label Studio project up for a team, idempotently (like push).

:func:`team_settings` says what a project for a team looks like; :func:`setup_project` reads the
project and changes only the fields that differ, so running it again changes nothing.

- **Overlap**: ``maximum_annotations`` is how many annotators label each task,
  ``overlap_cohort_percentage`` which share of the tasks gets that many (the rest get one), and
  ``show_overlap_first`` serves the overlapped tasks first, so agreement can be measured early.
- **Independent work**: ``show_annotation_history`` off, no ground truth in the label stream
  (``show_ground_truth_first`` off), and no gold in the team's project at all: Label Studio
  1.23.2 Community counts a ground-truth annotation toward ``maximum_annotations`` (measured:
  with 2 annotators per task and imported gold, only the first annotator gets the task) and
  lets every member read it through the task API. The gold goes to a separate project
  (:func:`gold_project_title`) for the lead, and is compared at adjudication.
- **Predictions** shown to annotators or not (``show_collab_predictions``); whether they are
  imported at all is the caller's choice (``push(..., predictions=None)``).
- **Instructions**: docs/guidelines.md rendered to HTML (:func:`markdown_to_html`) into
  ``expert_instruction`` with ``show_instruction`` on: Label Studio shows them when an annotator
  opens the label stream, and behind the "Instructions" button.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from annot.errors import AnnotError
from annot.labelstudio.client import DEFAULT_RETRY, RetryPolicy, call, no_sdk_retries

if TYPE_CHECKING:
    from label_studio_sdk import LabelStudio

__all__ = [
    "DEFAULT_GUIDELINES",
    "TeamSetup",
    "gold_project_title",
    "guidelines_html",
    "markdown_to_html",
    "setup_project",
    "team_settings",
]

logger = logging.getLogger(__name__)

DEFAULT_GUIDELINES: Final = Path(__file__).resolve().parents[2] / "docs" / "guidelines.md"
"""The annotation guidelines shipped with annot (rendered into the project's instructions)."""


@dataclass(frozen=True, slots=True)
class TeamSetup:
    """How a team works in one project."""

    annotators_per_task: int = 2
    """Label Studio's ``maximum_annotations``: independent annotations per (overlapped) task."""
    overlap_percent: int = 100
    """Share of tasks that get ``annotators_per_task`` annotations; the others get one."""
    show_overlap_first: bool = True
    show_predictions: bool = True
    """Whether annotators see the pre-annotations (``show_collab_predictions``)."""
    instructions: str = ""
    """HTML shown as the project's instructions; empty: none."""

    def __post_init__(self) -> None:
        if self.annotators_per_task < 1:
            raise AnnotError(
                f"annotators per task must be at least 1, not {self.annotators_per_task}"
            )
        if not 0 <= self.overlap_percent <= 100:
            raise AnnotError(f"overlap must be a percentage (0-100), not {self.overlap_percent}")


def gold_project_title(title: str) -> str:
    """The project that holds the gold of project ``title``, apart from the team's work."""
    return f"{title} (gold)"


def team_settings(setup: TeamSetup) -> dict[str, object]:
    """The project fields for ``setup``, as Label Studio's project API names them."""
    return {
        "maximum_annotations": setup.annotators_per_task,
        "overlap_cohort_percentage": setup.overlap_percent,
        "show_overlap_first": setup.show_overlap_first,
        "show_collab_predictions": setup.show_predictions,
        "show_annotation_history": False,
        "show_ground_truth_first": False,
        "show_skip_button": True,
        "sampling": "Sequential sampling",
        "show_instruction": bool(setup.instructions),
        "expert_instruction": setup.instructions,
    }


def setup_project(
    client: LabelStudio,
    project_id: int,
    setup: TeamSetup,
    *,
    url: str,
    policy: RetryPolicy = DEFAULT_RETRY,
) -> list[str]:
    """Give project ``project_id`` the settings of ``setup``; the names of the fields changed."""
    current = call(
        f"read project {project_id}",
        lambda: client.projects.get(project_id, request_options=no_sdk_retries()),
        url=url,
        policy=policy,
    )
    wanted = team_settings(setup)
    changed = sorted(k for k, v in wanted.items() if getattr(current, k, None) != v)
    if not changed:
        return []
    call(
        f"set up project {project_id} for a team",
        lambda: client.projects.update(
            project_id,
            maximum_annotations=setup.annotators_per_task,
            overlap_cohort_percentage=setup.overlap_percent,
            show_overlap_first=setup.show_overlap_first,
            show_collab_predictions=setup.show_predictions,
            show_annotation_history=False,
            show_ground_truth_first=False,
            show_skip_button=True,
            sampling="Sequential sampling",
            show_instruction=bool(setup.instructions),
            expert_instruction=setup.instructions,
            request_options=no_sdk_retries(),
        ),
        url=url,
        policy=policy,
    )
    logger.info("project %d: set %s", project_id, ", ".join(changed))
    return changed


# --- guidelines: a small Markdown subset to HTML ------------------------------------------------

_INLINE: Final = [
    (re.compile(r"`([^`]+)`"), r"<code>\1</code>"),
    (re.compile(r"\*\*([^*]+)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"(?<![\w*])\*([^*\s][^*]*)\*(?!\w)"), r"<em>\1</em>"),
    (re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)"), r'<a href="\2">\1</a>'),
]


_NUMBERED: Final = re.compile(r"\d+\. ")


def _inline(text: str) -> str:
    out = html.escape(text, quote=False)
    for pattern, replacement in _INLINE:
        out = pattern.sub(replacement, out)
    return out


def _blocks(lines: list[str]) -> Iterator[tuple[str, list[str]]]:
    """Split Markdown lines into (kind, lines) blocks: heading, code, table, list, paragraph."""
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif line.startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            yield "code", lines[i + 1 : j]
            i = j + 1
        elif line.startswith("#"):
            yield "heading", [line]
            i += 1
        else:
            kind = "table" if line.startswith("|") else "p"
            kind = "ul" if line.startswith("- ") else "ol" if _NUMBERED.match(line) else kind
            j = i + 1
            while j < len(lines) and lines[j].strip() and not lines[j].startswith(("#", "```")):
                if kind == "p" and (lines[j].startswith(("|", "- ")) or _NUMBERED.match(lines[j])):
                    break
                j += 1
            yield kind, lines[i:j]
            i = j


def _table(lines: list[str]) -> str:
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines]
    body = [row for row in rows if not all(set(cell) <= set("-: ") for cell in row)]
    head, rest = body[0], body[1:]
    out = ["<table><thead><tr>", *(f"<th>{_inline(c)}</th>" for c in head), "</tr></thead><tbody>"]
    for row in rest:
        out += ["<tr>", *(f"<td>{_inline(c)}</td>" for c in row), "</tr>"]
    return "".join([*out, "</tbody></table>"])


def _list(lines: list[str], tag: str) -> str:
    items: list[str] = []
    for line in lines:
        bullet = _NUMBERED.match(line) if tag == "ol" else None
        if bullet is not None:
            items.append(line[bullet.end() :].strip())
        elif tag == "ul" and line.startswith("- "):
            items.append(line[2:].strip())
        elif items:
            items[-1] += " " + line.strip()
    return f"<{tag}>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + f"</{tag}>"


def markdown_to_html(markdown: str) -> str:
    """HTML for the Markdown subset the guidelines use: headings, paragraphs, lists, tables,
    fenced code, inline code, bold, italics and links. Everything else is escaped text."""
    parts: list[str] = []
    for kind, lines in _blocks(markdown.splitlines()):
        if kind == "heading":
            level = min(6, len(lines[0]) - len(lines[0].lstrip("#")))
            parts.append(f"<h{level}>{_inline(lines[0].lstrip('#').strip())}</h{level}>")
        elif kind == "code":
            parts.append(f"<pre><code>{html.escape(chr(10).join(lines))}</code></pre>")
        elif kind == "table":
            parts.append(_table(lines))
        elif kind in ("ul", "ol"):
            parts.append(_list(lines, kind))
        else:
            parts.append(f"<p>{_inline(' '.join(line.strip() for line in lines))}</p>")
    return "\n".join(parts) + "\n"


def guidelines_html(path: Path = DEFAULT_GUIDELINES) -> str:
    """The guidelines at ``path`` as instructions HTML; :class:`AnnotError` if unreadable."""
    try:
        return markdown_to_html(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AnnotError(
            f"{path}: cannot read the annotation guidelines ({exc.strerror}); pass "
            "--guidelines PATH, or --no-instructions."
        ) from exc
