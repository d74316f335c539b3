"""Bilingual files: segment-aligned formats (TSV, XLIFF 1.2 and 2.0, TMX, WMT MQM TSV) read as
documents whose alignment is given, and source files found beside plain articles.

XML is parsed with defusedxml: no external entities, no DTD entity expansion (billion laughs).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import regex

from . import tsv
from .model import Document, Pair
from .textio import Failure, decode, lone_cr_as_lf

XLIFF_EXTENSIONS = (".xlf", ".xliff")
SEGMENT_EXTENSIONS = (".tsv", ".tmx", *XLIFF_EXTENSIONS)


class InputError(ValueError):
    """A segment-aligned file that cannot be read, with the file line it is about (None when there is none)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Unit:
    source: str
    target: str
    reference: str | None = None
    line: int = 0  # the unit's line in the file (a TSV row, an XLIFF or TMX unit's start tag); 0 unknown


def join_units(path: str, units: Sequence[Unit], pairing: str, encoding: str, id: str | None = None) -> Document:
    """One document per file: targets and sources on lines of their own, each line pair aligned."""
    src_parts, tgt_parts, refs, pairs = [], [], [], []
    s_pos = t_pos = 0
    for u in units:
        source, target = _one_line(u.source), _one_line(u.target)
        pairs.append(Pair(s_pos, s_pos + len(source), t_pos, t_pos + len(target)))
        src_parts.append(source)
        tgt_parts.append(target)
        refs.append(_one_line(u.reference or ""))
        s_pos += len(source) + 1
        t_pos += len(target) + 1
    has_ref = any(u.reference for u in units)
    lines = tuple(u.line for u in units) if units and all(u.line for u in units) else ()
    return Document(
        mt="\n".join(tgt_parts),
        path=path,
        id=id,
        encoding=encoding,
        src="\n".join(src_parts),
        ref="\n".join(refs) if has_ref else None,
        pairing=pairing,
        alignment=tuple(pairs),
        file_lines=lines,
    )


def _one_line(text: str) -> str:
    return " ".join(text.split("\n")).replace("\r", " ")


TSV_COLUMNS = "source<TAB>target[<TAB>reference]"
_HAN = regex.compile(r"\p{Han}")
SNIFF = 1 << 16  # bytes of a .tsv found in a folder read to tell whether it is bilingual


