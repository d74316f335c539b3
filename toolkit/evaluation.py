"""`mtqa eval`: mtqa's flags measured against expert MQM spans, with chance levels, and the config they support."""

from __future__ import annotations

import random
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

import regex

from . import pinyin
from .engine import Linter
from .model import Document, Issue, RuleSpec
from .mqm import ErrorSpan, Extent, MqmSegment, chance_overlap, kendall_tau_b, overlaps, pearson, positions, spearman
from .numbers import en_numbers
from .segment import count_words


@dataclass
class Precision:
    """Flags that overlap an expert span, and how many would by chance (exact expectation under
    uniform placement of each flag, same length, in its own segment)."""

    flags: int = 0
    hits: int = 0
    major_hits: int = 0
    expected: float = 0.0
    major_expected: float = 0.0
    chars: int = 0
    char_hits: int = 0
    char_expected: float = 0.0

    @property
    def precision(self) -> float:
        return self.hits / self.flags if self.flags else 0.0

    @property
    def chance(self) -> float:
        return self.expected / self.flags if self.flags else 0.0

    @property
    def lift(self) -> float:
        return self.precision - self.chance

    @property
    def major_precision(self) -> float:
        return self.major_hits / self.flags if self.flags else 0.0

    @property
    def major_chance(self) -> float:
        return self.major_expected / self.flags if self.flags else 0.0

    @property
    def char_precision(self) -> float:
        return self.char_hits / self.chars if self.chars else 0.0

    @property
    def char_chance(self) -> float:
        return self.char_expected / self.chars if self.chars else 0.0

    def as_dict(self) -> dict[str, float]:
        names = ("precision", "chance", "lift", "major_precision", "major_chance", "char_precision", "char_chance")
        return {"flags": self.flags, **{n: round(getattr(self, n), 4) for n in names}}


@dataclass
class Sampled:
    """Precision of the same flags moved to random positions (one figure per seed)."""

    precision: list[float] = field(default_factory=list)
    major_precision: list[float] = field(default_factory=list)
    char_precision: list[float] = field(default_factory=list)


@dataclass
class SystemRow:
    system: str
    segments: int
    penalty: float  # mean mtqa penalty per segment
    estimate: float  # mean mtqa estimate per segment
    mqm: float  # mean MQM penalty per segment (raters averaged)
    words: float  # mean words per segment


@dataclass(frozen=True, slots=True)
class Calibration:
    """mtqa's estimate of a segment's MQM penalty: the weights of its own flags, plus its words times
    `unseen_rate + density_gain × d`, where d is mtqa's flag penalty per word on the other segments of the
    same system. Its flags are the errors mtqa sees; the second term is the errors it does not see, which
    grow with length and are more frequent in a system whose other output mtqa flags more densely."""

    unseen_rate: float
    density_gain: float

    def estimates(self, penalties: Sequence[float], words: Sequence[float], systems: Sequence[str]) -> list[float]:
        totals = per_system_sums(systems, penalties, words)
        all_words = sum(words)
        overall = sum(penalties) / all_words if all_words else 0.0
        out = []
        for p, w, s in zip(penalties, words, systems, strict=True):
            rest_p, rest_w = totals[s][0] - p, totals[s][1] - w  # leave the segment out: its flags count once
            density = rest_p / rest_w if rest_w else overall
            out.append(p + w * (self.unseen_rate + self.density_gain * density))
        return out

    @staticmethod
    def fit(
        penalties: Sequence[float], words: Sequence[float], gold: Sequence[float], systems: Sequence[str]
    ) -> Calibration | None:
        """Least squares, one point per system, of its MQM penalty per word on its flag penalty per word
        (both ≥ 0); None with fewer than 3 systems or no spread in flag density."""
        points = [(p / w, g / w) for p, w, g in per_system_sums(systems, penalties, words, gold).values() if w]
        xs, ys = [x for x, _ in points], [y for _, y in points]
        if len(points) < 3 or max(xs) - min(xs) <= 1e-9 * max(xs):
            return None
        gain, rate = statistics.linear_regression(xs, ys)
        if gain < 0:  # a falling line: no gain, the mean rate
            gain, rate = 0.0, statistics.fmean(ys)
        if rate < 0:  # through the origin instead
            rate, gain = 0.0, sum(x * y for x, y in points) / sum(x * x for x in xs)
        return Calibration(rate, gain)


