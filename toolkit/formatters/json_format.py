"""The canonical JSON result: every other rendering can be made from it."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from .. import __version__
from .base import Run

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
    return json.dumps(result_dict(run), ensure_ascii=False, indent=1) + "\n"
