"""What every formatter receives: the results of one run and what is needed to explain them."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..config import Settings
from ..model import ArticleResult, Document, Issue, RuleSpec
from ..textio import Failure


@dataclass(frozen=True, slots=True)
class BaselineInfo:
    """How a baseline filtered the run: findings hidden because known, and known findings now gone."""

    path: str
    known: int
    fixed: int


@dataclass(frozen=True, slots=True)
class Run:
    results: list[ArticleResult]
    failures: list[Failure]
    signature: str
    settings: Settings = field(default_factory=Settings)
    rules: tuple[RuleSpec, ...] = ()  # the enabled rules, for formats that carry rule metadata
    baseline: BaselineInfo | None = None
    color: bool = False  # text: ANSI colours for severities (a terminal without NO_COLOR)
    quiet: bool = False  # text: issues only, no summary lines
    # text: each article's text by (path, id), to show a finding's line with a caret under it
    texts: dict[tuple[str, str | None], str] = field(default_factory=dict)


# The level of a severity in the CI formats that know only error/warning (SARIF, GitHub annotations).
LEVELS = {"critical": "error", "major": "error", "minor": "warning"}


def score_shortfall(run: Run, result: ArticleResult) -> str:
    """Why an article with no blocking issue failed the gate."""
    return f"score {result.score:.1f} is below the gate of {run.settings.min_score:g}"


def where(article: ArticleResult | Document) -> str:
    """How an article is named in messages: its path, with `#id` for a record of a JSONL file."""
    return f"{article.path}#{article.id}" if article.id is not None else article.path


def with_hint(issue: Issue) -> str:
    """The message with the suggested fix(es) in parentheses."""
    return f"{issue.message} ({' | '.join(issue.suggestions)})" if issue.suggestions else issue.message


def baseline_line(info: BaselineInfo) -> str:
    return f"baseline {info.path}: {info.known} known finding(s) not reported, {info.fixed} fixed since it was made"
