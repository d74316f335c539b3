"""Load rule packs: one YAML file per rule, `<CODE>-<slug>.yml`, in a folder with a `pack.yml`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex
import yaml

from .model import SEVERITIES, Example, Examples, Issue, RuleSpec

KINDS = ("existence", "substitution", "python")
STATUSES = ("stable", "preview")
_CODE = regex.compile(r"^MT\d{3}$|^[A-Z]{2,5}\d{3}$")
_SLUG = regex.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REQUIRED = ("id", "name", "extends", "level", "category", "message", "doc", "examples")


class CatalogError(Exception):
    """A rule pack that cannot be loaded; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class Pack:
    name: str
    version: str
    path: str
    rules: tuple[RuleSpec, ...]


def builtin_rules_dir() -> Path:
    """The built-in packs: shipped inside the wheel, or the repository's `rules/` in a checkout."""
    here = Path(__file__).resolve().parent
    shipped = here / "_rules"
    return shipped if shipped.is_dir() else here.parent / "rules"


def load_pack(folder: Path, *, compile_patterns: bool = True) -> Pack:
    """A pack's rules, checked. Each pattern is compiled to check it unless `compile_patterns` is false: for the
    built-in packs, whose patterns the test suite compiles, a pattern is compiled the first time a text holds what
    it needs, and most are not on a short article (compiling all 257 costs 0.06 CPU-s; seed 002 needs 55)."""
    meta_file = folder / "pack.yml"
    if not meta_file.is_file():
        raise CatalogError(f"{folder}: not a rule pack (no pack.yml)")
    meta = _load_yaml(meta_file)
    name = str(meta.get("name", folder.name))
    rules = tuple(_load_rule(f, name, compile_patterns) for f in sorted(folder.glob("*.yml")) if f.name != "pack.yml")
    return Pack(name=name, version=str(meta.get("version", "0")), path=str(folder), rules=rules)


@lru_cache(maxsize=8)
def load_packs(extra: tuple[str, ...] = ()) -> tuple[Pack, ...]:
    """Load the built-in packs and any extra pack folders; codes must be unique across all."""
    root = builtin_rules_dir()
    builtin = sorted(p for p in root.iterdir() if (p / "pack.yml").is_file())
    packs = tuple(load_pack(f, compile_patterns=False) for f in builtin) + tuple(load_pack(Path(e)) for e in extra)
    seen: dict[str, str] = {}
    for pack in packs:
        for rule in pack.rules:
            if rule.code in seen:
                raise CatalogError(f"{rule.file}: code {rule.code} already used by {seen[rule.code]}")
            seen[rule.code] = rule.file
    return packs


def is_builtin(rule: RuleSpec) -> bool:
    """A rule of mtqa's own packs (checked by its test suite), not of a user's pack."""
    return Path(rule.file).resolve().is_relative_to(builtin_rules_dir().resolve())


def all_rules(extra: tuple[str, ...] = ()) -> dict[str, RuleSpec]:
    return {r.code: r for p in load_packs(extra) for r in p.rules}


@lru_cache(maxsize=1024)
def compile_pattern(pattern: str, ignorecase: bool, raw: bool) -> regex.Pattern[str]:
    """A rule's pattern as it runs: between word boundaries unless `raw`, case-blind unless told not."""
    body = pattern if raw else rf"(?<![\p{{L}}\p{{N}}])(?:{pattern})(?![\p{{L}}\p{{N}}])"
    flags = regex.MULTILINE | (regex.IGNORECASE if ignorecase else 0)
    return regex.compile(body, flags)


# What a trigger (see `patterns.Prepared`) may not use: something it finds in a window it must find in any
# text that holds the window, which anchors, word boundaries and negative lookarounds do not promise.
_UNSAFE_TRIGGER = regex.compile(r"(?<!\\)(?:\\\\)*(?:\$|(?<!\[)\^|\\[bBAZ]|\(\?<?!)")  # "[^…]" is a class

