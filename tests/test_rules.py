"""Every rule's own examples run as tests, and the catalog is complete and consistent."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from toolkit import lint_text
from toolkit.catalog import CatalogError, all_rules, check_examples, load_pack
from toolkit.config import Settings
from toolkit.engine import rule_alone

RULES = all_rules()


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_passes_its_own_examples(code: str) -> None:
    """Fail examples flagged, pass examples not, marked spans and fixes as the examples say, and no fix
    that the rule flags again (catalog.check_examples, which `mtqa rules check` runs for users' packs)."""
    assert check_examples(RULES[code], rule_alone(Settings(), RULES[code])) == []


def test_catalog_is_complete() -> None:
    assert len(RULES) >= 30
    for code, rule in RULES.items():
        assert Path(rule.file).name == f"{code}-{rule.slug}.yml"
        for part in ("What it does", "Why it matters", "Example", "Use instead"):
            assert part in rule.doc, f"{code} doc lacks {part!r}"
        assert rule.category and rule.message
        assert rule.severity in ("minor", "major", "critical")


def test_every_family_named_by_the_core_issue_is_covered() -> None:
    families = {c[:3] for c, r in RULES.items() if r.status == "stable"}
    assert {"MT1", "MT2", "MT3", "MT4", "MT5", "MT6", "MT7", "MT8", "MT9"} <= families


def _write_pack(tmp_path: Path, body: str, name: str = "MT999-demo.yml") -> Path:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yml").write_text("name: demo\nversion: '1'\n")
    (pack / name).write_text(body)
    return pack


GOOD = """id: MT999
name: demo
extends: existence
level: minor
category: Style/Unnatural or awkward
message: demo
tokens: [foo]
examples: {fail: [foo], pass: [bar]}
doc: What it does / Why it matters / Example / Use instead
"""


def test_a_valid_extra_pack_loads(tmp_path: Path) -> None:
    pack = load_pack(_write_pack(tmp_path, GOOD))
    assert [r.code for r in pack.rules] == ["MT999"]


@pytest.mark.parametrize(
    ("body", "name", "problem"),
    [
        (GOOD.replace("examples: {fail: [foo], pass: [bar]}", "examples: {fail: [foo]}"), "MT999-demo.yml", "example"),
        (GOOD, "MT998-demo.yml", "file name"),
        (GOOD.replace("level: minor", "level: huge"), "MT999-demo.yml", "level"),
        (GOOD.replace("tokens: [foo]", "tokens: ['(']"), "MT999-demo.yml", "bad pattern"),
        (GOOD.replace("doc: What", "doc: ''\nx: What"), "MT999-demo.yml", "doc"),
        # a misspelled option: it used to load, then fail every article ("internal error") or do nothing
        (GOOD + "scope: sentance\n", "MT999-demo.yml", "option 'scope' must be one of text, sentence, line"),
        (GOOD + "outside_quote: true\n", "MT999-demo.yml", "unknown option 'outside_quote' for a rule that extends"),
        (GOOD + "raw: 1\n", "MT999-demo.yml", "option 'raw' must be true or false, not 1"),
        # a rate without its 'per_words': it used to load, then fail every article the rule matched
        (GOOD + "density: {min_count: 3}\n", "MT999-demo.yml", "option 'density' must map 'per_words' to a number"),
        (GOOD + "density: {per_word: 30}\n", "MT999-demo.yml", "option 'density' must map 'per_words'"),
        # a replacement naming a group its pattern lacks: it used to load, then fail every article it matched
        (
            GOOD.replace("extends: existence", "extends: substitution").replace(
                "tokens: [foo]", "swap: {'(?:foo)': 'x\\1'}"
            ),
            "MT999-demo.yml",
            "names group 1, which it lacks",
        ),
    ],
)
def test_a_broken_rule_does_not_load(tmp_path: Path, body: str, name: str, problem: str) -> None:
    with pytest.raises(CatalogError, match=problem):
        load_pack(_write_pack(tmp_path, body, name))


def test_every_builtin_pattern_compiles() -> None:
    """Issue 18: a run compiles a built-in pattern only when a text holds what it needs, not when its pack
    loads, so its check is here: each pack, loaded as an extra pack is, compiles every pattern."""
    from toolkit.catalog import builtin_rules_dir

    folders = sorted(p for p in builtin_rules_dir().iterdir() if (p / "pack.yml").is_file())
    assert len(folders) >= 3
    for folder in folders:
        assert load_pack(folder, compile_patterns=True).rules


def test_a_pattern_runs_only_where_its_required_literal_is() -> None:
    """Issue 18: a pattern is skipped on a text without any of the literals one of which every match of it
    holds (`catalog.required_literals`); on the seeds and the real pages, wherever a built-in pattern
    matches, one of its literals is there, and patterns of every shape give the literals they must."""
    from toolkit.analyzers.patterns import _fold
    from toolkit.catalog import compile_pattern, required_literal, required_literals

    from .conftest import SEEDS, SHARED

    assert required_literal("rural electricity providers?") == "rural electricity provider"
    assert required_literal("difficult (?:masses|people)") == "difficult "
    assert required_literal("colou?r scheme") == "r scheme"
    assert required_literal(r"\pLabc") == "abc" and required_literal("(?P<n>x)abc def") == "abc def"
    # no literal where the scan cannot be sure: alternation, quantifiers, flags, escapes with operands
    shapes = ("a|bcd", "abc*d", "x{100}", r"\p{Han}{3}", "[abc]{3}d", "(?:abc|def)", "(?i)Foo bar", "(?x)foo bar")
    for loose in (*shapes, r"\x41bcd", r"\u00e9tude", r"\0101bcd", r"\g<name>xyz", "(?-i)abc def"):
        assert required_literal(loose) is None, loose
    # one of several: every branch's, or a group's that every match goes through
    assert required_literals("difficult (?:masses|people)") == ("difficult ",)
    assert required_literals("taste of chen|five flavou?rs") == ("taste of chen", "five flavo")
    assert required_literals(r"(?<![\w.])(?:country|party)s") == ("country", "party")
    assert required_literals("(?:the |a )?(?:nail spirit|spirit of (?:the )?nail)") == ("nail spirit", "spirit of ")
    assert required_literals("(?:on|in) (yesterday|today)(?= (?:morning|evening))") == ("morning", "evening")
    for loose in ("a|bcd", "(?:abc|de)x", "(?:abc)?x", "(?:abc)*x", "(?:abc){0,2}x", "(?!abcd)x", "(?<!abcd)x"):
        assert required_literals(loose) is None, loose
    # what a positive lookahead or lookbehind looks at is in the text as well
    assert required_literals("(?=abcd)x") == ("abcd",)
    assert required_literals("(?<=(?<!the )(?:should|can) )went") == ("went",)
    assert required_literals("(?<=(?<!the )(?:should|can) )\\p{Ll}+ed") == ("should", "can")
    for loose in ("(?P<n>abcd)x", "(?#a|b)(?:abcd)", "(?i)(?:abcd|efgh)", r"\p{Lu}+"):
        assert required_literals(loose) is None, loose
    texts = [
        p.read_text(encoding="utf-8")
        for p in [*sorted(SEEDS.glob("*.txt")), *sorted((SHARED / "realworld").glob("*.txt"))]
    ]
    checked = 0
    for rule in all_rules().values():
        opts = rule.options
        patterns = [str(t) for t in opts.get("tokens", ())] + [str(k) for k in opts.get("swap", {})]
        ignorecase, raw = bool(opts.get("ignorecase", True)), bool(opts.get("raw", False))
        for pattern in patterns:
            literals = required_literals(pattern)
            if literals is None:
                continue
            for text in texts:
                if compile_pattern(pattern, ignorecase, raw).search(text):
                    checked += 1
                    folded = _fold(text) if ignorecase else text
                    assert any((lit.lower() if ignorecase else lit) in folded for lit in literals), (rule.code, pattern)
    assert checked > 100


def test_the_literal_automaton_runs_every_pattern_that_matches() -> None:
    """Issue 18: the patterns a window's literals select (`patterns.Prepared.to_run`, one Aho-Corasick pass)
    and the windows a rule's `trigger` lets through find on the seeds, the real pages and news of the MQM dev
    set what every pattern of the rule run on every window finds."""
    from dataclasses import replace

    from toolkit.analyzers.patterns import prepare, run
    from toolkit.context import Context
    from toolkit.model import Document
    from toolkit.mqm import read_marot

    from .conftest import SEEDS, SHARED

    texts = [
        p.read_text(encoding="utf-8")
        for p in [*sorted(SEEDS.glob("*.txt")), *sorted((SHARED / "realworld").glob("*.txt"))]
    ]
    texts += list(dict.fromkeys(s.target for s in read_marot(SHARED / "mqm" / "zhen_news2023_dev.tsv")))[:400]
    found = 0
    triggered = [r.code for r in all_rules().values() if r.options.get("trigger")]
    assert len(triggered) >= 10
    for rule in all_rules().values():
        if rule.kind not in ("existence", "substitution"):
            continue
        prepared = prepare(rule)
        everything = replace(prepared, always=tuple(range(len(prepared.table))), literals=None, trigger=None)
        for text in texts:
            ctx = Context(Document(mt=text))
            hits = list(run(ctx, rule, prepared=prepared))
            assert hits == list(run(ctx, rule, prepared=everything)), rule.code
            found += len(hits)
    assert found > 100


def test_the_article_prefilter_skips_only_rules_that_cannot_match() -> None:
    """Issue 18: the engine does not call a pattern rule none of whose required literals is in the article
    (`patterns.Prefilter`, one pass for all rules); on the seeds, the real pages and a sample of the news dev
    set the findings are those of the engine without it, and most rules are ruled out on most texts."""
    from dataclasses import replace

    from toolkit.config import Settings
    from toolkit.engine import Linter
    from toolkit.mqm import read_marot

    from .conftest import SEEDS, SHARED

    linter = Linter.from_settings(Settings(grammar="off"))
    assert linter.prefilter is not None
    unfiltered = replace(linter, prefilter=None)
    news = list(dict.fromkeys(s.target for s in read_marot(SHARED / "mqm" / "zhen_news2023_dev.tsv")))[:300]
    texts = [
        *(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))),
        *(p.read_text(encoding="utf-8") for p in sorted((SHARED / "realworld").glob("*.txt"))),
        *news,
    ]
    skipped = 0
    for text in texts:
        assert linter.lint_text(text) == unfiltered.lint_text(text), text[:60]
        skipped += len(linter.prefilter.guarded - linter.prefilter.possible(text))
    assert skipped > len(texts) * len(linter.prefilter.guarded) / 2
    # a case-sensitive rule's literal is compared without case: the pass rules out, never in
    selected = Linter.from_settings(Settings(grammar="off", select=("MT", "MT506")))  # MT506 is in preview
    assert selected.prefilter is not None
    rmb = next(n for n, r in enumerate(selected.rules) if r.code == "MT506")
    assert not selected.rules[rmb].options.get("ignorecase", True) and rmb in selected.prefilter.guarded
    assert rmb in selected.prefilter.possible("It cost 5 RMB.") and rmb not in selected.prefilter.possible("5 yuan")


