"""Immutable records shared by every stage: documents, segments, rules, issues, results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("minor", "major", "critical")
SEVERITY_RANK = {"never": 99, "minor": 1, "major": 2, "critical": 3}
# Page furniture (navigation, widgets, footers) is reported in this MQM category, apart from translation errors.
BOILERPLATE_CATEGORY = "Design and markup"
# Leftover Chinese is reported even inside page furniture.
LEFTOVER_FAMILY = "MT1"
# WMT's MQM weights a minor punctuation error at a tenth of another minor error (Freitag et al. 2021); the
# weights table holds it under this key beside the three severities.
MINOR_PUNCTUATION = "minor-punctuation"
PUNCTUATION_CATEGORY = "Fluency/Punctuation"


def issue_weight(weights: dict[str, float], severity: str, category: str) -> float:
    """The penalty points of one issue: its severity's weight, or the minor-punctuation weight."""
    if severity == "minor" and category == PUNCTUATION_CATEGORY and MINOR_PUNCTUATION in weights:
        return weights[MINOR_PUNCTUATION]
    return weights.get(severity, 0.0)


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence (or headline) of the target text, with code-point offsets."""

    start: int
    end: int
    text: str
    line: int  # 0-based line index of the segment's start
    kind: str  # "headline" (a line without final punctuation) or "body"


@dataclass(frozen=True, slots=True)
class Pair:
    """Aligned source and target spans; one side is empty (start == end) for an unaligned sentence."""

    src_start: int
    src_end: int
    tgt_start: int
    tgt_end: int


@dataclass(frozen=True, slots=True)
class Document:
    """One article to lint: the target text, its optional source and reference, and where it came from."""

    mt: str
    path: str = "<text>"
    id: str | None = None
    encoding: str = "utf-8"
    src: str | None = None
    ref: str | None = None
    pairing: str | None = None  # how the source was found: "sibling a.zh.txt", "xliff-1.2", "jsonl", …
    alignment: tuple[Pair, ...] | None = None  # given by a segment-level format; computed when None
    # the file line each line of `mt` comes from (a JSONL record's line, a TSV row's, an XLIFF or TMX unit's;
    # the last entry holds for later lines); empty when the lines of `mt` are the file's own
    file_lines: tuple[int, ...] = ()

    def file_line(self, line: int) -> int | None:
        """The input file's line of the text's 0-based line `line`, where the document says (records, units)."""
        lines = self.file_lines
        return lines[min(line, len(lines) - 1)] if lines else None


@dataclass(frozen=True, slots=True)
class Example:
    """A rule's example: English text, with the Chinese source for a source-aware rule."""

    target: str
    source: str | None = None
    span: str | None = None  # the words the rule must mark (a fail example)
    fix: str | None = None  # what the rule's fix must put in their place

    def __str__(self) -> str:
        return self.target if self.source is None else f"{self.source} → {self.target}"


@dataclass(frozen=True, slots=True)
class Examples:
    fail: tuple[Example, ...]
    passing: tuple[Example, ...]


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A rule as declared in its YAML file."""

    code: str
    slug: str
    kind: str  # existence | substitution | python
    severity: str
    category: str
    message: str
    doc: str
    examples: Examples
    pack: str
    status: str = "stable"  # stable | preview
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    file: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    """What an analyzer reports: a span, suggested replacements and values for the message template."""

    start: int
    end: int
    suggestions: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    upstream_id: str | None = None  # a grammar engine's own rule id
    source: tuple[int, int] | None = None  # the source span a source-aware rule compared


@dataclass(frozen=True, slots=True)
class Issue:
    code: str
    slug: str
    category: str
    severity: str
    start: int
    end: int
    line: int  # 1-based
    column: int  # 1-based, in code points
    end_line: int  # 1-based line of the last character
    end_column: int  # 1-based column just after the last character, in code points
    text: str
    message: str
    suggestions: tuple[str, ...]
    origin: str
    fingerprint: str = ""  # stable across line shifts: code, normalised text and context (see engine)
    upstream_id: str | None = None  # the grammar engine's own rule id, for grammar-layer issues
    source_start: int | None = None  # the source span of a source-aware finding
    source_end: int | None = None
    source_text: str | None = None
    file_line: int | None = None  # the line in the input file, where the text's own lines are not the file's
    file_end_line: int | None = None
    fix: str | None = None  # "safe" or "unsafe" when the first suggestion can replace the span (see fixes.py)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "slug": self.slug,
            "category": self.category,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "text": self.text,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "origin": self.origin,
            "fingerprint": self.fingerprint,
            "upstream_id": self.upstream_id,
        }
        if self.source_start is not None:
            out.update(source_start=self.source_start, source_end=self.source_end, source_text=self.source_text)
        if self.file_line is not None:
            out.update(file_line=self.file_line, file_end_line=self.file_end_line)
        if self.fix is not None:
            out["fix"] = {"applicability": self.fix, "replacement": self.suggestions[0]}
        return out

    @property
    def lines_in_file(self) -> tuple[int, int]:
        """First and last line in the input file: the text's own lines, or where a record or unit sits."""
        if self.file_line is not None and self.file_end_line is not None:
            return self.file_line, self.file_end_line
        return self.line, self.end_line


@dataclass(frozen=True, slots=True)
class ArticleResult:
    path: str
    id: str | None
    encoding: str
    words: int
    score: float
    passed: bool
    issues: tuple[Issue, ...]
    penalty: float
    insufficient_sample: bool
    signature: str
    known: int = 0  # findings left out because a baseline lists them
    grammar_engine: str = "none (grammar off)"  # the engine that checked this article, or none and why
    source: dict[str, Any] | None = None  # the pairing used and the alignment, when a source was given
    text_sha256: str = ""  # of the text linted: `report --from` shows a text only when it still matches
    unused_suppressions: tuple[int, ...] = ()  # lines of `mtqa: ignore` comments that silenced nothing

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "id": self.id,
            "encoding": self.encoding,
            "words": self.words,
            "score": self.score,
            "passed": self.passed,
            "issues": [i.to_json() for i in self.issues],
            "penalty": self.penalty,
            "insufficient_sample": self.insufficient_sample,
            "known": self.known,
            "grammar_engine": self.grammar_engine,
            "source": self.source,
            "text_sha256": self.text_sha256,
        }
