"""Safe fixes (issue 19, part 2): suggestions that replace exactly their span, checked against the rules'
own examples; `lint --fix`, `--diff` and `--unsafe-fixes`; SARIF carries only the certain ones."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit import lint_text
from toolkit.catalog import CatalogError
from toolkit.cli import main
from toolkit.config import Settings
from toolkit.engine import Linter
from toolkit.fixes import apply, fix_text
from toolkit.model import Document

from .conftest import SEEDS

TEXT = (
    "The talks were chaired by governor Hao Peng , and sun Lijun spoke.The meeting ended。\n"
    "Farmers sold rural electricity providers goods  online.\n"
)
FIXED = (
    "The talks were chaired by Governor Hao Peng, and Sun Lijun spoke. The meeting ended.\n"
    "Farmers sold rural electricity providers goods online.\n"
)


def _run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, ["lint", "--isolated", "--grammar", "off", *args])
    return r.exit_code, r.stdout, r.stderr


def test_fix_applies_the_safe_fixes_and_reports_what_is_left(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    os.chmod(path, 0o640)
    code, out, err = _run("--fix", "--format", "json", str(path))
    assert path.read_text(encoding="utf-8") == FIXED
    assert oct(path.stat().st_mode & 0o777) == "0o640"  # the file keeps its mode
    assert "6 fix(es) applied" in err
    (article,) = json.loads(out)["articles"]
    assert [i["code"] for i in article["issues"]] == ["MT201"]  # the calque is advice: left for the editor
    assert article["issues"][0]["fix"] == {"applicability": "unsafe", "replacement": "rural e-commerce"}
    assert code == 1  # a major finding is left
    assert _run("--fix", str(path))[1].count("[*]") == 0  # nothing more to fix: the file is not touched again


def test_diff_shows_the_changes_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, out, _ = _run("--diff", str(path))
    assert code == 1 and path.read_text(encoding="utf-8") == TEXT
    assert "-Farmers sold rural electricity providers goods  online." in out
    assert "+Farmers sold rural electricity providers goods online." in out
    assert "+The talks were chaired by Governor Hao Peng, and Sun Lijun spoke. The meeting ended." in out
    code, out, _ = _run("--diff", "--unsafe-fixes", str(path))
    assert "+Farmers sold rural e-commerce goods online." in out
    path.write_text(FIXED, encoding="utf-8")
    assert _run("--diff", str(path))[:2] == (0, "")  # nothing to fix


def test_unsafe_fixes_apply_the_advice_too(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    _run("--fix", "--unsafe-fixes", str(path))
    assert "rural e-commerce goods" in path.read_text(encoding="utf-8")
    assert _run("--unsafe-fixes", str(path))[0] == 2  # only with --fix or --diff


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("gb18030", b""), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b"\xff\xfe"), ("utf-8", b"\xef\xbb\xbf")],
)
def test_a_fixed_file_is_written_in_the_encoding_it_was_read_in(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "a.txt"
    chinese = "会议在西宁举行。\n"  # Han characters, so that the encoding is told
    path.write_bytes(bom + (chinese + TEXT).replace("\n", "\r\n").encode(encoding))
    _run("--fix", str(path))
    assert path.read_bytes() == bom + (chinese + FIXED).replace("\n", "\r\n").encode(encoding)  # and its line ends


def test_files_whose_text_is_not_the_files_are_left_alone(tmp_path: Path) -> None:
    records = tmp_path / "r.jsonl"
    records.write_text(
        json.dumps({"id": "1", "target": "It was chaired by governor Hao Peng."}) + "\n", encoding="utf-8"
    )
    before = records.read_bytes()
    code, _, err = _run("--fix", str(records))
    assert records.read_bytes() == before and "1 fix(es) not applied: fixes apply to plain-text files only" in err
    assert _run("--fix", "--baseline", str(tmp_path / "b.json"), str(records))[0] == 2


def test_a_finding_on_no_text_has_no_fix_and_overlapping_fixes_wait_a_round() -> None:
    # something missing (a term the source has and the English lacks): advice, never an insertion
    missing = lint_text(
        "Promote the rejuvenation of the villages.", "推动乡村振兴。", settings=Settings(select=("BI502",))
    )
    assert [(i.code, i.fix) for i in missing.issues if i.start == i.end] == [("BI502", None)]
    before = "The farmers went to buy.Many  of them came back."
    found = lint_text(before, settings=Settings(grammar="off")).issues
    assert [(i.code, i.text) for i in found] == [("MT404", "buy.Many"), ("MT416", "  ")]  # touching spans
    text, done = apply(before, found)
    assert [d.code for d in done] == ["MT404"] and text == "The farmers went to buy. Many  of them came back."
    linter = Linter.from_settings(Settings(grammar="off"))
    text, done, result = fix_text(before, lambda t: linter.lint(Document(mt=t)))  # the next round fixes the other
    assert text == "The farmers went to buy. Many of them came back." and len(done) == 2 and not result.issues


PACK_RULE = """id: XX101
name: house-spelling
extends: substitution
level: minor
category: Fluency/Spelling
fix: safe
message: House spelling
swap: {'\\borganisation\\b': organization}
examples:
  fail:
  - target: The organisation met.
    span: organisation
    fix: {fix}
  pass: [The organization met.]