# Escapes of one character after the backslash: classes, anchors and escaped punctuation.
_SIMPLE_ESCAPES = frozenset("bBdDsSwWAZmMtnrfv") | frozenset(".\\-'\"()[]{}|?*+^$/ ,:;!&~#%<>=@`’“”")
# (?i), (?x), (?V1), (?-i:…); not (?:, (?=, (?<=, (?P<name>
_INLINE_FLAGS = regex.compile(r"\(\?(?!P[<=>])-?[a-zA-Z]")
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -'’,")


@lru_cache(maxsize=1024)
def required_literal(pattern: str) -> str | None:
    """The longest run of plain characters (ASCII letters, digits, spaces, hyphens, apostrophes, commas) that
    every match of the pattern must contain, if one of three characters or more can be read off it: outside
    groups and classes, not made optional by a quantifier, and with no alternation at the top. A window of
    text without it cannot match, so the pattern need not run there (`patterns.run`)."""
    runs, current, depth, i = [], "", 0, 0
    if len(_top_level(pattern)[0]) > 1 or _INLINE_FLAGS.search(pattern):
        return None  # flags such as (?i), (?x) or (?V1) change what the literal means
    while i < len(pattern):
        c = pattern[i]
        nxt = pattern[i + 1] if i + 1 < len(pattern) else ""
        if c == "\\":
            runs.append(current)
            current = ""
            if nxt in ("p", "P"):  # \p{Han} or \pL
                i = (pattern.find("}", i) + 1 or len(pattern)) if pattern[i + 2 : i + 3] == "{" else i + 3
            elif nxt and nxt not in _SIMPLE_ESCAPES:
                return None  # \x41, \u00e9, \N{…}, \g<name>, \1: an operand the scan would read as text
            else:
                i += 2
            continue
        if c == "[":
            runs.append(current)
            current = ""
            i = _class_end(pattern, i)
            continue
        if c == "{":  # a quantifier's bounds
            runs.append(current)
            current = ""
            i = pattern.find("}", i) + 1 or len(pattern)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            runs.append(current)
            current = ""
        elif depth == 0 and c in _PLAIN and nxt not in ("?", "*", "{"):
            current += c
        else:
            runs.append(current)
            current = ""
        i += 1
    best = max([*runs, current], key=len)
    return best if len(best.strip()) >= 3 else None


@lru_cache(maxsize=1024)
def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Literals one of which every text the pattern matches in contains: its required literal
    (`required_literal`); else, with alternation at the top, those of every branch; else those of a group every
    match goes through, or of a lookahead or lookbehind every match needs (the one whose shortest literal is
    longest), read the same way. None where one branch has none or no group has any: the pattern then runs on
    every window (`patterns.prepare`)."""
    if _INLINE_FLAGS.search(pattern) or "(?#" in pattern:
        return None  # flags change what a literal means; a comment may hold a parenthesis or a bar
    branches, groups = _top_level(pattern)
    if len(branches) > 1:
        found = [required_literals(branch) for branch in branches]
        if any(f is None for f in found):
            return None
        return tuple(dict.fromkeys(literal for f in found if f for literal in f))
    literal = required_literal(pattern)
    if literal is not None:
        return (literal,)
    inside = [f for f in (required_literals(pattern[a:b]) for a, b in groups) if f]
    return max(inside, key=lambda f: min(map(len, f)), default=None)


def _class_end(pattern: str, i: int) -> int:
    """The index after the character class that opens at `i`."""
    j = i + 1
    if pattern[j : j + 1] == "^":
        j += 1
    if pattern[j : j + 1] == "]":
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


def _top_level(pattern: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The pattern's branches (split at its top-level `|`), and the insides of its top-level groups, plain,
    `(?:…)` or a positive lookahead or lookbehind (what it looks at is in the text too), that no quantifier
    makes optional (no `?`, `*` or `{…}` after them)."""
    branches: list[str] = []
    groups: list[tuple[int, int]] = []
    depth, start, opened, i = 0, 0, None, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(pattern, i)
            continue
        if c == "(":
            if depth == 0:
                head = next((h for h in ("?:", "?=", "?<=") if pattern.startswith(h, i + 1)), None)
                opened = i + 1 if pattern[i + 1 : i + 2] != "?" else i + 1 + len(head) if head else None
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0 and opened is not None and pattern[i + 1 : i + 2] not in ("?", "*", "{"):
                groups.append((opened, i))
        elif c == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    branches.append(pattern[start:])
    return branches, groups


