"""Spelling: a lower-case word that is no English word but one letter away from a common one."""

from __future__ import annotations

from collections.abc import Iterator

import regex
from wordfreq import zipf_frequency

from .. import pinyin
from ..context import Context
from ..model import Hit, RuleSpec
from ..pinyin import lexicon

# five letters or more, and at most 25: no English word is longer, and a run of letters that is (a URL's
# slug, a line of filler) would make a million neighbours; not a part of a web or mail address
# ("http://fwp.safea.gov.cn/index_index.action")
_LOWER_WORD = regex.compile(r"(?<![\p{L}\p{N}'’./@_-])\p{Ll}{5,25}(?![\p{L}\p{N}'’/@_-]|\.\p{L})")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
RARE = 1.6  # a word wordfreq counts below this Zipf frequency (about once in 25 million words) is rare
COMMON = 3.0  # a neighbour at or above this (once in a million words) is common


def _edits(word: str) -> set[str]:
    """The strings one deletion, transposition, substitution or insertion away from `word`."""
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in cuts if b}
        | {a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1}
        | {a + c + b[1:] for a, b in cuts if b for c in _LETTERS}
        | {a + c + b for a, b in cuts for c in _LETTERS}
    ) - {word}


def _pinyin_word(word: str) -> bool:
    """A word that reads as pinyin of one to three syllables ("hukou", "xiaokang"). One that splits into more
    is a misspelt English word the splitter cut into short syllables ("familier": fa-mi-li-er, "garantee")."""
    syllables = pinyin.split(word)
    return syllables is not None and len(syllables) <= 3


def nonwords(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A lower-case word of five letters or more that neither lemminflect's lexicon nor wordfreq knows
    (rarer than `RARE`), is no pinyin (`_pinyin_word`), and is one edit from a common word: the common words are the
    suggestions, most frequent first. Names are left alone (they are capitalised), and so are hyphenated
    and rare but real words (those wordfreq counts)."""
    unknown = set(_LOWER_WORD.findall(ctx.text)).difference(lexicon())  # most articles: none
    if not unknown:
        return
    for m in _LOWER_WORD.finditer(ctx.text):
        word = m.group()
        if word not in unknown or not word.isascii() or _pinyin_word(word):
            continue
        if zipf_frequency(word, "en") >= RARE:
            continue
        near = sorted(
            ((zipf_frequency(c, "en"), c) for c in _edits(word)),
            reverse=True,
        )
        common = [c for f, c in near if f >= COMMON][:3]
        if common:
            yield Hit(m.start(), m.end(), tuple(common))


# A lower-case run of letters, also one that runs into a capital ("topracticeEnglish"); not inside a web or mail
# address ("www.enghunan.gov.cn") nor a hyphenated word.
_RUN = regex.compile(r"(?<![\p{L}\p{N}'’./@-])\p{Ll}{6,25}(?=\p{Lu}|(?![\p{L}\p{N}'’@-]|\.\p{L}))")
# Words of the closed classes, which run into their neighbours when a space is lost ("smoothlyand", "tofeel").
_FUNCTION_WORDS = frozenset(
    "to by of in on at for with from into through and or but the an have has had been be is are was were will "
    "would can could that which this these those their its our as than".split()
)
# a possessive run into the word after it: "the city'sdevelopment" (pinyin puts no apostrophe before "s")
_POSSESSIVE_RUN = regex.compile(r"(?<=\b\p{L}{2,})['’]s(\p{Ll}{3,})(?![\p{L}'’-])")
JOINED = 3.0  # each part of a split at least this common (Zipf): once in a million words
# prefixes English writes solid before a verb's form, each also a word of its own ("inter", "super"): a rare
# compound ("intercropping", "undercutting") is no lost space
_PREFIXES = frozenset(
    "inter intra under super counter cross extra ultra hyper micro macro multi trans after outer".split()
)


def _split(word: str) -> tuple[str, str] | None:
    """The two common words `word` is made of, the rarer of them as common as can be, where one is a function
    word, or the first ends as an English inflection does ("trainingevents", "industrialproduction"), or the
    second is a verb's form in -ed or -ing after a word of five letters or more ("freshmenenrolled") that is no
    prefix ("intercropping"); not a compound English writes solid ("homestays", "subdistricts", "waxberry",
    "automaking")."""
    best: tuple[float, str, str] | None = None
    for i in range(2, len(word) - 1):
        a, b = word[:i], word[i:]
        inflected = len(a) >= 5 and a.endswith(("ed", "ing", "ly", "al"))
        verb_after = len(a) >= 5 and len(b) >= 5 and b.endswith(("ed", "ing")) and a not in _PREFIXES
        if not (inflected or verb_after or a in _FUNCTION_WORDS or b in _FUNCTION_WORDS):
            continue
        if not all(w in _FUNCTION_WORDS or w in lexicon() for w in (a, b)):
            continue
        rarer = min(zipf_frequency(a, "en"), zipf_frequency(b, "en"))
        if rarer >= JOINED and (best is None or rarer > best[0]):
            best = (rarer, a, b)
    return None if best is None else (best[1], best[2])


def joined_words(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A lower-case word that is no English word and no pinyin but two common words run together, one of them a
    function word or the first inflected ("smoothlyand", "organizedby", "trainingevents"), or a possessive run
    into a common word ("city'sdevelopment"); the suggestion puts the space back."""
    for m in _POSSESSIVE_RUN.finditer(ctx.text):
        word = m.group(1)
        if word in lexicon() and zipf_frequency(word, "en") >= JOINED:
            yield Hit(m.start(), m.end(), (f"{m.group()[:2]} {word}",))
    splits: dict[str, str] = {}
    for word in set(_RUN.findall(ctx.text)).difference(lexicon()):  # most articles: a few rare words, or none
        if word.endswith("s") and word[:-1] in lexicon():
            continue  # the plural of a rare word ("changes and invariables"), not "in variables"
        if zipf_frequency(word, "en") < RARE and not pinyin.split(word):
            parts = _split(word)
            if parts is not None:
                splits[word] = " ".join(parts)
    if not splits:
        return
    for m in _RUN.finditer(ctx.text):
        if m.group() in splits:
            yield Hit(m.start(), m.end(), (splits[m.group()],))
