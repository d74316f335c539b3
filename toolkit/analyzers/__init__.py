"""Analyzers: the declarative rule kinds and the Python analyzers that YAML rules name.

A Python rule says `analyzer: module:function`; the registry below lists the modules that may be
named, and each is imported only when one of its rules runs.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable

from ..context import Context
from ..model import Hit, RuleSpec

Analyzer = Callable[[Context, RuleSpec], Iterable[Hit]]

MODULES = (
    "aggregate",
    "casing",
    "grammar",
    "leftovers",
    "names",
    "sentences",
    "source",
    "spelling",
    "structure",
    "vocabulary",
)


def capitalize_words(text: str) -> str:
    """Upper-case the first letter of each space-separated word, leaving the rest as it is."""
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


def shorter_than_a_page(ctx: Context, rule: RuleSpec) -> bool:
    """The text has fewer sentences than the rule's `min_sentences`: a segment of a CAT file or of MQM data, which
    translates one source sentence, not a page."""
    return len(ctx.segments) < int(rule.options.get("min_sentences", 1))


class AnalyzerError(Exception):
    """A rule names an analyzer that does not exist."""


class RuleTimeout(Exception):
    """A rule's pattern ran past its time limit on one article (catastrophic backtracking in a house rule)."""


def resolve(rule: RuleSpec) -> Analyzer:
    """Return the function that runs a rule."""
    if rule.kind in ("existence", "substitution"):
        from . import patterns

        return functools.partial(patterns.run, prepared=patterns.prepare(rule))
    target = str(rule.options["analyzer"])
    module, _, func = target.partition(":")
    if module not in MODULES or not func:
        raise AnalyzerError(f"{rule.file}: unknown analyzer {target!r}")
    fn = getattr(importlib.import_module(f"{__name__}.{module}"), func, None)
    if fn is None:
        raise AnalyzerError(f"{rule.file}: unknown analyzer {target!r}")
    return fn
