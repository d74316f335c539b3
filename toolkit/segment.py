"""Split an article into lines and sentences with code-point offsets.

Every non-empty line of a news page is its own block (headlines, datelines and bylines sit on
lines of their own). Inside a line, NLTK's Punkt splits sentences with a fixed abbreviation list
(no trained model, so nothing to download); we then also split after CJK sentence punctuation and
at a full stop with no space before a capitalised word ("buy.Many", "activities.A few").
"""

from __future__ import annotations

import bisect
import importlib
import importlib.util
import re
import sys
import threading
from collections.abc import Sequence
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING

import regex

from .model import Segment

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

ABBREVIATIONS = (
    "mr mrs ms dr prof gen gov sen rep st jr sr co corp inc ltd no nos vs etc approx dept est fig jan feb "
    "mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun u.s u.k u.n e.g i.e a.m p.m "
    "ph.d vol pp ed eds rev hon lt col capt sgt cmdr adm maj ft sq mt d.c intl govt univ natl eg b.a m.a b.sc m.sc "
    "m.phil ll.b ll.m amb h.e ca"
).split()

# Where Punkt misses a break: after a Chinese stop, or a stop glued to a capitalised word ("tion.During"), also
# with a closing quotation mark ("Conference”.Pan Dexin"); the break is the match's end. Matching the stop
# itself, not a lookbehind at every position: twelve times faster.
_EXTRA_BREAK = regex.compile(r"[。！？](?=\S)|(?<=\p{Ll}{2})(?:[.!?][”\"]?|[”\"][.!?])(?=\p{Lu}\p{Ll}|[AI] \p{L})")
# A quotation that ends in "!" or "?", and a lower-case word after it: one sentence ("“Why?” asked the mayor"),
# which Punkt splits; so too a bracket that ends in "?", where a page lost its Chinese ("Yeh Kai-ping (???) said").
_QUOTED_CRY = regex.compile(r"[!?][\"”’)]$")
_GOES_ON = regex.compile(r"\s*\p{Ll}")
_CLOSING_QUOTES = frozenset('”"’')
_WORDLIKE = regex.compile(r"[\p{L}\p{N}]")
_FINAL_PUNCT = regex.compile(r"[.!?。！？:：;；\"”’)）…]\s*$")
# A word: letters and numbers, joined by hyphens and apostrophes, or by a number's point or comma. The group
# holds the first character when it is a Han one (`count_words` counts those one by one).
_WORD = regex.compile(
    r"(?:(?=\p{Han})([\p{L}\p{N}])|[\p{L}\p{N}])[\p{L}\p{N}]*(?:[-'’][\p{L}\p{N}]+|(?<=\p{N})[.,]\p{N}+)*"
)


_LOADING = threading.Lock()


def _punkt_module() -> ModuleType:
    """NLTK's Punkt module without the rest of NLTK: importing `nltk` runs its package initialiser, which
    imports numpy and most of NLTK (0.2 s, a third of a short run). Where NLTK is imported already, its own
    Punkt module is used. Otherwise the module is loaded under a private name while stand-ins for the
    packages `nltk` and `nltk.tokenize` (their folders, without their initialisers) let it import the two
    small modules it needs; then `sys.modules` is put back as it was, so a program that imports NLTK later
    gets all of it. Should NLTK's layout change, NLTK is imported the usual way."""
    with _LOADING:
        if "nltk" in sys.modules:
            return importlib.import_module("nltk.tokenize.punkt")
        found = importlib.util.find_spec("nltk")
        if found is None or not found.submodule_search_locations:
            raise ImportError("NLTK is not installed")
        root = list(found.submodule_search_locations)[0]
        saved = dict(sys.modules)
        for name, folder in (("nltk", root), ("nltk.tokenize", f"{root}/tokenize")):
            stand_in = ModuleType(name)
            stand_in.__path__ = [folder]
            sys.modules[name] = stand_in
        try:
            spec = importlib.util.spec_from_file_location("toolkit._punkt", f"{root}/tokenize/punkt.py")
            if spec is None or spec.loader is None:
                raise ImportError("NLTK's Punkt module is missing")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        except (ImportError, AttributeError):
            module = None
        finally:
            for name in [n for n in sys.modules if n == "nltk" or n.startswith("nltk.")]:
                if name in saved:
                    sys.modules[name] = saved[name]
                else:
                    del sys.modules[name]
        return module if module is not None else importlib.import_module("nltk.tokenize.punkt")


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    punkt = _punkt_module()
    params = punkt.PunktParameters()
    params.abbrev_types.update(ABBREVIATIONS)
    tokenizer: PunktSentenceTokenizer = punkt.PunktSentenceTokenizer(params)
    return tokenizer