@pytest.mark.parametrize("trigger", ["^x", "x$", r"\bx", "(?!a)x", "(?<!a)x", r"\Ax"])
def test_a_trigger_that_a_longer_text_may_not_match_is_refused(tmp_path, trigger: str) -> None:  # type: ignore[no-untyped-def]
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "pack.yml").write_text("name: house\nversion: 1\n", encoding="utf-8")
    rule = {
        "id": "HR001",
        "name": "x",
        "extends": "existence",
        "level": "minor",
        "category": "Style",
        "message": "x",
        "doc": "x",
        "examples": {"fail": ["xyz"], "pass": ["abc"]},
        "trigger": trigger,
        "tokens": ["xyz"],
    }
    (pack / "HR001-x.yml").write_text(yaml.safe_dump(rule), encoding="utf-8")
    with pytest.raises(CatalogError, match="may not use anchors"):
        load_pack(pack)
    rule["trigger"] = "[^a](?<=y)x"  # a negated class and a lookbehind are safe
    (pack / "HR001-x.yml").write_text(yaml.safe_dump(rule), encoding="utf-8")
    assert load_pack(pack).rules[0].options["trigger"] == "[^a](?<=y)x"


def test_the_mojibake_rule_may_skip_ascii_text() -> None:
    """Issue 18: MT103 returns at once on a text of ASCII alone, as 97% of the news dev set is: each of its
    patterns, and each branch of ftfy's (one per line of its verbose pattern), holds a character beyond ASCII."""
    from ftfy.badness import BADNESS_RE

    from toolkit.analyzers.leftovers import _GBK_QUOTES

    lines = [ln.strip() for ln in BADNESS_RE.pattern.splitlines()]
    branches = [ln for ln in lines if ln and ln != "|" and not ln.startswith("#")]
    assert len(branches) > 20 and not any(b.isascii() for b in branches)
    assert not any(q.isascii() for q in _GBK_QUOTES)
    assert [i.code for i in lint_text("The mayorâ€™s plan.", settings=Settings(grammar="off")).issues] == ["MT103"]


