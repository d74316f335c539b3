"""`mtqa eval`: span arithmetic on hand-made MQM files, the CLI, the suggested config, and the dev-set bar."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import tomllib
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.config import DEFAULT_CALIBRATION, DEFAULT_WEIGHTS, load_settings
from toolkit.engine import Linter
from toolkit.evaluation import Calibration, evaluate, judge, segment_linter
from toolkit.model import Issue, RuleSpec, issue_weight
from toolkit.mqm import MqmSegment, read_marot

from .conftest import SHARED

HEADER = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n"


def _tsv(tmp_path: Path, rows: list[str], name: str = "mqm.tsv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def _issue(text: str, a: int, b: int, code: str = "MT999", severity: str = "minor") -> Issue:
    return Issue(code, "x", "c", severity, a, b, 1, a + 1, 1, b + 1, text[a:b], "m", (), "t")


CAL = Calibration(*DEFAULT_CALIBRATION)


def _weight(severity: str, category: str) -> float:
    return issue_weight(DEFAULT_WEIGHTS, severity, category)


def _flags(spec: dict[str, list[tuple[int, int]]]):  # type: ignore[no-untyped-def]
    """A fake linter: flags at fixed offsets, chosen by the segment's target."""

    def lint(seg: MqmSegment) -> list[Issue]:
        return [_issue(seg.target, a, b) for a, b in spec.get(seg.target, [])]

    return lint


def test_overlap_is_strict_at_span_boundaries(tmp_path: Path) -> None:
    # span [4, 6) "ef"; a flag ending at 4 or starting at 6 touches it but does not overlap
    segments = read_marot(_tsv(tmp_path, ["A\td\t1\t1\tr1\t源\tabcd<v>ef</v>ghij\tFluency/Grammar\tMajor"]))
    target = segments[0].target
    ev = evaluate(segments, _flags({target: [(2, 4), (6, 8), (5, 6)]}), _weight, CAL, samples=3)
    assert ev.overall.flags == 3 and ev.overall.hits == 1 and ev.overall.major_hits == 1
    assert ev.found == 1 and ev.spans == 1 and ev.recall == 1.0
    # three flags of length 2 or 1: exact chance (3/9 + 3/9 + 2/10) / 3
    assert ev.overall.chance == pytest.approx((3 / 9 + 3 / 9 + 2 / 10) / 3)
    # character precision: 1 of the 5 flagged characters lies in the span
    assert ev.overall.char_precision == pytest.approx(1 / 5)
    # expected covered characters: length-2 flags cover 2/9+... ; check against a brute force
    brute = 0.0
    for length in (2, 2, 1):
        positions = range(10 - length + 1)
        brute += sum(len({*range(p, p + length)} & {4, 5}) for p in positions) / len(positions)
    assert ev.overall.char_chance == pytest.approx(brute / 5)


def test_several_raters_sources_empty_spans_and_whitespace_variants(tmp_path: Path) -> None:
    rows = [
        "A\td\t1\t1\tr1\t他说是\tHe <v>say</v> yes.\tFluency/Grammar\tMinor",
        "A\td\t1\t1\tr2\t他说是\tHe  say <v>yes</v>.\tAccuracy/Mistranslation\tMajor",  # double space
        "A\td\t1\t1\tr2\t他说<v>是</v>\tHe say yes.\tAccuracy/Omission\tMajor",  # span in the source
        "A\td\t1\t1\tr3\t他说是\tHe say yes<v></v>.\tAccuracy/Omission\tMinor",  # empty span
        "A\td\t1\t1\tr3\t他说是\tHe say yes.\tStyle/Unnatural or awkward\tMinor",  # no span at all
        "A\td\t1\t1\tr4\t他说是\tHe <v>say</v> yes.\tFound\tHOTW-test",  # rater attention check
        "A\td\t1\t1\tr4\t他说是\tHe <v>He</v> yes.\tSource issue\tMajor",
        "B\td\t1\t1\tr1\t他说是\tHe says yes.\tNo-error\tNo-error",
    ]
    segments = read_marot(_tsv(tmp_path, rows))
    a, b = segments
    assert [a.target[s.start : s.end] for s in a.spans] == ["say", "yes", "."]
    ev = evaluate(segments, _flags({"He say yes.": [(3, 6)], "He says yes.": [(0, 2)]}), _weight, CAL, samples=2)
    # precision: the flag on "say" is a hit (r1); recall counts each rater's span on its own
    assert (ev.overall.flags, ev.overall.hits) == (2, 1)
    assert (ev.found, ev.spans, ev.major_found, ev.major_spans) == (1, 3, 0, 1)
    assert ev.by_category == {"Accuracy/Mistranslation": (0, 1), "Accuracy/Omission": (0, 1), "Fluency/Grammar": (1, 1)}
    assert ev.source_spans == 1
    # the flag on the clean segment B is a false alarm: 1 flag in 3 words
    assert (ev.clean_flags, ev.clean_words) == (1, 3)
    # penalties: r1 1, r2 10, r3 2 (r4's rows are ignored) -> mean 13/3
    assert a.mqm_penalty == pytest.approx(13 / 3)
    assert [r.system for r in ev.systems] == ["B", "A"]


