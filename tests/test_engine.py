"""The engine's post-processing: one finding per span, superseding rules, boilerplate gating."""

from __future__ import annotations

from toolkit import lint_text


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
