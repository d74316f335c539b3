"""A house vocabulary that works without a Chinese source, as Vale's vocabularies do.

`vocabulary = "vocab"` in the config names a folder holding `accept.txt` and `reject.txt`, one entry per
line (`#` starts a comment):
- accepted terms ("Xi'an", "Party Congress", "Hao Peng") are not reported by the target-only rules (a
  finding that lies inside an occurrence is dropped) and are enforced in their written form: the same
  words in another case ("party congress") are reported (MT904);
- rejected terms are reported wherever they occur, whole words, any case (MT903); `term => replacement`
  gives the word to use instead.
Entries are literal text, not patterns, so that editors can keep the lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from .catalog import CatalogError


class VocabularyError(CatalogError):
    """A vocabulary folder that cannot be read; the message names the file."""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    accept: tuple[str, ...] = ()
    reject: tuple[tuple[str, str | None], ...] = ()  # (term, replacement)

    @property
    def accepted(self) -> regex.Pattern[str] | None:
        return _pattern(self.accept)

    @property
    def rejected(self) -> regex.Pattern[str] | None:
        return _pattern(tuple(t for t, _ in self.reject))


NONE = Vocabulary()  # no vocabulary configured


@lru_cache(maxsize=64)
def _pattern(terms: tuple[str, ...]) -> regex.Pattern[str] | None:
    """The terms as whole words, in any case (the accepted ones are then compared with their form)."""
    if not terms:
        return None
    alternatives = "|".join(regex.escape(t) for t in sorted(terms, key=len, reverse=True))
    return regex.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", regex.IGNORECASE)


def _entries(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise VocabularyError(f"{path}: cannot read: {exc}") from exc
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


@lru_cache(maxsize=8)
def load_vocabulary(folder: str) -> Vocabulary:
    """The vocabulary in a folder (`accept.txt`, `reject.txt`); an empty one for "" (none configured)."""
    if not folder:
        return NONE
    root = Path(folder)
    if not root.is_dir():
        raise VocabularyError(f"{folder}: vocabulary folder not found (it holds accept.txt and reject.txt)")
    if not (root / "accept.txt").is_file() and not (root / "reject.txt").is_file():
        raise VocabularyError(f"{folder}: holds neither accept.txt nor reject.txt")
    reject = []
    for line in _entries(root / "reject.txt"):
        term, _, instead = line.partition("=>")
        if not term.strip():
            raise VocabularyError(f"{root / 'reject.txt'}: an entry needs a term before '=>': {line!r}")
        reject.append((term.strip(), instead.strip() or None))
    return Vocabulary(tuple(_entries(root / "accept.txt")), tuple(reject))
