"""Span-annotated pages (a folder with `index.tsv` and `annotations.tsv`) and mtqa measured against them.

The format, as newsroom editors write it (see the README, "Annotating your own pages"):
- `index.tsv`: `file`, `quality` (`garbled` | `rough` | `clean`) and optionally `words`, `url`, `site`, `why`;
- `annotations.tsv`: `file`, `occurrence`, `quote`, `type`, `severity`, `note`: the span is the
  `occurrence`-th occurrence of the exact `quote` in the page; a row of type `none` marks a page with
  nothing to mark. Fields are tab-separated; a field quoted as Excel writes it (`"a ""b"" c"`) is read as
  such, any other `"` is part of the text (see `tsv`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import tsv
from .evaluation import Precision, Verdict, chars_at, coverage, rule_rows, worst_first
from .model import BOILERPLATE_CATEGORY, ArticleResult, Document, Issue
from .mqm import overlaps, positions
from .textio import decode

QUALITIES = ("garbled", "rough", "clean")
# The page separations that matter, worse class first: the AUC is P(worse page scores lower).
PAIRS = (("garbled", "clean"), ("garbled", "rough"), ("rough", "clean"))


class SpanCorpusError(Exception):
    """A span corpus that cannot be read at all; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    type: str
    severity: str  # major | minor

    @property
    def major(self) -> bool:
        return self.severity in ("major", "critical")


@dataclass(slots=True)
class Page:
    file: str
    path: str
    text: str
    quality: str
    spans: list[Span] = field(default_factory=list)


def is_span_corpus(path: str) -> bool:
    p = Path(path)
    return p.is_dir() and (p / "index.tsv").is_file() and (p / "annotations.tsv").is_file()


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The rows after the header, each with its file line, by the header's names."""
    try:
        text, _ = decode(path.read_bytes())
    except OSError as exc:
        raise SpanCorpusError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    rows = [(n, r) for n, r in tsv.rows(text) if any(c.strip() for c in r)]
    if not rows:
        raise SpanCorpusError(f"{path}: empty")
    head = [h.strip().lower() for h in rows[0][1]]
    return [(n, dict(zip(head, r, strict=False))) for n, r in rows[1:]]


def read_corpus(folder: str) -> tuple[list[Page], list[str]]:
    """The pages with their spans, and one line per annotation row that could not be placed."""
    root = Path(folder)
    problems: list[str] = []
    pages: dict[str, Page] = {}
    index = _rows(root / "index.tsv")
    if index and not {"file", "quality"} <= index[0][1].keys():
        raise SpanCorpusError(f"{root / 'index.tsv'}: needs the columns file and quality")
    for n, row in index:
        name, quality = row.get("file", "").strip(), row.get("quality", "").strip()
        if quality not in QUALITIES:
            problems.append(f"{root / 'index.tsv'}:{n}: quality {quality!r} is not one of {', '.join(QUALITIES)}")
            continue
        try:
            text, _ = decode((root / name).read_bytes())
        except OSError as exc:
            problems.append(f"{root / 'index.tsv'}:{n}: {name}: cannot read: {exc.strerror or exc}")
            continue
        pages[name] = Page(name, str(root / name), text, quality)
    notes = _rows(root / "annotations.tsv")
    if notes and not {"file", "occurrence", "quote", "type", "severity"} <= notes[0][1].keys():
        raise SpanCorpusError(f"{root / 'annotations.tsv'}: needs file, occurrence, quote, type and severity")
    for n, row in notes:
        where = f"{root / 'annotations.tsv'}:{n}"
        page = pages.get(row.get("file", ""))
        kind = row.get("type", "").strip()
        if kind == "none":
            continue
        if page is None:
            problems.append(f"{where}: {row.get('file')!r} is not a page of index.tsv")
            continue
        quote = row.get("quote", "")
        try:
            occurrence = int(row.get("occurrence", ""))
        except ValueError:
            problems.append(f"{where}: occurrence {row.get('occurrence')!r} is not a number")
            continue
        start = -1
        for _ in range(max(occurrence, 1)):
            start = page.text.find(quote, start + 1)
            if start < 0:
                break
        if not quote or start < 0:
            problems.append(f"{where}: quote not found ({occurrence}× {quote[:40]!r})")
            continue
        page.spans.append(Span(start, start + len(quote), kind, row.get("severity", "").strip().lower()))
    return list(pages.values()), problems


