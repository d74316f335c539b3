"""Rules that read the other rules' findings (`Context.issues`); the engine runs them after all others.

A sentence in which several different rules find problems is beyond word-by-word repair: machine
translation that scrambled it leaves a calque, a stutter, a broken boundary and a missing verb side by
side. Measured on the real pages, sentences where two different rules fire are all inside annotated
damage (94 of 94, none on clean pages), and on the MQM news dev set none is in a segment the raters
found without error (0 of 14).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from ..context import Context
from ..model import BOILERPLATE_CATEGORY, Hit, RuleSpec

# Not evidence that the English is garbled: Chinese left in the text (reported as such), the
# source-aware finding of a sentence left in Chinese, and the house vocabulary's choices.
_NOT_ENGLISH = ("MT101", "BI301", "MT903", "MT904")


def garbled_sentences(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A sentence holding findings of `min_rules` different rules (default 2)."""
    need = int(rule.options.get("min_rules", 2))
    skip = (*_NOT_ENGLISH, rule.code)
    counted = sorted(
        (i.start, i.end, i.code) for i in ctx.issues if i.category != BOILERPLATE_CATEGORY and i.code not in skip
    )
    if len({code for *_, code in counted}) < need:
        return
    starts = [s for s, *_ in counted]
    for seg in ctx.segments:  # findings by start, found by bisection: linear in sentences and findings
        inside = counted[bisect_left(starts, seg.start) : bisect_left(starts, seg.end)]
        codes = sorted({code for *_, code in inside})
        if len(codes) >= need and _apart(inside):
            yield Hit(seg.start, seg.end, (), (("codes", ", ".join(codes)), ("count", str(len(codes)))))


def _apart(findings: list[tuple[int, int, str]]) -> bool:
    """Findings of two different rules on different words: rules that mark the very same words (a calque
    in two lists) describe one problem, not two. With two rules and two spans among the findings, some
    two of them always differ in both."""
    return len({code for *_, code in findings}) > 1 and len({(start, end) for start, end, _ in findings}) > 1
