"""Does mtqa's penalty add to segment length? Kendall tau of length, of mtqa's penalty, and of the two summed.

Usage: python bench/tau_length_prior.py [--with-source] [../shared/data/mqm/zhen_news2023_dev.tsv]
The prior is words × the file's mean MQM penalty per word, so the sum is an estimate of each segment's
MQM penalty from its length, corrected by mtqa's findings.
"""

from __future__ import annotations

import sys
from pathlib import Path

from toolkit.config import Settings
from toolkit.engine import Linter
from toolkit.evaluation import segment_linter
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
    penalty = [sum(settings.weight(i.severity) for i in lint(s)) for s in segments]
    rate = sum(gold) / sum(words)
    print(f"{path}{' (with source)' if with_source else ''}: mean MQM penalty {rate:.3f} per word")
    print(f"length            tau {kendall_tau_b(words, gold):.4f}")
    print(f"mtqa penalty      tau {kendall_tau_b(penalty, gold):.4f}")
    both = [rate * w + p for w, p in zip(words, penalty, strict=True)]
    print(f"length prior + mtqa tau {kendall_tau_b(both, gold):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