def auc(worse: Sequence[float], better: Sequence[float]) -> float:
    """P(a worse page scores below a better one), ties counted half (the Mann-Whitney AUC)."""
    if not worse or not better:
        return float("nan")
    wins = sum((w < b) + 0.5 * (w == b) for w in worse for b in better)
    return wins / (len(worse) * len(better))


@dataclass
class PageResult:
    page: Page
    result: ArticleResult


@dataclass
class SpanEvaluation:
    pages: list[PageResult]
    translation: Precision  # findings outside page furniture
    boilerplate: Precision  # findings reported as page furniture
    per_rule: dict[str, Precision]
    by_type: dict[str, tuple[int, int]]  # type -> (found, total)
    by_severity: dict[str, tuple[int, int]]
    clean_false_alarms: int  # findings on clean pages that overlap no annotated span
    clean_words: int

    def found(self) -> tuple[int, int]:
        """Annotated spans found, and all annotated spans."""
        return sum(f for f, _ in self.by_type.values()), sum(t for _, t in self.by_type.values())

    def scores(self, quality: str) -> list[float]:
        return [p.result.score for p in self.pages if p.page.quality == quality]

    def pass_rate(self, quality: str) -> float:
        rs = [p.result.passed for p in self.pages if p.page.quality == quality]
        return sum(rs) / len(rs) if rs else float("nan")

    @property
    def false_alarms_per_1000_words(self) -> float:
        return 1000 * self.clean_false_alarms / self.clean_words if self.clean_words else 0.0


def _chance(length: int, cover: list[int], cache: dict[int, float]) -> float:
    """Probability that a finding of this length, placed uniformly on the page, overlaps a span."""
    if length not in cache:
        n = positions(length, len(cover) - 1)
        cache[length] = sum(1 for p in range(n) if chars_at(p, length, cover)) / n
    return cache[length]


def evaluate_pages(pages: Sequence[Page], lint: Callable[[Document], ArticleResult]) -> SpanEvaluation:
    """Lint every page and measure its findings against the annotated spans."""
    translation, boiler = Precision(), Precision()
    per_rule: dict[str, Precision] = defaultdict(Precision)
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_severity: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    out: list[PageResult] = []
    false_alarms = clean_words = 0
    for page in pages:
        result = lint(Document(mt=page.text, path=page.path))
        out.append(PageResult(page, result))
        majors = [s for s in page.spans if s.major]
        cover, major_cover = coverage(len(page.text), page.spans), coverage(len(page.text), majors)
        cache: dict[int, float] = {}
        major_cache: dict[int, float] = {}
        for i in result.issues:
            length = max(i.end - i.start, 1)
            hit = _marked(i, page, page.spans)
            major = _marked(i, page, majors)
            group = boiler if i.category == BOILERPLATE_CATEGORY else translation
            for p in (group, per_rule[i.code]):
                p.flags += 1
                p.hits += hit
                p.major_hits += major
                p.expected += _chance(length, cover, cache)
                p.major_expected += _chance(length, major_cover, major_cache)
            if page.quality == "clean" and not hit:
                false_alarms += 1
        if page.quality == "clean":
            clean_words += result.words
        for s in page.spans:
            found = overlaps(s.start, s.end, result.issues)
            for table, key in ((by_type, s.type), (by_severity, s.severity)):
                table[key][0] += found
                table[key][1] += 1
    return SpanEvaluation(
        out,
        translation,
        boiler,
        dict(per_rule),
        {k: (v[0], v[1]) for k, v in sorted(by_type.items())},
        {k: (v[0], v[1]) for k, v in sorted(by_severity.items())},
        false_alarms,
        clean_words,
    )


def _marked(i: Issue, page: Page, spans: Sequence[Span]) -> bool:
    """A finding overlaps a span, or repeats the exact text of one on the same page: annotators mark the
    first case of a recurring error and leave its repeats unmarked."""
    return overlaps(i.start, i.end, spans) or any(i.text == page.text[s.start : s.end] for s in spans)


def _rate(found: int, total: int) -> float:
    return found / total if total else 0.0


