"""Run the enabled rules over a document: analyze, gate, suppress, de-duplicate, score."""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

import regex

from .analyzers import Analyzer, resolve
from .analyzers.patterns import Prefilter, prefilter
from .catalog import CatalogError, check_examples, is_builtin
from .config import Settings, enabled_rules, ignored_here, signature
from .context import Context
from .grammar import RESULTS_CACHE, Cache, EngineFault, Finding, GrammarLayer, GrammarOptions, cache_dir, layer_for
from .model import (
    BOILERPLATE_CATEGORY,
    LEFTOVER_FAMILY,
    SEVERITY_RANK,
    ArticleResult,
    Document,
    Hit,
    Issue,
    RuleSpec,
)
from .segment import count_words, line_starts
from .vocabulary import load_vocabulary

# Any bracket content: a typo ("mt202", "MT-202") must be an unknown code (an error), not a bare
# `mtqa: ignore` that silences every rule on the line.
_SUPPRESS = regex.compile(r"mtqa:\s*ignore(?P<next>-next-line)?(?:\[(?P<codes>[^\]\n]*)\])?")


BREAKER = 5  # grammar-engine faults in a row after which a run stops asking the engine


def is_grammar(rule: RuleSpec) -> bool:
    return str(rule.options.get("analyzer", "")).startswith("grammar:")


def quality_score(settings: Settings, penalty: float, words: int) -> float:
    """The MQM-style score: 100 less the penalty per `reference_words` words (0 with no words and a penalty)."""
    if words:
        return round(max(0.0, 100.0 - penalty * settings.reference_words / words), 1)
    return 100.0 if not penalty else 0.0


