"""The seed articles: every instance the core issue names is flagged, and 004 scores worst by far."""

from __future__ import annotations

import pytest

from toolkit.engine import Linter
from toolkit.model import Document
from toolkit.textio import read_documents

from .conftest import FIXTURES, SEEDS, seed

# (seed, rule code, text the issue's span must contain)
NAMED = [
    ("000", "MT101", "大汉网络"),
    ("000", "MT803", "Copyright 2006"),
    ("000", "MT804", "Produced By"),
    ("000", "MT304", "Yun"),
    ("000", "MT502", "On yesterday"),
    ("000", "MT206", "production resumption"),
    ("000", "MT202", "precise poverty alleviation"),
    ("000", "MT401", "welcome"),
    ("000", "MT402", "hangzhou"),
    ("001", "MT801", "Home>Hot News"),
    ("001", "MT802", "Eyesight Protection:"),
    ("001", "MT802", "print】 【close"),
    ("001", "MT102", "】 【"),
    ("001", "MT202", "precision alleviation of poverty"),
    ("001", "MT503", "the 25th"),
    ("001", "MT603", "in in"),
    ("001", "MT407", "Pu'an"),
    ("002", "MT211", "counties (cities)"),  # 县（市）: the Chinese document's alternate unit in brackets
    ("003", "MT701", "Malipo Country"),
    ("003", "MT407", "Jing'an"),
    ("004", "MT301", "Hao Pengsun Li Jun"),
    ("004", "MT302", "sun Lijun"),
    ("004", "MT602", "sun Lijun thank"),
    ("004", "MT602", "Hao Peng hope"),
    ("004", "MT401", "talks"),
    ("004", "MT401", "he"),
    ("004", "MT402", "china"),
    ("004", "MT501", "11 30"),
    ("004", "MT201", "rural electricity providers"),
    ("004", "MT201", "electricity supplier of agricultural products"),
    ("004", "MT202", "precise poverty alleviation"),
    ("004", "MT202", "precise poverty"),
    ("004", "MT601", "talks with"),
    ("004", "MT601", "of the"),
    ("004", "MT406", "governor"),
    ("004", "MT902", "four major solid"),
    ("004", "MT805", "Leave a Reply"),
    ("004", "MT805", "Required fields are marked *"),
]


def _lint(linter: Linter, prefix: str):  # type: ignore[no-untyped-def]
    (doc,) = read_documents(str(seed(prefix)))
    assert isinstance(doc, Document)
    return linter.lint(doc)


@pytest.mark.parametrize(("prefix", "code", "text"), NAMED, ids=lambda v: str(v))
def test_named_seed_instances_are_flagged(linter: Linter, prefix: str, code: str, text: str) -> None:
    result = _lint(linter, prefix)
    assert any(i.code == code and text in i.text for i in result.issues), (
        f"{code} should flag {text!r} in seed {prefix}: {[(i.code, i.text) for i in result.issues]}"
    )


def test_004_scores_lowest_by_ten_points(linter: Linter) -> None:
    scores = {p: _lint(linter, p).score for p in ("000", "001", "002", "003", "004")}
    others = [s for p, s in scores.items() if p != "004"]
    assert scores["004"] + 10 <= min(others), scores


def test_offsets_slice_the_text(linter: Linter) -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        (doc,) = read_documents(str(path))
        assert isinstance(doc, Document)
        result = linter.lint(doc)
        lines = doc.mt.split("\n")
        for i in result.issues:
            assert doc.mt[i.start : i.end] == i.text
            assert lines[i.line - 1][i.column - 1 :].startswith(i.text.split("\n")[0])


def test_correct_pinyin_names_are_never_flagged(linter: Linter) -> None:
    correct = [
        "Yuan Jiajun",
        "Chen Yiqin",
        "Sun Zhigang",
        "Gao Guofei",
        "Liu Zhiyong",
        "Xi Jinping",
        "Zhang Guangrong",
        "Tong Zhiyun",
        "Li Qiang",
        "Hu Wei",
        "Peng Xuhui",
        "Xiao Mingliang",
        "Qiu Dongyao",
    ]
    for prefix in ("000", "001", "002", "003", "004"):
        for i in _lint(linter, prefix).issues:
            # a finding may contain a name (an agreement error after it, a title before it, a whole sentence
            # with several problems or run on, a credit line reported as page furniture) but never report the
            # name itself
            allowed = i.code in ("MT602", "MT406", "MT615", "MT604") or i.category == "Design and markup"
            assert not any(name in i.text for name in correct) or allowed, (i.code, i.text)


def test_clean_news_prose_has_no_findings(linter: Linter) -> None:
    (doc,) = read_documents(str(FIXTURES / "clean_news.txt"))
    assert isinstance(doc, Document)
    result = linter.lint(doc)
    assert result.issues == ()
    assert result.score == 100.0 and result.passed
