"""Plain text: `path:line:col: CODE severity message (suggestion)`, then a summary line per article."""

from __future__ import annotations

from collections import Counter

from ..model import BOILERPLATE_CATEGORY, ArticleResult
from ..textio import Failure


def where(result: ArticleResult) -> str:
    return f"{result.path}#{result.id}" if result.id is not None else result.path


def render(results: list[ArticleResult], failures: list[Failure], signature: str) -> str:
    lines: list[str] = []
    for r in results:
        for i in r.issues:
            hint = f" ({' | '.join(i.suggestions)})" if i.suggestions else ""
            lines.append(f"{where(r)}:{i.line}:{i.column}: {i.code} {i.severity} {i.message}{hint}")
        lines.append(summary_line(r))
    if len(results) > 1:
        passed = sum(r.passed for r in results)
        lines.append(f"{len(results)} articles: {passed} passed, {len(results) - passed} failed [{signature}]")
    return "\n".join(lines) + ("\n" if lines else "")


def summary_line(r: ArticleResult) -> str:
    boiler = sum(i.category == BOILERPLATE_CATEGORY for i in r.issues)
    sev = Counter(i.severity for i in r.issues if i.category != BOILERPLATE_CATEGORY)
    counts = ", ".join(f"{sev[s]} {s}" for s in ("critical", "major", "minor") if sev[s]) or "no translation issues"
    extra = f", {boiler} boilerplate" if boiler else ""
    small = " (insufficient sample)" if r.insufficient_sample else ""
    verdict = "pass" if r.passed else "FAIL"
    return f"{where(r)}: score {r.score:.1f}{small} {verdict}: {counts}{extra}; {r.words} words, {r.encoding}"
