"""Export straight from Label Studio data (``annot export --from-file FILE``).

The same road as every other command (:mod:`annot.road.gold`): read -> select -> validate
(the quarantine of ``annot validate``) -> adjudicate (disputes withheld and listed) -> export.
Besides the configs, the export folder holds ``validation-quarantine.jsonl`` (what validation
set aside), ``disagreements.jsonl`` (what a person must settle) and ``ledger.json``; the card
shows the ledger.

The input is read by the road only: every gold document is planned (split groups) and turned
into rows as it comes (:class:`annot.export.spool.RowSpool`), then the rows are routed to their
splits; no gold file is written and read back.

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
    build_options_for,
    export_dataset,
    system_allocator,
)
from annot.export.spool import RowSpool
from annot.export.writer import scratch_directory
from annot.road.gold import GoldRoad, label_studio_to_gold, ledger_json
from annot.schema import AnnotatedDocument

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
        # One worker: every gold document is planned and built as it comes (annot.export.spool).
        # Several: the gold is written and built again by the workers (export_dataset).
        spool = (
            RowSpool(folder, build_options_for(options, str(path)), options.batch_documents)
            if options.num_proc <= 1
            else None
        )
        gold_out = None if spool is not None else folder / "gold.jsonl"

        def take(gold: AnnotatedDocument) -> None:
            planner.add(gold.document.id, gold.document.text)
            if spool is not None:
                spool.add(gold)

        road = label_studio_to_gold(
            path,
            gold_out,
            policy=policy,
            quarantine_out=folder / VALIDATION_QUARANTINE,
            disagreements_out=folder / DISAGREEMENTS,
            on_gold=take,
        )
        if spool is not None:
            spool.close()
        if road.gold == 0:
            return LabelStudioExport(road=road, export=None)
        (folder / LEDGER).write_text(ledger_json(road.ledger), encoding="utf-8")
        info = dataclasses.replace(card or CardInfo(), ledger=road.ledger)
        plan = planner.plan()
        report = export_dataset(
            gold_out or path,
            name,
            exports_dir=exports_dir,
            options=options,
            card=info,
            extra_files={
                extra: folder / extra for extra in (VALIDATION_QUARANTINE, DISAGREEMENTS, LEDGER)
            },
            plan=plan,
            built=spool.results(plan.order) if spool is not None else None,
        )
    return LabelStudioExport(road=road, export=report)
