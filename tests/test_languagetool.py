"""The real LanguageTool, installed by scripts/install-languagetool and started by mtqa itself.

Marked `languagetool`: where Java or the install is missing they skip locally and fail in CI (MTQA_CI=1),
whose install step puts LanguageTool in place. The tests without the mark need no LanguageTool.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit import lint_text
from toolkit.cli import main
from toolkit.config import Settings
from toolkit.engine import Linter
from toolkit.grammar import lt_local
from toolkit.grammar.languagetool import LanguageToolEngine
from toolkit.model import Document

from .conftest import ROOT

LT = Settings(grammar="languagetool")


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture()
def installed() -> Iterator[Path]:
    folder = lt_local.install_dir()
    if folder is None or lt_local.java() is None:
        why = "real LanguageTool: Java or the install of scripts/install-languagetool is missing"
        if os.environ.get("MTQA_CI"):
            pytest.fail(why)
        pytest.skip(why)
    yield folder


def _engine(linter: Linter) -> LanguageToolEngine:
    assert linter.grammar is not None and isinstance(linter.grammar.engine, LanguageToolEngine)
    return linter.grammar.engine


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        out += [int(c) for c in (task / "children").read_text().split()]
    return out


def _gone(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.languagetool
def test_real_findings_with_exact_offsets(installed: Path) -> None:
    # a character outside the BMP first: LanguageTool counts it as two UTF-16 units, mtqa as one code point
    text = "𠮷 News. The work has formally began in northern Shaanxi. The rules should made clear."
    r = lint_text(text, settings=replace(LT, ignore=("MT616", "MT617")))  # mtqa's own rules for these two
    assert r.grammar_engine == f"languagetool {lt_local.VERSION} (local)"
    got = {(i.upstream_id, text[i.start : i.end], i.suggestions[:1]) for i in r.issues if i.code == "GR101"}
    assert ("HAVE_PART_AGREEMENT", "began", ("begun",)) in got
    assert ("MD_BASEFORM", "made", ("make",)) in got
    assert "grammar:languagetool-6.6" in r.signature
    # with every rule on, each slip is reported once, by mtqa's rule, not again by the engine
    both = lint_text(text, settings=LT).issues
    assert sorted((i.code, text[i.start : i.end]) for i in both if i.code in ("GR101", "MT616", "MT617")) == [
        ("MT616", "began"),
        ("MT617", "made"),
    ]


@pytest.mark.languagetool
def test_pinyin_names_are_not_misspellings(installed: Path) -> None:
    spelling = Settings(grammar="languagetool", grammar_enable=("MORFOLOGIK_RULE_EN_US",))  # off by default
    text = "Zhang Yonghai and Song Chenxi visited Dundian village in Xining with Hao Pengsun and Li Jun."
    assert not [i.text for i in lint_text(text, settings=spelling).issues if i.code == "GR201"]
    assert [i.text for i in lint_text("The goverment visited the village.", settings=spelling).issues] == ["goverment"]


@pytest.mark.languagetool
def test_the_installed_server_offers_english_without_chinese(installed: Path) -> None:
    # a server built for English: mtqa must not ask for the zh-CN mother tongue, nor drop the engine
    engine = _engine(Linter.from_settings(LT))
    assert engine.mother_tongue == "" and engine.local is not None and engine.local.alive()
    assert "zh-CN" not in engine._languages(engine.tool, 5)


@pytest.mark.languagetool
def test_one_server_per_process_and_the_cache(installed: Path) -> None:
    first, second = Linter.from_settings(LT), Linter.from_settings(LT)
    assert _engine(first).local is _engine(second).local  # one JVM, reused
    doc = Document(mt="Then he go to the county and it were cold.")
    before = first.lint(doc).issues
    assert before and first.grammar is not None

    def down(text: str) -> list[object]:
        raise AssertionError("the engine was asked again")

    _engine(first).check = down  # type: ignore[method-assign]
    assert first.lint(doc).issues == before  # from the cache


@pytest.mark.languagetool
def test_a_server_that_dies_mid_run_is_started_again(installed: Path) -> None:
    linter = Linter.from_settings(replace(LT, ignore=("MT617",)))  # "should made": the engine's finding alone
    local = _engine(linter).local
    assert local is not None and local.process is not None
    assert linter.lint(Document(mt="There is a overlapping phenomenon.")).grammar_engine.startswith("languagetool")
    local.process.kill()
    local.process.wait()
    r = linter.lint(Document(mt="The rules should made clear."))
    assert r.grammar_engine.startswith("languagetool") and [i.text for i in r.issues] == ["made"]
    assert local.alive() and local.restarts >= 1
    local.restarts = 2  # no more restarts allowed: the article is checked without the engine, and says why
    local.process.kill()
    local.process.wait()
    r = linter.lint(Document(mt="It should made sense."))
    assert r.grammar_engine.startswith("none (languagetool at local") and not r.issues
    local.restarts = 0
    lt_local.stop_all()


@pytest.mark.languagetool
@pytest.mark.parametrize("how", ["exit", "interrupt", "kill"])
def test_the_server_stops_with_mtqa(installed: Path, tmp_path: Path, how: str) -> None:
    """mtqa's JVM ends when mtqa ends: at exit, on Ctrl-C, and when mtqa is killed outright."""
    article = tmp_path / "a.txt"
    article.write_text("Then he go to the county.\n" * 50, encoding="utf-8")
    script = (
        "import sys, time\n"
        "from toolkit.cli import main\n"
        "from toolkit.grammar import lt_local\n"
        "lt_local.server(lt_local.install_dir())\n"
        "print(lt_local._SERVERS[lt_local.install_dir()].process.pid, flush=True)\n"
        f"time.sleep(0 if {how == 'exit'!r} else 60)\n"
    )
    env = {**os.environ, "MTQA_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    jvm = int(proc.stdout.readline())
    assert jvm in _children(proc.pid)
    if how == "interrupt":
        proc.send_signal(signal.SIGINT)
    elif how == "kill":
        proc.kill()
    proc.wait(30)
    assert _gone(jvm), f"the LanguageTool server outlived mtqa ({how})"


def test_explicit_languagetool_without_an_install_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MTQA_LANGUAGETOOL", str(tmp_path))  # an empty folder
    article = tmp_path / "a.txt"
    article.write_text("Then he go home.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["lint", "--isolated", "--grammar", "languagetool", str(article)])
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "no LanguageTool install (run scripts/install-languagetool" in r.stderr


def test_explicit_languagetool_without_java_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lib = tmp_path / "lt" / "lib"
    lib.mkdir(parents=True)
    (lib / "languagetool-server-6.6.jar").write_bytes(b"")  # an install, as far as mtqa can tell
    monkeypatch.setenv("MTQA_LANGUAGETOOL", str(lib.parent))
    monkeypatch.setenv("PATH", str(tmp_path))  # no java on it
    monkeypatch.delenv("JAVA_HOME", raising=False)
    article = tmp_path / "a.txt"
    article.write_text("Then he go home.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["lint", "--isolated", "--grammar", "languagetool", str(article)])
    assert r.exit_code == 2 and r.stderr.strip() == (
        "mtqa: error: languagetool: Java is not installed (LanguageTool needs Java 17 or later)"
    )


@pytest.mark.languagetool
def test_auto_runs_harper_even_with_languagetool_installed(installed: Path) -> None:
    # the measured choice (README, Grammar engines): a local install runs only when asked for
    linter = Linter.from_settings(Settings(grammar="auto"))
    assert linter.grammar is not None and linter.grammar.engine.name == "harper" and linter.grammar_note == ""


@pytest.mark.skipif(lt_local.java() is None, reason="Java is not installed")
def test_a_broken_install_names_the_folder_and_the_servers_last_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib = tmp_path / "lt" / "lib"
    lib.mkdir(parents=True)
    (lib / "languagetool-server-6.6.jar").write_bytes(b"not a jar")
    monkeypatch.setenv("MTQA_LANGUAGETOOL", str(lib.parent))
    article = tmp_path / "a.txt"
    article.write_text("Then he go home.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["lint", "--isolated", "--grammar", "languagetool", str(article)])
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1
    assert r.stderr.startswith(f"mtqa: error: languagetool: the server in {lib.parent} did not start: ")


@pytest.mark.languagetool
@pytest.mark.slow
def test_a_server_that_hangs_is_replaced(installed: Path) -> None:
    """A JVM that is alive but answers nothing (stopped here with SIGSTOP; out of memory in the field)."""
    linter = Linter.from_settings(Settings(grammar="languagetool", grammar_timeout=3, ignore=("MT617",)))
    local = _engine(linter).local
    assert local is not None and local.process is not None
    hung = local.process.pid
    os.kill(hung, signal.SIGSTOP)
    r = linter.lint(Document(mt="The rules should made clear."))
    assert r.grammar_engine.startswith("languagetool") and [i.text for i in r.issues] == ["made"]
    assert local.process is not None and local.process.pid != hung and _gone(hung)
    lt_local.stop_all()
