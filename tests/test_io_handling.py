"""Inputs and outputs kept apart (a review of input and output handling): an output never replaces an input,
line ends of every kind, which files a folder walk reads, and option values that would let a run pass
having checked nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.model import Document
from toolkit.textio import expand_paths, read_documents

from .conftest import seed

ARTICLE = "It was chaired by governor Hao Peng.\n"


def _run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.stdout, r.stderr


def _lint(*args: str) -> tuple[int, str, str]:
    return _run("lint", "--isolated", "--grammar", "off", *args)


# --- an output never replaces an input ---------------------------------------------------------------


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _refused(code: int, out: str, err: str, clash: Path | str) -> bool:
    return code == 2 and out == "" and len(err.splitlines()) == 1 and f"would overwrite an input ({clash})" in err


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl"])
def test_lint_refuses_an_output_that_is_one_of_its_inputs(article: Path, fmt: str) -> None:
    assert _refused(*_lint("--format", fmt, "-o", str(article), str(article)), article)
    assert _refused(*_lint("--fix", "-o", str(article), str(article)), article)
    assert article.read_text(encoding="utf-8") == ARTICLE  # not fixed either: nothing was written


def test_the_same_file_is_seen_through_links_and_other_spellings(tmp_path: Path, article: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(article)
    hard = tmp_path / "hard.txt"
    os.link(article, hard)
    for output in (link, hard, tmp_path / "." / "a.txt"):
        assert _refused(*_lint("-o", str(output), str(article)), article)
    assert article.read_text(encoding="utf-8") == ARTICLE


def test_a_source_baseline_or_config_file_is_an_input_too(tmp_path: Path, article: Path) -> None:
    source = tmp_path / "zh.txt"
    source.write_text("会议由郝鹏省长主持。\n", encoding="utf-8")
    assert _refused(*_lint("--source", str(source), "-o", str(source), str(article)), source)
    baseline = tmp_path / "b.json"
    assert _run("baseline", "create", "--isolated", "--grammar", "off", "-o", str(baseline), str(article))[0] == 0
    assert _refused(*_lint("--baseline", str(baseline), "-o", str(baseline), str(article)), baseline)
    config = tmp_path / "mtqa.toml"
    config.write_text('fail-on = "critical"\n', encoding="utf-8")
    code, out, err = _run("lint", "--config", str(config), "--grammar", "off", "-o", str(config), str(article))
    assert _refused(code, out, err, config) and config.read_text(encoding="utf-8") == 'fail-on = "critical"\n'


def test_every_command_that_writes_refuses_to_overwrite_its_input(tmp_path: Path, article: Path) -> None:
    assert _refused(
        *_run("baseline", "create", "--isolated", "--grammar", "off", "-o", str(article), str(article)), article
    )
    assert _refused(*_run("compare", str(article), "--ref", str(article), "-o", str(article)), article)
    ref = tmp_path / "ref"
    ref.mkdir()
    (ref / "a.txt").write_text("The meeting was chaired by Governor Hao Peng.\n", encoding="utf-8")
    assert _refused(*_run("compare", str(article), "--ref", str(ref), "-o", str(ref / "a.txt")), ref)
    tsv = tmp_path / "mqm.tsv"
    tsv.write_text("system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n", encoding="utf-8")
    assert _refused(*_run("eval", "--isolated", "-o", str(tsv), str(tsv)), tsv)
    assert _refused(*_run("eval", "--isolated", "--suggest-config", str(tsv), str(tsv)), tsv)
    reports = tmp_path / "reports"
    assert _run("report", "--isolated", "--grammar", "off", "-q", "-o", str(reports), str(article))[0] == 0
    page = next(reports.glob("*.html"))
    assert _refused(*_run("report", "--isolated", "--grammar", "off", "-o", str(reports), str(page)), page)
    for path in (article, tsv, ref / "a.txt"):
        assert "score" not in path.read_text(encoding="utf-8")


def test_an_output_found_in_a_searched_folder_is_refused_not_overwritten(tmp_path: Path, article: Path) -> None:
    """A second `mtqa lint corpus/ -o corpus/report.txt` used to lint the first one's report; `-o corpus/b.txt`
    must not replace the article b.txt either, and mtqa cannot tell a report from an article: both are refused."""
    output = tmp_path / "report.txt"
    assert _lint("-o", str(output), str(tmp_path))[0] == 0 and str(article) in output.read_text(encoding="utf-8")
    for existing in (output, article):
        before = existing.read_bytes()
        code, out, err = _lint("-o", str(existing), str(tmp_path))
        assert (
            code == 2 and out == "" and f"would overwrite an input ({existing})" in err and len(err.splitlines()) == 1
        )
        assert existing.read_bytes() == before
    assert expand_paths([str(tmp_path)], output=str(article)) == [str(article), str(output)]  # kept, so refused


def test_a_report_inside_the_folder_is_not_read_by_the_next_report(tmp_path: Path, article: Path) -> None:
    reports = tmp_path / "reports"
    for _ in range(2):
        code, _, err = _run("report", "--isolated", "--grammar", "off", "-q", "-o", str(reports), str(tmp_path))
        assert code == 0 and err == ""
    pages = [p.name for p in reports.glob("*.html") if p.name not in ("index.html", "rules.html")]
    assert len(pages) == 1 and pages[0].startswith("a-")  # the article's page only, none of the earlier report


# --- line ends of every kind ---------------------------------------------------------------------------


def _findings(path: Path) -> list[tuple[str, int, int, str]]:
    code, out, _ = _lint("--format", "json", str(path))
    return [(i["code"], i["line"], i["column"], i["text"]) for i in json.loads(out)["articles"][0]["issues"]]


@pytest.mark.parametrize("end", ["\r", "\r\n"])
def test_lone_cr_and_crlf_line_ends_find_what_lf_finds(tmp_path: Path, end: str) -> None:
    text = seed("004").read_text(encoding="utf-8")
    lf = tmp_path / "lf.txt"
    lf.write_bytes(text.encode("utf-8"))
    other = tmp_path / "other.txt"
    other.write_bytes(text.replace("\n", end).encode("utf-8"))
    assert _findings(other) == _findings(lf) != []
    (doc,) = read_documents(str(other))
    assert isinstance(doc, Document) and len(doc.mt) == len(text.replace("\n", end))  # offsets are the file's


def test_a_fix_keeps_lone_cr_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "mac.txt"
    path.write_bytes(b"Budget news\r" + ARTICLE.replace("\n", "\r").encode("utf-8") + b"It rained.\r")
    assert _run("lint", "--isolated", "--grammar", "off", "--fix", str(path))[0] == 0
    assert path.read_bytes() == b"Budget news\rIt was chaired by Governor Hao Peng.\rIt rained.\r"


def test_a_lone_cr_in_a_record_or_a_source_is_a_line_break(tmp_path: Path) -> None:
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps({"id": "1", "target": "Budget news\rIt rained."}) + "\n", encoding="utf-8")
    (doc,) = read_documents(str(records))
    assert isinstance(doc, Document) and doc.mt == "Budget news\nIt rained."
    (tmp_path / "a.en.txt").write_text("It rained.\n", encoding="utf-8")
    (tmp_path / "a.zh.txt").write_bytes("下雨了。\r下雪了。\r".encode())
    (doc,) = read_documents(str(tmp_path / "a.en.txt"))
    assert isinstance(doc, Document) and doc.src == "下雨了。\n下雪了。\n"


# --- which files a folder's walk reads ---------------------------------------------------------------

PAIRS = "中国修路。\tChina built roads.\n中国建学校。\tChina built schools.\n"
INDEX = "file\turl\tsite\twords\tquality\twhy\n001.txt\thttp://example.cn/a\texample.cn\t270\trough\t中文 left\n"


def test_a_tsv_found_in_a_folder_is_read_only_when_it_looks_bilingual(tmp_path: Path) -> None:
    for name, text in (
        ("pairs.tsv", PAIRS),
        ("header.tsv", "source\ttarget\treference\n" + PAIRS),
        ("zh-en.tsv", "zh\ten\n" + PAIRS),
        ("mqm.tsv", "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n"),
        ("utf16.tsv", "\ufeff" + PAIRS),
        ("index.tsv", INDEX),
        ("annotations.tsv", "file\toccurrence\tquote\ttype\tseverity\tnote\n001.txt\t1\tby the\tgrammar\tminor\t\n"),
        ("english.tsv", "a\tb\nc\td\n"),
        ("empty.tsv", ""),
    ):
        (tmp_path / name).write_text(text, encoding="utf-16" if name == "utf16.tsv" else "utf-8")
    found = [Path(f).name for f in expand_paths([str(tmp_path)])]
    assert found == ["header.tsv", "mqm.tsv", "pairs.tsv", "utf16.tsv", "zh-en.tsv"]
    assert expand_paths([str(tmp_path / "index.tsv")]) == [str(tmp_path / "index.tsv")]  # named: always read


def test_tsv_rows_of_four_or_more_columns_are_errors_with_their_line(tmp_path: Path) -> None:
    index = tmp_path / "index.tsv"
    index.write_text(INDEX, encoding="utf-8")
    code, out, err = _lint(str(index))
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"mtqa: error: {index}:1: row 1: expected source<TAB>target[<TAB>reference], got 6 column(s)",
        f"mtqa: error: {index}:2: row 2: expected source<TAB>target[<TAB>reference], got 6 column(s)",
    ]
    mixed = tmp_path / "mixed.tsv"
    mixed.write_text(PAIRS + "中国\tChina\tref\tnote\n", encoding="utf-8")
    code, out, err = _lint("--format", "json", str(mixed))
    assert code == 2 and f"{mixed}:3: row 3: " in err and "got 4 column(s)" in err
    assert json.loads(out)["articles"][0]["words"] == 6  # the good rows are linted


# --- messages name what the user gave --------------------------------------------------------------


def test_nothing_to_check_names_stdin_and_lists_extensions_only_for_folders(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert (
        _lint(str(empty))[2].splitlines()[-1]
        == f"mtqa: error: no article to check in {empty}; --allow-empty accepts that"
    )
    r = CliRunner().invoke(main, ["lint", "--isolated", "--grammar", "off", "-"], input="")
    assert r.exit_code == 2 and r.stderr.splitlines() == [
        "mtqa: warning: <stdin>: empty: no text to check (not scored)",
        "mtqa: error: no article to check in <stdin>; --allow-empty accepts that",
    ]
    folder = tmp_path / "folder"
    folder.mkdir()
    assert "(extensions: .txt .md " in _lint(str(folder))[2]


def test_fix_on_stdin_is_a_warning_not_an_internal_error() -> None:
    r = CliRunner().invoke(main, ["lint", "--isolated", "--grammar", "off", "--fix", "-"], input=ARTICLE)
    assert r.exit_code == 0 and "mtqa: warning: <stdin>: 1 fix(es) not applied: fixes apply to plain-text" in r.stderr


# --- no pass with nothing checked ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--select", ""], "command line: select names no rule code (leave it out to run every rule)"),
        (["--select", ","], "command line: select names no rule code (leave it out to run every rule)"),
        (
            ["--select", "MT2", "--ignore", "MT2"],
            "no rule selected: select MT2 and ignore MT2 leave no rule to run (see `mtqa rules`)",
        ),
        (
            ["--ignore", "MT,BI,GR"],
            "no rule selected: select ALL and ignore MT,BI,GR leave no rule to run (see `mtqa rules`)",
        ),
        (["--min-score", "nan"], "command line: min-score must be a finite number, not nan"),
        (["--min-score", "inf"], "command line: min-score must be a finite number, not inf"),
        (["--min-score", "-inf"], "command line: min-score must be a finite number, not -inf"),
    ],
)
def test_options_that_leave_nothing_to_gate_are_usage_errors(article: Path, options: list[str], message: str) -> None:
    assert _lint(*options, str(article)) == (2, "", f"mtqa: error: {message}\n")
    if options[0] != "--min-score":  # the rule options of every command that lints
        assert _run("baseline", "create", "--isolated", "--grammar", "off", *options, str(article))[:2] == (2, "")


def test_a_config_with_a_non_finite_number_is_an_error(tmp_path: Path, article: Path) -> None:
    config = tmp_path / "mtqa.toml"
    for line in ("min-score = nan", "weights = { major = inf }"):
        config.write_text(line + "\n", encoding="utf-8")
        code, out, err = _run("lint", "--config", str(config), "--grammar", "off", str(article))
        assert code == 2 and out == "" and "must be a finite number" in err and str(config) in err


def test_a_broken_link_in_a_folder_is_an_error_and_the_others_are_linted(tmp_path: Path, article: Path) -> None:
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "picture.png").symlink_to(tmp_path / "gone.png")  # not an extension linted: not read
    code, out, err = _lint("--format", "json", str(tmp_path))
    assert code == 2 and [a["path"] for a in json.loads(out)["articles"]] == [str(article)]
    assert err.splitlines() == [
        f"mtqa: error: {tmp_path / 'dangling.txt'}: broken symbolic link to {tmp_path / 'gone.txt'}",
        f"mtqa: error: {tmp_path / 'loop.txt'}: cannot read: Too many levels of symbolic links",
    ]


def test_a_cache_folder_that_is_a_file_is_said_once(
    tmp_path: Path, article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cache.write_text("", encoding="utf-8")
    monkeypatch.setenv("MTQA_CACHE_DIR", str(cache))
    records = tmp_path / "r.jsonl"
    records.write_text("".join(json.dumps({"id": k, "target": ARTICLE}) + "\n" for k in range(20)), encoding="utf-8")
    for args in ([str(article)], ["-j", "2", str(records)]):
        code, _, err = _run("lint", "--isolated", "--grammar", "off", "-q", *args)
        assert code == 0 and err == (
            f"mtqa: warning: cache folder {cache} (MTQA_CACHE_DIR) is not a folder: "
            "grammar findings and results are not cached\n"
        )
    assert cache.read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_eval_min_lift_must_be_finite(tmp_path: Path, value: str) -> None:
    tsv = tmp_path / "m.tsv"
    tsv.write_text("sys\tdoc\t1\t1\tr1\t中文\tText.\tno-error\tno-error\n", encoding="utf-8")
    code, out, err = _run("eval", "--isolated", "--grammar", "off", "--min-lift", value, str(tsv))
    assert (code, out, err) == (2, "", f"mtqa: error: command line: min-lift must be a finite number, not {value}\n")


def test_only_grammar_rules_with_the_engine_off_is_a_usage_error(article: Path) -> None:
    message = "no rule selected: only grammar engine rules are selected and no engine runs (grammar off)"
    assert _lint("--select", "GR", str(article)) == (2, "", f"mtqa: error: {message}\n")


def test_report_with_no_article_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out, err = _run(
        "report", "--isolated", "--grammar", "off", "-o", str(tmp_path / "out"), str(tmp_path / "empty")
    )
    assert code == 2 and out == "" and err.startswith(f"mtqa: error: no article to check in {tmp_path / 'empty'}")
    assert not (tmp_path / "out").exists()


def test_report_whose_every_input_is_skipped_or_fails_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    """It wrote an index of 0 articles ("0 passed, 0 failed") and exited 0, or 2 over the earlier report."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (inputs / "b.txt").write_text("  \n", encoding="utf-8")
    report = ("report", "--isolated", "--grammar", "off", "-o")
    code, out, err = _run(*report, str(tmp_path / "new"), str(inputs))
    assert code == 2 and out == "" and not (tmp_path / "new").exists()
    assert err.splitlines()[-1] == (
        f"mtqa: error: no article to check in {inputs} (extensions: .txt .md .jsonl .tsv .xlf .xliff .tmx .html "
        ".htm .shtml .xhtml): report not written"
    )
    assert "a.txt: binary file (a PNG image)" in err and "b.txt: empty" in err

    article = tmp_path / "ok.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert _run(*report, str(tmp_path / "old"), str(article))[0] == 0  # an earlier report, of one article
    before = {p.name: p.read_bytes() for p in (tmp_path / "old").iterdir()}
    code, out, err = _run(*report, str(tmp_path / "old"), str(inputs), str(tmp_path / "missing.txt"))
    assert code == 2 and err.splitlines()[-1] == (
        "mtqa: error: report not written: no article was checked (1 input(s) could not be linted)"
    )
    assert {p.name: p.read_bytes() for p in (tmp_path / "old").iterdir()} == before  # the earlier report stays


