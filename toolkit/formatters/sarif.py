"""SARIF 2.1.0 for code-scanning services (GitHub code scanning, Azure DevOps, IDE viewers).

Columns are counted in Unicode code points (`columnKind`), like mtqa's own; relative paths are
given against the `SRCROOT` base, which is the directory mtqa ran in. A finding inside a JSONL
record names the record as a logical location, because its line and column are within the record.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..model import ArticleResult, Examples, Issue, RuleSpec
from ..textio import portable_path
from .base import LEVELS, SLOT, Run, Spool, Tally, fill_slots, slot_pad, with_hint

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "mtqaFingerprint/v1"


def render(run: Run) -> str:
    rules = {r.code: r for r in run.rules}
    for r in run.results:  # a rule of a finding is always described, even if the caller gave no catalog
        for i in r.issues:
            rules.setdefault(i.code, _bare_rule(i))
    order = {code: n for n, code in enumerate(rules)}
    results = [_result(r, i, order[i.code]) for r in run.results for i in r.issues]
    return _render(run, rules, results, [_row(r) for r in run.results])


class Stream:
    """SARIF made as the results come: each finding and each article's row is kept aside in the log's
    layout (on disk past 1 MiB, see `Spool`) rather than as results, and the log is written at the end,
    when its rules and notifications are known. The bytes are those of `render`."""

    def __init__(self) -> None:
        self.rules: dict[str, RuleSpec] | None = None
        self.order: dict[str, int] = {}
        self.results, self.rows = Spool(), Spool()
        self.pads = ("", "")

    def article(self, run: Run, result: ArticleResult, text: str | None) -> str:
        if self.rules is None:
            self.rules = {r.code: r for r in run.rules}
            self.order = {code: n for n, code in enumerate(self.rules)}
            skeleton = _render(run, self.rules, [SLOT], [SLOT.upper()])
            self.pads = (slot_pad(skeleton), slot_pad(skeleton, SLOT.upper()))
        for i in result.issues:
            if i.code not in self.rules:
                self.rules[i.code] = _bare_rule(i)
                self.order[i.code] = len(self.order)
            self.results.add_json(_result(result, i, self.order[i.code]), self.pads[0])
        self.rows.add_json(_row(result), self.pads[1])
        return ""

    def closing(self, run: Run, tally: Tally) -> Iterator[str]:
        rules = self.rules if self.rules is not None else {r.code: r for r in run.rules}
        spools = [s for s in (self.results, self.rows) if s.count]
        slots = [[SLOT] if s.count else [] for s in (self.results, self.rows)]
        return fill_slots(_render(run, rules, *slots), spools)


def _row(r: ArticleResult) -> dict[str, Any]:
    return {"path": r.path, "id": r.id, "score": r.score, "passed": r.passed, "words": r.words}


def _render(run: Run, rules: dict[str, RuleSpec], results: list[Any], rows: list[Any]) -> str:
    notes = [
        {
            "level": "error",
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact(f.path),
                        **({"region": {"startLine": f.line}} if f.line is not None else {}),
                    }
                }
            ],
        }
        for f in run.failures
    ]
    sarif_run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "mtqa",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_descriptor(rule, run) for rule in rules.values()],
            }
        },
        "originalUriBaseIds": {"SRCROOT": {"uri": Path.cwd().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": not run.failures, "toolExecutionNotifications": notes}],
        "results": results,
        "properties": {"signature": run.signature, "articles": rows},
    }
    log = {"version": "2.1.0", "$schema": SCHEMA_URI, "runs": [sarif_run]}
    return json.dumps(log, ensure_ascii=False, indent=1) + "\n"


def _artifact(path: str) -> dict[str, str]:
    portable = portable_path(path)
    if Path(portable).is_absolute():  # outside the working directory
        return {"uri": Path(portable).as_uri()}
    return {"uri": quote(portable), "uriBaseId": "SRCROOT"}


def _help_uri(rule: RuleSpec, run: Run) -> str | None:
    if run.settings.docs_url:
        return run.settings.docs_url.format(code=rule.code, slug=rule.slug)
    return Path(rule.file).resolve().as_uri() if rule.file else None


def _descriptor(rule: RuleSpec, run: Run) -> dict[str, Any]:
    doc = rule.doc.strip() or rule.message
    examples = "\n".join(
        [*(f"Flagged: {e}" for e in rule.examples.fail), *(f"Not flagged: {e}" for e in rule.examples.passing)]
    )
    out: dict[str, Any] = {
        "id": rule.code,
        "name": rule.slug,
        "shortDescription": {"text": _summary(rule)},
        "fullDescription": {"text": doc},
        "help": {"text": f"{doc}\n\n{examples}".strip()},
        "defaultConfiguration": {"level": LEVELS[rule.severity], "enabled": rule.status == "stable"},
        "properties": {"category": rule.category, "severity": rule.severity, "status": rule.status},
    }
    uri = _help_uri(rule, run)
    if uri:
        out["helpUri"] = uri
    return out


def _summary(rule: RuleSpec) -> str:
    """The first line of the doc without its "What it does:" label, or the message if it has no fields."""
    first = rule.doc.strip().split("\n", 1)[0].removeprefix("What it does:").strip()
    text = first or (rule.message if "{" not in rule.message else rule.slug.replace("-", " "))
    return text[:1].upper() + text[1:]


def _bare_rule(i: Issue) -> RuleSpec:
    return RuleSpec(i.code, i.slug, "python", i.severity, i.category, i.slug, "", Examples((), ()), "")


def _result(r: ArticleResult, i: Issue, index: int) -> dict[str, Any]:
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": _artifact(r.path)}}
    message = with_hint(i)
    region = {"startLine": i.line, "startColumn": i.column, "endLine": i.end_line, "endColumn": i.end_column}
    if r.id is None and i.file_line is None:
        location["physicalLocation"]["region"] = {**region, "snippet": {"text": i.text}}
    else:  # a record or a unit: the lines it sits on in the file; the position inside its text in the message
        first, last = i.lines_in_file
        location["physicalLocation"]["region"] = {"startLine": first, "endLine": last}
        if r.id is not None:
            location["logicalLocations"] = [{"name": r.id, "kind": "object"}]
            message = f"{message} [record {r.id}, line {i.line}, column {i.column}]"
        else:
            message = f"{message} [line {i.line}, column {i.column} of the translated text]"
    out: dict[str, Any] = {
        "ruleId": i.code,
        "ruleIndex": index,
        "level": LEVELS[i.severity],
        "message": {"text": message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: i.fingerprint},
        "properties": {"severity": i.severity, "category": i.category, "origin": i.origin},
    }
    if i.suggestions:
        out["properties"]["suggestions"] = list(i.suggestions)  # advice, shown, never applied by a tool
    if i.fix == "safe" and i.file_line is None:  # a certain fix, in a file whose text is the article's
        fix = i.suggestions[0]
        out["fixes"] = [
            {
                "description": {"text": f"Replace with {fix!r}"},
                "artifactChanges": [
                    {
                        "artifactLocation": _artifact(r.path),
                        "replacements": [{"deletedRegion": region, "insertedContent": {"text": fix}}],
                    }
                ],
            }
        ]
    return out