def line_starts(text: str) -> list[int]:
    """Offsets at which each line starts."""
    starts = [0]
    i = text.find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts


# A line of hard-wrapped text (wire copy, text taken from a PDF, mail) that its paragraph goes on after: it ends
# in a letter, a digit, a comma or a hyphen, and the next line opens in lower case, with a digit or a bracket, or
# follows a comma ("… a revenue rise of 34\npercent, its fastest …").
_WRAPPED_END = regex.compile(r"[\p{L}\p{N},\-–]$")
_GOES_ON_LINE = regex.compile(r"[\p{Ll}\p{N}(]")
_MID_SENTENCE_END = regex.compile(r"(?:(?<![\p{L}'’-])\p{Ll}+|,)$")  # a word in lower case, or a comma
_LOWER_START = regex.compile(r"[\"“‘'(\[]*\p{Ll}")  # a line that opens in lower case, perhaps after a quotation mark
# a word no sentence ends on: a line ending in it goes on ("known as the cultural origin of\nShanghai and …")
_OPEN_END = regex.compile(r"(?<![\p{L}'’-])(?:of|the|a|an|to|and|or|with|for|from|by|at|its|their|our)$")
_WORD_START = regex.compile(r"[\"“‘'(\[]*\p{L}")


def _opens_lower(line: str) -> bool:
    return _LOWER_START.match(line.lstrip()) is not None


def soft_breaks(lines: Sequence[str]) -> frozenset[int]:
    """The line breaks (by the number of the line before them) that wrap a paragraph rather than end it, where
    the text is hard-wrapped: three lines or more end in mid-sentence and go on in lower case on the next line,
    and such breaks are a third of those inside paragraphs or more. Elsewhere only a break between lower-case
    words (or after a comma): in web text a paragraph is a line, and a line that ends without a stop is a
    headline, a caption or raw MT's broken sentence."""
    inner = [i for i in range(len(lines) - 1) if lines[i].strip() and lines[i + 1].strip()]
    # a break inside a sentence, between a lower-case word or a comma and a lower-case word ("had made\non
    # Sino-British exchange", a link's text on its own line): a copy's slip, on clean and rough pages of other
    # sites and never on a garbled one, so no sign of raw MT to report as a broken sentence
    mid = {i for i in inner if _MID_SENTENCE_END.search(lines[i].rstrip()) and lines[i + 1].lstrip()[:1].islower()}
    # and a break after a word no sentence ends on, before a word in any case (a name: "origin of\nShanghai")
    mid.update(i for i in inner if _OPEN_END.search(lines[i].rstrip()) and _WORD_START.match(lines[i + 1].lstrip()))
    wraps = [
        i
        for i in inner
        if _WRAPPED_END.search(lines[i].rstrip())
        and (
            _GOES_ON_LINE.match(lines[i + 1].lstrip()) or _opens_lower(lines[i + 1]) or lines[i].rstrip().endswith(",")
        )
    ]
    if sum(_opens_lower(lines[i + 1]) for i in wraps) < 3 or len(wraps) * 3 < len(inner):
        return frozenset(mid)
    # in such a text, a line that goes on in lower case goes on whatever ends it ("the lead of U.S.\nsocial media"),
    # and one that ends in a word in lower case goes on whatever opens the next ("launched three\n"world's best"
    # products", "processes of the\nXC9350")
    return frozenset(wraps).union(
        i for i in inner if _opens_lower(lines[i + 1]) or _MID_SENTENCE_END.search(lines[i].rstrip())
    )


