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


def test_the_pinyin_tables_are_what_pypinyin_gives() -> None:
    """toolkit/data/surname_readings.txt and syllables.txt are built by scripts/build_pinyin_tables.py:
    rebuild them when surnames.txt, the overrides or pypinyin change."""
    from toolkit.pinyin import computed_surnames, computed_syllables, surnames, syllables

    assert surnames() == computed_surnames() and {"wang", "ouyang", "shan", "zeng"} <= surnames()
    assert syllables() == computed_syllables() and {"zhuang", "lyu", "xi", "an"} <= syllables()


def test_the_misread_surnames_are_readings_pypinyin_gives_their_characters() -> None:
    """MT303 compares two surnames only when they are two readings of one character (覃: Qin, Tan)."""
    from pypinyin import Style, pinyin

    from toolkit.pinyin import MISREAD_SURNAMES, misread_surnames

    for han, (surname, common) in MISREAD_SURNAMES.items():
        readings = set(pinyin(han, style=Style.NORMAL, heteronym=True)[0])
        assert {surname, common} <= readings, (han, readings)
    assert misread_surnames("Tan", "Qin") and not misread_surnames("Wang", "Li")
