"""The house vocabulary's rules (see toolkit/vocabulary.py): rejected terms, and accepted terms in
another case. Both report nothing when no vocabulary is configured."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..model import Hit, RuleSpec


def rejected_terms(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    pattern = ctx.vocabulary.rejected
    if pattern is None:
        return
    instead = {term.casefold(): new for term, new in ctx.vocabulary.reject}
    for m in pattern.finditer(ctx.text):
        new = instead.get(m.group().casefold())
        if new and m.group()[:1].isupper():
            new = new[:1].upper() + new[1:]  # "Netizens" at a sentence start: "Internet users"
        yield Hit(m.start(), m.end(), (new,) if new else (), (("instead", f": write '{new}'" if new else ""),))


def accepted_case(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    pattern = ctx.vocabulary.accepted
    if pattern is None:
        return
    forms = {term.casefold(): term for term in ctx.vocabulary.accept}
    starts = {seg.start for seg in ctx.segments}
    for m in pattern.finditer(ctx.text):
        written, want = m.group(), forms[m.group().casefold()]
        if written == want or (m.start() in starts and written == want[:1].upper() + want[1:]):
            continue  # as listed, or capitalised to start a sentence
        yield Hit(m.start(), m.end(), (want,))