# Runs of two or more spaces between words (after a lower-case word or a comma, before a lower-case word),
# ten or more and one per 25 words or more: where the line breaks of a hard-wrapped page were, as a copy saved
# them (one run per 12 to 15 words on the four such pages of 2,200 check-set pages; other pages have six at most).
_RUN_OF_SPACES = regex.compile(r"(?<=[\p{Ll},]) {2,}(?=\p{Ll})")
_WRAP_RUNS, _WRAP_WORDS = 10, 25


@lru_cache(maxsize=8)
def spaces_for_breaks(text: str) -> bool:
    """Whether the text's line breaks became runs of spaces: its runs of spaces are layout, not slips (asked
    once per article and rule, and by the grammar filter for each of an engine's findings on white space)."""
    runs = len(_RUN_OF_SPACES.findall(text))
    return runs >= _WRAP_RUNS and count_words(text) <= _WRAP_WORDS * runs


def segment(text: str) -> list[Segment]:
    """Return the sentences of the text, in order, each inside one line, or inside one paragraph of a
    hard-wrapped text (`soft_breaks`), where a sentence goes on across the line breaks."""
    out: list[Segment] = []
    tok = _punkt()
    lines = text.split("\n")
    starts = line_starts(text)
    soft = soft_breaks(lines)
    lineno = 0
    while lineno < len(lines):
        last = lineno
        while last in soft:
            last += 1
        offset = starts[lineno]
        # the paragraph's lines, their breaks as spaces, so that offsets stay those of the text
        stripped = " ".join([*(line.replace("\r", " ") for line in lines[lineno:last]), lines[last].rstrip("\r")])
        if stripped.strip():
            spans: list[tuple[int, int]] = []
            for a, b in tok.span_tokenize(stripped):
                if spans and _QUOTED_CRY.search(stripped, 0, spans[-1][1]) and _GOES_ON.match(stripped, a):
                    a = spans.pop()[0]  # "“Hu le!” cries Zhang": the quotation's sentence goes on
                elif spans and not _WORDLIKE.search(stripped, *spans[-1]):
                    a = spans.pop()[0]  # marks alone are no sentence: the "!" of a Markdown image ("![]() Photo")
                elif spans and a == spans[-1][1] and stripped[a : a + 1] in _CLOSING_QUOTES:
                    spans[-1] = (spans[-1][0], a + 1)  # the quotation's close, glued to the next: "it.”Grandma Wu"
                    a += 1
                cuts = [a] + [m.end() for m in _EXTRA_BREAK.finditer(stripped, a, b)] + [b]
                spans.extend((x, y) for x, y in zip(cuts, cuts[1:], strict=False) if stripped[x:y].strip())
            headline = len(spans) == 1 and not _FINAL_PUNCT.search(stripped)
            for a, b in spans:
                seg_text = stripped[a:b]
                lead = len(seg_text) - len(seg_text.lstrip())
                trail = len(seg_text.rstrip())
                a2, b2 = a + lead, a + trail
                out.append(
                    Segment(
                        start=offset + a2,
                        end=offset + b2,
                        text=stripped[a2:b2],
                        line=bisect.bisect_right(starts, offset + a2, lineno, last + 1) - 1,
                        kind="headline" if headline else "body",
                    )
                )
        lineno = last + 1
    return out


# A label before a colon: an interview's "Q:" and "A:", a word and a number ("Photo 3:", "Route S25 (night
# service):"), a speaker's name of two or three words or with a role ("Xu Xiaolan (Host):", "Host (Shou Xiaoli,
# Deputy Director of the SCIO Press Bureau):"). A word alone only where English knows it (`labelled`).
LABEL = regex.compile(
    r"(?:[QA]|\p{L}+ \p{L}?\p{N}+(?: \([^()]{1,30}\))?|\p{Lu}\p{L}+(?: \p{Lu}\p{L}+){1,2}(?: \([^()]{1,80}\))?"
    r"|\p{Lu}\p{L}+ \([^()]{1,80}\))[:：]\s"
)
_WORD_LABEL = regex.compile(r"(\p{Lu}\p{Ll}+)(?: (?:for|on|about) \p{Ll}+(?: \p{Ll}+)?)?[:：]\s")


