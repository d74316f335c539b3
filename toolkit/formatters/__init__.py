"""Formatters turn a run into text; each takes a `Run` and returns a string."""

from __future__ import annotations

from collections.abc import Callable

from . import github, gitlab, json_format, jsonl, junit, sarif, text
from .base import BaselineInfo, Run

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

__all__ = ["FORMATTERS", "BaselineInfo", "Formatter", "Run"]
