"""mtqa: find machine-translation damage in English news translated from Chinese."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from .config import Settings
    from .engine import Linter
    from .model import ArticleResult
    from .run import Outcome

__all__ = ["__version__", "lint_paths", "lint_text"]


def lint_text(text: str, source: str | None = None, settings: Settings | None = None) -> ArticleResult:
    """Lint one article's English text (with its Chinese source, if known) and score it."""
    from .config import Settings
    from .model import Document

    return _linter(settings or Settings()).lint(Document(mt=text, src=source))


def lint_paths(paths: Iterable[str], settings: Settings | None = None, jobs: int = 1) -> Iterator[Outcome]:
    """Lint files and folders as `mtqa lint` does, through the same run layer: an `Outcome` (its
    `result`, or its `failures`) per document or unreadable input, in input order, as each is made."""
    from .config import Settings
    from .run import lint_stream
    from .textio import Sources, expand_paths

    s = settings or Settings()
    files = expand_paths(paths, s.extensions, s.source_suffix, s.exclude, s.respect_gitignore)
    yield from lint_stream(_linter(s), files, Sources(s.source_suffix, s.target_suffix), jobs=jobs)


@lru_cache(maxsize=16)
def _linter(settings: Settings) -> Linter:
    from .engine import Linter

    return Linter.from_settings(settings)