def per_system_sums(systems: Sequence[str], *columns: Sequence[float]) -> dict[str, list[float]]:
    """Each system's sum of each column, in the order of the columns."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(columns))
    for k, name in enumerate(systems):
        t = totals[name]
        for c, column in enumerate(columns):
            t[c] += column[k]
    return totals


@dataclass
class Evaluation:
    segments: int
    words: int
    overall: Precision
    sampled: Sampled
    per_rule: dict[str, Precision]
    spans: int
    major_spans: int
    found: int
    major_found: int
    by_category: dict[str, tuple[int, int]]  # category -> (found, total)
    source_spans: int  # errors marked in the source (omissions): only source-aware findings can find them
    source_found: int
    entity_spans: int  # Accuracy/Mistranslation spans with a number, date or pinyin name in them
    entity_found: int
    clean_flags: int
    clean_words: int
    calibration: Calibration  # the one the estimate used
    fitted: Calibration | None  # the one this file supports (None: fewer than 3 systems)
    segment_tau: float
    estimate_tau: float
    length_tau: float
    system_pearson: float
    system_spearman: float
    estimate_system_pearson: float
    estimate_system_spearman: float
    length_system_pearson: float
    length_system_spearman: float
    systems: list[SystemRow]

    @property
    def recall(self) -> float:
        return self.found / self.spans if self.spans else 0.0

    @property
    def major_recall(self) -> float:
        return self.major_found / self.major_spans if self.major_spans else 0.0

    @property
    def false_alarms_per_1000_words(self) -> float:
        return 1000 * self.clean_flags / self.clean_words if self.clean_words else 0.0


def coverage(length: int, spans: Sequence[Extent]) -> list[int]:
    """Prefix sums of a 0/1 mask of the characters inside any span."""
    mask = [0] * length
    for s in spans:
        for k in range(max(s.start, 0), min(s.end, length)):
            mask[k] = 1
    return [0, *accumulate(mask)]


def chars_at(p: int, length: int, cover: list[int]) -> int:
    hi = min(p + length, len(cover) - 1)
    return cover[hi] - cover[min(p, hi)]


def _expected_chars(length: int, seg_len: int, cover: list[int]) -> float:
    """Expected covered characters of a flag placed uniformly at random in the segment."""
    n = positions(length, seg_len)
    return sum(chars_at(p, length, cover) for p in range(n)) / n


@dataclass(frozen=True)
class _Side:
    """A source-aware finding measured against the spans marked in the source."""

    length: int
    hit: bool
    major_hit: bool
    expected: float
    major_expected: float


def _source_side(i: Issue, seg: MqmSegment, src_len: int, src_major: list[ErrorSpan]) -> _Side | None:
    if i.source_start is None or i.source_end is None:
        return None
    a, b = i.source_start, i.source_end
    length = max(b - a, 1)
    return _Side(
        length,
        overlaps(a, b, seg.source_spans),
        overlaps(a, b, src_major),
        chance_overlap(length, src_len, seg.source_spans),
        chance_overlap(length, src_len, src_major),
    )


_NAME_TOKEN = regex.compile(r"\b[A-Z][a-z]+\b")


def involves_entity(text: str) -> bool:
    """A span with a number, a month or a pinyin name in it (the errors source-aware checks are for)."""
    if en_numbers(text):
        return True
    return any(pinyin.split(w) and not pinyin.is_english(w) for w in _NAME_TOKEN.findall(text))


def evaluate(
    segments: Sequence[MqmSegment],
    lint: Callable[[MqmSegment], Sequence[Issue]],
    weight: Callable[[str, str], float],
    calibration: Calibration,
    samples: int = 5,
) -> Evaluation:
    """Lint every segment and measure the flags against the expert spans of all its raters.

    Precision counts a flag as a hit when it overlaps any rater's target span in its segment, or,
    for a source-aware flag, when its source span overlaps a span marked in the source; recall
    counts each rater's span as found when any flag overlaps it on the same side.
    """
    overall = Precision()
    per_rule: dict[str, Precision] = defaultdict(Precision)
    rngs = [random.Random(seed) for seed in range(samples)]
    sampled_hits = [[0, 0, 0] for _ in rngs]  # per seed: hits, major hits, covered chars
    spans = majors = found = majors_found = source_spans = source_found = entity_spans = entity_found = 0
    cat_total: dict[str, int] = defaultdict(int)
    cat_found: dict[str, int] = defaultdict(int)
    clean_flags = clean_words = words_total = 0
    penalties: list[float] = []
    lengths: list[float] = []
    gold: list[float] = []
    for seg in segments:
        issues = lint(seg)
        n = len(seg.target)
        major_spans = [s for s in seg.spans if s.major]
        cover = coverage(n, seg.spans)
        src_len = len(seg.source)
        src_major = [s for s in seg.source_spans if s.major]
        for i in issues:
            on_target = i.end > i.start  # a zero-width finding only points at a place (an omission)
            length = max(i.end - i.start, 1)
            hit = on_target and overlaps(i.start, i.end, seg.spans)
            major_hit = on_target and overlaps(i.start, i.end, major_spans)
            exp_hit = chance_overlap(length, n, seg.spans) if on_target else 0.0
            exp_major = chance_overlap(length, n, major_spans) if on_target else 0.0
            side = _source_side(i, seg, src_len, src_major)
            if side:  # a source-aware finding: a hit on either side counts; chance combines both sides
                hit, major_hit = hit or side.hit, major_hit or side.major_hit
                exp_hit = 1 - (1 - exp_hit) * (1 - side.expected)
                exp_major = 1 - (1 - exp_major) * (1 - side.major_expected)
            for p in (overall, per_rule[i.code]):
                p.flags += 1
                p.hits += hit
                p.major_hits += major_hit
                p.expected += exp_hit
                p.major_expected += exp_major
                if on_target:
                    p.chars += length
                    p.char_hits += chars_at(i.start, length, cover)
                    p.char_expected += _expected_chars(length, n, cover)
            for rng, acc in zip(rngs, sampled_hits, strict=True):
                pos = rng.randrange(positions(length, n))
                t_hit = on_target and overlaps(pos, pos + length, seg.spans)
                t_major = on_target and overlaps(pos, pos + length, major_spans)
                if side:
                    sp = rng.randrange(positions(side.length, src_len))
                    t_hit = t_hit or overlaps(sp, sp + side.length, seg.source_spans)
                    t_major = t_major or overlaps(sp, sp + side.length, src_major)
                acc[0] += t_hit
                acc[1] += t_major
                acc[2] += chars_at(pos, length, cover) if on_target else 0
        for s in seg.spans:
            hit = any(i.start < s.end and s.start < i.end for i in issues)
            spans += 1
            found += hit
            cat_total[s.category] += 1
            cat_found[s.category] += hit
            if s.major:
                majors += 1
                majors_found += hit
        source_spans += len(seg.source_spans)
        for s in seg.source_spans:
            source_found += any(
                i.source_start is not None and i.source_start < s.end and s.start < (i.source_end or 0) for i in issues
            )
        for s in seg.spans:
            if s.category.startswith("Accuracy/Mistranslation") and involves_entity(seg.target[s.start : s.end]):
                entity_spans += 1
                entity_found += any(i.start < s.end and s.start < i.end for i in issues)
        words = count_words(seg.target)
        words_total += words
        if seg.clean:
            clean_flags += len(issues)
            clean_words += words
        penalties.append(sum(weight(i.severity, i.category) for i in issues))
        lengths.append(float(words))
        gold.append(seg.mqm_penalty)
    sampled = Sampled()
    for hits, major_hits, chars in sampled_hits:
        sampled.precision.append(hits / overall.flags if overall.flags else 0.0)
        sampled.major_precision.append(major_hits / overall.flags if overall.flags else 0.0)
        sampled.char_precision.append(chars / overall.chars if overall.chars else 0.0)
    names = [seg.system for seg in segments]
    estimates = calibration.estimates(penalties, lengths, names)
    by_system: dict[str, list[int]] = defaultdict(list)
    for k, name in enumerate(names):
        by_system[name].append(k)

    def mean(values: list[float], ks: list[int]) -> float:
        return sum(values[k] for k in ks) / len(ks)

    systems = [
        SystemRow(name, len(ks), mean(penalties, ks), mean(estimates, ks), mean(gold, ks), mean(lengths, ks))
        for name, ks in sorted(by_system.items(), key=lambda kv: mean(gold, kv[1]))
    ]
    sys_pen, sys_est, sys_gold, sys_len = (
        [getattr(r, a) for r in systems] for a in ("penalty", "estimate", "mqm", "words")
    )
    return Evaluation(
        segments=len(segments),
        words=words_total,
        overall=overall,
        sampled=sampled,
        per_rule=dict(per_rule),
        spans=spans,
        major_spans=majors,
        found=found,
        major_found=majors_found,
        by_category={c: (cat_found[c], cat_total[c]) for c in sorted(cat_total)},
        source_spans=source_spans,
        source_found=source_found,
        entity_spans=entity_spans,
        entity_found=entity_found,
        clean_flags=clean_flags,
        clean_words=clean_words,
        calibration=calibration,
        fitted=Calibration.fit(penalties, lengths, gold, names),
        segment_tau=kendall_tau_b(penalties, gold),
        estimate_tau=kendall_tau_b(estimates, gold),
        length_tau=kendall_tau_b(lengths, gold),
        system_pearson=pearson(sys_pen, sys_gold),
        system_spearman=spearman(sys_pen, sys_gold),
        estimate_system_pearson=pearson(sys_est, sys_gold),
        estimate_system_spearman=spearman(sys_est, sys_gold),
        length_system_pearson=pearson(sys_len, sys_gold),
        length_system_spearman=spearman(sys_len, sys_gold),
        systems=systems,
    )


def segment_linter(
    linter: Linter, with_source: bool, path: str, segments: Sequence[MqmSegment] = (), jobs: int = 1
) -> Callable[[MqmSegment], Sequence[Issue]]:
    """Lint a segment's target (with its source if asked); a target repeated across systems is linted once.
    With `jobs` > 1 the `segments` are linted beforehand by the run layer's worker processes."""
    cache: dict[tuple[str, str | None], tuple[Issue, ...]] = {}
    if jobs > 1 and segments:
        from .run import results_of

        keys = list(dict.fromkeys((s.target, s.source if with_source else None) for s in segments))
        docs = (Document(mt=t, src=src, path=path) for t, src in keys)
        for key, result in zip(keys, results_of(linter, docs, jobs), strict=True):
            cache[key] = result.issues

    def lint(seg: MqmSegment) -> tuple[Issue, ...]:
        key = (seg.target, seg.source if with_source else None)
        if key not in cache:
            cache[key] = linter.lint(Document(mt=seg.target, src=key[1], path=path)).issues
        return cache[key]

    return lint


