"""Pinyin machinery: the syllable inventory (from pypinyin's dictionary), surnames, and name shapes."""

from __future__ import annotations

from functools import lru_cache

import regex
from wordfreq import zipf_frequency

from .data import lines

# Readings that a character takes as a surname, where pypinyin's first reading is another one.
# Surnames whose character machine translation reads two ways: the surname's reading and the
# character's common one (单 Shan/Dan, 覃 Qin/Tan), checked against pypinyin in the tests.
MISREAD_SURNAMES: dict[str, tuple[str, str]] = {
    "单": ("shan", "dan"),
    "曾": ("zeng", "ceng"),
    "解": ("xie", "jie"),
    "仇": ("qiu", "chou"),
    "查": ("zha", "cha"),
    "缪": ("miao", "miu"),
    "覃": ("qin", "tan"),
    "区": ("ou", "qu"),
    "朴": ("piao", "pu"),
    "乐": ("yue", "le"),
}
_SURNAME_READINGS = {
    "单": ("shan",),
    "曾": ("zeng",),
    "解": ("xie",),
    "仇": ("qiu",),
    "查": ("zha",),
    "缪": ("miao",),
    "覃": ("qin",),
    "区": ("ou",),
    "朴": ("piao",),
    "乐": ("yue",),
    "尉迟": ("yuchi",),
    "吕": ("lv", "lu", "lyu"),
    "万": ("wan",),
    "盖": ("ge",),
    "秘": ("bi",),
    "柏": ("bai",),
    "翟": ("zhai",),  # pypinyin reads it "di"; as a surname, Zhai
}
_VOWEL = regex.compile(r"[aeiouv]")
# A word whose Zipf frequency in English is at least this is treated as an English word, not pinyin.
# wordfreq counts names too (li 4.25, xi 4.12, wang 3.95), so the bar sits above them.
ENGLISH_ZIPF = 4.3


def _table(name: str) -> frozenset[str]:
    return frozenset(lines(name))


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Toneless pinyin syllables (ü written v), as tabled at build time (scripts/build_pinyin_tables.py;
    tested equal to `computed_syllables`)."""
    return _table("syllables.txt")


def computed_syllables() -> frozenset[str]:
    """Toneless pinyin syllables (ü written v), taken from every reading in pypinyin's dictionary."""
    from pypinyin.constants import PINYIN_DICT
    from pypinyin.contrib.tone_convert import to_normal

    out: set[str] = {"lyu", "nyu"}
    toned = {r for readings in set(PINYIN_DICT.values()) for r in readings.split(",")}
    for r in toned:
        s = to_normal(r).replace("ü", "v")
        if s.isascii() and s.isalpha() and _VOWEL.search(s) and s not in {"hm", "hng", "ng", "m", "n"}:
            out.add(s)
    return frozenset(out)


@lru_cache(maxsize=1)
def han_surnames() -> tuple[str, ...]:
    """Common surnames as Han characters, compound ones (欧阳) first."""
    names = [han for line in lines("surnames.txt") for han in line.split()]
    return tuple(sorted(names, key=len, reverse=True))


@lru_cache(maxsize=1)
def _han_surname_set() -> frozenset[str]:
    return frozenset(han_surnames())


def surname_at(text: str, i: int = 0) -> str | None:
    """The Han surname that starts at text[i] (a compound one such as 欧阳 first), or None."""
    known = _han_surname_set()
    return next((text[i : i + n] for n in (2, 1) if text[i : i + n] in known), None)


def misread_surnames(a: str, b: str) -> bool:
    """Whether two romanised surnames are two readings of one character (Qin and Tan for 覃)."""
    pair = {a.lower(), b.lower()}
    return any(pair == set(readings) for readings in MISREAD_SURNAMES.values())


def surname_reading(han: str) -> str:
    """The romanised reading of a Han surname, lower case ("单" is shan, not dan)."""
    from pypinyin.constants import PINYIN_DICT
    from pypinyin.contrib.tone_convert import to_normal

    if han in _SURNAME_READINGS:
        return _SURNAME_READINGS[han][0]
    return "".join(to_normal(PINYIN_DICT[ord(ch)].split(",")[0]) for ch in han).replace("ü", "v")