doc: What it does / Why it matters / Example / Use instead
"""


def _pack(tmp_path: Path, fix: str) -> Path:
    pack = tmp_path / "house"
    pack.mkdir(parents=True)
    (pack / "pack.yml").write_text("name: house\nversion: '1'\n", encoding="utf-8")
    (pack / "XX101-house-spelling.yml").write_text(PACK_RULE.replace("{fix}", fix), encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text(f'rule-packs = ["{pack}"]\ngrammar = "off"\n', encoding="utf-8")
    return tmp_path / "mtqa.toml"


def test_a_users_safe_fix_is_checked_when_the_pack_loads(tmp_path: Path) -> None:
    config = _pack(tmp_path, "organization")
    from toolkit.config import load_settings

    assert Linter.from_settings(load_settings(config)).rules
    r = CliRunner().invoke(main, ["rules", "check", "--config", str(config)])
    assert r.exit_code == 0 and "0 problem(s)" in r.stderr

    config = _pack(tmp_path / "bad", "organizations")  # the example says a fix the rule does not make
    with pytest.raises(CatalogError, match="replaces 'organisation' with 'organization', not 'organizations'"):
        Linter.from_settings(load_settings(config))
    article = tmp_path / "a.txt"
    article.write_text("The organisation met.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["lint", "--config", str(config), str(article)])
    assert r.exit_code == 2 and "XX101-house-spelling.yml" in r.stderr
    r = CliRunner().invoke(main, ["rules", "check", "--config", str(config)])
    assert r.exit_code == 1 and "not 'organizations'" in r.stdout


def test_fix_on_the_seeds_changes_only_what_the_safe_fixes_cover_and_is_idempotent(tmp_path: Path) -> None:
    """Issue 19's bar: --fix on the seeds changes exactly the spans of the safe fixes lint reported (each
    to its suggestion), and a second run changes nothing more."""
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    _, out, _ = _run("--format", "json", str(tmp_path))
    before = {a["path"]: a for a in json.loads(out)["articles"]}
    originals = {p: Path(p).read_text(encoding="utf-8") for p in before}
    _run("--fix", str(tmp_path))
    changed = 0
    for path, article in before.items():
        text, fixed = originals[path], Path(path).read_text(encoding="utf-8")
        safe = [i for i in article["issues"] if i.get("fix", {}).get("applicability") == "safe"]
        expected = text
        for i in sorted(safe, key=lambda i: i["start"], reverse=True):  # no two of them overlap in the seeds
            expected = expected[: i["start"]] + i["fix"]["replacement"] + expected[i["end"] :]
        assert fixed == expected, path
        changed += fixed != text
    assert changed >= 2  # seeds 000 and 004 have safe fixes
    snapshot = {p: Path(p).read_bytes() for p in before}
    _run("--fix", str(tmp_path))
    assert {p: Path(p).read_bytes() for p in before} == snapshot