def labelled(text: str, pos: int = 0) -> bool:
    """A label opens the text at `pos`: one of `LABEL`'s, or an English word, alone or with what it is for or
    about, as guides and notices head their entries ("Tips: Book a week ahead.", "Evening: Head back north by
    boat.", "Tips for spectators: Arrive early."); not a word the lexicon does not know ("Oralist: Hu Liangxia,
    from July 2015 …" is machine translation's)."""
    if LABEL.match(text, pos):
        return True
    word = _WORD_LABEL.match(text, pos)
    if word is None:
        return False
    from .pinyin import lexicon

    return word.group(1).lower() in lexicon()


# What opens an item of a list on its line: "1.", "(2)", "a)", "iv.", "II.", "三、", or a bullet and a space.
LIST_MARKER = r"\s*(?:\(?(?:\d{1,2}|[a-z]|[ivx]{1,4}|[IVX]{1,4}|\p{Han}{1,2})[.)、）]\s*|[-•*·–]\s+)"
LIST_MARKER_RE = regex.compile(LIST_MARKER)  # compiled once, for every module that reads list items
_LEAD_IN_END = ":：;；,"
_BLANK = regex.compile(r"\s*")
_OPENING_QUOTE = "“\"‘'"  # may stand before an item's first word: a defined term ("“applicant” means …;")
# How the line before an item without a marker ends: a lead-in's colon or an item's semicolon ("; and").
_ITEM_BEFORE = regex.compile(r"(?:[:：;；]|[;；]\s*(?:and|or))$")


def in_a_list(text: str, pos: int) -> bool:
    """The word at `pos` opens an item of a list that goes on a sentence, which starts in lower case by design
    ("Measures include:\n- schools will close;"): only a list marker stands before it on its line, and the
    last line with text before it ends as a lead-in does (":", ";", ",") or is an item itself; or nothing
    stands before it on its line, and that line ends in a colon or in an item's semicolon ("; and"). Reads
    only the two lines, so that a page of many sentences costs no more per sentence."""
    start = text.rfind("\n", 0, pos) + 1
    if pos > start and text[pos - 1] in _OPENING_QUOTE:
        pos -= 1
    marked = LIST_MARKER_RE.fullmatch(text, start, pos) is not None
    if not marked and not _BLANK.fullmatch(text, start, pos):
        return False
    end = start - 1  # past the line break, back to the last character of the last line with text
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end <= 0:
        return False
    if not marked:
        return _ITEM_BEFORE.search(text, max(0, end - 20), end) is not None
    return text[end - 1] in _LEAD_IN_END or LIST_MARKER_RE.match(text, text.rfind("\n", 0, end) + 1, end) is not None


_TITLE_WORD = regex.compile(r"\p{L}[\p{L}'’-]*")
# The words title case leaves in lower case
_MINOR_WORDS = frozenset("a an the and or but nor of on in at to for by with from as".split())


def title_case(line: str) -> bool:
    """A headline in title case: the line does not end as a statement does (a headline may ask or exclaim, or
    end in a bracket: "Report on the Work of the Government (Excerpt)"), and more than half its words are
    capitalised, articles, conjunctions and short prepositions in lower case apart ("Chang'e-6 Brings Home
    First Samples From the Moon's Far Side", "Protectionism Is a Dead End — Who Really Benefits?", "A Variety of
    Activities as HIT Celebrates “2018 China Space Day”"; not "They toured Taipa Old Town, And many resort
    hotels.")."""
    line = line.rstrip()
    if line.endswith((".", "。", ";", "；")) or (line.endswith(('"', "”")) and line[-2:-1] in ".,;!?。"):
        return False  # a statement, or a quotation closed after its stop ("… we will win.”"), not a quoted name
    words = [w for w in _TITLE_WORD.findall(line) if w not in _MINOR_WORDS]
    return sum(w[0].isupper() for w in words) * 2 > len(words)


_HAN = regex.compile(r"\p{Han}")
# `_WORD` as it reads ASCII text, for the standard library's engine, which finds its words three times faster
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+|(?<=[0-9])[.,][0-9]+)*")


def count_words(text: str) -> int:
    """Count words the way scores are normalised: Latin/number tokens plus one per Han character."""
    if text.isascii():
        return len(_ASCII_WORD.findall(text))
    han = len(_HAN.findall(text))
    latin = _WORD.findall(text).count("")  # the words that do not start with a Han character
    return latin + han
