"""A gate you can trust (issue 17, first part): no silent pass when nothing was checked, and outputs that
never damage what they were not asked to write. Special files are made here (mknod, mkfifo, a socket)
in a temporary folder, never the real /dev/null."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit import textio
from toolkit.cli import main

from .conftest import ROOT, seed


def _lint(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, ["lint", "--isolated", "--grammar", "off", *args])
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(seed("004").read_text(encoding="utf-8"), encoding="utf-8")
    return path


# --- no silent pass ---------------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_unknown_rule_code_on_the_command_line_is_an_error(article: Path, option: str) -> None:
    code, out, err = _lint(option, "MT2O2", str(article))
    assert code == 2 and out == ""
    assert err.strip() == f"mtqa: error: {option[2:]}: no rule code starts with 'MT2O2' (see `mtqa rules`)"


def test_an_unknown_rule_code_in_the_config_is_an_error(tmp_path: Path, article: Path) -> None:
    config = tmp_path / "mtqa.toml"
    config.write_text('select = ["XX9"]\n[severity]\nMT9Z = "major"\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["lint", "--config", str(config), "--grammar", "off", str(article)])
    assert r.exit_code == 2 and "no rule code starts with 'XX9'" in r.stderr
    config.write_text('[severity]\nMT9Z = "major"\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["lint", "--config", str(config), "--grammar", "off", str(article)])
    assert r.exit_code == 2 and "severity: no rule code starts with 'MT9Z'" in r.stderr


def test_a_malformed_pyproject_is_an_error_naming_the_file_and_line(tmp_path: Path, article: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.mtqa\nselect = 1\n", encoding="utf-8")
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        r = CliRunner().invoke(main, ["lint", "--grammar", "off", str(article)])
    finally:
        os.chdir(here)
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1
    assert str(tmp_path / "pyproject.toml") in r.stderr and "line 1" in r.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_nothing_to_check_is_an_error_in_every_format(tmp_path: Path, fmt: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = _lint("--format", fmt, str(empty))
    assert code == 2 and "no article to check in" in err and out == ""
    (empty / "page.xyz").write_text("The county built roads.", encoding="utf-8")  # unsupported files only
    assert _lint("--format", fmt, str(empty))[0] == 2
    assert _lint("--format", fmt, "--extensions", ".xyz", str(empty))[0] == 0  # now it is checked
    assert _lint("--format", fmt, "--allow-empty", str(tmp_path / "empty" / "none"))[0] == 2  # missing path
    (empty / "page.xyz").unlink()
    assert _lint("--format", fmt, "--allow-empty", str(empty))[0] == 0


# --- outputs that never damage anything -------------------------------------------------------------


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root (CI runs as root)")
def test_output_onto_a_character_device_writes_through_it(tmp_path: Path, article: Path) -> None:
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a second node of the null device
    code, _, err = _lint("-o", str(node), str(article))
    assert code == 1 and err == ""
    assert stat.S_ISCHR(node.stat().st_mode) and node.stat().st_rdev == os.makedev(1, 3)


def test_output_through_a_symlink_writes_its_target(tmp_path: Path, article: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert _lint("-o", str(link), str(article))[0] == 1
    assert link.is_symlink() and "score" in real.read_text(encoding="utf-8")


def test_output_into_a_fifo_is_written_through(tmp_path: Path, article: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    assert _lint("-o", str(fifo), str(article))[0] == 1
    reader.join(10)
    assert stat.S_ISFIFO(fifo.stat().st_mode) and "score" in got[0]


def test_output_onto_a_socket_is_refused(tmp_path: Path, article: Path) -> None:
    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        code, _, err = _lint("-o", str(path), str(article))
    assert code == 2 and "not a regular file" in err and stat.S_ISSOCK(path.stat().st_mode)


def test_output_mode_follows_the_umask_and_an_existing_file_keeps_its_own(tmp_path: Path, article: Path) -> None:
    old = os.umask(0o022)
    try:
        new = tmp_path / "new.txt"
        _lint("-o", str(new), str(article))
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        kept = tmp_path / "kept.txt"
        kept.write_text("old\n", encoding="utf-8")
        kept.chmod(0o600)
        _lint("-o", str(kept), str(article))
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600 and "score" in kept.read_text(encoding="utf-8")
    finally:
        os.umask(old)


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old\n", encoding="utf-8")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(textio.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        textio.write_atomic(str(out), "new\n")
    assert out.read_text(encoding="utf-8") == "old\n" and [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_sigterm_leaves_the_previous_output_and_no_temporary(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    text = seed("004").read_text(encoding="utf-8")
    for i in range(300):
        (pages / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out.json"
    out.write_text("old\n", encoding="utf-8")
    command = [sys.executable, "-m", "toolkit.cli", "lint", "--isolated", "--grammar", "off", "-q"]
    proc = subprocess.Popen([*command, "--format", "json", "-o", str(out), str(pages)], cwd=ROOT)
    time.sleep(3)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 128 + signal.SIGTERM
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "pages"]


def test_report_refuses_a_folder_it_does_not_own_and_keeps_files_it_did_not_write(tmp_path: Path) -> None:
    result = tmp_path / "result.json"
    code = (
        CliRunner()
        .invoke(
            main,
            ["lint", "--isolated", "--grammar", "off", "--format", "json", "-o", str(result)]
            + [str(seed("004")), str(seed("000"))],
        )
        .exit_code
    )
    assert code == 1
    folder = tmp_path / "out"
    folder.mkdir()
    mine = folder / "notes.txt"
    mine.write_text("mine\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["report", "--from", str(result), "-o", str(folder)])
    assert r.exit_code == 2 and "holds no mtqa report" in r.stderr and mine.read_text(encoding="utf-8") == "mine\n"
    mine.unlink()
    assert CliRunner().invoke(main, ["report", "--from", str(result), "-o", str(folder)]).exit_code == 0
    pages = {p.name for p in folder.iterdir()}
    mine.write_text("mine\n", encoding="utf-8")  # a file of the user's, put there after the report
    (folder / "keep.json").write_text("{}", encoding="utf-8")
    # a second report of one article: the other article's page goes, the user's files stay
    one = tmp_path / "one.json"
    CliRunner().invoke(
        main, ["lint", "--isolated", "--grammar", "off", "--format", "json", "-o", str(one), str(seed("004"))]
    )
    assert CliRunner().invoke(main, ["report", "--from", str(one), "-o", str(folder)]).exit_code == 0
    now = {p.name for p in folder.iterdir()}
    assert {"notes.txt", "keep.json"} <= now and len(pages - now) == 1
    assert mine.read_text(encoding="utf-8") == "mine\n" and not [
        n for n in now if n.startswith(".") and n != ".mtqa-report"
    ]


def test_a_misspelled_code_in_a_suppression_comment_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "The county built new roads this year. mtqa: ignore[MT2O2]\n"
        "The county built the the roads. mtqa: ignore[MT603]\n",
        encoding="utf-8",
    )
    code, out, err = _lint(str(path))
    assert code == 2 and err.strip() == f"mtqa: error: {path}:1: mtqa: ignore names no rule: 'MT2O2'"
    assert "score" in out  # the article is still checked and reported; MT603 was a real code, and suppressed
    assert "MT603" not in out


def test_a_house_rule_that_backtracks_forever_is_stopped_with_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.analyzers import patterns

    monkeypatch.setattr(patterns, "PATTERN_TIMEOUT", 0.5)
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "pack.yml").write_text("name: house\nversion: '1'\n", encoding="utf-8")
    (pack / "HR001-slow.yml").write_text(
        "id: HR001\nname: slow\nextends: existence\nlevel: minor\ncategory: Style/Unnatural or awkward\n"
        "message: slow\nraw: true\ntokens: ['(a|aa)+b']\nexamples: {fail: [ab], pass: [cd]}\n"
        "doc: What it does / Why it matters / Example / Use instead\n",
        encoding="utf-8",
    )
    (tmp_path / "mtqa.toml").write_text(f'rule-packs = ["{pack}"]\n', encoding="utf-8")
    slow = tmp_path / "slow.txt"
    slow.write_text("a" * 60 + "c\n", encoding="utf-8")  # exponentially many ways to fail without a limit
    good = tmp_path / "good.txt"
    good.write_text(seed("004").read_text(encoding="utf-8"), encoding="utf-8")
    r = CliRunner().invoke(
        main, ["lint", "--config", str(tmp_path / "mtqa.toml"), "--grammar", "off", str(slow), str(good)]
    )
    assert r.exit_code == 2 and "HR001-slow.yml: pattern '(a|aa)+b' took over 0.5 s" in r.stderr
    assert "good.txt: score" in r.stdout  # the other article is still checked


def test_report_from_validates_the_result_and_never_shows_a_file_it_did_not_lint(tmp_path: Path) -> None:
    result = tmp_path / "result.json"
    CliRunner().invoke(
        main, ["lint", "--isolated", "--grammar", "off", "--format", "json", "-o", str(result), str(seed("004"))]
    )
    data = json.loads(result.read_text(encoding="utf-8"))
    secret = tmp_path / "secret.txt"
    secret.write_text("The password is hunter2.\n", encoding="utf-8")
    # a result that names another file, with no issues to contradict it: the file's text must not be shown
    forged = {**data, "articles": [{**data["articles"][0], "path": str(secret), "issues": []}]}
    result.write_text(json.dumps(forged), encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["report", "--from", str(result), "-o", str(out)])
    assert r.exit_code == 0 and "text missing or changed" in r.stderr
    assert not any("hunter2" in p.read_text(encoding="utf-8") for p in out.iterdir() if p.is_file())
    # a malformed result is one clear error
    broken = {**data["articles"][0]["issues"][0], "start": "x"}
    bad = {**data, "articles": [{**data["articles"][0], "issues": [broken]}]}
    result.write_text(json.dumps(bad), encoding="utf-8")
    r = CliRunner().invoke(main, ["report", "--from", str(result), "-o", str(tmp_path / "out2")])
    assert r.exit_code == 2 and "not an mtqa JSON result: articles[0].issues[0].start" in r.stderr


def test_every_jsonl_record_gets_its_own_page_even_without_an_id(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        "".join(json.dumps({"target": f"The county built {n} roads, officials said on Monday."}) + "\n" for n in "ABC"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["report", "--isolated", "--grammar", "off", "-o", str(out), str(batch)])
    assert r.exit_code == 0
    pages = [p for p in out.iterdir() if p.name.startswith("batch")]
    assert len(pages) == 3 and {"built A", "built B", "built C"} == {
        next(w for w in ("built A", "built B", "built C") if w in p.read_text(encoding="utf-8")) for p in pages
    }


def test_review_findings_stay_fixed(tmp_path: Path) -> None:
    """Found in review: each of these damaged data or let a typo pass."""
    article = tmp_path / "a.txt"
    article.write_text(seed("004").read_text(encoding="utf-8"), encoding="utf-8")
    # -o /dev/stdout under a shell's >> keeps what the log held (it used to replace the log file)
    log = tmp_path / "log.txt"
    log.write_text("earlier run\n", encoding="utf-8")
    command = f"{sys.executable} -m toolkit.cli lint --isolated --grammar off -o /dev/stdout {article} >> {log}"
    subprocess.run(["sh", "-c", command], cwd=ROOT, check=False)
    assert log.read_text(encoding="utf-8").startswith("earlier run\n") and "score" in log.read_text(encoding="utf-8")
    # a codec that is not a text encoding is refused, not a crash
    code, _, err = _lint("--encoding", "rot13", str(article))
    assert code == 2 and "not a text encoding" in err
    # a lowercase or mangled code in a suppression is an error, not a comment that silences the line
    typo = tmp_path / "typo.txt"
    typo.write_text("The county built the the roads. mtqa: ignore[mt603]\n", encoding="utf-8")
    code, out, err = _lint(str(typo))
    assert code == 2 and "names no rule: 'mt603'" in err and "MT603" in out
    # an empty translation beside its source is not scored as a pass
    (tmp_path / "empty.txt").write_text("\n", encoding="utf-8")
    (tmp_path / "empty.zh.txt").write_text("县里修建了道路。\n", encoding="utf-8")
    code, out, err = _lint(str(tmp_path / "empty.txt"))
    assert code == 2 and "empty: no text to check" in err


def test_the_languagetool_installer_never_replaces_a_folder_it_did_not_make(tmp_path: Path) -> None:
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "user-notes.txt").write_text("keep me\n", encoding="utf-8")
    run = subprocess.run(
        [str(ROOT / "scripts" / "install-languagetool")],
        env={**os.environ, "MTQA_LANGUAGETOOL": str(mine)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1 and "is not an install of this script" in run.stderr
    assert (mine / "user-notes.txt").read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.slow
def test_two_runs_sharing_a_cache_and_a_report_folder_at_once(tmp_path: Path) -> None:
    """Both finish, neither loses its output: the grammar cache is SQLite with a timeout, and report files
    are renamed into place one by one, the manifest last, by one run at a time (a lock on the folder:
    without it the second run found the first one's pages without a manifest and refused the folder)."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for k in range(8):
        text = seed("004" if k % 2 else "000").read_text(encoding="utf-8")
        (pages / f"{k}.txt").write_text(f"Page {k} of the county news.\n\n{text}", encoding="utf-8")
    env = {**os.environ, "MTQA_CACHE_DIR": str(tmp_path / "cache")}  # one cache, Harper on: both write to it
    out = tmp_path / "report"
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "toolkit.cli", "report", "--isolated", "-q", "-o", str(out), str(pages)],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for run in runs:
        assert run.wait(120) == 0, run.stderr.read() if run.stderr else ""
    manifest = json.loads((out / ".mtqa-report").read_text(encoding="utf-8"))
    assert set(manifest["files"]) <= {p.name for p in out.iterdir()}  # every file the manifest lists is there
    assert len([n for n in manifest["files"] if n.endswith(".html")]) == 8 + 2  # 8 pages, index, rules
    assert not [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != ".mtqa-report"]
    with sqlite3.connect(tmp_path / "cache" / "grammar.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM findings").fetchone()[0] >= 8


def test_debug_shows_a_readers_own_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in a reader costs that input (exit 2, one line); --debug lets its traceback through."""
    from click.testing import CliRunner

    import toolkit.bitext
    from toolkit.cli import main

    def broken(*args: object) -> None:
        raise RuntimeError("reader bug")

    monkeypatch.setattr(toolkit.bitext, "read_segments", broken)
    rows = tmp_path / "a.tsv"
    rows.write_text("source\ttarget\n中国\tChina grew.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["lint", "--isolated", "--grammar", "off", str(rows)])
    assert r.exit_code == 2 and "cannot read: RuntimeError: reader bug" in r.stderr
    r = CliRunner().invoke(main, ["lint", "--isolated", "--grammar", "off", "--debug", str(rows)])
    assert isinstance(r.exception, RuntimeError) and str(r.exception) == "reader bug"
