"""JSON Lines: one article a line, as JSON's `articles[]` entries, written as each result is made; the
last line holds what only the end of the run knows: `{"summary": …, "errors": […], "signature": …}`."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ..model import ArticleResult
from .base import Run
from .json_format import result_dict


def line(result: ArticleResult) -> str:
    return json.dumps(result.to_json(), ensure_ascii=False) + "\n"


class Summary:
    """JSON's `summary`, counted as the results stream past (they are not kept)."""

    def __init__(self) -> None:
        self.articles = self.issues = 0
        self.severity: Counter[str] = Counter()
        self.category: Counter[str] = Counter()

    def add(self, result: ArticleResult) -> None:
        self.articles += 1
        self.issues += len(result.issues)
        self.severity.update(i.severity for i in result.issues)
        self.category.update(i.category for i in result.issues)

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "issues": self.issues,
            "by_severity": dict(self.severity),
            "by_category": dict(self.category),
        }


def closing(run: Run, summary: Summary) -> str:
    whole = result_dict(run)
    last: dict[str, Any] = {k: whole[k] for k in ("schema", "tool", "signature", "summary", "errors", "settings")}
    last["summary"] = {**summary.as_dict(), **{k: v for k, v in whole["summary"].items() if k == "baseline"}}
    return json.dumps(last, ensure_ascii=False) + "\n"


def render(run: Run) -> str:
    """The whole run at once (where results are filtered after the run: baselines, changed lines)."""
    summary = Summary()
    for r in run.results:
        summary.add(r)
    return "".join(line(r) for r in run.results) + closing(run, summary)
