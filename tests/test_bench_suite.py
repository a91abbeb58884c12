"""A smoke run of the benchmark suite: every file step runs and every ratio is reported.

No timing is asserted (performance lives in the numbers the suite prints, see BENCHMARKS.md);
the Label Studio steps are left out here (the server tests cover push and pull).
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.run import FILE_STEPS, main


def test_the_suite_reports_every_file_step_and_its_ratios(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    work = tmp_path / "work"
    main(["--tasks", "20", "--no-server", "--out", str(out), "--workdir", str(work)])
    result = json.loads(out.read_text(encoding="utf-8"))
    assert (result["tasks"], result["server_tasks"]) == (20, 0)
    assert list(result["steps"]) == list(FILE_STEPS)
    for name, step in result["steps"].items():
        assert step["name"] == name
        assert step["tasks"] == 20
        assert step["seconds"] > 0
        assert step["peak_rss_mb"] > 0
        assert step["exit_code"] in (0, 1)
    assert json.loads(result["steps"]["parse"]["output"]) == {"tasks": 20}
    assert sorted(result["ratios"]) == ["export / parse", "export / sdk-conll", "validate / parse"]
    for ratio in result["ratios"].values():
        assert set(ratio) == {"name", "numerator", "denominator", "value", "cpu", "target", "met"}
        assert ratio["value"] > 0
        assert ratio["cpu"] > 0
        assert ratio["met"] == (ratio["value"] <= ratio["target"])
    assert (work / "conll" / "result.conll").read_text(encoding="utf-8").startswith("-DOCSTART-")
    assert (work / "bench" / "README.md").exists()  # the export wrote its dataset