def worst_first(per_rule: dict[str, Precision]) -> list[tuple[str, Precision]]:
    """Rules by lift over chance, lowest first (ties: more flags first)."""
    return sorted(per_rule.items(), key=lambda kv: (kv[1].lift, -kv[1].flags, kv[0]))


@dataclass(frozen=True)
class Verdict:
    code: str
    action: str  # keep | preview | minor | unjudged
    reason: str


def _bar(min_lift: float, chance: float) -> float:
    """The lift a rule needs: min_lift, or half the room above chance when chance leaves less than min_lift
    (sentence-wide findings land on some span by chance most of the time; a perfect rule still beats it)."""
    return min(min_lift, (1.0 - chance) / 2)


def judge(per_rule: dict[str, Precision], rules: Sequence[RuleSpec], min_lift: float, min_flags: int) -> list[Verdict]:
    """What the measurements support for each rule that ran: keep it, move it out of the defaults
    (lift below min_lift, or below half the room above chance where that is less), lower a major rule
    to minor (its flags do not find Major errors above chance; not a page finding, whose severity is the
    page's), or leave it alone because it fired fewer than min_flags times."""
    out = []
    for rule in rules:
        p = per_rule.get(rule.code, Precision())
        figures = f"{p.flags} flags, precision {p.precision:.2f}, chance {p.chance:.2f}"
        if p.flags < min_flags:
            out.append(Verdict(rule.code, "unjudged", f"{p.flags} flags: too few to judge"))
        elif p.chance >= 0.99:  # whole-line furniture on one-line segments: no room to beat chance
            out.append(Verdict(rule.code, "unjudged", f"{figures}: its findings cover whole segments"))
        elif p.lift < _bar(min_lift, p.chance):
            out.append(Verdict(rule.code, "preview", f"{figures}: lift {p.lift:+.2f} < {_bar(min_lift, p.chance):.2f}"))
        elif (
            rule.severity in ("major", "critical")
            and not rule.options.get("page_finding")  # its severity is the page's, not that of the words it marks
            and p.major_precision - p.major_chance < _bar(min_lift, p.major_chance)
        ):
            why = f"Major precision {p.major_precision:.2f}, chance {p.major_chance:.2f}"
            out.append(Verdict(rule.code, "minor", f"{figures}; {why}"))
        else:
            out.append(Verdict(rule.code, "keep", f"{figures}: lift {p.lift:+.2f}"))
    return out