def test_the_repeat_test_keeps_every_sentence_a_stutter_pattern_matches() -> None:
    """Issue 18: `stutters` runs on a sentence only the patterns its quick test (`structure._may_repeat`) keeps;
    none it leaves out has a match there, on the seeds, the real pages and the news dev set, nor on repeats of
    each shape; most sentences keep none, and few the costly loop pattern."""
    from toolkit.analyzers import structure
    from toolkit.mqm import read_marot
    from toolkit.segment import segment

    from .conftest import SEEDS, SHARED

    patterns = (structure._LOOP, structure._STUTTER, structure._X_OF_X, structure._NEAR_REPEAT)
    texts = [p.read_text(encoding="utf-8") for p in [*SEEDS.glob("*.txt"), *(SHARED / "realworld").glob("*.txt")]]
    texts += list(dict.fromkeys(s.target for s in read_marot(SHARED / "mqm" / "zhen_news2023_dev.tsv")))
    sentences = [seg.text for text in texts for seg in segment(text)]
    sentences += [
        "Xi said the the plan",
        "per year, Per Year",
        "a big cat of the big cat",
        "a red flag of red flag",
        "the big red cat of the the big red cat",
        "to the green welcome to the green",
        "we build a new road to the city, we build a new road to the city, we build a new road to the city",
        "a well-to-do man of the town, a well-to-do man of the town, a well-to-do man of the town",
        "ſo so",
        "K k",
    ]
    kept = [s for s in sentences if structure._may_repeat(s)]
    for sentence in sentences:
        for pattern in patterns:
            if pattern.search(sentence):
                assert pattern in structure._may_repeat(sentence), (pattern.pattern, sentence)
    assert len(kept) < len(sentences) / 4
    assert sum(structure._LOOP in structure._may_repeat(s) for s in kept) < len(kept) / 2


def test_the_comma_before_a_verb_is_silent_on_fluent_text_and_finds_the_topic_comma() -> None:
    """MT630 reads the first comma of a statement before "is", "will" …: on the news dev set, the TED set and the
    clean real pages (asides, questions, inverted and cleft sentences) it finds nothing; in raw machine
    translation of a topic (…，是…) it finds the comma."""
    import csv

    from toolkit.mqm import read_marot

    from .conftest import SHARED

    lint = rule_alone(Settings(), RULES["MT630"])
    fluent = [
        s.target for tsv in ("zhen_news2023_dev.tsv", "zhen_ted2021.tsv") for s in read_marot(SHARED / "mqm" / tsv)
    ]
    folder = SHARED / "realworld"
    index = csv.DictReader((folder / "index.tsv").open(), delimiter="\t")
    clean = [r["file"] for r in index if r["quality"] == "clean"]
    fluent += [(folder / name).read_text(encoding="utf-8") for name in clean]
    assert len(clean) == 23 and not [t for t in dict.fromkeys(fluent) if lint(t, None)]
    raw = "Wutai is one of China's four Buddhist mountains, is located in Wutai County. Li Wei, its abbot, is 60."
    assert [raw[i.start : i.end] for i in lint(raw, None)] == [", is"]
