"""Leftover Chinese: Han characters, CJK punctuation and mojibake inside English text."""

from __future__ import annotations

from collections.abc import Iterator

import ftfy
import regex
from ftfy.badness import BADNESS_RE

from .. import pinyin
from ..context import Context
from ..model import Hit, RuleSpec

# Full-width (CJK) punctuation; inside a Chinese run, the ideographic space, em dash and ellipsis belong too.
_FULLWIDTH = r"\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_IN_HAN_RUN = rf"{_FULLWIDTH}\u3000\u2014\u2026"
# A run of Chinese, with the figures inside it ("2015年3期", the third issue of 2015: one phrase left, not two)
_HAN_RUN = regex.compile(rf"\p{{Han}}(?:[\p{{Han}}{_IN_HAN_RUN}\s\d]*\p{{Han}})?[{_IN_HAN_RUN}]?")
# Outside Chinese only the full-width marks count: English uses em dashes and ellipses too, but one ellipsis
# at a time (Chinese writes "……", six dots).
_CJK_PUNCT_RUN = regex.compile(rf"[{_FULLWIDTH}](?:[ \t]*[{_FULLWIDTH}])*|…(?:…)+")
# GBK bytes of Chinese quotes read as Latin-1 ("Mianyang¡¯s"); ftfy does not cover this code page.
_GBK_QUOTES = {"¡¯": "’", "¡®": "‘", "¡°": "“", "¡±": "”", "¡ª": "—", "¡¢": "、", "¡£": "。"}
_GBK_RE = regex.compile("|".join(map(regex.escape, _GBK_QUOTES)))
_FULLWIDTH_TO_ASCII = {"，": ",", "。": ".", "；": ";", "：": ":", "！": "!", "？": "?", "（": "(", "）": ")"}


# The Chinese of a word or quotation given in brackets right after it, as a gloss: "hanfu (汉服)",
# "Nüshu（女书）", "“lucid waters and lush mountains are invaluable assets” (绿水青山就是金山银山)", with its
# pinyin or a Latin word after it in the brackets: "the Start of Spring (立春, lichun)", "(中国领事 APP)".
# A travel guide's entry goes on inside the brackets: "Xīdì (西递; ¥104; 7am to 5pm)", "Daocheng county ( 稻城县)".
# In quotation marks inside the brackets too ("for “demolish” (“拆”)"), and a Chinese title of several phrases
# ("… for Three Days” (回村三天,二舅治好了我的精神内耗)).
_GLOSSED = regex.compile(r"[\p{Latin}\d][’'.\"”]{0,2}[ \t]?[(（][ \t]?[“\"‘']?$")
_GLOSS_END = regex.compile(
    r"(?:[,;，；]?[ \t]*[\p{Latin}][\p{Latin} \t'’-]{0,40})?[”\"’']?[)）]|[ \t]*[,;，；¥$][^()（）\n\p{Han}]{0,60}[)）]"
    r"|[,;][ \t]?\p{Han}[^()（）\n]{0,60}?[)）]"
)
# A name or phrase in pinyin with its tones, and its characters after it, perhaps after its own stop: "Xīdì 西递" (a
# guidebook's heading), "Xīn Nián Kuài Lè! 新年快乐!"; machine translation writes no tone marks.
_TONED_NAME = regex.compile(r"\p{Lu}\p{Latin}*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]\p{Latin}*[!?.,:;]?[ \t]$")


# The words before a run, for its pinyin spelt out right before it: "paper-cutting (or jianzhi 剪纸)"
_WORDS_BEFORE = regex.compile(r"((?:\p{Latin}+[ \t'’-]?){1,6})[ \t\"”’']*[(（]?[@＠]?[\"“‘']?[ \t]?$")
# The words after a run, for its pinyin spelt out right after it: "in 云浮 Yunfu, 汕尾 Shanwei", "长城 (Changcheng)"
_WORDS_AFTER = regex.compile(r"[ \t]?[(（]?[\"“‘']?((?:\p{Latin}+[ \t'’-]?){1,6})")


def _after_its_pinyin(text: str, start: int, han: str) -> bool:
    """The characters follow their own reading in pinyin, toneless: "jianzhi 剪纸", "Hua Yuan (花园)", a blogger's
    handle after the name ("‘Yige Caixiang’ (@衣戈猜想)")."""
    m = _WORDS_BEFORE.search(text, max(0, start - 60), start)
    return m is not None and _spelt_out(han, m.group(1), last=True)


def _before_its_pinyin(text: str, end: int, han: str) -> bool:
    """The characters come before their own reading in pinyin, toneless: "云浮 Yunfu", "汕尾 Shanwei"; not before
    an English word ("中国 China pavilion"), which spares loading pypinyin's tables (0.6 s) for most runs."""
    m = _WORDS_AFTER.match(text, end)
    if m is None or pinyin.is_english(_next_word(m.group(1), last=False)):
        return False
    return _spelt_out(han, m.group(1), last=False)


def _spelt_out(han: str, words: str, last: bool) -> bool:
    """The Latin words end (`last`) or start with the characters' reading in pinyin, toneless. The word next to
    the characters must be pinyin first (not so for most runs): pypinyin's tables are not loaded for nothing."""
    if pinyin.split(_next_word(words, last)) is None:
        return False
    reading, spelt = pinyin.given_reading(han), pinyin.letters(words)
    return (spelt.endswith(reading) if last else spelt.startswith(reading)) and reading.isascii() and len(reading) >= 2


def _next_word(words: str, last: bool) -> str:
    """Of the Latin words beside a run, the one next to it: the last of those before it, the first of those after."""
    parts = regex.split(r"[ \t'’-]+", words.strip(" \t'’-"))
    return parts[-1] if last else parts[0]


