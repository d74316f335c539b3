"""CI gates: baselines (create, move lines, add a finding, fix one), --changed-since and --changed-lines
in a real temporary git repository, and the integration files (pre-commit hook, workflow example)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner

from toolkit.cli import main

from .conftest import ROOT, seed

NEW_SENTENCE = "Officials promised more help for rural electricity providers in the county."


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def lint_json(*args: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run("lint", "--isolated", "--format", "json", *args)
    return code, json.loads(out), err


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "articles").mkdir()
    for prefix in ("000", "004"):
        shutil.copy(seed(prefix), tmp_path / "articles" / f"{prefix}.txt")
    return tmp_path


# --- baseline -------------------------------------------------------------------------------------


def test_baseline_round_trip(workdir: Path) -> None:
    code, out, err = run("baseline", "create", "--isolated", "articles", "-o", "base.json")
    assert code == 0 and out == "" and "wrote base.json" in err
    data = json.loads((workdir / "base.json").read_text(encoding="utf-8"))
    assert sorted(data["articles"]) == ["articles/000.txt", "articles/004.txt"]
    known = sum(len(a["findings"]) for a in data["articles"].values())

    # Unchanged articles: nothing new, the gate passes although both articles have major issues.
    code, result, err = lint_json("--baseline", "base.json", "articles")
    assert code == 0 and result["summary"]["issues"] == 0
    assert result["summary"]["baseline"] == {"path": "base.json", "known": known, "fixed": 0}
    assert f"{known} known finding(s) not reported" in err

    # Move every issue of 004 down two lines and add one new calque in the middle; fix one issue in 000.
    a004 = workdir / "articles" / "004.txt"
    lines = a004.read_text(encoding="utf-8").split("\n")
    middle = len(lines) // 2
    lines[middle:middle] = [NEW_SENTENCE, ""]
    a004.write_text("A new headline\n\n" + "\n".join(lines), encoding="utf-8")
    a000 = workdir / "articles" / "000.txt"
    # Replace the copyright line (its one finding, MT803) by as many words of text, so the score stays the same:
    # page furniture is not scored, and fewer words would lower the score.
    plain = "The county also published its annual report on rural roads."
    kept = [plain if ln.startswith("Copyright 2006") else ln for ln in a000.read_text(encoding="utf-8").split("\n")]
    a000.write_text("\n".join(kept), encoding="utf-8")

    code, result, _ = lint_json("--baseline", "base.json", "articles")
    assert code == 1
    by_path = {a["path"]: a for a in result["articles"]}
    (new,) = by_path["articles/004.txt"]["issues"]
    assert new["code"] == "MT201" and new["text"] == "rural electricity providers"
    assert not by_path["articles/004.txt"]["passed"] and by_path["articles/000.txt"]["passed"]
    assert by_path["articles/000.txt"]["issues"] == []
    # what is listed is what is scored: one scoring function (engine.rescore) after the baseline's filter
    for article in result["articles"]:
        penalty = sum(
            {"minor": 1, "major": 5, "critical": 25}[i["severity"]]
            for i in article["issues"]
            if i["category"] != "Design and markup"
        )
        assert article["penalty"] == penalty and article["score"] == round(
            max(0, 100 - penalty * 250 / article["words"]), 1
        )
    assert result["summary"]["baseline"]["fixed"] == 1


def test_a_page_finding_stays_known_when_the_slip_it_marks_is_mended(workdir: Path) -> None:
    """MT905 marks the first of a page's signs of raw MT; mending that one, while others remain, leaves the
    page unedited and the finding known to the baseline (its fingerprint is the page's, not its words')."""
    assert run("baseline", "create", "--isolated", "articles", "-o", "base.json")[0] == 0
    a004 = workdir / "articles" / "004.txt"
    text = a004.read_text(encoding="utf-8")
    assert "Hao Pengsun Li Jun" in text.split("\n")[0]  # MT301, MT905's first sign
    a004.write_text(text.replace("Hao Pengsun Li Jun", "Hao Peng and Sun Lijun", 1), encoding="utf-8")
    code, result, _ = lint_json("--baseline", "base.json", "articles/004.txt")
    (article,) = result["articles"]
    assert code == 0 and article["issues"] == []
    code, result, _ = lint_json("articles/004.txt")
    assert [i["text"] for i in result["articles"][0]["issues"] if i["code"] == "MT905"] == ["11 30"]


def test_a_baseline_matches_the_same_files_from_any_working_directory(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paths were stored relative to the working directory: from another one, every known finding was new."""
    (workdir / "ci").mkdir()
    monkeypatch.chdir(workdir / "articles")
    code, _, _ = run("baseline", "create", "--isolated", ".", "-o", "../ci/base.json")
    data = json.loads((workdir / "ci" / "base.json").read_text(encoding="utf-8"))
    assert code == 0 and data["schema"] == 2
    assert sorted(data["articles"]) == ["../articles/000.txt", "../articles/004.txt"]  # from the baseline's folder
    known = sum(len(a["findings"]) for a in data["articles"].values())
    assert known > 0
    for cwd, base, target in [
        (workdir, "ci/base.json", "articles"),
        (workdir / "ci", "base.json", "../articles"),
        (workdir.parent, str(workdir / "ci" / "base.json"), str(workdir / "articles")),
    ]:
        monkeypatch.chdir(cwd)
        code, result, _ = lint_json("--baseline", base, target)
        assert (code, result["summary"]["issues"], result["summary"]["baseline"]["known"]) == (0, 0, known), cwd


