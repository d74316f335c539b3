"""The declarative rule kinds: `existence` (patterns that must not occur) and `substitution` (swap).

Options a rule may set:
- `tokens` (existence) or `swap` (substitution: pattern → replacement, `\\1` allowed);
- `ignorecase` (default true), `raw` (no automatic word boundaries);
- `scope`: `text` (default), `sentence` (patterns see one sentence, `^`/`$` anchor to it),
  `line` (one line), `headline` (lines without final punctuation) or `body`;
- `whole_line`: report the whole line the match is on (boilerplate);
- `suggest: capitalize`: suggest the match with each word capitalised (existence rules);
- `max_words`: with `line` scope, only lines of at most this many white-space separated tokens;
- `outside_quotes`: skip matches inside quotation marks;
- `skip_title_case`: skip matches on a headline in title case (a line that does not end as a sentence does,
  more than half its words capitalised), or inside a quoted title in title case ("Let Friendship Have a Long
  History");
- `density`: `{per_words: N, min_count: K}` report only when at least K matches fall within
  the article and at least one match per N words on average (style formulas);
- `one_on_wrapped_page`: on a page whose line breaks became runs of spaces (`segment.spaces_for_breaks`), only
  the first match: the runs are the page's layout, one problem;
- `trigger`: a quick pattern (always raw) that finds something in every window where one of the rule's
  patterns matches, for rules whose patterns require no literal (`catalog.required_literals`): windows
  without a match of it are skipped. "No space after the full stop" needs a stop or quotation mark before
  a capital, `[.!?”"]\\p{Lu}`, which the regex engine finds ten times faster than the rule's own patterns,
  whose matches start at the word before. No anchors, `\\b` or negative lookarounds (a load error).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from ..catalog import builtin_rules_dir, compile_pattern, required_literals
from ..context import Context
from ..model import Hit, RuleSpec
from ..segment import count_words, spaces_for_breaks, title_case
from . import RuleTimeout, capitalize_words

if TYPE_CHECKING:
    import ahocorasick

PATTERN_TIMEOUT = 5.0  # seconds one pattern of a house rule may take on one window of one article


@functools.lru_cache(maxsize=256)
def _builtin(rule_file: str) -> bool:
    return Path(rule_file).resolve().is_relative_to(builtin_rules_dir().resolve())


def _time_limit(rule_file: str) -> float | None:
    """A house rule's patterns run with the time limit; the built-in ones, tested against long and
    pathological lines (tests/test_hostile.py), without: the regex module's clock costs a fifth of the
    lint time."""
    return None if rule_file and _builtin(rule_file) else PATTERN_TIMEOUT


def _windows(ctx: Context, scope: str, max_words: int | None) -> Iterator[tuple[int, int]]:
    if scope == "text":
        yield 0, len(ctx.text)
    elif scope == "sentence":
        for seg in ctx.segments:
            yield seg.start, seg.end
    elif scope in ("headline", "body"):
        for seg in ctx.segments:
            if seg.kind == scope:
                yield seg.start, seg.end
    elif scope == "line":
        for i in range(len(ctx.line_starts)):
            a, b = ctx.line_span(i)
            if b > a and (max_words is None or len(ctx.text[a:b].split()) <= max_words):
                yield a, b
    else:
        raise ValueError(f"unknown scope {scope!r}")


def _title_case(ctx: Context, offset: int) -> bool:
    """The line holding the offset is a headline in title case (`segment.title_case`), or the offset is inside a
    quotation in title case (a slogan's or a work's name: "phrases like “Let Friendship Have a Long History”")."""
    a, b = ctx.line_span(ctx.line_of(offset))
    if title_case(ctx.text[a:b]):
        return True
    return any(start < offset < end and title_case(ctx.text[start + 1 : end - 1]) for start, end in ctx.quote_spans)


def _fold(text: str) -> str:
    """The text lower-cased as the pattern engine compares ASCII letters without case (the long s of old
    print is an s to it)."""
    return text.lower().replace("ſ", "s")


def _case_like(replacement: str, matched: str) -> str:
    if matched[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


@dataclass(frozen=True, slots=True)
class Prepared:
    """A rule's patterns made ready once, when the rule is resolved, rather than for every article."""

    table: tuple[tuple[str, str | None], ...]  # pattern and replacement (None for an existence rule)
    always: tuple[int, ...]  # the patterns without required literals: they run on every window
    # the required literals, as a window is compared with them, to the patterns that need each
    literals: ahocorasick.Automaton | None
    limit: float | None  # the time limit of one pattern on one window (`_time_limit`)
    # every literal some pattern requires, as `_fold` leaves it; () when a pattern requires none
    keys: tuple[str, ...]
    trigger: str | None  # the rule's `trigger`: windows without a match of it are skipped
    # the options every article reads, read once: the case, word boundaries, and which windows the patterns see
    ignorecase: bool
    raw: bool
    windows: tuple[str, int | None]  # scope and word limit
    # the patterns compiled the first time a text needs them (`compiled`), the trigger last
    _compiled: list[regex.Pattern[str] | None]

    def compiled(self, i: int) -> regex.Pattern[str]:
        """Pattern `i` (the trigger for `len(table)`) as it runs, compiled once."""
        found = self._compiled[i]
        if found is None:
            raw = self.raw or i == len(self.table)
            source = self.trigger if i == len(self.table) else self.table[i][0]
            found = self._compiled[i] = compile_pattern(str(source), self.ignorecase, raw)
        return found

    def to_run(self, folded: str) -> Sequence[int]:
        """The patterns that may match a window, in the rule's order: those with one of their literals in it,
        found for all of them in one pass, and those without literals."""
        if self.literals is None:
            return self.always
        found = {i for _, held in self.literals.iter(folded) for i in held}
        return sorted(found.union(self.always)) if found else self.always


