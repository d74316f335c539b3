"""The `mtqa` command line."""

from __future__ import annotations

import codecs
import json
import math
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__
from .baseline import Baseline
from .baseline import create as baseline_create
from .bitext import SEGMENT_EXTENSIONS
from .catalog import CatalogError, all_rules
from .cli_options import (
    EXIT_GATE,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    csv_list,
    fail,
    jobs_option,
    make_linter,
    output_option,
    read_settings,
    refuse_overwrite,
    rule_options,
    settings_options,
    text_or_json,
    write_output,
)
from .config import ConfigError, Settings, enabled_rules, find_config, merge
from .engine import Linter, rescore
from .formatters import FORMATTERS, STREAMS, Run, Stream, Tally
from .formatters.base import baseline_line, where
from .formatters.json_format import result_dict
from .grammar import EngineUnavailable
from .html import is_html
from .model import ArticleResult, Document, RuleSpec
from .terminal import interactive, print_summary, progress, use_color
from .textio import (
    STDIN,
    Failure,
    Sources,
    encode_as_read,
    expand_paths,
    is_text_encoding,
    open_atomic,
    write_atomic,
)
from .vcs import Changes, GitError


@click.group()
@click.version_option(__version__, prog_name="mtqa")
def main() -> None:
    """Find machine-translation damage in English news translated from Chinese."""
    if threading.current_thread() is threading.main_thread():
        # SIGTERM unwinds like Ctrl-C: outputs are left as they were, temporary files and servers removed
        signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _jobs(jobs: int, linter: Linter) -> int:
    """The number of processes to lint with: one per core for 0; one with mtqa's own LanguageTool server,
    which serves the process that started it."""
    from .run import default_jobs

    jobs = jobs or default_jobs()
    if jobs > 1 and linter.grammar is not None and getattr(linter.grammar.engine, "local", None) is not None:
        return 1
    return jobs


def _rule_settings(
    config: str | None,
    isolated: bool,
    select: str | None,
    ignore: str | None,
    extensions: str | None,
    grammar: str | None,
    languagetool_url: str | None,
    **gate: Any,
) -> Settings:
    """The settings of the config file with the `rule_options` (and any gate options) applied."""
    return merge(
        read_settings(config, isolated),
        select=csv_list(select),
        ignore=csv_list(ignore),
        extensions=csv_list(extensions),
        grammar=grammar,
        languagetool_url=languagetool_url,
        **gate,
    )


@dataclass
class _Lint:
    """The articles of one run and what went wrong on the way."""

    results: list[ArticleResult] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    internal: bool = False


def _files(paths: tuple[str, ...], settings: Settings, output: str | None = None) -> list[str]:
    """The files to read; a folder's walk leaves out what lies in the run's own `output` folder."""
    return expand_paths(
        paths, settings.extensions, settings.source_suffix, settings.exclude, settings.respect_gitignore, output
    )


def _nothing_to_check(paths: tuple[str, ...], settings: Settings) -> str:
    """The message for paths that gave no file to read; the extensions say why a folder's files were not
    read (a file named is read whatever its name)."""
    what = ", ".join(STDIN if p == "-" else p for p in paths)
    exts = f" (extensions: {' '.join(settings.extensions)})" if any(Path(p).is_dir() for p in paths) else ""
    return f"no article to check in {what}{exts}"


def _lint_all(
    linter: Linter,
    files: list[str],
    debug: bool,
    quiet: bool = False,
    source: str | None = None,
    encoding: str | None = None,
    jobs: int = 1,
    keep_documents: bool = True,
    each: Callable[[ArticleResult, Document | None], None] | None = None,
    scheduler: str | None = None,
) -> _Lint:
    """Lint the files through the run layer, telling the user of failures as they come. `each` takes every
    result as it is made (streaming output: then no result is held); without `keep_documents` no text is."""
    from .run import ClusterError, lint_stream

    out = _Lint()
    s = linter.settings
    sources = Sources(s.source_suffix, s.target_suffix, source)
    checked, more = 0, 0  # articles, and those the grammar engine failed on past the first five
    failed: list[ArticleResult] = []
    label = linter.grammar.label if linter.grammar else None
    shown = progress(files, "linting", enabled=not quiet and interactive())
    try:
        for outcome in lint_stream(linter, shown, sources, encoding, jobs, debug, scheduler):
            for line in outcome.warnings:
                click.echo(line, err=True)
            for failure in outcome.failures:
                out.failures.append(failure)
                if not outcome.internal:
                    click.echo(f"mtqa: error: {failure.where}: {failure.message}", err=True)
            out.internal |= outcome.internal
            result = outcome.result
            if result is None or outcome.internal:
                continue
            checked += 1
            if label is not None and result.grammar_engine != label:
                if len(failed) < 5:
                    failed.append(result)
                else:
                    more += 1
            if each is not None:
                each(result, outcome.document)  # streaming: the result is written and not kept
                continue
            out.results.append(result)
            if keep_documents and outcome.document is not None:
                out.documents.append(outcome.document)
    except ClusterError as exc:  # raised before the first document, when the cluster cannot be used
        fail(str(exc))
    if _grammar_faults(linter, checked, failed, more) and linter.settings.grammar != "auto":
        # the engine asked for by name checked nothing: the run did not do what was asked (exit 2)
        out.failures.append(Failure(linter.grammar.label if linter.grammar else "grammar", "failed on every article"))
        click.echo(f"mtqa: error: grammar engine {linter.settings.grammar} failed on every article", err=True)
    return out


