"""Span arithmetic against hand-made MQM TSV files, and the dev-set bar of the core issue."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from toolkit.mqm import MqmError, MqmSegment, chance_overlap, kendall_tau_b, mqm_weight, read_marot

HEADER = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n"


def _tsv(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "mqm.tsv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_spans_raters_source_side_and_whitespace_variants(tmp_path: Path) -> None:
    path = _tsv(
        tmp_path,
        [
            "A\td\t1\t1\tr1\t源\tHe <v>say</v> yes.\tFluency/Grammar\tMinor",
            "A\td\t1\t1\tr2\t源\tHe  say <v>yes</v>.\tAccuracy/Mistranslation\tMajor",  # extra space
            "A\td\t1\t1\tr2\t<v>源</v>\tHe say yes.\tAccuracy/Omission\tMajor",  # span in the source
            "A\td\t1\t1\tr3\t源\tHe say yes.\tNo-error\tNo-error",
            "A\td\t1\t1\tr3\t源\tHe say yes.\tSource issue\tMinor",
            "A\td\t1\t1\tr4\t源\tHe <v>say</v> yes.\tFound\tHOTW-test",
            "B\td\t1\t1\tr1\t源\tAll good.\tNo-error\tNo-error",
        ],
    )
    a, b = read_marot(path)
    assert a.target == "He say yes."
    assert [(s.rater, a.target[s.start : s.end], s.severity) for s in a.spans] == [
        ("r1", "say", "Minor"),
        ("r2", "yes", "Major"),
    ]
    assert [(s.rater, a.source[s.start : s.end], s.category) for s in a.source_spans] == [
        ("r2", "源", "Accuracy/Omission")
    ]
    assert a.penalties == {"r1": 1.0, "r2": 10.0, "r3": 0.0}
    assert a.mqm_penalty == pytest.approx(11 / 3)
    assert b.clean and not a.clean and b.mqm_penalty == 0


def test_weights() -> None:
    assert mqm_weight("Major", "Accuracy/Mistranslation") == 5
    assert mqm_weight("Minor", "Fluency/Punctuation") == 0.1
    assert mqm_weight("Major", "Non-translation!") == 25


def test_kendall_tau_b_with_ties() -> None:
    assert kendall_tau_b([1, 2, 3], [1, 2, 3]) == pytest.approx(1.0)
    assert kendall_tau_b([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    # scipy.stats.kendalltau([1, 1, 2, 3], [1, 2, 2, 3]) == 0.8
    assert kendall_tau_b([1, 1, 2, 3], [1, 2, 2, 3]) == pytest.approx(0.8)


def test_chance_overlap() -> None:
    (seg,) = read_marot_rows("A\td\t1\t1\tr1\t源\tabcd<v>ef</v>ghij\tFluency/Grammar\tMajor")
    # a flag of length 2 in a 10-character segment with span [4, 6): 3 of 9 positions overlap
    assert chance_overlap(2, 10, seg.spans) == pytest.approx(3 / 9)
    assert chance_overlap(10, 10, seg.spans) == 1.0


def read_marot_rows(*rows: str) -> list[MqmSegment]:
    with tempfile.TemporaryDirectory() as d:
        return read_marot(_tsv(Path(d), list(rows)))


def test_unreadable_files_name_the_file_and_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("system\tdoc\ttarget\nA\td\tx\n", encoding="utf-8")
    with pytest.raises(MqmError, match=r"bad.tsv: not an MQM TSV: missing column\(s\) seg_id, rater, source"):
        read_marot(bad)
    with pytest.raises(MqmError, match="missing.tsv: cannot read"):
        read_marot(tmp_path / "missing.tsv")
    with pytest.raises(MqmError, match="empty.tsv: not an MQM TSV"):
        (tmp_path / "empty.tsv").write_text("")
        read_marot(tmp_path / "empty.tsv")


ROW = "A\td\t1\t1\tr1\t源\tHe <v>say</v> yes.\tFluency/Grammar\t"


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ("A\td\t1\t1\tr1\t源\tHe say yes.", "expected the header's 9 tab-separated columns, got 7"),
        ("junk", "expected the header's 9 tab-separated columns, got 1"),
        (ROW + "Major\textra", "expected the header's 9 tab-separated columns, got 10"),
        (ROW + "Majr", "severity 'Majr' is not one of No-error, Neutral, Minor, Major, Critical, HOTW-test"),
        (ROW, "severity '' is not one of No-error, Neutral, Minor, Major, Critical, HOTW-test"),
    ],
)
def test_a_short_junk_or_unknown_severity_row_is_an_error_naming_its_line(
    tmp_path: Path, bad: str, problem: str
) -> None:
    """Such rows were skipped, and unknown severities weighed 0, without a word."""
    path = _tsv(tmp_path, [ROW + "Minor", "", bad, ROW + "Major"])
    with pytest.raises(MqmError) as info:
        read_marot(path)
    assert str(info.value) == f"{path}:4: {problem}" and info.value.line == 4


def test_blank_lines_trailing_empty_columns_and_the_known_severities_in_any_case(tmp_path: Path) -> None:
    rows = [
        ROW + "minor\t",
        "  ",
        ROW + "CRITICAL",
        ROW.replace("r1", "r2") + "Neutral",
        ROW.replace("r1", "r3") + "no-error",
    ]
    (seg,) = read_marot(_tsv(tmp_path, rows))
    assert [s.severity for s in seg.spans] == ["minor", "CRITICAL"]  # Neutral and no-error mark no error
    assert seg.penalties == {"r1": 6.0, "r2": 0.0, "r3": 0.0}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "gb18030"])
def test_encodings_of_the_field(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "mqm.tsv"
    row = "A\td\t1\t1\tr\t精准扶贫工作\tprecise <v>poverty</v>\tAccuracy/Mistranslation\tMajor\n"
    path.write_bytes((HEADER + row).encode(encoding))
    (seg,) = read_marot(path)
    assert seg.source == "精准扶贫工作" and seg.target[seg.spans[0].start : seg.spans[0].end] == "poverty"