def bilingual_tsv(path: Path) -> bool:
    """Whether a .tsv found in a folder is a bilingual file to lint, not a table of something else (an
    index, annotations): its first line names the columns `source` and `target` (the plain TSV's header,
    the WMT MQM TSV's), or has two or three columns, and the first column of one of the first five lines
    holds a Chinese character. A file that cannot be read is read, so that its error is reported."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF)
    except OSError:
        return True
    text, _ = decode(head if len(head) < SNIFF else head[: head.rfind(b"\n") + 1] or head)
    # read as the file will be read (`tsv.rows`: Excel's quoting), so that a quoted tab splits no column
    rows = [row for _, row in islice(tsv.rows(text), 50) if any(c.strip() for c in row)][:5]
    if not rows:
        return False
    if {"source", "target"} <= {c.strip().lower() for c in rows[0]}:
        return True
    return 2 <= len(rows[0]) <= 3 and any(_HAN.search(row[0]) for row in rows)


def read_segments(path: str, shown: str, text: str, encoding: str) -> Iterator[Document | Failure]:
    """The documents of a segment-aligned file, chosen by its extension."""
    suffix = Path(path).suffix.lower()
    try:
        if suffix == ".tsv":
            yield from _tsv(shown, text, encoding)
        elif suffix == ".tmx":
            yield join_units(shown, _tmx(text), "tmx", encoding)
        else:
            version, units = _xliff(text)
            yield join_units(shown, units, f"xliff-{version}", encoding)
    except ValueError as exc:
        yield Failure(shown, str(exc), line=getattr(exc, "line", None))


def _tsv(path: str, text: str, encoding: str) -> Iterator[Document | Failure]:
    rows, row_lines = [], []
    for line, row in tsv.rows(text):  # fields quoted as Excel writes them are read as such (see tsv)
        rows.append(row)
        row_lines.append(line)
    header = [c.strip().lower() for c in rows[0]] if rows else []
    if {"system", "doc", "seg_id", "rater", "source", "target"} <= set(header):
        yield from _marot(path, text, encoding)
        return
    if header[:2] == ["source", "target"]:
        rows, row_lines = rows[1:], row_lines[1:]
    units = []
    for k, (row, line) in enumerate(zip(rows, row_lines, strict=True), 1):
        if not any(c.strip() for c in row):
            continue
        if not 2 <= len(row) <= 3:  # this row only: the others are still checked
            yield Failure(path, f"row {k}: expected {TSV_COLUMNS}, got {len(row)} column(s)", line=line)
            continue
        units.append(Unit(row[0], row[1], row[2] if len(row) > 2 else None, line))
    if units:
        yield join_units(path, units, "tsv", encoding)


def _marot(path: str, text: str, encoding: str) -> Iterator[Document | Failure]:
    """WMT MQM annotations: one document per system and document, segments in order."""
    from .mqm import MqmError, read_marot_text

    try:
        segments = read_marot_text(path, text)
    except MqmError as exc:
        raise InputError(exc.problem, exc.line) from exc
    docs: dict[tuple[str, str], list[Any]] = {}
    for s in segments:
        docs.setdefault((s.system, s.doc), []).append(s)
    for (system, doc), segs in docs.items():
        segs.sort(key=lambda s: int(s.seg_id) if s.seg_id.isdigit() else 0)
        units = [Unit(s.source, s.target, line=s.line) for s in segs]
        yield join_units(path, units, "mqm-tsv", encoding, id=f"{system}/{doc}")


_DECLARED = regex.compile(r"""(\A\ufeff?\s*<\?xml[^>]*?\bencoding\s*=\s*["'])[^"']*(["'])""")


class XmlError(InputError):
    """XML that cannot be read, with the file line the parser stopped at (None for unsafe XML)."""


def parse_xml(text: str) -> Any:
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    # the text is decoded already (by its byte-order mark, --encoding or detection; not by the declaration,
    # which this replaces): parse it as UTF-8
    text = _DECLARED.sub(r"\1utf-8\2", text, count=1)
    try:
        return ElementTree.fromstring(text.encode("utf-8"))
    except DefusedXmlException as exc:
        raise XmlError(f"unsafe XML refused ({type(exc).__name__}): entity declarations are not allowed") from exc
    except ElementTree.ParseError as exc:  # the declaration's rewrite keeps the lines where they were
        raise XmlError(f"not well-formed XML: {exc}", exc.position[0]) from exc


def local_name(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def _text(node: Any) -> str:
    """The text of an XLIFF or TMX segment, inline tags (<g>, <ph>, <pc>, <bpt>…) read through."""
    return "".join(node.itertext()) if node is not None else ""


def _xliff(text: str) -> tuple[str, list[Unit]]:
    root = parse_xml(text)
    if local_name(root.tag) != "xliff":
        raise ValueError("not an XLIFF file (root element is not <xliff>)")
    version = root.get("version", "")
    if not version.startswith(("1", "2")):
        raise ValueError(f"unsupported XLIFF version {version!r} (1.2 and 2.x are read)")
    unit_tag = "segment" if version.startswith("2") else "trans-unit"  # both hold <source> and <target>
    elements = [n for n in root.iter() if local_name(n.tag) == unit_tag]
    lines = _tag_lines(text, unit_tag, len(elements))
    units = []
    for k, unit in enumerate(elements):
        src = next((c for c in unit if local_name(c.tag) == "source"), None)
        tgt = next((c for c in unit if local_name(c.tag) == "target"), None)
        if tgt is not None and _text(tgt).strip():
            units.append(Unit(_text(src), _text(tgt), line=lines[k]))
    if not units:
        raise ValueError("no translated units (no <target> with text)")
    return ("2.0" if version.startswith("2") else "1.2"), units


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _tag_lines(text: str, tag: str, expected: int) -> list[int]:
    """The line of each start tag `<tag` (any namespace prefix) in document order, outside comments and CDATA
    (ElementTree gives no line numbers). A count that does not match the parsed elements leaves them unknown."""
    bare = regex.sub(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>", lambda m: "\n" * m.group().count("\n"), text, flags=regex.S)
    lines, line, pos = [], 1, 0
    for m in regex.finditer(rf"<(?:[\w.-]+:)?{tag}[\s/>]", bare):
        line += bare.count("\n", pos, m.start())
        pos = m.start()
        lines.append(line)
    return lines if len(lines) == expected else [0] * expected


def _tmx(text: str) -> list[Unit]:
    root = parse_xml(text)
    if local_name(root.tag) != "tmx":
        raise ValueError("not a TMX file (root element is not <tmx>)")
    elements = [n for n in root.iter() if local_name(n.tag) == "tu"]
    lines = _tag_lines(text, "tu", len(elements))
    units = []
    for k, tu in enumerate(elements):
        by_lang: dict[str, str] = {}
        for tuv in (c for c in tu if local_name(c.tag) == "tuv"):
            lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower()
            seg = next((c for c in tuv if local_name(c.tag) == "seg"), None)
            by_lang[lang] = _text(seg)
        zh = next((v for k, v in by_lang.items() if k.startswith("zh")), None)
        en = next((v for k, v in by_lang.items() if k.startswith("en")), None)
        if zh is not None and en is not None and en.strip():
            units.append(Unit(zh, en, line=lines[k]))
    if not units:
        raise ValueError("no translation unit with a zh and an en variant")
    return units


def sibling_source(path: str, source_suffix: str, target_suffix: str) -> Path | None:
    """`a.zh.txt` for `a.en.txt` or `a.txt` (suffixes from the settings), if it exists."""
    p = Path(path)
    stem = p.stem.removesuffix(target_suffix) if p.stem.endswith(target_suffix) else p.stem
    if p.stem.endswith(source_suffix):
        return None
    candidate = p.with_name(f"{stem}{source_suffix}{p.suffix}")
    try:
        return candidate if candidate.is_file() else None
    except OSError:  # the sibling's name is too long for the file system (ENAMETOOLONG): there is none
        return None


def read_source(path: Path) -> tuple[str, str] | str:
    """A source file's text and encoding, or the problem in a few words."""
    try:
        text, encoding = decode(path.read_bytes())
    except OSError as exc:
        return f"cannot read source {path}: {exc.strerror or exc}"
    return lone_cr_as_lf(text), encoding