@dataclass(frozen=True, slots=True)
class Linter:
    """The rules chosen by the settings, ready to lint many documents."""

    settings: Settings
    rules: tuple[RuleSpec, ...]
    analyzers: tuple[Analyzer, ...]  # one per rule, resolved at start-up so a bad rule fails before any work
    signature: str
    grammar: GrammarLayer | None = None  # one engine for the whole run, when a grammar rule is enabled
    grammar_note: str = "grammar off"  # why there is no grammar layer, or why `auto` fell back to Harper
    # a server engine's faults in a row and the last one (for the circuit breaker); not Harper's, which fail
    # per text, not per run
    _faults: list[Any] = field(default_factory=lambda: [0, ""], init=False, repr=False, compare=False)
    # whole results of earlier runs (see `lint`), and what their keys share: this run's code and setup
    results: Cache | None = field(default=None, repr=False, compare=False)
    _setup_key: str = field(default="", repr=False, compare=False)
    # the pattern rules an article's words rule out before they run (see `patterns.Prefilter`)
    prefilter: Prefilter | None = field(default=None, repr=False, compare=False)
    # read from the rules once rather than for every article: the rules of the first pass with their positions,
    # the `aggregate:` rules that read the others' findings, and what each rule's findings supersede
    _first: tuple[tuple[int, RuleSpec, Analyzer], ...] = field(init=False, repr=False, compare=False)
    _later: tuple[tuple[RuleSpec, Analyzer], ...] = field(init=False, repr=False, compare=False)
    _supersedes: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _page_findings: frozenset[str] = field(init=False, repr=False, compare=False)  # rules judging whole pages

    def __post_init__(self) -> None:
        pairs = list(zip(self.rules, self.analyzers, strict=True))
        later = [str(r.options.get("analyzer", "")).startswith("aggregate:") for r in self.rules]
        object.__setattr__(self, "_first", tuple((n, r, a) for n, (r, a) in enumerate(pairs) if not later[n]))
        object.__setattr__(self, "_later", tuple(p for n, p in enumerate(pairs) if later[n]))
        supersedes = {r.code: tuple(r.options.get("supersedes", ())) for r in self.rules}  # codes or prefixes
        object.__setattr__(self, "_supersedes", supersedes)
        pages = frozenset(r.code for r in self.rules if r.options.get("page_finding"))
        object.__setattr__(self, "_page_findings", pages)

    @classmethod
    def from_settings(cls, settings: Settings, *, check_fixes: bool = True, cache_results: bool = False) -> Linter:
        """Raises EngineUnavailable when the grammar engine asked for explicitly cannot run, and CatalogError
        when a rule of the user's own packs that declares safe fixes fails its examples (`check_fixes`; the
        built-in rules are checked by the test suite)."""
        rules = tuple(enabled_rules(settings))
        if check_fixes:
            for rule in rules:
                if rule.options.get("fix") == "safe" and not is_builtin(rule):
                    problems = check_examples(rule, rule_alone(settings, rule))
                    if problems:
                        raise CatalogError(problems[0])
        grammar_rules = [r for r in rules if is_grammar(r)]
        layer, why = None, "no grammar rule selected"
        if grammar_rules:
            dropped = [u for r in grammar_rules for u in r.options.get("upstream_off", ())]
            layer, why = layer_for(grammar_options(settings), dropped)
        if layer is None:
            rules = tuple(r for r in rules if not is_grammar(r))
            if not rules:  # `--select GR --grammar off`: every article would pass having been checked by nothing
                raise CatalogError(
                    f"no rule selected: only grammar engine rules are selected and no engine runs ({why})"
                )
        if any(r.options.get("analyzer", "").startswith("source:") for r in rules):
            from .terms import termbase

            termbase(settings.termbases)  # a bad termbase fails before any work (TermbaseError)
        load_vocabulary(settings.vocabulary)  # a bad vocabulary too (VocabularyError)
        label = f"{layer.engine.name}-{layer.engine.version}" if layer else "off"
        cached = cache_results and settings.grammar_cache
        analyzers = tuple(resolve(r) for r in rules)
        return cls(
            settings,
            rules,
            analyzers,
            signature(settings, list(rules), label),
            layer,
            why,
            results=Cache(cache_dir() / RESULTS_CACHE, table="articles") if cached else None,
            _setup_key=setup_key(settings, rules, layer.label if layer else "off") if cached else "",
            prefilter=prefilter(analyzers),
        )

    def lint_text(self, text: str, source: str | None = None) -> tuple[Issue, ...]:
        return self.lint(Document(mt=text, src=source)).issues

    def lint(self, doc: Document) -> ArticleResult:
        """The document's result: from the results cache when this code and setup linted it before."""
        if self.results is None:
            return self._lint(doc)
        key = _document_key(self._setup_key, doc)
        cached = self.results.get_text(key)
        if cached is not None:
            try:
                return result_from_json(cached)
            except (ValueError, TypeError, KeyError):
                pass  # a damaged row is a miss
        result = self._lint(doc)
        if self.grammar is None or result.grammar_engine == self.grammar.label:  # not a run the engine failed
            self.results.put_text(key, json.dumps(asdict(result), ensure_ascii=False))
        return result

    def _lint(self, doc: Document) -> ArticleResult:
        findings, engine = self._grammar(doc.mt)
        vocabulary = load_vocabulary(self.settings.vocabulary)
        ctx = Context(doc, findings, self.settings.termbases, vocabulary)
        issues: list[Issue] = []
        guarded = self.prefilter.guarded if self.prefilter else frozenset()
        possible = self.prefilter.possible(doc.mt) if self.prefilter else frozenset()
        for n, rule, analyze in self._first:
            if n in guarded and n not in possible:
                continue  # none of the literals its patterns require is in the article
            for hit in analyze(ctx, rule):  # most rules find nothing: no generator of issues for each
                issues.append(_issue(ctx, rule, hit))
        gated = _gate(ctx, _mine_first(issues))
        marks = _marks(ctx.text, ctx.line_starts)
        issues = _dedupe(_suppress(marks, gated), self._supersedes)
        here = ignored_here(self.settings, doc.path)
        if here:  # per-file-ignores: as if these rules had not run on this file
            issues = [i for i in issues if not i.code.startswith(here)]
        if vocabulary.accepted is not None:
            issues = _accepted(ctx.text, issues, vocabulary.accepted)
        if self._later:  # the rules that read the other rules' findings
            ctx.issues = tuple(issues)
            more = _gate(ctx, [_issue(ctx, r, hit) for r, analyze in self._later for hit in analyze(ctx, r)])
            gated += more
            issues += [i for i in _suppress(marks, more) if not (here and i.code.startswith(here))]
        issues.sort(key=lambda i: (i.start, i.end, i.code))
        return self._score(
            doc,
            _fingerprint(ctx, issues, self._page_findings),
            grammar_engine=engine,
            source=_source_info(ctx) if ctx.src else None,
            unused_suppressions=_unused_suppressions(marks, gated),
        )

    def flush(self) -> None:
        """Write what the caches hold in memory (they also do so at exit)."""
        if self.grammar is not None and self.grammar.cache is not None:
            self.grammar.cache.flush()
        if self.results is not None:
            self.results.flush()

    def _grammar(self, text: str) -> tuple[list[Finding], str]:
        """The engine's findings and the engine's name, or none and why. After `BREAKER` faults in a row
        (a server down or timing out) the engine is not asked again in this run: each article would wait
        out the timeout for nothing."""
        if self.grammar is None:
            return [], f"none ({self.grammar_note})"
        if self._faults[0] >= BREAKER:
            return [], f"none ({self.grammar.label}: not asked after {BREAKER} failures in a row: {self._faults[1]})"
        try:
            found = self.grammar.check(text), self.grammar.label
        except EngineFault as exc:
            if self.grammar.engine.name != "harper":
                self._faults[:] = [self._faults[0] + 1, str(exc)]
            return [], f"none ({exc})"
        self._faults[:] = [0, ""]
        return found

    def _score(self, doc: Document, issues: list[Issue], **how: Any) -> ArticleResult:
        """The document's result with these issues, and how it was linted (`ArticleResult`'s other fields)."""
        s = self.settings
        words = count_words(doc.mt)
        base = ArticleResult(
            path=doc.path,
            id=doc.id,
            encoding=doc.encoding,
            words=words,
            score=100.0,
            passed=True,
            issues=(),
            penalty=0.0,
            insufficient_sample=words < s.min_words,
            signature=self.signature,
            text_sha256=hashlib.sha256(doc.mt.encode("utf-8", "surrogatepass")).hexdigest(),
            **how,
        )
        return rescore(s, base, issues)