def test_random_placement_is_seeded_and_near_the_exact_chance(tmp_path: Path) -> None:
    rows = [f"A\td\t1\t{k}\tr1\t源\t{'x' * 20}<v>{'y' * 10}</v>{'z' * 30}\tFluency/Grammar\tMinor" for k in range(40)]
    segments = read_marot(_tsv(tmp_path, rows))
    lint = _flags({segments[0].target: [(0, 5), (50, 58)]})
    ev1 = evaluate(segments, lint, _weight, CAL, samples=20)
    ev2 = evaluate(segments, lint, _weight, CAL, samples=20)
    assert ev1.sampled.precision == ev2.sampled.precision
    assert len(set(ev1.sampled.precision)) > 1  # the seeds differ
    mean = sum(ev1.sampled.precision) / 20
    assert mean == pytest.approx(ev1.overall.chance, abs=0.03)
    assert ev1.overall.precision == 0.0  # both flags miss the span


def test_judge_and_worst_rules_first(tmp_path: Path) -> None:
    rows = [f"A\td\t1\t{k}\tr1\t源\tab<v>cd</v>efghijklmnopqrst\tFluency/Grammar\tMajor" for k in range(10)]
    segments = read_marot(_tsv(tmp_path, rows))

    def lint(seg: MqmSegment) -> list[Issue]:
        k = int(seg.seg_id)
        t = seg.target
        out = [_issue(t, 2, 3, "MT1", "major"), _issue(t, 15, 16, "MT2", "minor")]
        return out + ([_issue(t, 2, 3, "MT3")] if k < 2 else [])

    ev = evaluate(segments, lint, _weight, CAL)
    rules = [
        RuleSpec(c, c, "python", s, "c", "m", "d", None, "p")
        for c, s in (("MT1", "major"), ("MT2", "minor"), ("MT3", "minor"))
    ]  # type: ignore[arg-type]
    verdicts = {v.code: v.action for v in judge(ev.per_rule, rules, 0.15, 5)}
    assert verdicts == {"MT1": "keep", "MT2": "preview", "MT3": "unjudged"}


def test_a_page_finding_keeps_its_severity_where_its_span_is_minor(tmp_path: Path) -> None:
    """A major rule whose flags land on Minor spans is to be made minor, but not a finding about the whole page
    (MT905): the words it marks are only where the page shows it."""
    rows = [f"A\td\t1\t{k}\tr1\t源\tab<v>cd</v>efghijklmnopqrst\tFluency/Grammar\tMinor" for k in range(10)]
    ev = evaluate(
        read_marot(_tsv(tmp_path, rows)), lambda seg: [_issue(seg.target, 2, 3, "MT1", "major")], _weight, CAL
    )
    spec = RuleSpec("MT1", "MT1", "python", "major", "c", "m", "d", None, "p")  # type: ignore[arg-type]
    page = replace(spec, options={"page_finding": True})
    assert [v.action for v in judge(ev.per_rule, [spec], 0.15, 5)] == ["minor"]
    assert [v.action for v in judge(ev.per_rule, [page], 0.15, 5)] == ["keep"]


