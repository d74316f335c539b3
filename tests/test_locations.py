"""Every finding points at its true line in the input file, for every input format and every output
format: a JSONL record's line, a TSV row's, an XLIFF or TMX unit's (issue 17)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main

CALQUE = "The county supports rural electricity providers."  # MT201 in every format
PLAIN = "The county built new roads."


def _jsonl(tmp: Path) -> tuple[Path, int]:
    path = tmp / "a.jsonl"
    rows = [{"id": "r1", "target": PLAIN}, {"id": "r2", "target": PLAIN}, {"id": "r3", "target": CALQUE}]
    path.write_text("\n" + "".join(json.dumps(r) + "\n\n" for r in rows), encoding="utf-8")
    return path, 6  # a blank first line and blank lines between records


def _tsv(tmp: Path) -> tuple[Path, int]:
    path = tmp / "a.tsv"
    path.write_text(f"source\ttarget\n中国\t{PLAIN}\n\n中国\t{PLAIN}\n农村电商\t{CALQUE}\n", encoding="utf-8")
    return path, 5  # the header, then a blank row


def _xliff12(tmp: Path) -> tuple[Path, int]:
    units = "".join(
        f'  <trans-unit id="{k}">\n    <source>农村电商</source>\n    <target>{t}</target>\n  </trans-unit>\n'
        for k, t in enumerate((PLAIN, CALQUE), 1)
    )
    path = tmp / "a.xlf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2">\n<file source-language="zh" '
        f'target-language="en">\n<body>\n<!-- <trans-unit> in a comment -->\n{units}</body>\n</file>\n</xliff>\n',
        encoding="utf-8",
    )
    return path, 10  # the unit's start tag


def _xliff20(tmp: Path) -> tuple[Path, int]:
    units = "".join(
        f'<unit id="{k}">\n<segment>\n<source>农村电商</source>\n<target>{t}</target>\n</segment>\n</unit>\n'
        for k, t in enumerate((PLAIN, CALQUE), 1)
    )
    path = tmp / "b.xlf"
    path.write_text(
        '<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" '
        f'trgLang="en">\n<file id="f">\n{units}</file>\n</xliff>\n',
        encoding="utf-8",
    )
    return path, 11


def _tmx(tmp: Path) -> tuple[Path, int]:
    tus = "".join(
        f'<tu>\n<tuv xml:lang="zh-CN"><seg>农村电商</seg></tuv>\n<tuv xml:lang="en"><seg>{t}</seg></tuv>\n</tu>\n'
        for t in (PLAIN, PLAIN, CALQUE)
    )
    path = tmp / "a.tmx"
    path.write_text(
        f'<?xml version="1.0"?>\n<tmx version="1.4">\n<header/>\n<body>\n{tus}</body>\n</tmx>\n', encoding="utf-8"
    )
    return path, 13


def _txt(tmp: Path) -> tuple[Path, int]:
    path = tmp / "a.txt"
    path.write_text(f"{PLAIN}\n\n{PLAIN}\n\n{CALQUE}\n", encoding="utf-8")
    return path, 5


def _mqm(tmp: Path) -> tuple[Path, int]:
    head = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n"
    rows = [(1, "r1", PLAIN), (2, "r1", PLAIN), (2, "r2", PLAIN), (3, "r1", CALQUE), (3, "r2", CALQUE)]
    body = "".join(f"A\td1\t1\t{seg}\t{rater}\t农村电商\t{t}\tNo-error\tNo-error\n" for seg, rater, t in rows)
    path = tmp / "a.tsv"
    path.write_text(head + body, encoding="utf-8")
    return path, 5  # the first row of the segment (the second rater's row repeats it)


MAKERS = {
    "jsonl": _jsonl,
    "tsv": _tsv,
    "xliff-1.2": _xliff12,
    "xliff-2.0": _xliff20,
    "tmx": _tmx,
    "mqm": _mqm,
    "txt": _txt,
}


def _run(fmt: str, path: Path) -> str:
    r = CliRunner().invoke(
        main, ["lint", "--isolated", "--grammar", "off", "--select", "MT201", "--format", fmt, str(path)]
    )
    assert r.exit_code in (0, 1), r.stderr
    return r.stdout


@pytest.mark.parametrize("kind", MAKERS)
def test_every_output_format_names_the_true_line(tmp_path: Path, kind: str) -> None:
    path, line = MAKERS[kind](tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    # the fixture is what the test says: the line holds the text, or opens the unit (XLIFF, TMX) that holds it
    assert "rural electricity providers" in lines[line - 1] or (
        re.match(r"\s*<(trans-unit|segment|tu)\b", lines[line - 1])
        and "rural electricity providers" in "\n".join(lines[line - 1 : line + 3])
    )

    (issue,) = [i for a in json.loads(_run("json", path))["articles"] for i in a["issues"]]
    assert issue.get("file_line", issue["line"]) == line

    assert re.search(rf"{re.escape(str(path))}:{line}:", _run("text", path))

    (annotation,) = [x for x in _run("github", path).splitlines() if x.startswith("::error")]
    assert f",line={line},endLine={line}," in annotation

    (gitlab,) = json.loads(_run("gitlab", path))
    assert gitlab["location"]["lines"] == {"begin": line, "end": line}

    (result,) = json.loads(_run("sarif", path))["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["endLine"]) == (line, line)


def test_a_bad_jsonl_line_is_reported_at_its_line_in_every_format(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "r1", "target": PLAIN}) + "\n\n{not json}\n", encoding="utf-8")

    def errors(fmt: str) -> str:
        r = CliRunner().invoke(main, ["lint", "--isolated", "--grammar", "off", "--format", fmt, str(path)])
        assert r.exit_code == 2 and f"{path}:3: invalid JSON" in r.stderr
        return r.stdout

    (annotation,) = [x for x in errors("github").splitlines() if x.startswith("::error")]
    assert annotation.startswith(f"::error file={path},line=3,")  # not file=a.jsonl%3A3
    assert json.loads(errors("json"))["errors"] == [
        {"path": str(path), "line": 3, "message": "invalid JSON: Expecting property name enclosed in double quotes"}
    ]
    (note,) = json.loads(errors("sarif"))["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["locations"][0]["physicalLocation"]["region"] == {"startLine": 3}
    assert f'name="{path}:3"' in errors("junit")