def _grammar_faults(linter: Linter, checked: int, failed: list[ArticleResult], more: int) -> bool:
    """One warning naming the engine, the fault and the articles it left without grammar checking (the
    first five of them in `failed`, `more` others); True when it failed on every article."""
    if linter.grammar is None or not failed:
        return False
    count = len(failed) + more
    names = ", ".join(where(r) for r in failed) + (f" and {more} more" if more else "")
    click.echo(
        f"mtqa: warning: grammar engine {linter.grammar.label} failed on {count} article(s), "
        f"checked without it: {names}: {failed[0].grammar_engine}",
        err=True,
    )
    return count == checked


def _on_changed_lines(results: list[ArticleResult], changes: Changes, settings: Settings) -> list[ArticleResult]:
    """Keep only the issues that touch a changed line; the score and the gate are those of these."""
    out = []
    for r in results:
        lines = None if r.id is not None else changes.lines(r.path)  # a JSONL record's lines are not the file's
        kept = [
            i
            for i in r.issues
            if lines is None or any(n in lines for n in range(i.lines_in_file[0], i.lines_in_file[1] + 1))
        ]
        out.append(rescore(settings, r, kept))
    return out


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(list(FORMATTERS)), default="text", show_default=True)
@click.option(
    "--fail-on",
    type=click.Choice(["minor", "major", "critical", "never"]),
    help=f"Fail (exit 1) on an issue at or above this severity [default: {Settings().fail_on}].",
)
@click.option(
    "--min-score", type=float, help=f"Fail (exit 1) on an article scoring below this [default: {Settings().min_score}]."
)
@output_option
@click.option(
    "--allow-empty", is_flag=True, help="Exit 0 when the paths hold no article to check (default: an error, exit 2)."
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when the gate fails (bad input still exits 2 or 3).")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule made, not the findings.")
@click.option(
    "--show-settings", is_flag=True, help="Print the settings in force and the config file they come from, and exit."
)
@click.option(
    "--encoding",
    metavar="NAME",
    help="Read every input in this encoding (gb18030, big5, utf-16, …) instead of detecting it.",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    help="Report and fail only on findings not in this baseline (see `mtqa baseline create`).",
)
@click.option("--changed-since", metavar="REF", help="Lint only files changed since this git ref (default PATH: .).")
@click.option(
    "--changed-lines", is_flag=True, help="With --changed-since: report and gate only issues on changed lines."
)
@click.option("-q", "--quiet", is_flag=True, help="Issues and errors only: no progress bar, summaries or table.")
@click.option(
    "--source",
    type=click.Path(dir_okay=False),
    help="The Chinese source of the one article given (default: a sibling a.zh.txt beside a.en.txt or a.txt).",
)
@click.option(
    "--show-source/--no-show-source",
    default=None,
    help="Text: show each finding's line with a caret under it [default: on a terminal].",
)
@jobs_option
@click.option("--fix", is_flag=True, help="Apply the safe fixes ([*]) to plain-text files, then report what is left.")
@click.option("--diff", is_flag=True, help="Print the changes --fix would make as a unified diff; write nothing.")
@click.option(
    "--unsafe-fixes", is_flag=True, help="With --fix or --diff: apply every rule's suggestion, not only safe ones."
)
@rule_options
def lint(
    paths: tuple[str, ...],
    fmt: str,
    fail_on: str | None,
    min_score: float | None,
    output: str | None,
    allow_empty: bool,
    exit_zero: bool,
    statistics: bool,
    show_settings: bool,
    encoding: str | None,
    baseline_path: str | None,
    changed_since: str | None,
    changed_lines: bool,
    quiet: bool,
    source: str | None,
    show_source: bool | None,
    jobs: int,
    scheduler: str | None,
    fix: bool,
    diff: bool,
    unsafe_fixes: bool,
    select: str | None,
    ignore: str | None,
    extensions: str | None,
    config: str | None,
    isolated: bool,
    grammar: str | None,
    languagetool_url: str | None,
    debug: bool,
) -> None:
    """Lint articles: files, directories (recursive) or '-' for standard input."""
    if changed_lines and not changed_since:
        fail("--changed-lines needs --changed-since REF")
    if not paths and not show_settings:
        if not changed_since:
            fail("give at least one PATH (a file, a directory, or - for standard input)")
        paths = (".",)
    try:
        settings = _rule_settings(
            config,
            isolated,
            select,
            ignore,
            extensions,
            grammar,
            languagetool_url,
            fail_on=fail_on,
            min_score=min_score,
        )
        baseline = Baseline.load(baseline_path) if baseline_path else None
    except ConfigError as exc:
        fail(str(exc))
    if show_settings:
        _print_settings(settings, config, isolated)
        return
    if statistics and fmt not in ("text", "json"):
        fail("--statistics prints text or json")
    if unsafe_fixes and not (fix or diff):
        fail("--unsafe-fixes goes with --fix or --diff")
    if (fix or diff) and (baseline or changed_lines):
        fail("--fix and --diff apply to every finding: not with --baseline or --changed-lines")
    files = _files(paths, settings, output)
    if source and (len(files) != 1 or files[0].lower().endswith((".jsonl", *SEGMENT_EXTENSIONS))):
        fail("--source FILE pairs one plain-text article with its Chinese source")
    if source and not Path(source).is_file():
        fail(f"--source {source}: no such file")
    changes = None
    if changed_since:
        try:
            changes = Changes(changed_since)
        except GitError as exc:
            fail(f"--changed-since {changed_since}: {exc}")
        files = [f for f in files if f != "-" and f in changes]
    refuse_overwrite(output, [*files, source, baseline_path, config])
    if encoding:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            fail(f"--encoding {encoding}: no such encoding")
        if not is_text_encoding(name):  # rot13, hex, base64: codecs, not encodings of text
            fail(f"--encoding {encoding}: not a text encoding")
        encoding = name
    linter = make_linter(settings)
    jobs = _jobs(jobs, linter)
    color = fmt == "text" and not output and use_color(sys.stdout)
    if show_source is None:
        show_source = fmt == "text" and not output and interactive()

    def nothing_checked() -> None:
        if changes is not None:
            click.echo(f"mtqa: no article changed since {changed_since}: nothing to check", err=True)
        elif not allow_empty:
            fail(f"{_nothing_to_check(paths, settings)}; --allow-empty accepts that")

    if fmt in STREAMS and not (baseline or changed_lines or statistics or fix or diff):
        # written as the results come, none kept: the output is the same as when rendered at the end
        meta = Run([], [], linter.signature, settings, linter.rules, None, color, quiet)
        table = fmt == "text" and not quiet and interactive()
        job = _Job(linter, files, debug, quiet, source, encoding, jobs, scheduler, show_source)
        _stream(STREAMS[fmt](), meta, job, output, nothing_checked, table, exit_zero)
    run = _lint_all(linter, files, debug, quiet, source, encoding, jobs, scheduler=scheduler)
    if not run.results and not run.failures:
        nothing_checked()
    if fix or diff:
        changes_made = _fix_files(linter, run, unsafe_fixes, write=not diff)
        if diff:
            click.echo("".join(changes_made), nl=False)
            if run.internal:
                sys.exit(EXIT_INTERNAL)
            sys.exit(EXIT_USAGE if run.failures else EXIT_GATE if changes_made else EXIT_OK)
    results, info = run.results, None
    if baseline:
        results, info = baseline.apply(results, settings)
        if not quiet:
            click.echo(f"mtqa: {baseline_line(info)}", err=True)
    if changes and changed_lines:
        results = _on_changed_lines(results, changes, settings)
    texts = {(d.path, d.id): d.mt for d in run.documents} if show_source else {}
    if statistics:
        rendered = _statistics(results, fmt)
    else:
        rendered = FORMATTERS[fmt](
            Run(results, run.failures, linter.signature, settings, linter.rules, info, color, quiet, texts)
        )
    write_output(rendered, output)
    if fmt == "text" and not quiet and len(results) > 1 and interactive():
        tally = Tally()
        for r in results:
            tally.add(r)
        print_summary(tally)
    _exit(run, all(r.passed for r in results), exit_zero)


