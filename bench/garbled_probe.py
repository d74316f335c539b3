"""What would separate garbled pages from rough ones: three measurements behind the README's "Real pages".

Usage: python bench/garbled_probe.py [--pages ../shared/data/realworld] [--mqm ../shared/data/mqm/zhen_news2023_dev.tsv]
       [--ted ../shared/data/mqm/zhen_ted2021.tsv]

1. Ceilings: the page AUC garbled vs rough if mtqa also found, at a given weight, every annotated span of
   one type it misses now (and, for word salad, if its findings on word salad were major).
2. A word-salad sentence detector from the sentence layer: a logistic model over nine features of a
   sentence (its length, the other rules' findings in it, finite and bare verbs per word, the tagger's
   low-confidence tags, commas, unattached words), trained leaving one site out at a time; how many
   sentences of rough pages and of the MQM news set it flags at the bars that find 20–60% of the word salad.
3. MT905 (a page with different signs of unedited machine translation) and how much rests on its list: the
   pages it marks per class and the page AUCs with one kind of sign taken out at a time, with ARTIFACTS.md's
   six kinds alone, with one or three kinds needed, and with the finding worth two or three major errors; and
   the MQM dev sets joined into whole documents (each system's segments of one document, in order), since a
   segment alone is no page: how many documents MT905 marks, of the MT systems and of the human references.
"""

from __future__ import annotations

import argparse
import csv
import math
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from toolkit.analyzers.aggregate import unedited_signs
from toolkit.catalog import all_rules
from toolkit.config import Settings
from toolkit.engine import Linter, quality_score
from toolkit.model import BOILERPLATE_CATEGORY, Document
from toolkit.mqm import overlaps, read_marot
from toolkit.segment import count_words, segment
from toolkit.spans import auc, evaluate_pages, read_corpus
from toolkit.syntax import FINITE_TAGS, nlp

ROOT = Path(__file__).resolve().parent.parent


def ceilings(pages: list, settings: Settings) -> None:
    major = settings.weight("major")

    def g_vs_r(extra: dict[str, float], salad_major: bool = False) -> float:
        scores: dict[str, list[float]] = defaultdict(list)
        for p in pages:
            page, issues = p.page, [i for i in p.result.issues if i.category != BOILERPLATE_CATEGORY]
            salad = [s for s in page.spans if s.type == "word-salad"]
            penalty = sum(
                major if salad_major and overlaps(i.start, i.end, salad) else settings.weight(i.severity, i.category)
                for i in issues
            )
            penalty += sum(
                extra[s.type] for s in page.spans if s.type in extra and not overlaps(s.start, s.end, p.result.issues)
            )
            scores[page.quality].append(quality_score(settings, penalty, p.result.words))
        return auc(scores["garbled"], scores["rough"])

    print(f"garbled vs rough now: {g_vs_r({}):.3f}")
    print(f"  word-salad findings made major: {g_vs_r({}, salad_major=True):.3f}")
    for kind in ("word-salad", "idiom", "calque", "grammar", "word-order", "fragment", "place-literal"):
        as_minor, as_major = g_vs_r({kind: settings.weight("minor")}), g_vs_r({kind: major})
        print(f"  every missed {kind} span found: as minor {as_minor:.3f}, as major {as_major:.3f}")


def unedited(pages: list, settings: Settings) -> None:
    rule = all_rules()["MT905"]
    signs, need = tuple(rule.options["signs"]), int(rule.options["min_rules"])
    weight = settings.weight(rule.severity, rule.category)
    starts = {p.page.file: [s.start for s in segment(p.page.text)] for p in pages}

    def measure(name: str, kinds: tuple[str, ...], need: int = need, worth: float = weight) -> None:
        scores: dict[str, list[float]] = defaultdict(list)
        marked: Counter[str] = Counter()
        for p in pages:
            issues = [i for i in p.result.issues if i.category != BOILERPLATE_CATEGORY and i.code != rule.code]
            found = unedited_signs(p.result.issues, frozenset(kinds), starts[p.page.file])
            hit = len({code for *_, code in found}) >= need
            marked[p.page.quality] += hit
            penalty = sum(settings.weight(i.severity, i.category) for i in issues) + (worth if hit else 0)
            scores[p.page.quality].append(quality_score(settings, penalty, p.result.words))
        pairs = (("garbled", "clean"), ("garbled", "rough"), ("rough", "clean"))
        aucs = " ".join(f"{a[0]}/{b[0]} {auc(scores[a], scores[b]):.3f}" for a, b in pairs)
        classes = ", ".join(f"{marked[q]:2} {q}" for q in ("garbled", "rough", "clean"))
        print(f"  {name:34} marks {classes}; {aucs}")

    print(f"MT905 ({need} kinds of {len(signs)}, worth {weight:g}), page AUCs:")
    measure("no MT905", signs, need=len(signs) + 1)
    measure("MT905 as it is", signs)
    measure("one kind enough", signs, need=1)
    measure("three kinds needed", signs, need=3)
    measure("worth two major errors", signs, worth=2 * weight)
    measure("worth three major errors", signs, worth=3 * weight)
    measure("ARTIFACTS.md's six kinds alone", ("MT501", "MT507", "MT401", "MT404", "MT603", "MT303"))
    for code in signs:
        measure(f"without {code}", tuple(c for c in signs if c != code))