def prepare(rule: RuleSpec) -> Prepared:
    """The rule's patterns, and the literals they require (`catalog.required_literals`: one of them in every
    match) in one Aho-Corasick automaton (`pyahocorasick`): a window is scanned once for all of them, not
    once per pattern."""
    import ahocorasick

    opts = rule.options
    if rule.kind == "existence":
        table: tuple[tuple[str, str | None], ...] = tuple((str(t), None) for t in opts["tokens"])
    else:
        table = tuple((str(k), str(v)) for k, v in opts["swap"].items())
    ignorecase = bool(opts.get("ignorecase", True))
    holders: dict[str, list[int]] = {}
    always = []
    for i, (pattern, _) in enumerate(table):
        literals = required_literals(pattern)
        if literals is None:
            always.append(i)
        for literal in literals or ():
            holders.setdefault(literal.lower() if ignorecase else literal, []).append(i)
    automaton: ahocorasick.Automaton | None = None
    if holders:
        automaton = ahocorasick.Automaton()
        for literal, held in holders.items():
            automaton.add_word(literal, tuple(held))
        automaton.make_automaton()
    keys = () if always else tuple(sorted({_fold(k) for k in holders}))
    trigger = opts.get("trigger")
    windows = (str(opts.get("scope", "text")), opts.get("max_words"))
    compiled: list[regex.Pattern[str] | None] = [None] * (len(table) + 1)
    raw = bool(opts.get("raw", False))
    return Prepared(
        table, tuple(always), automaton, _time_limit(rule.file), keys, trigger, ignorecase, raw, windows, compiled
    )


@dataclass(frozen=True, slots=True)
class Prefilter:
    """Which pattern rules can match an article at all, in one pass over it for all of them.

    A rule whose every pattern requires a literal (`catalog.required_literals`) cannot match an article without
    one of those literals; the literals of all such rules sit in one Aho-Corasick automaton, and the article,
    folded, is scanned once. Case-sensitive rules' literals are folded too: the pass only rules out, and a
    case-blind comparison rules out less. On the news dev set most pattern rules are ruled out this way, and
    the engine does not call them."""

    automaton: ahocorasick.Automaton
    guarded: frozenset[int]  # the positions (in the engine's rule order) of the rules it can rule out

    def possible(self, text: str) -> frozenset[int]:
        """The positions of the guarded rules whose literals occur in the text."""
        return frozenset(i for _, held in self.automaton.iter(_fold(text)) for i in held)


