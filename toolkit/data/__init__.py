"""Tables built at build time from libraries a run need not load (scripts/build_lexicon.py,
scripts/build_pinyin_tables.py)."""

from __future__ import annotations

from importlib.resources import files


def lines(name: str) -> list[str]:
    """The lines of a table of this folder, without its comment lines (`#`) and blank ones."""
    text = files(__name__).joinpath(name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]