def unedited_documents(paths: list[str], settings: Settings) -> None:
    lint = Linter.from_settings(settings).lint
    for path in paths:
        docs: dict[tuple[str, str], list] = defaultdict(list)
        for seg in read_marot(path):
            docs[(seg.system, seg.doc)].append(seg)
        marked: Counter[str] = Counter()
        total: Counter[str] = Counter()
        for (system, doc), segs in docs.items():
            text = "\n\n".join(s.target for s in sorted(segs, key=lambda s: int(s.seg_id)))
            kind = "human" if system.lower().startswith("ref") else "MT"
            total[kind] += 1
            marked[kind] += any(i.code == "MT905" for i in lint(Document(mt=text, path=f"{system}/{doc}")).issues)
        print(
            f"  {Path(path).name}: MT905 marks {marked['MT']} of {total['MT']} MT documents, "
            f"{marked['human']} of {total['human']} human references"
        )


def _features(doc, conf: np.ndarray, findings: list[str]) -> list[float]:
    n = len(doc)
    tags = [t.tag_ for t in doc]
    bare = sum(
        1
        for t in doc
        if t.tag_ == "VB"
        and t.i > 0
        and tags[t.i - 1] not in ("TO", "MD")
        and not any(c.dep_ in ("aux", "auxpass") for c in t.children)
    )
    finite = sum(tag in FINITE_TAGS for tag in tags)
    return [
        math.log(n), len(set(findings)), min(len(findings), 6), finite / n, 10 * bare / n,
        10 * float((conf < 0.9).sum()) / n, 10 * sum(t.text == "," for t in doc) / n,
        10 * sum(t.dep_ == "dep" for t in doc) / n, float(finite == 0),
    ]  # fmt: skip


def _analyse(text: str) -> tuple[object, np.ndarray]:
    pipeline = nlp()
    doc = pipeline(text)
    scores = pipeline.get_pipe("tagger").model.predict([doc])[0]  # type: ignore[attr-defined]
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return doc, (e / e.sum(axis=1, keepdims=True)).max(axis=1)


def _fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 3000) -> tuple[np.ndarray, float]:
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        w -= 0.1 * (x.T @ (p - y) / len(y) + l2 * w / len(y))
        b -= 0.1 * float((p - y).mean())
    return w, b


def salad_detector(pages: list, sites: dict[str, str], mqm: str) -> None:
    rows, labels, groups, kinds = [], [], [], []
    for p in pages:
        for seg in segment(p.page.text):
            if seg.kind != "body" or count_words(seg.text) < 4:
                continue
            doc, conf = _analyse(seg.text)
            found = [i.code for i in p.result.issues if overlaps(i.start, i.end, [seg])]
            rows.append(_features(doc, conf, found))
            labels.append(any(s.type == "word-salad" and overlaps(s.start, s.end, [seg]) for s in p.page.spans))
            groups.append(sites.get(p.page.file, p.page.file))
            kinds.append(p.page.quality)
    for target in dict.fromkeys(s.target for s in read_marot(mqm)):
        doc, conf = _analyse(target)
        rows.append(_features(doc, conf, []))
        labels.append(False)
        groups.append("news")
        kinds.append("news")
    x, y, g = np.array(rows), np.array(labels, float), np.array(groups)
    x = (x - x.mean(0)) / (x.std(0) + 1e-9)
    predicted = np.zeros(len(y))
    for site in set(groups):
        held = g == site
        w, b = _fit(x[~held], y[~held])
        predicted[held] = x[held] @ w + b
    salad = predicted[y == 1]
    print(f"word-salad sentences: {int(y.sum())}; other sentences: {int((1 - y).sum())} (news segments among them)")
    for share in (0.2, 0.4, 0.6):
        bar = np.quantile(salad, 1 - share)
        flagged = Counter(k for k, p, t in zip(kinds, predicted, y, strict=True) if p >= bar and not t)
        also = ", ".join(f"{n} {k}" for k, n in flagged.items())
        print(f"  finding {share:.0%} of the word salad also flags: {also}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", default=str(ROOT.parent / "shared/data/realworld"))
    ap.add_argument("--mqm", default=str(ROOT.parent / "shared/data/mqm/zhen_news2023_dev.tsv"))
    ap.add_argument("--ted", default=str(ROOT.parent / "shared/data/mqm/zhen_ted2021.tsv"))
    args = ap.parse_args()
    settings = Settings()
    pages, _ = read_corpus(args.pages)
    evaluated = evaluate_pages(pages, Linter.from_settings(settings).lint).pages
    with open(Path(args.pages) / "index.tsv", encoding="utf-8") as f:
        sites = {r["file"]: r.get("site", "").split(" ")[0] for r in csv.DictReader(f, delimiter="\t")}
    ceilings(evaluated, settings)
    unedited(evaluated, settings)
    unedited_documents([args.mqm, args.ted], settings)
    salad_detector(evaluated, sites, args.mqm)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
