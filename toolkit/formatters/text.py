"""Plain text: `path:line:col: CODE severity message (suggestion)`, then a summary line per article."""

from __future__ import annotations

import unicodedata
from collections import Counter

import click

from ..model import BOILERPLATE_CATEGORY, ArticleResult, Issue
from .base import Run, Tally, baseline_line, where, with_hint

COLORS = {"critical": "red", "major": "yellow", "minor": "blue"}


def issue_line(r: ArticleResult, i: Issue, color: bool = False) -> str:
    sev = click.style(i.severity, fg=COLORS[i.severity], bold=True) if color else i.severity
    if i.fix == "safe":
        sev += " [*]"  # as ruff marks what --fix can apply
    if i.file_line is None:
        line = f"{where(r)}:{i.line}:{i.column}: {i.code} {sev} {with_hint(i)}"
    else:  # a record or a unit: its line in the file, then the position inside its text
        record = f"#{r.id} " if r.id is not None else ""
        line = f"{r.path}:{i.file_line}: [{record}{i.line}:{i.column}] {i.code} {sev} {with_hint(i)}"
    if i.source_text is not None:
        line += f"\n    source {i.source_start}-{i.source_end}: {_snippet(i.source_text)}"
    return line


WINDOW = 40  # characters shown on each side of a finding in a long line


def source_lines(text: str, i: Issue) -> str:
    """The finding's line (around it, when the line is long) and a caret under the finding, as ruff and
    compilers show them; widths count East Asian wide characters as two columns."""
    start = text.rfind("\n", 0, i.start) + 1
    end = text.find("\n", i.start)
    end = len(text) if end < 0 else end
    tail = max(i.end, i.start + 1) + WINDOW if i.end - i.start <= WINDOW else i.start + 2 * WINDOW  # long: its start
    lo, hi = max(start, i.start - WINDOW), min(end, tail)
    if lo > start:  # start the window at a word
        lo = next((k + 1 for k in range(lo, i.start) if text[k] == " "), lo)
    if hi < end:
        floor = min(i.end, i.start + WINDOW)  # the finding (or the first part of a long one) stays whole
        hi = next((k for k in range(hi, floor, -1) if text[k] == " " and text[k - 1] != " "), hi)
    left, right = ("…" if lo > start else ""), ("…" if hi < end else "")
    shown = (left + text[lo:hi] + right).replace("\t", " ")
    pad = _width(left + text[lo : i.start])
    marked = max(1, _width(text[i.start : min(i.end, hi)]))
    return f"    {shown}\n    {' ' * pad}{'^' * marked}"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text.replace("\t", " "))


def _snippet(text: str, most: int = 60) -> str:
    """A source span on one line, shortened in the middle when long."""
    flat = " ".join(text.split())
    return flat if len(flat) <= most else f"{flat[: most // 2 - 1]} … {flat[-(most // 2 - 2) :]}"


def article(r: ArticleResult, text: str | None, color: bool = False, quiet: bool = False) -> str:
    """One article's lines: its findings (each with its line and a caret under it when `text` is given)
    and, unless quiet, its summary line. Written as each result comes when the output streams."""
    lines: list[str] = []
    for i in r.issues:
        lines.append(issue_line(r, i, color))
        if text is not None and i.end <= len(text) and text[i.start : i.end] == i.text:
            lines.append(source_lines(text, i))
    if not quiet:
        lines.append(summary_line(r))
    return "".join(f"{line}\n" for line in lines)


def closing(run: Run, articles: int, passed: int, fixable: int) -> str:
    """The run's closing lines: articles passed and failed, the baseline, what --fix can apply."""
    if run.quiet:
        return ""
    lines = []
    if articles > 1:
        lines.append(f"{articles} articles: {passed} passed, {articles - passed} failed [{run.signature}]")
    if run.baseline:
        lines.append(baseline_line(run.baseline))
    if fixable:
        lines.append(f"[*] {fixable} finding(s) fixable with --fix (--diff shows the changes)")
    return "".join(f"{line}\n" for line in lines)


def render(run: Run) -> str:
    results = run.results
    body = "".join(article(r, run.texts.get((r.path, r.id)), run.color, run.quiet) for r in results)
    fixable = sum(i.fix == "safe" for r in results for i in r.issues)
    return body + closing(run, len(results), sum(r.passed for r in results), fixable)


def summary_line(r: ArticleResult) -> str:
    boiler = sum(i.category == BOILERPLATE_CATEGORY for i in r.issues)
    sev = Counter(i.severity for i in r.issues if i.category != BOILERPLATE_CATEGORY)
    counts = ", ".join(f"{sev[s]} {s}" for s in ("critical", "major", "minor") if sev[s]) or "no translation issues"
    extra = f", {boiler} boilerplate" if boiler else ""
    known = f", {r.known} known (baseline)" if r.known else ""
    small = " (insufficient sample)" if r.insufficient_sample else ""
    verdict = "pass" if r.passed else "FAIL"
    source = ""
    if r.source:
        s = r.source
        source = (
            f"; source: {s['pairing']}, {s['pairs']} pairs ({s['alignment']}), "
            f"{s['unaligned_source']} source and {s['unaligned_target']} target sentence(s) unaligned"
        )
    return (
        f"{where(r)}: score {r.score:.1f}{small} {verdict}: {counts}{extra}{known}; {r.words} words, {r.encoding}; "
        f"grammar: {r.grammar_engine}{source}"
    )


class Stream:
    """The text format written as the results come: each article's lines, then the closing lines."""

    def article(self, run: Run, result: ArticleResult, text: str | None) -> str:
        return article(result, text, run.color, run.quiet)

    def closing(self, run: Run, tally: Tally) -> list[str]:
        return [closing(run, tally.articles, tally.passed, tally.fixable)]
