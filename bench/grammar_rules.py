"""Measure the grammar engines rule by rule on both genres, in one table: the README's engine table.

Usage: python bench/grammar_rules.py [--engines harper,languagetool]

For each engine (Harper in process; LanguageTool from scripts/install-languagetool, started by mtqa) and
each engine rule: flags, precision and chance on the MQM news and TED dev sets (a flag is right when it
overlaps a rater's span) and on the real pages of ../shared/data/realworld (right when it overlaps an
annotated span), with its false alarms on clean pages, and the verdict of the policy below. Then, per
engine, the grammar rules alone on the real pages, with every engine rule on and with the rules on by
default: span precision, recall by artifact type, and false alarms per 1,000 words of clean pages.

The per-rule table runs every engine rule (`upstream_off` ignored). The policy: a rule with 3 or
more false alarms on the clean pages (half the budget of 1 per 1,000 words there) is off; otherwise, over
the three corpora pooled, a rule with at least 3 flags stays on when its precision is at least 0.5 and
above chance and none of the corpora with 3 flags or more has it below chance, and is off otherwise. Rules
with fewer flags keep their default. A rule that passes the policy may still be off by choice, where what it
asks for is a house style and no translation's slip (a hyphen in "July 1-7"); its yml file says why. The
grammar layer runs with mtqa's own rules, so a finding that
one of them already reports is not counted for the engine.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from toolkit import spans
from toolkit.config import Settings
from toolkit.engine import Linter
from toolkit.evaluation import Calibration, Precision, evaluate, segment_linter
from toolkit.model import ArticleResult, Document, Issue
from toolkit.mqm import MqmSegment, read_marot

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
CORPORA = {
    "news": DATA / "mqm" / "zhen_news2023_dev.tsv",
    "TED": DATA / "mqm" / "zhen_ted2021.tsv",
    "pages": DATA / "realworld",
}
MIN_FLAGS = 3
TYPES = ("grammar", "spelling", "punctuation", "case", "word-salad", "fragment", "word-order", "calque")


def upstream(issues: Sequence[Issue]) -> tuple[Issue, ...]:
    return tuple(replace(i, code=f"{i.code}:{i.upstream_id}") for i in issues if i.upstream_id)


def measure(linter: Linter, corpus: str) -> tuple[dict[str, Precision], dict[str, int], spans.SpanEvaluation | None]:
    """Per engine rule precision, clean-page false alarms, and (pages) the span evaluation."""
    path = str(CORPORA[corpus])
    if corpus != "pages":
        lint = segment_linter(linter, False, path)

        def by_upstream(seg: MqmSegment) -> list[Issue]:
            return list(upstream(lint(seg)))

        cal = Calibration(*linter.settings.calibration)
        ev = evaluate(read_marot(path), by_upstream, linter.settings.weight, cal, samples=1)
        return {k: v for k, v in ev.per_rule.items() if ":" in k}, {}, None
    pages, _ = spans.read_corpus(path)

    def lint_page(doc: Document) -> ArticleResult:
        result = linter.lint(doc)
        return replace(result, issues=upstream(result.issues))

    ev_pages = spans.evaluate_pages(pages, lint_page)
    clean: dict[str, int] = defaultdict(int)
    for pr in ev_pages.pages:
        if pr.page.quality == "clean":
            for i in pr.result.issues:
                if not any(s.start < i.end and i.start < s.end for s in pr.page.spans):
                    clean[i.code] += 1
    return dict(ev_pages.per_rule), clean, ev_pages


def pooled(cells: Sequence[Precision]) -> Precision:
    p = Precision()
    for c in cells:
        p.flags, p.hits, p.expected = p.flags + c.flags, p.hits + c.hits, p.expected + c.expected
    return p


def verdict(cells: Sequence[Precision], clean_false_alarms: int, default_on: bool) -> str:
    p = pooled(cells)
    if clean_false_alarms >= MIN_FLAGS:
        return "**off** (clean pages)"
    if p.flags < MIN_FLAGS:  # the default stands: off only where it was seen wrong (see the rules' yml)
        return "on (few flags)" if default_on else "off (few flags)"
    below = [c for c in cells if c.flags >= MIN_FLAGS and c.lift < 0]
    if p.precision >= 0.5 and p.lift > 0 and not below:
        return "on" if default_on else "off (no translation's slip: see its rules/grammar file)"
    return "**off**"


def cell(p: Precision | None) -> str:
    return f"{p.flags} · {p.precision:.2f} ({p.chance:.2f})" if p and p.flags else "–"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engines", default="harper,languagetool")
    args = ap.parse_args()
    rows: list[str] = []
    summaries: list[str] = []
    for engine in args.engines.split(","):
        linter = Linter.from_settings(Settings(grammar=engine, grammar_cache=True))
        if linter.grammar is None or linter.grammar.engine.name != engine:
            print(f"grammar_rules: {engine} is not available here ({linter.grammar_note})", file=sys.stderr)
            return 2
        default_off = linter.grammar.dropped
        linter.grammar.dropped = frozenset()
        label = linter.grammar.label
        per: dict[str, dict[str, Precision]] = {}
        clean: dict[str, int] = {}
        for corpus in CORPORA:
            per[corpus], extra, _ = measure(linter, corpus)
            clean.update(extra)
        codes = sorted({code for table in per.values() for code in table})
        for code in codes:
            cells = [per[c].get(code, Precision()) for c in CORPORA]
            line = " | ".join(cell(per[c].get(code)) for c in CORPORA)
            judged = verdict(cells, clean.get(code, 0), code.split(":", 1)[1] not in default_off)
            rows.append(f"| {engine} | {code} | {line} | {clean.get(code, 0)} | {judged} |")
        only = Linter.from_settings(replace(linter.settings, select=("GR",)))
        assert only.grammar is not None
        for rules, dropped in (("every engine rule on", frozenset[str]()), ("rules on by default", default_off)):
            only.grammar.dropped = dropped
            _, _, ev = measure(only, "pages")
            assert ev is not None
            found, total = ev.found()
            recall = ", ".join(f"{t} {ev.by_type.get(t, (0, 0))[0]}/{ev.by_type.get(t, (0, 0))[1]}" for t in TYPES)
            summaries.append(
                f"| {label} | {rules} | {ev.translation.flags} | "
                f"{ev.translation.precision:.3f} ({ev.translation.chance:.3f}) | {found}/{total} | {recall} | "
                f"{ev.false_alarms_per_1000_words:.2f} |"
            )
    print("Engine rules, every one on; each cell: flags · precision (chance)\n")
    print("| engine | mtqa code:engine rule | news | TED | real pages | clean-page false alarms | verdict |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print("\nThe grammar rules alone on the real pages:\n")
    print(
        "| engine | engine rules | findings | precision (chance) | spans found | found by type "
        "| clean false alarms / 1000 words |"
    )
    print("|---|---|---|---|---|---|---|")
    print("\n".join(summaries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
