"""Numbers in Chinese and English text, as values: 3.63万 = 36,300, 3亿 = 300 million, 百分之三十 = 30%,
星期一 = Monday = weekday 1.

Chinese numerals written in characters (一万两千, 三千五百) are read with `cn2an`, which knows their
grammar; Arabic figures with 万/亿 scaling, percentages, months and English number words are read here.
Vague quantities (数万 "tens of thousands", 几十, 上万, 成千上万) and the number one (一 is in too many
words: 一些, 统一, 一带一路) give no value, so nothing is demanded of the translation for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

_SCALE_ZH = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 10**3}
_SCALE_EN = {
    "hundred": 10**2,
    "hundred million": 10**8,  # 亿 rendered word by word
    "thousand": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
}
_ZH_DIGITS = "零〇一二两三四五六七八九"
_ZH_UNITS = "十百千万亿"
# ASCII and full-width digits only: `\d` also takes digits of scripts newer than Python's Unicode tables
# (U+1E4F0), which float() cannot read (found by the fuzz tests)
_DIGIT = "[0-9０-９]"
_ARABIC = rf"{_DIGIT}+(?:[,，]{_DIGIT}{{3}})*(?:\.{_DIGIT}+)?"
# An Arabic figure, optionally scaled (3.63万, 1.2万亿) and optionally a percentage.
_ZH_ARABIC = regex.compile(rf"(?<![0-9０-９.])(?P<n>{_ARABIC})\s*(?P<s>万亿|亿|万|千)?\s*(?P<p>%|％)?")
# Chinese numerals: a run of digits and units, with an optional 点 decimal part (一万两千, 三点五).
_ZH_CHARS = regex.compile(rf"(?P<pre>百分之|第)?(?P<n>[{_ZH_DIGITS}{_ZH_UNITS}]+(?:点[{_ZH_DIGITS}]+)?)")
# Characters before a numeral that make it vague or part of a word.
_VAGUE_BEFORE = tuple("数几上成好近约逾超多")  # 余 comes after a number ("3万余"); 其余6只 is definite
_WORDY_BEFORE = regex.compile(r"[统唯万千第之专同单划整一]$")
# A numeral directly followed by one of these is a vague quantity ("几十", "十几", "三四个").
_VAGUE_AFTER = regex.compile(r"^[几多余来]")
_HOUR = regex.compile(r"[时点](?!多)")  # 15时, 3点: an hour of the clock, which English may give as "3 p.m."
_RANGE_ZH = regex.compile(r"\s*(?:至|到|-|—|–|~|～)\s*")
_RANGE_EN = regex.compile(r"\s*(?:to|-|–|—|and|or)\s*")
_CLASSIFIER = regex.compile(r"[个只名位家类项次条种件座所批架支辆台张人]")
# 星期一, 周日, 礼拜天: 1 is Monday, 7 is Sunday. 周天 is left out (also "a full circle").
_WEEKDAY_ZH = regex.compile(
    r"(?:星期|礼拜)(?P<d>[一二三四五六日天])|(?<![一二三四五六七八九十])周(?P<d>[一二三四五六日])"
)
_WEEKDAY_VALUE = {ch: i + 1 for i, ch in enumerate("一二三四五六日")} | {"天": 7}
_MONTH_DAY = regex.compile(
    r"(?P<m>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})月(?:(?P<d>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[日号])?"
)

_EN_WORDS: dict[str, float] = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
_EN_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90})
_EN_WORDS.update({"dozen": 12, "half": 0.5, "double": 2, "twice": 2, "triple": 3, "thrice": 3, "quarter": 0.25})
_EN_WORDS["both"] = 2  # 两个黑洞 "both black holes"
_ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()
    )
}
MONTHS = "January February March April May June July August September October November December".split()
_MONTH_INDEX = {m.lower(): i + 1 for i, m in enumerate(MONTHS)} | {m[:3].lower(): i + 1 for i, m in enumerate(MONTHS)}
_EN_NUMBER = regex.compile(
    rf"(?<![\w.]|\b(?-i:[A-Z]+)-)(?P<n>{_ARABIC.replace('[,，]', ',')})(?:st|nd|rd|th)?"  # not COVID-19, G-20
    r"(?:\s*(?P<p>%|per ?cent\b|percent\b))?"
    r"(?:[\s-]*(?P<s>hundred million|hundred|thousand|million|billion|trillion|mn|bn)\b)?",
    regex.I,
)
_EN_WORD = regex.compile(
    r"\b(?P<w>" + "|".join(sorted([*_EN_WORDS, *_ORDINALS], key=len, reverse=True)) + r")\b"
    r"(?:(?<=ty)[\s-]+(?P<w2>one|two|three|four|five|six|seven|eight|nine)\b)?"  # twenty-one, not "first two"
    r"(?P<half>\s+and\s+a\s+half\b)?"
    r"(?:\s+(?P<p>per ?cent\b|percent\b))?"
    r"(?:[\s-]+(?P<s>hundred million|hundred|thousand|million|billion|trillion)s?\b)?",
    regex.I,
)
# "a million", "per million", "half a million", "a quarter of a million": one of a scale, or a fraction of one
_EN_ONE_SCALE = regex.compile(
    r"\b(?:(?P<f>half|(?:a |one )?quarter|three quarters)\s+(?:of\s+)?)?(?:a|an|per)\s+"
    r"(?P<s>hundred|thousand|million|billion|trillion)\b",
    regex.I,
)
_FRACTION = {"half": 0.5, "quarter": 0.25, "a quarter": 0.25, "one quarter": 0.25, "three quarters": 0.75}
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_EN_WEEKDAY = regex.compile(
    r"\b(?:(?P<w>" + "|".join(WEEKDAYS) + r")s?|(?P<w>Mon|Tues?|Wed|Thu(?:rs)?|Fri|Sat|Sun)\.)(?!\w)"
)
_EN_MONTH = regex.compile(r"\b(?P<m>" + "|".join(MONTHS) + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)", 0)


@dataclass(frozen=True, slots=True)
class Number:
    """A number found in text: its span, its value, and what it counts."""

    start: int
    end: int
    value: float
    kind: str = "number"  # number | percent | month | day | weekday | hour | ordinal
    text: str = ""


def _arabic(s: str) -> float:
    return float(s.replace(",", "").replace("，", ""))


@lru_cache(maxsize=4096)
def _cn2an(text: str) -> float | None:
    import cn2an  # imported only when a Chinese source is checked

    try:
        return float(cn2an.cn2an(text.replace("两", "二"), "strict"))  # strict mode knows 二 but not 两
    except (ValueError, KeyError, IndexError):
        return None


def zh_numbers(text: str) -> list[Number]:
    """The definite numbers of a Chinese text, with dates as months and days."""
    out: list[Number] = []
    taken: list[tuple[int, int]] = []
    for m in _MONTH_DAY.finditer(text):
        month = _small(m.group("m"))
        if month and 1 <= month <= 12 and not _ZH_CHARS.match(text, m.end()) and _definite(text, m.start(), m.end()):
            out.append(Number(m.start("m"), m.end("m") + 1, month, "month", text[m.start("m") : m.end("m") + 1]))
            day = _small(m.group("d")) if m.group("d") else None
            if day and 1 <= day <= 31:
                out.append(Number(m.start("d"), m.end(), day, "day", text[m.start("d") : m.end()]))
            taken.append((m.start(), m.end()))
    for m in _WEEKDAY_ZH.finditer(text):
        if not _ZH_CHARS.match(text, m.end()):  # 周二十 is not a weekday
            out.append(Number(m.start(), m.end(), _WEEKDAY_VALUE[m.group("d")], "weekday", m.group()))
            taken.append((m.start(), m.end()))
    figures = list(_ZH_ARABIC.finditer(text))
    for k, m in enumerate(figures):
        if _inside(taken, m.start()) or not _definite(text, m.start(), m.end()):
            continue
        scale = m.group("s")
        if not scale and _range_with(text, figures, k, _RANGE_ZH):
            scale = figures[k + 1].group("s")  # "1200至1400万": the scale is shared
        value = _arabic(m.group("n")) * _SCALE_ZH.get(scale or "", 1)
        kind = "percent" if m.group("p") else "hour" if _HOUR.match(text, m.end()) and value < 25 else "number"
        out.append(Number(m.start(), m.end(), value, kind, m.group().strip()))
        taken.append((m.start(), m.end()))
    for m in _ZH_CHARS.finditer(text):
        n = m.group("n")
        if _inside(taken, m.start("n")) or not _definite(text, m.start(), m.end()):
            continue
        bare = not regex.search(f"[{_ZH_UNITS}〇零]", n) and not m.group("pre")
        # Bare digits: "五六" is "five or six", "一" is in too many words; only 2–9 before a classifier.
        if bare and (len(n) != 1 or n in "一零〇" or not _CLASSIFIER.match(text, m.end())):
            continue
        if n in _ZH_UNITS or n in ("十万", "千万", "百万", "万万", "亿万") or not n.strip("零〇"):
            continue  # 万 "ten thousand" alone is vague (万众一心); 千万 is also "be sure to"; 零件 is "parts"
        parsed = _cn2an(n)
        if parsed is None or parsed == 1:
            continue
        pre = m.group("pre")
        kind = {"百分之": "percent", "第": "ordinal"}.get(pre or "", "number")
        out.append(Number(m.start(), m.end(), parsed, kind, m.group()))
    return sorted(out, key=lambda x: x.start)


def _range_with(text: str, figures: list[regex.Match[str]], k: int, joiner: regex.Pattern[str]) -> bool:
    """Figure k starts a range with the next one ("12 to 14 million"), not "from 330,600 in 2021 to 6.3 million"."""
    if k + 1 >= len(figures) or not joiner.fullmatch(text, figures[k].end(), figures[k + 1].start()):
        return False
    return _arabic(figures[k].group("n")) <= _arabic(figures[k + 1].group("n"))


def _small(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    value = _cn2an(s)
    return int(value) if value is not None else None


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


def _definite(text: str, start: int, end: int) -> bool:
    """Not a vague quantity (数万, 十几, 上万) and not inside a word (统一, 万一)."""
    before = text[start - 1 : start]
    if before and (before in _VAGUE_BEFORE or _WORDY_BEFORE.search(before)):
        return before in "近约逾超多" and text[start : start + 1].isdigit()  # "近3万" is definite enough
    return not _VAGUE_AFTER.match(text[end : end + 1])


def en_numbers(text: str) -> list[Number]:
    """The numbers of an English text: figures, scale words, number words, ordinals, months."""
    out: list[Number] = []
    figures = list(_EN_NUMBER.finditer(text))
    for k, m in enumerate(figures):
        value = _arabic(m.group("n"))
        scale = (m.group("s") or "").lower()
        if not scale and _range_with(text, figures, k, _RANGE_EN):
            scale = (figures[k + 1].group("s") or "").lower()  # "12 to 14 million": the scale is shared
        value *= _SCALE_EN.get(scale, 1)
        kind = "percent" if m.group("p") else "number"
        out.append(Number(m.start(), m.end(), value, kind, m.group()))
    taken = []
    for m in _EN_ONE_SCALE.finditer(text):
        value = _FRACTION.get((m.group("f") or "").lower(), 1.0) * _SCALE_EN[m.group("s").lower()]
        out.append(Number(m.start(), m.end(), value, "number", m.group()))
        taken.append((m.start(), m.end()))
    for m in _EN_WORD.finditer(text):
        if _inside(taken, m.start()):
            continue
        w = m.group("w").lower()
        value = float(_EN_WORDS.get(w, _ORDINALS.get(w, 0)))
        if m.group("w2"):
            value += _EN_WORDS[m.group("w2").lower()]
        if m.group("half") and w not in _ORDINALS:
            value += 0.5
        scale = (m.group("s") or "").lower()
        value *= _SCALE_EN.get(scale, 1)
        kind = "ordinal" if w in _ORDINALS else "percent" if m.group("p") else "number"
        out.append(Number(m.start(), m.end(), value, kind, m.group()))
    for m in _EN_MONTH.finditer(text):
        key = m.group("m").rstrip(".").lower()[:3]
        if m.group("m") == "May" and not regex.match(r"\s+\d", text[m.end() :]):
            continue  # the modal verb
        out.append(Number(m.start(), m.end(), _MONTH_INDEX[key], "month", m.group()))
    for m in _EN_WEEKDAY.finditer(text):
        value = next(i + 1 for i, day in enumerate(WEEKDAYS) if day.startswith(m.group("w")))
        out.append(Number(m.start(), m.end(), value, "weekday", m.group()))
    return sorted(out, key=lambda x: x.start)


# Numerals a reading may leave behind: digits, and characters that are numerals wherever they stand.
_NUMERAL_LEFT = regex.compile(r"\d|[二两三四五六七八九十百千万亿]|一(?=[十百千万亿])")


def unread(text: str, numbers: list[Number]) -> bool:
    """The text has numerals outside every number read from it (vague ones like 一万六七千, 8000多)."""
    spans = [(n.start, n.end) for n in numbers]
    return any(not _inside(spans, m.start()) for m in _NUMERAL_LEFT.finditer(text))


def same(a: float, b: float) -> bool:
    """Equal, allowing the rounding a translation may apply (36,300 as "36.3 thousand", 0.5%)."""
    return abs(a - b) <= 0.005 * max(abs(a), abs(b))


def scale_error(source: float, target: float) -> bool:
    """The same digits at a different power of ten (3.63万 rendered 3.63 thousand or 363,000)."""
    if source <= 0 or target <= 0 or same(source, target):
        return False
    return any(same(source * 10**k, target) or same(source, target * 10**k) for k in range(1, 13))


def english(value: float) -> str:
    """A value written as an English translation would: 36,300; 1.5 million; 300 million; 3.7."""
    for word, scale in (("trillion", 10**12), ("billion", 10**9), ("million", 10**6)):
        if abs(value) >= scale:
            return f"{_plain(value / scale)} {word}"
    return _plain(value)


def _plain(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


# --- money -------------------------------------------------------------------------------------

# Chinese currency words and the ISO code each names. Bare 元 is the renminbi only after a numeral
# (元旦, 单元, 多元, 公元 are not money).
_ZH_CURRENCY = regex.compile(
    r"(?P<c>美元|美金|新加坡元|新元|港元|港币|澳元|加元|欧元|日元|英镑|韩元|卢布|新台币|人民币)"
    r"|(?<=[\d〇零一二两三四五六七八九十百千万亿]|[\d十百千万][多余])(?P<c>元|块钱)"
)
_ZH_CODES = {
    "美元": "USD", "美金": "USD", "新加坡元": "SGD", "新元": "SGD", "港元": "HKD", "港币": "HKD",
    "澳元": "AUD", "加元": "CAD", "欧元": "EUR", "日元": "JPY", "英镑": "GBP", "韩元": "KRW",
    "卢布": "RUB", "新台币": "TWD", "人民币": "CNY", "元": "CNY", "块钱": "CNY",
}  # fmt: skip
DOLLARS = frozenset({"USD", "SGD", "HKD", "AUD", "CAD", "TWD"})
# English currency mentions: a symbol before the figure or a word after it. Bare "$" and "dollars"
# stand for any dollar; "¥" for the yuan or the yen. Not bare "won" or "pounds" ("in 2022 won",
# "5 pounds" of weight), and "yuan" without a figure only in lower case (not the surname Yuan).
_EN_CURRENCY = regex.compile(
    r"(?P<sym>US\$|S\$|HK\$|A\$|C\$|NT\$|\$|€|£|¥|￥|RMB|CNY|USD|SGD|HKD|EUR|JPY|GBP)(?=\s?\d)"
    r"|(?<=\d[\d,.]*\s?(?:(?:hundred|thousand|million|billion|trillion|mn|bn)\s)?"
    r"|(?:hundreds|thousands|millions|billions) of )"
    r"(?P<word>(?:U\.?S\.?|American|Singapore|Hong Kong|Australian|Canadian|(?:New )?Taiwan)\s+dollars?"
    r"|(?:South )?Korean won|dollars?|yuan|renminbi|RMB|euros?|yen|(?:British )?pounds sterling|British pounds"
    r"|r[ou]bles?)\b"
    r"|(?P<word>(?:U\.?S\.?|American|Singapore|Hong Kong|Australian|Canadian)\s+dollars|(?-i:yuan|renminbi))\b",
    regex.I,
)
_EN_CODES = {
    "us$": {"USD"}, "s$": {"SGD"}, "hk$": {"HKD"}, "a$": {"AUD"}, "c$": {"CAD"}, "nt$": {"TWD"},
    "$": set(DOLLARS), "€": {"EUR"}, "£": {"GBP"}, "¥": {"CNY", "JPY"}, "￥": {"CNY", "JPY"},
    "rmb": {"CNY"}, "cny": {"CNY"}, "yuan": {"CNY"}, "renminbi": {"CNY"}, "usd": {"USD"},
    "sgd": {"SGD"}, "hkd": {"HKD"}, "eur": {"EUR"}, "jpy": {"JPY"}, "gbp": {"GBP"},
    "dollar": set(DOLLARS), "euro": {"EUR"}, "yen": {"JPY"}, "pounds sterling": {"GBP"},
    "british pounds sterling": {"GBP"}, "british pound": {"GBP"}, "korean won": {"KRW"},
    "south korean won": {"KRW"}, "ruble": {"RUB"}, "rouble": {"RUB"},
    "us dollar": {"USD"}, "american dollar": {"USD"}, "singapore dollar": {"SGD"},
    "hong kong dollar": {"HKD"}, "australian dollar": {"AUD"}, "canadian dollar": {"CAD"},
    "taiwan dollar": {"TWD"}, "new taiwan dollar": {"TWD"},
}  # fmt: skip
CURRENCY_NAMES = {"CNY": "yuan", "USD": "US dollars", "SGD": "Singapore dollars", "HKD": "Hong Kong dollars",
                  "AUD": "Australian dollars", "CAD": "Canadian dollars", "EUR": "euros", "JPY": "yen",
                  "GBP": "pounds", "KRW": "won", "RUB": "rubles", "TWD": "New Taiwan dollars"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Money:
    """A currency mention: its span (with the figure it qualifies, if read), the currencies it may name,
    and that figure's value."""

    start: int
    end: int
    codes: frozenset[str]
    text: str
    amount: float | None = None
    figure: str | None = None  # the figure's own words ("150 million" of "$150 million")


