"""The one ledger of the road: everything that enters leaves counted, once, with an outcome.

Rows are the layers: ``tasks``, ``annotations`` and, per layer, the Label Studio regions
(``entities``, ``quotes``, ``claims``, ``unknown`` controls) and ``relations`` of every
annotation in the input. Each leaves with one outcome:

``exported``
    in the gold annotation that is exported (a region: its unit is in the gold);
``quarantined:<code>``
    set aside by validation, the problem code of the quarantine entry's first reason;
``superseded``
    an older version of the document, or an earlier annotation of the same voter
    (:mod:`annot.road.select`);
``cancelled``
    skipped (cancelled) in Label Studio;
``disputed``
    in dispute: withheld from the gold and listed as a disagreement for a person;
``outvoted``
    settled against by the adjudication policy (other voters, a ground truth or a reviewer);
``unannotated``
    a task without annotations (only predictions, or none);
``no-usable-annotation``
    a task whose every annotation was quarantined, cancelled or superseded.

``in == sum(out)`` for every row (:attr:`Ledger.balanced`); ``annot export`` prints the
ledger and the dataset card shows it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

__all__ = ["LEDGER_LAYERS", "Ledger"]

#: Rows of the ledger, in display order.
LEDGER_LAYERS: tuple[str, ...] = (
    "tasks",
    "annotations",
    "entities",
    "quotes",
    "claims",
    "relations",
    "unknown",
)
#: Outcomes that mean data problems remain (``annot export`` exits 1).
_PROBLEMS = ("quarantined", "disputed")


@dataclass(slots=True)
class Ledger:
    """Counts in and out per layer (see the module docstring)."""

    entered: Counter[str] = field(default_factory=Counter)
    left: Counter[tuple[str, str]] = field(default_factory=Counter)
    """``(layer, outcome)`` -> count."""

    def enter(self, layer: str, count: int = 1) -> None:
        self.entered[layer] += count

    def leave(self, layer: str, outcome: str, count: int = 1) -> None:
        if count:
            self.left[(layer, outcome)] += count

    def outcomes(self, layer: str) -> dict[str, int]:
        """Outcome -> count of one layer, sorted by outcome."""
        return dict(sorted((o, n) for (name, o), n in self.left.items() if name == layer))

    def out(self, layer: str) -> int:
        return sum(self.outcomes(layer).values())

    @property
    def balanced(self) -> bool:
        """``in == sum(out)`` for every layer."""
        layers = {*self.entered, *(layer for layer, _ in self.left)}
        return all(self.entered[layer] == self.out(layer) for layer in layers)

    def count(self, outcome: str) -> int:
        """How many regions, tasks or annotations left with ``outcome`` (a prefix such as
        ``quarantined`` matches every code)."""
        return sum(
            n for (_, o), n in self.left.items() if o == outcome or o.startswith(outcome + ":")
        )

    @property
    def problems_remain(self) -> bool:
        """Something was quarantined or is in dispute."""
        return any(self.count(outcome) for outcome in _PROBLEMS)

    def to_dict(self) -> dict[str, dict[str, object]]:
        """``{layer: {"in": n, "out": {outcome: n}}}`` (JSON-ready)."""
        return {
            layer: {"in": self.entered[layer], "out": self.outcomes(layer)}
            for layer in LEDGER_LAYERS
            if self.entered[layer] or self.outcomes(layer)
        }

    def lines(self) -> list[str]:
        """One line per layer: ``entities  in 68  exported 60, disputed 2, ...``."""
        rows = self.to_dict()
        width = max((len(layer) for layer in rows), default=0)
        out = []
        for layer, row in rows.items():
            parts = row["out"]
            assert isinstance(parts, dict)
            spelled = ", ".join(f"{outcome} {n}" for outcome, n in parts.items()) or "-"
            out.append(f"{layer:<{width}}  in {row['in']}: {spelled}")
        return out

    def render(self) -> str:
        """The ledger as text, with the verdict of the balance."""
        verdict = "balanced: in == sum(out)" if self.balanced else "NOT BALANCED"
        return "\n".join(
            ["ledger (every region, task and annotation that entered):"]
            + [f"  {line}" for line in self.lines()]
            + [f"  {verdict}"]
        )

    def markdown(self) -> str:
        """The ledger as a markdown table (the dataset card's section)."""
        rows = self.to_dict()
        outcomes = sorted({outcome for layer in rows for outcome in self.outcomes(layer)})
        header = ["layer", "in", *outcomes]
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for layer, row in rows.items():
            parts = row["out"]
            assert isinstance(parts, dict)
            cells = [layer, str(row["in"]), *(str(parts.get(o, 0)) for o in outcomes)]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)
