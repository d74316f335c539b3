"""CI output formats, parsed back with real parsers and checked against the JSON result.

SARIF is checked by two validators: the SARIF SDK's multitool (npm, installed by .ci/install-tools)
and the official 2.1.0 JSON schema that the same npm package ships, through `jsonschema`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.formatters.github import PER_STEP

from .conftest import ROOT, SEEDS, seed

MULTITOOL_DIR = ROOT / ".tools" / "node_modules" / "@microsoft" / "sarif-multitool-linux"
MULTITOOL = Path(os.environ.get("MTQA_SARIF_MULTITOOL", MULTITOOL_DIR / "Sarif.Multitool"))
SCHEMA = MULTITOOL_DIR / "sarif-2.1.0.json"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def lint(fmt: str, *paths: str | Path) -> tuple[int, str]:
    code, out, _ = run("lint", "--isolated", "--format", fmt, *map(str, paths))
    return code, out


@pytest.fixture(scope="module")
def seeds_json() -> dict[str, Any]:
    code, out = lint("json", SEEDS)
    assert code == 1
    return json.loads(out)


def _need_tool(path: Path, what: str) -> None:
    if path.exists():
        return
    reason = f"{what} not installed at {path}; run .ci/install-tools"
    if os.environ.get("MTQA_CI"):
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


# --- SARIF -----------------------------------------------------------------------------------------


def test_sarif_of_the_seeds_passes_the_sarif_multitool(tmp_path: Path) -> None:
    _need_tool(MULTITOOL, "SARIF multitool")
    code, out = lint("sarif", SEEDS)
    assert code == 1
    log = tmp_path / "seeds.sarif"
    log.write_text(out, encoding="utf-8")
    report = tmp_path / "validation.sarif"
    proc = subprocess.run(
        [str(MULTITOOL), "validate", str(log), "-o", str(report)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found = json.loads(report.read_text(encoding="utf-8-sig"))["runs"][0]["results"]
    errors = [r["message"] for r in found if r.get("level", "warning") == "error"]
    assert errors == []
    # The one warning we accept: the tool has no public home page (informationUri) yet.
    assert {r["ruleId"] for r in found} <= {"SARIF2005"}


def test_the_multitool_does_catch_a_broken_log(tmp_path: Path) -> None:
    """The validator above is not a rubber stamp: a result without a message is reported."""
    _need_tool(MULTITOOL, "SARIF multitool")
    bad = tmp_path / "bad.sarif"
    bad.write_text('{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"A"}]}]}')
    report = tmp_path / "v.sarif"
    subprocess.run([str(MULTITOOL), "validate", str(bad), "-o", str(report)], capture_output=True, timeout=300)
    found = json.loads(report.read_text(encoding="utf-8-sig"))["runs"][0]["results"]
    assert any(r.get("level") == "error" for r in found)


def test_sarif_of_the_seeds_is_valid_against_the_official_schema() -> None:
    _need_tool(SCHEMA, "SARIF 2.1.0 schema (from @microsoft/sarif-multitool)")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    _, out = lint("sarif", SEEDS)
    assert [e.message for e in validator.iter_errors(json.loads(out))] == []
    broken = json.loads(out)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert not validator.is_valid(broken)


def test_sarif_results_match_the_json_result(seeds_json: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT.parent)
    _, out = lint("sarif", SEEDS)
    sarif_run = json.loads(out)["runs"][0]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    rules = sarif_run["tool"]["driver"]["rules"]
    codes = [r["id"] for r in rules]
    issues = [(a["path"], i) for a in seeds_json["articles"] for i in a["issues"]]
    assert len(sarif_run["results"]) == len(issues)
    for res, (path, i) in zip(sarif_run["results"], issues, strict=True):
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": f"{ROOT.name}/seeds/{Path(path).name}", "uriBaseId": "SRCROOT"}
        region = loc["region"]
        assert (region["startLine"], region["startColumn"]) == (i["line"], i["column"])
        assert (region["endLine"], region["endColumn"]) == (i["end_line"], i["end_column"])
        assert region["snippet"]["text"] == i["text"]
        assert res["ruleId"] == i["code"] and codes[res["ruleIndex"]] == i["code"]
        assert res["level"] == {"minor": "warning", "major": "error", "critical": "error"}[i["severity"]]
        assert res["partialFingerprints"]["mtqaFingerprint/v1"] == i["fingerprint"]
        # only a certain (safe) fix is carried as a SARIF fix, which review tools offer to apply; advice is not
        if i.get("fix", {}).get("applicability") == "safe":
            (fix,) = res["fixes"]
            assert fix["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == i["suggestions"][0]
        else:
            assert "fixes" not in res
        assert res["properties"].get("suggestions", []) == i["suggestions"]
    # Every enabled rule is described, with help text and a help URI that exists.
    assert len(codes) == len(set(codes)) >= 39
    for r in rules:
        assert r["help"]["text"] and r["fullDescription"]["text"]
        assert r["helpUri"].startswith("file://") and Path(r["helpUri"][7:]).is_file()


def test_sarif_help_uri_follows_docs_url(tmp_path: Path) -> None:
    (tmp_path / "mtqa.toml").write_text('docs-url = "https://qa.example.org/rules/{code}.html"\n')
    code, out, _ = run("lint", "--config", str(tmp_path / "mtqa.toml"), "--format", "sarif", str(seed("004")))
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    assert {r["helpUri"] for r in rules if r["id"] == "MT201"} == {"https://qa.example.org/rules/MT201.html"}


def test_fingerprints_survive_a_line_shift(tmp_path: Path) -> None:
    text = seed("004").read_text(encoding="utf-8")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(text, encoding="utf-8")
    b.write_text("Added headline\n\nA new first paragraph was written here.\n" + text, encoding="utf-8")

    def prints(path: Path) -> list[tuple[str, int]]:
        results = json.loads(lint("sarif", path)[1])["runs"][0]["results"]
        return [
            (
                r["partialFingerprints"]["mtqaFingerprint/v1"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in results
        ]

    before, after = prints(a), prints(b)
    assert len({fp for fp, _ in before}) == len(before) > 20  # unique within the article
    assert [fp for fp, _ in after] == [fp for fp, _ in before]
    assert all(la == lb + 3 for (_, lb), (_, la) in zip(before, after, strict=True))


def test_sarif_names_jsonl_records_as_logical_locations(tmp_path: Path) -> None:
    data = tmp_path / "batch.jsonl"
    data.write_text(json.dumps({"id": "r1", "target": "We support rural electricity providers."}) + "\n")
    _, out = lint("sarif", data)
    (res,) = json.loads(out)["runs"][0]["results"]
    assert res["locations"][0]["logicalLocations"] == [{"name": "r1", "kind": "object"}]
    # the record's line in the file; the position inside its text in the message
    assert res["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "endLine": 1}
    assert "[record r1, line 1" in res["message"]["text"]


# --- GitHub workflow commands -------------------------------------------------------------------------

COMMAND = re.compile(r"^::(?P<level>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def _unescape(value: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(code, char)
    return value


def parse_github(out: str) -> tuple[list[dict[str, str]], list[str]]:
    commands, plain = [], []
    for line in out.splitlines():
        m = COMMAND.match(line)
        if not m:
            plain.append(line)
            continue
        props = dict(p.split("=", 1) for p in m.group("props").split(",") if p)
        commands.append(
            {k: _unescape(v) for k, v in props.items()} | {"level": m["level"], "message": _unescape(m["message"])}
        )
    return commands, plain


def test_github_annotations_match_the_json_and_respect_the_limits(seeds_json: dict[str, Any]) -> None:
    code, out = lint("github", SEEDS)
    assert code == 1
    commands, plain = parse_github(out)
    *annotations, summary = commands
    assert summary["level"] == "notice" and summary["title"] == "mtqa"
    assert sum(a["level"] == "error" for a in annotations) <= PER_STEP
    assert sum(a["level"] == "warning" for a in annotations) <= PER_STEP
    issues = {(a["path"], i["line"], i["column"], i["code"]): i for a in seeds_json["articles"] for i in a["issues"]}
    assert len(annotations) + len(plain) == len(issues)  # every issue once: annotated or in the log
    for a in annotations:
        i = issues[(a["file"], int(a["line"]), int(a["col"]), a["title"].split()[0])]
        assert int(a["endColumn"]) == i["end_column"] and a["message"].startswith(i["message"])
    # Most severe first: the error annotations are the major issues.
    assert [a["level"] for a in annotations] == sorted(
        (a["level"] for a in annotations), key=["error", "warning"].index
    )
    left = len(plain)
    assert f"{left} not annotated" in summary["message"]


def test_github_escapes_data_and_properties(tmp_path: Path) -> None:
    odd = tmp_path / "a,b:c%.txt"
    odd.write_text("We support rural electricity providers.\n", encoding="utf-8")
    _, out = lint("github", odd)
    commands, _ = parse_github(out)
    assert commands[0]["file"] == str(odd) and commands[0]["title"].startswith("MT201")


# --- JUnit -----------------------------------------------------------------------------------------


def test_junit_matches_the_json(seeds_json: dict[str, Any]) -> None:
    _, out = lint("junit", SEEDS)
    root = ET.fromstring(out.encode())
    cases = root.findall("./testsuite/testcase")
    arts = seeds_json["articles"]
    assert [c.get("name") for c in cases] == [a["path"] for a in arts]
    assert int(root.get("tests", 0)) == len(arts) and int(root.get("failures", 0)) == sum(not a["passed"] for a in arts)
    for case, art in zip(cases, arts, strict=True):
        failure = case.find("failure")
        assert (failure is None) == art["passed"]
        if failure is not None:
            blocking = [i for i in art["issues"] if i["severity"] in ("major", "critical")]
            listed = (failure.text or "").splitlines()
            assert len(listed) == len(blocking) and all(
                f":{i['line']}:{i['column']}: {i['code']}" in ln for ln, i in zip(listed, blocking, strict=True)
            )


def test_junit_reports_unreadable_files_as_errors(tmp_path: Path) -> None:
    code, out = lint("junit", tmp_path / "missing.txt", seed("002"))
    assert code == 2
    root = ET.fromstring(out.encode())
    assert root.get("errors") == "1" and root.find("./testsuite/testcase/error") is not None


# --- GitLab Code Quality ------------------------------------------------------------------------------


def test_gitlab_code_quality_matches_the_json(seeds_json: dict[str, Any]) -> None:
    _, out = lint("gitlab", SEEDS)
    items = json.loads(out)
    issues = [(a["path"], i) for a in seeds_json["articles"] for i in a["issues"]]
    assert len(items) == len(issues)
    assert len({it["fingerprint"] for it in items}) == len(items)
    for it, (path, i) in zip(items, issues, strict=True):
        assert it["check_name"] == i["code"] and it["severity"] == i["severity"]
        assert it["location"] == {"path": path, "lines": {"begin": i["line"], "end": i["end_line"]}}


def test_output_file_is_written_for_every_format(tmp_path: Path) -> None:
    for fmt in ("sarif", "github", "junit", "gitlab"):
        target = tmp_path / f"out.{fmt}"
        code, out, _ = run("lint", "--isolated", "--format", fmt, "-o", str(target), str(seed("002")))
        assert code == 0 and out == "" and target.read_text(encoding="utf-8")
