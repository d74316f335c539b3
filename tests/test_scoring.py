"""MQM-style scores, pass/fail, the signature and the Python API."""

from __future__ import annotations

import pytest

from toolkit import lint_text
from toolkit.config import Settings, load_settings

CALQUE = "They discussed precise poverty alleviation. "  # one major issue, 5 words


def test_score_is_penalty_per_reference_words() -> None:
    text = CALQUE + "The county grew rice and tea for the city markets. " * 9  # 5 + 9 * 10 = 95 words
    r = lint_text(text)
    assert r.words == 95 and r.penalty == 5
    assert r.score == pytest.approx(round(100 - 5 * 250 / 95, 1))
    raw = lint_text(text, settings=Settings(reference_words=100))
    assert raw.score == pytest.approx(round(100 - 5 * 100 / 95, 1))
    assert not r.passed  # a major issue fails the default gate
    assert lint_text(text, settings=Settings(fail_on="critical", min_score=80)).passed


def test_weights_are_configurable() -> None:
    r = lint_text(CALQUE, settings=Settings(weights=(("minor", 1.0), ("major", 2.0), ("critical", 25.0))))
    assert r.penalty == 2


def test_a_minor_punctuation_error_costs_a_tenth_as_in_wmt_mqm(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = "The county grew rice,and tea for the city markets. The town sold fish to the county."
    r = lint_text(text, settings=Settings(grammar="off"))
    assert [(i.code, i.category, i.severity) for i in r.issues] == [("MT409", "Fluency/Punctuation", "minor")]
    assert r.penalty == pytest.approx(0.1)
    config = tmp_path / "mtqa.toml"
    config.write_text('grammar = "off"\nweights = { minor-punctuation = 1 }\n', encoding="utf-8")
    assert lint_text(text, settings=load_settings(config)).penalty == 1
    assert "w:1/5/25/1|" in lint_text(text, settings=load_settings(config)).signature


def test_short_texts_are_marked_insufficient() -> None:
    r = lint_text("welcome to hangzhou!")
    assert r.insufficient_sample and r.passed  # only minor issues; score bar not applied
    assert r.score < 100


def test_clean_text_scores_100() -> None:
    r = lint_text("The county grew rice and tea for the city markets.")
    assert r.issues == () and r.score == 100.0 and r.passed


def test_signature_names_the_settings() -> None:
    sig = lint_text("x").signature
    assert sig.startswith("mtqa:") and "packs:core@1,grammar@2" in sig and "grammar:harper-" in sig
    assert "w:1/5/25/0.1|" in sig and "grammar:off" in lint_text("x", settings=Settings(grammar="off")).signature
    assert lint_text("x", settings=Settings(ignore=("MT2",))).signature != sig