# A name's characters set off by commas after it: "the Warring States Period, 战国时代, and …"
_NAME_COMMA = regex.compile(r"\p{Lu}\p{Ll}+[,，][ \t]?$")
_COMMA_AFTER = regex.compile(r"[ \t]?[,，]")


# Chinese named as Chinese, not left untranslated: "the character “米”", "“米”-shaped", "“一带一路” in Chinese"
# (in quotation marks: "called 乡村振兴 in Chinese" leaves the reader without its meaning),
# "(Chinese: 一带一路)".
_MENTION_BEFORE = regex.compile(r"(?:\bcharacters?\s+|\(Chinese[:：]\s*)[\"“‘']?$")
_MENTION_AFTER = regex.compile(r"[\"”’'](?:-shaped\b|,? in (?:Chinese|Mandarin)\b)")


def han_runs(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """Runs of Han characters (with the CJK punctuation inside them) in an English text, but for a gloss: the
    content of brackets right after an English or pinyin word, alone or before its pinyin or a guidebook's
    price and hours, the characters after a name in toned pinyin or before or after their own toneless pinyin (and
    the same characters elsewhere in the text), and Chinese named as Chinese ("the character “米”", "“一带一路” in
    Chinese")."""
    glossed_to = -1  # the end of the brackets of a gloss found: the Chinese before it is the gloss's
    glossed: set[str] = set()  # names given with their pinyin after them: the same characters elsewhere are names
    left: list[regex.Match[str]] = []
    for m in _HAN_RUN.finditer(ctx.text):
        if m.start() < glossed_to:
            continue
        end = _GLOSS_END.match(ctx.text, m.end())
        if end is not None and _GLOSSED.search(ctx.text, max(0, m.start() - 7), m.start()):
            glossed_to = end.end()
            continue
        if _TONED_NAME.search(ctx.text, max(0, m.start() - 30), m.start()) or _after_its_pinyin(
            ctx.text, m.start(), m.group()
        ):
            continue
        if _before_its_pinyin(ctx.text, m.end(), m.group()):
            glossed.add(m.group())
            continue
        if (
            len(m.group()) <= 6
            and _NAME_COMMA.search(ctx.text, max(0, m.start() - 30), m.start())
            and _COMMA_AFTER.match(ctx.text, m.end())
        ):
            continue  # a name's characters between commas: "the Warring States Period, 战国时代, and"
        if _MENTION_BEFORE.search(ctx.text, max(0, m.start() - 20), m.start()) or _MENTION_AFTER.match(
            ctx.text, m.end()
        ):
            continue
        left.append(m)
    for m in left:
        if m.group() not in glossed:  # a name the page glosses elsewhere ("云浮, 汕尾 and …" over "in 云浮 Yunfu")
            yield Hit(m.start(), m.end(), (), (("chinese", m.group()),))


def cjk_punctuation(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """Full-width punctuation that stands in English text rather than inside Chinese."""
    for m in _CJK_PUNCT_RUN.finditer(ctx.text):
        before = ctx.text[max(0, m.start() - 1) : m.start()]
        after = ctx.text[m.end() : m.end() + 1]
        if regex.match(r"\p{Han}", before) or regex.match(r"\p{Han}", after):
            continue  # part of a Chinese run, which the Han rule reports
        if m.group().startswith("…"):
            yield Hit(m.start(), m.end(), ("…",))  # the Chinese ellipsis, two or more: English writes one
            continue
        ascii_form = "".join(_FULLWIDTH_TO_ASCII.get(ch, "") for ch in m.group() if not ch.isspace())
        suggestions = (ascii_form,) if ascii_form and len(ascii_form) == len(m.group().replace(" ", "")) else ()
        yield Hit(m.start(), m.end(), suggestions)


# What is left of an emoji's four UTF-8 bytes read as cp1252 when some were lost on the way, which ftfy cannot mend:
# "ð" (0xF0, the lead byte) and the symbols of the bytes after it ("Chen Nian ð« said", "ðŸ"); not "ð" in a word
# of Icelandic or Old English ("Guðrún"), where a letter follows it
_EMOJI_REMNANT = regex.compile(
    "ð[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e"
    "\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]+"
)


def mojibake(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """Text decoded with the wrong code page: GBK quotes read as Latin-1, UTF-8 read as cp1252."""
    if ctx.text.isascii():
        return  # every pattern of both (and every branch of ftfy's) holds a character beyond ASCII
    spans: list[tuple[int, int, str]] = []
    for m in _GBK_RE.finditer(ctx.text):
        spans.append((m.start(), m.end(), _GBK_QUOTES[m.group()]))
    for m in BADNESS_RE.finditer(ctx.text):
        if any(a <= m.start() < b for a, b, _ in spans):
            continue
        # widen to the whole word so that ftfy can repair it
        a = m.start()
        while a > 0 and not ctx.text[a - 1].isspace():
            a -= 1
        b = m.end()
        while b < len(ctx.text) and not ctx.text[b].isspace():
            b += 1
        fixed = ftfy.fix_text(ctx.text[a:b], uncurl_quotes=False)
        if fixed != ctx.text[a:b]:
            spans.append((a, b, fixed))
    for m in _EMOJI_REMNANT.finditer(ctx.text):
        if not any(a < m.end() and m.start() < b for a, b, _ in spans):
            spans.append((m.start(), m.end(), ""))  # bytes lost: nothing to mend it to
    for a, b, fix in sorted(spans):
        yield Hit(a, b, (fix,) if fix else ())
