"""Where mtqa's segment estimate gets its Kendall tau: length, mtqa's own flags, and the flag density of the
rest of the system's output, each alone and together.

Usage: python bench/tau_ablation.py [--with-source] [TSV]   (default: ../shared/data/mqm/zhen_news2023_dev.tsv)
The estimate is evaluation.Calibration: a segment's flag penalty + words × (unseen-rate + density-gain × the
flag penalty per word of the other segments of its system). The last line is for reference, not a
linter's figure: each segment's words × its system's true MQM penalty per word, read off the annotations.
"""

from __future__ import annotations

import sys
from pathlib import Path

from toolkit.config import Settings
from toolkit.engine import Linter
from toolkit.evaluation import Calibration, per_system_sums, segment_linter
from toolkit.mqm import kendall_tau_b, read_marot
from toolkit.segment import count_words

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    args = sys.argv[1:]
    with_source = "--with-source" in args
    args = [a for a in args if a != "--with-source"]
    path = args[0] if args else str(ROOT.parent / "shared/data/mqm/zhen_news2023_dev.tsv")
    segments = read_marot(path)
    settings = Settings()
    lint = segment_linter(Linter.from_settings(settings), with_source, path)
    words = [float(count_words(s.target)) for s in segments]
    gold = [s.mqm_penalty for s in segments]
    systems = [s.system for s in segments]
    flags = [sum(settings.weight(i.severity, i.category) for i in lint(s)) for s in segments]
    cal = Calibration(*settings.calibration)
    rate = sum(gold) / sum(words)
    totals = per_system_sums(systems, gold, words)
    variants = {
        "segment length": words,
        "mtqa flags": flags,
        "flags + words × mean MQM rate (no density)": Calibration(rate, 0.0).estimates(flags, words, systems),
        "words × density only (no own flags, no unseen rate)": [
            e - f
            for e, f in zip(Calibration(0.0, cal.density_gain).estimates(flags, words, systems), flags, strict=True)
        ],
        f"mtqa estimate (unseen-rate {cal.unseen_rate:g}, density-gain {cal.density_gain:g})": cal.estimates(
            flags, words, systems
        ),
        "reference: words × the system's true MQM rate": [
            w * totals[s][0] / totals[s][1] for w, s in zip(words, systems, strict=True)
        ],
    }
    print(f"{path}{' (with source)' if with_source else ''}: {len(segments)} segments, {len(totals)} systems")
    for name, values in variants.items():
        print(f"  {name:<58} tau {kendall_tau_b(values, gold):+.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
