"""What every formatter receives: the results of one run and what is needed to explain them."""

from __future__ import annotations

import heapq
import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

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


class Tally:
    """What the end of a run reports, counted as the results stream past (they are not kept): JSON's
    `summary`, the passed and fixable counts of the text format, the worst articles and most frequent rules
    of the terminal's table."""

    def __init__(self, worst: int = 5) -> None:
        self.articles = self.passed = self.issues = self.fixable = 0
        self.severity: Counter[str] = Counter()
        self.category: Counter[str] = Counter()
        self.rules: Counter[str] = Counter()
        self._worst: list[tuple[float, int, ArticleResult]] = []  # a max-heap by (score, order), negated
        self._keep = worst

    def add(self, result: ArticleResult) -> None:
        self.articles += 1
        self.passed += result.passed
        self.issues += len(result.issues)
        self.fixable += sum(i.fix == "safe" for i in result.issues)
        self.severity.update(i.severity for i in result.issues)
        self.category.update(i.category for i in result.issues)
        self.rules.update(i.code for i in result.issues)
        entry = (-result.score, -self.articles, result)
        if len(self._worst) < self._keep:
            heapq.heappush(self._worst, entry)
        elif entry[:2] > self._worst[0][:2]:
            heapq.heapreplace(self._worst, entry)

    def worst(self) -> list[ArticleResult]:
        """The lowest-scoring articles, lowest first (on a tie, the first seen)."""
        return [r for _, _, r in sorted(self._worst, key=lambda e: (-e[0], -e[1]))]

    def as_dict(self) -> dict[str, Any]:
        """JSON's `summary`."""
        return {
            "articles": self.articles,
            "issues": self.issues,
            "by_severity": dict(self.severity),
            "by_category": dict(self.category),
        }


class Stream(Protocol):
    """A format written as the results come (`formatters.STREAMS`): its bytes are those of rendering the
    whole run at the end."""

    def article(self, run: Run, result: ArticleResult, text: str | None) -> str: ...

    def closing(self, run: Run, tally: Tally) -> Iterable[str]: ...


SLOT = "\x00mtqa-slot\x00"  # stands in for a list's items when a document is cut around them


class Spool:
    """The items of a list in a document, already laid out, kept aside until the document's end is known:
    in memory up to 1 MiB, then in a temporary file (closed when its pieces have been read)."""

    def __init__(self) -> None:
        # open for the life of the stream, closed by pieces()
        self._file = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8")  # noqa: SIM115
        self.count = 0

    def add(self, text: str, separator: str) -> None:
        """Add an item, after `separator` unless it is the first."""
        if self.count:
            self._file.write(separator)
        self._file.write(text)
        self.count += 1

    def add_json(self, item: Any, pad: str) -> None:
        """Add an item of a list of a JSON document written with indent 1; `pad`: the items' indentation."""
        self.add(json.dumps(item, ensure_ascii=False, indent=1).replace("\n", "\n" + pad), ",\n" + pad)

    def pieces(self) -> Iterator[str]:
        """The items as written, in pieces of 64 KiB."""
        self._file.seek(0)
        while piece := self._file.read(1 << 16):
            yield piece
        self._file.close()


def slot_pad(rendered: str, slot: str = SLOT) -> str:
    """The indentation of the item that stands at `slot` in a rendered document."""
    at = rendered.index(json.dumps(slot))
    return rendered[rendered.rindex("\n", 0, at) + 1 : at]


def fill_slots(rendered: str, spools: Iterable[Spool]) -> Iterator[str]:
    """The rendered document with each slot, in order, replaced by a spool's items."""
    cut = json.dumps(SLOT)
    parts = rendered.split(cut)
    yield parts[0]
    for spool, part in zip(spools, parts[1:], strict=True):
        yield from spool.pieces()
        yield part
