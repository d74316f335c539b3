"""Formatters turn a run's results into text; each takes the same inputs and returns a string."""

from __future__ import annotations

from collections.abc import Callable

from ..model import ArticleResult
from ..textio import Failure
from . import json_format, text

Formatter = Callable[[list[ArticleResult], list[Failure], str], str]

FORMATTERS: dict[str, Formatter] = {"text": text.render, "json": json_format.render}