# libyaml's parser where PyYAML was built with it (about 6 times faster on the rule files), else Python's
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml_text(text: str) -> Any:
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = load_yaml_text(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path}: cannot load YAML: {str(exc).splitlines()[0]}") from exc
    if not isinstance(data, dict):
        raise CatalogError(f"{path}: a rule file must hold a mapping")
    return data


def _load_rule(path: Path, pack: str, compile_patterns: bool = True) -> RuleSpec:
    data = _load_yaml(path)
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise CatalogError(f"{path}: missing {', '.join(missing)}")
    code, slug = str(data["id"]), str(data["name"])
    if not _CODE.match(code) or not _SLUG.match(slug):
        raise CatalogError(f"{path}: bad id {code!r} or name {slug!r}")
    if path.stem != f"{code}-{slug}":
        raise CatalogError(f"{path}: file name must be {code}-{slug}.yml")
    kind, level = data["extends"], data["level"]
    if kind not in KINDS:
        raise CatalogError(f"{path}: extends must be one of {', '.join(KINDS)}")
    if level not in SEVERITIES:
        raise CatalogError(f"{path}: level must be one of {', '.join(SEVERITIES)}")
    status = data.get("status", "stable")
    if status not in STATUSES:
        raise CatalogError(f"{path}: status must be stable or preview")
    ex = data["examples"] or {}
    fail = tuple(_example(path, e) for e in ex.get("fail") or ())
    passing = tuple(_example(path, e) for e in ex.get("pass") or ())
    if not fail or not passing:
        raise CatalogError(f"{path}: a rule needs at least one fail and one pass example")
    if any(e.span is not None for e in passing):
        raise CatalogError(f"{path}: a pass example marks no span and has no fix")
    if data.get("fix") == "safe" and not any(e.fix is not None for e in fail):
        raise CatalogError(f"{path}: a rule with safe fixes needs a fail example with its span and fix")
    if not str(data["doc"]).strip():
        raise CatalogError(f"{path}: empty doc")
    options = {k: v for k, v in data.items() if k not in _REQUIRED and k != "status"}
    _check_options(path, kind, options, compile_patterns)
    return RuleSpec(
        code=code,
        slug=slug,
        kind=kind,
        severity=level,
        category=str(data["category"]),
        message=str(data["message"]),
        doc=str(data["doc"]).strip(),
        examples=Examples(fail=fail, passing=passing),
        pack=pack,
        status=status,
        options=options,
        file=str(path),
    )


_EXAMPLE_KEYS = {"target", "source", "span", "fix"}


def _example(path: Path, item: Any) -> Example:
    """An example is a string, or a mapping with `target` and any of `source` (for a source-aware rule),
    `span` (the words a fail example must be marked on) and `fix` (what the rule's fix puts there)."""
    if isinstance(item, str):
        return Example(item)
    if (
        not isinstance(item, dict)
        or not isinstance(item.get("target"), str)
        or set(item) - _EXAMPLE_KEYS
        or not all(isinstance(item.get(k), (str, type(None))) for k in _EXAMPLE_KEYS)
    ):
        raise CatalogError(
            f"{path}: an example is a string or a mapping with 'target' and any of 'source', 'span', 'fix'"
        )
    span, fix = item.get("span"), item.get("fix")
    if fix is not None and span is None:
        raise CatalogError(f"{path}: an example with a 'fix' names the 'span' it replaces")
    if span is not None and (not span or span not in item["target"]):
        raise CatalogError(f"{path}: example span {span!r} is not in its text {item['target']!r}")
    if fix is not None and fix == span:
        raise CatalogError(f"{path}: example fix {fix!r} leaves its span as it is")
    return Example(item["target"], item.get("source"), span, fix)