def _exit(run: _Lint, all_passed: bool, exit_zero: bool) -> NoReturn:
    """lint's exit code: 3 after an internal error, 2 after bad input, else 1 when the gate failed."""
    if run.internal:
        sys.exit(EXIT_INTERNAL)
    if run.failures:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_OK if exit_zero or all_passed else EXIT_GATE)


@dataclass(frozen=True)
class _Job:
    """What `_lint_all` needs to lint the files of a run."""

    linter: Linter
    files: list[str]
    debug: bool
    quiet: bool
    source: str | None
    encoding: str | None
    jobs: int
    scheduler: str | None
    show_source: bool


def _stream(
    stream: Stream,
    meta: Run,
    job: _Job,
    output: str | None,
    nothing_checked: Callable[[], None],
    table: bool,
    exit_zero: bool,
) -> NoReturn:
    """Each article's output written as its result is made and the result let go, the closing part last;
    to a file (-o) atomically, or to standard output as it comes. `table`: the terminal's summary table."""
    tally = Tally()

    def run_into(write: Callable[[str], None]) -> _Lint:
        def each(result: ArticleResult, document: Document | None) -> None:
            tally.add(result)
            text = document.mt if job.show_source and document is not None else None
            write(stream.article(meta, result, text))

        run = _lint_all(
            job.linter,
            job.files,
            job.debug,
            job.quiet,
            job.source,
            job.encoding,
            job.jobs,
            keep_documents=False,
            each=each,
            scheduler=job.scheduler,
        )
        if not tally.articles and not run.failures:
            nothing_checked()
        for piece in stream.closing(replace(meta, failures=run.failures), tally):
            write(piece)
        return run

    if output:
        try:
            with open_atomic(output) as fh:

                def to_file(text: str) -> None:
                    fh.write(text.encode("utf-8"))

                run = run_into(to_file)
        except OSError as exc:
            fail(f"{output}: cannot write: {exc.strerror or exc}")
    else:
        run = run_into(lambda text: click.echo(text, nl=False))
    if table and tally.articles > 1:
        print_summary(tally)
    _exit(run, tally.passed == tally.articles, exit_zero)


