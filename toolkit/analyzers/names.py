"""Pinyin names: merged or split names, lower-case names, one person spelled two ways, words left as pinyin."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import lru_cache

import regex

from .. import pinyin
from ..context import Context, NameMention
from ..model import Hit, RuleSpec
from ..places import english_names

_NEXT_GIVEN = regex.compile(r" ([A-Z][a-z]+)(?: ([A-Z][a-z]+))?\b")
_CAMEL = regex.compile(r"\b([A-Z][a-z]+)([A-Z][a-z]+)\b")
_SINGLE = regex.compile(r"(?<=\b([a-z]+) )([A-Z][a-z]{1,5})\b(?![ -]?[A-Z])(?!['’])")
_ROMANCE_PARTICLE = regex.compile(r" (?:de|do|da|dos|das|del|la)\b")
# the verbs of a quotation's attribution, before or after the speaker's name
_SPEECH_VERBS = frozenset("said says asked added told recalled explained noted replied laughed".split())
_SAID_AFTER = regex.compile(r",? (?:said|says|told|added|recalled|explained|noted)\b")
# the words that introduce a name: "the beast called Nian", "a panda named Bao"
_NAMING_WORDS = frozenset("called named dubbed nicknamed christened titled".split())
# "Jun" before a day or a year is June as dates shorten it ("by Jun 2006", "Jun 5"), not the syllable jun
_DAY_OR_YEAR = regex.compile(r" \d")


def merged_names(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """Two names run together ("Hao Pengsun Li Jun") or written without a space ("ZhangWeimin")."""
    full = {(n.surname.lower(), n.given.lower().replace(" ", "")) for n in ctx.names}
    for n in ctx.names:
        syl = pinyin.split(n.given)
        if not syl or len(syl) < 2 or " " in n.given or not pinyin.is_surname(syl[-1]):
            continue
        m = _NEXT_GIVEN.match(ctx.text, n.end)
        if not m or not all(pinyin.is_given_name(t, 2) for t in m.groups() if t):
            continue
        head = n.given[: len(n.given) - len(syl[-1])]
        sur2 = syl[-1].capitalize()
        given2 = "".join(t for t in m.groups() if t)
        given2 = given2[:1].upper() + given2[1:].lower()
        # Only with evidence: the shortened first name or the re-joined second name occurs elsewhere.
        rejoined = regex.search(rf"(?<!\p{{L}}){sur2} {given2}(?!\p{{L}})", ctx.text, regex.IGNORECASE)
        evidence = (n.surname.lower(), head.lower()) in full or rejoined is not None  # not "Jintao Shanghai"
        if evidence:
            yield Hit(n.start, m.end(), (f"{n.surname} {head} and {sur2} {given2}",))
    for m in _CAMEL.finditer(ctx.text):
        sur, given = m.group(1), m.group(2)
        if pinyin.is_surname(sur) and pinyin.is_given_name(given) and not pinyin.is_english(sur + given):
            yield Hit(m.start(), m.end(), (f"{sur} {given}",))


def lowercase_names(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A pinyin name with a part in lower case ("sun Lijun", "Tang derong", "xiao-ming Yang"); the fix
    capitalises each word of it, in the order written."""
    for n in ctx.lowercase_names:
        name = ctx.text[n.start : n.end]
        yield Hit(n.start, n.end, (" ".join(w[:1].upper() + w[1:] for w in name.split(" ")),))


