"""Baselines: record today's findings so that a CI gate fails only on new ones.

A finding is known by its fingerprint (rule code, flagged text and the words around it; see
`engine._fingerprint`), never by its line, so an edit that moves it does not make it new.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from . import __version__
from .config import ConfigError, Settings
from .engine import rescore
from .formatters import BaselineInfo
from .model import ArticleResult
from .textio import portable_path

SCHEMA = 1


def article_key(result: ArticleResult) -> str:
    """A path as the baseline stores it: relative to the working directory when inside it, with '/'."""
    key = portable_path(result.path)
    return f"{key}#{result.id}" if result.id is not None else key


def create(results: list[ArticleResult], signature: str) -> str:
    articles = {
        article_key(r): {
            "score": r.score,
            "findings": [{"fingerprint": i.fingerprint, "code": i.code, "text": i.text} for i in r.issues],
        }
        for r in results
    }
    data = {
        "schema": SCHEMA,
        "tool": {"name": "mtqa", "version": __version__},
        "signature": signature,
        "articles": dict(sorted(articles.items())),
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


@dataclass(frozen=True, slots=True)
class Baseline:
    path: str
    findings: dict[str, Counter[str]]

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: no such baseline file (make one with `mtqa baseline create`)") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read baseline: {exc}") from None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("articles"), dict):
            raise ConfigError(f"{path}: not an mtqa baseline (schema {SCHEMA})")
        findings: dict[str, Counter[str]] = {}
        for key, art in data["articles"].items():
            try:
                findings[key] = Counter(str(f["fingerprint"]) for f in art["findings"])
            except (KeyError, TypeError, ValueError):
                raise ConfigError(f"{path}: article {key!r} is malformed") from None
        return cls(path, findings)

    def apply(self, results: list[ArticleResult], settings: Settings) -> tuple[list[ArticleResult], BaselineInfo]:
        """Leave out known findings: the score, the penalty and the gate are those of the new ones."""
        out = []
        known_total = fixed = 0
        for r in results:
            key = article_key(r)
            remaining = Counter(self.findings.get(key, Counter()))
            new = []
            for i in r.issues:
                if remaining[i.fingerprint] > 0:
                    remaining[i.fingerprint] -= 1
                else:
                    new.append(i)
            known = len(r.issues) - len(new)
            known_total += known
            fixed += sum(remaining.values())
            out.append(replace(rescore(settings, r, new), known=known))
        return out, BaselineInfo(self.path, known_total, fixed)
