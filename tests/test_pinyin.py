"""Pinyin machinery: syllables from pypinyin, the surname list, name shapes."""

from __future__ import annotations

from toolkit import pinyin


def test_syllables_and_split() -> None:
    assert {"zhuang", "lv", "a", "xiong"} <= pinyin.syllables()
    assert pinyin.split("Pengsun") == ("peng", "sun")
    assert pinyin.split("Qianxi’nan") == ("qian", "xi", "nan")
    assert pinyin.split("Said") is None


def test_surnames_use_surname_readings() -> None:
    s = pinyin.surnames()
    assert {"wang", "zeng", "shan", "ouyang", "zhuge", "hao", "sun"} <= s
    assert "ceng" not in s


def test_given_names_exclude_english_words() -> None:
    assert pinyin.is_given_name("Lijun") and pinyin.is_given_name("Yun")
    assert not pinyin.is_given_name("Change") and not pinyin.is_given_name("lijun")