def _report_while_linting(
    linter: Linter,
    files: list[str],
    output: str,
    rules: dict[str, RuleSpec],
    debug: bool,
    quiet: bool,
    jobs: int,
    scheduler: str | None,
) -> tuple[list[str] | None, dict[str, Any], bool]:
    """Each article's page written (to a temporary name) as its result comes, so that no text is held; the
    index and rules pages at the end. The folder is checked and locked before the first article. No file
    is written (None) when no article was checked."""
    from .report import Page, PageNames, Report, ReportFolder

    settings = linter.settings
    with ReportFolder(output) as folder:
        report = Report(rules, dict(settings.weights), {"name": "mtqa", "version": __version__})
        tally = Tally()
        names = PageNames()

        def each(result: ArticleResult, document: Document | None) -> None:
            tally.add(result)
            art = result.to_json()
            text, src = (document.mt, document.src) if document is not None else (None, None)
            name = names(result.path, result.id)
            folder.add(name, report.page(Page(art, text, src, name)))

        run = _lint_all(linter, files, debug, quiet, jobs=_jobs(jobs, linter), each=each, scheduler=scheduler)
        result = result_dict(Run([], run.failures, linter.signature, settings, linter.rules))
        if not tally.articles:  # every input skipped or failed: not committed, the folder keeps what it had
            return None, result, run.internal
        result["summary"] = tally.as_dict()  # counted as the results came: none was kept
        for name, content in report.finish(result).items():
            folder.add(name, content)
        return folder.commit(result.get("tool")), result, run.internal


def _prelinted(linter: Linter, pages: list[Any], jobs: int) -> Callable[[Document], ArticleResult]:
    """The pages' results, made beforehand by the run layer (in worker processes with `jobs` > 1)."""
    from .run import LintFailure, results_of

    jobs = _jobs(jobs, linter)
    if jobs <= 1:
        return linter.lint
    docs = [Document(mt=p.text, path=p.path) for p in pages]
    try:
        results = {d.path: r for d, r in zip(docs, results_of(linter, docs, jobs), strict=True)}
    except LintFailure as exc:
        fail(f"{exc}")
    return lambda doc: results[doc.path]


def _fix_files(linter: Linter, run: _Lint, unsafe: bool, write: bool) -> list[str]:
    """Apply the fixes to each plain-text file of the run (and write it, atomically, in the encoding it was
    read in) or make its unified diff; the file's result becomes that of the fixed text. Files of records,
    units or web pages are left alone (their text is not the file's) with a warning when they had fixes."""
    import difflib

    from .fixes import fix_text, fixable

    by_path: dict[str, list[int]] = {}
    for k, doc in enumerate(run.documents):
        by_path.setdefault(doc.path, []).append(k)
    diffs: list[str] = []
    for path, ks in by_path.items():
        doc = run.documents[ks[0]]
        pending = sum(fixable(i, unsafe) for k in ks for i in run.results[k].issues)
        if not pending:
            continue
        if (
            path == STDIN
            or len(ks) > 1
            or doc.file_lines
            or is_html(path)
            or path.lower().endswith((".jsonl", *SEGMENT_EXTENSIONS))
        ):
            click.echo(
                f"mtqa: warning: {path}: {pending} fix(es) not applied: fixes apply to plain-text files only", err=True
            )
            continue
        original = Path(path).read_bytes()

        def lint_as(text: str, doc: Document = doc) -> ArticleResult:
            return linter.lint(replace(doc, mt=text))

        text, applied, result = fix_text(doc.mt, lint_as, unsafe)
        if not applied:
            continue
        encoded = encode_as_read(text, doc.encoding, original)
        why = None if encoded is not None else f"it cannot be written back as {doc.encoding}"
        if why is None and encode_as_read(doc.mt, doc.encoding, original) != original:
            why = "it changed since it was read"
        if encoded is None or why:
            click.echo(f"mtqa: warning: {path}: {len(applied)} fix(es) not applied: {why}", err=True)
            continue
        if write:
            try:
                write_atomic(path, encoded)
            except OSError as exc:
                run.failures.append(Failure(path, f"cannot write the fixes: {exc.strerror or exc}"))
                click.echo(f"mtqa: error: {path}: cannot write the fixes: {exc.strerror or exc}", err=True)
                continue
            click.echo(f"mtqa: {path}: {len(applied)} fix(es) applied", err=True)
        else:
            lines = difflib.unified_diff(
                doc.mt.splitlines(keepends=True),
                text.splitlines(keepends=True),
                *((path, path) if Path(path).is_absolute() else (f"a/{path}", f"b/{path}")),
            )
            diffs.append(
                "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
            )
        run.results[ks[0]], run.documents[ks[0]] = result, replace(doc, mt=text)
    return diffs


