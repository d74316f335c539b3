"""Hostile inputs (issue 17, first part): every bad input costs that input only, with a clear line and an
honest exit code; binary and empty files are skipped and said so; nothing takes time quadratic in a line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit import cli, lint_text
from toolkit.cli import main
from toolkit.config import Settings

from .conftest import ROOT

GOOD = "The county built new roads and schools for the villages this year, officials said on Monday.\n"


def _lint(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, ["lint", "--isolated", "--grammar", "off", "--format", "json", *args])
    return r.exit_code, r.stdout, r.stderr


def _record(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("[" * 100_000, "RecursionError"),
        ('{"id": ' + "9" * 5000 + ', "target": "x"}', "4300 digits"),
        ('{"id": "\\ud800", "target": "The county built roads."}', "lone surrogate"),
    ],
)
def test_a_bad_jsonl_record_costs_that_record_only(tmp_path: Path, line: str, why: str) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(line + "\n" + _record(id="ok", target=GOOD), encoding="utf-8")
    code, out, err = _lint(str(path))
    assert code == 2 and f"{path}:1: " in err and why in err and "Traceback" not in err
    assert [a["id"] for a in json.loads(out)["articles"]] == ["ok"]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x1c"])
def test_line_separators_inside_a_json_string_do_not_split_the_record(tmp_path: Path, separator: str) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(_record(id="1", target=f"The county built roads.{separator}Schools opened."), encoding="utf-8")
    code, out, err = _lint(str(path))
    articles = json.loads(out)["articles"]
    assert err == "" and [(a["id"], a["words"]) for a in articles] == [("1", 6)]


def test_a_short_tsv_row_costs_that_row_and_a_huge_field_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv"
    path.write_text("source\ttarget\n中国\tChina built roads.\n短\n中国\tChina built schools.\n", encoding="utf-8")
    code, out, err = _lint(str(path))
    assert code == 2 and "row 2: expected source<TAB>target" in err
    assert json.loads(out)["articles"][0]["words"] == 6  # both good rows were linted
    big = tmp_path / "big.tsv"
    big.write_text(
        "source\ttarget\n中国\t" + "The county built roads. " * 8000 + "\n", encoding="utf-8"
    )  # 192,000 chars
    code, out, err = _lint(str(big))
    assert "field limit" not in err and json.loads(out)["articles"][0]["words"] == 32000


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "a PNG image"),
        ("program.txt", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 20, "an ELF executable"),
        ("noise.txt", bytes(range(256)) * 20, "control characters"),
    ],
)
def test_binary_files_are_skipped_with_a_warning(tmp_path: Path, name: str, data: bytes, kind: str) -> None:
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    code, out, err = _lint(str(tmp_path))
    assert code == 0 and [Path(a["path"]).name for a in json.loads(out)["articles"]] == ["good.txt"]
    assert err.startswith(f"mtqa: warning: {tmp_path / name}: ") and kind in err and "skipped" in err
    code, out, err = _lint(str(tmp_path / name))  # alone: nothing was checked, which is an error
    assert code == 2 and "no article to check" in err


def test_an_empty_or_blank_article_is_not_scored(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text("  \n\n\t \n", encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    code, out, err = _lint(str(tmp_path))
    assert [Path(a["path"]).name for a in json.loads(out)["articles"]] == ["good.txt"]
    assert "blank.txt: empty: no text to check (not scored)" in err and code == 0


@pytest.mark.parametrize("encoding", ["utf-16", "gb18030", "no-such-encoding"])
def test_xml_inputs_with_a_declared_encoding_are_read(tmp_path: Path, encoding: str) -> None:
    xliff = (
        f'<?xml version="1.0" encoding="{encoding}"?><xliff version="1.2"><file source-language="zh" '
        'target-language="en"><body><trans-unit id="1"><source>中国修路</source>'
        "<target>China built new roads in the county.</target></trans-unit></body></file></xliff>\n"
    )
    path = tmp_path / "a.xlf"
    path.write_bytes(xliff.encode("utf-8" if encoding == "no-such-encoding" else encoding))
    code, out, err = _lint(str(path))
    assert err == "" and json.loads(out)["articles"][0]["words"] == 7


def test_a_fifo_given_as_input_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, _, err = _lint(str(fifo), str(tmp_path))  # named, and inside a folder
    assert code == 2 and "not a regular file" in err


def test_a_file_name_too_long_for_a_sibling_source_is_linted(tmp_path: Path) -> None:
    path = tmp_path / ("x" * 250 + ".txt")  # its sibling a.zh.txt would be 257 bytes: ENAMETOOLONG
    path.write_text(GOOD, encoding="utf-8")
    code, out, err = _lint(str(path))
    assert code == 0 and err == "" and len(json.loads(out)["articles"]) == 1


def test_an_error_outside_every_guard_is_one_line_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> list[str]:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "expand_paths", broken)
    monkeypatch.setattr(sys, "argv", ["mtqa", "lint", "--isolated", "--grammar", "off", "x.txt"])
    with pytest.raises(SystemExit) as stop:
        cli.entry()
    assert stop.value.code == 3
    err = capsys.readouterr().err
    assert err.strip() == "mtqa: internal error: RuntimeError: boom; please report it (--debug shows the traceback)"


def test_one_enormous_word_does_not_abort_the_grammar_engine(tmp_path: Path) -> None:
    """Harper's spell checker needed 40 GB for one 131,000-character word and aborted the process."""
    path = tmp_path / "a.txt"
    path.write_text("a" * 131_000 + "\n" + GOOD, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "toolkit.cli", "lint", "--isolated", "--format", "json", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "MTQA_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert run.returncode in (0, 1), run.stderr[-500:]
    assert json.loads(run.stdout)["articles"][0]["grammar_engine"].startswith("harper")


@pytest.mark.parametrize(
    "text",
    [
        "a-" * 60_000,
        "a" * 131_000,
        "a," * 60_000,
        "The county built roads.\n" * 2_000,
        "中" * 100_000,
        "The the county built roads . " * 3_000,  # a problem sentence each: MT615 read every finding
        "The union sent condolences to the workers of the plant. " * 2_300,  # MT214 read the line at each one
    ],
)
def test_no_rule_takes_time_quadratic_in_a_line(text: str) -> None:
    """A hang detector, not a benchmark: each of these took from 20 s to 75 s before the fixes."""
    t0 = time.perf_counter()
    lint_text(text, settings=Settings(grammar="off"))
    assert time.perf_counter() - t0 < 15


def test_chinese_left_in_the_text_is_counted_once(tmp_path: Path) -> None:
    english = "The county built new roads this year, officials said on Monday in the city.\n\n"
    chinese = "县里今年修建了新的道路和学校，为村民提供了便利。"
    path = tmp_path / "a.txt"
    path.write_text(english + chinese + "\n", encoding="utf-8")
    code, out, _ = _lint(str(path))
    assert [(i["code"], i["severity"]) for i in json.loads(out)["articles"][0]["issues"]] == [("MT101", "major")]
    (tmp_path / "a.zh.txt").write_text("县里今年修建了新的道路。\n\n" + chinese + "\n", encoding="utf-8")
    code, out, _ = _lint(str(path))
    assert [(i["code"], i["severity"]) for i in json.loads(out)["articles"][0]["issues"]] == [("BI301", "critical")]


@pytest.mark.parametrize(
    ("chinese", "encoding"),
    [
        ("县里今年修建了新的道路和学校，为村民提供了便利。", "gb18030"),
        ("縣裡今年修建了新的道路和學校，為村民提供了便利。", "gb18030"),
        ("縣裡今年修建了新的道路和學校，為村民提供了便利。", "big5"),
        ("台灣", "gb18030"),
        ("台灣", "big5"),
        ("香港特別行政區政府", "big5"),
    ],
)
def test_gb18030_and_big5_are_told_apart(chinese: str, encoding: str) -> None:
    from toolkit.textio import decode

    text = chinese + " The county built roads."
    assert decode(text.encode(encoding)) == (text, "big5hkscs" if encoding == "big5" else encoding)


def test_a_declared_encoding_is_used_and_bytes_that_do_not_fit_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(("縣裡修建了道路。" + GOOD).encode("big5"))
    code, out, err = _lint("--encoding", "big5", str(path))
    assert err == "" and json.loads(out)["articles"][0]["encoding"] == "big5"
    code, out, err = _lint("--encoding", "utf-8", str(path))
    assert code == 2 and f"{path}: not valid utf-8: byte 0" in err
    code, out, err = _lint("--encoding", "klingon", str(path))
    assert code == 2 and err.strip() == "mtqa: error: --encoding klingon: no such encoding"


def test_a_digit_newer_than_pythons_unicode_tables_is_not_read_as_a_number() -> None:
    """Found by the fuzz tests: `\\d` takes U+1E4F0 (Nag Mundari zero), which float() cannot read."""
    r = lint_text("The county has \U0001e4f0 and 1,200 households.", "全县有1200户。", settings=Settings(grammar="off"))
    assert r.source is not None and not [i for i in r.issues if i.code.startswith("BI1")]
