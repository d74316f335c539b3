"""Settings: `[tool.mtqa]` in pyproject.toml or an mtqa.toml, merged with command-line options."""

from __future__ import annotations

import fnmatch
import hashlib
import math
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import regex

from . import __version__, syntax
from .catalog import CatalogError, all_rules, load_packs
from .grammar import CHOICES as GRAMMAR_CHOICES
from .model import MINOR_PUNCTUATION, SEVERITIES, SEVERITY_RANK, RuleSpec, issue_weight
from .textio import DEFAULT_EXTENSIONS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file and the key."""


DEFAULT_WEIGHTS = {"minor": 1.0, "major": 5.0, "critical": 25.0, MINOR_PUNCTUATION: 0.1}
# unseen-rate, density-gain: `mtqa eval --with-source --suggest-config` on zhen_news2023_dev.tsv, rounded
DEFAULT_CALIBRATION = (0.046, 10.02)
CALIBRATION_KEYS = ("unseen-rate", "density-gain")


@dataclass(frozen=True, slots=True)
class Settings:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    rule_packs: tuple[str, ...] = ()
    fail_on: str = "major"
    min_score: float = 98.5
    min_words: int = 50
    reference_words: int = 250
    weights: tuple[tuple[str, float], ...] = tuple(DEFAULT_WEIGHTS.items())
    # `mtqa eval`'s estimate of a segment's MQM penalty (see evaluation.Calibration); fitted on the news dev set
    calibration: tuple[float, float] = DEFAULT_CALIBRATION
    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    exclude: tuple[str, ...] = ()  # glob patterns of files and folders not to lint when a folder is searched
    respect_gitignore: bool = True  # leave out what .gitignore files ignore when a folder is searched
    # (file glob, code prefixes): findings of those rules are dropped in files the glob matches; a glob
    # with a "/" is made absolute against the config file's folder, one without matches the file name
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    grammar: str = "auto"  # auto | languagetool | harper | off
    languagetool_url: str = ""  # a LanguageTool server, or "public" for the public API
    grammar_language: str = "en-US"
    grammar_disable: tuple[str, ...] = ()  # engine rule ids to drop
    grammar_enable: tuple[str, ...] = ()  # engine rule ids to keep although measured off by default
    grammar_picky: bool = False
    grammar_cache: bool = True
    grammar_timeout: float = 20.0  # seconds per LanguageTool request
    docs_url: str = ""  # help link per rule in SARIF, e.g. https://example.org/rules/{code}; default: the rule file
    termbases: tuple[str, ...] = ()  # extra termbase files (.yml, .csv, .tbx) beside rules/terms/
    vocabulary: str = ""  # a folder with accept.txt and reject.txt (see vocabulary.py)
    source_suffix: str = ".zh"  # article.zh.txt is the source of article.en.txt (or article.txt)
    target_suffix: str = ".en"

    def weight(self, severity: str, category: str = "") -> float:
        """An issue's penalty points (see `model.issue_weight`)."""
        return issue_weight(dict(self.weights), severity, category)


_KEYS = {
    "select",
    "ignore",
    "severity",
    "rule-packs",
    "fail-on",
    "min-score",
    "min-words",
    "reference-words",
    "weights",
    "calibration",
    "extensions",
    "exclude",
    "respect-gitignore",
    "per-file-ignores",
    "docs-url",
    "grammar",
    "languagetool-url",
    "grammar-language",
    "grammar-disable",
    "grammar-enable",
    "grammar-picky",
    "grammar-cache",
    "grammar-timeout",
    "termbases",
    "vocabulary",
    "source-suffix",
    "target-suffix",
}


def find_config(start: Path) -> Path | None:
    """The nearest mtqa.toml, or pyproject.toml with a [tool.mtqa] table, from start upwards."""
    for folder in (start, *start.parents):
        if (folder / "mtqa.toml").is_file():
            return folder / "mtqa.toml"
        py = folder / "pyproject.toml"
        if py.is_file():
            try:
                if "mtqa" in tomllib.loads(py.read_text(encoding="utf-8")).get("tool", {}):
                    return py
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                # never skip to a config further up (or the defaults) without a word: ruff stops here too
                raise ConfigError(f"{py}: cannot read config: {exc}") from exc
    return None


