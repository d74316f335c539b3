"""Web pages as input (issue 19, part 1): the article taken out of a saved page with trafilatura, in the
encoding the page declares, with its headline and dateline, and findings pointing into the extracted text."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from toolkit.cli import main
from toolkit.html import declared_encoding, extract
from toolkit.textio import Failure, expand_paths, read_documents

from .conftest import FIXTURES

PAGE = FIXTURES / "pages" / "county_meeting.html"


def _run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.stdout, r.stderr


def _gbk_page(tmp_path: Path, declared: str = "gb2312") -> Path:
    page = PAGE.read_text(encoding="utf-8").replace("charset=utf-8", f"charset={declared}")
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("gb18030"))
    return path


def test_the_article_is_kept_and_the_page_furniture_left_out() -> None:
    (doc,) = read_documents(str(PAGE))
    assert not isinstance(doc, Failure)
    paragraphs = doc.mt.split("\n\n")
    assert paragraphs[0] == "Qinghai holds meeting on rural electricity providers"  # the headline
    assert paragraphs[1].startswith("Source: Qinghai Daily Date: 2023-11-30")  # the dateline, as printed
    assert paragraphs[2].startswith("On the morning of 11 30, the provincial government")
    for furniture in ("Home", "About Qinghai", "Copyright", "Share to", "<p>", "ICP"):
        assert furniture not in doc.mt
    # each extracted line records the page line its element starts on
    page_lines = PAGE.read_text(encoding="utf-8").splitlines()
    for k, line in enumerate(doc.mt.splitlines()):
        if line:
            assert line[:30] in " ".join(page_lines[doc.file_line(k) - 1].split())


def test_the_declared_encoding_is_honoured(tmp_path: Path) -> None:
    (doc,) = read_documents(str(_gbk_page(tmp_path)))
    assert not isinstance(doc, Failure) and doc.encoding == "gb18030"  # GB2312 read as its superset
    assert declared_encoding(b'<meta charset="GBK">') == "gb18030"
    assert declared_encoding(b"<meta http-equiv=Content-Type content='text/html; charset=big5'>") == "big5hkscs"
    assert declared_encoding(b'<meta charset="utf-16">') == "utf-8"  # no BOM: browsers read UTF-8
    assert declared_encoding(b'<meta charset="no-such-thing">') is None
    assert declared_encoding(b"<p>charset=gbk is not a declaration</p>") is None


def test_bytes_the_declared_encoding_cannot_read_fall_back_to_the_guess(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    page = PAGE.read_text(encoding="utf-8").replace("charset=utf-8", "charset=ascii") + "<!-- 中文版 -->"
    path.write_bytes(page.encode("utf-8"))  # declared ASCII (read as cp1252), holds UTF-8
    (doc,) = read_documents(str(path))
    assert not isinstance(doc, Failure) and doc.encoding == "utf-8"
    bom = tmp_path / "bom.html"
    bom.write_bytes(b"\xef\xbb\xbf" + page.replace("charset=ascii", "charset=gbk").encode("utf-8"))
    (doc,) = read_documents(str(bom))
    assert not isinstance(doc, Failure) and doc.encoding.startswith("utf-8")  # the byte-order mark wins


def test_a_page_lints_like_text_and_findings_point_into_the_extracted_text(tmp_path: Path) -> None:
    code, out, _ = _run("lint", "--isolated", "--grammar", "off", "--format", "json", str(_gbk_page(tmp_path)))
    assert code == 1
    (article,) = json.loads(out)["articles"]
    found = {i["code"]: i for i in article["issues"]}
    assert {"MT201", "MT501", "MT806"} <= set(found)  # e-commerce calque, "11 30,", the dateline's furniture
    (doc,) = read_documents(str(tmp_path / "page.html"))
    assert not isinstance(doc, Failure)
    for i in article["issues"]:
        assert doc.mt[i["start"] : i["end"]] == i["text"]
    assert article["words"] < 130  # tags and navigation are not counted as words


def test_a_folder_of_pages_lints_like_a_folder_of_text(tmp_path: Path) -> None:
    _gbk_page(tmp_path)
    (tmp_path / "other.htm").write_text(PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    assert [Path(p).name for p in expand_paths([str(tmp_path)])] == ["other.htm", "page.html"]
    code, out, _ = _run("lint", "--isolated", "--grammar", "off", "--format", "json", str(tmp_path))
    assert code == 1 and len(json.loads(out)["articles"]) == 2


def test_a_page_without_an_article_is_named_and_not_passed(tmp_path: Path) -> None:
    path = tmp_path / "index.html"
    path.write_text("<html><body><ul><li><a href='/'>Home</a></li></ul></body></html>", encoding="utf-8")
    assert extract(path.read_text(encoding="utf-8")) is None
    code, _, err = _run("lint", "--isolated", "--grammar", "off", str(path))
    assert code == 2 and "index.html: web page with no main text found" in err and "no article to check" in err


def test_a_folder_mixing_text_pages_and_records_lints_in_one_command(tmp_path: Path) -> None:
    """Issue 19's bar: .txt, .html in UTF-8 and in GBK, and .jsonl in one folder, one command; the pages'
    findings point at the article text, never at markup."""
    _gbk_page(tmp_path)  # page.html, GB2312 declared
    (tmp_path / "utf8.htm").write_text(PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "plain.txt").write_text("The county supports rural electricity providers.\n", encoding="utf-8")
    (tmp_path / "records.jsonl").write_text(json.dumps({"id": "r1", "target": "He met governor Hao Peng."}) + "\n")
    code, out, err = _run("lint", "--isolated", "--grammar", "off", "--format", "json", str(tmp_path))
    assert code == 1 and "error" not in err
    articles = {Path(a["path"]).name: a for a in json.loads(out)["articles"]}
    assert set(articles) == {"page.html", "utf8.htm", "plain.txt", "records.jsonl"}
    assert articles["page.html"]["encoding"] == "gb18030" and articles["utf8.htm"]["encoding"] == "utf-8"
    for name in ("page.html", "utf8.htm"):
        (doc,) = read_documents(str(tmp_path / name))
        assert not isinstance(doc, Failure)
        issues = articles[name]["issues"]
        assert issues and all(doc.mt[i["start"] : i["end"]] == i["text"] and "<" not in i["text"] for i in issues)