def test_a_baseline_of_schema_1_is_still_read_from_where_it_was_made(workdir: Path) -> None:
    """Baselines written before stored paths relative to the working directory they were made in."""
    run("baseline", "create", "--isolated", "articles", "-o", "base.json")
    data = json.loads((workdir / "base.json").read_text(encoding="utf-8"))
    (workdir / "articles" / "old.json").write_text(json.dumps(data | {"schema": 1}), encoding="utf-8")
    code, result, _ = lint_json("--baseline", "articles/old.json", "articles")
    assert code == 0 and result["summary"]["issues"] == 0


def test_baseline_create_refuses_to_write_a_partial_baseline(workdir: Path) -> None:
    code, _, err = run("baseline", "create", "--isolated", "articles", "missing.txt", "-o", "base.json")
    assert code == 2 and "baseline not written" in err and not (workdir / "base.json").exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [(None, "no such baseline file"), ("{not json", "cannot read baseline"), ('{"schema": 9}', "not an mtqa baseline")],
)
def test_a_bad_baseline_is_a_one_line_usage_error(workdir: Path, content: str | None, problem: str) -> None:
    if content is not None:
        (workdir / "base.json").write_text(content)
    code, out, err = run("lint", "--isolated", "--baseline", "base.json", "articles")
    assert code == 2 and out == "" and err.count("\n") == 1 and problem in err and "base.json" in err


# --- changed files and lines -------------------------------------------------------------------------


