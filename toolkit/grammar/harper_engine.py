"""Harper (harper-py): an English grammar checker in Rust, in process, with no Java and no network."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from importlib import metadata
from typing import TYPE_CHECKING

import regex

from . import EngineFault, EngineUnavailable, Finding, GrammarOptions

if TYPE_CHECKING:
    import harper

# Harper's lint kinds by mtqa family; a kind not listed here counts as grammar.
FAMILY = {
    "Spelling": "spelling",
    "Typo": "spelling",
    "Capitalization": "spelling",
    "Formatting": "punctuation",
    "Punctuation": "punctuation",
    "Style": "style",
    "Readability": "style",
    "Redundancy": "style",
    "Regionalism": "style",
    "Enhancement": "style",
    "WordChoice": "style",
}


_LONG_RUN = regex.compile(r"\S{200,}")


@contextmanager
def _prints_to_stderr() -> Iterator[None]:
    """While Harper checks a text, what its native code prints to the process's standard output goes to
    standard error: harper-py 0.2.0's LookingForwardTo prints "gerund_form: -seeing- -- verb: -see-" for each
    "looking forward to see" it finds, which broke `--format json` and every other report on standard output.
    Where standard output or error is no open file descriptor (an embedding host), nothing is moved."""
    saved = -1
    try:
        stdout, stderr = sys.__stdout__.fileno(), sys.__stderr__.fileno()  # type: ignore[union-attr]
        if sys.stdout:
            sys.stdout.flush()
        saved = os.dup(stdout)
        os.dup2(stderr, stdout)
    except (AttributeError, ValueError, OSError):  # no such stream, or a descriptor closed: nothing is moved
        if saved >= 0:
            os.close(saved)
        saved = -1
    if saved < 0:
        yield
        return
    try:
        yield
    finally:
        os.dup2(saved, stdout)
        os.close(saved)


class HarperEngine:
    name = "harper"

    def __init__(self, options: GrammarOptions) -> None:
        self.options = options
        try:
            self._version = metadata.version("harper-py")
        except metadata.PackageNotFoundError as exc:
            raise EngineUnavailable("harper: the harper-py package is not installed (pip install harper-py)") from exc

    @property
    def version(self) -> str:
        return self._version

    @property
    def label(self) -> str:
        return f"harper (harper-py {self._version})"

    @property
    def settings_key(self) -> str:
        return f"dialect={self.options.language}"

    @cached_property
    def _linter(self) -> harper.Linter:
        import harper  # loading the dictionary costs about 0.5 s: only when a text is checked

        dialect = harper.Dialect.BRITISH if self.options.language == "en-GB" else harper.Dialect.AMERICAN
        return harper.Linter(dialect)

    def check(self, text: str) -> list[Finding]:
        # Harper's spell checker needs memory quadratic in a word's length: one 20,000-character "word"
        # aborts the process (a failed 1.6 GB allocation, exit 134; 40 GB at 131,000). No word is that long:
        # blank such runs, same length, so offsets stay true.
        text = _LONG_RUN.sub(lambda m: " " * len(m.group()), text)
        try:
            with _prints_to_stderr():
                organized = self._linter.organized_lints(text, language="plaintext")
        except (RuntimeError, ValueError) as exc:
            raise EngineFault(f"harper: {exc}") from exc
        out = []
        for rule, lints in organized.items():
            for lint in lints:
                out.append(
                    Finding(
                        start=lint.span.start,
                        end=lint.span.end,
                        family=FAMILY.get(lint.lint_kind, "grammar"),
                        upstream_id=rule,
                        message=lint.message,
                        replacements=tuple(s.replacement_text for s in lint.suggestions[:5]),
                    )
                )
        out.sort(key=lambda f: (f.start, f.end))
        return out