def test_records_that_share_an_id_each_get_their_own_report_page(tmp_path: Path) -> None:
    """Two JSONL records with one id made one page name: the second page replaced the first, live and from a
    saved result. Each now has its page ("-2" for the second), linked from the index with its own text."""
    corpus = tmp_path / "corpus.jsonl"
    records = [
        {"id": "a1", "target": "They discussed precise poverty alleviation in the county on Monday."},
        {"id": "a1", "target": "Officials visited the difficult masses in the village on Tuesday."},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    live = tmp_path / "live"
    assert _run("report", "--isolated", "--grammar", "off", "-q", "-o", str(live), str(corpus))[0] == 0
    saved = tmp_path / "result.json"
    assert _lint("--format", "json", "-o", str(saved), str(corpus))[0] == 1
    again = tmp_path / "again"
    assert _run("report", "--from", str(saved), "-q", "-o", str(again))[0] == 0
    for out in (live, again):
        pages = sorted(
            (p for p in out.glob("*.html") if p.name not in ("index.html", "rules.html")), key=lambda p: len(p.name)
        )
        assert len(pages) == 2 and pages[1].name == pages[0].name.removesuffix(".html") + "-2.html"
        index = (out / "index.html").read_text(encoding="utf-8")
        assert all(f'href="{p.name}"' in index for p in pages)
        texts = [p.read_text(encoding="utf-8") for p in pages]
        assert "Monday" in texts[0] and "Tuesday" in texts[1]


def test_xml_that_is_not_well_formed_names_its_line(tmp_path: Path) -> None:
    """XLIFF and TMX errors carried "line": null; they carry the line the parser stopped at."""
    tmx = tmp_path / "a.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="GB2312"?>\n<tmx version="1.4">\n<body>\n'
        '<tu><tuv xml:lang="zh"><seg>你好</seg></tuv>\n</bodyx>\n</tmx>\n',
        encoding="utf-8",
    )
    code, out, err = _lint("--format", "json", str(tmx))
    assert code == 2 and json.loads(out)["errors"] == [
        {"path": str(tmx), "line": 5, "message": "not well-formed XML: mismatched tag: line 5, column 2"}
    ]


