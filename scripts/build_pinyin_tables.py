"""Build the pinyin tables of toolkit/data from pypinyin, so that a run need not import pypinyin (its
dictionaries take about 0.2 s to load) before its first article:
- surname_readings.txt: the romanised readings of the common surnames (surnames.txt, with pinyin.py's
  overrides);
- syllables.txt: the toneless pinyin syllables of every reading in pypinyin's dictionary.
The tests check both against what pypinyin gives. Usage: .venv/bin/python scripts/build_pinyin_tables.py
"""

from __future__ import annotations

from pathlib import Path

from toolkit.pinyin import computed_surnames, computed_syllables

DATA = Path(__file__).resolve().parent.parent / "toolkit" / "data"


def _write(name: str, what: str, items: frozenset[str]) -> None:
    header = f"# built by scripts/build_pinyin_tables.py with pypinyin: {what}, one a line\n"
    (DATA / name).write_text(header + "".join(f"{r}\n" for r in sorted(items)), encoding="utf-8")
    print(f"{DATA / name}: {len(items)}")


def main() -> None:
    _write("surname_readings.txt", "romanised common surnames", computed_surnames())
    _write("syllables.txt", "toneless pinyin syllables", computed_syllables())


if __name__ == "__main__":
    main()
