"""mtqa: find machine-translation damage in English news translated from Chinese."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .config import Settings
    from .engine import Linter
    from .model import ArticleResult

__all__ = ["__version__", "lint_text"]


def lint_text(text: str, source: str | None = None, settings: Settings | None = None) -> ArticleResult:
    """Lint one article's English text (with its Chinese source, if known) and score it."""
    from .config import Settings
    from .model import Document

    return _linter(settings or Settings()).lint(Document(mt=text, src=source))


@lru_cache(maxsize=16)
def _linter(settings: Settings) -> Linter:
    from .engine import Linter

    return Linter.from_settings(settings)