def git(cwd: Path, *args: str) -> str:
    env = os.environ | {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(workdir: Path) -> Path:
    git(workdir, "init", "-q", "-b", "main")
    shutil.copy(seed("002"), workdir / "articles" / "002.txt")
    git(workdir, "add", ".")
    git(workdir, "commit", "-q", "-m", "articles")
    return workdir


def test_changed_since_lints_only_changed_and_new_files(repo: Path) -> None:
    a004 = repo / "articles" / "004.txt"
    a004.write_text(a004.read_text(encoding="utf-8") + "\n" + NEW_SENTENCE + "\n", encoding="utf-8")
    (repo / "articles" / "new.txt").write_text(NEW_SENTENCE + "\n", encoding="utf-8")
    (repo / "articles" / "002.txt").unlink()  # deleted files are not linted
    code, result, _ = lint_json("--changed-since", "HEAD")
    assert sorted(a["path"] for a in result["articles"]) == ["articles/004.txt", "articles/new.txt"]
    assert code == 1
    # The paths given still limit the selection.
    _, result, _ = lint_json("--changed-since", "HEAD", "articles/new.txt")
    assert [a["path"] for a in result["articles"]] == ["articles/new.txt"]


def test_changed_lines_reports_and_gates_only_issues_on_changed_lines(repo: Path) -> None:
    a002 = repo / "articles" / "002.txt"
    _, before, _ = lint_json(str(a002))
    assert before["articles"][0]["passed"] and not any(
        i["severity"] == "major" for i in before["articles"][0]["issues"]
    )
    lines = a002.read_text(encoding="utf-8").split("\n")
    lines.insert(2, NEW_SENTENCE)
    a002.write_text("\n".join(lines), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "edit 002")
    a004 = repo / "articles" / "004.txt"
    lines = a004.read_text(encoding="utf-8").split("\n")
    lines.insert(len(lines) // 2, "All is well.")
    a004.write_text("\n".join(lines), encoding="utf-8")

    code, result, _ = lint_json("--changed-since", "HEAD~1", "--changed-lines")
    by_path = {a["path"]: a for a in result["articles"]}
    assert sorted(by_path) == ["articles/002.txt", "articles/004.txt"]
    (issue,) = by_path["articles/002.txt"]["issues"]
    assert issue["code"] == "MT201" and issue["line"] == 3
    # 004's many old issues are on unchanged lines: not reported, and the gate passes for it.
    assert by_path["articles/004.txt"]["issues"] == [] and by_path["articles/004.txt"]["passed"]
    assert by_path["articles/004.txt"]["score"] == 100.0 and by_path["articles/004.txt"]["penalty"] == 0
    assert code == 1  # the new calque in 002 is major


@pytest.mark.parametrize("ref", ["no-such-ref", "--output=x"])
def test_bad_refs_are_one_line_usage_errors(repo: Path, ref: str) -> None:
    code, out, err = run("lint", "--isolated", f"--changed-since={ref}")
    assert code == 2 and out == "" and err.count("\n") == 1 and "--changed-since" in err


def test_changed_since_outside_a_repository(workdir: Path) -> None:
    code, _, err = run("lint", "--isolated", "--changed-since", "HEAD", "articles")
    assert code == 2 and "not a git repository" in err.lower()


def test_changed_lines_needs_changed_since(workdir: Path) -> None:
    code, _, err = run("lint", "--isolated", "--changed-lines", "articles")
    assert code == 2 and "--changed-lines needs --changed-since" in err


# --- integration files ---------------------------------------------------------------------------------


def _mtqa_commands(script: str) -> list[list[str]]:
    script = re.sub(r"\$\{\{[^}]*\}\}", "X", script)  # GitHub expressions
    return [shlex.split(line.strip())[1:] for line in script.splitlines() if line.strip().startswith("mtqa ")]


def test_pre_commit_hook_runs_mtqa_on_the_files_it_is_given(workdir: Path) -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "mtqa" and hook["language"] == "python" and hook["entry"].split()[0] == "mtqa"
    args = hook["entry"].split()[1:] + hook.get("args", [])
    code, out, _ = run(*args, "articles/004.txt")
    assert code == 1 and "MT201" in out
    shutil.copy(seed("002"), workdir / "ok.txt")
    assert run(*args, "ok.txt")[0] == 0


def test_github_workflow_example_uses_real_commands(workdir: Path) -> None:
    workflow = yaml.safe_load((ROOT / "docs" / "github-actions.yml").read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    scripts = "\n".join(s.get("run", "") for s in steps)
    commands = _mtqa_commands(scripts)
    assert any("--format" in c and "sarif" in c for c in commands)
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    assert len(commands) >= 3
    for name, *args in commands:  # every mtqa command line of the example parses (no typo, no bad choice)
        command = main.get_command(click.Context(main), name)
        assert command is not None
        command.make_context(name, args)
