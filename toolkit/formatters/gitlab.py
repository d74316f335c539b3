"""GitLab Code Quality report: a JSON array of findings with a path, lines and a unique fingerprint."""

from __future__ import annotations

import hashlib
import json

from .base import Run, with_hint

SEVERITIES = {"minor": "minor", "major": "major", "critical": "critical"}


def render(run: Run) -> str:
    out = []
    for r in run.results:
        for i in r.issues:
            unique = hashlib.sha256(f"{r.path}\x1f{r.id}\x1f{i.fingerprint}".encode()).hexdigest()
            description = f"{i.code} {with_hint(i)}" + (f" [record {r.id}]" if r.id is not None else "")
            out.append(
                {
                    "type": "issue",
                    "check_name": i.code,
                    "description": description,
                    "categories": ["Clarity"],
                    "severity": SEVERITIES[i.severity],
                    "fingerprint": unique,
                    "location": {"path": r.path, "lines": dict(zip(("begin", "end"), i.lines_in_file, strict=True))},
                }
            )
    return json.dumps(out, ensure_ascii=False, indent=1) + "\n"
