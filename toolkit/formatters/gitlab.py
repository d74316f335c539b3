"""GitLab Code Quality report: a JSON array of findings with a path, lines and a unique fingerprint."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from ..model import ArticleResult, Issue
from .base import SLOT, Run, Spool, Tally, fill_slots, with_hint

SEVERITIES = {"minor": "minor", "major": "major", "critical": "critical"}


def render(run: Run) -> str:
    return json.dumps([_item(r, i) for r in run.results for i in r.issues], ensure_ascii=False, indent=1) + "\n"


class Stream:
    """The report made as the results come: each finding kept aside in the report's layout (on disk past
    1 MiB) and the report written at the end. The bytes are those of `render`."""

    def __init__(self) -> None:
        self.items = Spool()

    def article(self, run: Run, result: ArticleResult, text: str | None) -> str:
        for i in result.issues:
            self.items.add_json(_item(result, i), " ")
        return ""

    def closing(self, run: Run, tally: Tally) -> Iterator[str]:
        if not self.items.count:
            return iter([render(run)])
        return fill_slots(json.dumps([SLOT], ensure_ascii=False, indent=1) + "\n", [self.items])


def _item(r: ArticleResult, i: Issue) -> dict[str, Any]:
    unique = hashlib.sha256(f"{r.path}\x1f{r.id}\x1f{i.fingerprint}".encode()).hexdigest()
    description = f"{i.code} {with_hint(i)}" + (f" [record {r.id}]" if r.id is not None else "")
    return {
        "type": "issue",
        "check_name": i.code,
        "description": description,
        "categories": ["Clarity"],
        "severity": SEVERITIES[i.severity],
        "fingerprint": unique,
        "location": {"path": r.path, "lines": dict(zip(("begin", "end"), i.lines_in_file, strict=True))},
    }
