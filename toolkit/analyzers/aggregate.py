"""Rules that read the other rules' findings (`Context.issues`); the engine runs them after all others.

A sentence in which several different rules find problems is beyond word-by-word repair: machine
translation that scrambled it leaves a calque, a stutter, a broken boundary and a missing verb side by
side. Measured on the real pages, sentences where two different rules fire are all inside annotated
damage (94 of 94, none on clean pages), and on the MQM news dev set none is in a segment the raters
found without error (0 of 14).

A page that shows several different signs of raw machine translation was never post-edited: garbled dates,
sentences that start in lower case, full stops glued to the next word, stuttered phrases and one name
spelled two ways almost never occur in edited pages (`../shared/ARTIFACTS.md`, "differ in kind, not only in
amount"). On the real pages two or more such kinds mark 17 of 31 garbled pages, 1 of 49 rough ones and none
of the 23 clean ones.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

from ..context import Context
from ..model import BOILERPLATE_CATEGORY, Hit, Issue, RuleSpec
from . import shorter_than_a_page

# Not evidence that the English is garbled: Chinese left in the text (reported as such), the
# source-aware finding of a sentence left in Chinese, the house vocabulary's choices, and a link farm's keywords.
_NOT_ENGLISH = ("MT101", "BI301", "MT903", "MT904", "MT702")


_SPACES = "spaces"
# the rules of spacing around words and punctuation: missing after a stop or comma, before a mark, doubled, lost
_SPACING = frozenset({"MT404", "MT409", "MT410", "MT415", "MT416"})


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
        # slips of spacing are one problem, not two, whichever rules find them (a run of spaces found by MT416
        # and an engine's rule; "himself , following" and "committee  and" in one sentence of a clean page)
        kinds: dict[str, set[str]] = {}
        for start, end, code in inside:
            kinds.setdefault(_SPACES if code in _SPACING or ctx.text[start:end].isspace() else code, set()).add(code)
        if len(kinds) >= need and _apart(inside):
            codes = ", ".join(sorted("/".join(sorted(same)) for same in kinds.values()))
            yield Hit(seg.start, seg.end, (), (("codes", codes), ("count", str(len(kinds)))))


def _apart(findings: list[tuple[int, int, str]]) -> bool:
    """Findings of two different rules on different words: rules that mark the very same words (a calque
    in two lists) describe one problem, not two. With two rules and two spans among the findings, some
    two of them always differ in both."""
    return len({code for *_, code in findings}) > 1 and len({(start, end) for start, end, _ in findings}) > 1


def unedited_page(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """One finding for a page holding findings of `min_rules` (default 2) different rules of `signs` (see
    `unedited_signs`) in a text of at least `min_sentences` sentences. It marks the first sign."""
    need = int(rule.options.get("min_rules", 2))
    if shorter_than_a_page(ctx, rule):
        return  # a segment of a CAT file or of MQM data is no page: its problem sentence is MT615's
    found = unedited_signs(ctx.issues, frozenset(rule.options.get("signs", ())), [s.start for s in ctx.segments])
    codes = sorted({code for *_, code in found})
    if len(codes) >= need:
        yield Hit(found[0][0], found[0][1], (), (("codes", ", ".join(codes)), ("count", str(len(codes)))))


def unedited_signs(issues: Iterable[Issue], signs: frozenset[str], starts: list[int]) -> list[tuple[int, int, str]]:
    """The findings of the rules in `signs`, the signs of machine translation that no one edited, by start: as
    many different rules as can each be given a sentence of its own (`starts`: where the sentences start), one
    finding each, the rule's first in that sentence, outside page furniture ("print】 【close" holds Chinese
    punctuation, but no one translated it). One slip can make two rules fire in one sentence: "instructions and
    instructions" is a stutter and a collapsed pair, "welcome to hangzhou" a lower-case start and a lower-case
    name; so a sentence counts for one rule only. Which one is a matching of rules to sentences (Kuhn's
    augmenting paths; a page has a few dozen signs at most), so that a rule found in a sentence that holds another
    sign is not lost when it has no other sentence and the other has ("Tang derong … in hefei" beside
    "Tang derong" alone elsewhere)."""
    issues = list(issues)
    furniture = [(i.start, i.end) for i in issues if i.category == BOILERPLATE_CATEGORY]
    first: dict[str, dict[int, tuple[int, int]]] = {}  # rule -> sentence -> its first finding there
    for start, end, code in sorted((i.start, i.end, i.code) for i in issues if i.code in signs):
        if not any(s < end and start < e for s, e in furniture):
            first.setdefault(code, {}).setdefault(bisect_right(starts, start), (start, end))
    owner: dict[int, str] = {}  # sentence -> the rule it counts for

    def place(code: str, tried: set[int]) -> bool:
        for sentence in first[code]:
            if sentence not in tried:
                tried.add(sentence)
                if sentence not in owner or place(owner[sentence], tried):
                    owner[sentence] = code
                    return True
        return False

    for code in first:  # in the order of each rule's first sign
        place(code, set())
    return sorted((*first[code][sentence], code) for sentence, code in owner.items())
