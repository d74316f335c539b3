"""Print the README's rule table: each rule's dev-set flags, precision and chance, and its flags on the seeds.

Usage: python bench/rules_table.py [--mqm ../shared/data/mqm/zhen_news2023_dev.tsv]
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
from toolkit.textio import read_documents

ROOT = Path(__file__).resolve().parent.parent


def _per_rule(settings: Settings, segments: list[MqmSegment], path: str, source: bool) -> dict[str, Precision]:
    linter = Linter.from_settings(settings)
    return evaluate(
        segments, segment_linter(linter, source, path), settings.weight, Calibration(*settings.calibration)
    ).per_rule


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mqm", default=str(ROOT.parent / "shared/data/mqm/zhen_news2023_dev.tsv"))
    args = ap.parse_args()
    segments = read_marot(args.mqm)
    rules = all_rules()
    stats = _per_rule(Settings(ignore=("BI",)), segments, args.mqm, False)
    stats.update(_per_rule(Settings(select=("BI",)), segments, args.mqm, True))
    for code, rule in rules.items():
        if rule.status == "preview":
            stats.update(_per_rule(Settings(select=(code,)), segments, args.mqm, code.startswith("BI")))
    linter = Linter.from_settings(Settings())
    seeds: Counter[str] = Counter()
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for doc in read_documents(str(path)):
            if isinstance(doc, Document):
                seeds.update(i.code for i in linter.lint(doc).issues)
    print("| code | slug | severity | status | MQM category | dev flags | dev precision (chance) | seed flags |")
    print("|---|---|---|---|---|---|---|---|")
    for code, r in rules.items():
        st = stats.get(code, Precision())
        dev = f"{st.precision:.2f} ({st.chance:.2f})" if st.flags else "–"
        print(f"| {code} | {r.slug} | {r.severity} | {r.status} | {r.category} | {st.flags} | {dev} | {seeds[code]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