def rescore(settings: Settings, result: ArticleResult, issues: Iterable[Issue]) -> ArticleResult:
    """The result with these issues, its penalty, score and pass/fail computed from them: the one scoring
    function, used when an article is linted and when a baseline or changed lines leave issues out, so
    that what is listed and what is scored always agree."""
    kept = tuple(issues)
    # furniture apart, minor punctuation at a tenth (see `model.issue_weight`)
    penalty = sum(settings.weight(i.severity, i.category) for i in kept if i.category != BOILERPLATE_CATEGORY)
    score = quality_score(settings, penalty, result.words)
    passed = passes(settings, kept, score, result.insufficient_sample)
    return replace(result, issues=kept, penalty=penalty, score=score, passed=passed)


def blocking(settings: Settings, issues: Iterable[Issue]) -> list[Issue]:
    """The issues that fail the gate by severity (`fail_on`)."""
    floor = SEVERITY_RANK[settings.fail_on]
    return [i for i in issues if SEVERITY_RANK[i.severity] >= floor]


def passes(settings: Settings, issues: Iterable[Issue], score: float, insufficient: bool) -> bool:
    """The gate: no blocking issue, and a score at or above `min_score` (unless the sample is too small)."""
    return not blocking(settings, issues) and (insufficient or score >= settings.min_score)