def given_reading(han: str) -> str:
    """The romanised reading of Han characters as a given name, lower case, syllables joined."""
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(han, style=Style.NORMAL, v_to_u=False)).replace("ü", "v")


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Romanised common surnames, lower case (wang, li, ouyang, …), as tabled at build time
    (scripts/build_pinyin_tables.py; tested equal to `computed_surnames`)."""
    return _table("surname_readings.txt")


def computed_surnames() -> frozenset[str]:
    """The romanised surnames from the Han list, with pypinyin and the overrides above."""
    out: set[str] = set()
    for han in han_surnames():
        out.update(r.replace("ü", "v") for r in _SURNAME_READINGS.get(han) or (surname_reading(han),))
    return frozenset(out)


_BOUNDARY = regex.compile(r"['-]")  # between syllables: "Xi'an", "Li-hua"
_NOT_LETTERS = regex.compile(r"[\s'’-]+")


@lru_cache(maxsize=65536)
def split(word: str) -> tuple[str, ...] | None:
    """Split a word into pinyin syllables (longest first), or None if it is not pinyin.

    Hyphens and apostrophes are syllable boundaries ("Xi'an", "Li-hua").
    """
    w = word.lower().replace("’", "'").replace("ü", "v")
    parts = _BOUNDARY.split(w)
    out: list[str] = []
    for part in parts:
        seg = _split_part(part)
        if seg is None:
            return None
        out.extend(seg)
    return tuple(out) if out else None


def _split_part(part: str) -> tuple[str, ...] | None:
    if not part or not part.isascii() or not part.isalpha():
        return None
    sy = syllables()
    n = len(part)
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[n] = ()
    for i in range(n - 1, -1, -1):
        for j in range(min(n, i + 6), i, -1):
            rest = best[j]
            if rest is not None and part[i:j] in sy:
                best[i] = (part[i:j], *rest)
                break
    return best[0]


def is_english(word: str, min_zipf: float = ENGLISH_ZIPF) -> bool:
    """Whether the word is common enough in English to be an English word rather than pinyin."""
    return zipf_frequency(word.lower(), "en") >= min_zipf


@lru_cache(maxsize=1)
def verb_forms() -> dict[str, str]:
    """lemminflect's verb forms, tabled at build time (scripts/build_lexicon.py): word → "B" (bare form)
    and/or "F" (finite form), and "S", "D", "V" for the forms that are a verb's only. Reading the table takes
    milliseconds; loading lemminflect about a second."""
    return dict(line.split("\t", 1) for line in lines("verbs.txt"))


def finite_form(word: str) -> bool:
    """True when the lexicon lists the word as a finite verb form ("report", "signed", "works")."""
    return "F" in verb_forms().get(word, "")


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """The lower-case words lemminflect gives a lemma for, tabled at build time (scripts/build_lexicon.py);
    read the first time a word needs it (30 ms), where loading lemminflect takes a second."""
    return frozenset(lines("lexicon.txt"))


def doubled_name(word: str) -> bool:
    """A word that, said twice, is a name or a Chinese word and no stutter: capitalised, pinyin of one syllable
    ("Wei Wei", "Fang Fang"; not "Beijing Beijing") or no English word ("Walla Walla", "Bora Bora"; not
    "Tourism, Tourism" nor "Deepening, deepening", nor a common proper word of six letters or more, "Portuguese
    Portuguese"); in lower case, pinyin that is no English word ("xie xie", thank you; not "the the")."""
    if word[:1].isupper():
        syllables = split(word)
        if syllables is not None:
            return len(syllables) == 1  # "Wei Wei"; not "Beijing Beijing", a place said twice
        if len(word) >= 6 and zipf_frequency(word, "en") >= 3.5:
            return False  # a common proper word said twice: "the Portuguese Portuguese News" (not "Bora Bora")
        return word.lower() not in lexicon()
    return word.islower() and split(word) is not None and word not in lexicon()


def is_surname(word: str) -> bool:
    return word.lower() in surnames()


def is_given_name(word: str, max_syllables: int = 3) -> bool:
    """A capitalised pinyin given name of 1–3 syllables that is not an English word."""
    if not word[:1].isupper() or not word[1:].replace("-", "").replace("'", "").islower():
        return False
    seg = split(word)
    return seg is not None and len(seg) <= max_syllables and not is_english(word)


def letters(romanised: str) -> str:
    """A romanised name reduced to its letters, for comparing spellings: "Li-jun", "Li Jun" and "Lijun"
    are all "lijun"; "Xi'an" is "xian"."""
    return _NOT_LETTERS.sub("", romanised).lower()
