"""The seeds report in headless Chromium from file://: no console errors, scripts ran, highlights counted,
and a screenshot of the 004 page saved (to MTQA_SCREENSHOT_DIR when set, else the test's temp folder).

Chromium comes from Debian's package (`.ci/install-tools` installs it). Where it is missing the test is
skipped with the reason printed, except in CI (MTQA_CI=1), where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.report import page_name

from .conftest import SEEDS
from .test_report import parse

CHROMIUM = os.environ.get("MTQA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]


@pytest.fixture(scope="module")
def chromium() -> str:
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM}; run .ci/install-tools (Debian package chromium)"
        if os.environ.get("MTQA_CI"):
            pytest.fail(f"{reason}; required in CI")
        pytest.skip(reason)
    return CHROMIUM


def browse(chromium: str, page: Path, profile: Path, *extra: str) -> tuple[str, list[str]]:
    """Load a page; return the DOM after its scripts ran, and the console messages Chromium logged."""
    profile.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"Chromium failed to start: {proc.stderr[-2000:]}"
    console = [ln for ln in proc.stderr.splitlines() if ":CONSOLE" in ln]
    return proc.stdout, console


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("browser") / "report"
    runner = CliRunner()
    assert runner.invoke(main, ["report", "--isolated", str(SEEDS), "-o", str(out)]).exit_code == 0
    result = json.loads(runner.invoke(main, ["lint", "--isolated", "--format", "json", str(SEEDS)]).stdout)
    return out, result


def test_index_and_article_pages_load_cleanly(
    chromium: str, report: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    out, result = report
    dom, console = browse(chromium, out / "index.html", tmp_path / "p1", "--dump-dom")
    assert console == []
    assert 'data-ready="1"' in dom  # every script ran to its end
    assert dom.count("<tr data-failing=") == len(result["articles"])

    art = next(a for a in result["articles"] if "004_" in a["path"])
    dom, console = browse(chromium, out / page_name(art["path"], art["id"]), tmp_path / "p2", "--dump-dom")
    assert console == [] and 'data-ready="1"' in dom
    marks = [m for m in parse(dom).marks if "data-issue" in m["attrs"]]
    assert len(marks) == len(art["issues"]) >= 20
    assert all(m["attrs"].get("data-sym") for m in marks)  # the script gave each highlight its symbol


def test_screenshot_of_the_004_page(chromium: str, report: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    out, result = report
    art = next(a for a in result["articles"] if "004_" in a["path"])
    folder = Path(os.environ.get("MTQA_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "report-004.png"
    page = out / page_name(art["path"], art["id"])
    _, console = browse(chromium, page, tmp_path / "p3", "--window-size=1280,1000", f"--screenshot={shot}")
    assert console == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    print(f"screenshot: {shot}")
