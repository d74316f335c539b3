"""Span-annotated pages: the reader, the arithmetic, `mtqa eval` on a page folder, and the bar on the real pages."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit import lint_text
from toolkit.cli import main
from toolkit.config import Settings
from toolkit.engine import Linter
from toolkit.spans import auc, evaluate_pages, is_span_corpus, read_corpus

from .conftest import SHARED

REAL = SHARED / "realworld"
INDEX = "file\turl\tsite\twords\tquality\twhy\n"
NOTES = "file\toccurrence\tquote\ttype\tseverity\tnote\n"


def _corpus(tmp_path: Path, pages: dict[str, tuple[str, str]], notes: list[str]) -> Path:
    root = tmp_path / "pages"
    root.mkdir()
    for name, (_, text) in pages.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "index.tsv").write_text(
        INDEX + "".join(f"{n}\tu\ts\t0\t{q}\tw\n" for n, (q, _) in pages.items()), encoding="utf-8"
    )
    (root / "annotations.tsv").write_text(NOTES + "".join(r + "\n" for r in notes), encoding="utf-8")
    return root


GARBLED = (
    "The county held a meeting on safety production.\nThey went to Brick Temple Town. The road was built.Many came.\n"
)
CLEAN = "The county held a meeting on work safety.\nThey went to Zhuanmiao Town. The road was built. Many came.\n"


def test_reader_places_the_nth_occurrence_and_reports_what_it_cannot_place(tmp_path: Path) -> None:
    root = _corpus(
        tmp_path,
        {"a.txt": ("garbled", "came. came. came."), "b.txt": ("clean", "Fine.")},
        [
            "a.txt\t2\tcame\tgrammar\tminor\tsecond",
            'a.txt\t1\t"quoted\tpunctuation\tminor\tnot there',  # a straight quote is text, never CSV quoting
            "b.txt\t0\t-\tnone\t-\tclean",
            "c.txt\t1\tx\tcalque\tminor\tnot a page",
        ],
    )
    assert is_span_corpus(str(root)) and not is_span_corpus(str(root / "a.txt"))
    pages, problems = read_corpus(str(root))
    a = next(p for p in pages if p.file == "a.txt")
    assert [(s.start, s.end, s.type) for s in a.spans] == [(6, 10, "grammar")]
    assert len(problems) == 2 and "quote not found" in problems[0] and "not a page of index.tsv" in problems[1]


def test_annotations_saved_by_excel_are_read_with_its_quoting(tmp_path: Path) -> None:
    """Excel doubles the straight quotes of a quote and wraps it in quotes: it was looked for as written."""
    root = _corpus(
        tmp_path,
        {"a.txt": ("rough", 'He said "yes" to it.\nThen "no".')},
        ['a.txt\t1\t"said ""yes"""\tgrammar\tminor\t"two\nlines"', 'a.txt\t1\t"no"\tpunctuation\tminor\t'],
    )
    (page,), problems = read_corpus(str(root))
    assert problems == [] and [page.text[s.start : s.end] for s in page.spans] == ['said "yes"', '"no"']


def test_auc_counts_ties_half() -> None:
    assert auc([1, 2], [3, 4]) == 1.0
    assert auc([3, 4], [1, 2]) == 0.0
    assert auc([1, 3], [3]) == 0.75


def test_page_evaluation_counts_hits_repeats_recall_and_false_alarms(tmp_path: Path) -> None:
    root = _corpus(
        tmp_path,
        {"g.txt": ("garbled", GARBLED + "Officials live in Brick Temple Town too.\n"), "c.txt": ("clean", CLEAN)},
        [
            "g.txt\t1\tsafety production\tcalque\tminor\twork safety",
            "g.txt\t1\tBrick Temple Town\tplace-literal\tmajor\tZhuanmiao",
            "g.txt\t1\tbuilt.Many\tpunctuation\tminor\tspace",
            "g.txt\t1\tThe county held\tword-salad\tmajor\tinvented, for recall",
            "c.txt\t0\t-\tnone\t-\tclean",
        ],
    )
    pages, problems = read_corpus(str(root))
    assert problems == []
    ev = evaluate_pages(pages, Linter.from_settings(Settings(select=("MT211", "MT305", "MT404"))).lint)
    # Four findings, all hits: the second "Brick Temple Town" repeats an annotated quote on its page.
    assert ev.translation.flags == 4 and ev.translation.hits == 4
    assert ev.by_type["place-literal"] == (1, 1) and ev.by_type["word-salad"] == (0, 1)
    assert ev.by_severity["major"] == (1, 2) and ev.found() == (3, 4)
    assert ev.clean_false_alarms == 0 and ev.clean_words > 0
    assert ev.pass_rate("clean") == 1.0  # a page under min-words has no score gate: the garbled one passes too
    assert auc(ev.scores("garbled"), ev.scores("clean")) == 1.0


