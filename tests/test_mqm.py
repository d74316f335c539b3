"""Span arithmetic against hand-made MQM TSV files, and the dev-set bar of the core issue."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.engine import Linter
from toolkit.model import Document, Issue
from toolkit.mqm import chance_overlap, evaluate, kendall_tau_b, mqm_weight, read_marot

from .conftest import SHARED

HEADER = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n"


def _tsv(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "mqm.tsv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_spans_raters_source_side_and_whitespace_variants(tmp_path: Path) -> None:
    path = _tsv(
        tmp_path,
        [
            "A\td\t1\t1\tr1\t源\tHe <v>say</v> yes.\tFluency/Grammar\tMinor",
            "A\td\t1\t1\tr2\t源\tHe  say <v>yes</v>.\tAccuracy/Mistranslation\tMajor",  # extra space
            "A\td\t1\t1\tr2\t<v>源</v>\tHe say yes.\tAccuracy/Omission\tMajor",  # span in the source
            "A\td\t1\t1\tr3\t源\tHe say yes.\tNo-error\tNo-error",
            "A\td\t1\t1\tr3\t源\tHe say yes.\tSource issue\tMinor",
            "A\td\t1\t1\tr4\t源\tHe <v>say</v> yes.\tFound\tHOTW-test",
            "B\td\t1\t1\tr1\t源\tAll good.\tNo-error\tNo-error",
        ],
    )
    a, b = read_marot(path)
    assert a.target == "He say yes."
    assert [(s.rater, a.target[s.start : s.end], s.severity) for s in a.spans] == [
        ("r1", "say", "Minor"),
        ("r2", "yes", "Major"),
    ]
    assert a.penalties == {"r1": 1.0, "r2": 10.0, "r3": 0.0}
    assert a.mqm_penalty == pytest.approx(11 / 3)
    assert b.clean and not a.clean and b.mqm_penalty == 0


def test_weights() -> None:
    assert mqm_weight("Major", "Accuracy/Mistranslation") == 5
    assert mqm_weight("Minor", "Fluency/Punctuation") == 0.1
    assert mqm_weight("Major", "Non-translation!") == 25


def test_precision_recall_and_chance(tmp_path: Path) -> None:
    path = _tsv(
        tmp_path,
        [
            "A\td\t1\t1\tr1\t源\tabcd<v>ef</v>ghij\tFluency/Grammar\tMajor",
            "A\td\t1\t2\tr1\t源\tklmnopqrst\tNo-error\tNo-error",
        ],
    )
    segments = read_marot(path)

    def fake(text: str) -> list[Issue]:
        def issue(a: int, b: int) -> Issue:
            return Issue("MT999", "x", "c", "minor", a, b, 1, a + 1, 1, b + 1, text[a:b], "m", (), "t")

        return [issue(5, 7), issue(0, 2)] if text.startswith("abcd") else [issue(0, 1)]

    r = evaluate(segments, fake)
    assert r["flags"] == 3
    assert r["precision"] == pytest.approx(1 / 3)
    assert r["recall"] == 1.0 and r["major_recall"] == 1.0
    # flags of length 2 in a 10-character segment with span [4, 6): 3 of 9 positions overlap
    assert chance_overlap(2, 10, segments[0].spans) == pytest.approx(3 / 9)
    assert r["chance"] == pytest.approx((3 / 9 + 3 / 9 + 0) / 3)
    assert r["false_alarms_per_1000_words"] == pytest.approx(1000.0)


def test_kendall_tau_b_with_ties() -> None:
    assert kendall_tau_b([1, 2, 3], [1, 2, 3]) == pytest.approx(1.0)
    assert kendall_tau_b([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    # scipy.stats.kendalltau([1, 1, 2, 3], [1, 2, 2, 3]) == 0.8
    assert kendall_tau_b([1, 1, 2, 3], [1, 2, 2, 3]) == pytest.approx(0.8)


NEWS = SHARED / "mqm" / "zhen_news2023_dev.tsv"


@pytest.mark.skipif(not NEWS.is_file(), reason=f"{NEWS} not present")
def test_dev_set_meets_the_core_bar(linter: Linter) -> None:
    r = evaluate(read_marot(NEWS), lambda t: list(linter.lint(Document(mt=t)).issues))
    assert r["flags"] >= 50
    assert r["precision"] >= 0.65 and r["precision"] - r["chance"] >= 0.15, r
    assert r["major_precision"] > r["major_chance"]
    assert r["false_alarms_per_1000_words"] <= 2.0
    assert r["system_pearson"] > 0