def load_settings(path: Path | None) -> Settings:
    """Read settings from a config file (None: the defaults)."""
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from exc
    table: dict[str, Any] = data.get("tool", {}).get("mtqa", {}) if path.name == "pyproject.toml" else data
    unknown = set(table) - _KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
    packs = tuple(
        str((path.parent / p).resolve()) for p in _strings(str(path), "rule-packs", table.get("rule-packs", []))
    )
    termbases = tuple(
        str((path.parent / p).resolve()) for p in _strings(str(path), "termbases", table.get("termbases", []))
    )
    vocabulary = table.get("vocabulary", "")
    if not isinstance(vocabulary, str):
        raise ConfigError(f"{path}: vocabulary must be the path of a folder")
    return merge(
        Settings(
            rule_packs=packs,
            termbases=termbases,
            vocabulary=str((path.parent / vocabulary).resolve()) if vocabulary else "",
        ),
        select=table.get("select"),
        ignore=table.get("ignore"),
        severity=table.get("severity"),
        fail_on=table.get("fail-on"),
        min_score=table.get("min-score"),
        min_words=table.get("min-words"),
        reference_words=table.get("reference-words"),
        weights=table.get("weights"),
        calibration=table.get("calibration"),
        extensions=table.get("extensions"),
        exclude=table.get("exclude"),
        respect_gitignore=table.get("respect-gitignore"),
        per_file_ignores=_per_file(path, table.get("per-file-ignores")),
        docs_url=table.get("docs-url"),
        grammar=table.get("grammar"),
        languagetool_url=table.get("languagetool-url"),
        grammar_language=table.get("grammar-language"),
        grammar_disable=table.get("grammar-disable"),
        grammar_enable=table.get("grammar-enable"),
        grammar_picky=table.get("grammar-picky"),
        grammar_cache=table.get("grammar-cache"),
        grammar_timeout=table.get("grammar-timeout"),
        source_suffix=table.get("source-suffix"),
        target_suffix=table.get("target-suffix"),
        where=str(path),
    )


def _strings(where: str, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key} must be a list of strings")
    return [v.strip() for v in value if v.strip()]


def _table(where: str, key: str, value: Any, example: str = '{MT201 = "minor"}') -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key} must be a table such as {example}")
    return value


