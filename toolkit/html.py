"""Web pages as input: the article's text taken out of a saved `.html` page.

The main text is found by trafilatura (Adrien Barbaresi, Apache-2.0), the extractor that scores best
among the maintained ones in published comparisons (ScrapingHub's article-extraction benchmark, the
Bevendorff et al. 2023 study) and keeps working on the table-laid, nav-heavy pages of government
portals; it brings lxml, jusText, htmldate and courlan (about 6 MB installed) and is imported only when
a page is read (0.1 s). mtqa then keeps, one per paragraph as in a text file:
- the headline (the page's `<h1>` or cleaned `<title>`, as trafilatura finds it);
- the dateline: the short line between the headline and the body that carries a date, as the page
  prints it (trafilatura's own date is normalised to ISO and would hide a garbled one); page
  furniture on that line ("Font size: [Large]") stays, so the boilerplate rules can report it;
- the body paragraphs.
Findings point into this extracted text, which the reports show; each of its lines also records the
page line its element starts on (`Document.file_lines`), so `path:line` opens the page at the paragraph.

The encoding the page declares (`<meta charset>`, or `http-equiv` Content-Type, in the first 4 KiB as
browsers look) is honoured, with GB2312 and GBK read as their superset GB18030 and Big5 as Big5-HKSCS;
a byte-order mark wins over it, and bytes the declared encoding cannot read fall back to mtqa's guess.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import regex

HTML_EXTENSIONS = (".html", ".htm", ".shtml", ".xhtml")

_META = regex.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", regex.IGNORECASE)
# what pages declare → what to read them as (the WHATWG encoding standard's supersets)
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "ascii": "cp1252", "latin-1": "cp1252"}
_DATE = regex.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}"
    r"|\b\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{4}",
    regex.IGNORECASE,
)
_SPACE = regex.compile(r"\s+")
_BLOCKS = frozenset("p div td th li h1 h2 h3 h4 h5 h6 span font section article header dd dt blockquote".split())
MIN_WORDS = 10  # fewer words in the main text: the page is an index or a menu
MAX_DATELINE = 200  # characters: a longer line is body text, not a dateline


def is_html(path: str) -> bool:
    return path.lower().endswith(HTML_EXTENSIONS)


def declared_encoding(data: bytes) -> str | None:
    """The encoding a page declares in its first 4 KiB, as Python names it, or None."""
    found = _META.search(data[:4096])
    if not found:
        return None
    try:
        name = codecs.lookup(found.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if name.startswith("utf-16"):  # a page that says UTF-16 without a byte-order mark is read as UTF-8
        return "utf-8"
    return _SUPERSET.get(name, name)


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str  # headline, dateline and body, one paragraph per block, blank lines between
    file_lines: tuple[int, ...]  # the page line each line of `text` comes from


def extract(page: str) -> Extracted | None:
    """The article in a page, or None when no main text is found."""
    import lxml.html
    import trafilatura

    found = trafilatura.bare_extraction(page, include_comments=False, with_metadata=True, deduplicate=False)
    body = [_clean(p) for p in (getattr(found, "text", None) or "").split("\n")]
    body = [p for p in body if p]
    if sum(len(p.split()) for p in body) < MIN_WORDS:  # a menu or a link list, not an article
        return None
    try:
        tree = lxml.html.document_fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        tree = None
    blocks = _blocks(tree) if tree is not None else []
    headline = _clean(getattr(found, "title", None) or "")
    if headline and body[0] == headline:
        headline = ""
    dateline = _dateline(blocks, headline, body[0])
    paragraphs = [p for p in (headline, dateline) if p] + body
    lines: list[str] = []
    file_lines: list[int] = []
    for k, para in enumerate(paragraphs):
        if k:
            lines.append("")
            file_lines.append(file_lines[-1])
        lines.append(para)
        file_lines.append(_source_line(blocks, para, file_lines[-1] if file_lines else 1))
    return Extracted("\n".join(lines), tuple(file_lines))


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _blocks(tree: object) -> list[tuple[str, int]]:
    """The page's block elements in document order: their text (spaces collapsed) and first line."""
    out: list[tuple[str, int]] = []
    for el in tree.iter():  # type: ignore[attr-defined]
        if not isinstance(el.tag, str) or el.tag.lower() not in _BLOCKS:
            continue
        text = _clean(el.text_content())
        if text:
            out.append((text, el.sourceline or 1))
    return out


def _dateline(blocks: list[tuple[str, int]], headline: str, first: str) -> str:
    """The short line that carries a date between the headline and the first body paragraph."""
    start = next((k for k, (t, _) in enumerate(blocks) if headline and t == headline), None)
    end = next((k for k, (t, _) in enumerate(blocks) if t.startswith(first[:40])), len(blocks))
    if start is None or end <= start:
        return ""
    for text, _ in blocks[start + 1 : end]:
        if len(text) <= MAX_DATELINE and _DATE.search(text) and first[:40] not in text:
            return text
    return ""


def _source_line(blocks: list[tuple[str, int]], para: str, before: int) -> int:
    """The page line of the innermost element whose text starts with the paragraph's; else the last line."""
    key = para[:40]
    best: tuple[int, int] | None = None  # (length of the element's text, its line)
    for text, line in blocks:
        if text.startswith(key) and (best is None or len(text) <= best[0]):
            best = (len(text), line)
    return best[1] if best else before