@dataclass(frozen=True)
class Meta:
    """What was measured, for the report header."""

    path: str
    signature: str
    seconds: float
    samples: int
    with_source: bool
    systems: tuple[str, ...]  # the systems kept by --systems, empty for all


def _mean_sd(values: list[float]) -> tuple[float, float]:
    if not values:
        return 0.0, 0.0
    m = sum(values) / len(values)
    return m, (sum((v - m) ** 2 for v in values) / len(values)) ** 0.5


def _calibration_dict(c: Calibration) -> dict[str, float]:
    return {"unseen_rate": round(c.unseen_rate, 4), "density_gain": round(c.density_gain, 3)}


def to_dict(ev: Evaluation, meta: Meta, verdicts: Sequence[Verdict]) -> dict[str, object]:
    o = ev.overall
    sampled = {
        name: dict(zip(("mean", "sd"), (round(x, 4) for x in _mean_sd(getattr(ev.sampled, name))), strict=True))
        for name in ("precision", "major_precision", "char_precision")
    }
    actions = {v.code: {"action": v.action, "reason": v.reason} for v in verdicts}
    return {
        "file": meta.path,
        "signature": meta.signature,
        "seconds": round(meta.seconds, 2),
        "with_source": meta.with_source,
        "systems_selected": list(meta.systems),
        "segments": ev.segments,
        "words": ev.words,
        "precision": o.as_dict(),
        "random_placement": {"seeds": meta.samples, **sampled},
        "recall": {
            "spans": ev.spans,
            "found": ev.found,
            "recall": round(ev.recall, 4),
            "major_spans": ev.major_spans,
            "major_found": ev.major_found,
            "major_recall": round(ev.major_recall, 4),
            "source_side_spans": ev.source_spans,
            "source_side_found": ev.source_found,
            "entity_mistranslation_spans": ev.entity_spans,
            "entity_mistranslation_found": ev.entity_found,
            "by_category": {c: {"found": f, "total": t} for c, (f, t) in ev.by_category.items()},
        },
        "false_alarms": {
            "flags_on_clean_segments": ev.clean_flags,
            "clean_words": ev.clean_words,
            "per_1000_words": round(ev.false_alarms_per_1000_words, 3),
        },
        "correlation": {
            "estimate_segment_kendall_tau_b": round(ev.estimate_tau, 4),
            "segment_kendall_tau_b": round(ev.segment_tau, 4),
            "length_segment_kendall_tau_b": round(ev.length_tau, 4),
            "estimate_system_pearson": round(ev.estimate_system_pearson, 4),
            "estimate_system_spearman": round(ev.estimate_system_spearman, 4),
            "system_pearson": round(ev.system_pearson, 4),
            "system_spearman": round(ev.system_spearman, 4),
            "length_system_pearson": round(ev.length_system_pearson, 4),
            "length_system_spearman": round(ev.length_system_spearman, 4),
        },
        "calibration": {
            "used": _calibration_dict(ev.calibration),
            "fitted": _calibration_dict(ev.fitted) if ev.fitted else None,
        },
        "systems": [
            {
                "system": r.system,
                "segments": r.segments,
                "mtqa_penalty": round(r.penalty, 4),
                "mtqa_estimate": round(r.estimate, 4),
                "mqm_penalty": round(r.mqm, 4),
                "words": round(r.words, 1),
            }
            for r in ev.systems
        ],
        "rules": [{"code": code, **p.as_dict(), **actions.get(code, {})} for code, p in worst_first(ev.per_rule)],
    }


