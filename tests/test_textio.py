"""Decoding and input expansion: encodings of this field, JSONL records, directories, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.model import Document
from toolkit.textio import Failure, decode, expand_paths, read_documents, write_atomic

TEXT = "Hao Peng met Sun Lijun in Xining. 郝鹏会见孙利军。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
    ],
)
def test_decode_detects_the_encodings_of_the_field(data: bytes, encoding: str) -> None:
    text, used = decode(data)
    assert used == encoding
    assert text == TEXT


def test_undecodable_bytes_never_crash() -> None:
    text, used = decode(b"Caf\xe9 \xff\xfe\xfd ok \x81")
    assert "ok" in text and used.startswith("utf-8") or used == "gb18030"


def test_offsets_are_code_points_of_the_decoded_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(("“𠀀” welcome to hangzhou.").encode("utf-16"))
    (doc,) = read_documents(str(path))
    assert isinstance(doc, Document) and doc.encoding == "utf-16"
    assert doc.mt.index("welcome") == 4


def test_jsonl_records_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(
        '{"id": "a1", "target": "The talks ended.", "source": "会谈结束。", "extra": 1}\n'
        "\n"
        "{not json}\n"
        '{"id": 7, "source": "只有原文"}\n'
        '["a list"]\n'
        '{"id": "b2", "target": "he said, yes.", "reference": "He said yes."}\n',
        encoding="utf-8",
    )
    items = list(read_documents(str(path)))
    docs = [i for i in items if isinstance(i, Document)]
    fails = [i for i in items if isinstance(i, Failure)]
    assert [(d.id, d.mt, d.src, d.ref) for d in docs] == [
        ("a1", "The talks ended.", "会谈结束。", None),
        ("b2", "he said, yes.", None, "He said yes."),
    ]
    assert [(f.path, f.line) for f in fails] == [(str(path), 3), (str(path), 4), (str(path), 5)]
    assert fails[0].where == f"{path}:3"
    assert "invalid JSON" in fails[0].message and "target" in fails[1].message


def test_missing_file_and_directory_are_failures(tmp_path: Path) -> None:
    (missing,) = read_documents(str(tmp_path / "nope.txt"))
    assert isinstance(missing, Failure) and missing.message == "no such file"
    (folder,) = read_documents(str(tmp_path))
    assert isinstance(folder, Failure)


def test_directories_expand_recursively_by_extension(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b.txt", "a.md", "sub/c.jsonl", "sub/d.html", "sub/f.docx", ".hidden/e.txt"):
        (tmp_path / name).write_text("x")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in expand_paths([str(tmp_path)])]
    assert found == ["a.md", "b.txt", "sub/c.jsonl", "sub/d.html"]
    assert [Path(p).name for p in expand_paths([str(tmp_path)], (".html",))] == ["d.html"]


def test_write_atomic_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "out" / "r.json"
    write_atomic(str(target), "first")
    write_atomic(str(target), "second")
    assert target.read_text() == "second"
    assert [p.name for p in target.parent.iterdir()] == ["r.json"]
