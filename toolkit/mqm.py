"""Expert MQM annotations (WMT Marot TSV) and span-level precision and recall of mtqa's flags."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import regex

from . import tsv
from .textio import decode

_MARK = regex.compile(r"</?v>")
_IGNORED_CATEGORIES = {"source issue", "source error"}
_IGNORED_SEVERITIES = {"hotw-test"}
# The severities of the WMT MQM files, in any case: "Neutral" marks no error (weight 0, no span), "Critical"
# weighs as Major; any other is a misspelt or shifted column, an error rather than a silent zero.
SEVERITIES = ("No-error", "Neutral", "Minor", "Major", "Critical", "HOTW-test")
_SEVERITIES = {s.lower() for s in SEVERITIES}


@dataclass(frozen=True, slots=True)
class ErrorSpan:
    rater: str
    start: int
    end: int
    severity: str  # Major, Minor, Critical
    category: str

    @property
    def major(self) -> bool:
        return self.severity.lower() in ("major", "critical")


@dataclass(slots=True)
class MqmSegment:
    system: str
    doc: str
    seg_id: str
    source: str
    target: str
    spans: list[ErrorSpan] = field(default_factory=list)  # target-side error spans
    source_spans: list[ErrorSpan] = field(default_factory=list)  # errors marked in the source (omissions)
    penalties: dict[str, float] = field(default_factory=dict)  # rater -> MQM penalty (>= 0)
    line: int = 0  # the file line of the segment's first row

    @property
    def clean(self) -> bool:
        """Every rater marked the segment No-error (and at least one rater saw it)."""
        return bool(self.penalties) and all(p == 0 for p in self.penalties.values()) and not self.spans

    @property
    def mqm_penalty(self) -> float:
        return sum(self.penalties.values()) / len(self.penalties) if self.penalties else 0.0


def mqm_weight(severity: str, category: str) -> float:
    """WMT weights: Major 5, Minor 1, Minor punctuation 0.1, Non-translation 25."""
    if category.lower().startswith("non-translation"):
        return 25.0
    sev = severity.lower()
    if sev in ("major", "critical"):
        return 5.0
    if sev == "minor":
        return 0.1 if category.lower() == "fluency/punctuation" else 1.0
    return 0.0


def _strip_marks(text: str) -> tuple[str, tuple[int, int] | None]:
    a, b = text.find("<v>"), text.find("</v>")
    plain = _MARK.sub("", text)
    if a < 0 or b < 0 or b < a:
        return plain, None
    return plain, (a, b - 3)


def _nonspace_index(text: str) -> list[int]:
    return [i for i, ch in enumerate(text) if not ch.isspace()]


def _remap(offset: int, src: str, dst: str) -> int:
    """Map an offset between two strings that differ only in white space."""
    si, di = _nonspace_index(src), _nonspace_index(dst)
    k = sum(1 for i in si if i < offset)
    return di[k] if k < len(di) else len(dst)


COLUMNS = ("system", "doc", "seg_id", "rater", "source", "target", "category", "severity")


class MqmError(Exception):
    """An annotation file that cannot be read; the message names the file, the line when there is one, and
    the problem."""

    def __init__(self, path: str | Path, problem: str, line: int | None = None) -> None:
        super().__init__(f"{path}:{line}: {problem}" if line is not None else f"{path}: {problem}")
        self.problem = problem
        self.line = line


def read_marot(path: str | Path) -> list[MqmSegment]:
    """Read a WMT MQM TSV (system, doc, doc_id, seg_id, rater, source, target, category, severity)."""
    try:
        text, _ = decode(Path(path).read_bytes())  # UTF-8 (BOM or not), UTF-16, GB18030
    except OSError as exc:
        raise MqmError(path, f"cannot read: {exc.strerror or exc}") from exc
    return read_marot_text(path, text)


def read_marot_text(path: str | Path, text: str) -> list[MqmSegment]:
    """Read the decoded text of a WMT MQM TSV; `path` names it in errors."""
    segments: dict[tuple[str, str, str], MqmSegment] = {}
    reader = tsv.rows(text)  # fields quoted as Excel writes them are read as such; WMT's files hold none
    _, header = next(reader, (0, []))
    col = {name.strip(): i for i, name in enumerate(header)}
    missing = [c for c in COLUMNS if c not in col]
    if missing:
        raise MqmError(path, f"not an MQM TSV: missing column(s) {', '.join(missing)}")
    for line, row in reader:
        if not any(c.strip() for c in row):  # a blank line
            continue
        if len(row) < len(header) or any(c.strip() for c in row[len(header) :]):
            problem = f"expected the header's {len(header)} tab-separated columns, got {len(row)}"
            raise MqmError(path, problem, line)
        system, doc, seg_id, rater = row[col["system"]], row[col["doc"]], row[col["seg_id"]], row[col["rater"]]
        category, severity = row[col["category"]], row[col["severity"]]
        if severity.lower() not in _SEVERITIES:
            problem = f"severity {severity!r} is not one of {', '.join(SEVERITIES)}"
            raise MqmError(path, problem, line)
        target, tspan = _strip_marks(row[col["target"]])
        source, sspan = _strip_marks(row[col["source"]])
        key = (system, doc, seg_id)
        seg = segments.get(key)
        if seg is None:
            seg = segments[key] = MqmSegment(system, doc, seg_id, source, target, line=line)
        if severity.lower() in _IGNORED_SEVERITIES or category.lower() in _IGNORED_CATEGORIES:
            continue
        seg.penalties.setdefault(rater, 0.0)
        if category == "No-error" or severity.lower() in ("no-error", "neutral"):  # marked, not an error
            continue
        seg.penalties[rater] += mqm_weight(severity, category)
        if tspan is None:
            if sspan is not None and source == seg.source:
                seg.source_spans.append(ErrorSpan(rater, sspan[0], max(sspan[1], sspan[0] + 1), severity, category))
            continue
        start, end = tspan
        if target != seg.target:
            if regex.sub(r"\s+", "", target) != regex.sub(r"\s+", "", seg.target):
                continue
            start, end = _remap(start, target, seg.target), _remap(end, target, seg.target)
        seg.spans.append(ErrorSpan(rater, start, max(end, start + 1), severity, category))
    return list(segments.values())


class Extent(Protocol):
    """Anything with a start and an end offset: an MQM error span, an annotated page span, an issue."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def overlaps(a0: int, a1: int, spans: Iterable[Extent]) -> bool:
    return any(a0 < s.end and s.start < a1 for s in spans)


