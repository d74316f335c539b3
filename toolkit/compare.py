"""`mtqa compare`: reference-based scores with sacrebleu (BLEU, chrF, chrF++, TER) per article and for
the corpus, each with its sacrebleu signature, and paired bootstrap resampling between systems.

Everything is computed by sacrebleu's own classes with the settings its command line uses, and lines
are read as its command line reads them (UTF-8, each line right-stripped), so the figures are the
ones `sacrebleu REF -i HYP -m bleu chrf ter` prints. Paired bootstrap is sacrebleu's PairedTest
(1,000 resamples, seed 12345 unless SACREBLEU_SEED says otherwise), the first system the baseline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .textio import InputError, decode

if TYPE_CHECKING:
    from .engine import Linter

METRICS = ("bleu", "chrf", "chrf++", "ter")


@dataclass(frozen=True, slots=True)
class Article:
    name: str  # the path relative to the system's folder, or the file name
    lines: tuple[str, ...]


@dataclass
class SystemScores:
    name: str
    articles: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # name -> metric -> score
    corpus: dict[str, Any] = field(default_factory=dict)


def read_lines(path: Path) -> tuple[str, ...]:
    """Segments of a file, one per line, as sacrebleu's command line reads them (right-stripped)."""
    try:
        text, _ = decode(path.read_bytes())
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(line.rstrip() for line in lines)


def read_articles(path: str) -> list[Article]:
    """A file is one article; a folder holds one article per file (matched by relative path)."""
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
        if not files:
            raise InputError(f"{path}: folder has no files")
        return [Article(f.relative_to(p).as_posix(), read_lines(f)) for f in files]
    if not p.exists():
        raise InputError(f"{path}: no such file or folder")
    return [Article(p.name, read_lines(p))]


def match(system: str, hyps: list[Article], refs: list[Article]) -> list[tuple[Article, Article]]:
    """Pair a system's articles with the reference's, by name; counts of lines must agree."""
    if len(refs) == 1 and len(hyps) == 1:
        pairs = [(hyps[0], refs[0])]
    else:
        by_name = {a.name: a for a in refs}
        missing = [h.name for h in hyps if h.name not in by_name]
        if missing:
            raise InputError(f"{system}: no reference for {', '.join(missing[:3])}")
        pairs = [(h, by_name[h.name]) for h in hyps]
        unused = sorted(set(by_name) - {h.name for h in hyps})
        if unused:
            raise InputError(f"{system}: no translation for reference article(s) {', '.join(unused[:3])}")
    for h, r in pairs:
        if len(h.lines) != len(r.lines):
            raise InputError(f"{system}: {h.name} has {len(h.lines)} lines, its reference {len(r.lines)}")
    return pairs