# The options each kind of rule takes and their types (a type, or the tuple of allowed values). A python
# rule takes its analyzer's options (read in toolkit/analyzers/); an unknown or mistyped option is a load
# error naming the file and the key, never a rule that silently ignores it or fails on every article.
_NUMBER = (int, float)
_PATTERN_OPTIONS: dict[str, Any] = {
    "raw": bool,
    "ignorecase": bool,
    "scope": ("text", "sentence", "line", "headline", "body"),
    "max_words": int,
    "whole_line": bool,
    "outside_quotes": bool,
    "skip_title_case": bool,
    "suggest": ("capitalize",),
    "density": dict,
    "one_on_wrapped_page": bool,
    "trigger": str,
}
_ANALYZER_OPTIONS: dict[str, Any] = {
    "analyzer": str,
    "family": ("grammar", "spelling", "punctuation", "style"),
    "upstream_off": list,
    "kind": str,
    "rate": list,
    "similarity": _NUMBER,
    "min_han": int,
    "side": ("short", "long"),
    "z": _NUMBER,
    "nouns": dict,
    "adverbs": dict,
    "count_nouns": list,
    "bare_after": list,
    "names": list,
    "min_rules": int,
    "signs": list,
    "min_sentences": int,
    "page_finding": bool,  # a finding about the whole page (see evaluation.judge)
    "example_vocabulary": str,  # a vocabulary folder, relative to the rule file, for the rule's own examples
}
_FIX = ("safe", "unsafe")  # how certain the rule's suggestions are (see fixes.py); unsafe when not given
OPTIONS: dict[str, dict[str, Any]] = {
    "existence": {"tokens": list, "supersedes": list, "fix": _FIX, **_PATTERN_OPTIONS},
    "substitution": {"swap": dict, "supersedes": list, "fix": _FIX, **_PATTERN_OPTIONS},
    "python": {"supersedes": list, "fix": _FIX, **_ANALYZER_OPTIONS},
}


def _allowed(spec: Any) -> str:
    if isinstance(spec, tuple) and all(isinstance(v, str) for v in spec):
        return "one of " + ", ".join(spec)
    kinds = spec if isinstance(spec, tuple) else (spec,)
    names = {
        bool: "true or false",
        int: "a whole number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a mapping",
    }
    return " or ".join(dict.fromkeys(names[k] for k in kinds))


def _fits(value: Any, spec: Any) -> bool:
    if isinstance(spec, tuple) and all(isinstance(v, str) for v in spec):
        return value in spec
    kinds = spec if isinstance(spec, tuple) else (spec,)
    if isinstance(value, bool):
        return bool in kinds
    return isinstance(value, kinds)


