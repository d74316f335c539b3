"""The grammar-layer rules: each reports the grammar engine's findings of its family (see toolkit.grammar)."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..model import Hit, RuleSpec


def findings(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    family = rule.options["family"]
    for f in ctx.grammar:
        if f.family == family:
            yield Hit(f.start, f.end, f.replacements, (("engine_message", f.message),), f.upstream_id)
