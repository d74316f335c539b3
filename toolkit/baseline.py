"""Baselines: record today's findings so that a CI gate fails only on new ones.

A finding is known by its fingerprint (rule code, flagged text and the words around it; see
`engine._fingerprint`), never by its line, so an edit that moves it does not make it new. An article is known
by its path relative to the baseline file's folder (as PHPStan's baseline stores paths), so the baseline
matches the same files from any working directory.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from . import __version__
from .config import ConfigError, Settings
from .engine import rescore
from .formatters import BaselineInfo
from .model import ArticleResult
from .textio import STDIN, portable_path

SCHEMA = 2  # paths relative to the baseline file's folder
CWD_SCHEMA = 1  # paths relative to the working directory the baseline was made in: still read


def folder_of(baseline_path: str) -> str:
    """The folder the paths of a baseline file are relative to: the one that holds it."""
    return os.path.dirname(os.path.abspath(baseline_path))


def article_key(result: ArticleResult, folder: str | None) -> str:
    """A path as the baseline stores it, with '/': relative to `folder` (the baseline file's; `..` for a
    file outside it); with no folder (a schema 1 baseline), relative to the working directory when inside it.
    The folders on the way are resolved through symbolic links, the file's own name is kept."""
    key = portable_path(result.path) if folder is None or result.path == STDIN else _relative(result.path, folder)
    return f"{key}#{result.id}" if result.id is not None else key


def _relative(path: str, folder: str) -> str:
    full = os.path.abspath(path)
    full = os.path.join(os.path.realpath(os.path.dirname(full)), os.path.basename(full))
    try:
        return Path(os.path.relpath(full, os.path.realpath(folder))).as_posix()
    except ValueError:  # another drive (Windows): no relative path
        return Path(full).as_posix()


def create(results: list[ArticleResult], signature: str, baseline_path: str) -> str:
    """The baseline file for `results`, to be written at `baseline_path` (its paths are relative to it)."""
    folder = folder_of(baseline_path)
    articles = {
        article_key(r, folder): {
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
    folder: str | None  # the folder its paths are relative to; None: the working directory (schema 1)

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: no such baseline file (make one with `mtqa baseline create`)") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read baseline: {exc}") from None
        schema = data.get("schema") if isinstance(data, dict) else None
        if schema not in (CWD_SCHEMA, SCHEMA) or not isinstance(data.get("articles"), dict):
            raise ConfigError(f"{path}: not an mtqa baseline (schema {CWD_SCHEMA} or {SCHEMA})")
        findings: dict[str, Counter[str]] = {}
        for key, art in data["articles"].items():
            try:
                findings[key] = Counter(str(f["fingerprint"]) for f in art["findings"])
            except (KeyError, TypeError, ValueError):
                raise ConfigError(f"{path}: article {key!r} is malformed") from None
        return cls(path, findings, folder_of(path) if schema == SCHEMA else None)

    def apply(self, results: list[ArticleResult], settings: Settings) -> tuple[list[ArticleResult], BaselineInfo]:
        """Leave out known findings: the score, the penalty and the gate are those of the new ones."""
        out = []
        known_total = fixed = 0
        for r in results:
            key = article_key(r, self.folder)
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
