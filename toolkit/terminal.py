"""Terminal niceties with `rich`: a progress bar with ETA, coloured severities and a closing summary.

The progress bar and the summary table appear only when standard error is a terminal and not in CI
(the `CI` variable), so logs and pipes stay plain; colour follows the NO_COLOR convention.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, TypeVar

from .formatters.base import Tally, where

if TYPE_CHECKING:
    from rich.table import Table

# rich is imported where it is used: a plain `mtqa lint` in a pipe never needs it, and start-up stays short.

T = TypeVar("T")


def interactive(stream: IO[str] | None = None) -> bool:
    stream = stream or sys.stderr
    return stream.isatty() and not os.environ.get("CI")


def use_color(stream: IO[str]) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def progress(items: list[T], label: str, enabled: bool) -> Iterator[T]:
    """Iterate, showing a transient progress bar with an ETA on standard error when enabled."""
    if not enabled or len(items) < 2:
        yield from items
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=len(items))
        for item in items:
            yield item
            bar.advance(task)


def summary_table(tally: Tally, top: int = 5) -> Table:
    from rich.table import Table

    table = Table(
        title=f"{tally.articles} articles: {tally.passed} passed, {tally.articles - tally.passed} failed",
        title_justify="left",
    )
    table.add_column("worst articles")
    table.add_column("score", justify="right")
    table.add_column("most frequent rules")
    table.add_column("n", justify="right")
    worst_rows = tally.worst()
    rules = tally.rules.most_common(top)
    for k in range(max(len(worst_rows), len(rules))):
        r = worst_rows[k] if k < len(worst_rows) else None
        code, n = rules[k] if k < len(rules) else ("", 0)
        name = where(r) if r else ""
        score = f"{r.score:.1f}" + ("" if r.passed else " ✗") if r else ""
        table.add_row(name, score, code, str(n) if n else "")
    return table


def print_summary(tally: Tally) -> None:
    from rich.console import Console

    Console(stderr=True, no_color="NO_COLOR" in os.environ).print(summary_table(tally))
