"""Tab-separated input as spreadsheets write it: Excel's quoting read as such, straight quotes in plain
text kept as text (toolkit.tsv, read by the bilingual TSV, the page annotations and the WMT MQM TSV)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from toolkit.model import Document
from toolkit.textio import read_documents
from toolkit.tsv import rows

EXCEL = [
    ["source", "target"],
    ["他说：“好。”", 'He said "yes."'],
    ["第一行\n第二行", "The first line\nthe second line"],
    ["中国\t人民", "China\tpeople"],
    ["南京楼市", '"Nanjing\'s market"'],
]


def _excel(table: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, dialect="excel-tab").writerows(table)  # quotes only where needed, "" inside, CRLF
    return out.getvalue()


def test_fields_quoted_as_excel_writes_them_are_read_as_such() -> None:
    """Read with csv.QUOTE_NONE, these came out split at the inner line break and tab, quotes doubled."""
    text = _excel(EXCEL)
    assert '"He said ""yes."""' in text and text.count("\r\n") == 5
    assert list(rows(text)) == [(1, EXCEL[0]), (2, EXCEL[1]), (3, EXCEL[2]), (6, EXCEL[3]), (7, EXCEL[4])]


@pytest.mark.parametrize(
    "text",
    [
        '"南京楼市"\t"Nanjing\'s market sees gains"',  # quoted whole: Excel would not have quoted these
        '为什么？\t"Why does it do this," I hear you ask.',
        '"Why," I asked, "now?"\t为什么现在？',
        '他说\tHe said "a ""b"" c"',  # a " in a field that does not start with one
        '"a ""b"""\tHe said "no"',  # quoting in one field, a bare " in the other: not Excel's
        '"unclosed\tquote',
        '""\tempty quotes',
    ],
)
def test_a_straight_quote_in_plain_text_is_text(text: str) -> None:
    assert list(rows(text + "\n")) == [(1, text.split("\t"))]


def test_quotes_that_open_and_close_fields_on_different_lines_do_not_join_the_rows() -> None:
    """A quotation over two segments, its opening and closing straight quotes at field edges."""
    lines = [
        ["source", "target"],
        ["“我们会去。", '"We will go.'],
        ["我们会赢。”", 'We will win."'],  # read as quoting, a field of both a line break and a tab
        ["“他们会来。", '"They will come.'],
        ['他们会留下。"', "They will stay."],  # read as quoting, three fields where the header has two
    ]
    text = "".join("\t".join(r) + "\n" for r in lines)
    assert list(rows(text)) == list(enumerate(lines, 1))


def test_line_ends_blank_lines_and_a_quoted_first_row() -> None:
    assert list(rows("a\tb\r\n\rc\n\n")) == [(1, ["a", "b"]), (2, []), (3, ["c"]), (4, [])]
    assert list(rows('"x\ny"\tz\nu\tv')) == [(1, ["x\ny", "z"]), (3, ["u", "v"])]
    assert list(rows("")) == []


def test_an_excel_bilingual_tsv_is_linted_row_by_row(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(_excel(EXCEL), encoding="utf-8")
    (doc,) = read_documents(str(path))
    assert isinstance(doc, Document)
    assert doc.src is not None and doc.src.split("\n") == ["他说：“好。”", "第一行 第二行", "中国\t人民", "南京楼市"]
    assert doc.mt.split("\n") == [
        'He said "yes."',
        "The first line the second line",
        "China\tpeople",
        '"Nanjing\'s market"',
    ]
    assert doc.file_lines == (2, 3, 6, 7)  # the line each row starts on


def test_a_folder_s_excel_bilingual_tsv_is_found_by_its_quoted_columns(tmp_path: Path) -> None:
    """A .tsv found in a folder is told bilingual as it will be read: a tab inside Excel's quotes splits
    no column, so a file whose first rows quote one is not left out as a table of something else."""
    from toolkit.textio import expand_paths

    (tmp_path / "pairs.tsv").write_text(_excel(EXCEL[3:4] + EXCEL[1:2]), encoding="utf-8")
    assert expand_paths([str(tmp_path)], (".tsv",)) == [str(tmp_path / "pairs.tsv")]
