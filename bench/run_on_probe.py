"""How MT604 (run-on sentence) parts the classes of pages, at its bars and at others: the figures behind its
rule file and the README.

Usage: python bench/run_on_probe.py [--pages ../shared/data/realworld] [--mqm ../shared/data/mqm/zhen_news2023_dev.tsv]
       [--mqm ../shared/data/mqm/zhen_ted2021.tsv] [--labelled DIR [DIR ...]]

For every sentence of 50 words or more it counts the commas that open a clause or a verb phrase, as MT604
does (`sentences.run_on_commas`), and for each bar (words, commas) reports:
- on span-annotated pages (`--pages`): the pages of each class holding such a sentence, and how many of the
  sentences overlap an editor's span;
- on folders of labelled pages without spans (`--labelled`, an index.tsv with the columns file and quality
  or label: the check sets sessions gather from other sites): the pages of each class holding one;
- on MQM files: the segments flagged, those overlapping a rater's span and those every rater found without
  error, with the chance that a segment of 50 words or more holds an error span.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from toolkit.analyzers.sentences import MAX_PARSED, run_on_commas
from toolkit.mqm import overlaps, read_marot
from toolkit.segment import count_words, segment
from toolkit.spans import read_corpus
from toolkit.syntax import tag
from toolkit.textio import decode

ROOT = Path(__file__).resolve().parent.parent
MIN_WORDS = 50
BARS = ((50, 3), (50, 4), (60, 3), (60, 4), (60, 5), (70, 4))
CLASSES = ("garbled", "rough", "clean")


@dataclass(frozen=True)
class Long:
    """A sentence of MIN_WORDS words or more: where it stands, its words and its clause commas (none for one
    series closed with "and", as MT604 counts them)."""

    start: int
    end: int
    words: int
    commas: int


def long_sentences(text: str) -> list[Long]:
    segs = [
        s for s in segment(text) if s.kind == "body" and len(s.text) <= MAX_PARSED and count_words(s.text) >= MIN_WORDS
    ]
    return [
        Long(seg.start, seg.end, count_words(seg.text), run_on_commas(doc))
        for seg, doc in zip(segs, tag([s.text for s in segs]) if segs else [], strict=True)
    ]


def flagged(sentences: list[Long], words: int, commas: int) -> list[Long]:
    return [s for s in sentences if s.words >= words and s.commas >= commas]


def labelled_pages(folder: Path) -> list[tuple[str, str]]:
    """(quality, text) of each page of a folder with an index.tsv."""
    with (folder / "index.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    out = []
    for row in rows:
        quality = (row.get("quality") or row.get("label") or "").strip()
        if quality in CLASSES:
            out.append((quality, decode((folder / row["file"]).read_bytes())[0]))
    return out


def report_pages(name: str, pages: list[tuple[str, list[Long]]]) -> None:
    total = Counter(q for q, _ in pages)
    print(f"\n{name}: pages holding a run-on sentence, of " + ", ".join(f"{total[c]} {c}" for c in CLASSES))
    for words, commas in BARS:
        hit = Counter(q for q, sents in pages if flagged(sents, words, commas))
        shares = "  ".join(f"{c} {hit[c]:4d} ({hit[c] / max(total[c], 1):.3f})" for c in CLASSES)
        print(f"  {words} words, {commas} commas: {shares}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", default=str(ROOT.parent / "shared/data/realworld"))
    ap.add_argument("--mqm", action="append")
    ap.add_argument("--labelled", nargs="+", action="extend", default=[], help="folders of labelled pages, no spans")
    args = ap.parse_args()
    mqm = args.mqm or [
        str(ROOT.parent / "shared/data/mqm/zhen_news2023_dev.tsv"),
        str(ROOT.parent / "shared/data/mqm/zhen_ted2021.tsv"),
    ]

    real, _ = read_corpus(args.pages)
    annotated = [(p, long_sentences(p.text)) for p in real]
    report_pages(args.pages, [(p.quality, s) for p, s in annotated])
    for words, commas in BARS:
        found = [(p, s) for p, sents in annotated for s in flagged(sents, words, commas)]
        inside = sum(overlaps(s.start, s.end, p.spans) for p, s in found)
        print(f"  {words} words, {commas} commas: {len(found)} sentences, {inside} inside an editor's span")

    if args.labelled:
        pages = [(q, long_sentences(t)) for d in args.labelled for q, t in labelled_pages(Path(d))]
        report_pages(f"{len(args.labelled)} folder(s) of labelled pages", pages)

    for path in mqm:
        segments: dict[str, list] = {}
        for s in read_marot(path):
            segments.setdefault(s.target, []).append(s)
        rows = [(text, segs, long_sentences(text)) for text, segs in segments.items()]
        long_ones = [r for r in rows if any(s.words >= MIN_WORDS for s in r[2])]
        chance = sum(any(s.spans for s in segs) for _, segs, _ in long_ones) / max(len(long_ones), 1)
        print(f"\n{path}: {len(rows)} segments, {len(long_ones)} of {MIN_WORDS}+ words (error chance {chance:.2f})")
        for words, commas in BARS:
            hits = [(segs, s) for _, segs, sents in rows for s in flagged(sents, words, commas)]
            inside = sum(any(overlaps(s.start, s.end, g.spans) for g in segs) for segs, s in hits)
            clean = sum(all(g.clean for g in segs) for segs, _ in hits)
            print(f"  {words} words, {commas} commas: {len(hits)} flags, {inside} on a rater's span, {clean} No-error")


if __name__ == "__main__":
    main()