def _statistics(results: list[ArticleResult], fmt: str) -> str:
    """Findings per rule, most first (ruff's --statistics)."""
    counts = Counter((i.code, i.slug, i.severity) for r in results for i in r.issues)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    if fmt == "json":
        data = [{"code": c, "slug": s, "severity": sev, "count": n} for (c, s, sev), n in rows]
        return json.dumps(data, indent=1) + "\n"
    return "".join(f"{n:>6}  {c:<6} {s:<32} {sev}\n" for (c, s, sev), n in rows)


def _print_settings(settings: Settings, config: str | None, isolated: bool) -> None:
    """The config file used (or none, and why) and every setting in force, as `mtqa lint --show-settings`."""
    if isolated:
        where = "none (--isolated)"
    else:
        found = Path(config) if config else find_config(Path.cwd())
        where = str(found) if found else "none found from the current folder up: defaults"
    click.echo(f"config file: {where}")
    for name, value in sorted(asdict(settings).items()):
        click.echo(f"{name} = {json.dumps(value, ensure_ascii=False)}")
    try:
        rules = enabled_rules(settings)
    except CatalogError as exc:  # an unknown code in the settings, or a bad rule pack: shown, then exit 2
        fail(str(exc))
    click.echo(f"rules enabled: {len(rules)} ({', '.join(r.code for r in rules)})")


@main.group()
def baseline() -> None:
    """Record current findings so that `mtqa lint --baseline` fails only on new ones."""


@baseline.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default="mtqa-baseline.json",
    show_default=True,
    help="The baseline file to write (atomically).",
)
@jobs_option
@rule_options
def create(
    paths: tuple[str, ...],
    output: str,
    jobs: int,
    scheduler: str | None,
    select: str | None,
    ignore: str | None,
    extensions: str | None,
    config: str | None,
    isolated: bool,
    grammar: str | None,
    languagetool_url: str | None,
    debug: bool,
) -> None:
    """Lint PATHS and record every finding in a baseline file."""
    try:
        settings = _rule_settings(config, isolated, select, ignore, extensions, grammar, languagetool_url)
    except ConfigError as exc:
        fail(str(exc))
    files = _files(paths, settings, output)
    refuse_overwrite(output, [*files, config])
    linter = make_linter(settings)
    run = _lint_all(linter, files, debug, jobs=_jobs(jobs, linter), scheduler=scheduler)
    if run.failures:
        fail(f"baseline not written: {len(run.failures)} input(s) could not be linted")
    write_output(baseline_create(run.results, linter.signature, output), output)
    found = sum(len(r.issues) for r in run.results)
    click.echo(f"mtqa: wrote {output}: {found} finding(s) in {len(run.results)} article(s)", err=True)


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "-o", "--output", type=click.Path(file_okay=False), default="reports", show_default=True, help="Report folder."
)
@click.option(
    "--from",
    "from_json",
    type=click.Path(dir_okay=False),
    help="Render a saved JSON result (`mtqa lint --format json`) instead of linting.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no closing line.")