def positions(length: int, seg_len: int) -> int:
    """How many places a flag of this length has in a segment (at least one)."""
    return max(seg_len - length + 1, 1)


def chance_overlap(length: int, seg_len: int, spans: list[ErrorSpan]) -> float:
    """Probability that a flag of this length, placed uniformly in the segment, overlaps a span."""
    n = positions(length, seg_len)
    if not spans:
        return 0.0
    hit = sum(1 for p in range(n) if overlaps(p, p + length, spans))
    return hit / n


def kendall_tau_b(x: list[float], y: list[float]) -> float:
    """Kendall's tau-b (ties in both variables corrected), O(n²) in chunks with NumPy."""
    import numpy as np

    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(a)
    conc = disc = tx = ty = 0
    for i in range(0, n, 512):
        da = np.sign(a[i : i + 512, None] - a[None, :])
        db = np.sign(b[i : i + 512, None] - b[None, :])
        idx = np.arange(i, min(i + 512, n))[:, None] < np.arange(n)[None, :]
        prod = (da * db)[idx]
        conc += int((prod > 0).sum())
        disc += int((prod < 0).sum())
        tx += int(((da == 0) & (db != 0))[idx].sum())
        ty += int(((db == 0) & (da != 0))[idx].sum())
    denom = math.sqrt((conc + disc + tx) * (conc + disc + ty))
    return (conc - disc) / denom if denom else 0.0


def pearson(x: list[float], y: list[float]) -> float:
    n = len(x)
    if n < 2:
        return 0.0
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = math.sqrt(sum((a - mx) ** 2 for a in x))
    syy = math.sqrt(sum((b - my) ** 2 for b in y))
    return sxy / (sxx * syy) if sxx and syy else 0.0


def spearman(x: list[float], y: list[float]) -> float:
    def ranks(v: list[float]) -> list[float]:
        order = sorted(range(len(v)), key=v.__getitem__)
        r = [0.0] * len(v)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for k in range(i, j + 1):
                r[order[k]] = (i + j) / 2
            i = j + 1
        return r

    return pearson(ranks(x), ranks(y))