def render_text(ev: Evaluation, meta: Meta, verdicts: Sequence[Verdict]) -> str:
    o = ev.overall
    lines = [
        f"{meta.path}: {ev.segments} segments, {ev.words} words, {o.flags} flags, {meta.seconds:.1f} s",
        f"  {meta.signature}" + ("  (with source)" if meta.with_source else ""),
    ]
    if meta.systems:
        lines.append(f"  systems: {', '.join(meta.systems)}")
    lines.append("")
    lines.append("precision (a flag overlapping any rater's span)   measured   chance   lift")

    def row(label: str, value: float, chance: float, sampled: list[float]) -> str:
        m, sd = _mean_sd(sampled)
        return f"  {label:<47}{value:8.3f} {chance:8.3f} {value - chance:+6.3f}   random placement {m:.3f} ± {sd:.3f}"

    lines.append(row("span", o.precision, o.chance, ev.sampled.precision))
    lines.append(row("Major span", o.major_precision, o.major_chance, ev.sampled.major_precision))
    lines.append(row("character", o.char_precision, o.char_chance, ev.sampled.char_precision))
    lines.append(
        f"  (chance: exact expectation of uniform placement; random placement: {meta.samples} seeds, mean ± sd)"
    )
    lines.append("")
    lines.append(
        f"recall {ev.recall:.4f} ({ev.found}/{ev.spans} rater spans), Major {ev.major_recall:.4f} "
        f"({ev.major_found}/{ev.major_spans}); spans marked in the source: {ev.source_found}/{ev.source_spans} found"
    )
    if ev.entity_spans:
        lines.append(
            f"recall of Accuracy/Mistranslation spans with a number, date or name: "
            f"{ev.entity_found / ev.entity_spans:.4f} ({ev.entity_found}/{ev.entity_spans})"
        )
    lines.append(
        f"false alarms {ev.false_alarms_per_1000_words:.2f} per 1000 words "
        f"({ev.clean_flags} flags on {ev.clean_words} words that every rater marked No-error)"
    )
    lines.append("")
    lines.append("correlation with MQM          mtqa estimate   mtqa flags   segment length")
    for label, est, flags, length in (
        ("segment Kendall tau-b", ev.estimate_tau, ev.segment_tau, ev.length_tau),
        ("system Pearson", ev.estimate_system_pearson, ev.system_pearson, ev.length_system_pearson),
        ("system Spearman", ev.estimate_system_spearman, ev.system_spearman, ev.length_system_spearman),
    ):
        lines.append(f"  {label:<28}{est:+13.3f}   {flags:+10.3f}   {length:+14.3f}")
    c = ev.calibration
    lines.append(
        f"  (estimate: flags + words × ({c.unseen_rate:g} + {c.density_gain:g} × flag penalty per word"
        " of the system's other segments)"
    )
    if ev.fitted:
        lines.append(
            f"   this file supports unseen-rate {ev.fitted.unseen_rate:.4f}, density-gain {ev.fitted.density_gain:.3f})"
        )
    else:
        lines.append("   too few systems in this file to fit a calibration)")
    lines.append("")
    lines.append("system (best MQM first)                 segments  MQM/seg  mtqa/seg  estimate/seg  words/seg")
    for r in ev.systems:
        lines.append(
            f"  {r.system[:38]:<38}{r.segments:8d} {r.mqm:8.2f} {r.penalty:9.2f} {r.estimate:13.2f} {r.words:10.1f}"
        )
    lines.append("")
    lines.extend(rule_rows(ev.per_rule, verdicts, chars=True))
    lines.append("")
    lines.append("recall by MQM category              found / spans")
    for cat, (f, t) in sorted(ev.by_category.items(), key=lambda kv: -kv[1][1]):
        lines.append(f"  {cat[:34]:<34}{f:6d} / {t:<6d} {f / t:6.3f}")
    return "\n".join(lines) + "\n"


