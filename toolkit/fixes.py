"""Fixes: a finding's first suggestion put in place of exactly its span.

As in ruff, a fix is *safe* when the rule declares it certain (`fix: safe` in the rule file: spacing,
punctuation, capitals, mojibake, a doubled unit) and *unsafe* otherwise: a calque's usual English, a
number the source gives, a grammar engine's guess are advice for an editor, applied only on request
(`--unsafe-fixes`). A finding on no text (something missing) has no fix. A safe rule's examples say what
the fix must be (`span` and `fix` in a fail example); `catalog.check_examples` tries them: the rule must
mark that span, offer that fix first, and not fire again on the fixed text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .model import ArticleResult, Issue

SAFE, UNSAFE = "safe", "unsafe"
MAX_ROUNDS = 10  # re-lint and fix again, as ruff does, until nothing changes or this many rounds


@dataclass(frozen=True, slots=True)
class Applied:
    code: str
    start: int  # in the text the fix was applied to
    end: int
    old: str
    new: str


def fixable(issue: Issue, unsafe: bool = False) -> bool:
    return issue.fix == SAFE or (unsafe and issue.fix == UNSAFE)


def apply(text: str, issues: Iterable[Issue], unsafe: bool = False) -> tuple[str, list[Applied]]:
    """The text with the fixes of the given findings applied, and which; of fixes that overlap or touch,
    the first (by position) is applied and the others wait for the next round."""
    chosen: list[Issue] = []
    for i in sorted((i for i in issues if fixable(i, unsafe)), key=lambda i: (i.start, i.end)):
        if chosen and i.start <= chosen[-1].end:
            continue
        chosen.append(i)
    out = text
    for i in reversed(chosen):
        out = out[: i.start] + i.suggestions[0] + out[i.end :]
    return out, [Applied(i.code, i.start, i.end, i.text, i.suggestions[0]) for i in chosen]


def fix_text(
    text: str, lint: Callable[[str], ArticleResult], unsafe: bool = False
) -> tuple[str, list[Applied], ArticleResult]:
    """Fix, re-lint and fix again until nothing is left to fix; the fixed text, every fix applied and the
    result of the last lint (of the fixed text)."""
    applied: list[Applied] = []
    result = lint(text)
    for _ in range(MAX_ROUNDS):
        fixed, done = apply(text, result.issues, unsafe)
        if not done or fixed == text:
            break
        text, applied = fixed, applied + done
        result = lint(text)
    return text, applied, result
