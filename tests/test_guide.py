"""The README's user guide works as written: every command of its "Using mtqa" section runs, in a
workspace holding the files it names, and exits 0 or 1 (a result), never 2 or 3 (issue 19)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SEEDS, seed


def _guide_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = readme.split("## Using mtqa", 1)[1].split("\n## ", 1)[0]
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", guide, flags=re.S):
        commands += [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]
    commands += re.findall(r"`(mtqa report [^`]+)`", guide)
    return commands


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**env, "GIT_COMMITTER_EMAIL": "t@t"})


@pytest.mark.slow
def test_every_command_of_the_guide_runs(tmp_path: Path) -> None:
    commands = _guide_commands()
    assert len(commands) >= 8 and all(c.startswith("mtqa ") for c in commands)
    shutil.copytree(SEEDS, tmp_path / "corpus")
    shutil.copy(seed("004"), tmp_path / "article.txt")
    (tmp_path / "article.en.txt").write_text("The province supports rural electricity providers.\n", encoding="utf-8")
    (tmp_path / "article.zh.txt").write_text("全省支持农村电商。\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "pages")
    _git(tmp_path, "update-ref", "refs/remotes/origin/main", "HEAD")
    (tmp_path / "corpus" / "new.txt").write_text("He met governor Hao Peng on rural electricity providers.\n")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for command in commands:
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode in (0, 1), f"{command}: exit {done.returncode}\n{done.stderr}"
    assert (tmp_path / "mtqa.sarif").is_file() and (tmp_path / "report" / "index.html").is_file()
