"""The command line through click's CliRunner: output formats, exit codes, config, suppression."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main

from .conftest import FIXTURES, SEEDS, seed

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>MT\d{3}) (?P<sev>minor|major|critical) .+$")


def run(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_text_output_lines_and_summaries() -> None:
    code, out, _ = run("lint", "--isolated", str(SEEDS))
    assert code == 1
    lines = out.splitlines()
    issue_lines = [m for m in map(LINE.match, lines) if m]
    assert len(issue_lines) > 40
    assert sum(": score " in ln for ln in lines) == 5
    assert lines[-2].startswith("5 articles: ") and "mtqa:" in lines[-2]
    fixable = sum(" [*] " in ln for ln in lines)  # severity then [*]: the finding has a safe fix
    assert fixable and lines[-1] == f"[*] {fixable} finding(s) fixable with --fix (--diff shows the changes)"


def test_json_has_the_documented_shape() -> None:
    code, out, _ = run("lint", "--isolated", "--format", "json", str(seed("004")), str(seed("002")))
    assert code == 1
    data = json.loads(out)
    assert list(data)[:5] == ["schema", "tool", "signature", "articles", "summary"]
    assert data["schema"] == 1 and data["tool"]["name"] == "mtqa"
    art = data["articles"][0]
    assert list(art)[:7] == ["path", "id", "encoding", "words", "score", "passed", "issues"]
    issue = art["issues"][0]
    assert list(issue)[:16] == [
        "code",
        "slug",
        "category",
        "severity",
        "start",
        "end",
        "line",
        "column",
        "end_line",
        "end_column",
        "text",
        "message",
        "suggestions",
        "origin",
        "fingerprint",
        "upstream_id",
    ]
    for i in art["issues"]:  # then, where they apply: source span, file lines, the fix
        assert set(list(i)[16:]) <= {"source_start", "source_end", "source_text", "file_line", "file_end_line", "fix"}
        if "fix" in i:
            assert i["fix"]["replacement"] == i["suggestions"][0] and i["fix"]["applicability"] in ("safe", "unsafe")
    assert art["grammar_engine"].startswith("harper (harper-py ")
    text = Path(art["path"]).read_text(encoding="utf-8")
    for i in art["issues"]:
        assert text[i["start"] : i["end"]] == i["text"]
    summary = data["summary"]
    assert summary["articles"] == 2 and summary["issues"] == sum(len(a["issues"]) for a in data["articles"])
    assert sum(summary["by_severity"].values()) == summary["issues"]
    assert data["articles"][1]["passed"] is True


def test_exit_zero_on_clean_text_and_gates() -> None:
    assert run("lint", "--isolated", str(FIXTURES / "clean_news.txt"))[0] == 0
    assert run("lint", "--isolated", "--fail-on", "never", "--min-score", "0", str(SEEDS))[0] == 0
    assert run("lint", "--isolated", "--fail-on", "never", "--min-score", "99", str(seed("001")))[0] == 1


def test_unreadable_input_is_reported_and_others_are_linted(tmp_path: Path) -> None:
    code, out, err = run("lint", "--isolated", str(tmp_path / "missing.txt"), str(seed("004")))
    assert code == 2
    assert err.strip() == f"mtqa: error: {tmp_path / 'missing.txt'}: no such file"
    assert "004_" in out and ": score " in out


def test_stdin_and_jsonl_ids(tmp_path: Path) -> None:
    code, out, _ = run("lint", "--isolated", "-", input="welcome to hangzhou!\n".encode("gb18030"))
    assert code == 0 and out.startswith("<stdin>:1:1: MT401 minor")
    batch = tmp_path / "b.jsonl"
    batch.write_text(json.dumps({"id": "s1", "target": "They discussed precise poverty alleviation."}) + "\n")
    code, out, _ = run("lint", "--isolated", "--format", "json", str(batch))
    art = json.loads(out)["articles"][0]
    assert art["id"] == "s1" and art["issues"][0]["code"] == "MT202"


def test_encoding_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("They discussed precise poverty alleviation in 青海.".encode("gbk"))
    data = json.loads(run("lint", "--isolated", "--format", "json", str(path))[1])
    art = data["articles"][0]
    assert art["encoding"] == "gb18030"
    assert {i["code"] for i in art["issues"]} == {"MT202", "MT101"}


def test_select_ignore_and_config(tmp_path: Path) -> None:
    code, out, _ = run("lint", "--isolated", "--select", "MT2", "--format", "json", str(seed("004")))
    codes = {i["code"] for a in json.loads(out)["articles"] for i in a["issues"]}
    assert codes == {"MT201", "MT202"}
    (tmp_path / "mtqa.toml").write_text('ignore = ["MT2", "MT8"]\n')
    code, out, _ = run("lint", "--config", str(tmp_path / "mtqa.toml"), "--format", "json", str(seed("004")))
    codes = {i["code"] for a in json.loads(out)["articles"] for i in a["issues"]}
    assert codes and not any(c.startswith(("MT2", "MT8")) for c in codes)


def test_bad_config_exits_two_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "mtqa.toml").write_text('fail-on = "always"\n')
    code, out, err = run("lint", "--config", str(tmp_path / "mtqa.toml"), str(seed("002")))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "fail-on" in err
    assert run("lint", "--format", "xml", str(seed("002")))[0] == 2


@pytest.mark.parametrize("command", ["lint", "eval"])
def test_config_with_isolated_is_an_error_not_a_silent_default(tmp_path: Path, command: str) -> None:
    (tmp_path / "mtqa.toml").write_text('ignore = ["MT2"]\n')
    code, out, err = run(command, "--isolated", "--config", str(tmp_path / "mtqa.toml"), str(seed("002")))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "--isolated" in err


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("They discussed precise poverty alleviation. <!-- mtqa: ignore[MT202] -->", False),
        ("They discussed precise poverty alleviation. <!-- mtqa: ignore[MT3] -->", True),
        ("They discussed precise poverty alleviation. <!-- mtqa: ignore -->", False),
        ("<!-- mtqa: ignore-next-line[MT2] -->\nThey discussed precise poverty alleviation.", False),
        ("<!-- mtqa: ignore-next-line[MT2] -->\n\nThey discussed precise poverty alleviation.", True),
    ],
)
def test_inline_suppression(tmp_path: Path, text: str, flagged: bool) -> None:
    path = tmp_path / "a.md"
    path.write_text(text)
    data = json.loads(run("lint", "--isolated", "--format", "json", str(path))[1])
    assert any(i["code"] == "MT202" for i in data["articles"][0]["issues"]) is flagged


def test_rules_list_and_explain() -> None:
    code, out, _ = run("rules")
    assert code == 0
    rows = out.splitlines()
    assert any(r.startswith("MT201  rural-electricity-providers") for r in rows)
    assert any("preview" in r for r in rows)
    code, out, _ = run("rules", "explain", "mt202")
    assert code == 0 and "What it does" in out and "precise poverty alleviation" in out
    assert run("rules", "explain", "MT000")[0] == 2


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out" / "result.json"
    code, out, _ = run("lint", "--isolated", "--format", "json", "-o", str(target), str(seed("004")))
    assert code == 1 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["articles"][0]["score"] < 80
    assert sorted(p.name for p in target.parent.iterdir()) == ["result.json"]
    folder = tmp_path / "a-folder"
    folder.mkdir()
    code, _, err = run("lint", "--isolated", "-o", str(folder), str(seed("004")))
    assert code == 2 and "a-folder" in err


def test_house_rule_pack_from_config(tmp_path: Path) -> None:
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "pack.yml").write_text("name: house\nversion: '2'\n")
    (pack / "HR101-say-xinhua.yml").write_text(
        "id: HR101\nname: say-xinhua\nextends: substitution\nlevel: minor\ncategory: Terminology/Inconsistent\n"
        "message: House style\nswap: {'New China News Agency': Xinhua}\n"
        "examples: {fail: [New China News Agency reported.], pass: [Xinhua reported.]}\n"
        "doc: What it does / Why it matters / Example / Use instead\n",
        encoding="utf-8",
    )
    (tmp_path / "mtqa.toml").write_text('rule-packs = ["house"]\n')
    article = tmp_path / "a.txt"
    article.write_text("New China News Agency reported the talks.")
    code, out, _ = run("lint", "--config", str(tmp_path / "mtqa.toml"), "--format", "json", str(article))
    data = json.loads(out)
    assert [i["code"] for i in data["articles"][0]["issues"]] == ["HR101"]
    assert "house@2" in data["signature"]
    assert data["articles"][0]["issues"][0]["origin"] == "rules/house"


def test_an_internal_error_costs_only_its_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit.analyzers import structure

    def broken(ctx, rule):  # type: ignore[no-untyped-def]
        if "boom" in ctx.text:
            raise ValueError("analyzer bug")
        return iter(())

    monkeypatch.setattr(structure, "county_typos", broken)
    bad = tmp_path / "bad.txt"
    bad.write_text("boom goes the article.")
    code, out, err = run("lint", "--isolated", str(bad), str(seed("002")))
    assert code == 3
    assert err.count("\n") == 1 and "internal error (ValueError: analyzer bug)" in err and "bad.txt" in err
    assert "002_f017d6c61969abaf.txt: score 98.5 pass" in out  # the other article is linted and scored
    with pytest.raises(ValueError):
        CliRunner().invoke(main, ["lint", "--isolated", "--debug", str(bad)], catch_exceptions=False)
