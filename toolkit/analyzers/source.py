"""Source-aware checks over aligned (Chinese source, English target) pairs: numbers, dates, names,
terms, copied source and omitted sentences. Each hit carries the source span it compared.

Gating as in pofilter: a pair whose target is left in Chinese gets only the copy check, since every
other comparison would fail for the same reason and add noise.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise

import regex

from .. import pinyin
from ..align import RATIO, length_z
from ..context import Context
from ..model import Hit, Pair, RuleSpec
from ..numbers import (
    CURRENCY_NAMES,
    MONTHS,
    WEEKDAYS,
    Money,
    Number,
    en_currencies,
    en_numbers,
    english,
    same,
    scale_error,
    unread,
    zh_currencies,
    zh_numbers,
)
from ..places import Place, find_places
from ..terms import Term, termbase

_HAN = regex.compile(r"\p{Han}")
_HAN_RUN = regex.compile(r"\p{Han}+")
# Separators between two numbers that belong together ("2月11日", "13:07:20", "2023-02-11").
_JOINER = regex.compile(r"^[\s年月日号:：/.\-—至到]{0,2}$")


@dataclass(frozen=True, slots=True)
class Checked:
    pair: Pair
    src: str
    tgt: str


def untranslated(text: str) -> bool:
    """Mostly Chinese: more Han characters than Latin letters."""
    han = len(_HAN.findall(text))
    return han > 0 and han >= sum(ch.isascii() and ch.isalpha() for ch in text)


@lru_cache(maxsize=8)
def checked_pairs(ctx: Context) -> tuple[Checked, ...]:
    """The aligned pairs with both sides present and a target that is not left in Chinese."""
    out = []
    for p in ctx.pairs:
        src, tgt = ctx.src[p.src_start : p.src_end], ctx.text[p.tgt_start : p.tgt_end]
        if src.strip() and tgt.strip() and not untranslated(tgt):
            out.append(Checked(p, src, tgt))
    return tuple(out)


@lru_cache(maxsize=8)
def _pair_index(ctx: Context) -> dict[Pair, int]:
    return {p: k for k, p in enumerate(ctx.pairs)}


def _around(ctx: Context, pair: Pair) -> tuple[Pair, Pair]:
    """The first and last of a pair and its neighbours: a number or an amount may have moved to the
    next sentence when the translation splits or joins them."""
    k = _pair_index(ctx)[pair]
    return ctx.pairs[max(k - 1, 0)], ctx.pairs[min(k + 1, len(ctx.pairs) - 1)]


# --- numbers and dates -------------------------------------------------------------------------


def _matches(z: Number, e: Number) -> bool:
    if z.kind == "hour":  # 15时 is "3 p.m." as well as "15:00"
        return e.kind == "number" and e.value == int(e.value) and int(e.value) % 12 == int(z.value) % 12
    if not same(z.value, e.value):
        return False
    if z.kind == "month":
        return e.kind == "month" or e.kind == "number"  # "2/11", "11 February" via the figure
    return (z.kind == "weekday") == (e.kind == "weekday")


@dataclass(frozen=True, slots=True)
class _NumberFinding:
    kind: str  # missing | mismatch | scale | date
    hit: Hit


@lru_cache(maxsize=8)
def _number_findings(ctx: Context) -> tuple[_NumberFinding, ...]:
    out: list[_NumberFinding] = []
    for c in checked_pairs(ctx):
        zs, es = zh_numbers(c.src), en_numbers(c.tgt)
        first_pair, last_pair = _around(ctx, c.pair)
        near = en_numbers(ctx.text[first_pair.tgt_start : last_pair.tgt_end])
        missing = [z for z in zs if not any(_matches(z, e) for e in near)]
        spare = [e for e in es if e.kind != "month" and not any(_matches(z, e) for z in zs)]
        s0, t0 = c.pair.src_start, c.pair.tgt_start
        for group in _groups(c.src, missing):
            first, last = group[0], group[-1]
            source = (s0 + first.start, s0 + last.end)
            is_date = all(z.kind in ("month", "day", "weekday") for z in group)
            scaled = [e for e in spare if len(group) == 1 and scale_error(first.value, e.value)]
            fields = (("source", c.src[first.start : last.end]), ("value", english(first.value)))
            if scaled:
                e = scaled[0]
                spare.remove(e)
                hit = Hit(t0 + e.start, t0 + e.end, (english(first.value),), fields, source=source)
                out.append(_NumberFinding("scale", hit))
            elif len(missing) == 1 and len(spare) == 1 and _kin(first, spare[0]):
                e = spare.pop()
                kind = "date" if is_date else "mismatch"
                fix = WEEKDAYS[int(first.value) - 1] if first.kind == "weekday" else english(first.value)
                hit = Hit(t0 + e.start, t0 + e.end, (fix,), fields, source=source)
                out.append(_NumberFinding(kind, hit))
            elif is_date and (month := _wrong_month(group, zs, es)) is not None:
                e, fix = month  # the English month that carries the wrong value: mark it, not the sentence start
                hit = Hit(t0 + e.start, t0 + e.end, (fix,), fields, source=source)
                out.append(_NumberFinding("date", hit))
            else:
                point = t0 if is_date else c.pair.tgt_end
                out.append(
                    _NumberFinding("date" if is_date else "missing", Hit(point, point, (), fields, source=source))
                )
        # A figure of the translation that no number of the source, nearby, accounts for; not judged
        # where the source has numerals that were not read (一万六七千 may be "16,000 to 17,000").
        window = ctx.src[first_pair.src_start : last_pair.src_end]
        around = zh_numbers(window)
        for e in spare if not unread(window, around) else ():
            if c.tgt[e.start : e.start + 1].isdigit() and not any(same(z.value, e.value) for z in around):
                hit = Hit(t0 + e.start, t0 + e.end, (), (("written", e.text),))
                out.append(_NumberFinding("added", hit))
    return tuple(out)


# How news style writes a month before a day when it abbreviates (AP): March to July are never shortened.
_MONTH_ABBREVIATIONS = "Jan. Feb. March April May June July Aug. Sept. Oct. Nov. Dec.".split()


def _wrong_month(group: list[Number], zs: list[Number], es: list[Number]) -> tuple[Number, str] | None:
    """The one English month of the sentence that no source month accounts for, when the month is all that
    is wrong ("December 30" for 11月30日), with the source's month written the same way."""
    source_months = [z.value for z in zs if z.kind == "month"]
    stray = [e for e in es if e.kind == "month" and not any(same(v, e.value) for v in source_months)]
    if len(group) != 1 or group[0].kind != "month" or len(stray) != 1:
        return None
    k = int(group[0].value) - 1
    return stray[0], (_MONTH_ABBREVIATIONS[k] if stray[0].text.endswith(".") else MONTHS[k])


