"""The canonical JSON result: every other rendering can be made from it."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from .. import __version__
from ..model import ArticleResult
from .base import SLOT, Run, Tally

SCHEMA = 1


def result_dict(run: Run) -> dict[str, Any]:
    results, failures, st = run.results, run.failures, run.settings
    issues = [i for r in results for i in r.issues]
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "tool": {"name": "mtqa", "version": __version__},
        "signature": run.signature,
        "articles": [r.to_json() for r in results],
        "summary": {
            "articles": len(results),
            "issues": len(issues),
            "by_severity": dict(Counter(i.severity for i in issues)),
            "by_category": dict(Counter(i.category for i in issues)),
        },
        "errors": [{"path": f.path, "line": f.line, "message": f.message} for f in failures],
        "settings": {
            "fail_on": st.fail_on,
            "min_score": st.min_score,
            "min_words": st.min_words,
            "reference_words": st.reference_words,
            "weights": dict(st.weights),
        },
    }
    if run.baseline:
        b = run.baseline
        out["summary"]["baseline"] = {"path": b.path, "known": b.known, "fixed": b.fixed}
    return out


def render(run: Run) -> str:
    return render_dict(result_dict(run))


class Stream:
    """The same bytes as `render`, written as the results come: the head with the first article, each
    article as it is made, the summary and the errors at the end; no result is kept. `closing` takes the
    run's failures and the summary counted on the way."""

    def __init__(self) -> None:
        self.started = False

    def article(self, run: Run, result: ArticleResult, text: str | None) -> str:
        item = json.dumps(result.to_json(), ensure_ascii=False, indent=1).replace("\n", "\n  ")
        if self.started:
            return ",\n  " + item
        self.started = True
        return self._halves(run)[0] + item

    def closing(self, run: Run, tally: Tally) -> list[str]:
        if not self.started:  # no article: JSON writes an empty list on one line
            return [render(run)]
        return [self._halves(run, tally.as_dict())[1]]

    @staticmethod
    def _halves(run: Run, summary: dict[str, Any] | None = None) -> tuple[str, str]:
        """The document before and after its articles, cut where one article stands in for them."""
        whole = result_dict(run)
        whole["articles"] = [SLOT]
        if summary is not None:
            whole["summary"] = summary
        head, tail = render_dict(whole).split(json.dumps(SLOT))
        return head, tail


def render_dict(out: dict[str, Any]) -> str:
    return json.dumps(out, ensure_ascii=False, indent=1) + "\n"