def test_eval_cli_reads_a_page_folder(tmp_path: Path) -> None:
    root = _corpus(
        tmp_path,
        {"g.txt": ("garbled", GARBLED), "c.txt": ("clean", CLEAN)},
        ["g.txt\t1\tsafety production\tcalque\tminor\twork safety", "g.txt\t1\tnowhere\tcalque\tminor\tmissing"],
    )
    res = CliRunner().invoke(main, ["eval", "--isolated", "--grammar", "off", "--format", "json", str(root)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["kind"] == "span-annotated pages" and data["pages"] == {"garbled": 1, "rough": 0, "clean": 1}
    assert data["recall"]["by_type"]["calque"]["found"] == 1
    assert data["page_auc"]["garbled_vs_clean"] == 1.0
    assert "quote not found" in res.stderr
    text = CliRunner().invoke(main, ["eval", "--isolated", "--grammar", "off", str(root)])
    assert "recall by type" in text.stdout and "garbled vs clean" in text.stdout


def test_a_page_folder_without_its_columns_is_one_error(tmp_path: Path) -> None:
    root = _corpus(tmp_path, {"g.txt": ("garbled", GARBLED)}, [])
    (root / "index.tsv").write_text("name\tlabel\ng.txt\tgarbled\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["eval", "--isolated", "--grammar", "off", str(root)])
    assert res.exit_code == 2 and "needs the columns file and quality" in res.stderr


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/realworld not present")
def test_real_pages_meet_the_bar_measured_so_far() -> None:
    """The figures the README reports for the real pages, with room for noise; raise them as rules improve."""
    pages, problems = read_corpus(str(REAL))
    assert problems == [] and len(pages) == 103
    ev = evaluate_pages(pages, Linter.from_settings(Settings(grammar="off")).lint)
    t = ev.translation
    assert t.precision >= 0.85 and t.lift >= 0.35
    found, total = ev.found()
    assert found / total >= 0.35
    assert ev.false_alarms_per_1000_words <= 1.0
    assert auc(ev.scores("garbled"), ev.scores("clean")) >= 0.95
    assert auc(ev.scores("garbled"), ev.scores("rough")) >= 0.85
    unedited = Counter(p.page.quality for p in ev.pages if any(i.code == "MT905" for i in p.result.issues))
    assert unedited["clean"] == 0 and unedited["garbled"] >= 5 * unedited["rough"]
    assert auc(ev.scores("rough"), ev.scores("clean")) >= 0.85
    assert ev.pass_rate("clean") >= 0.90 and ev.pass_rate("garbled") <= 0.10


def test_page_furniture_does_not_lower_the_score() -> None:
    body = " ".join(["The county built new roads and schools for the villages this year."] * 6)
    plain = lint_text(body)
    framed = lint_text(f"Photo by Xinhua News Agency reporter Li Ming\n\n{body}\n\nRelease time: 2024-04-13 22:10")
    assert {i.code for i in framed.issues} == {"MT806", "MT807"} and not plain.issues
    assert framed.penalty == 0 and framed.score == 100.0
    # a site's navigation and stamp left in Chinese: furniture, reported with what it holds, not scored
    chinese = lint_text(f"当前位置:首页 >> 生活\n发布时间:2022-07-01 09:25 来源:生活\n\n{body}")
    assert {i.code for i in chinese.issues} >= {"MT801", "MT807", "MT101"} and chinese.penalty == 0
    assert all(i.category == "Design and markup" and i.severity == "minor" for i in chinese.issues)


@pytest.mark.parametrize(
    "text",
    [
        "Paragraph one ends here.\n\n    Paragraph two is indented with four spaces.",
        "    An indented first paragraph opens the page.\n\nThe second one does not.",
        "The plan has two parts.\nI.  To win the three tough battles of the year.\nII.  To reinvigorate the economy.",
        "The plan has two parts.\n(1)  Build the roads.\n2)  Repair the schools.",
    ],
)
def test_indentation_is_not_a_punctuation_error(text: str) -> None:
    result = lint_text(text, settings=Settings(select=("GR3",), grammar="harper"))
    assert [i.upstream_id for i in result.issues] == []


def test_a_page_hard_wrapped_with_runs_of_spaces_is_one_problem_of_layout() -> None:
    """A clean page of the check sets had its line breaks turned into runs of two spaces, 21 on 307 words: each
    run was a finding of MT416 or of Harper's Spaces, and the page failed the gate. Runs that dense are the
    page's layout, reported once; a few runs in a page are each a slip."""
    sentence = "The countryside becomes caked with  snow, and the icy streets of its  cities wake up to a frost. "
    wrapped = lint_text(sentence * 6, settings=Settings(grammar="harper"))
    assert [(i.code, i.start) for i in wrapped.issues] == [("MT416", sentence.index("  "))] and wrapped.passed
    text = sentence * 2 + "The roads are new. " * 40
    slips = lint_text(text, settings=Settings(grammar="harper"))
    runs = [m.start() for m in re.finditer("  ", text)]
    assert len(runs) == 4 and sorted({i.start for i in slips.issues if i.text == "  "}) == runs