def to_dict(ev: SpanEvaluation, path: str, signature: str, verdicts: Sequence[Verdict]) -> dict[str, object]:
    found, total = ev.found()
    actions = {v.code: {"action": v.action, "reason": v.reason} for v in verdicts}
    return {
        "corpus": path,
        "kind": "span-annotated pages",
        "signature": signature,
        "pages": {q: sum(p.page.quality == q for p in ev.pages) for q in QUALITIES},
        "words": sum(p.result.words for p in ev.pages),
        "precision": ev.translation.as_dict(),
        "boilerplate_precision": ev.boilerplate.as_dict(),
        "recall": {
            "spans": total,
            "found": found,
            "recall": round(_rate(found, total), 4),
            "by_severity": {
                k: {"found": f, "total": t, "recall": round(_rate(f, t), 4)} for k, (f, t) in ev.by_severity.items()
            },
            "by_type": {
                k: {"found": f, "total": t, "recall": round(_rate(f, t), 4)} for k, (f, t) in ev.by_type.items()
            },
        },
        "page_auc": {f"{a}_vs_{b}": round(auc(ev.scores(a), ev.scores(b)), 4) for a, b in PAIRS},
        "gate_pass_rate": {q: round(ev.pass_rate(q), 4) for q in QUALITIES},
        "mean_score": {q: round(sum(s) / len(s), 2) if (s := ev.scores(q)) else None for q in QUALITIES},
        "false_alarms": {
            "on_clean_pages": ev.clean_false_alarms,
            "clean_words": ev.clean_words,
            "per_1000_words": round(ev.false_alarms_per_1000_words, 3),
        },
        "rules": [{"code": code, **p.as_dict(), **actions.get(code, {})} for code, p in worst_first(ev.per_rule)],
        "page_results": [
            {
                "file": p.page.file,
                "quality": p.page.quality,
                "score": p.result.score,
                "passed": p.result.passed,
                "issues": len(p.result.issues),
                "spans": len(p.page.spans),
            }
            for p in ev.pages
        ],
    }


def render_text(ev: SpanEvaluation, path: str, signature: str, seconds: float, verdicts: Sequence[Verdict]) -> str:
    found, total = ev.found()
    t, b = ev.translation, ev.boilerplate
    counts = ", ".join(f"{sum(p.page.quality == q for p in ev.pages)} {q}" for q in QUALITIES)
    lines = [
        f"{path}: {len(ev.pages)} pages ({counts}), {sum(p.result.words for p in ev.pages)} words, "
        f"{t.flags + b.flags} findings, {seconds:.1f} s",
        f"  {signature}",
        "",
        "precision (a finding overlapping an annotated span)   measured   chance    lift",
        f"  translation findings ({t.flags:5d})                   {t.precision:8.3f} {t.chance:8.3f} {t.lift:+7.3f}",
        f"  major spans hit                                    {t.major_precision:8.3f} {t.major_chance:8.3f}"
        f" {t.major_precision - t.major_chance:+7.3f}",
        f"  page furniture findings ({b.flags:4d}, apart)           {b.precision:8.3f} {b.chance:8.3f} {b.lift:+7.3f}",
        "",
        f"recall {_rate(found, total):.3f} ({found}/{total} spans); "
        + ", ".join(f"{k} {_rate(f, n):.3f} ({f}/{n})" for k, (f, n) in ev.by_severity.items()),
        f"false alarms on clean pages: {ev.false_alarms_per_1000_words:.2f} per 1000 words "
        f"({ev.clean_false_alarms} findings outside any span, {ev.clean_words} words)",
        "",
        "pages                 AUC (worse scores lower)",
    ]
    for a, c in PAIRS:
        lines.append(f"  {a} vs {c:<14}{auc(ev.scores(a), ev.scores(c)):6.3f}")
    lines.append("class     pages  mean score  gate pass rate")
    for q in QUALITIES:
        s = ev.scores(q)
        if s:
            lines.append(f"  {q:<8}{len(s):6d} {sum(s) / len(s):11.1f} {ev.pass_rate(q):15.3f}")
    lines.append("")
    lines.append("recall by type                 found / spans")
    for k, (f, n) in sorted(ev.by_type.items(), key=lambda kv: -kv[1][1]):
        lines.append(f"  {k:<28}{f:5d} / {n:<5d} {_rate(f, n):6.3f}")
    lines.append("")
    lines.extend(rule_rows(ev.per_rule, verdicts, chars=False))
    return "\n".join(lines) + "\n"