def test_windows_1252_text_is_read_as_such_and_damaged_utf8_is_not() -> None:
    """Word's curly quotes and Latin-1 accents were read as UTF-8 with replacement characters and the
    encoding named "utf-8 (invalid bytes replaced)"; a file with a real UTF-8 character and a damaged byte
    still is."""
    from toolkit.textio import decode

    word = "\u201cWe visited the caf\u00e9,\u201d she said \u2014 it\u2019s in S\u00e3o Paulo."
    assert decode(word.encode("cp1252")) == (word, "cp1252")
    assert decode("Caf\u00e9 d\u00e9j\u00e0 vu.".encode("latin-1")) == ("Caf\u00e9 d\u00e9j\u00e0 vu.", "cp1252")
    assert decode("caf\u00e9 ".encode() + b"\xff") == ("caf\u00e9 \ufffd", "utf-8 (invalid bytes replaced)")
    assert decode("\u4e2d\u534e\u4eba\u6c11\u5171\u548c\u56fd".encode("gbk"))[1] == "gb18030"  # Chinese first


def test_a_windows_1252_article_is_linted_and_fixed_in_its_encoding(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_bytes("The caf\u00e9\u2019s owner said it was fine.Many agreed with him.".encode("cp1252"))
    code, out, _ = _lint("--format", "json", str(article))
    art = json.loads(out)["articles"][0]
    assert art["encoding"] == "cp1252" and [i["code"] for i in art["issues"]] == ["MT404"]
    assert _lint("--fix", str(article))[0] in (0, 1)
    assert article.read_bytes() == "The caf\u00e9\u2019s owner said it was fine. Many agreed with him.".encode("cp1252")
