"""Measure mtqa's flags against expert MQM spans: precision against chance, recall, correlations.

Usage: python bench/mqm_dev.py ../shared/data/mqm/zhen_news2023_dev.tsv [--select MT] [--preview] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from toolkit.config import Settings, merge
from toolkit.engine import Linter
from toolkit.model import Document
from toolkit.mqm import RuleStats, evaluate, read_marot


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("tsv")
    ap.add_argument("--select", default="", help="comma-separated code prefixes")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    settings = merge(Settings(), select=[s for s in args.select.split(",") if s] or None)
    linter = Linter.from_settings(settings)
    t0 = time.perf_counter()
    segments = read_marot(args.tsv)
    report = evaluate(segments, lambda text: list(linter.lint(Document(mt=text)).issues))
    elapsed = time.perf_counter() - t0
    if args.json:
        report["per_rule"] = {k: vars(v) for k, v in report["per_rule"].items()}  # type: ignore[union-attr]
        print(json.dumps(report, indent=1))
        return 0
    r = report
    print(f"{args.tsv}: {r['segments']} segments, {r['flags']} flags, {elapsed:.1f} s  [{linter.signature}]")
    print(f"span precision {r['precision']:.3f} (chance {r['chance']:.3f}, lift {r['precision'] - r['chance']:+.3f})")
    print(f"major precision {r['major_precision']:.3f} (chance {r['major_chance']:.3f})")
    print(f"mean flag {r['mean_flag_chars']:.1f} chars in segments of {r['mean_flagged_segment_chars']:.1f} chars")
    print(f"recall {r['recall']:.4f}, major recall {r['major_recall']:.4f}")
    print(f"false alarms {r['false_alarms_per_1000_words']:.2f} per 1000 words on {r['clean_words']} clean words")
    print(f"segment Kendall tau-b {r['segment_tau']:.3f} (length {r['length_tau']:.3f})")
    print(
        f"system Pearson {r['system_pearson']:.3f}, Spearman {r['system_spearman']:.3f} "
        f"(length {r['length_system_pearson']:.3f}, {r['length_system_spearman']:.3f})"
    )
    print("\nrule    flags  precision  chance   lift")
    per_rule: dict[str, RuleStats] = r["per_rule"]  # type: ignore[assignment]
    for code, st in sorted(per_rule.items(), key=lambda kv: kv[1].precision - kv[1].chance_precision):
        lift = st.precision - st.chance_precision
        print(f"{code}  {st.flags:6d}  {st.precision:9.3f}  {st.chance_precision:6.3f}  {lift:+.3f}")
    print("\nrecall by category (found/total)")
    for cat, (found, total) in r["recall_by_category"].items():  # type: ignore[union-attr]
        print(f"  {cat:<40} {found:5d}/{total:<5d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
