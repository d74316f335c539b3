"""HTML reports: highlights match the JSON result, hostile text is escaped, page names are safe and
stable, the folder is replaced atomically; and the terminal helpers (summary table, colour, --quiet)."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.formatters import Tally
from toolkit.report import MANIFEST, highlight, page_name
from toolkit.terminal import summary_table, use_color

from .conftest import SEEDS, seed


class Marks(HTMLParser):
    """Collects every <mark>: its attributes and the text inside it (nested marks included)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[dict[str, Any]] = []
        self.stack: list[dict[str, Any]] = []
        self.scripts = 0
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "mark":
            m = {"attrs": dict(attrs), "text": ""}
            self.marks.append(m)
            self.stack.append(m)
        elif tag == "script":
            self.scripts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for m in self.stack:
            m["text"] += data


def parse(html: str) -> Marks:
    p = Marks()
    p.feed(html)
    return p


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("report") / "r"
    code, _, err = run("report", "--isolated", str(SEEDS), "-o", str(out))
    assert code == 0, err
    _, js, _ = run("lint", "--isolated", "--format", "json", str(SEEDS))
    return out, json.loads(js)


def test_every_issue_is_one_highlight_at_the_right_place(seeds_report: tuple[Path, dict[str, Any]]) -> None:
    out, result = seeds_report
    for art in result["articles"]:
        html = (out / page_name(art["path"], art["id"])).read_text(encoding="utf-8")
        marks = [m for m in parse(html).marks if "data-issue" in m["attrs"]]
        assert len(marks) == len(art["issues"])
        marks.sort(key=lambda m: int(m["attrs"]["data-issue"]))
        assert [int(m["attrs"]["data-issue"]) for m in marks] == list(range(1, len(marks) + 1))
        for m, issue in zip(marks, art["issues"], strict=True):
            a = m["attrs"]
            assert (int(a["data-start"]), int(a["data-end"]), a["data-code"]) == (
                issue["start"],
                issue["end"],
                issue["code"],
            )
            assert m["text"] == issue["text"]
            assert f"sev-{issue['severity']}" in a["class"]
        # The side panel lists each issue once, linked to its highlight.
        for n in range(1, len(art["issues"]) + 1):
            assert html.count(f'id="issue-{n}"') == 1 and html.count(f'href="#m{n}"') == 1


def test_index_lists_every_article_with_a_working_link(seeds_report: tuple[Path, dict[str, Any]]) -> None:
    out, result = seeds_report
    index = (out / "index.html").read_text(encoding="utf-8")
    for art in result["articles"]:
        name = page_name(art["path"], art["id"])
        assert index.count(f'href="{name}"') == 1 and (out / name).is_file()
        assert f"{art['score']:.1f}" in index
    assert "<svg" in index and result["signature"] in index
    assert "http://" not in index.replace("http://www.w3.org", "") and "https://" not in index  # no network
    rules = (out / "rules.html").read_text(encoding="utf-8")
    assert 'id="MT201"' in rules and 'id="MT408"' in rules  # preview rules are documented too
    assert json.loads((out / MANIFEST).read_text())["files"]


def test_boilerplate_is_listed_apart(seeds_report: tuple[Path, dict[str, Any]]) -> None:
    out, result = seeds_report
    art = next(a for a in result["articles"] if "004_" in a["path"])
    html = (out / page_name(art["path"], art["id"])).read_text(encoding="utf-8")
    furniture = sum(i["category"] == "Design and markup" for i in art["issues"])
    assert furniture > 0 and f"Page furniture ({furniture})" in html
    assert f"Translation issues ({len(art['issues']) - furniture})" in html


def test_hostile_text_is_escaped(tmp_path: Path) -> None:
    article = tmp_path / "x.txt"
    article.write_text(
        '<script>alert("x")</script> We support rural electricity providers. <img src=x onerror=alert(1)>\n',
        encoding="utf-8",
    )
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps({"id": "../../etc/<b>", "target": "<i>rural electricity providers</i>"}) + "\n")
    code, _, err = run("report", "--isolated", str(article), str(records), "-o", str(tmp_path / "rep"))
    assert code == 0, err
    for page in (tmp_path / "rep").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and "<i>rural" not in html and "<b>" not in html
    page = (tmp_path / "rep" / page_name(str(article), None)).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert parse(page).scripts == 1  # only our own script


def test_page_names_are_safe_stable_and_distinct() -> None:
    a = page_name("corpus/a/article.txt", None)
    assert a == page_name("corpus/a/article.txt", None)
    assert a != page_name("corpus/b/article.txt", None)
    for name in (a, page_name("../../etc/passwd", None), page_name("x.jsonl", "../../../evil"), page_name("/", "")):
        assert "/" not in name and not name.startswith(".") and name.endswith(".html")
        assert all(c.isalnum() or c in "._-" for c in name)


def test_partly_overlapping_issues_nest_and_keep_one_numbered_highlight() -> None:
    text = "abcdefghij"
    issues = [
        {"start": 0, "end": 5, "severity": "major", "category": "c", "code": "A", "message": "m"},
        {"start": 3, "end": 8, "severity": "minor", "category": "c", "code": "B", "message": "m"},
    ]
    marks = parse(str(highlight(text, issues))).marks
    numbered = [m for m in marks if "data-issue" in m["attrs"]]
    assert [m["text"] for m in numbered] == ["abcde", "de"]
    cont = [m for m in marks if "data-cont" in m["attrs"]]
    assert [m["text"] for m in cont] == ["fgh"]
    assert "".join(t for t in str(highlight(text, [])) if t.isalpha()) == text