def prefilter(analyzers: Sequence[Callable[..., object]]) -> Prefilter | None:
    """The prefilter of the pattern rules among these analyzers (`resolve`'s), or None when none can be ruled out."""
    import ahocorasick

    holders: dict[str, list[int]] = {}
    for n, analyze in enumerate(analyzers):
        prepared = analyze.keywords.get("prepared") if isinstance(analyze, functools.partial) else None
        if isinstance(prepared, Prepared) and prepared.keys:
            for key in prepared.keys:
                holders.setdefault(key, []).append(n)
    if not holders:
        return None
    automaton = ahocorasick.Automaton()
    for key, held in holders.items():
        automaton.add_word(key, tuple(held))
    automaton.make_automaton()
    return Prefilter(automaton, frozenset(n for held in holders.values() for n in held))


def _folded_windows(ctx: Context, scope: str, max_words: int | None, ignorecase: bool) -> list[tuple[int, str, str]]:
    """Each window's start, text and text as the literals are compared with it: found and folded once per
    article for all the rules that share the scope, the word limit and the case."""
    key = (scope, max_words, ignorecase)
    windows = ctx.windows.get(key)
    if windows is None:
        windows = ctx.windows[key] = []
        for a, b in _windows(ctx, scope, max_words):
            window = ctx.text[a:b]
            if scope != "text" and "\n" in window:  # a sentence of hard-wrapped text (`segment.soft_breaks`)
                window = window.replace("\r", " ").replace("\n", " ")
            windows.append((a, window, _fold(window) if ignorecase else window))
    return windows


def run(ctx: Context, rule: RuleSpec, *, prepared: Prepared) -> Iterator[Hit]:
    """Run an existence or substitution rule (`prepared` from it)."""
    opts = rule.options
    hits: list[Hit] = []
    trigger = prepared.compiled(len(prepared.table)) if prepared.trigger else None
    if trigger is not None and not trigger.search(ctx.text):
        return  # a trigger has no anchors nor lookarounds: a match in a window would be one in the text
    windows = _folded_windows(ctx, *prepared.windows, prepared.ignorecase)
    for a, window, folded in windows:
        if trigger is not None and len(windows) > 1 and not trigger.search(window):
            continue
        for i in prepared.to_run(folded):  # a window without any literal a pattern requires cannot match it
            pattern, replacement = prepared.table[i]
            try:
                matches = list(prepared.compiled(i).finditer(window, timeout=prepared.limit))
            except TimeoutError as exc:
                raise RuleTimeout(
                    f"{rule.file}: pattern {pattern!r} took over {PATTERN_TIMEOUT:g} s on a text of {len(window):,} "
                    "characters (catastrophic backtracking?); the article was not checked"
                ) from exc
            for m in matches:
                start, end = a + m.start(), a + m.end()
                if start == end or (opts.get("outside_quotes") and ctx.in_quotes(start, end)):
                    continue
                if opts.get("skip_title_case") and _title_case(ctx, start):
                    continue
                if opts.get("whole_line"):
                    start, end = ctx.line_span(ctx.line_of(start))
                    start += len(ctx.text[start:end]) - len(ctx.text[start:end].lstrip())
                if replacement is not None:
                    suggestions: tuple[str, ...] = (_case_like(m.expand(replacement), m.group()),)
                elif opts.get("suggest") == "capitalize":
                    suggestions = (capitalize_words(m.group()),)
                else:
                    suggestions = ()
                hits.append(Hit(start, end, suggestions))
    density = opts.get("density")
    if density and hits:
        words = max(count_words(ctx.text), 1)
        if len(hits) < int(density.get("min_count", 1)) or words / len(hits) > float(density["per_words"]):
            return
    if opts.get("one_on_wrapped_page") and len(hits) > 1 and spaces_for_breaks(ctx.text):
        hits = hits[:1]
    yield from hits  # the engine keeps one of a rule's overlapping findings
