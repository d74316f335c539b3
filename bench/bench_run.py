"""The run layer's figures for the README (issue 18), each a ratio measured side by side in one run.

- jobs: wall time of `mtqa lint --jobs 1` and `--jobs 2` on K copies of the news dev set as JSONL
  (grammar engine off), and whether the two JSON results are byte-identical;
- cache: wall time of a run with the grammar cache off, a cold run with it (an empty cache folder) and a
  warm re-run (Harper, the news dev set once);
- memory: peak RSS of `--format jsonl` at 1×, 10× and 100× the dev set and of `--format json` at 100×
  (both written as results come), grammar engine off;
- million (only with --million, or --records N for N records): a synthetic JSONL of a million short
  records, `--format jsonl -o`, grammar engine off, all cores: wall time and the peak RSS of the parent.

Usage: .venv/bin/python bench/bench_run.py [--copies 10] [--skip memory,cache,jobs] [--million | --records N]
Every run writes into a temporary folder of its own; nothing else is written.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "data" / "mqm" / "zhen_news2023_dev.tsv"
MTQA = [sys.executable, "-m", "toolkit.cli"]


def corpus(folder: Path, copies: int) -> Path:
    """The dev set's documents (one per system and document) as JSONL, `copies` times with distinct ids."""
    docs: dict[tuple[str, str], dict[str, str]] = {}
    with NEWS.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            docs.setdefault((r["system"], r["doc"]), {})[r["seg_id"]] = (
                r["target"].replace("<v>", "").replace("</v>", "")
            )
    path = folder / f"news{copies}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for k in range(copies):
            for (system, doc), segs in docs.items():
                text = "\n".join(segs[s] for s in sorted(segs, key=lambda s: int(s) if s.isdigit() else 0))
                out.write(json.dumps({"id": f"{k}/{system}/{doc}", "target": text}, ensure_ascii=False) + "\n")
    return path


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and the child's peak RSS in KiB (its own, measured by /usr/bin/time's wait4). The cache
    is an empty folder of its own unless `env` names one: no result comes from an earlier run."""
    with tempfile.TemporaryDirectory() as empty:
        t0 = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%M", *MTQA, *args],
            cwd=ROOT,
            env={**os.environ, "MTQA_CACHE_DIR": empty, **(env or {})},
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - t0
    if done.returncode not in (0, 1):
        sys.exit(f"mtqa {' '.join(args)}: exit {done.returncode}: {done.stderr[-500:]}")
    return wall, int(done.stderr.strip().splitlines()[-1])


def lint_off(fmt: str, out: Path, data: Path, jobs: str | None) -> tuple[float, int]:
    """`mtqa lint --grammar off` of `data` into `out` in `fmt` (see `run`); `jobs` None: one per core."""
    return run(
        [
            "lint",
            "--isolated",
            "--grammar",
            "off",
            "-q",
            *(["-j", jobs] if jobs else []),
            "--format",
            fmt,
            "-o",
            str(out),
            str(data),
        ]
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    # 10 copies: a run of about 10 s, where the fixed second of start-up (the interpreter, the rules, each
    # worker's spaCy) no longer hides the throughput the cores give
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--skip", default="")
    ap.add_argument("--million", action="store_true")
    ap.add_argument("--records", type=int, default=0, help="the short-records run with this many records")
    opts = ap.parse_args()
    skip = set(opts.skip.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if "jobs" not in skip:
            data = corpus(folder, opts.copies)
            one, _ = lint_off("json", folder / "j1.json", data, "1")
            two, _ = lint_off("json", folder / "j2.json", data, "2")
            same = (folder / "j1.json").read_bytes() == (folder / "j2.json").read_bytes()
            print(
                f"jobs ({opts.copies}x dev set, grammar off): --jobs 1 {one:.1f} s, --jobs 2 {two:.1f} s: "
                f"{one / two:.2f}x; results byte-identical: {same}"
            )
        if "cache" not in skip:
            data = corpus(folder, 1)
            base = ["lint", "--isolated", "-q", "-j", "1", "--format", "json", "-o", str(folder / "c.json"), str(data)]
            cache = {"MTQA_CACHE_DIR": str(folder / "cache")}
            nocache_cfg = folder / "nocache.toml"
            nocache_cfg.write_text("grammar-cache = false\n", encoding="utf-8")
            off, _ = run(["lint", "--config", str(nocache_cfg), *base[2:]], cache)
            cold, _ = run(base, cache)
            warm, _ = run(base, cache)
            print(
                f"cache (dev set once, Harper): no cache {off:.1f} s, cold {cold:.1f} s ({cold / off:.2f}x), "
                f"warm {warm:.1f} s ({cold / warm:.1f}x faster than cold)"
            )
        if opts.million or opts.records:
            short_records(folder, opts.records or 1_000_000)
        if "memory" not in skip:
            rss = {}
            for k, fmt in ((1, "jsonl"), (10, "jsonl"), (100, "jsonl"), (100, "json")):
                data = corpus(folder, k)
                _, rss[k, fmt] = lint_off(fmt, folder / f"m.{fmt}", data, "1")
            base = rss[1, "jsonl"]
            print(
                "memory (grammar off, -j 1): peak RSS "
                + ", ".join(f"{k}x {fmt} {v / 1024:.0f} MiB ({v / base:.2f}x)" for (k, fmt), v in rss.items())
            )


def short_records(folder: Path, count: int) -> None:
    sentences = [
        "The county held a meeting on rural revitalization on Monday.",
        "Officials visited 12 villages and 300 households in the mountains.",
        "The province supports rural electricity providers and smart cities.",
        "Farmers sold 600 tons of tea through online shops last year.",
    ]
    path = folder / "million.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for k in range(count):
            out.write(json.dumps({"id": f"m{k}", "target": sentences[k % 4]}) + "\n")
    wall, rss = lint_off("jsonl", folder / "million.out", path, None)
    lines = sum(1 for _ in (folder / "million.out").open(encoding="utf-8"))
    print(
        f"{count:,} short records (--format jsonl, grammar off, all cores): {wall:.1f} s, {lines:,} lines out, "
        f"peak RSS of the parent {rss / 1024:.0f} MiB"
    )


if __name__ == "__main__":
    main()
