"""Export straight from Label Studio data (``annot export --from-file FILE``).

The same road as every other command (:mod:`annot.road.gold`): read -> select -> validate
(the quarantine of ``annot validate``) -> adjudicate (disputes withheld and listed) -> export.
Besides the configs, the export folder holds ``validation-quarantine.jsonl`` (what validation
set aside), ``disagreements.jsonl`` (what a person must settle) and ``ledger.json``; the card
shows the ledger.

The input is read once, by the road; the export's first pass (split groups) is made as the road
writes each gold document, so the scratch gold file is read back once, by the second pass.
(Building the rows during the road and routing them afterwards was measured: no faster, and
~50 MB more at 2k tasks.)

Exit code (:attr:`LabelStudioExport.exit_code`): 0 when everything that entered was
exported or settled, 1 when data problems remain (something quarantined or disputed), 2 when
the file holds nothing at all.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from annot.agreement.adjudicate import AdjudicationPolicy
from annot.export.card import CardInfo
from annot.export.pipeline import (
    ExportOptions,
    ExportReport,
    Planner,
    export_dataset,
    system_allocator,
)
from annot.export.writer import scratch_directory
from annot.road.gold import GoldRoad, label_studio_to_gold, ledger_json

__all__ = ["LabelStudioExport", "export_label_studio"]

#: Files an export from Label Studio data adds next to ``quarantine.jsonl``.
VALIDATION_QUARANTINE = "validation-quarantine.jsonl"
DISAGREEMENTS = "disagreements.jsonl"
LEDGER = "ledger.json"


@dataclass(frozen=True, slots=True)
class LabelStudioExport:
    """What :func:`export_label_studio` did."""

    road: GoldRoad
    export: ExportReport | None
    """``None`` when there was no gold document to export."""

    @property
    def exit_code(self) -> int:
        """0 all well, 1 data problems remain, 2 nothing in the file."""
        if self.road.tasks_read == 0:
            return 2
        quarantined = self.export.quarantined if self.export is not None else 0
        errors = self.road.report.exit_code  # validation errors, even where nothing was set aside
        remain = self.road.ledger.problems_remain or errors or quarantined
        return 1 if remain or self.export is None else 0


def export_label_studio(
    path: Path,
    name: str,
    *,
    exports_dir: Path = Path("exports"),
    options: ExportOptions | None = None,
    card: CardInfo | None = None,
    policy: AdjudicationPolicy | None = None,
) -> LabelStudioExport:
    """Export the Label Studio data in ``path`` (JSON array, JSONL or one task) to
    ``exports_dir/name`` by the one road; see the module docstring."""
    options = options or ExportOptions()
    planner = Planner(options.splits)
    with scratch_directory(exports_dir / name) as folder, system_allocator():
        gold_out = folder / "gold.jsonl"
        road = label_studio_to_gold(
            path,
            gold_out,
            policy=policy,
            quarantine_out=folder / VALIDATION_QUARANTINE,
            disagreements_out=folder / DISAGREEMENTS,
            on_gold=lambda gold: planner.add(gold.document.id, gold.document.text),
        )
        if road.gold == 0:
            return LabelStudioExport(road=road, export=None)
        (folder / LEDGER).write_text(ledger_json(road.ledger), encoding="utf-8")
        info = dataclasses.replace(card or CardInfo(), ledger=road.ledger)
        report = export_dataset(
            gold_out,
            name,
            exports_dir=exports_dir,
            options=options,
            card=info,
            extra_files={
                extra: folder / extra for extra in (VALIDATION_QUARANTINE, DISAGREEMENTS, LEDGER)
            },
            plan=planner.plan(),
        )
    return LabelStudioExport(road=road, export=report)
