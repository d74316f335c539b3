"""Split an article into lines and sentences with code-point offsets.

Every non-empty line of a news page is its own block (headlines, datelines and bylines sit on
lines of their own). Inside a line, NLTK's Punkt splits sentences with a fixed abbreviation list
(no trained model, so nothing to download); we then also split after CJK sentence punctuation and
at a full stop with no space before a capitalised word ("buy.Many").
"""

from __future__ import annotations

from functools import lru_cache

import regex
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from .model import Segment

ABBREVIATIONS = (
    "mr mrs ms dr prof gen gov sen rep st jr sr co corp inc ltd no nos vs etc approx dept est fig jan feb "
    "mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun u.s u.k u.n e.g i.e a.m p.m "
    "ph.d vol pp ed eds rev hon lt col capt sgt cmdr adm maj"
).split()

_EXTRA_BREAK = regex.compile(r"(?<=[。！？])(?=\S)|(?<=\p{Ll}{2}[.!?])(?=\p{Lu}\p{Ll})")
_FINAL_PUNCT = regex.compile(r"[.!?。！？:：;；\"”’)）…]\s*$")
WORD_RE = regex.compile(r"[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+|(?<=\p{N})[.,]\p{N}+)*")


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types.update(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def line_starts(text: str) -> list[int]:
    """Offsets at which each line starts."""
    starts = [0]
    starts.extend(m.end() for m in regex.finditer(r"\n", text))
    return starts


def segment(text: str) -> list[Segment]:
    """Return the sentences of the text, in order, each inside one line."""
    out: list[Segment] = []
    tok = _punkt()
    offset = 0
    for lineno, line in enumerate(text.split("\n")):
        stripped = line.rstrip("\r")
        if stripped.strip():
            spans: list[tuple[int, int]] = []
            for a, b in tok.span_tokenize(stripped):
                cuts = [a] + [m.start() for m in _EXTRA_BREAK.finditer(stripped, a, b)] + [b]
                spans.extend((x, y) for x, y in zip(cuts, cuts[1:], strict=False) if stripped[x:y].strip())
            headline = len(spans) == 1 and not _FINAL_PUNCT.search(stripped)
            for a, b in spans:
                seg_text = stripped[a:b]
                lead = len(seg_text) - len(seg_text.lstrip())
                trail = len(seg_text.rstrip())
                a2, b2 = a + lead, a + trail
                out.append(
                    Segment(
                        start=offset + a2,
                        end=offset + b2,
                        text=stripped[a2:b2],
                        line=lineno,
                        kind="headline" if headline else "body",
                    )
                )
        offset += len(line) + 1
    return out


def count_words(text: str) -> int:
    """Count words the way scores are normalised: Latin/number tokens plus one per Han character."""
    han = len(regex.findall(r"\p{Han}", text))
    latin = sum(1 for m in WORD_RE.finditer(text) if not regex.match(r"\p{Han}", m.group()))
    return latin + han