def _source_info(ctx: Context) -> dict[str, object]:
    """The pairing used and what the alignment found, for the article's result."""
    pairs = ctx.pairs
    return {
        "pairing": ctx.doc.pairing or "given",
        "alignment": "given by the input format" if ctx.doc.alignment is not None else "length and numbers",
        "pairs": sum(1 for p in pairs if p.src_start < p.src_end and p.tgt_start < p.tgt_end),
        "unaligned_source": sum(1 for p in pairs if p.tgt_start == p.tgt_end),
        "unaligned_target": sum(1 for p in pairs if p.src_start == p.src_end),
    }


def setup_key(settings: Settings, rules: Sequence[RuleSpec], engine: str) -> str:
    """What a result depends on besides its document: mtqa's code and data (every file of the package and
    of the rule folders, by size and modification time), the settings, every enabled rule in full, the
    grammar engine, and the termbase and vocabulary files the settings name."""
    from .catalog import builtin_rules_dir

    h = hashlib.sha256()
    for root in (Path(__file__).parent, builtin_rules_dir(), *map(Path, settings.rule_packs)):
        for f in sorted(root.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts:
                st = f.stat()
                h.update(f"{f}\x1f{st.st_size}\x1f{st.st_mtime_ns}\n".encode())
    for extra in (*settings.termbases, settings.vocabulary):
        for f in [Path(extra)] if extra and Path(extra).is_file() else sorted(Path(extra).glob("*")) if extra else []:
            h.update(f.read_bytes() if f.is_file() else b"")
    h.update(
        repr((settings, [(r.code, r.severity, r.category, r.message, repr(r.options)) for r in rules], engine)).encode()
    )
    return h.hexdigest()


def _document_key(setup: str, doc: Document) -> str:
    fields = (doc.mt, doc.src, doc.ref, doc.path, doc.id, doc.encoding, doc.pairing, doc.alignment, doc.file_lines)
    return hashlib.sha256(f"{setup}\x1f{fields!r}".encode("utf-8", "surrogatepass")).hexdigest()


def result_from_json(text: str) -> ArticleResult:
    """An `ArticleResult` from `dataclasses.asdict` JSON (the results cache)."""
    data = json.loads(text)
    data["issues"] = tuple(Issue(**{**i, "suggestions": tuple(i["suggestions"])}) for i in data["issues"])
    data["unused_suppressions"] = tuple(data["unused_suppressions"])
    return ArticleResult(**data)


# what the house vocabulary's accepted terms do not silence: its own case rule, the source-aware findings,
# and Chinese left in the text
_VOCABULARY_KEEPS = ("MT904", "MT903", "MT101", "BI")


def _accepted(text: str, issues: list[Issue], accepted: regex.Pattern[str]) -> list[Issue]:
    """Drop the target-only findings that lie inside an accepted term of the house vocabulary."""
    spans = [(m.start(), m.end()) for m in accepted.finditer(text)]
    if not spans:
        return issues
    starts = [s for s, _ in spans]

    def inside(i: Issue) -> bool:
        k = bisect_right(starts, i.start) - 1
        return k >= 0 and i.end <= spans[k][1]

    return [i for i in issues if i.code.startswith(_VOCABULARY_KEEPS) or not inside(i)]


def rule_alone(settings: Settings, rule: RuleSpec) -> Callable[[str, str | None], tuple[Issue, ...]]:
    """A lint function that runs one rule on its own (with the others when it reads their findings), as
    its examples are tested; no grammar engine unless the rule is one of its (then the configured one,
    or the default where the configuration turns it off)."""
    if not settings.vocabulary and rule.options.get("example_vocabulary"):  # the sample its examples need
        settings = replace(
            settings, vocabulary=str((Path(rule.file).parent / rule.options["example_vocabulary"]).resolve())
        )
    if str(rule.options.get("analyzer", "")).startswith("aggregate:"):
        alone = replace(settings, select=(), ignore=())
    else:
        alone = replace(settings, select=(rule.code,), ignore=())
    if not is_grammar(rule):
        alone = replace(alone, grammar="off")
    elif alone.grammar == "off":
        alone = replace(alone, grammar="auto")
    return Linter.from_settings(alone, check_fixes=False).lint_text


def _issue(ctx: Context, rule: RuleSpec, hit: Hit) -> Issue:
    line = ctx.line_of(hit.start)
    last = ctx.line_of(max(hit.start, hit.end - 1))
    fields = dict(hit.fields)
    fields.setdefault("match", ctx.text[hit.start : hit.end])
    fields.setdefault("suggestion", hit.suggestions[0] if hit.suggestions else "")
    try:
        message = rule.message.format(**fields)
    except (KeyError, IndexError, ValueError):
        message = rule.message
    return Issue(
        code=rule.code,
        slug=rule.slug,
        category=rule.category,
        severity=rule.severity,
        start=hit.start,
        end=hit.end,
        line=line + 1,
        column=hit.start - ctx.line_starts[line] + 1,
        end_line=last + 1,
        end_column=hit.end - ctx.line_starts[last] + 1,
        text=ctx.text[hit.start : hit.end],
        message=message,
        suggestions=hit.suggestions,
        origin=f"rules/{rule.pack}",
        upstream_id=hit.upstream_id,
        file_line=ctx.doc.file_line(line),
        file_end_line=ctx.doc.file_line(last),
        source_start=hit.source[0] if hit.source else None,
        source_end=hit.source[1] if hit.source else None,
        source_text=ctx.src[hit.source[0] : hit.source[1]] if hit.source else None,
        fix=str(rule.options.get("fix", "unsafe")) if hit.suggestions and hit.end > hit.start else None,
    )


_HAN = regex.compile(r"\p{Han}")


def _mine_first(issues: list[Issue]) -> list[Issue]:
    """One finding per span: a grammar-engine finding that overlaps one of mtqa's own findings (the more
    specific rule, leftover Chinese included) is dropped, and so is one on Chinese text."""
    own = [i for i in issues if i.upstream_id is None]
    return [
        i
        for i in issues
        if i.upstream_id is None or not (_HAN.search(i.text) or any(j.start < i.end and i.start < j.end for j in own))
    ]


def _gate(ctx: Context, issues: list[Issue]) -> list[Issue]:
    """Drop translation findings inside page furniture: it is reported once, as such.

    Only findings that overlap a furniture finding go: a whole-line credit silences its line, an inline
    credit ("(Xinhua/Hu Chenhuan)") only itself, not the translation errors of the sentence around it.
    Leftover Chinese there is still reported, but as minor page furniture, apart and not scored, as the annotation
    guide of the real pages marks it ("print】【close", "当前位置:首页 >> 生活"): it is the site's, not the
    translation's.
    """
    furniture = [i for i in issues if i.category == BOILERPLATE_CATEGORY]
    if not furniture:
        return issues
    out = []
    for i in issues:
        if i.category == BOILERPLATE_CATEGORY or not any(f.start < i.end and i.start < f.end for f in furniture):
            out.append(i)
        elif i.code.startswith(LEFTOVER_FAMILY):
            out.append(replace(i, severity="minor", category=BOILERPLATE_CATEGORY))
    return out


class _Mark(NamedTuple):
    """One `mtqa: ignore[...]` comment."""

    line: int  # 0-based line of the comment
    target: int  # 0-based line it silences: its own, or the next for `ignore-next-line`
    codes: tuple[str, ...]  # the code prefixes it names; () for every code
    start: int
    end: int


def _marks(text: str, starts: list[int]) -> list[_Mark]:
    """The suppression comments of a text whose line starts are `starts`."""
    out = []
    for m in _SUPPRESS.finditer(text):
        line = bisect_right(starts, m.start()) - 1
        codes = tuple(c.strip() for c in (m.group("codes") or "").split(",") if c.strip())
        out.append(_Mark(line, line + (1 if m.group("next") else 0), codes, m.start(), m.end()))
    return out


def _suppress(marks: list[_Mark], issues: list[Issue]) -> list[Issue]:
    """Honour `mtqa: ignore[CODES]` on a line and `mtqa: ignore-next-line[CODES]` on the line before."""
    if not marks:
        return issues
    targets = {mk.target: mk.codes or ("",) for mk in marks}

    def kept(i: Issue) -> bool:
        if any(mk.start < i.end and i.start < mk.end for mk in marks):
            return False
        codes = targets.get(i.line - 1)
        return codes is None or not i.code.startswith(codes)

    return [i for i in issues if kept(i)]


def _unused_suppressions(marks: list[_Mark], issues: list[Issue]) -> tuple[int, ...]:
    """The 1-based lines of `mtqa: ignore` comments that silenced nothing (ruff's unused noqa)."""
    return tuple(
        mk.line + 1
        for mk in marks
        if not any(i.line - 1 == mk.target and i.code.startswith(mk.codes or ("",)) for i in issues)
    )


def unknown_suppressions(text: str, known: Iterable[str]) -> list[tuple[int, str]]:
    """(line, code) of each code in an `mtqa: ignore[...]` comment that no rule starts with: a typo that
    would otherwise suppress nothing without a word ("MT2O2")."""
    codes = tuple(known)
    return [
        (mk.line + 1, c)
        for mk in _marks(text, line_starts(text))
        for c in mk.codes
        if not any(k.startswith(c) for k in codes)
    ]


def _dedupe(issues: Iterable[Issue], supersedes: dict[str, tuple[str, ...]]) -> list[Issue]:
    """One finding per span: of a rule's overlapping findings keep the first and longest, and drop
    findings that an overlapping finding of a more specific rule supersedes (`supersedes`: code → the codes
    or code prefixes its findings supersede)."""
    last_end: dict[str, int] = {}
    items = []
    for i in sorted(issues, key=lambda i: (i.start, -i.end)):
        if i.start >= last_end.get(i.code, -1):
            last_end[i.code] = i.end
            items.append(i)
    return [
        i
        for i in items
        if not any(
            i.code.startswith(supersedes[j.code]) and i.code != j.code and j.start < i.end and i.start < j.end
            for j in items
            if j is not i
        )
    ]


_WORD = regex.compile(r"\w+")
_CONTEXT_WORDS = 3


def _fingerprint(ctx: Context, issues: list[Issue], pages: frozenset[str]) -> list[Issue]:
    """Give each issue a fingerprint that survives edits elsewhere in the article.

    It hashes the rule code, the flagged text and up to three words on either side within its own
    line (case and spacing folded), never line numbers, so adding or moving paragraphs changes nothing;
    a repeat of the same finding in the same words gets an occurrence number. A finding about the whole page
    (a rule of `pages`, MT905) is the page's: its code alone, so that mending the slip it marks, while others
    remain, does not make it new to a baseline.
    """
    seen: Counter[str] = Counter()
    out = []
    for i in issues:
        first, _ = ctx.line_span(i.line - 1)
        _, last = ctx.line_span(i.end_line - 1)
        before = _WORD.findall(ctx.text[max(first, i.start - 80) : i.start])[-_CONTEXT_WORDS:]
        after = _WORD.findall(ctx.text[i.end : min(last, i.end + 80)])[:_CONTEXT_WORDS]
        words = " ".join(_WORD.findall(i.text)) or i.text
        key = i.code if i.code in pages else "\x1f".join([i.code, words, *before, "|", *after]).casefold()
        n = seen[key]
        seen[key] += 1
        digest = hashlib.sha256(f"{key}\x1e{n}".encode()).hexdigest()[:20]
        out.append(replace(i, fingerprint=digest))
    return out


def grammar_options(settings: Settings) -> GrammarOptions:
    return GrammarOptions(
        choice=settings.grammar,
        languagetool_url=settings.languagetool_url,
        language=settings.grammar_language,
        disabled_rules=settings.grammar_disable,
        enabled_rules=settings.grammar_enable,
        picky=settings.grammar_picky,
        timeout=settings.grammar_timeout,
        cache=settings.grammar_cache,
    )
