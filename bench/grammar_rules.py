"""Measure each grammar-engine rule on MQM annotations or a folder of span-annotated pages: flags,
precision and chance per upstream rule id.

Usage: python bench/grammar_rules.py [TSV | PAGES] [--grammar harper|languagetool] [--all]
The grammar layer runs with mtqa's own rules (so deduplication against them applies) and, with --all,
with no engine rule switched off, which is how the `upstream_off` lists in rules/grammar/ were chosen:
engine rules below 0.5 precision on the news dev set are off by default.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from toolkit import spans
from toolkit.config import Settings
from toolkit.engine import Linter
from toolkit.evaluation import Calibration, evaluate, segment_linter, worst_first
from toolkit.model import ArticleResult, Document, Issue
from toolkit.mqm import MqmSegment, read_marot

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("tsv", nargs="?", default=str(ROOT.parent / "shared/data/mqm/zhen_news2023_dev.tsv"))
    ap.add_argument("--grammar", default="harper")
    ap.add_argument("--all", action="store_true", help="keep every engine rule (ignore upstream_off)")
    args = ap.parse_args()
    settings = Settings(grammar=args.grammar, grammar_cache=True)
    linter = Linter.from_settings(settings)
    if args.all and linter.grammar:
        linter.grammar.dropped = frozenset()

    def upstream(issues: Sequence[Issue]) -> tuple[Issue, ...]:
        return tuple(replace(i, code=f"{i.code}:{i.upstream_id}") if i.upstream_id else i for i in issues)

    if spans.is_span_corpus(args.tsv):
        pages, problems = spans.read_corpus(args.tsv)
        for problem in problems:
            print(f"warning: {problem}", file=sys.stderr)

        def lint_page(doc: Document) -> ArticleResult:
            result = linter.lint(doc)
            return replace(result, issues=upstream(result.issues))

        per_rule = spans.evaluate_pages(pages, lint_page).per_rule
    else:
        lint = segment_linter(linter, False, args.tsv)

        def by_upstream(seg: MqmSegment) -> list[Issue]:
            return list(upstream(lint(seg)))

        cal = Calibration(*settings.calibration)
        per_rule = evaluate(read_marot(args.tsv), by_upstream, settings.weight, cal, samples=1).per_rule
    print(f"{args.tsv} [{linter.signature}]")
    print("| engine rule | flags | precision | chance | lift |\n|---|---|---|---|---|")
    for code, p in worst_first(per_rule):
        if ":" in code:
            print(f"| {code} | {p.flags} | {p.precision:.2f} | {p.chance:.2f} | {p.lift:+.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
