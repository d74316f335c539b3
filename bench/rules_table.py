"""Print the README's rule table: each rule's flags, precision and chance on the MQM news dev set and on the
span-annotated real pages, and its flags on the seeds.

Usage: python bench/rules_table.py [--mqm ../shared/data/mqm/zhen_news2023_dev.tsv] [--pages ../shared/data/realworld]
Default rules are measured together; each preview rule is measured alone (selected by its code). Source-aware
rules (BI) are measured with each segment's Chinese source, the others without it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from toolkit.catalog import all_rules
from toolkit.config import Settings
from toolkit.engine import Linter
from toolkit.evaluation import Calibration, Precision, evaluate, segment_linter
from toolkit.model import Document
from toolkit.mqm import MqmSegment, read_marot
from toolkit.spans import Page, evaluate_pages, read_corpus
from toolkit.textio import read_documents

ROOT = Path(__file__).resolve().parent.parent


def _per_rule(settings: Settings, segments: list[MqmSegment], path: str, source: bool) -> dict[str, Precision]:
    linter = Linter.from_settings(settings)
    return evaluate(
        segments, segment_linter(linter, source, path), settings.weight, Calibration(*settings.calibration)
    ).per_rule


def _per_rule_pages(settings: Settings, pages: list[Page]) -> dict[str, Precision]:
    return evaluate_pages(pages, Linter.from_settings(settings).lint).per_rule


def _cell(st: Precision) -> str:
    return f"{st.precision:.2f} ({st.chance:.2f})" if st.flags else "–"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mqm", default=str(ROOT.parent / "shared/data/mqm/zhen_news2023_dev.tsv"))
    ap.add_argument("--pages", default=str(ROOT.parent / "shared/data/realworld"))
    args = ap.parse_args()
    pages, _ = read_corpus(args.pages)
    real = _per_rule_pages(Settings(), pages)
    segments = read_marot(args.mqm)
    rules = all_rules()
    stats = _per_rule(Settings(ignore=("BI",)), segments, args.mqm, False)
    stats.update(_per_rule(Settings(select=("BI",)), segments, args.mqm, True))
    for code, rule in rules.items():
        if rule.status == "preview":
            stats.update(_per_rule(Settings(select=(code,)), segments, args.mqm, code.startswith("BI")))
            if not code.startswith("BI"):  # the real pages have no source
                real.update(_per_rule_pages(Settings(select=(code,)), pages))
    linter = Linter.from_settings(Settings())
    seeds: Counter[str] = Counter()
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for doc in read_documents(str(path)):
            if isinstance(doc, Document):
                seeds.update(i.code for i in linter.lint(doc).issues)
    print(
        "| code | slug | severity | status | MQM category | dev flags | dev precision (chance) "
        "| page flags | page precision (chance) | seed flags |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for code, r in rules.items():
        st, pg = stats.get(code, Precision()), real.get(code, Precision())
        print(
            f"| {code} | {r.slug} | {r.severity} | {r.status} | {r.category} | {st.flags} | {_cell(st)} "
            f"| {pg.flags} | {_cell(pg)} | {seeds[code]} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