@jobs_option
@rule_options
def report(
    paths: tuple[str, ...],
    output: str,
    from_json: str | None,
    quiet: bool,
    jobs: int,
    scheduler: str | None,
    select: str | None,
    ignore: str | None,
    extensions: str | None,
    config: str | None,
    isolated: bool,
    grammar: str | None,
    languagetool_url: str | None,
    debug: bool,
) -> None:
    """Write an HTML report: index.html, a page per article and rules.html, into a folder."""
    from .report import ReportError, check_result, pages_from_files  # jinja2 when reporting
    from .report import render as render_report

    if bool(paths) == bool(from_json):
        fail("give PATHs to lint, or --from RESULT.json, not both")
    if "-" in paths:
        fail("the report needs files: standard input cannot be read twice")
    try:
        settings = _rule_settings(config, isolated, select, ignore, extensions, grammar, languagetool_url)
        rules = all_rules(settings.rule_packs)
    except (ConfigError, CatalogError) as exc:
        fail(str(exc))
    files = _files(paths, settings, output) if paths else []
    if paths and not files:  # an empty report and exit 0 would say every article passed
        fail(_nothing_to_check(paths, settings))
    refuse_overwrite(output, [*files, from_json, config])
    internal = False
    written: list[str] | None = None
    try:
        if from_json:
            try:
                result = json.loads(Path(from_json).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
                fail(f"{from_json}: cannot read result: {exc}")
            problem = check_result(result)
            if problem:
                fail(f"{from_json}: not an mtqa JSON result: {problem}")
            pages, problems = pages_from_files(result)
            for f in problems:
                click.echo(f"mtqa: warning: {f.where}: {f.message}", err=True)
            written = render_report(result, pages, rules, output)
        else:
            linter = make_linter(settings)
            written, result, internal = _report_while_linting(
                linter, files, output, rules, debug, quiet, jobs, scheduler
            )
    except (ReportError, OSError) as exc:
        fail(str(exc) if isinstance(exc, ReportError) else f"{output}: cannot write report: {exc}")
    if written is None:  # an empty report, exit 0, would say every article passed
        if internal:
            sys.exit(EXIT_INTERNAL)
        errors = len(result.get("errors") or ())
        fail(
            f"report not written: no article was checked ({errors} input(s) could not be linted)"
            if errors
            else f"{_nothing_to_check(paths, settings)}: report not written"
        )
    if not quiet:
        click.echo(f"mtqa: wrote {Path(output) / 'index.html'} and {len(written) - 2} other file(s)", err=True)
    if internal:
        sys.exit(EXIT_INTERNAL)
    sys.exit(EXIT_USAGE if result.get("errors") else EXIT_OK)


@main.command("eval")
@click.argument("annotations", nargs=-1, required=True)
@text_or_json
@click.option(
    "--rules", "rule_codes", help="Comma-separated code prefixes to measure (a full code also runs a preview rule)."
)
@click.option("--preview", is_flag=True, help="Measure the preview rules too.")
@click.option("--systems", help="Comma-separated MT systems to keep (default: all).")
@click.option(
    "--with-source",
    is_flag=True,
    help="Give the linter each segment's Chinese source (read by source-aware rules only).",
)
@click.option(
    "--seeds",
    "samples",
    type=click.IntRange(1, 100),
    default=5,
    show_default=True,
    help="Random placements for the chance level.",
)
@click.option(
    "--suggest-config",
    type=click.Path(dir_okay=False),
    help="Write the settings the measurements support to this file.",
)
@click.option(
    "--min-lift", type=float, default=0.15, show_default=True, help="Precision above chance a default rule needs."
)
@click.option("--min-flags", type=int, default=5, show_default=True, help="Flags a rule needs before it is judged.")
@click.option(
    "-j", "--jobs", type=click.IntRange(0), default=1, show_default=True, help="Worker processes (0: one per core)."
)
@output_option
@settings_options
def eval_command(
    annotations: tuple[str, ...],
    fmt: str,
    rule_codes: str | None,
    preview: bool,
    systems: str | None,
    with_source: bool,
    samples: int,
    suggest_config: str | None,
    min_lift: float,
    min_flags: int,
    jobs: int,
    output: str | None,
    config: str | None,
    isolated: bool,
    grammar: str | None,
    languagetool_url: str | None,
) -> None:
    """Measure the rules against expert MQM annotations (WMT TSV: system, doc, doc_id, seg_id, rater,
    source, target, category, severity): precision against chance, recall, false alarms, correlations."""
    import time

    from . import evaluation, spans
    from .mqm import MqmError, read_marot

    try:
        settings = read_settings(config, isolated)
        chosen = csv_list(rule_codes)
        if chosen == []:
            fail(f"--rules {rule_codes!r} names no rule code")
        if not math.isfinite(min_lift):  # nan judges no rule weak, inf every rule
            fail(f"command line: min-lift must be a finite number, not {min_lift}")
        catalog = all_rules(settings.rule_packs)
        for prefix in chosen or ():
            if prefix.upper() != "ALL" and not any(c.startswith(prefix.upper()) for c in catalog):
                fail(f"--rules {rule_codes}: no rule matches {prefix!r}")
        if preview:
            chosen = [c for c in catalog if not chosen or any(c.startswith(p.upper()) for p in chosen)]
        settings = merge(settings, select=chosen, grammar=grammar, languagetool_url=languagetool_url)
    except (ConfigError, CatalogError) as exc:
        fail(str(exc))
    linter = make_linter(settings)
    if not linter.rules:
        fail(f"--rules {rule_codes}: no rule matches")
    if suggest_config and len(annotations) > 1:
        fail("--suggest-config takes one annotation file")
    refuse_overwrite(output, [*annotations, config])
    refuse_overwrite(suggest_config, [*annotations, config], "--suggest-config")
    wanted = tuple(csv_list(systems) or ())
    reports: list[dict[str, object]] = []  # --format json
    texts: list[str] = []  # --format text
    failed = False
    for path in annotations:
        t0 = time.perf_counter()
        if spans.is_span_corpus(path):
            try:
                pages, problems = spans.read_corpus(path)
            except spans.SpanCorpusError as exc:
                click.echo(f"mtqa: error: {exc}", err=True)
                failed = True
                continue
            for problem in problems:
                click.echo(f"mtqa: warning: {problem}", err=True)
            sev = spans.evaluate_pages(pages, _prelinted(linter, pages, jobs))
            verdicts = evaluation.judge(sev.per_rule, linter.rules, min_lift, min_flags)
            if fmt == "json":
                reports.append(spans.to_dict(sev, path, linter.signature, verdicts))
            else:
                texts.append(spans.render_text(sev, path, linter.signature, time.perf_counter() - t0, verdicts))
            continue
        try:
            segments = read_marot(path)
        except MqmError as exc:
            click.echo(f"mtqa: error: {exc}", err=True)
            failed = True
            continue
        if wanted:
            known = {s.system for s in segments}
            unknown = [w for w in wanted if w not in known]
            if unknown:
                click.echo(
                    f"mtqa: error: {path}: no system {', '.join(unknown)} (it has {', '.join(sorted(known))})", err=True
                )
                failed = True
                continue
            segments = [s for s in segments if s.system in wanted]
        lint_segment = evaluation.segment_linter(linter, with_source, path, segments, _jobs(jobs, linter))
        calibration = evaluation.Calibration(*settings.calibration)
        ev = evaluation.evaluate(segments, lint_segment, settings.weight, calibration, samples)
        meta = evaluation.Meta(path, linter.signature, time.perf_counter() - t0, samples, with_source, wanted)
        verdicts = evaluation.judge(ev.per_rule, linter.rules, min_lift, min_flags)
        if fmt == "json":
            reports.append(evaluation.to_dict(ev, meta, verdicts))
        else:
            texts.append(evaluation.render_text(ev, meta, verdicts))
        if suggest_config:
            current = (settings.select if not preview and not rule_codes else (), settings.ignore, settings.severity)
            snippet = evaluation.suggest_config(verdicts, linter.rules, current, meta, min_lift, ev.fitted)
            write_output(snippet, suggest_config)
            click.echo(f"mtqa: wrote {suggest_config}", err=True)
    if reports:
        write_output(
            json.dumps(reports if len(reports) > 1 else reports[0], indent=1, ensure_ascii=False) + "\n", output
        )
    elif texts:
        write_output("\n".join(texts), output)
    sys.exit(EXIT_USAGE if failed else EXIT_OK)


def _catalog() -> dict[str, RuleSpec]:
    """The built-in rules and those of the rule packs the nearest config names."""
    try:
        return all_rules(read_settings(None, False).rule_packs)
    except (ConfigError, CatalogError) as exc:
        fail(str(exc))


@main.group(invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def rules(ctx: click.Context, fmt: str) -> None:
    """List the rules: code, slug, severity, status, category, [*] for safe fixes (with --format json:
    everything, docs too)."""
    if ctx.invoked_subcommand is not None:
        return
    if fmt == "json":
        data = [
            {
                "code": r.code,
                "slug": r.slug,
                "severity": r.severity,
                "status": r.status,
                "category": r.category,
                "kind": r.kind,
                "fix": r.options.get("fix", "unsafe"),
                "pack": r.pack,
                "message": r.message,
                "doc": r.doc,
                "examples": {
                    "fail": [
                        {"target": e.target, "source": e.source, "span": e.span, "fix": e.fix} for e in r.examples.fail
                    ],
                    "pass": [{"target": e.target, "source": e.source} for e in r.examples.passing],
                },
                "file": r.file,
            }
            for r in _catalog().values()
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    for r in _catalog().values():
        fix = " [*]" if r.options.get("fix") == "safe" else ""
        click.echo(f"{r.code}  {r.slug:<32} {r.severity:<8} {r.status:<8} {r.category}{fix}")


@rules.command()
@click.option("--config", type=click.Path(dir_okay=False), help="Config file naming the rule packs.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files: the built-in rules only.")
def check(config: str | None, isolated: bool) -> None:
    """Run every rule on its own examples, as a rule author tests a pack: fail examples flagged, pass
    examples not, marked spans and fixes as the examples say, no fix flagged again. Exit 1 on a problem."""
    from .catalog import check_examples
    from .engine import rule_alone

    try:
        settings = read_settings(config, isolated)
        catalog = all_rules(settings.rule_packs)
    except (ConfigError, CatalogError) as exc:
        fail(str(exc))
    problems = []
    for rule in catalog.values():
        try:
            problems += check_examples(rule, rule_alone(settings, rule))
        except EngineUnavailable as exc:
            problems.append(f"{rule.file}: {rule.code} not checked: {exc}")
    for problem in problems:
        click.echo(problem)
    click.echo(f"{len(catalog)} rules checked on their examples: {len(problems)} problem(s)", err=True)
    sys.exit(1 if problems else 0)


@rules.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print a rule's documentation and examples."""
    rule = _catalog().get(code.upper())
    if rule is None:
        fail(f"no rule {code!r} (see `mtqa rules`)")
    click.echo(f"{rule.code} {rule.slug} ({rule.severity}, {rule.category}, {rule.status})\n")
    click.echo(rule.doc)
    click.echo("\nFlagged:")
    for e in rule.examples.fail:
        click.echo(f"  {e}")
    click.echo("Not flagged:")
    for e in rule.examples.passing:
        click.echo(f"  {e}")


@main.group()
def cache() -> None:
    """The cache of the grammar engine's findings and of article results (MTQA_CACHE_DIR, else ~/.cache/mtqa)."""


@cache.command("info")
def cache_info() -> None:
    """Where the cache is, how many texts it holds and its size on disk."""
    from .grammar import CACHE_MAX_MB, GRAMMAR_CACHE, RESULTS_CACHE, Cache, cache_dir

    findings = Cache(cache_dir() / GRAMMAR_CACHE).info()
    articles = Cache(cache_dir() / RESULTS_CACHE, table="articles").info()
    mib = (int(str(findings["bytes"])) + int(str(articles["bytes"]))) / 2**20
    click.echo(
        f"path: {cache_dir()}\nrows: {findings['rows']} grammar-engine texts, {articles['rows']} article results\n"
        f"size: {mib:.1f} MiB (bound {CACHE_MAX_MB} MiB a file: {GRAMMAR_CACHE}, {RESULTS_CACHE})"
    )


@cache.command("clear")
def cache_clear() -> None:
    """Delete every cached finding and result."""
    from .grammar import GRAMMAR_CACHE, RESULTS_CACHE, Cache, cache_dir

    n = Cache(cache_dir() / GRAMMAR_CACHE).clear() + Cache(cache_dir() / RESULTS_CACHE, table="articles").clear()
    click.echo(f"removed {n} cached text(s) and result(s) from {cache_dir()}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback only by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=8081, show_default=True, help="Port (0: any free one).")
@click.option("--max-chars", type=click.IntRange(1), default=100_000, show_default=True, help="Longest text checked.")
@click.option("--rate", type=click.IntRange(1), default=120, show_default=True, help="Checks a minute per client.")
@rule_options
def server(
    host: str,
    port: int,
    max_chars: int,
    rate: int,
    select: str | None,
    ignore: str | None,
    extensions: str | None,
    config: str | None,
    isolated: bool,
    grammar: str | None,
    languagetool_url: str | None,
    debug: bool,
) -> None:
    """Serve mtqa over LanguageTool's HTTP protocol (/v2/check, /v2/languages), for LanguageTool's clients:
    point the LibreOffice or browser add-on, LTeX or language-tool-python at http://HOST:PORT."""
    import ipaddress

    from .server import Limits, make_server

    try:
        settings = _rule_settings(config, isolated, select, ignore, extensions, grammar, languagetool_url)
    except ConfigError as exc:
        fail(str(exc))
    linter = make_linter(settings)
    limits = Limits(max_bytes=max(1_000_000, max_chars * 8), max_chars=max_chars, rate=rate)
    try:
        httpd = make_server(linter, host, port, limits)
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    bound_host, bound_port = str(httpd.server_address[0]), httpd.server_address[1]
    try:
        open_to_network = not ipaddress.ip_address(host).is_loopback
    except ValueError:
        open_to_network = host != "localhost"
    if open_to_network:
        click.echo(f"mtqa: warning: listening on {host}: other machines can reach this server", err=True)
    click.echo(f"mtqa server: http://{bound_host}:{bound_port}/v2/ ({linter.signature}); Ctrl-C stops it", err=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()


from .cli_compare import compare  # noqa: E402  (a command of its own module)

main.add_command(compare)


def entry() -> None:
    """The `mtqa` command: click's main, and an error that escapes every guard is one line and exit 3,
    never a traceback with exit 1 (which means "gate failed")."""
    try:
        main(standalone_mode=True)
    except Exception as exc:
        if "--debug" in sys.argv:
            raise
        click.echo(
            f"mtqa: internal error: {type(exc).__name__}: {str(exc)[:300]}; please report it "
            "(--debug shows the traceback)",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    entry()
