"""Print pip constraints pinning every declared dependency to its lower bound.

``python scripts/min_versions.py export dev`` reads pyproject.toml and prints ``name==floor``
for each requirement of the core and of the given extras (following ``annot[...]``
self-references) that has a ``>=`` or ``==`` bound. ``.ci/min-versions`` installs with these
constraints, so the floors CI tests are the floors pyproject.toml declares.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

_REQUIREMENT = re.compile(r"^([A-Za-z0-9_.-]+)(\[[^\]]*\])?\s*(.*)$")


def floors(pyproject: Path, extras: list[str]) -> dict[str, str]:
    """Package name → its lowest allowed version, for the core and ``extras``."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    optional: dict[str, list[str]] = project.get("optional-dependencies", {})
    name = project["name"]
    pending = list(project.get("dependencies", []))
    seen: set[str] = set()
    queue = list(extras)
    while queue:
        extra = queue.pop()
        if extra in seen:
            continue
        seen.add(extra)
        if extra not in optional:
            msg = f"pyproject.toml has no extra {extra!r}; it has {', '.join(optional)}"
            raise SystemExit(msg)
        pending += optional[extra]
    found: dict[str, str] = {}
    for requirement in pending:
        match = _REQUIREMENT.match(requirement.strip())
        if match is None:
            continue
        package, selected, spec = match.groups()
        if package == name:
            queue = [part.strip() for part in (selected or "[]")[1:-1].split(",") if part]
            found |= floors(pyproject, [extra for extra in queue if extra not in seen])
            continue
        bound = re.search(r"(>=|==)\s*([0-9][^,;\s]*)", spec)
        if bound:
            found[package.lower()] = bound.group(2)
    return found


def main() -> None:
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    for package, version in sorted(floors(pyproject, sys.argv[1:]).items()):
        print(f"{package}=={version}")


if __name__ == "__main__":
    main()
