"""What analyzers see: the document text with its segments, lines, quotations and names, computed once."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import regex

from . import pinyin
from .model import Document, Issue, Pair, Segment
from .segment import line_starts, segment
from .vocabulary import NONE as NO_VOCABULARY
from .vocabulary import Vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .grammar import Finding

_QUOTE_RE = regex.compile(r"“[^”\n]*”|\"[^\"\n]*\"|「[^」\n]*」")
_LOWER_SURNAME_RE = regex.compile(r"(?<![\p{L}'’-])([a-z]+) ([A-Z][a-z]+)\b")
# a surname, then its given name in lower case ("Tang derong", "Zhang hongmin")
_LOWER_GIVEN_RE = regex.compile(r"(?<![\p{L}'’-])([A-Z][a-z]+) ([a-z]{4,})(?![\p{L}'’-])")
# a hyphenated given name, then the surname, one of them in lower case ("xiao-ming Yang", "De-rong tang")
_HYPHEN_GIVEN_RE = regex.compile(r"(?<![\p{L}'’-])([A-Za-z][a-z]*-[a-z]+) ([A-Za-z][a-z]+)(?![\p{L}'’-])")
# a name all in lower case after the title it bears ("prime minister li keqiang", "governor hao peng")
_TITLED_LOWER_RE = regex.compile(
    r"\b(?:[Pp]remier|[Pp]resident|[Mm]inister|[Gg]overnor|[Mm]ayor|[Cc]hairman|[Cc]hairwoman|[Ss]ecretary|[Dd]irector"
    r"|[Cc]omrade) ([a-z]+) ([a-z]{2,})(?![\p{L}'’-])"
)
# English function words that are also surname syllables; "an Anhui firm" is not a name.
_FUNCTION_WORDS = frozenset({"an", "he", "she", "you", "yu", "me", "ma", "mi", "di", "du", "ye", "yi", "su"})


def _lower_given_name(given: str) -> bool:
    """A pinyin given name of up to three syllables written in lower case, and no English word, however rare
    ("Hong Kong resuming"; "a Miao conga line": conga 2.7, where haiyan, a name, is 2.2)."""
    return (
        given not in pinyin.lexicon()
        and not pinyin.is_english(given, 2.5)
        and pinyin.is_given_name(given.capitalize(), 3)
    )


_CAP_TOKEN_RE = regex.compile(r"\b[A-Z][a-z]+(?:['’-][a-z]{2,})?\b")
# A report of what someone said, by someone other than "we", "I" or "you": "he stressed", "Wang Lin
# pointed out in his speech", "the notice requires that".
_REPORTING = regex.compile(
    r"(?<!\b(?:[Ww]e|I|[Yy]ou) (?:also |further )?)\b(?:sa(?:id|ys)|stress(?:ed|es)|emphasi[sz](?:ed|es)|"
    r"point(?:ed|s) out|demand(?:ed|s)|requir(?:ed|es) that|urg(?:ed|es)|not(?:ed|es) that|call(?:ed|s) (?:on|for)|"
    r"instruct(?:ed|s)|conveyed)\b"
)


@dataclass(frozen=True, slots=True)
class NameMention:
    start: int
    end: int
    surname: str
    given: str  # as written, e.g. "Lijun", "Li Jun"


class Context:
    """A document prepared for analysis; analyzers read it and never change it."""

    def __init__(
        self,
        doc: Document,
        grammar: Sequence[Finding] = (),
        termbases: tuple[str, ...] = (),
        vocabulary: Vocabulary = NO_VOCABULARY,
    ) -> None:
        self.doc = doc
        self.termbases = termbases  # extra termbase files from the settings, beside the built-in ones
        self.vocabulary = vocabulary  # the house vocabulary (accepted and rejected terms), if configured
        self.text = doc.mt
        self.grammar = grammar  # the grammar engine's findings, when the grammar layer runs
        self.issues: tuple[Issue, ...] = ()  # the other rules' findings, set by the engine for `aggregate:` rules
        self.src = doc.src or ""  # the Chinese source, or "" when none was given
        self._parses: dict[int, Doc] = {}  # the sentence layer, by segment start (see `tagged`, `parse`)
        # the pattern rules' windows, folded, by scope, word limit and case (see `patterns._folded_windows`)
        self.windows: dict[tuple[str, int | None, bool], list[tuple[int, str, str]]] = {}

    @cached_property
    def pairs(self) -> list[Pair]:
        """Aligned source and target spans: given by the input format, or computed (see `align`)."""
        if not self.src:
            return []
        if self.doc.alignment is not None:
            return list(self.doc.alignment)
        from .align import align

        return align(self.src, self.text)

    @cached_property
    def segments(self) -> list[Segment]:
        return segment(self.text)

    def tagged(self, seg: Segment) -> Doc:
        """The tagged sentence (Penn tags, no parse), computed the first time a rule asks for it and kept
        with the article."""
        return self.tag_all([seg])[0]

    def tag_all(self, segs: Sequence[Segment]) -> list[Doc]:
        """The tagged sentences, those not tagged yet in one batch (see `syntax.tag`): a rule that has sentences
        in doubt asks for all of them at once."""
        todo = list({s.start: s for s in segs if s.start not in self._parses}.values())
        if todo:
            from .syntax import tag

            for seg, doc in zip(todo, tag([s.text for s in todo]), strict=True):
                self._parses[seg.start] = doc
        return [self._parses[s.start] for s in segs]

    def parse(self, seg: Segment) -> Doc:
        """The tagged and parsed sentence: the parse is added to the tagged sentence the first time a rule
        asks for it, and kept with the article."""
        return self.parse_all([seg])[0]

    def parse_all(self, segs: Sequence[Segment]) -> list[Doc]:
        """The tagged and parsed sentences, those not parsed yet in one batch."""
        from .syntax import parse

        docs = parse(self.tag_all(segs))
        for seg, doc in zip(segs, docs, strict=True):
            self._parses[seg.start] = doc
        return docs

    @cached_property
    def line_starts(self) -> list[int]:
        return line_starts(self.text)

    def line_of(self, offset: int) -> int:
        """0-based line index of an offset."""
        return bisect.bisect_right(self.line_starts, offset) - 1

    def line_span(self, line: int) -> tuple[int, int]:
        """Start and end (without the newline or a trailing CR) of a 0-based line."""
        start = self.line_starts[line]
        end = self.text.find("\n", start)
        end = len(self.text) if end < 0 else end
        while end > start and self.text[end - 1] in "\r \t":
            end -= 1
        return start, end

    @cached_property
    def quote_spans(self) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in _QUOTE_RE.finditer(self.text)]

    def in_quotes(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.quote_spans)

    @cached_property
    def reports_speech(self) -> bool:
        """True for a report of what someone else said ("he stressed", "the notice requires that"), as news is;
        False for a speech, an essay or a talk, where the author speaks for themselves."""
        return _REPORTING.search(self.text) is not None

    @cached_property
    def names(self) -> list[NameMention]:
        """Pinyin person names: a listed surname, then a pinyin given name in one token or two."""
        toks = [(m.start(), m.end(), m.group()) for m in _CAP_TOKEN_RE.finditer(self.text)]
        out: list[NameMention] = []
        i = 0
        while i < len(toks) - 1:
            s0, e0, sur = toks[i]
            s1, e1, g1 = toks[i + 1]
            if not (pinyin.is_surname(sur) and self.text[e0:s1] == " " and pinyin.is_given_name(g1, 2)):
                i += 1
                continue
            end, used = e1, 2
            if i + 2 < len(toks):
                s2, e2, g2 = toks[i + 2]
                one = len(pinyin.split(g1) or ()) == 1
                if one and self.text[e1:s2] == " " and pinyin.is_given_name(g2, 1) and not pinyin.is_surname(g2):
                    end, used = e2, 3
            out.append(NameMention(s0, end, sur, self.text[s1:end]))
            i += used
        return out

    @cached_property
    def lowercase_names(self) -> list[NameMention]:
        """Names with a part in lower case: a lower-case surname before a pinyin given name ("sun Lijun"); a
        surname before a lower-case given name of two syllables or more that is no English word ("Tang derong");
        a hyphenated given name of two syllables and a surname after it, either in lower case ("xiao-ming Yang",
        "De-rong tang"); a name all in lower case after its title ("prime minister li keqiang")."""
        out: list[NameMention] = []
        for m in _LOWER_SURNAME_RE.finditer(self.text):
            sur, given = m.group(1), m.group(2)
            if sur in _FUNCTION_WORDS or not pinyin.is_surname(sur) or not pinyin.is_given_name(given, 2):
                continue
            if len(pinyin.split(given) or ()) < 2 and f"{sur.capitalize()} {given}" not in self.text:
                continue
            out.append(NameMention(m.start(), m.end(), sur, given))
        for m in _LOWER_GIVEN_RE.finditer(self.text):
            sur, given = m.group(1), m.group(2)
            if pinyin.is_surname(sur) and _lower_given_name(given) and len(pinyin.split(given) or ()) >= 2:
                out.append(NameMention(m.start(), m.end(), sur, given))
        for m in _HYPHEN_GIVEN_RE.finditer(self.text) if "-" in self.text else ():
            given, sur = m.group(1), m.group(2)
            if (given.islower() or sur.islower()) and (
                len(pinyin.split(given) or ()) == 2
                and pinyin.is_given_name(given.capitalize(), 2)
                and pinyin.is_surname(sur)
            ):
                out.append(NameMention(m.start(), m.end(), sur, given))
        for m in _TITLED_LOWER_RE.finditer(self.text):  # all in lower case: no other form above matched it
            sur, given = m.group(1), m.group(2)
            if sur not in _FUNCTION_WORDS and pinyin.is_surname(sur) and _lower_given_name(given):
                out.append(NameMention(m.start(1), m.end(), sur, given))
        return sorted(out, key=lambda n: n.start)
