"""GitHub Actions workflow commands: `::error file=…,line=…,col=…,endColumn=…,title=CODE::message`.

GitHub shows at most 10 error and 10 warning annotations per step (50 per job). The most severe
findings are annotated first; the rest are printed as plain log lines, so nothing is lost, and a
closing notice says how many were not annotated.
"""

from __future__ import annotations

from ..engine import blocking
from ..model import SEVERITY_RANK, ArticleResult, Issue
from .base import LEVELS, Run, baseline_line, score_shortfall, where, with_hint
from .text import issue_line

PER_STEP = 10  # annotations of one level GitHub shows per step


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props: str | int) -> str:
    fields = ",".join(f"{k}={_prop(str(v))}" for k, v in props.items())
    return f"::{level} {fields}::{_data(message)}" if fields else f"::{level}::{_data(message)}"


def _annotation(r: ArticleResult, i: Issue) -> str:
    props: dict[str, str | int] = {"file": r.path}
    message = with_hint(i)
    first, last = i.lines_in_file
    if r.id is None and i.file_line is None:
        props.update(line=i.line, endLine=i.end_line, col=i.column)
        if i.end_line == i.line:
            props["endColumn"] = i.end_column
    else:  # a record or a unit: its line in the file, and the position inside its text in the message
        props.update(line=first, endLine=last)
        inside = f"{r.id}:" if r.id is not None else ""
        message = f"[{inside}{i.line}:{i.column}] {message}"
    props["title"] = f"{i.code} {i.slug} ({i.severity})"
    return command(LEVELS[i.severity], message, **props)


def render(run: Run) -> str:
    budget = {"error": PER_STEP, "warning": PER_STEP}
    lines: list[str] = []
    left = 0

    def emit(level: str, annotated: str, plain: str) -> None:
        nonlocal left
        if budget[level] > 0:
            budget[level] -= 1
            lines.append(annotated)
        else:
            left += 1
            lines.append(plain)

    for f in run.failures:
        props: dict[str, str | int] = {"file": f.path, **({"line": f.line} if f.line is not None else {})}
        emit("error", command("error", f.message, **props, title="mtqa: cannot lint"), f"{f.where}: {f.message}")
    for r in run.results:
        if not r.passed and not blocking(run.settings, r.issues):
            text = score_shortfall(run, r)
            emit("error", command("error", text, file=r.path, title=f"mtqa score {where(r)}"), f"{where(r)}: {text}")
    issues = [(r, i) for r in run.results for i in r.issues]
    issues.sort(key=lambda ri: (-SEVERITY_RANK[ri[1].severity], ri[0].path, ri[1].start))
    for r, i in issues:
        emit(LEVELS[i.severity], _annotation(r, i), issue_line(r, i))
    passed = sum(r.passed for r in run.results)
    summary = (
        f"{len(run.results)} article(s): {passed} passed, {len(run.results) - passed} failed; {len(issues)} finding(s)"
    )
    if left:
        summary += (
            f"; {left} not annotated (GitHub shows {PER_STEP} errors and {PER_STEP} warnings per step), "
            "listed in the log above"
        )
    if run.baseline:
        summary += f"; {baseline_line(run.baseline)}"
    lines.append(command("notice", summary, title="mtqa"))
    return "\n".join(lines) + "\n"
