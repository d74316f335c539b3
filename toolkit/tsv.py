"""Tab-separated rows as people's tables hold them: plain text, or quoted the way Excel and LibreOffice
write a field that holds a tab, a line break or a `"` (`"a ""b"" c"`).

A `"` is text unless the row reads cleanly as such quoting, for news text has straight quotes at the start
of fields (`"Why?" he asked.`, a headline quoted whole). A row is read as quoted only when
- every field that starts with `"` ends with its closing `"` right before a tab or the row's end, with the
  `"` inside it doubled;
- each such field needed its quotes (it holds a tab, a line break or a `"`): Excel never quotes other
  fields, so `"Hello."` is a quoted sentence, not quoting;
- no other field holds a `"`, which Excel would have quoted;
- no field holds both a tab and a line break, and a row with a quoted tab or line break has as many fields
  as the first row (the header): a `"` that opens a field on one line and one that closes a field on a
  later line would otherwise join the rows between them.
Any other row is split at every tab, its `"` kept: csv's QUOTE_NONE reading, which these files had before.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

_BREAK = regex.compile(r"\r\n|\r|\n")
_FIELD_END = regex.compile(r"[\t\r\n]")


def rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each row of a tab-separated text with the file line it starts on (from 1); an empty line is `[]`.
    Lines end at LF, CR LF or a lone CR."""
    columns: int | None = None  # the first row's fields
    pos, line = 0, 1
    while pos < len(text):
        m = _BREAK.search(text, pos)
        end, stop = (m.start(), m.end()) if m else (len(text), len(text))
        row = text[pos:end].split("\t") if end > pos else []
        if any(f.startswith('"') for f in row):
            quoted = _quoted(text, pos, columns)
            if quoted is not None:
                row, stop = quoted
        yield line, row
        if columns is None and any(f.strip() for f in row):
            columns = len(row)
        line += len(_BREAK.findall(text, pos, stop))
        pos = stop


def _quoted(text: str, pos: int, columns: int | None) -> tuple[list[str], int] | None:
    """The fields of the row at `pos` read with Excel's quoting, and where the next row starts; None when
    the row is not quoted that way (see the module's doc)."""
    fields: list[str] = []
    spans_more = False  # a quoted tab or line break
    while True:
        if text.startswith('"', pos):
            parts, start = [], pos + 1
            while True:
                close = text.find('"', start)
                if close < 0:
                    return None
                parts.append(text[start:close])
                if not text.startswith('"', close + 1):
                    break
                parts.append('"')
                start = close + 2
            value, pos = "".join(parts), close + 1
            breaks, tab = "\n" in value or "\r" in value, "\t" in value
            if not (breaks or tab or '"' in value) or (breaks and tab):
                return None
            spans_more |= breaks or tab
        else:
            m = _FIELD_END.search(text, pos)
            end = m.start() if m else len(text)
            value, pos = text[pos:end], end
            if '"' in value:
                return None
        fields.append(value)
        if text.startswith("\t", pos):
            pos += 1
        elif pos == len(text) or text[pos] in "\r\n":
            break
        else:  # text after a closing quote
            return None
    if spans_more and columns is not None and len(fields) != columns:
        return None
    m = _BREAK.match(text, pos)
    return fields, m.end() if m else pos