def _check_options(path: Path, kind: str, options: dict[str, Any], compile_patterns: bool) -> None:
    known = OPTIONS[kind]
    for key, value in options.items():
        if key not in known:
            raise CatalogError(
                f"{path}: unknown option {key!r} for a rule that extends {kind} (it takes {', '.join(sorted(known))})"
            )
        if not _fits(value, known[key]):
            raise CatalogError(f"{path}: option {key!r} must be {_allowed(known[key])}, not {value!r}")
    rate = options.get("density")
    if rate is not None and (
        set(rate) - {"per_words", "min_count"}
        or not _fits(rate.get("per_words"), _NUMBER)
        or not _fits(rate.get("min_count", 1), int)
    ):
        raise CatalogError(
            f"{path}: option 'density' must map 'per_words' to a number and may map 'min_count' to a whole number,"
            f" not {rate!r}"
        )
    need = {"existence": "tokens", "substitution": "swap", "python": "analyzer"}[kind]
    if need not in options:
        raise CatalogError(f"{path}: extends {kind} needs '{need}'")
    patterns = []
    if kind == "existence":
        patterns = list(options["tokens"])
    elif kind == "substitution":
        if not isinstance(options["swap"], dict):
            raise CatalogError(f"{path}: swap must map patterns to replacements")
        patterns = list(options["swap"])
    ignorecase, raw = bool(options.get("ignorecase", True)), bool(options.get("raw", False))
    trigger = options.get("trigger")
    if trigger is not None and _UNSAFE_TRIGGER.search(trigger):
        raise CatalogError(f"{path}: trigger {trigger!r} may not use anchors, \\b or negative lookarounds")
    for pat in [*patterns, *([trigger] if trigger is not None else [])]:
        if not isinstance(pat, str):
            raise CatalogError(f"{path}: pattern {pat!r} is not a string (quote it in the YAML file)")
        if not compile_patterns:
            continue
        try:
            compiled = compile_pattern(pat, ignorecase, raw or pat is trigger)  # as it will run: compiled once, kept
        except regex.error as exc:
            raise CatalogError(f"{path}: bad pattern {pat!r}: {exc}") from exc
        if kind == "substitution" and pat is not trigger:
            _check_groups(path, pat, str(options["swap"][pat]), compiled)


_GROUP_REFERENCE = regex.compile(r"(?<!\\)(?:\\\\)*\\(?:(\d+)|g<([^>]*)>)")  # not after an escaped backslash


def _check_groups(path: Path, pattern: str, replacement: str, compiled: regex.Pattern[str]) -> None:
    """A replacement names only groups its pattern has ("\\1" needs a group), or every article it matched in would
    fail to expand it."""
    for m in _GROUP_REFERENCE.finditer(replacement):
        ref = m.group(1) or m.group(2)
        known = int(ref) <= compiled.groups if ref.isdigit() else ref in compiled.groupindex
        if not known:
            raise CatalogError(f"{path}: replacement {replacement!r} of {pattern!r} names group {ref}, which it lacks")


def check_examples(rule: RuleSpec, lint: Callable[[str, str | None], Sequence[Issue]]) -> list[str]:
    """What is wrong with a rule on its own examples (empty when nothing), as LanguageTool tests its rules:
    every fail example is flagged and no pass example is; where a fail example names its `span` and `fix`,
    the rule marks that span and offers that fix first; and every fix (see fixes.py) replaces exactly its
    span without making the rule fire there again. `lint(target, source)` runs the rule alone."""
    problems = []
    for ex in rule.examples.passing:
        if any(i.code == rule.code for i in lint(ex.target, ex.source)):
            problems.append(f"{rule.file}: {rule.code} flags its pass example {ex.target!r}")
    for ex in rule.examples.fail:
        found = [i for i in lint(ex.target, ex.source) if i.code == rule.code]
        if not found:
            problems.append(f"{rule.file}: {rule.code} misses its fail example {ex.target!r}")
            continue
        if ex.span is not None:
            marked = [i for i in found if i.text == ex.span]
            if not marked:
                problems.append(f"{rule.file}: {rule.code} does not mark {ex.span!r} in {ex.target!r}")
                continue
            if ex.fix is not None and (not marked[0].suggestions or marked[0].suggestions[0] != ex.fix):
                got = repr(marked[0].suggestions[0]) if marked[0].suggestions else "nothing"
                problems.append(f"{rule.file}: {rule.code} replaces {ex.span!r} with {got}, not {ex.fix!r}")
                continue
        for i in found:
            if i.fix is None:
                continue
            fixed = ex.target[: i.start] + i.suggestions[0] + ex.target[i.end :]
            end = i.start + len(i.suggestions[0])
            if any(j.code == rule.code and j.start <= end and i.start <= j.end for j in lint(fixed, ex.source)):
                problems.append(f"{rule.file}: {rule.code} flags its own fix again: {fixed!r}")
    return problems
