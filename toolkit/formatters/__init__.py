"""Formatters turn a run into text; each takes a `Run` and returns a string."""

from __future__ import annotations

from collections.abc import Callable

from . import github, gitlab, json_format, jsonl, junit, sarif, text
from .base import BaselineInfo, Run, Stream, Tally

Formatter = Callable[[Run], str]

FORMATTERS: dict[str, Formatter] = {
    "text": text.render,
    "json": json_format.render,
    "jsonl": jsonl.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
    "gitlab": gitlab.render,
}

# The formats written as the results come, each result let go once written (see `text.Stream`).
STREAMS: dict[str, Callable[[], Stream]] = {
    "text": text.Stream,
    "json": json_format.Stream,
    "jsonl": jsonl.Stream,
    "sarif": sarif.Stream,
    "junit": junit.Stream,
    "gitlab": gitlab.Stream,
}

__all__ = ["FORMATTERS", "STREAMS", "BaselineInfo", "Formatter", "Run", "Stream", "Tally"]