def _edit1(a: str, b: str) -> bool:
    """Whether two different strings are one substitution, insertion or deletion apart."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _same_person(a: str, b: str) -> bool:
    """Two spellings of one given name: the same letters ("Li Jun", "Lijun"), or one letter apart in a
    name of two or more syllables ("Defang", "Defeng"); one-syllable names differ too often (Wei, Wen)."""
    x, y = pinyin.letters(a), pinyin.letters(b)
    return x == y or (_edit1(x, y) and min(len(pinyin.split(x) or ()), len(pinyin.split(y) or ())) >= 2)


_PREV_WORD = regex.compile(r"(\p{L}+) $")
_ONE_WORD = regex.compile(r"(?<![\p{L}'’-])\p{Lu}\p{Ll}{3,}(?![\p{L}'’-])")


def inconsistent_names(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """One person romanised two ways in one article ("Zhao Defang … Zhao Defeng", "Lijun … Li Jun").

    The more frequent spelling (on a tie, the first seen) is taken as the intended one.
    """
    by_surname: dict[str, list[NameMention]] = defaultdict(list)
    for n in ctx.names:
        by_surname[n.surname].append(n)
    for mentions in by_surname.values():
        forms = Counter(n.given for n in mentions)
        rank = _favourite(forms)
        for n in mentions:
            rival = next((f for f in forms if rank[f] < rank[n.given] and _same_person(f, n.given)), None)
            if rival:
                other = f"{n.surname} {rival}"
                yield Hit(n.start, n.end, (other,), (("other", other),))
    yield from _surname_drift(ctx.names)
    yield from _place_drift(ctx.text)
    # The same name written as one word elsewhere ("Zheng Xin … Zhengxin"): flag the joined form, unless
    # it is a place ("Jiangyong"), where the split form is the mistake (MT306's to report).
    # The split form in a quotation is the speaker's ("a town called Xi Tang," she wrote): no evidence.
    spelled = {
        (n.surname + n.given.replace(" ", "")).lower(): f"{n.surname} {n.given.replace(' ', '')}"
        for n in ctx.names
        if not ctx.in_quotes(n.start, n.end)
    }
    for m in _ONE_WORD.finditer(ctx.text) if spelled else ():
        split = spelled.get(m.group().lower())
        if split is None or pinyin.is_english(m.group()) or m.group() in english_names():
            continue
        prev = _PREV_WORD.search(ctx.text, max(0, m.start() - 40), m.start())
        if prev is None or not pinyin.is_surname(prev.group(1)):  # "Sun Lijun": a given name, not "Li Jun"
            yield Hit(m.start(), m.end(), (split,), (("other", split),))


def _favourite(forms: Counter[str]) -> dict[str, tuple[int, int]]:
    """Each form's rank: the more frequent first, on a tie the first seen (a Counter keeps first-seen order)."""
    return {form: (-count, k) for k, (form, count) in enumerate(forms.items())}


def _surname_drift(names: list[NameMention]) -> Iterator[Hit]:
    """One given name of two or more syllables under two surnames that are two readings of one character
    ("Qin Yicheng … Tan Yicheng", both 覃): raw MT reads the surname's character two ways. Two people can
    share a given name ("Wang Jianguo … Li Jianguo"), so other surname pairs are left alone."""
    by_given: dict[str, list[NameMention]] = defaultdict(list)
    for n in names:
        if len(pinyin.split(pinyin.letters(n.given)) or ()) >= 2:
            by_given[pinyin.letters(n.given)].append(n)
    for mentions in by_given.values():
        rank = _favourite(Counter(n.surname for n in mentions))
        best = min(rank, key=rank.__getitem__)
        for n in mentions:
            if n.surname != best and pinyin.misread_surnames(n.surname, best):
                other = f"{best} {n.given}"
                yield Hit(n.start, n.end, (other,), (("other", other),))


_PLACE_FORM = regex.compile(
    r"(?<![\p{L}'’-])(\p{Lu}\p{Ll}{3,}) ((?i:village|town|township|county|district))\b(?![ -]?\p{Lu}\p{Ll})"
)


def _place_drift(text: str) -> Iterator[Hit]:
    """One place spelled two ways, a letter apart, before the same Village/Town/County/District ("Yaya Village
    … Yaya Village … Yuya Village"): a spelling met once beside one met at least twice. Both must read as
    pinyin, so two English names are never compared; two places each named once ("Dongfang Village",
    "Dongfeng Village") may well be two villages."""
    by_kind: dict[str, list[regex.Match[str]]] = defaultdict(list)
    for m in _PLACE_FORM.finditer(text):
        if pinyin.split(m.group(1)) and not pinyin.is_english(m.group(1)):
            by_kind[m.group(2).lower()].append(m)
    for found in by_kind.values():
        counts = Counter(m.group(1) for m in found)
        for m in found:
            name = m.group(1)
            if counts[name] > 1:
                continue
            rival = next((f for f in counts if counts[f] >= 2 and _edit1(f.lower(), name.lower())), None)
            if rival:
                other = f"{rival} {m.group(2)}"
                yield Hit(m.start(), m.end(), (other,), (("other", other),))