def _cli(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_cli_text_json_rules_systems_and_bad_files(tmp_path: Path) -> None:
    good = _tsv(
        tmp_path,
        [
            "A\td\t1\t1\tr1\t源\t<v>On yesterday</v> afternoon, he came.\tFluency/Grammar\tMinor",
            "B\td\t1\t1\tr1\t源\tHe came yesterday afternoon.\tNo-error\tNo-error",
        ],
    )
    bad = tmp_path / "bad.tsv"
    bad.write_text("system\ttarget\nA\tx\n", encoding="utf-8")
    code, out, err = _cli("eval", "--isolated", str(bad), str(good))
    assert code == 2
    assert (
        err.strip()
        == f"mtqa: error: {bad}: not an MQM TSV: missing column(s) doc, seg_id, rater, source, category, severity"
    )
    assert "2 segments" in out and "span " in out and "segment Kendall tau-b" in out and "MT502" in out

    short = _tsv(tmp_path, ["A\td\t1\t1\tr1\t源\tHe came.\tNo-error\tNo-error", "A\td\t1\t2\tr1"], "short.tsv")
    code, out, err = _cli("eval", "--isolated", str(short), str(good))  # the row was skipped, and exit 0
    assert code == 2 and "2 segments" in out
    assert err == f"mtqa: error: {short}:3: expected the header's 9 tab-separated columns, got 5\n"

    code, out, _ = _cli("eval", "--isolated", "--format", "json", "--rules", "MT502", str(good))
    data = json.loads(out)
    assert code == 0 and data["precision"]["flags"] == 1 and [r["code"] for r in data["rules"]] == ["MT502"]
    assert data["precision"]["precision"] == 1.0 and data["false_alarms"]["flags_on_clean_segments"] == 0

    code, out, _ = _cli("eval", "--isolated", "--format", "json", "--systems", "B", str(good))
    assert code == 0 and json.loads(out)["segments"] == 1
    code, _, err = _cli("eval", "--isolated", "--systems", "C", str(good))
    assert code == 2 and "no system C (it has A, B)" in err
    code, _, err = _cli("eval", "--isolated", "--rules", "XX", str(good))
    assert code == 2 and "no rule matches" in err


NEWS = SHARED / "mqm" / "zhen_news2023_dev.tsv"


@pytest.mark.slow  # the whole news dev set (17 s): CI's second step runs it
@pytest.mark.skipif(not NEWS.is_file(), reason=f"{NEWS} not present")
def test_dev_set_meets_the_core_bar_and_suggests_a_loadable_config(tmp_path: Path, linter: Linter) -> None:
    segments = read_marot(NEWS)
    ev = evaluate(segments, segment_linter(linter, False, str(NEWS)), _weight, CAL, samples=2)
    assert ev.overall.flags >= 50
    assert ev.overall.precision >= 0.65 and ev.overall.lift >= 0.15
    assert ev.overall.major_precision > ev.overall.major_chance
    assert ev.false_alarms_per_1000_words <= 2.0
    assert ev.system_pearson > 0
    # mtqa's segment estimate beats segment length, without the source and with it
    assert ev.estimate_tau > ev.length_tau and ev.estimate_system_pearson > 0
    with_source = evaluate(segments, segment_linter(linter, True, str(NEWS)), _weight, CAL, samples=1)
    assert with_source.estimate_tau > with_source.length_tau + 0.03 and with_source.estimate_system_pearson > 0.9
    assert with_source.fitted is not None
    if "|grammar:harper" in linter.signature:  # the defaults are this fit, rounded (with Harper, as in CI)
        assert (with_source.fitted.unseen_rate, with_source.fitted.density_gain) == (
            pytest.approx(CAL.unseen_rate, abs=0.001),
            pytest.approx(CAL.density_gain, abs=0.05),
        )
    # every default rule that fires often enough to be judged is at least 0.15 above chance
    assert all(v.action != "preview" for v in judge(ev.per_rule, linter.rules, 0.15, 5))

    snippet = tmp_path / "mtqa.toml"
    code, _, _ = _cli("eval", "--isolated", "--preview", "--seeds", "1", "--suggest-config", str(snippet), str(NEWS))
    assert code == 0
    table = tomllib.loads(snippet.read_text(encoding="utf-8"))
    assert table["ignore"] == []  # no default rule falls below the bar
    settings = load_settings(snippet)  # the snippet is a valid config
    assert "MT408" in settings.select  # a preview rule the data support (0.79 against 0.31)
    assert "MT505" not in settings.select  # a preview rule at chance stays out
    # pasted under [tool.mtqa] in a pyproject.toml it means the same: no table of its own breaks out
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        "[project]\nname = 'x'\n\n[tool.mtqa]\n" + snippet.read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert load_settings(pyproject) == settings
    assert settings.severity or settings.calibration != DEFAULT_CALIBRATION  # the tables were there to lose


def test_segment_linter_gives_the_source_only_when_asked_and_lints_a_repeated_target_once() -> None:
    seen = []

    class Recorder:
        def lint(self, doc):  # type: ignore[no-untyped-def]
            seen.append((doc.mt, doc.src))
            return type("R", (), {"issues": ()})()

    segs = [MqmSegment("A", "d", "1", "他来了", "He came."), MqmSegment("B", "d", "1", "他来了", "He came.")]
    for with_source in (False, True):
        lint = segment_linter(Recorder(), with_source, "x.tsv")  # type: ignore[arg-type]
        for seg in segs:
            lint(seg)
    assert seen == [("He came.", None), ("He came.", "他来了")]


def test_source_aware_flags_are_judged_on_the_source_side(tmp_path: Path) -> None:
    src, tgt = "全省新增就业3.63万人。", "The province created new jobs."
    rows = [
        f"s\td\t1\t1\tr1\t全省新增就业<v>3.63万人</v>。\t{tgt}\tAccuracy/Omission (Translation)\tMajor",
        "s\td\t1\t2\tr1\t全省新增就业3.63万人。\tThe province created <v>new jobs</v>.\tAccuracy/Mistranslation\tMinor",
    ]
    segs = read_marot(_tsv(tmp_path, rows))
    omission = Issue(
        "BI101", "x", "c", "major", len(tgt), len(tgt), 1, 1, 1, 1, "", "m", (), "t", source_start=6, source_end=11
    )
    ev = evaluate(segs, lambda seg: [omission], _weight, CAL, samples=3)
    # seg 1: the zero-width flag misses the target but its source span hits the omission (a Major span);
    # seg 2: nothing is marked in the source, and a zero-width flag cannot overlap the target span
    assert (ev.overall.flags, ev.overall.hits, ev.overall.major_hits) == (2, 1, 1)
    assert ev.overall.chars == 0  # character precision is for flags with a target span
    assert (ev.source_spans, ev.source_found) == (1, 1)
    # chance: a 5-character source span has 9 places in the 13 characters, 7 of them touch 3.63万人 (6-12)
    assert len(src) == 13 and ev.overall.expected == pytest.approx(7 / 9)


def test_estimate_adds_words_times_the_rest_of_the_systems_flag_density() -> None:
    cal = Calibration(unseen_rate=0.1, density_gain=2.0)
    penalties, words = [1.0, 0.0, 3.0, 0.0], [10.0, 20.0, 10.0, 5.0]
    systems = ["A", "A", "A", "B"]
    # A's first segment: the other A segments have 3 penalty in 30 words; B has no other segment, so the whole
    # file's density (4 / 45) stands in
    assert cal.estimates(penalties, words, systems) == pytest.approx(
        [1 + 10 * (0.1 + 2 * 3 / 30), 20 * (0.1 + 2 * 4 / 20), 3 + 10 * (0.1 + 2 * 1 / 30), 5 * (0.1 + 2 * 4 / 45)]
    )
    assert Calibration(0.0, 0.0).estimates(penalties, words, systems) == penalties


def test_calibration_fit_recovers_a_line_and_refuses_too_few_systems() -> None:
    # three systems whose MQM rate is 0.05 + 4 × their flag density (0.01, 0.02, 0.04)
    systems = ["A", "A", "B", "C"]
    words = [50.0, 50.0, 100.0, 100.0]
    penalties = [1.0, 0.0, 2.0, 4.0]
    gold = [w * (0.05 + 4 * d) for w, d in zip(words, [0.01, 0.01, 0.02, 0.04], strict=True)]
    fit = Calibration.fit(penalties, words, gold, systems)
    assert fit is not None
    assert (fit.unseen_rate, fit.density_gain) == (pytest.approx(0.05), pytest.approx(4.0))
    # an intercept below zero is refitted through the origin; a falling line has no gain
    low = Calibration.fit(
        penalties, words, [w * (8 * d - 0.02) for w, d in zip(words, [0.01, 0.01, 0.02, 0.04], strict=True)], systems
    )
    assert low is not None and low.unseen_rate == 0.0 and low.density_gain > 0
    falling = Calibration.fit(
        penalties, words, [w * (1 - 10 * d) for w, d in zip(words, [0.01, 0.01, 0.02, 0.04], strict=True)], systems
    )
    assert falling is not None and falling.density_gain == 0.0 and falling.unseen_rate > 0
    assert Calibration.fit(penalties[:3], words[:3], gold[:3], systems[:3]) is None  # two systems
    assert Calibration.fit([1.0, 1.0, 1.0], [10.0, 10.0, 10.0], [1.0, 2.0, 3.0], ["A", "B", "C"]) is None  # no spread


def test_eval_reports_the_estimate_and_suggests_its_calibration(tmp_path: Path) -> None:
    # three systems; C writes "On yesterday" (MT502) in every segment and has the most MQM errors
    rows = []
    for k in range(1, 5):
        rows.append(f"A\td\t1\t{k}\tr1\t源\tHe came yesterday afternoon number {k}.\tNo-error\tNo-error")
        rows.append(f"B\td\t1\t{k}\tr1\t源\tHe <v>come</v> yesterday afternoon number {k}.\tFluency/Grammar\tMinor")
        rows.append(
            f"C\td\t1\t{k}\tr1\t源\t<v>On yesterday</v> afternoon, he came, number {k}.\tFluency/Grammar\tMajor"
        )
    good = _tsv(tmp_path, rows)
    code, out, _ = _cli("eval", "--isolated", "--format", "json", str(good))
    data = json.loads(out)
    assert code == 0
    assert data["calibration"]["used"] == {
        "unseen_rate": DEFAULT_CALIBRATION[0],
        "density_gain": DEFAULT_CALIBRATION[1],
    }
    fitted = data["calibration"]["fitted"]
    assert fitted["density_gain"] > 0
    assert data["correlation"]["estimate_segment_kendall_tau_b"] > data["correlation"]["length_segment_kendall_tau_b"]
    est = {r["system"]: r["mtqa_estimate"] for r in data["systems"]}
    assert est["C"] > est["B"] > 0 and est["A"] > 0  # words alone give every segment some expected penalty

    snippet = tmp_path / "mtqa.toml"
    code, out, _ = _cli("eval", "--isolated", "--suggest-config", str(snippet), str(good))
    assert code == 0 and "segment Kendall tau-b" in out and "this file supports unseen-rate" in out
    assert load_settings(snippet).calibration == (
        pytest.approx(fitted["unseen_rate"], abs=1e-4),
        pytest.approx(fitted["density_gain"], abs=1e-3),
    )
    code, out, _ = _cli("eval", "--isolated", "--systems", "A,B", "--suggest-config", str(snippet), str(good))
    assert code == 0 and "too few systems in this file to fit" in out
    assert "calibration =" not in snippet.read_text(encoding="utf-8")
    assert load_settings(snippet).calibration == DEFAULT_CALIBRATION


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["realworld", "mqm/zhen_news2023_dev.tsv"])
def test_eval_with_two_jobs_measures_what_one_job_measures(
    corpus: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mtqa eval -j 2` lints through the run layer's worker processes: the same figures as `-j 1`."""
    path = SHARED / corpus
    if not path.exists():
        pytest.fail(f"{path} is missing")
    out = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path / jobs))  # no result from the other run's cache
        r = CliRunner().invoke(
            main, ["eval", "--isolated", "--grammar", "off", "--format", "json", "-j", jobs, str(path)]
        )
        data = json.loads(r.stdout)
        data.pop("seconds", None)  # the run's own time (MQM files)
        out.append(json.dumps(data, sort_keys=True))
    assert out[0] == out[1]
