"""The `mtqa` command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from . import __version__
from .analyzers import AnalyzerError
from .catalog import CatalogError, all_rules
from .config import ConfigError, Settings, find_config, load_settings, merge
from .engine import Linter
from .formatters import FORMATTERS
from .model import ArticleResult, RuleSpec
from .textio import Failure, expand_paths, read_documents, write_atomic

EXIT_OK, EXIT_GATE, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _csv(value: str | None) -> list[str] | None:
    return None if value is None else [v for v in value.split(",") if v.strip()]


def _settings(config: str | None, isolated: bool) -> Settings:
    if isolated:
        return Settings()
    path = Path(config) if config else find_config(Path.cwd())
    if config and not Path(config).is_file():
        raise ConfigError(f"{config}: no such config file")
    return load_settings(path)


def _fail(message: str) -> NoReturn:
    click.echo(f"mtqa: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


@click.group()
@click.version_option(__version__, prog_name="mtqa")
def main() -> None:
    """Find machine-translation damage in English news translated from Chinese."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATTERS)), default="text", show_default=True)
@click.option("--select", help="Comma-separated code prefixes to run (e.g. MT2,MT401).")
@click.option("--ignore", help="Comma-separated code prefixes to skip.")
@click.option(
    "--fail-on",
    type=click.Choice(["minor", "major", "critical", "never"]),
    help="Fail (exit 1) on an issue at or above this severity [default: major].",
)
@click.option("--min-score", type=float, help="Fail (exit 1) on an article scoring below this [default: 90].")
@click.option("--extensions", help="Comma-separated file extensions to lint in directories.")
@click.option(
    "--config", type=click.Path(dir_okay=False), help="Config file (default: nearest mtqa.toml or pyproject.toml)."
)
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to this file (atomically).")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
def lint(
    paths: tuple[str, ...],
    fmt: str,
    select: str | None,
    ignore: str | None,
    fail_on: str | None,
    min_score: float | None,
    extensions: str | None,
    config: str | None,
    isolated: bool,
    output: str | None,
    debug: bool,
) -> None:
    """Lint articles: files, directories (recursive) or '-' for standard input."""
    try:
        settings = merge(
            _settings(config, isolated),
            select=_csv(select),
            ignore=_csv(ignore),
            fail_on=fail_on,
            min_score=min_score,
            extensions=_csv(extensions),
        )
        linter = Linter.from_settings(settings)
    except (ConfigError, CatalogError, AnalyzerError) as exc:
        _fail(str(exc))
    results: list[ArticleResult] = []
    failures: list[Failure] = []
    internal = False
    for path in expand_paths(paths, settings.extensions):
        for item in read_documents(path):
            if isinstance(item, Failure):
                failures.append(item)
                click.echo(f"mtqa: error: {item.path}: {item.message}", err=True)
                continue
            try:
                results.append(linter.lint(item))
            except Exception as exc:  # a bug must not cost the user the other articles
                if debug:
                    raise
                internal = True
                where = f"{item.path}#{item.id}" if item.id is not None else item.path
                failures.append(Failure(where, f"internal error: {type(exc).__name__}: {exc}"))
                click.echo(
                    f"mtqa: error: {where}: internal error ({type(exc).__name__}: {exc}); "
                    "please report it with this file (--debug shows the traceback)",
                    err=True,
                )
    report = FORMATTERS[fmt](results, failures, linter.signature)
    if output:
        try:
            write_atomic(output, report)
        except OSError as exc:
            _fail(f"{output}: cannot write: {exc.strerror or exc}")
    else:
        click.echo(report, nl=False)
    if internal:
        sys.exit(EXIT_INTERNAL)
    if failures:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_OK if all(r.passed for r in results) else EXIT_GATE)


def _catalog() -> dict[str, RuleSpec]:
    """The built-in rules and those of the rule packs the nearest config names."""
    try:
        return all_rules(_settings(None, False).rule_packs)
    except (ConfigError, CatalogError) as exc:
        _fail(str(exc))


@main.group(invoke_without_command=True)
@click.pass_context
def rules(ctx: click.Context) -> None:
    """List the rules: code, slug, severity, status, category."""
    if ctx.invoked_subcommand is not None:
        return
    for r in _catalog().values():
        click.echo(f"{r.code}  {r.slug:<32} {r.severity:<8} {r.status:<8} {r.category}")


@rules.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print a rule's documentation and examples."""
    rule = _catalog().get(code.upper())
    if rule is None:
        _fail(f"no rule {code!r} (see `mtqa rules`)")
    click.echo(f"{rule.code} {rule.slug} ({rule.severity}, {rule.category}, {rule.status})\n")
    click.echo(rule.doc)
    click.echo("\nFlagged:")
    for e in rule.examples.fail:
        click.echo(f"  {e}")
    click.echo("Not flagged:")
    for e in rule.examples.passing:
        click.echo(f"  {e}")


if __name__ == "__main__":
    main()