def _kin(z: Number, e: Number) -> bool:
    """A target number that could be the rendering of a source number (same sort of quantity)."""
    if z.kind in ("month", "day"):
        return e.kind == "number" and 1 <= e.value <= 31
    if "weekday" in (z.kind, e.kind):
        return z.kind == e.kind
    return z.kind == e.kind or {z.kind, e.kind} <= {"number", "ordinal"}


def _groups(src: str, numbers: list[Number]) -> list[list[Number]]:
    """Missing numbers that stand together (a date, a time stamp) form one finding."""
    out: list[list[Number]] = []
    for z in numbers:
        if out and _JOINER.match(src[out[-1][-1].end : z.start]):
            out[-1].append(z)
        else:
            out.append([z])
    return out


def number_mismatch(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """Numbers of the source that the translation leaves out, changes or mis-scales (option `kind`)."""
    kind = rule.options.get("kind", "missing")
    yield from (f.hit for f in _number_findings(ctx) if f.kind == kind)


# --- money -------------------------------------------------------------------------------------

# Words between an amount and its conversion: "150 million yuan (about $21 million)".
_CONVERSION_GAP = regex.compile(
    r"\s*(?:\(|,|or|-+)?\s*(?:(?:about|approximately|roughly|around|some|nearly|almost|or|equal to|"
    r"equivalent to|worth)\s+)?",
    regex.I,
)


def currency_mismatch(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """An amount put in a currency the source does not name: 元 as "dollars", 美元 as "yuan"."""
    for c in checked_pairs(ctx):
        first, last = _around(ctx, c.pair)
        near = zh_currencies(ctx.src[first.src_start : last.src_end])
        if not near:
            continue
        named = frozenset().union(*(z.codes for z in near))
        own = zh_currencies(c.src)
        z, z0 = (own[0], c.pair.src_start) if own else (near[0], first.src_start)
        want = CURRENCY_NAMES[min(z.codes)]
        t0 = c.pair.tgt_start
        found = en_currencies(c.tgt)
        for k, e in enumerate(found):
            if not e.codes & named and not _converts(c.tgt, found, k, named):
                fields = (("source", z.text), ("written", e.text), ("currency", want))
                fix = f"{e.figure} {want}" if e.figure else want  # the whole amount is the span: keep its figure
                yield Hit(t0 + e.start, t0 + e.end, (fix,), fields, source=(z0 + z.start, z0 + z.end))


def _converts(text: str, found: list[Money], k: int, named: frozenset[str]) -> bool:
    """The k-th amount is the conversion of its neighbour, which is in a currency the source names."""
    before = k > 0 and found[k - 1].codes & named and _CONVERSION_GAP.fullmatch(text, found[k - 1].end, found[k].start)
    after = (
        k + 1 < len(found)
        and found[k + 1].codes & named
        and _CONVERSION_GAP.fullmatch(text, found[k].end, found[k + 1].start)
    )
    return bool(before or after)


def currency_conversion(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A dollar conversion beside a yuan amount that is off by a factor the exchange rate cannot
    explain ("150 million yuan (about $21 billion)")."""
    low, high = (float(x) for x in rule.options.get("rate", (2, 25)))
    for c in checked_pairs(ctx):
        found = en_currencies(c.tgt)
        own = zh_currencies(c.src)
        for a, b in pairwise(found):
            yuan, dollar = (a, b) if a.codes == {"CNY"} else (b, a)
            if yuan.codes != {"CNY"} or "USD" not in dollar.codes or "CNY" in dollar.codes:
                continue
            if yuan.amount is None or not dollar.amount or not _CONVERSION_GAP.fullmatch(c.tgt, a.end, b.start):
                continue
            rate = yuan.amount / dollar.amount
            if not low <= rate <= high:
                source = (c.pair.src_start + own[0].start, c.pair.src_start + own[0].end) if own else None
                fields = (("yuan", yuan.text), ("written", dollar.text), ("rate", f"{rate:,.4g}"))
                hit_span = (c.pair.tgt_start + dollar.start, c.pair.tgt_start + dollar.end)
                yield Hit(*hit_span, (), fields, source=source)


# --- names -------------------------------------------------------------------------------------

_TITLE_BEFORE = regex.compile(
    r"(?:书记|主席|总理|部长|省长|市长|县长|区长|记者|委员|局长|处长|主任|常委|代表|院长|董事长|总经理|大使|发言人)$"
)
_PERSON_AFTER = regex.compile(r"出席|表示|指出|强调|说|主持|会见|讲话|先生|女士|同志|介绍|认为")
_TOKENS = r"(?P<g1>[A-Za-z]+)(?:(?P<sep>[ -])(?P<g2>[A-Za-z]+))?(?:(?P<sep2> )(?P<g3>[A-Z][a-z]+))?"


def _source_names(src: str) -> Iterator[tuple[int, int, str, str]]:
    """Candidate person names: a listed surname and one or two Han characters after it.

    Yields (start, end, surname, given) with the readings in lower case.
    """
    for m in _HAN_RUN.finditer(src):
        run, base = m.group(), m.start()
        i = 0
        while i < len(run):
            sur = pinyin.surname_at(run, i)
            if sur is None or i + len(sur) >= len(run):
                i += 1
                continue
            for n in (2, 1):
                j = i + len(sur) + n
                if j <= len(run):
                    given = pinyin.given_reading(run[i + len(sur) : j])
                    yield base + i, base + j, pinyin.surname_reading(sur), given
            i += 1


def name_form(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A name of the source romanised in a wrong shape: surname and given name run together ("Caiqi"),
    a given name split ("Sun Li Jun") or run into the next name ("Hao Pengsun Li Jun" for 郝鹏、孙利军)."""
    seen: set[tuple[int, int]] = set()
    for c in checked_pairs(ctx):
        t0, s0 = c.pair.tgt_start, c.pair.src_start
        for start, end, sur, given in _source_names(c.src):
            sur_cap = sur.capitalize()
            want = f"{sur_cap} {given.capitalize()}"
            # "Caiqi" for 蔡奇: surname and given name in one word; place names are written so
            # (Zhengzhou, Jiangbei), so only where a title or a speech verb marks a person.
            inside = start > 0 and pinyin.surname_at(c.src[start - 1]) is not None  # 王凌丽: 凌丽 is a given name
            person = not inside and (_TITLE_BEFORE.search(c.src, 0, start) or _PERSON_AFTER.match(c.src, end))
            for m in regex.finditer(rf"(?<![\p{{L}}]){sur_cap}{given}(?![\p{{L}}])", c.tgt) if person else ():
                span = (t0 + m.start(), t0 + m.end())
                if span not in seen and len(pinyin.split(given) or ()) <= 2:
                    seen.add(span)
                    fields = (("name", want), ("written", m.group()), ("source", c.src[start:end]))
                    yield Hit(*span, (want,), fields, source=(s0 + start, s0 + end))
            if len(given) < 2:
                continue
            for m in regex.finditer(rf"(?<![\p{{L}}]){sur_cap} {_TOKENS}", c.tgt):
                g1, g2, sep = m.group("g1"), m.group("g2"), m.group("sep")
                span = (t0 + m.start(), t0 + m.end("g2") if g2 else t0 + m.end("g1"))
                if span in seen:
                    continue
                if g2 and (g1 + g2).lower() == given and len(pinyin.split(given) or ()) >= 2:
                    seen.add(span)
                    fields = (("name", want), ("written", c.tgt[m.start() : m.end("g2")]), ("source", c.src[start:end]))
                    yield Hit(*span, (want,), fields, source=(s0 + start, s0 + end))
                    continue
                rest = g1.lower()[len(given) :]
                after = c.src[end : end + 7].lstrip("、，, 和与及")  # 郝鹏、孙利军 and 郝鹏和孙利军 alike
                if not g1.lower().startswith(given) or not rest or not pinyin.is_surname(rest) or not g2 or sep != " ":
                    continue
                nxt = pinyin.surname_at(after)
                if nxt is None or pinyin.surname_reading(nxt) != rest:
                    continue
                second = ((g2 or "") + (m.group("g3") or "")).capitalize()
                next_given = after[len(nxt) :]
                if not any(pinyin.given_reading(next_given[:k]) == second.lower() for k in (2, 1)):
                    continue  # "Zhao Defang attended" for 赵德方出席: 方 is not a second person here
                span = (t0 + m.start(), t0 + (m.end("g3") if m.group("g3") else m.end("g2")))
                fix = f"{want} and {rest.capitalize()} {second}"
                seen.add(span)
                fields = (("name", fix), ("written", ctx.text[span[0] : span[1]]), ("source", c.src[start:end]))
                yield Hit(*span, (fix,), fields, source=(s0 + start, s0 + end))


@lru_cache(maxsize=4096)
def _place_shapes(place: Place) -> regex.Pattern[str] | None:
    """A place's romanised name split into its syllables: "Xi Ning", "Xi-ning", "XiNing" for Xining."""
    if len(place.syllables) < 2:
        return None
    first, *rest = place.syllables
    tail = "".join(rf"(?:[ -](?i:{s})|{s.capitalize()})" for s in rest)
    return regex.compile(rf"(?<![\p{{L}}'])(?i:{first}){tail}(?![\p{{L}}])")


def place_name(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A place of the gazetteer written in a wrong shape ("Xi Ning" for 西宁; option `kind: shape`), or
    absent from the aligned English in any spelling (`kind: missing`)."""
    kind = rule.options.get("kind", "shape")
    for c in checked_pairs(ctx):
        s0, t0 = c.pair.src_start, c.pair.tgt_start
        if kind == "missing":
            first, last = _around(ctx, c.pair)
            near = pinyin.letters(ctx.text[first.tgt_start : last.tgt_end])
        for start, end, place in find_places(c.src):
            fields = (("source", c.src[start:end]), ("name", place.en))
            if kind == "missing":
                # Short prefecture names are often words too (安康, 中山, 阿里): only full names and provinces.
                if (place.zh == place.full or place.level == "province") and not any(
                    pinyin.letters(n) in near for n in place.names
                ):
                    yield Hit(t0, t0, (place.en,), fields, source=(s0 + start, s0 + end))
                continue
            shape = _place_shapes(place)
            for m in shape.finditer(c.tgt) if shape else ():
                written = (("written", m.group()),)
                yield Hit(t0 + m.start(), t0 + m.end(), (place.en,), fields + written, source=(s0 + start, s0 + end))


def name_inconsistent(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """One source name romanised two ways in an article: 赵德方 as "Zhao Defang", later "Zhao Defeng".

    A name counts once its regular romanisation appears in the translation of one of its sentences;
    another sentence holding the name whose English has the surname with a near given name instead
    is reported.
    """
    least = float(rule.options.get("similarity", 0.6))
    seen: dict[tuple[str, str], list[tuple[Checked, int, int]]] = {}
    for c in checked_pairs(ctx):
        for start, end, sur, given in _source_names(c.src):
            seen.setdefault((sur, given), []).append((c, start, end))
    for (sur, given), occurrences in seen.items():
        want = f"{sur.capitalize()} {given.capitalize()}"
        regular = regex.compile(rf"(?<![\p{{L}}]){regex.escape(want)}(?![\p{{L}}])")
        if len(occurrences) < 2 or not any(regular.search(c.tgt) for c, _, _ in occurrences):
            continue
        other = regex.compile(rf"(?<![\p{{L}}]){sur.capitalize()}[ -](?P<g>[A-Z][a-z]+(?:-[a-z]+)?)(?![\p{{L}}])")
        for c, start, end in occurrences:
            if regular.search(c.tgt):
                continue
            # Another name of the same sentence with this surname (赵德明 beside 赵德方) is rendered, not misspelt.
            others = {g for _, _, s, g in _source_names(c.src) if s == sur and g != given}
            for m in other.finditer(c.tgt):
                written = pinyin.letters(m.group("g"))
                if (
                    written != given
                    and written not in others
                    and SequenceMatcher(None, written, given).ratio() >= least
                ):
                    fields = (("source", c.src[start:end]), ("name", want), ("written", m.group()))
                    span = (c.pair.tgt_start + m.start(), c.pair.tgt_start + m.end())
                    yield Hit(*span, (want,), fields, source=(c.pair.src_start + start, c.pair.src_start + end))


# --- copied source, omissions ------------------------------------------------------------------


def copied_source(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A target sentence that is its source sentence, or mostly Chinese: left untranslated."""
    for p in ctx.pairs:
        src, tgt = ctx.src[p.src_start : p.src_end], ctx.text[p.tgt_start : p.tgt_end]
        if _HAN.search(src) and tgt.strip() and (tgt.split() == src.split() or untranslated(tgt)):
            yield Hit(p.tgt_start, p.tgt_end, (), (("source", src),), source=(p.src_start, p.src_end))


def omitted_sentence(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A source sentence with no translation: the aligner found nothing for it."""
    least = int(rule.options.get("min_han", 6))
    for p in ctx.pairs:
        src = ctx.src[p.src_start : p.src_end]
        if p.tgt_start == p.tgt_end and len(_HAN.findall(src)) >= least:
            yield Hit(p.tgt_start, p.tgt_end, (), (("source", src),), source=(p.src_start, p.src_end))


def length_outlier(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """An aligned sentence whose English is far shorter (option `side: short`) or longer (`long`) than
    its source predicts, by the aligner's length model: a likely omission or addition."""
    side, limit, least = (
        rule.options.get("side", "short"),
        float(rule.options.get("z", 3)),
        int(rule.options.get("min_han", 15)),
    )
    for c in checked_pairs(ctx):
        if len(_HAN.findall(c.src)) < least:
            continue
        src_len, tgt_len = len(c.src.strip()), len(c.tgt.strip())
        z = length_z(src_len, tgt_len)
        fields = (("length", str(tgt_len)), ("expected", str(round(src_len * RATIO))))
        source = (c.pair.src_start, c.pair.src_end)
        end = c.pair.tgt_start + len(c.tgt.rstrip())
        if side == "short" and z < -limit:
            yield Hit(end, end, (), fields, source=source)
        elif side == "long" and z > limit:
            yield Hit(c.pair.tgt_start, end, (), fields, source=source)


# --- terminology -------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _terms_in(ctx: Context) -> tuple[tuple[Checked, int, int, Term], ...]:
    """Every termbase term in the source, with its pair (three rules read them)."""
    return tuple(_find_terms(ctx))


def _find_terms(ctx: Context) -> Iterator[tuple[Checked, int, int, Term]]:
    for c in checked_pairs(ctx):
        taken: list[tuple[int, int]] = []
        for term in termbase(ctx.termbases):
            for m in regex.finditer(regex.escape(term.zh), c.src):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue  # a longer term covers it (全国人大常委会 before 全国人大)
                taken.append((m.start(), m.end()))
                yield c, m.start(), m.end(), term


def term_forbidden(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A source term rendered with a calque the termbase rejects ("precise poverty alleviation")."""
    for c, a, b, term in _terms_in(ctx):
        rejected = term.rejected
        if rejected is None:
            continue
        t0, source = c.pair.tgt_start, (c.pair.src_start + a, c.pair.src_start + b)
        for m in rejected.finditer(c.tgt):
            fields = (("source", term.zh), ("term", term.en[0]))
            yield Hit(t0 + m.start(), t0 + m.end(), (term.en[0],), fields, source=source)


def term_missing(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A source term whose required rendering is absent from its aligned target sentence."""
    for c, a, b, term in _terms_in(ctx):
        if term.accepted.search(c.tgt) or (term.rejected and term.rejected.search(c.tgt)):
            continue  # rendered, or reported by the forbidden-term rule
        t0 = c.pair.tgt_start
        fields = (("source", term.zh), ("term", term.en[0]))
        yield Hit(t0, t0, (term.en[0],), fields, source=(c.pair.src_start + a, c.pair.src_start + b))


def term_inconsistent(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """One source term rendered two ways in one article; the first rendering is taken as intended."""
    first: dict[str, str] = {}
    for c, a, b, term in _terms_in(ctx):
        m = term.accepted.search(c.tgt)
        if m is None:
            continue
        used = regex.sub(r"[\s-]+", " ", m.group().lower()).rstrip("s")
        if term.zh not in first:
            first[term.zh] = used
        elif used != first[term.zh]:
            t0, source = c.pair.tgt_start, (c.pair.src_start + a, c.pair.src_start + b)
            fields = (("source", term.zh), ("other", first[term.zh]))
            yield Hit(t0 + m.start(), t0 + m.end(), (first[term.zh],), fields, source=source)
