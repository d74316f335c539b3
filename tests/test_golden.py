"""Golden output on the seeds, and the README kept true. Regenerate on purpose: MTQA_REGEN=1 pytest."""

from __future__ import annotations

import os

from click.testing import CliRunner

from toolkit.catalog import all_rules
from toolkit.cli import main

from .conftest import FIXTURES, ROOT

GOLDEN = FIXTURES / "seeds.golden.txt"


def _seeds_output() -> str:
    result = CliRunner().invoke(main, ["lint", "--isolated", "seeds"], catch_exceptions=False)
    return result.stdout


def test_seeds_text_output_is_pinned(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    out = _seeds_output()
    if os.environ.get("MTQA_REGEN"):
        GOLDEN.write_text(out, encoding="utf-8")
    assert out == GOLDEN.read_text(encoding="utf-8")


def test_readme_lists_every_rule_and_the_real_seed_scores(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code, rule in all_rules().items():
        assert f"| {code} | {rule.slug} | {rule.severity} | {rule.status} |" in readme, code
    shown = [ln for ln in readme.splitlines() if ln.startswith("seeds/") and ": score " in ln]
    actual = [ln for ln in _seeds_output().splitlines() if ": score " in ln]
    assert shown == actual
