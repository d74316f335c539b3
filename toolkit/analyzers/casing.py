"""Casing: lower-case sentence starts, titles and place names, capitals after semicolons and on common words."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from .. import pinyin
from ..context import Context
from ..model import Hit, RuleSpec
from ..pinyin import lexicon
from ..places import english_names, major_names
from ..segment import LIST_MARKER_RE, Segment, in_a_list
from . import capitalize_words

if TYPE_CHECKING:
    import ahocorasick

# A segment opening with "(" is a note or stage direction ("(applause)"), not a sentence start.
_FIRST_WORD = regex.compile(r"^[\s\"“‘'«*•·-]*(\p{L}[\p{L}\p{N}'’-]*)")
_URLISH = regex.compile(r"^(?:www|https?|ftp)\b|@|\.(?:com|cn|org|net|gov)\b", regex.IGNORECASE)
_CONTINUES = regex.compile(r"(?:\.\.\.|…|[:;,]|\b[A-Z]\.|[!?][\"”’'])\s*$")
# A segment that opens with a closing quotation mark continues a quotation ("…?" said Li).
_CLOSING_QUOTE_START = regex.compile(r"^[\"”’']\s")
# the word before is the whole word, apostrophes and all: "the company’s Meeting", not "an" of "the Xi’an Declaration"
_CAPITALISED_WORD = regex.compile(
    r"(?<=(?<![\p{L}\p{N}_'’])(\p{L}(?:[\p{L}'’]*\p{L})?) )(\p{Lu}\p{Ll}{2,})\b(?= (\p{L}+)|[,.;:])"
)
# Words that English capitalises mid-sentence anyway, or that head the names of bodies, posts and places.
_ALWAYS_CAPITALISED = frozenset(
    (
        "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
        "august september october november december internet party state committee council congress government "
        "bureau office ministry department province city county district village town township prefecture "
        "region street road avenue bridge river lake mountain mount park square centre center university college "
        "school hospital museum airport station port bank group company corporation association federation union board "
        "mayor governor secretary president premier chairman chairwoman director minister vice deputy general "
        "member chief commissioner commission ambassador professor doctor senator king queen prince emperor god "
        "lord church army navy force court east west north south eastern western northern southern central new "
        "national people republic kingdom island islands sea ocean bay valley zone area festival expo forum "
        "summit conference initiative plan act law award prize cup games olympics china turkey jordan chad "
        "guinea georgia victoria chile "
        # proper nouns and adjectives the lexicon lists in lower case
        "earth moon sun mars fahrenheit celsius centigrade marxist marxism leninism maoism communist communists "
        "thought cabinet twitter google police wind mandarin strait belt embassy consulate antarctic arctic braille "
        "polish zoom oriental league constitution "
        # firms and people of world business news whose names are common words ("outsold Ford", "to Apple")
        "apple amazon ford tesla shell visa oracle uber trump "
        "westerner westerners easterner easterners northerner northerners southerner southerners "
        "midwest northeast northwest southeast southwest "
        # the head of a city's name, as a local regulation calls its city ("registered in this Municipality")
        "municipality "
        # the corners of a photo named in its caption ("Clockwise from Top")
        "top bottom left right "
        # Hong Kong's and Macao's official style ("Mainland residents"); a press release's attachment ("see the Annex")
        "mainland annex appendix "
        # a relative named by kinship, as a name ("after which Uncle could no longer walk", "Grandma smiled")
        "uncle aunt auntie grandma grandpa granny grandad grandmother grandfather mum mom dad mama papa"
    ).split()
)
# A capitalised word and one or two of the lower-case words that stand inside multi-word names ("Ministry of
# Economy", "South Gate to Heaven", "Dar es Salaam", "Rio de Janeiro"), right before a word.
_NAME_INTERNAL = "of|and|for|the|on|in|to|de|du|la|es|da|del|della|di|dos|das|el|al|van|von|der|den|bin|ibn"
_BEFORE = regex.compile(rf"(?:^|\s)(\p{{Lu}}[\p{{L}}'’-]*)\s+(?:(?:{_NAME_INTERNAL})\s+){{1,2}}$")


_DOMAIN = regex.compile(r"\.\p{Ll}")
# What a law or regulation calls itself, capitalised after "this" or "these" ("these Regulations").
_INSTRUMENTS = frozenset(
    "regulations regulation measures provisions rules law decision opinions notice procedures interpretation".split()
)


# After the word, the rest of a name or title: a preposition or "the", then a capitalised word ("the Year of
# the Dragon", "Journey to the West", "Along the River During the Qingming Festival", "Grain in Ear"); not
# "the Party" ("the Warmth of the Party" is machine translation's calque of 党的温暖).
_NAME_GOES_ON = regex.compile(r" (?:(?:of|to|in|on|along|during)(?: the)?|the) (?!Party\b)\p{Lu}")
# A name the words around it call one: after the kind of thing it names ("the investment firm Plenary", "the
# Hollywood film Avatar"), or before the kind of thing it owns or titles ("a Ford subsidiary", "Fortune
# magazine", "our Voices column").
_NAMED_AS = regex.compile(
    r"\b(?:firm|company|group|magazine|newspaper|journal|brand|carmaker|automaker|consultancy|film|movie|novel|"
    r"book|ship|vessel|app|band|series)\s$"
)
_NAME_OF = regex.compile(r" (?:magazine|newspaper|subsidiary|brand|column|desk)\b")
# "Heaven's Gate", "People's Square": a capitalised word's possessive before it.
_POSSESSIVE_NAME = regex.compile(r"\p{Lu}\p{L}*['’]s? $")
# "and" and the rest of a body's, a day's or a newspaper's name: "the Food and Environmental Hygiene Department",
# "the Cultural and Natural Heritage Day", "Science and Technology Daily" (not "the Commerce and Trade Union
# Republic", which ends in no such head word).
_AND_A_BODY = regex.compile(
    r" and (?:\p{Lu}\p{L}+ ){0,3}(?:Department|Bureau|Service|Office|Commission|Committee|Council|Authority|"
    r"Agency|Centre|Center|Institute|Ministry|Administration|Corporation|Company|Association|Bank|University|"
    r"College|Hospital|Museum|School|Academy|Foundation|Federation|Governments?|Day|Week|Festival|Fair|Expo|Forum|"
    r"Awards?|Prize|Daily|Weekly|Times|Journal|Herald|Gazette)\b"
)
# the rest of a name and the acronym that abbreviates it: "Coffee and Farmer Equity (C.A.F.E.) Practices"
_ITS_ACRONYM = regex.compile(r"(?: (?:and|of|for|the|&|in|on|\p{Lu}[\p{L}-]*)){0,8} \((?:\p{Lu}\.?){2,}\)")
# A name of two to five capitalised words: its last word alone is its short form ("the Voucher Scheme" … "the
# Scheme", "the Hong Kong Observatory" … "the Observatory"); so is that of a name with "of", "and", "for" or "the"
# inside ("the In Search of Roots program" … "the Roots interns"), read apart, as the words of one name may end
# another ("the Society of China Analysis and Forecast" … "the Analysis and Forecast of …").
_NAME_HEADS = (
    regex.compile(r"(?<!\S)(?:\p{Lu}\p{L}+ ){1,4}(\p{Lu}\p{Ll}+)\b"),
    regex.compile(r"(?<!\S)(?:\p{Lu}\p{L}+ (?:(?:of|and|for|the) )?){1,4}(\p{Lu}\p{Ll}+)\b"),
)


# The rest of a document's title after "for": three capitalised words or more, perhaps in quotation marks ("the
# Handbook for Fulfilling the “Three Responsibilities” for Small Reservoir Flood Prevention"; not "the Fund for
# Moneylenders", machine translation's)
_TITLE_FOR = regex.compile(
    r" for (?:the )?[“\"‘]?\p{Lu}\p{L}+(?:[”\"’]?\s+(?:(?:of|and|for|the|in|on|to|with)\s+)*[“\"‘]?\p{Lu}[\p{L}-]*){2,}"
)
# a month's short form before its day: "On the morning of Mar. 9, 2017"
_MONTH_SHORT = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_DAY_AFTER = regex.compile(r"\.? ?\d")


def _in_a_name(text: str, start: int, end: int) -> bool:
    """A word inside a multi-word name: a capitalised word one or two name-internal words before it ("the
    Ministry of Commerce", "the South Gate to Heaven") or with its possessive ("Heaven's Gate"), or a
    preposition and a capitalised word after it ("the Records of the Grand Historian"). Not "and" or "for"
    after it: "the Commerce and Trade Union Republic" and "the Fund for Moneylenders" are machine
    translation's, as are "Creating the City" and "the Warmth of the Party"."""
    if _BEFORE.search(text, 0, start):
        return True
    if _NAME_GOES_ON.match(text, end) and not (text.endswith("ing", start, end) and text.startswith(" the ", end)):
        return True  # not a verb's -ing form and its object: "the work on Creating the City of …" is MT's
    if _AND_A_BODY.match(text, end) or _ITS_ACRONYM.match(text, end) or _TITLE_FOR.match(text, end):
        return True
    if _NAMED_AS.search(text, max(0, start - 20), start) or _NAME_OF.match(text, end):
        return True
    return bool(_POSSESSIVE_NAME.search(text, max(0, start - 40), start))


_BYLINE = regex.compile(r"by \p{Lu}")


def _opens_its_line(ctx: Context, seg: Segment) -> bool:
    """Nothing but white space stands before the sentence on its line."""
    return not ctx.text[ctx.line_starts[seg.line] : seg.start].strip()


def lowercase_starts(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """Sentences and headlines that start with a lower-case letter."""
    prev_end_text = ""
    prev_line = -1
    item = False  # the segment before opened its line with a list item's marker alone: "ii." of "ii. studying …"
    for seg in ctx.segments:
        continued = seg.line == prev_line and (item or bool(_CONTINUES.search(prev_end_text)))
        prev_end_text, prev_line = seg.text, seg.line
        item = _opens_its_line(ctx, seg) and bool(LIST_MARKER_RE.fullmatch(seg.text))
        m = _FIRST_WORD.match(seg.text)
        if not m or continued or _CLOSING_QUOTE_START.match(seg.text):
            continue
        word = m.group(1)
        if not word[0].islower() or any(ch.isupper() for ch in word[1:]) or _URLISH.search(seg.text[:60]):
            continue
        if _BYLINE.match(seg.text) and seg.start == ctx.line_starts[seg.line]:
            continue  # "by Xinhua writers Xuan Liqi …": a byline, written in lower case by web style
        start = seg.start + m.start(1)
        if in_a_list(ctx.text, start):
            continue  # "Measures include:\n- schools will close;": an item that goes on the lead-in
        marker = LIST_MARKER_RE.match(seg.text)
        if marker and marker.end() > m.start(1) and _opens_its_line(ctx, seg):
            continue  # the word is a list item's marker that opens its line: "ii. studying …", "b) …"
        yield Hit(start, start + len(word), (capitalize_words(word),))


# What may stand before and after a place name in lower case: not a word, URL, file name or e-mail address; and
# what such a name may stand for: the porcelain ("china plates").
_BEFORE_NAME = regex.compile(r"[\w./@'’-]")  # not after an apostrophe: "Ma'anshan" holds no "anshan"
_AFTER_NAME = regex.compile(r"[\w@]|\.\w")
_NOT_A_PLACE = regex.compile(r" (?:plates?|cups?|cabinet|shop|dolls?|sets?|bowls?|dishes|clay|ware)\b")


@lru_cache(maxsize=4)
def _lowercase_places(names: tuple[str, ...]) -> ahocorasick.Automaton:
    """The place names to look for in lower case, with either apostrophe: the rule's `names` and the gazetteer's
    provinces and prefectures of one word, five letters or more, that are no English word ("hefei", "xining";
    not "wuhu", short enough to be something else). Aho-Corasick finds them all in one pass, six times
    faster than reading every lower-case word with a pattern."""
    import ahocorasick

    words = lexicon()
    found = set(names) | {n for n in (m.lower() for m in major_names()) if " " not in n and len(n) >= 5}
    auto = ahocorasick.Automaton()
    for name in found:
        if name not in words or name in names:
            for spelling in {name, name.replace("'", "’")}:
                auto.add_word(spelling, len(spelling))
    auto.make_automaton()
    return auto


def lowercase_places(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A province, prefecture or country written in lower case ("of china", "in hefei", "hong kong")."""
    text = ctx.text
    # the longest names, never overlapping
    for end, length in _lowercase_places(tuple(str(n) for n in rule.options.get("names", ()))).iter_long(text):
        start, end = end + 1 - length, end + 1
        if (start and _BEFORE_NAME.match(text, start - 1)) or _AFTER_NAME.match(text, end):
            continue  # part of a word, a URL or a file name
        if not _NOT_A_PLACE.match(text, end):
            yield Hit(start, end, (capitalize_words(text[start:end]),))


# the first half of a capitalised compound before the word's neighbour: "Portuguese-" in "Portuguese-speaking"
_CAPITALISED_COMPOUND = regex.compile(r"\p{Lu}\p{L}*-$")
# words that open a sentence, not a name: a capital on one of them mid-sentence is two sentences run together
_SENTENCE_OPENERS = frozenset("this that these those there it its we they he she the and but in on at for to".split())
_REFORM_AND_OPENING = regex.compile(r"Reform and Opening(?:[- ][Uu]p)?\b")
# the next item of a list of names: ", Qualcomm"; and the end of a list of names before the last item
# ("specializing in City Management, Political Science, and Psychology")
_LIST_OF_NAMES = regex.compile(r", \p{Lu}\p{L}+(?:,| and)")
_END_OF_LIST = regex.compile(r"\p{Lu}\p{L}+, (?:\p{Lu}\p{L}+ ){0,3}\p{Lu}\p{L}+,? (?:and|or) $")
# what names a post's or a body's field after it: "Macao's secretary for Economy and Finance"
_PORTFOLIO = regex.compile(
    r"\b(?:secretary|minister|ministry|department|bureau|commissioner|director|office) (?:of|for) $", regex.I
)
# a school's year after "Class": "the Class of 2022"
_YEAR_OF = regex.compile(r" of (?:19|20)\d\d\b")
# the animal that names a year of the Chinese zodiac, capitalised as English writes it: "the year of Monkey"
_ZODIAC = frozenset("rat ox tiger rabbit hare dragon snake horse goat sheep ram monkey rooster dog pig boar".split())
_ZODIAC_YEAR = regex.compile(r"\b[Yy]ears? of (?:the )?$")
# words before a place's name ("the train in Bologna"), which may be a word of the lexicon
_BEFORE_A_PLACE = frozenset({"in", "at", "from", "near", "via"})
# what names a journal or magazine after it: "published in Science", "a paper in the journal Cell"
_PUBLISHED_IN = regex.compile(
    r"\b(?:(?:published|publications?|papers?|articles?|stud(?:y|ies)|appeared|reported) in|accepted by) "
    r"(?:the (?:journal|magazine) )?$"
)
_A_PAPER = regex.compile(r" (?:papers?|articles?)\b")  # after a journal's name: "the second Science paper"


# how common a word must be (wordfreq's Zipf scale) to be a slip when capitalised: "quanta" (2.4) and "kiwis" (2.9)
# are rarer in lower case than as a firm's or a people's name
_COMMON_ZIPF = 3.0
# as many times capitalised, and never in lower case, a word is a name on its page (a city: "Buffalo", flagged
# in "in Buffalo", not in "between Buffalo and Changzhou"). On the real pages no word is flagged twice on one
# page; on 359 pages of other sites four are flagged three times or more: two names ("Buffalo" on a clean page, a
# man called "Rock"), a dish's name ("Congee with Nuts and Dried Fruits") and a rough page's "International
# students".
_A_NAME_BY_USE = 3


def capitalised_common_words(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A common English word capitalised between lower-case words ("joined the Meeting yesterday").

    Common means listed in lemminflect's English lexicon (tabled at build time, `lexicon()`), which leaves
    out most proper nouns (Singapore), and not a place of China's gazetteer (Shanghai, which the lexicon
    lists as a verb). Title-case sentences, words inside multi-word names and quotations are skipped, and so is
    a word capitalised so three times or more and never written in lower case on the page: a name by its use.
    """
    short_forms: set[str] | None = None
    found: dict[str, list[int]] = {}  # word -> where it stands capitalised between lower-case words
    for seg in ctx.segments:
        words = seg.text.split()
        if seg.kind == "headline" or sum(w[:1].isupper() for w in words) * 3 > len(words):
            continue  # headlines and title-case sentences
        for m in _CAPITALISED_WORD.finditer(seg.text):
            prev, word, nxt = m.group(1), m.group(2), m.group(3)
            low = word.lower()
            if not prev.islower() or (nxt and not nxt.islower()) or low in _ALWAYS_CAPITALISED:
                continue
            if _DOMAIN.match(seg.text, m.end(2)):
                continue  # a web address: "Trip.com"
            if prev in _BEFORE_A_PLACE:
                continue  # a place the lexicon knows as a word: "the train in Bologna", "the staff to Oriental Land"
            if low in _MONTH_SHORT and _DAY_AFTER.match(seg.text, m.end(2)):
                continue  # a month's short form: "On the morning of Mar. 9"
            if low == "class" and _YEAR_OF.match(seg.text, m.end(2)):
                continue  # a school's year: "students of the Class of 2022"
            if low in _ZODIAC and _ZODIAC_YEAR.search(seg.text, max(0, m.start(2) - 14), m.start(2)):
                continue  # a year of the Chinese zodiac: "ring out the old year of Monkey"
            if _PUBLISHED_IN.search(seg.text, max(0, m.start(2) - 40), m.start(2)) or _A_PAPER.match(
                seg.text, m.end(2)
            ):
                continue  # a journal's name: "her first-author publication in Nature", "the second Science paper"
            if (
                _CAPITALISED_COMPOUND.search(seg.text, max(0, m.start(1) - 30), m.start(1))
                and low not in _SENTENCE_OPENERS
            ):
                continue  # "Portuguese-speaking Countries" (not "the Chinese-style This provides", two sentences run)
            if _REFORM_AND_OPENING.match(seg.text, m.start(2)):
                continue  # the name of China's policy since 1978, which official English often capitalises
            if _LIST_OF_NAMES.match(seg.text, m.end(2)) or _END_OF_LIST.search(
                seg.text, max(0, m.start(2) - 60), m.start(2)
            ):
                continue  # a list of names: "including Apple, Qualcomm, Huawei", "…, Political Science, and Psychology"
            if _PORTFOLIO.search(seg.text, max(0, m.start(2) - 30), m.start(2)):
                continue  # a post's or body's field: "secretary for Economy and Finance", "director of Civil Affairs"
            if prev.lower() in ("this", "these") and low in _INSTRUMENTS:
                continue  # a legal text's name for itself: "for the purposes of these Regulations"
            if _in_a_name(seg.text, m.start(2), m.end(2)):
                continue  # "Memorandum of Understanding", "the Belt and Road Initiative"
            if short_forms is None:
                short_forms = {h.group(1) for p in _NAME_HEADS for h in p.finditer(ctx.text)}
            if prev == "the" and word in short_forms:
                continue  # a name's short form: "the Scheme", after "the Elderly Health Care Voucher Scheme"
            if low not in lexicon() or pinyin.is_surname(word) or word in english_names():
                continue
            if not pinyin.is_english(low, min_zipf=_COMMON_ZIPF):
                continue  # a rare word capitalised is a name more often than a slip: "owned by Quanta", "the Kiwis"
            start = seg.start + m.start(2)
            if not ctx.in_quotes(start, start + len(word)):
                found.setdefault(word, []).append(start)
    for word, starts in found.items():
        if len(regex.findall(rf"\b{word}\b", ctx.text)) >= _A_NAME_BY_USE and not regex.search(
            rf"\b{word.lower()}\b", ctx.text
        ):
            continue  # a name by its use: "between Buffalo and Changzhou", "in Buffalo", never "buffalo"
        for start in starts:
            yield Hit(start, start + len(word), (word.lower(),))


# institutions whose post, named before a title, makes it a description ("hospital president Cai Wenqing", AP style)
_INSTITUTIONS = (
    "hospital|company|university|college|school|bank|group|club|team|association|federation|museum|foundation|firm"
    "|corporation|institute|academy|league|union|chamber|society|council|board|fund|airline|studio|hotel|factory"
    "|agency|network|orchestra|theatre|theater|newspaper|magazine"
)
_TITLE_BEFORE_NAME = regex.compile(
    r"(?<!\b(?:\p{Lu}\p{L}*|\p{L}+['’]s)\s)(?<!\b\p{Lu}\p{L}*\s\([^()\n]{1,30}\)\s)"
    rf"(?<!\b(?:{_INSTITUTIONS})\s(?:(?:executive|first|standing)\s)?(?:(?:vice|deputy)\s)?)"
    r"(?<!\b(?:executive|first|standing|vice|deputy|party)\s)(?<![\p{L}-])"
    r"((?:(?:executive|first|standing) )?(?:vice |deputy )?"
    r"(?:governor|mayor|premier|president|chairman|chairwoman|general secretary|secretary-general|secretary"
    r"|director|minister|party secretary)) (?=\p{Lu})"
)


def lowercase_titles(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A lower-case formal title right before a Chinese name ("governor Hao Peng")."""
    starts = {n.start for n in ctx.names}
    if not starts:
        return
    for m in _TITLE_BEFORE_NAME.finditer(ctx.text):
        if m.end() in starts:
            yield Hit(m.start(1), m.end(1), (capitalize_words(m.group(1)),))


# He and An before a capital are surnames ("; He Xiaoming reported"); not the ";" of an entity ("&nbsp; The")
_FUNCTION_WORD_AFTER_SEMICOLON = regex.compile(
    r"(?<!&(?:[A-Za-z]{2,8}|#\d{2,5}));\s+(The|There|This|That|These|Those|It|Its|We|They|He(?! \p{Lu})|She|In|At"
    r"|On|For|And|But|Or|So|Some|Many|A|An(?! \p{Lu}))\b(?!\.)"
)


def capital_after_semicolon(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A capitalised function word right after a semicolon."""
    for m in _FUNCTION_WORD_AFTER_SEMICOLON.finditer(ctx.text):
        word = m.group(1)
        yield Hit(m.start(1), m.end(1), (word.lower(),))


# a word with an apostrophe inside, not an English clitic after it ("China's", "don't", "I'm"): a name ("Pu'an")
_APOSTROPHE_WORD = regex.compile(r"\b\p{L}+(['’])(?!(?:s|t|m|d|ll|re|ve)\b)\p{L}+\b", regex.I)


def mixed_apostrophes(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """One name written with both ' and ’ in the article ("Pu'an" and "Pu’an"): flag the rarer form. Not a
    possessive or contraction ("China's" beside "China’s"): pages of fluent English mix those when a caption
    and the body come from two fields of one CMS, and nothing is found or matched by them."""
    if "'" not in ctx.text or "’" not in ctx.text:
        return  # most articles hold one mark or none
    forms: dict[str, list[tuple[int, int, str]]] = {}
    for m in _APOSTROPHE_WORD.finditer(ctx.text):
        forms.setdefault(m.group().replace("’", "'").lower(), []).append((m.start(), m.end(), m.group(1)))
    for spans in forms.values():
        counts = {mark: sum(1 for *_, x in spans if x == mark) for mark in ("'", "’")}
        if not all(counts.values()):
            continue
        common = max(counts, key=lambda k: (counts[k], k == "’"))  # a tie goes to the typographic form
        for start, end, mark in spans:
            if mark != common:
                yield Hit(start, end, (ctx.text[start:end].replace(mark, common),))


_QUOTE_CHARS = regex.compile(r"[“”]|(?<!\d)\"")  # a straight mark after a digit is an inch mark


def unbalanced_quotes(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A paragraph whose double quotation marks do not pair up: the unmatched mark is flagged."""
    for line in range(len(ctx.line_starts)):
        a, b = ctx.line_span(line)
        open_at: int | None = None
        straight: list[int] = []
        for m in _QUOTE_CHARS.finditer(ctx.text, a, b):
            ch = m.group()
            if ch == '"':
                straight.append(m.start())
            elif ch == "“":
                if open_at is not None:
                    yield Hit(open_at, open_at + 1)
                open_at = m.start()
            elif open_at is None:
                yield Hit(m.start(), m.end())  # a closing mark with no opening one
            else:
                open_at = None
        if open_at is not None:
            yield Hit(open_at, open_at + 1)
        if len(straight) % 2:
            yield Hit(straight[-1], straight[-1] + 1)
