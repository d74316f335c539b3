"""Benchmark `mtqa lint`: start-up, seeds wall time, words per second and peak memory on the MQM dev set.

Usage: python bench/bench_lint.py [--mqm ../shared/data/mqm/zhen_news2023_dev.tsv]
Four columns: the grammar layer and the rules of the sentence layer off, the grammar layer off, the default
(Harper), and LanguageTool run by mtqa from the install of scripts/install-languagetool (left out where it is
not installed). The grammar cache is off in process
and empty for every command run, so the figures are cold. Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from toolkit.catalog import all_rules
from toolkit.config import Settings
from toolkit.engine import Linter
from toolkit.grammar import lt_local
from toolkit.model import Document
from toolkit.mqm import read_marot
from toolkit.segment import count_words

ROOT = Path(__file__).resolve().parent.parent
# The rules that read the sentence layer: ignoring them leaves spaCy unloaded.
SENTENCE_LAYER = [c for c, r in all_rules().items() if str(r.options.get("analyzer", "")).startswith("sentences:")]


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _run(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one mtqa command in a fresh process."""
    wall, _, peak = _measured(args)
    return wall, peak


def _measured(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user and system) and peak RSS (MiB) of one mtqa command in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as cache:  # an empty grammar cache: nothing is served from earlier runs
        env = {**os.environ, "MTQA_CACHE_DIR": cache}
        subprocess.run(
            [sys.executable, "-m", "toolkit.cli", *args], cwd=ROOT, env=env, capture_output=True, check=False
        )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, max(after.ru_maxrss, before.ru_maxrss) / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mqm", default=str(ROOT.parent / "shared/data/mqm/zhen_news2023_dev.tsv"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    segments = read_marot(args.mqm)
    targets = list(dict.fromkeys(s.target for s in segments))
    words = sum(count_words(t) for t in targets)
    sentence_rules = ",".join(sorted(SENTENCE_LAYER))
    modes = {  # the lightest first: peak RSS only grows
        "grammar off, sentence layer off": ["--grammar", "off", "--ignore", sentence_rules],
        "grammar off": ["--grammar", "off"],
        "default (Harper)": [],
    }
    if lt_local.install_dir() and lt_local.java():
        modes["LanguageTool 6.6 (local)"] = ["--grammar", "languagetool"]
    seed = str(next((ROOT / "seeds").glob("002_*.txt")))
    figures: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "dev.jsonl"
        jsonl.write_text("".join(json.dumps({"id": str(i), "target": t}) + "\n" for i, t in enumerate(targets)))
        startup = min(_run(["--version"])[0] for _ in range(args.repeat))
        for mode, flags in modes.items():
            t0 = time.perf_counter()
            grammar = flags[1] if flags else "auto"
            ignore = tuple(SENTENCE_LAYER) if "--ignore" in flags else ()
            linter = Linter.from_settings(Settings(grammar=grammar, ignore=ignore, grammar_cache=False))
            linter.lint(Document(mt="Then he go home."))
            engine_start = time.perf_counter() - t0  # the engine loaded (a JVM started) and answered once
            for t in targets[:50]:
                linter.lint(Document(mt=t))  # warm caches
            best = min(_timed(lambda lt=linter: [lt.lint(Document(mt=t)) for t in targets]) for _ in range(args.repeat))
            jvm = _jvm_peak()
            lt_local.stop_all()
            seeds = min(_run(["lint", "--isolated", *flags, "seeds"])[0] for _ in range(args.repeat))
            article = min(_measured(["lint", "--isolated", *flags, seed])[1] for _ in range(args.repeat))
            dev_wall, dev_peak = _run(["lint", "--isolated", "-j", "1", *flags, "--format", "json", str(jsonl)])
            figures[mode] = [
                f"{seeds:.2f} s",
                f"{article:.2f} CPU-s",
                f"{words / best:,.0f} words/s",
                f"{dev_wall:.2f} s",
                f"{dev_peak:.0f} MiB",
                f"{engine_start:.2f} s",
                f"{jvm:.0f} MiB" if jvm else "–",
            ]
    print(f"Machine: {_cpu()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}")
    print(f"Start-up (`mtqa --version`): {startup:.2f} s\n")
    print("| measure | " + " | ".join(modes) + " |\n|---|" + "---|" * len(modes))
    what = f"in-process throughput, one core ({len(targets)} dev segments, {words} words)"
    rows = [
        "`mtqa lint seeds/` wall",
        "`mtqa lint` of one article (seed 002, 335 words), CPU time of the process",
        what,
        "`mtqa lint -j 1` on the dev set as JSONL, wall",
        "peak memory of that run (largest process)",
        "rules and engine loaded, first article checked (in process)",
        "LanguageTool server's peak memory (after the in-process run)",
    ]
    for k, row in enumerate(rows):
        print(f"| {row} | " + " | ".join(figures[m][k] for m in modes) + " |")
    return 0


def _jvm_peak() -> float:
    """Peak resident memory (MiB) of the LanguageTool server mtqa started in this process, if any."""
    for running in lt_local._SERVERS.values():
        if running.process is not None:
            for line in Path(f"/proc/{running.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    return 0.0


def _timed(fn: Callable[..., object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


if __name__ == "__main__":
    sys.exit(main())