def test_report_from_a_saved_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(seed("004").read_text(encoding="utf-8"), encoding="utf-8")
    run("lint", "--isolated", "--format", "json", "-o", "result.json", "a.txt")
    code, _, err = run("report", "--isolated", "--from", "result.json", "-o", "rep")
    assert code == 0, err
    html = (tmp_path / "rep" / page_name("a.txt", None)).read_text(encoding="utf-8")
    n = len(json.loads((tmp_path / "result.json").read_text())["articles"][0]["issues"])
    assert len([m for m in parse(html).marks if "data-issue" in m["attrs"]]) == n
    # The article changed since: the page says so and still lists the issues.
    (tmp_path / "a.txt").write_text("Something else entirely.\n", encoding="utf-8")
    code, _, err = run("report", "--isolated", "--from", "result.json", "-o", "rep")
    assert code == 0 and "changed since the result was saved" in err
    html = (tmp_path / "rep" / page_name("a.txt", None)).read_text(encoding="utf-8")
    assert "text is not available" in html and html.count('id="issue-') == n


def test_the_folder_is_replaced_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "rep"
    assert run("report", "--isolated", str(seed("004")), "-o", str(out))[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    import toolkit.report as report

    def broken(*args: Any, **kwargs: Any) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(report, "_breakdown", broken)
    code, _, err = run("report", "--isolated", str(seed("002")), "-o", str(out))
    assert code != 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".rep.")]  # no temporary folder left
    monkeypatch.undo()
    assert run("report", "--isolated", str(seed("002")), "-o", str(out))[0] == 0
    assert len(list(out.glob("*.html"))) == 3  # the old article page is gone


def test_a_foreign_folder_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    code, _, err = run("report", "--isolated", str(seed("002")), "-o", str(tmp_path))
    assert code == 2 and "holds no mtqa report" in err and (tmp_path / "notes.txt").read_text() == "mine"


def test_report_usage_errors(tmp_path: Path) -> None:
    assert run("report", "--isolated")[0] == 2
    code, _, err = run("report", "--isolated", "--from", str(tmp_path / "none.json"), "-o", str(tmp_path / "r"))
    assert code == 2 and "none.json" in err


# --- terminal -------------------------------------------------------------------------------------


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_follows_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert use_color(FakeTTY()) and not use_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(FakeTTY())


def test_summary_table_names_worst_articles_and_frequent_rules(linter: Any) -> None:
    from rich.console import Console

    from toolkit.textio import read_documents

    results = [linter.lint(d) for p in sorted(SEEDS.glob("*.txt")) for d in read_documents(str(p))]
    tally = Tally(worst=2)
    for r in results:
        tally.add(r)
    assert tally.worst() == sorted(results, key=lambda r: r.score)[:2]  # kept as they streamed past
    buf = io.StringIO()
    Console(file=buf, width=200, no_color=True).print(summary_table(Tally()))
    assert "0 articles" in buf.getvalue()
    buf = io.StringIO()
    Console(file=buf, width=200, no_color=True).print(summary_table(tally))
    text = buf.getvalue()
    assert "5 articles: 1 passed, 4 failed" in text
    worst = min(results, key=lambda r: r.score)
    assert "004_" in worst.path and text.index("004_") < text.index("000_")
    assert "MT401" in text or "MT402" in text


def test_quiet_prints_issues_only() -> None:
    code, out, err = run("lint", "--isolated", "--quiet", str(seed("004")), str(seed("002")))
    assert code == 1 and err == ""
    assert out and all(": MT" in line.split(":", 3)[-1][:5] or " MT" in line for line in out.splitlines())
    assert "score" not in out


def test_the_committed_example_report_is_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """reports/ holds `mtqa report seeds/ -o reports/` as the README shows it; regenerate with that command."""
    root = SEEDS.parent
    monkeypatch.chdir(root)
    code, _, err = run("report", "--isolated", "-q", "seeds/", "-o", str(tmp_path / "r"))
    assert code == 0, err
    fresh = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "r").iterdir()}
    committed = {p.name: p.read_text(encoding="utf-8") for p in (root / "reports").iterdir()}
    assert sorted(committed) == sorted(fresh), "reports/ is stale: run `mtqa report seeds/ -o reports/`"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert stale == [], "reports/ is stale: run `mtqa report seeds/ -o reports/`"


def test_a_report_interrupted_while_linting_leaves_the_earlier_one(tmp_path: Path) -> None:
    """Pages are written to temporary names as each article is linted (no text is held for the end);
    a run that stops before its commit leaves the earlier report as it was and no temporary file."""
    from toolkit.report import ReportFolder

    out = tmp_path / "r"
    with ReportFolder(str(out)) as folder:
        folder.add("a.html", "<p>first</p>")
        folder.commit({"name": "mtqa"})
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(KeyboardInterrupt), ReportFolder(str(out)) as folder:
        folder.add("b.html", "<p>second</p>")
        assert len(list(out.iterdir())) == 3  # the new page waits under a temporary name
        raise KeyboardInterrupt
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
