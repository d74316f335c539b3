"""JSON Lines: one article a line, as JSON's `articles[]` entries, written as each result is made; the
last line holds what only the end of the run knows: `{"summary": …, "errors": […], "signature": …}`."""

from __future__ import annotations

import json
from typing import Any

from ..model import ArticleResult
from .base import Run, Tally
from .json_format import result_dict


def line(result: ArticleResult) -> str:
    return json.dumps(result.to_json(), ensure_ascii=False) + "\n"


def closing(run: Run, tally: Tally) -> str:
    whole = result_dict(run)
    last: dict[str, Any] = {k: whole[k] for k in ("schema", "tool", "signature", "summary", "errors", "settings")}
    last["summary"] = {**tally.as_dict(), **{k: v for k, v in whole["summary"].items() if k == "baseline"}}
    return json.dumps(last, ensure_ascii=False) + "\n"


class Stream:
    """JSON Lines written as the results come (the same interface as `json_format.Stream`)."""

    def article(self, run: Run, result: ArticleResult, text: str | None) -> str:
        return line(result)

    def closing(self, run: Run, tally: Tally) -> list[str]:
        return [closing(run, tally)]


def render(run: Run) -> str:
    """The whole run at once (where results are filtered after the run: baselines, changed lines)."""
    tally = Tally()
    for r in run.results:
        tally.add(r)
    return "".join(line(r) for r in run.results) + closing(run, tally)
