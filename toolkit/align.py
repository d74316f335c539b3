"""Align a Chinese source with its English translation, paragraph by paragraph and sentence by sentence.

Gale and Church's method: the log ratio of English to Chinese characters is normal (mean log 3.9,
standard deviation 0.24 on single-sentence segments of the WMT news dev set); a move costs
-log P(move) - log P(|z| or more); numbers serve as anchors (a pair that shares its figures costs
less). Moves are 1-1, 1-2, 2-1, 1-0 and 0-1 with Gale and Church's priors; a 1-0 move is a source
sentence with no translation, the candidate omission that the omission rule reports. A pair's
length cost is capped below two skips, so two single sentences always pair.
Paragraphs are aligned first when both sides have the same number of them, so an error cannot spread.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import regex

from .model import Pair
from .numbers import en_numbers, same, zh_numbers
from .segment import segment

RATIO = 3.9  # English characters per Chinese character (median, news dev set)
LOG_SD = 0.24
_PRIOR = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (1, 2): 0.089, (2, 1): 0.089}  # Gale and Church
_COST = {move: -math.log(p) for move, p in _PRIOR.items()}
_CAP = 2 * _COST[1, 0] - 0.5  # a pair's length cost stays below that of two skips
_ZH_SENTENCE = regex.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’」』）)]*|\n|$)")

Span = tuple[int, int]


def zh_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of Chinese text, without surrounding white space.

    Sentences end at 。！？ and line ends, not at ；: English keeps a semicolon inside its sentence.
    """
    end = len(text) if end is None else end
    out = []
    for m in _ZH_SENTENCE.finditer(text, start, end):
        a, b = m.start(), m.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def _paragraphs(text: str) -> list[Span]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return out


def align(src: str, tgt: str) -> list[Pair]:
    """Align paragraphs (when both sides have as many) and then sentences within them."""
    ps, pt = _paragraphs(src), _paragraphs(tgt)
    if len(ps) == len(pt) and len(ps) > 1:
        out: list[Pair] = []
        for (a, b), (c, d) in zip(ps, pt, strict=True):
            out.extend(_align_sentences(src, tgt, zh_sentences(src, a, b), _en_sentences(tgt, c, d)))
        return out
    return _align_sentences(src, tgt, zh_sentences(src), _en_sentences(tgt, 0, len(tgt)))


def _en_sentences(text: str, start: int, end: int) -> list[Span]:
    return [(s.start, s.end) for s in segment(text) if start <= s.start and s.end <= end]


def length_z(ls: int, lt: int) -> float:
    """How many standard deviations an English length is from what a Chinese length predicts."""
    return (math.log(lt / ls) - math.log(RATIO)) / LOG_SD


def _length_cost(ls: int, lt: int) -> float:
    z = length_z(ls, lt)
    return -math.log(max(math.erfc(abs(z) / math.sqrt(2)), 1e-300))


def _anchor_cost(zs: Sequence[float], es: Sequence[float]) -> float:
    """Lower the cost when the pair shares figures, raise it when the source's figures are all absent."""
    if not zs:
        return 0.0
    shared = sum(any(same(z, e) for e in es) for z in zs)
    return -1.0 * shared if shared else 1.0


def _align_sentences(src: str, tgt: str, ss: Sequence[Span], ts: Sequence[Span]) -> list[Pair]:
    n, m = len(ss), len(ts)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0

    def span(spans: Sequence[Span], i: int, k: int) -> Span:
        return (spans[i][0], spans[i + k - 1][1]) if k else (0, 0)

    # The figures of each sentence, read once; a move over two sentences takes both lists.
    zv = [[z.value for z in zh_numbers(src[a:b])] for a, b in ss]
    ev = [[e.value for e in en_numbers(tgt[a:b])] for a, b in ts]

    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == inf:
                continue
            for di, dj in _COST:
                if i + di > n or j + dj > m:
                    continue
                c = _COST[di, dj]
                if di and dj:
                    s, t = span(ss, i, di), span(ts, j, dj)
                    anchor = _anchor_cost(sum(zv[i : i + di], []), sum(ev[j : j + dj], []))
                    c += min(_length_cost(s[1] - s[0], t[1] - t[0]) + anchor, _CAP)
                total = cost[i][j] + c
                if total < cost[i + di][j + dj]:
                    cost[i + di][j + dj] = total
                    back[i + di][j + dj] = (di, dj)
    out: list[Pair] = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        i, j = i - di, j - dj
        s = span(ss, i, di) if di else _gap(ss, i)
        t = span(ts, j, dj) if dj else _gap(ts, j)
        out.append(Pair(s[0], s[1], t[0], t[1]))
    return out[::-1]


def _gap(spans: Sequence[Span], i: int) -> Span:
    """An empty span where a missing sentence would go: after the previous sentence."""
    pos = spans[i - 1][1] if i > 0 else (spans[0][0] if spans else 0)
    return (pos, pos)
