"""The canonical JSON result: every other rendering can be made from it."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from .. import __version__
from ..model import ArticleResult
from ..textio import Failure

SCHEMA = 1


def result_dict(results: list[ArticleResult], failures: list[Failure], signature: str) -> dict[str, Any]:
    issues = [i for r in results for i in r.issues]
    return {
        "schema": SCHEMA,
        "tool": {"name": "mtqa", "version": __version__},
        "signature": signature,
        "articles": [r.to_json() for r in results],
        "summary": {
            "articles": len(results),
            "issues": len(issues),
            "by_severity": dict(Counter(i.severity for i in issues)),
            "by_category": dict(Counter(i.category for i in issues)),
        },
        "errors": [{"path": f.path, "message": f.message} for f in failures],
    }


def render(results: list[ArticleResult], failures: list[Failure], signature: str) -> str:
    return json.dumps(result_dict(results, failures, signature), ensure_ascii=False, indent=1) + "\n"