def metric(name: str, references: Sequence[Sequence[str]] | None = None) -> Any:
    """A sacrebleu metric object as its command line builds it for `-m NAME`."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    if name == "bleu":
        return BLEU(references=references)
    if name == "chrf":
        return CHRF(references=references)
    if name == "chrf++":
        return CHRF(word_order=2, references=references)
    return TER(references=references)


def _score(name: str, hyps: Sequence[str], refs: Sequence[str], width: int) -> dict[str, Any]:
    m = metric(name)
    s = m.corpus_score(list(hyps), [list(refs)])
    return {
        "metric": s.name,
        "score": float(s.score),
        "formatted": s.format(width=width, score_only=True),
        "text": s.format(width=width),
        "signature": m.get_signature().format(),
    }


def score_systems(
    systems: Sequence[tuple[str, list[tuple[Article, Article]]]], metrics: Sequence[str], width: int
) -> list[SystemScores]:
    out = []
    for name, pairs in systems:
        row = SystemScores(name)
        for h, r in pairs:
            row.articles.append((h.name, {m: _score(m, h.lines, r.lines, width) for m in metrics}))
        hyps = [line for h, _ in pairs for line in h.lines]
        refs = [line for _, r in pairs for line in r.lines]
        row.corpus = {m: _score(m, hyps, refs, width) for m in metrics}
        out.append(row)
    return out


def paired_bootstrap(
    systems: Sequence[tuple[str, list[tuple[Article, Article]]]], metrics: Sequence[str], n: int = 1000
) -> dict[str, Any]:
    """sacrebleu's paired bootstrap resampling over the whole corpus; the first system is the baseline."""
    from sacrebleu.significance import PairedTest

    refs = [line for _, r in systems[0][1] for line in r.lines]
    named: list[tuple[str, Sequence[str]]] = [
        (name, [line for h, _ in pairs for line in h.lines]) for name, pairs in systems
    ]
    objs = {_label(m): metric(m, [refs]) for m in metrics}
    sigs, scores = PairedTest(named, objs, references=None, test_type="bs", n_samples=n)()
    table: dict[str, Any] = {"baseline": named[0][0], "resamples": n, "signatures": {}, "systems": []}
    for key, sig in sigs.items():
        table["signatures"][key] = sig.format()
    for k, sys_name in enumerate(scores["System"]):
        row: dict[str, Any] = {"system": sys_name}
        for key, results in scores.items():
            if key == "System":
                continue
            r: Any = results[k]  # a sacrebleu Result; only the System column holds names
            row[key] = {
                "score": float(r.score),
                "mean": _float(r.mean),
                "ci": _float(r.ci),
                "p_value": _float(r.p_value),
            }
        table["systems"].append(row)
    return table


def _float(value: Any) -> float | None:
    return None if value is None else float(value)  # sacrebleu gives NumPy floats


def _label(name: str) -> str:
    return {"bleu": "BLEU", "chrf": "chrF2", "chrf++": "chrF2++", "ter": "TER"}[name]


def match_source(sources: list[Article], refs: list[Article]) -> dict[str, Article]:
    """The source article of each reference article, by name; counts of lines must agree."""
    pairs = match("--source", sources, refs)
    return {r.name: s for s, r in pairs}


def mtqa_scores(
    systems: Sequence[tuple[str, list[tuple[Article, Article]]]],
    sources: dict[str, Article],
    linter: Linter,
    scores: list[SystemScores],
    width: int,
) -> None:
    """Add mtqa's own quality score (the MQM-style score of `lint`, with every line checked against its
    source line) to each article and to each system's corpus; the corpus figure is the same formula
    over all the system's words and penalties."""
    from .bitext import Unit, join_units
    from .engine import quality_score
    from .run import results_of
    from .segment import count_words

    settings = linter.settings
    for (name, pairs), row in zip(systems, scores, strict=True):
        words = issues = source_issues = 0
        penalty = 0.0
        docs = [
            join_units(
                f"{name}/{h.name}" if len(pairs) > 1 else name,
                [Unit(s, t) for s, t in zip(sources[r.name].lines, h.lines, strict=True)],
                "--source lines",
                "utf-8",
            )
            for h, r in pairs
        ]
        for k, (doc, result) in enumerate(zip(docs, results_of(linter, docs), strict=True)):
            found = len(result.issues)
            from_source = sum(i.source_start is not None for i in result.issues)
            row.articles[k][1]["mtqa"] = _mtqa_cell(result.score, found, from_source, linter.signature, width)
            words += count_words(doc.mt)
            penalty += result.penalty
            issues += found
            source_issues += from_source
        score = quality_score(settings, penalty, words)
        row.corpus["mtqa"] = _mtqa_cell(score, issues, source_issues, linter.signature, width)


def _mtqa_cell(score: float, issues: int, from_source: int, signature: str, width: int) -> dict[str, Any]:
    return {
        "metric": "mtqa",
        "score": score,
        "formatted": f"{score:.{width}f}",
        "issues": issues,
        "source_issues": from_source,
        "text": f"mtqa = {score:.{width}f} ({issues} issues, {from_source} against the source)",
        "signature": signature,
    }