def rule_rows(per_rule: dict[str, Precision], verdicts: Sequence[Verdict], chars: bool) -> list[str]:
    """The per-rule table of a text report, worst first, with the rules that did not fire at the end."""
    action = {v.code: v.action for v in verdicts}
    out = [
        "rule    flags  precision  chance    lift  Major (chance)"
        + ("   chars (chance)" if chars else "")
        + "  verdict"
    ]
    for code, p in worst_first(per_rule):
        char = f"   {p.char_precision:5.2f} ({p.char_chance:.2f})" if chars else ""
        out.append(
            f"  {code:<6}{p.flags:6d} {p.precision:10.3f} {p.chance:7.3f} {p.lift:+7.3f}  "
            f"{p.major_precision:5.2f} ({p.major_chance:.2f}){char}  {action.get(code, '')}"
        )
    silent = [v.code for v in verdicts if v.code not in per_rule]
    if silent:
        out.append(f"  no flags: {', '.join(silent)}")
    return out


def suggest_config(
    verdicts: Sequence[Verdict],
    rules: Sequence[RuleSpec],
    current: tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]],
    meta: Meta,
    min_lift: float,
    fitted: Calibration | None,
) -> str:
    """A TOML snippet (for mtqa.toml, or under [tool.mtqa] in pyproject.toml) applying the verdicts
    to the current select, ignore and severity settings, with the calibration the file supports."""
    select, ignore, severity = list(current[0]), list(current[1]), dict(current[2])
    status = {r.code: r.status for r in rules}
    notes = []
    silent = [v.code for v in verdicts if v.action == "unjudged"]
    for v in verdicts:
        if v.action != "unjudged":
            notes.append(f"# {v.code}: {v.action}: {v.reason}")
        if v.action == "preview" and status[v.code] == "stable" and v.code not in ignore:
            ignore.append(v.code)
        elif v.action == "minor":
            severity[v.code] = "minor"
        elif v.action == "keep" and status[v.code] == "preview":
            select = select or ["ALL"]
            if v.code not in select:
                select.append(v.code)
    if silent:
        notes.append(f"# too few flags to judge, left as they are: {', '.join(silent)}")

    def strings(values: Sequence[str]) -> str:
        return "[" + ", ".join(f'"{x}"' for x in values) + "]"

    out = [
        f"# mtqa eval --suggest-config: measured on {meta.path} ({meta.signature})",
        f"# Rules whose precision is less than {min_lift:.2f} above chance leave the defaults; major rules whose",
        "# flags do not find Major errors above chance become minor. Review before use.",
        *notes,
        "",
    ]
    if select:
        out.append(f"select = {strings(select)}")
    out.append(f"ignore = {strings(sorted(ignore))}")
    # inline tables, not [severity] / [calibration] headers: pasted under [tool.mtqa] in pyproject.toml,
    # a header would open a table of its own outside [tool.mtqa] and its settings would be lost
    if severity:
        out.append("severity = { " + ", ".join(f'{code} = "{sev}"' for code, sev in sorted(severity.items())) + " }")
    if fitted:
        out.append("# the segment estimate's calibration, fitted on the flags of the rules this run measured")
        out.append(
            f"calibration = {{ unseen-rate = {fitted.unseen_rate:.4f}, density-gain = {fitted.density_gain:.3f} }}"
        )
    else:
        out.append("# too few systems (under 3) to fit the segment estimate's calibration: the defaults stay")
    return "\n".join(out) + "\n"