def zh_currencies(text: str) -> list[Money]:
    return [
        Money(m.start(), m.end(), frozenset({_ZH_CODES[m.group("c")]}), m.group()) for m in _ZH_CURRENCY.finditer(text)
    ]


def en_currencies(text: str) -> list[Money]:
    """Currency mentions of an English text, each with the figure it qualifies: "$1.5 million",
    "150 million yuan", "RMB 10 billion"."""
    figures = [n for n in en_numbers(text) if n.kind == "number" and text[n.start : n.start + 1].isdigit()]
    out = []
    for m in _EN_CURRENCY.finditer(text):
        raw = regex.sub(r"\s+", " ", (m.group("sym") or m.group("word")).lower())
        key = raw.removesuffix("s").replace(".", "") if m.group("word") else raw
        codes = _EN_CODES[key]
        if m.group("sym"):
            beside = [n for n in figures if n.start >= m.end() and regex.fullmatch(r"\s?", text[m.end() : n.start])]
        else:
            beside = [n for n in figures if n.end <= m.start() and regex.fullmatch(r"\s?", text[n.end : m.start()])]
        if beside:
            n = beside[0] if m.group("sym") else beside[-1]
            start, end = min(m.start(), n.start), max(m.end(), n.end)
            out.append(Money(start, end, frozenset(codes), text[start:end], n.value, text[n.start : n.end]))
        else:
            out.append(Money(m.start(), m.end(), frozenset(codes), m.group()))
    return out