# Names English writes as one pinyin syllable that is no surname: "the Lao capital Vientiane", the ethnic
# groups ("Derung and Nu autonomous county"), the dynasties ("the Ming and Qing dynasties"), and Cantonese and
# Hokkien surnames ("kept Wong constantly under pressure").
_ENGLISH_SYLLABLES = frozenset(
    "Lao Nu Tu Wa Yi Hui Dai Bai Shui Dong Jing Qiang Zhuang Miao Yao She Qing Sui Liao Xia Shang Yuan".split()
    # surnames as Hong Kong, Macao and Southeast Asia spell them, which read as one syllable of pinyin
    + "Wong Chan Lo Lai Chua".split()
)


@lru_cache(maxsize=1)
def _places_without_apostrophe() -> frozenset[str]:
    """The gazetteer's names with an apostrophe between syllables, as English often writes them without it:
    "Xian" (Xi'an), "Luan" (Lu'an), "Jian" (Ji'an)."""
    return frozenset(n.replace("'", "").replace("’", "") for n in english_names() if "'" in n or "’" in n)


def pinyin_common_words(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A lone capitalised pinyin syllable used as a common word ("draw the scenery with Yun")."""
    used_as_surname = {n.surname for n in ctx.names}
    for m in _SINGLE.finditer(ctx.text):
        word = m.group(2)
        syl = pinyin.split(word)
        if not syl or len(syl) != 1 or pinyin.is_english(word) or pinyin.is_surname(word):
            continue
        if word in used_as_surname or m.group(1) in ("of", "in", "at", "from", "to") or word in _ENGLISH_SYLLABLES:
            continue
        if word in _places_without_apostrophe():
            continue  # "the provincial capital Xian" (Xi'an)
        if _ROMANCE_PARTICLE.match(ctx.text, m.end(2)):
            continue  # Macao's Portuguese names: "Rua de S. Domingos", "Largo do Senado"
        if m.group(1) in _SPEECH_VERBS or _SAID_AFTER.match(ctx.text, m.end(2)):
            continue  # a speaker named by one name: '"…," said Hai.', 'Hai said'
        if m.group(1) in _NAMING_WORDS:
            continue  # a name given as one: "drove the beast called Nian away"
        if word == "Jun" and _DAY_OR_YEAR.match(ctx.text, m.end(2)):
            continue  # a month: "300,000 tons by Jun 2006"
        yield Hit(m.start(2), m.end(2), (), (("word", word),))


# A phrase romanised syllable by syllable (`pinyin_runs`): five capitalised words of six letters at most in a row,
# or three or more run together in camel case.
_CAPITALISED_RUN = regex.compile(r"(?<![\p{L}'’-])\p{Lu}\p{Ll}{0,5}(?:[ -]\p{Lu}\p{Ll}{0,5}){4,}(?![\p{L}\d'’-])")
_CAMEL_RUN = regex.compile(r"(?<![\p{L}'’-])\p{Lu}\p{Ll}{1,5}(?:\p{Lu}\p{Ll}{1,5}){2,}(?![\p{L}\d'’-])")
_CAPITALISED_WORD = regex.compile(r"\p{Lu}\p{Ll}*")


def _one_syllable(word: str) -> bool:
    syl = pinyin.split(word)
    return syl is not None and len(syl) == 1


def pinyin_runs(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A Chinese phrase left in pinyin syllable by syllable: five capitalised one-syllable words in a row ("Jin Bao
    Zi Zhen Cheng Bei Jia Wan Cun"), three of them no English word (a title of short English words, "She Can Run
    A Long Way", is not one); or three syllables or more run together in camel case ("ShenZhongZhuiYuan"). A
    person's name has three syllables at most, and two names run together are MT301's."""
    need, foreign = 5, 3
    for m in _CAPITALISED_RUN.finditer(ctx.text):
        words = list(_CAPITALISED_WORD.finditer(m.group()))
        run: list[regex.Match[str]] = []
        for w in [*words, None]:  # the longest stretches of one-syllable words
            if w is not None and _one_syllable(w.group()):
                run.append(w)
                continue
            if len(run) >= need and sum(not pinyin.is_english(r.group()) for r in run) >= foreign:
                start, end = m.start() + run[0].start(), m.start() + run[-1].end()
                yield Hit(start, end, (), (("word", ctx.text[start:end]),))
            run = []
    for m in _CAMEL_RUN.finditer(ctx.text):
        parts = _CAPITALISED_WORD.findall(m.group())
        if all(_one_syllable(p) for p in parts) and not pinyin.is_english(m.group()):
            yield Hit(m.start(), m.end(), (), (("word", m.group()),))


# A list of three names or more ("Liao Jinsong, Wu Xinbo, Qi Platform and Hu Red Light"), read by
# `english_given_names`.
_NAME_ITEM = r"\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+){1,2}"
_NAME_LIST = regex.compile(rf"(?<![\p{{L}}'’-]){_NAME_ITEM}(?:(?:, and |, | and ){_NAME_ITEM}){{2,}}(?![\p{{L}}'’-])")
_LIST_SEPARATOR = regex.compile(r", and |, | and ")
# Words that make a surname's neighbour an organisation or a place, not a person: "Tan Holdings", "Li Village".
_NOT_A_PERSON = frozenset(
    "group company holdings bank university college school hospital street road avenue town township village "
    "county district city province lake river mountain temple park bridge station airport port".split()
)


def _pinyin_name(item: str) -> bool:
    """A surname and a given name in pinyin that is no English word ("Wu Xinbo", "Li Su Zhao")."""
    first, *rest = item.split()
    return pinyin.is_surname(first) and all(pinyin.split(w) and not pinyin.is_english(w) for w in rest)


def _english_given_name(item: str) -> bool:
    """A surname and English words no pinyin spells, none of them an organisation's or a place's ("Qi Platform",
    "Hu Red Light"; not "Tan Holdings")."""
    first, *rest = item.split()
    return (
        pinyin.is_surname(first)
        and all(pinyin.split(w) is None and pinyin.is_english(w) for w in rest)
        and not any(w.lower() in _NOT_A_PERSON for w in rest)
    )


def english_given_names(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A given name translated as English words in a list of people: a surname and English words beside two
    names in pinyin or more ("Jiang Hongbo, Qi Platform, Hu Red Light and other county leaders")."""
    for m in _NAME_LIST.finditer(ctx.text):
        items, at = [], m.start()
        for part in _LIST_SEPARATOR.split(m.group()):
            at = ctx.text.index(part, at)
            items.append((at, part))
            at += len(part)
        if sum(_pinyin_name(part) for _, part in items) < 2:
            continue
        for start, part in items:
            if _english_given_name(part):
                yield Hit(start, start + len(part), (), (("name", part),))


# (not before a hyphen and a lower-case word: "the Jiangsu Provincial County-level Integrated Media Center" names
# a level, not a county)
_PLACE = regex.compile(
    r"(?<![\p{L}'’-])((?:\p{Lu}\p{Ll}+ ){1,3})(Town(?:ship)?|Village|County)\b(?![ -]?\p{Lu}|-\p{Ll})"
)
# Words before a place that belong to the sentence, not to the name ("In Weiwan Town", "Visiting Niji Town").
_NOT_IN_NAME = frozenset("in at to from of and the for with by on near around across visiting via".split())
_INDEFINITE_BEFORE = regex.compile(r"\b[Aa]n? $")
# the bodies that award a place its title ("the National Civilized Village", "a Provincial Sanitary Town")
_TITLE_SCOPES = frozenset("national provincial municipal".split())
# English words of official place names ("Old Town", "Lijiang Ancient Town", "Dai Ethnic Village", "Tu Autonomous
# County"), of the villages of sports events ("Asian Games Village") and of the towns built for a purpose, whose
# official English names are English ("Huaxi University Town", "Xunlong River Eco Art Town").
_PLACE_WORDS_OK = frozenset(
    "old ancient new upper lower greater saint st ethnic autonomous nationality nationalities minority central "
    "economic development industrial special games olympic expo universiade "
    "university college science technology tech eco art arts film sports creative innovation software".split()
)


def _english_word(word: str) -> bool:
    """Not a pinyin spelling, and a word English uses, if rarely ("Brick", "Poplar")."""
    return pinyin.split(word) is None and pinyin.is_english(word, min_zipf=2.5)


def _sentence_start(ctx: Context, offset: int) -> bool:
    before = ctx.text[:offset].rstrip(" \t\u3000\"“‘'")
    return not before or before.endswith(("\n", ".", "!", "?", ":"))


# 街道, a subdistrict, rendered "Street" where the name is given with its district or county, as an address of a
# street is not: "Chengxi Street, Hailing District", "Xuzhuang Street of Gaogang District"
_SUBDISTRICT = regex.compile(
    r"(?<![\p{L}'’-])\p{Lu}\p{Ll}+ Street(?=(?:,| of) (?:\p{Lu}\p{Ll}+ )+(?:District|County)\b)"
)


def literal_place_names(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A place name rendered word by word before Village/Town/County ("Brick Temple Town", "Hongyan Temple Town"),
    and a subdistrict called a street before its district or county ("Chengxi Street, Hailing District")."""
    for m in _SUBDISTRICT.finditer(ctx.text):
        yield Hit(m.start(), m.end())
    for m in _PLACE.finditer(ctx.text):
        words, start = m.group(1).split(), m.start()
        while words and (words[0].lower() in _NOT_IN_NAME or (_sentence_start(ctx, start) and len(words) > 1)):
            start += len(words[0]) + 1
            words = words[1:]
        if not words or not _english_word(words[-1]) or any(w.lower() in _PLACE_WORDS_OK for w in words):
            continue
        english = [w for w in words if _english_word(w)]
        if ctx.in_quotes(start, m.end()):
            continue  # an epithet in quotation marks: the "Number One Water Town in China"
        if _INDEFINITE_BEFORE.search(ctx.text, max(0, start - 4), start):
            continue  # a kind of place in a title-case headline, no name: "Inside a Chinese Factory Town"
        if words[0].lower() in _TITLE_SCOPES:
            continue  # an honorary title that a village or town is awarded: "the National Civilized Village"
        if (len(english) < len(words) and any(pinyin.split(w) for w in words)) or len(english) >= 2:
            yield Hit(start, m.end())


_SPLIT_PLACE = regex.compile(
    r"(?<![\p{L}'’-])((?:\p{Lu}\p{Ll}{0,5} ){1,2}\p{Lu}\p{Ll}{0,5}) "
    r"(County|City|District|Town(?:ship)?|Village|Prefecture)\b"
)
_NOT_SYLLABLES = frozenset("a in on to he me be do go so no we us my of or as at by it is".split())


def split_place_names(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A place name split into its pinyin syllables before County/City/Town ("Ping Li County" for Pingli)."""
    for m in _SPLIT_PLACE.finditer(ctx.text):
        parts = m.group(1).split(" ")
        if all(len(pinyin.split(p) or ()) == 1 and p.lower() not in _NOT_SYLLABLES for p in parts):
            joined = parts[0] + "".join(p.lower() for p in parts[1:])
            yield Hit(m.start(), m.end(), (f"{joined} {m.group(2)}",))


_NAME_PAIR = regex.compile(r"(?<![\p{L}'’-])(\p{Lu}\p{Ll}{1,5}) (\p{Lu}\p{Ll}{2,12}(?:-\p{Ll}{2,6})?)(?![\p{L}-])")


@lru_cache(maxsize=8)
def _known(names: tuple[str, ...]) -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[tuple[str, str]]]]:
    """The names by surname (given name, name) and by given name (surname, name), lower-case."""
    by_surname: dict[str, list[tuple[str, str]]] = defaultdict(list)
    by_given: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name in names:
        surname, given = name.lower().split(" ", 1)
        by_surname[surname].append((given, name))
        by_given[given].append((surname, name))
    return by_surname, by_given


# what introduces another person, never a leader every reader knows: "Jiang Zelin, a member of the 13th NPC"
_ONE_OF_MANY = regex.compile(r",\s+an?\s")


def misspelt_known_names(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A name one letter off a name every reader knows ("Xi Jingping", "Xin Jinping"): the surname or
    the given name differs by one letter, not both. The names are the rule's `names` option, chosen with
    given names of two syllables or more, whose one-letter neighbours are not names of other people; nor one
    introduced as one of many ("Jiang Zelin, a member of …")."""
    by_surname, by_given = _known(tuple(map(str, rule.options["names"])))
    for m in _NAME_PAIR.finditer(ctx.text):
        s, g = m.group(1).lower(), m.group(2).lower().replace("-", "")
        found = [n for given, n in by_surname.get(s, ()) if _edit1(g, given)]
        found += [n for surname, n in by_given.get(g, ()) if _edit1(s, surname)]
        if found and not _ONE_OF_MANY.match(ctx.text, m.end()):
            yield Hit(m.start(), m.end(), (found[0],))
