"""What the commands share: exit codes, the options several commands take (defined once), reading the
configuration, building the linter, writing an output, and the one-line error. `cli` and `cli_compare`
both import it; neither imports the other's internals."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn

import click

from .analyzers import AnalyzerError
from .catalog import CatalogError
from .config import ConfigError, Settings, find_config, load_settings
from .engine import Linter
from .grammar import CHOICES as GRAMMAR_CHOICES
from .grammar import EngineUnavailable, cache_problem
from .syntax import SyntaxLayerError
from .textio import overwritten_input, write_atomic

EXIT_OK, EXIT_GATE, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def csv_list(value: str | None) -> list[str] | None:
    return None if value is None else [v for v in value.split(",") if v.strip()]


def read_settings(config: str | None, isolated: bool) -> Settings:
    if isolated:
        if config:  # as ruff does: --isolated would drop the named config without a word
            raise ConfigError(f"{config}: --config and --isolated exclude each other (--isolated reads no config)")
        return Settings()
    path = Path(config) if config else find_config(Path.cwd())
    if config and not Path(config).is_file():
        raise ConfigError(f"{config}: no such config file")
    return load_settings(path)


def fail(message: str) -> NoReturn:
    click.echo(f"mtqa: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def refuse_overwrite(output: str | None, inputs: Iterable[str | None], option: str = "-o") -> None:
    """Stop (exit 2) before anything is written when the output would replace one of the inputs."""
    clash = overwritten_input(output, inputs)
    if clash is not None:
        fail(f"{option} {output} would overwrite an input ({clash}): nothing written; write it outside the inputs")


def apply_options(options: list[Callable[[Any], Any]], f: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(options):
        f = option(f)
    return f


# Options several commands share, defined once.
output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write the report to this file (atomically)."
)
text_or_json = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)


def settings_options(f: Callable[..., None]) -> Callable[..., None]:
    """Options for the config file and the grammar engine, shared by every command that lints."""
    return apply_options(
        [
            click.option(
                "--config",
                type=click.Path(dir_okay=False),
                help="Config file (default: nearest mtqa.toml or pyproject.toml).",
            ),
            click.option("--isolated", is_flag=True, help="Ignore all configuration files."),
            click.option(
                "--grammar",
                type=click.Choice(GRAMMAR_CHOICES),
                help="Grammar engine [default: auto: LanguageTool if --languagetool-url is set and reachable, "
                "else Harper].",
            ),
            click.option(
                "--languagetool-url", help='A LanguageTool server (http://host:8081), or "public" for the public API.'
            ),
        ],
        f,
    )


def rule_options(f: Callable[..., None]) -> Callable[..., None]:
    """Options that choose the rules and files, shared by `lint`, `baseline create` and `report`."""
    return apply_options(
        [
            click.option("--select", help="Comma-separated code prefixes to run (e.g. MT2,MT401)."),
            click.option("--ignore", help="Comma-separated code prefixes to skip."),
            click.option("--extensions", help="Comma-separated file extensions to lint in directories."),
            settings_options,
            click.option("--debug", is_flag=True, help="Show the traceback of an internal error."),
        ],
        f,
    )


def jobs_option(f: Callable[..., None]) -> Callable[..., None]:
    return apply_options(
        [
            click.option(
                "-j",
                "--jobs",
                type=click.IntRange(0),
                default=0,
                help="Worker processes (0: one per core; a run of a few articles stays in one process) [default: 0].",
            ),
            click.option(
                "--scheduler",
                metavar="ADDRESS",
                help="Lint on a Dask cluster: its scheduler's address (tcp://host:8786); needs mtqa[dask].",
            ),
        ],
        f,
    )


def make_linter(settings: Settings) -> Linter:
    try:
        linter = Linter.from_settings(settings, cache_results=True)
    except (CatalogError, AnalyzerError, EngineUnavailable, SyntaxLayerError) as exc:
        fail(str(exc))
    if linter.grammar is not None and linter.grammar_note:
        click.echo(f"mtqa: warning: {linter.grammar_note}", err=True)
    problem = cache_problem() if settings.grammar_cache else None
    if problem:  # said once, here: the caches of this process and of its workers turn off without a word
        click.echo(f"mtqa: warning: {problem}", err=True)
    return linter


def write_output(report: str, output: str | None) -> None:
    if output:
        try:
            write_atomic(output, report)
        except OSError as exc:
            fail(f"{output}: cannot write: {exc.strerror or exc}")
    else:
        click.echo(report, nl=False)
