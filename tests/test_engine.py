"""The engine's post-processing: one finding per span, superseding rules, boilerplate gating."""

from __future__ import annotations

import ast
from pathlib import Path

from toolkit import lint_text
from toolkit.config import Settings


def _found(text: str) -> list[tuple[str, str, str]]:
    return [(i.code, i.text, i.severity) for i in lint_text(text).issues]


def test_overlapping_findings_of_one_rule_are_reported_once() -> None:
    # "X of the X" and the near-repeat pattern both match this span
    found = _found("They bought the bank's financial products, the third level of the third level.")
    assert [f for f in found if f[0] == "MT603"] == [("MT603", "the third level of the third level", "major")]


def test_a_specific_rule_supersedes_a_general_one_on_the_same_span() -> None:
    found = _found("The talks ended. sun Lijun thanked the provincial government.")
    codes = [c for c, _, _ in found]
    assert "MT302" in codes and "MT401" not in codes


def test_boilerplate_lines_gate_other_findings_but_keep_leftover_chinese_as_minor() -> None:
    found = _found("Produced By 大汉网络 welcome to hangzhou\nThe talks ended.")
    assert ("MT804", "Produced By 大汉网络 welcome to hangzhou", "minor") in found
    assert ("MT101", "大汉网络", "minor") in found
    assert not any(code.startswith("MT4") for code, _, _ in found)
    # a credit line in Chinese ("文/ 郭雯捷", a byline in a guide's pages) is furniture: the page scores as clean
    r = lint_text("Young entrepreneurs\n\nBy Guo Wenjie\n文/ 郭雯捷\nShen Haiyin was born in 1974.")
    assert ("MT806", "文/ 郭雯捷") in {(i.code, i.text) for i in r.issues} and r.score == 100.0
    assert {(i.code, i.category) for i in r.issues if i.code == "MT101"} == {("MT101", "Design and markup")}


def test_chinese_left_with_figures_inside_is_one_finding() -> None:
    # a journal's issue left in Chinese ("2015年3期", the third issue of 2015), as a clean page of session 22's check
    # sets showed: one phrase, one major finding, not one for each run of characters between the figures
    found = _found("The survey was reported in China Nonferrous Metals Monthly 2015年3期 this spring.")
    assert [f for f in found if f[0] == "MT101"] == [("MT101", "年3期", "major")]


def test_an_inline_credit_gates_only_itself_not_the_sentence_around_it() -> None:
    """Seed 003 opens a paragraph with "(... Photo by Reporter Xiao Mingliang)": the credit hid the
    calque later in the same line until furniture gated findings by span rather than by line."""
    text = (
        "(Photo by Reporter Xiao Mingliang) In order to study the spirit of the important speech, "
        "the county met on Monday."
    )
    found = _found(text)
    assert ("MT809", "Photo by Reporter Xiao Mingliang", "minor") in found
    assert any(code == "MT211" and "spirit of the important speech" in words for code, words, _ in found)


def test_one_problem_described_by_two_rules_is_not_a_problem_sentence() -> None:
    """MT615 needs two rules' findings on different words: "difficult masses" was MT204 and MT211 at once
    (now MT204 alone, which supersedes MT211), and the sentence was called garbled for it."""
    from toolkit.analyzers.aggregate import _apart

    issues = lint_text("Officials helped the difficult masses.", settings=Settings(grammar="off")).issues
    assert [i.code for i in issues] == ["MT204"]
    assert not _apart([(20, 36, "MT204"), (20, 36, "MT211")])  # the same words
    assert _apart([(20, 36, "MT204"), (20, 36, "MT211"), (25, 31, "GR101")])
    assert _apart([(0, 16, "MT602"), (0, 9, "MT302")])  # "sun Lijun thanks": agreement and the name's case
    assert not _apart([(0, 5, "MT204"), (6, 9, "MT204")])  # one rule twice


def test_an_unedited_page_is_one_major_finding_on_its_first_sign() -> None:
    """MT905: two different signs of raw MT in different sentences of a text of three or more; one kind twice,
    two rules on one sentence's slip, a sign inside page furniture or two sentences are not enough."""
    off = Settings(grammar="off")
    text = "The county met In April 21 on planting. the mayor spoke. the farmers agreed."
    [page] = [i for i in lint_text(text, settings=off).issues if i.code == "MT905"]
    assert (page.severity, text[page.start : page.end]) == ("major", "In ")  # MT507's "In April 21"
    assert "2 different signs of raw MT on this page (MT401, MT507)" in page.message
    assert "MT905" not in codes("the mayor spoke. the farmers agreed. the county met.", off)
    assert "MT905" not in codes("The county met In April 21 on planting. the mayor spoke.", off)  # no page
    assert "MT905" not in codes("They studied the instructions and instructions of the province.", off)
    assert "MT905" not in codes("welcome to hangzhou!\n\nThe county met. The mayor spoke.", off)  # one lower-case line
    assert "MT905" not in codes("The county built roads in in the villages. They were glad.\n\nprint】 【close", off)
    per_file = Settings(grammar="off", ignore=("MT401",))
    assert "MT905" not in codes(text, per_file)  # the signs it reads are those the configuration leaves


def test_an_unedited_page_counts_each_rule_in_a_sentence_of_its_own() -> None:
    """A sentence counts for one rule only, but the rules are matched to the sentences: a name in lower case in the
    first sentence and again in the third, and a place in lower case in the first only, are two signs."""
    text = "Tang derong went to hefei on Monday. The county met. Tang derong spoke to the farmers."
    [page] = [i for i in lint_text(text, settings=Settings(grammar="off")).issues if i.code == "MT905"]
    assert text[page.start : page.end] == "hefei" and "(MT302, MT402)" in page.message
    assert "MT905" not in codes(
        "Tang derong went to hefei on Monday. The county met. The farmers spoke.", Settings(grammar="off")
    )


def codes(text: str, settings: Settings) -> set[str]:
    return {i.code for i in lint_text(text, settings=settings).issues}


def test_no_module_binds_a_module_level_name_twice() -> None:
    """A second module-level assignment rebinds the name for every function of the module, the earlier ones too:
    session 21's run-on constants (`_VERB_TAGS`, `_JOINERS`) silently changed MT623's until session 22."""
    for path in sorted((Path(__file__).parent.parent / "toolkit").rglob("*.py")):
        names: list[str] = []
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign) and node.value is not None:
                targets = [node.target]
            names += [t.id for t in targets if isinstance(t, ast.Name)]
        assert len(names) == len(set(names)), (path, sorted({n for n in names if names.count(n) > 1}))
