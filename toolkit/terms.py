"""Termbases: Chinese terms with the English renderings to use and the calques to avoid.

Three formats: mtqa's YAML (`rules/terms/*.yml`), CSV (zh,en,forbidden; several renderings separated
by `|`) and TBX (TermBase eXchange, read with defusedxml: no external entities, no entity expansion).
Terms are few (tens to a few thousand), so one compiled alternation per term is fast enough; a
pyahocorasick automaton would only pay off at tens of thousands of entries.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex
import yaml

from .catalog import CatalogError, builtin_rules_dir, load_yaml_text
from .textio import decode


class TermbaseError(CatalogError):
    """A termbase that cannot be read; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class Term:
    zh: str
    en: tuple[str, ...]  # accepted renderings, the preferred one first
    forbidden: tuple[str, ...] = ()
    origin: str = ""

    @property
    def accepted(self) -> regex.Pattern[str]:
        return _phrase_pattern(self.en)

    @property
    def rejected(self) -> regex.Pattern[str] | None:
        return _phrase_pattern(self.forbidden) if self.forbidden else None


@lru_cache(maxsize=4096)
def _phrase_pattern(phrases: tuple[str, ...]) -> regex.Pattern[str]:
    """Whole-word, case-insensitive, with a space and a hyphen interchangeable and an optional plural -s."""
    parts = []
    for p in sorted(phrases, key=len, reverse=True):
        words = [regex.escape(w) for w in regex.split(r"[\s-]+", p.strip()) if w]
        parts.append(r"[\s-]+".join(words) + r"(?:s|es)?")
    return regex.compile(r"(?<![\p{L}\p{N}])(?:" + "|".join(parts) + r")(?![\p{L}\p{N}])", regex.I)


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split("|") if v.strip())
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    raise ValueError("renderings must be a string or a list of strings")


def load_termbase(path: str | Path) -> tuple[Term, ...]:
    """Read one termbase file (.yml/.yaml, .csv or .tbx)."""
    p = Path(path)
    try:
        text, _ = decode(p.read_bytes())
    except OSError as exc:
        raise TermbaseError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    suffix = p.suffix.lower()
    try:
        if suffix in (".yml", ".yaml"):
            terms = _yaml_terms(text, str(p))
        elif suffix == ".csv":
            terms = _csv_terms(text, str(p))
        elif suffix == ".tbx":
            terms = _tbx_terms(text, str(p))
        else:
            raise ValueError("a termbase is .yml, .csv or .tbx")
    except (ValueError, yaml.YAMLError, csv.Error) as exc:
        raise TermbaseError(f"{path}: {(str(exc).splitlines() or [type(exc).__name__])[0]}") from exc
    return tuple(terms)


def _yaml_terms(text: str, origin: str) -> list[Term]:
    data = load_yaml_text(text)
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise ValueError("a YAML termbase is a mapping with a 'terms' list")
    out = []
    for k, item in enumerate(data["terms"], 1):
        if not isinstance(item, dict) or not isinstance(item.get("zh"), str) or not _strings(item.get("en")):
            raise ValueError(f"term {k}: needs 'zh' and 'en'")
        out.append(Term(item["zh"].strip(), _strings(item["en"]), _strings(item.get("forbidden")), origin))
    return out


def _csv_terms(text: str, origin: str) -> list[Term]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if rows and [c.strip().lower() for c in rows[0][:2]] == ["zh", "en"]:
        rows = rows[1:]
    out = []
    for k, row in enumerate(rows, 1):
        if not row or not "".join(row).strip():
            continue
        if len(row) < 2 or not row[0].strip() or not _strings(row[1]):
            raise ValueError(f"row {k}: needs zh and en")
        out.append(Term(row[0].strip(), _strings(row[1]), _strings(row[2] if len(row) > 2 else None), origin))
    return out


def _tbx_terms(text: str, origin: str) -> list[Term]:
    from .bitext import XML_LANG, local_name, parse_xml

    out: list[Term] = []
    for entry in parse_xml(text).iter():
        if local_name(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        by_lang: dict[str, list[str]] = {"zh": [], "en": [], "forbidden": []}
        for lang_set in entry:
            if local_name(lang_set.tag) not in ("langSec", "langSet"):
                continue
            lang = (lang_set.get(XML_LANG) or "").lower()[:2]
            for group in lang_set.iter():  # a <tig>, <ntig> or <termSec>: a term and its notes
                names = [local_name(c.tag) for c in group]
                if "term" not in names:
                    continue
                term = group[names.index("term")]
                if not (term.text or "").strip():
                    continue
                status = next(
                    (
                        (c.text or "").strip()
                        for c in group
                        if local_name(c.tag) == "termNote" and c.get("type") == "administrativeStatus"
                    ),
                    "",
                )
                key = "forbidden" if lang == "en" and status in ("deprecatedTerm-admn-sts", "deprecated") else lang
                if key in by_lang:
                    by_lang[key].append(term.text.strip())
        if by_lang["zh"] and by_lang["en"]:
            out.extend(Term(zh, tuple(by_lang["en"]), tuple(by_lang["forbidden"]), origin) for zh in by_lang["zh"])
    return out


@lru_cache(maxsize=8)
def termbase(extra: tuple[str, ...] = ()) -> tuple[Term, ...]:
    """The built-in termbases (`rules/terms/`) and any extra files, longest Chinese term first."""
    files = sorted((builtin_rules_dir() / "terms").glob("*.yml")) + [Path(e) for e in extra]
    terms = [t for f in files for t in load_termbase(f)]
    return tuple(sorted(terms, key=lambda t: len(t.zh), reverse=True))
