"""mtqa: find machine-translation damage in English news translated from Chinese."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .config import Settings
    from .model import ArticleResult

__all__ = ["__version__", "lint_text"]


def lint_text(text: str, source: str | None = None, settings: Settings | None = None) -> ArticleResult:
    """Lint one article's English text (with its Chinese source, if known) and score it."""
    from .config import Settings
    from .engine import Linter
    from .model import Document

    linter = _linter(settings or Settings())
    return linter.lint(Document(mt=text, src=source))


_LINTERS: dict[object, object] = {}


def _linter(settings: Settings):  # type: ignore[no-untyped-def]
    from .engine import Linter

    if settings not in _LINTERS:
        _LINTERS[settings] = Linter.from_settings(settings)
    return _LINTERS[settings]