def _number(where: str, key: str, value: Any, whole: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or (whole and not isinstance(value, int)):
        raise ConfigError(f"{where}: {key} must be a {'whole ' if whole else ''}number")
    if not math.isfinite(value):  # nan passes every comparison's gate, inf none (TOML and float() take both)
        raise ConfigError(f"{where}: {key} must be a finite number, not {value}")
    return value


def merge(settings: Settings, *, where: str = "command line", **changes: Any) -> Settings:
    """Apply the given (non-None) changes, validating each; keys are Settings fields."""
    out = settings
    for key, value in changes.items():
        if value is None:
            continue
        name = key.replace("_", "-")
        if key in ("select", "ignore"):
            codes = tuple(v.upper() for v in _strings(where, name, value))
            if key == "select" and not codes:  # `--select ''`: no rule at all was meant, or a mistake
                raise ConfigError(f"{where}: select names no rule code (leave it out to run every rule)")
            out = replace(out, select=codes) if key == "select" else replace(out, ignore=codes)
        elif key == "severity":
            table = _table(where, name, value)
            bad = [v for v in table.values() if v not in SEVERITIES]
            if bad:
                raise ConfigError(f"{where}: severity must be one of {', '.join(SEVERITIES)}, not {bad[0]!r}")
            out = replace(out, severity=tuple(sorted((k.upper(), v) for k, v in table.items())))
        elif key == "fail_on":
            if value not in SEVERITY_RANK:
                raise ConfigError(f"{where}: fail-on must be minor, major, critical or never")
            out = replace(out, fail_on=value)
        elif key == "min_score":
            out = replace(out, min_score=float(_number(where, name, value)))
        elif key in ("min_words", "reference_words"):
            n = int(_number(where, name, value, whole=True))
            if n < 1:
                raise ConfigError(f"{where}: {name} must be a positive whole number")
            out = replace(out, min_words=n) if key == "min_words" else replace(out, reference_words=n)
        elif key == "weights":
            w = dict(out.weights)
            for k, v in _table(where, name, value, "{major = 5}").items():
                if k not in w:
                    raise ConfigError(f"{where}: weights take {', '.join(w)}, not {k!r}")
                w[k] = float(_number(where, f"weights.{k}", v))
            out = replace(out, weights=tuple(w.items()))
        elif key == "calibration":
            cal = dict(zip(CALIBRATION_KEYS, out.calibration, strict=True))
            for k, v in _table(where, name, value, "{unseen-rate = 0.05}").items():
                if k not in cal:
                    raise ConfigError(f"{where}: calibration takes {' and '.join(CALIBRATION_KEYS)}, not {k!r}")
                cal[k] = float(_number(where, f"calibration.{k}", v))
                if cal[k] < 0:
                    raise ConfigError(f"{where}: calibration.{k} must not be negative")
            out = replace(out, calibration=(cal["unseen-rate"], cal["density-gain"]))
        elif key == "extensions":
            exts = _strings(where, name, value)
            out = replace(out, extensions=tuple(e if e.startswith(".") else f".{e}" for e in exts))
        elif key == "exclude":
            out = replace(out, exclude=tuple(_strings(where, name, value)))
        elif key == "respect_gitignore":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: respect-gitignore must be true or false")
            out = replace(out, respect_gitignore=value)
        elif key == "per_file_ignores":
            out = replace(out, per_file_ignores=value)
        elif key == "docs_url":
            if not isinstance(value, str) or not value.startswith(("https://", "http://")) or "{code}" not in value:
                raise ConfigError(f"{where}: docs-url must be an http(s) URL containing {{code}}")
            out = replace(out, docs_url=value)
        elif key == "grammar":
            if value not in GRAMMAR_CHOICES:
                raise ConfigError(f"{where}: grammar must be auto, languagetool, harper or off")
            out = replace(out, grammar=value)
        elif key == "languagetool_url":
            if not isinstance(value, str) or not (value == "public" or value.startswith(("http://", "https://"))):
                raise ConfigError(f'{where}: languagetool-url must be an http(s) URL or "public"')
            out = replace(out, languagetool_url=value)
        elif key == "grammar_language":
            if value not in ("en-US", "en-GB"):
                raise ConfigError(f"{where}: grammar-language must be en-US or en-GB")
            out = replace(out, grammar_language=value)
        elif key == "grammar_timeout":
            t = float(_number(where, name, value))
            if t <= 0:
                raise ConfigError(f"{where}: grammar-timeout must be a positive number of seconds")
            out = replace(out, grammar_timeout=t)
        elif key == "grammar_disable":
            out = replace(out, grammar_disable=tuple(_strings(where, name, value)))
        elif key == "grammar_enable":
            out = replace(out, grammar_enable=tuple(_strings(where, name, value)))
        elif key in ("grammar_picky", "grammar_cache"):
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: {name} must be true or false")
            out = replace(out, grammar_picky=value) if key == "grammar_picky" else replace(out, grammar_cache=value)
        elif key in ("source_suffix", "target_suffix"):
            if not isinstance(value, str) or not regex.fullmatch(r"\.[\w-]+", value):
                raise ConfigError(f'{where}: {name} must be a suffix such as ".zh"')
            out = replace(out, source_suffix=value) if key == "source_suffix" else replace(out, target_suffix=value)
        else:
            raise ConfigError(f"{where}: unknown setting {name}")
    return out


def _per_file(path: Path, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    """`per-file-ignores = {"archive/**" = ["MT8"], "*.md" = ["GR"]}`, the globs anchored at the config's folder."""
    if value is None:
        return None
    out = []
    for glob, codes in _table(str(path), "per-file-ignores", value, '{"archive/**" = ["MT8"]}').items():
        anchored = (path.parent.resolve() / glob).as_posix() if "/" in glob else glob
        out.append((anchored, tuple(c.upper() for c in _strings(str(path), f"per-file-ignores.{glob}", codes))))
    return tuple(out)


def ignored_here(settings: Settings, path: str) -> tuple[str, ...]:
    """The code prefixes `per-file-ignores` drops in this file."""
    if not settings.per_file_ignores or path in ("-", "<text>", "<stdin>"):
        return ()
    full, name = Path(path).resolve().as_posix(), Path(path).name
    return tuple(
        code
        for glob, codes in settings.per_file_ignores
        if fnmatch.fnmatch(full if "/" in glob else name, glob)
        for code in codes
    )


def _longest(code: str, prefixes: tuple[str, ...]) -> int:
    return max((len(p) for p in prefixes if p == "ALL" or code.startswith(p)), default=-1)


def enabled_rules(settings: Settings) -> list[RuleSpec]:
    """The rules that run, with severity overrides applied.

    The longest matching select/ignore prefix decides; with no match a rule runs unless it is
    `preview`, which runs only when selected by a prefix at least as long as its own code.
    """
    rules = all_rules(settings.rule_packs)
    overrides = dict(settings.severity)
    per_file = [c for _, codes in settings.per_file_ignores for c in codes]
    for option, prefixes in (
        ("select", settings.select),
        ("ignore", settings.ignore),
        ("severity", overrides),
        ("per-file-ignores", per_file),
    ):
        for prefix in prefixes:
            if prefix != "ALL" and not any(code.startswith(prefix) for code in rules):
                # a typo would otherwise turn every rule off (select) or do nothing, and the run would pass
                raise CatalogError(f"{option}: no rule code starts with {prefix!r} (see `mtqa rules`)")
    out: list[RuleSpec] = []
    for code, rule in sorted(rules.items()):
        sel, ign = _longest(code, settings.select), _longest(code, settings.ignore)
        if ign > sel or (ign == sel and ign >= 0):
            continue
        if sel < 0 and settings.select:
            continue
        if rule.status == "preview" and sel < len(code):
            continue
        sev = _override(code, overrides) or rule.severity
        out.append(replace(rule, severity=sev) if sev != rule.severity else rule)
    if not out:  # every article would pass having been checked by nothing
        chosen = f"select {','.join(settings.select) or 'ALL'} and ignore {','.join(settings.ignore) or 'nothing'}"
        raise CatalogError(f"no rule selected: {chosen} leave no rule to run (see `mtqa rules`)")
    return out


def _override(code: str, overrides: dict[str, str]) -> str | None:
    best = max((p for p in overrides if code.startswith(p)), key=len, default=None)
    return overrides[best] if best else None


def signature(settings: Settings, rules: list[RuleSpec], grammar: str = "off") -> str:
    """A string naming everything that shapes a score, so two scores compare only when it matches."""
    packs = ",".join(f"{p.name}@{p.version}" for p in load_packs(settings.rule_packs))
    w = "/".join(f"{v:g}" for v in dict(settings.weights).values())
    chosen = ",".join(f"{r.code}:{r.severity[:2]}" for r in rules)
    digest = hashlib.sha1(chosen.encode()).hexdigest()[:8]
    terms = ",".join(Path(t).stem for t in settings.termbases)
    parsed = any(str(r.options.get("analyzer", "")).startswith("sentences:") for r in rules)
    return (
        f"mtqa:{__version__}|packs:{packs}|rules:{len(rules)}#{digest}|grammar:{grammar}"
        + (f"|syntax:{syntax.version()}" if parsed else "")
        + (f"|terms:+{terms}" if terms else "")
        + f"|w:{w}|rwc:{settings.reference_words}"
    )
