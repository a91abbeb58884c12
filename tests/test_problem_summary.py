"""Repeated problems are counted, not printed one by one."""

from __future__ import annotations

from annot.problems import Problem, ProblemCode, Severity, problem_summary


def _problem(code: ProblemCode, severity: Severity, n: int) -> Problem:
    return Problem(code=code, severity=severity, message=f"m{n}.", fix="f.", task_id=n)


def test_few_problems_are_printed_whole_errors_first() -> None:
    warning = _problem(ProblemCode.MISSING_KEY, Severity.WARNING, 1)
    error = _problem(ProblemCode.MALFORMED_JSON, Severity.ERROR, 2)
    assert problem_summary([warning, error]) == [str(error), str(warning)]


def test_many_problems_show_the_first_and_a_count_per_code() -> None:
    problems = [_problem(ProblemCode.MISSING_KEY, Severity.WARNING, n) for n in range(5000)]
    problems.append(_problem(ProblemCode.MALFORMED_JSON, Severity.ERROR, 9999))
    lines = problem_summary(problems, shown=3)
    assert lines[:3] == [str(problems[-1]), str(problems[0]), str(problems[1])]
    assert lines[3:] == [
        "… 4998 more problems; all 5001 by code:",
        "        1 error malformed-json",
        "     5000 warning missing-key",
    ]
