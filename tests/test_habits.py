"""Habits users bring from ruff and Vale (issue 19, first part): --statistics, --exit-zero, --show-settings,
and `mtqa rules --format json`."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from toolkit.cli import main
from toolkit.textio import expand_paths

from .conftest import SEEDS, seed


def _run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_statistics_count_the_findings_per_rule() -> None:
    code, out, _ = _run("lint", "--isolated", "--grammar", "off", "--format", "json", str(SEEDS))
    want = Counter(i["code"] for a in json.loads(out)["articles"] for i in a["issues"])
    code, out, _ = _run("lint", "--isolated", "--grammar", "off", "--statistics", "--format", "json", str(SEEDS))
    assert code == 1 and {r["code"]: r["count"] for r in json.loads(out)} == dict(want)
    code, out, _ = _run("lint", "--isolated", "--grammar", "off", "--statistics", str(SEEDS))
    first = out.splitlines()[0].split()
    assert int(first[0]) == max(want.values()) and want[first[1]] == int(first[0])
    code, _, err = _run("lint", "--isolated", "--statistics", "--format", "sarif", str(SEEDS))
    assert code == 2 and "--statistics prints text or json" in err


def test_exit_zero_passes_the_gate_but_not_bad_input(tmp_path: Path) -> None:
    assert _run("lint", "--isolated", "--grammar", "off", str(seed("004")))[0] == 1
    assert _run("lint", "--isolated", "--grammar", "off", "--exit-zero", str(seed("004")))[0] == 0
    assert _run("lint", "--isolated", "--exit-zero", str(tmp_path / "missing.txt"))[0] == 2


def test_show_settings_names_the_config_file_and_what_it_set(tmp_path: Path) -> None:
    config = tmp_path / "mtqa.toml"
    config.write_text('select = ["MT2"]\nmin-score = 90\n', encoding="utf-8")
    code, out, _ = _run("lint", "--config", str(config), "--show-settings")
    assert code == 0 and out.splitlines()[0] == f"config file: {config}"
    assert 'select = ["MT2"]' in out and "min_score = 90" in out and "MT201" in out and "MT404" not in out
    code, out, _ = _run("lint", "--isolated", "--show-settings")
    assert out.splitlines()[0] == "config file: none (--isolated)" and "min_score = 98.5" in out
    code, _, err = _run("lint", "--isolated", "--select", "XX9", "--show-settings")
    assert code == 2 and "no rule code starts with 'XX9'" in err


def test_rules_as_json_carry_docs_and_examples() -> None:
    code, out, _ = _run("rules", "--format", "json")
    rules = {r["code"]: r for r in json.loads(out)}
    assert code == 0 and rules["MT201"]["severity"] == "major" and rules["MT201"]["examples"]["fail"]
    assert rules["MT615"]["doc"].startswith("What it does:") and rules["GR101"]["kind"] == "python"


def test_a_suppression_that_silences_nothing_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "The county built the the roads. mtqa: ignore[MT603]\nThe county built roads. mtqa: ignore[MT201]\n",
        encoding="utf-8",
    )
    code, out, err = _run("lint", "--isolated", "--grammar", "off", str(path))
    assert code == 0 and "MT603" not in out  # the first comment silenced the stutter
    assert err.strip() == f"mtqa: warning: {path}:2: this mtqa: ignore suppresses nothing"


def test_exclude_leaves_out_matching_files_and_folders_when_searching(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "drafts").mkdir(parents=True)
    (root / "news").mkdir()
    for rel in ("news/a.txt", "news/a.bak.txt", "drafts/b.txt", "c.txt"):
        (root / rel).write_text("The county built new roads this year, officials said on Monday.\n", encoding="utf-8")
    config = tmp_path / "mtqa.toml"
    config.write_text('exclude = ["drafts", "*.bak.txt"]\n', encoding="utf-8")
    code, out, _ = _run("lint", "--config", str(config), "--grammar", "off", "--format", "json", str(root))
    assert sorted(Path(a["path"]).relative_to(root).as_posix() for a in json.loads(out)["articles"]) == [
        "c.txt",
        "news/a.txt",
    ]
    named = root / "drafts" / "b.txt"  # a file named on the command line is always read
    code, out, _ = _run("lint", "--config", str(config), "--grammar", "off", "--format", "json", str(named))
    assert [a["path"] for a in json.loads(out)["articles"]] == [str(named)]
    config.write_text("exclude = 3\n", encoding="utf-8")
    assert _run("lint", "--config", str(config), str(root))[0] == 2


def test_show_source_puts_a_caret_under_the_finding(tmp_path: Path) -> None:
    """Positions like 3:246 inside a paragraph-long line are useless without the line: --show-source
    prints it (around the finding when long) with carets under exactly the finding, wide characters
    counted as two columns. Off by default where the output is not a terminal."""
    article = tmp_path / "a.txt"
    long = "The county met. " * 12 + "It backs rural electricity providers, and more. " + "Work went on. " * 12
    article.write_text(f"会议在西宁举行。governor Hao Peng spoke.\n{long}\n", encoding="utf-8")
    _, plain, _ = _run("lint", "--isolated", "--grammar", "off", str(article))
    _, shown, _ = _run("lint", "--isolated", "--grammar", "off", "--show-source", str(article))
    assert "^" not in plain and len(shown.splitlines()) == len(plain.splitlines()) + 2 * plain.count(": MT")
    lines = shown.splitlines()
    for k, line in enumerate(lines):
        if ": MT406 " in line:
            assert lines[k + 1] == "    会议在西宁举行。governor Hao Peng spoke."
            assert lines[k + 2] == "    " + " " * 16 + "^" * len("governor")  # 8 wide characters: 16 columns
        if ": MT201 " in line:
            snippet, caret = lines[k + 1], lines[k + 2]
            assert snippet.startswith("    …") and snippet.endswith("…") and len(snippet) < 120
            assert snippet[caret.index("^") : caret.rindex("^") + 1] == "rural electricity providers"


def test_per_file_ignores_drop_rules_in_matching_files(tmp_path: Path) -> None:
    """ruff's per-file-ignores: a glob with a folder is anchored at the config file's folder, one without
    matches the file name; the findings go as if the rules had not run there (the score too)."""
    (tmp_path / "archive").mkdir()
    text = "The talks were chaired by governor Hao Peng on rural electricity providers.\n"
    for name in ("archive/old.txt", "new.txt", "notes.md"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    config = tmp_path / "mtqa.toml"
    config.write_text('grammar = "off"\nper-file-ignores = {"archive/*" = ["MT2"], "*.md" = ["MT4", "MT615"]}\n')
    code, out, _ = _run("lint", "--config", str(config), "--format", "json", str(tmp_path))
    found = {Path(a["path"]).name: sorted({i["code"] for i in a["issues"]}) for a in json.loads(out)["articles"]}
    assert found == {"old.txt": ["MT406"], "new.txt": ["MT201", "MT406", "MT615"], "notes.md": ["MT201"]}
    config.write_text('per-file-ignores = {"*.md" = ["MT2O1"]}\n')  # a typo is an error, not a silent pass
    code, _, err = _run("lint", "--config", str(config), str(tmp_path))
    assert code == 2 and "per-file-ignores: no rule code starts with 'MT2O1'" in err


def test_gitignore_is_respected_when_a_folder_is_searched(tmp_path: Path) -> None:
    repo = tmp_path / "site"
    (repo / ".git").mkdir(parents=True)
    (repo / "build").mkdir()
    (repo / "pages").mkdir()
    (repo / ".gitignore").write_text("build/\n*.draft.txt\n!keep.draft.txt\n", encoding="utf-8")
    (repo / "pages" / ".gitignore").write_text("local.txt\n", encoding="utf-8")
    for name in ("build/a.txt", "pages/b.txt", "pages/c.draft.txt", "pages/keep.draft.txt", "pages/local.txt"):
        (repo / name).write_text("The county met.\n", encoding="utf-8")
    found = sorted(Path(p).relative_to(repo).as_posix() for p in expand_paths([str(repo / "pages"), str(repo)]))
    assert found == ["pages/b.txt", "pages/keep.draft.txt"]
    everything = expand_paths([str(repo)], gitignore=False)
    assert len(everything) == 5
    assert expand_paths([str(repo / "build" / "a.txt")]) == [str(repo / "build" / "a.txt")]  # named: read
    config = tmp_path / "mtqa.toml"
    for setting, articles in (("true", 2), ("false", 5)):
        config.write_text(f'respect-gitignore = {setting}\ngrammar = "off"\n', encoding="utf-8")
        _, out, _ = _run("lint", "--config", str(config), "--format", "json", str(repo))
        assert len(json.loads(out)["articles"]) == articles
    assert "respect_gitignore = false" in _run("lint", "--config", str(config), "--show-settings")[1]


def test_a_house_vocabulary_works_without_a_source(tmp_path: Path) -> None:
    """Vale's vocabularies: accepted terms are not reported by the target-only rules and are enforced in
    their written case (MT904, a safe fix); rejected terms are reported with their replacement (MT903);
    neither counts toward a problem sentence (MT615)."""
    text = "The county built characteristic towns. Netizens paid through Wechat, and netizens liked it.\n"
    article = tmp_path / "a.txt"
    article.write_text(text, encoding="utf-8")
    vocab = tmp_path / "vocab"
    vocab.mkdir()
    (vocab / "accept.txt").write_text("# our terms\ncharacteristic towns\nWeChat\n", encoding="utf-8")
    (vocab / "reject.txt").write_text("netizens => internet users  # style book, 2024\n", encoding="utf-8")
    config = tmp_path / "mtqa.toml"
    config.write_text('vocabulary = "vocab"\ngrammar = "off"\n', encoding="utf-8")

    def found(*options: str) -> list[tuple[str, str, list[str]]]:
        _, out, _ = _run("lint", *options, "--format", "json", str(article))
        return [(i["code"], i["text"], i["suggestions"]) for i in json.loads(out)["articles"][0]["issues"]]

    assert ("MT211", "characteristic towns", ["distinctive towns"]) in found("--isolated", "--grammar", "off")
    assert found("--config", str(config)) == [
        ("MT903", "Netizens", ["Internet users"]),
        ("MT904", "Wechat", ["WeChat"]),
        ("MT903", "netizens", ["internet users"]),
    ]
    _run("lint", "--config", str(config), "--fix", "--unsafe-fixes", str(article))
    assert article.read_text(encoding="utf-8") == text.replace("Netizens", "Internet users").replace(
        "Wechat", "WeChat"
    ).replace("netizens", "internet users")
    config.write_text('vocabulary = "missing"\n', encoding="utf-8")
    code, _, err = _run("lint", "--config", str(config), str(article))
    assert code == 2 and "missing: vocabulary folder not found" in err
