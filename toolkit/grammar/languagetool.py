"""LanguageTool through language-tool-python: a local install, a self-hosted server, or the public API.

- local: the install of `scripts/install-languagetool` (or `MTQA_LANGUAGETOOL`), a server mtqa starts
  itself (`lt_local`); nothing is ever downloaded at run time.
- server: `languagetool-url = "http://host:8081"`, any server speaking LanguageTool's /v2 protocol.
- public: `languagetool-url = "public"`, the public API; only when asked for, with a privacy warning,
  requests of at most 20 KB and at most 20 per minute.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from importlib import metadata
from typing import Any

from . import EngineFault, EngineUnavailable, Finding, GrammarOptions, lt_local
from .lt_local import LocalServer

PUBLIC_URL = "https://api.languagetool.org/"
PUBLIC_BYTES = 20_000
PUBLIC_INTERVAL = 60 / 20  # seconds between requests

# LanguageTool categories by mtqa family; a category not listed here counts as grammar.
FAMILY = {
    "TYPOS": "spelling",
    "CASING": "spelling",
    "PUNCTUATION": "punctuation",
    "TYPOGRAPHY": "punctuation",
    "STYLE": "style",
    "REDUNDANCY": "style",
    "PLAIN_ENGLISH": "style",
    "COLLOQUIALISMS": "style",
    "REPETITIONS_STYLE": "style",
    "SEMANTICS": "style",
    "CREATIVE_WRITING": "style",
    "TEXT_ANALYSIS": "style",
    "WIKIPEDIA": "style",
    "MISC": "grammar",
    "CONFUSED_WORDS": "grammar",
    "FALSE_FRIENDS": "grammar",
    "GRAMMAR": "grammar",
    "NONSTANDARD_PHRASES": "grammar",
}


MOTHER_TONGUE = "zh-CN"  # asked for only where the server offers it (a server built for English alone does not)
INSTALL_HINT = "run scripts/install-languagetool, or set MTQA_LANGUAGETOOL to an install folder"


def _chunks(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """Pieces of at most `limit` UTF-8 bytes, cut at paragraph (else line, else space) boundaries."""
    start = 0
    while start < len(text):
        end = len(text)
        while len(text[start:end].encode("utf-8")) > limit:
            window = text[start:end]
            cut = max(window.rfind("\n\n", 0, len(window) - 1), window.rfind("\n", 0, len(window) - 1))
            if cut <= 0:
                cut = window.rfind(" ", 0, len(window) - 1)
            end = start + (cut + 1 if cut > 0 else len(window) // 2)
        yield start, text[start:end]
        start = end


class LanguageToolEngine:
    name = "languagetool"

    def __init__(self, options: GrammarOptions, where: str, server: str, local: LocalServer | None = None) -> None:
        self.options = options
        self.where = where  # "local", the server URL, or "public API"
        self._public = where == "public API"
        self._last = 0.0
        self.local = local  # the server mtqa started, which it starts again if it dies
        self.tool, self.mother_tongue = self._client(server)  # mother tongue "" where the server lacks Chinese
        self._version = self._server_version(self.tool, options.timeout)

    @classmethod
    def start(cls, options: GrammarOptions) -> LanguageToolEngine:
        """Connect to (or start) LanguageTool; raises EngineUnavailable naming what is missing."""
        try:
            import language_tool_python  # noqa: F401  (before a JVM is started for nothing)
        except ImportError as exc:
            raise EngineUnavailable("languagetool: the language-tool-python package is not installed") from exc
        url = options.languagetool_url
        local = None
        if url == "public":
            where, server = "public API", PUBLIC_URL
            print(
                "mtqa: warning: the public LanguageTool API receives the full text of every article; "
                "it allows 20 requests of 20 KB a minute, so mtqa throttles",
                file=sys.stderr,
            )
        elif url:
            where, server = url, url
        else:
            folder = lt_local.install_dir()
            if folder is None:
                raise EngineUnavailable(f"languagetool: no LanguageTool install ({INSTALL_HINT})")
            local = lt_local.server(folder)
            where, server = "local", local.url
        return cls(options, where, server, local)

    def _client(self, server: str) -> tuple[Any, str]:
        """A language-tool-python client of this server, with the mother tongue where the server offers it."""
        try:
            import language_tool_python
            from language_tool_python.exceptions import LanguageToolError
        except ImportError as exc:
            raise EngineUnavailable("languagetool: the language-tool-python package is not installed") from exc
        o = self.options
        try:
            tool = type("Tool", (language_tool_python.LanguageTool,), {"_TIMEOUT": o.timeout})(
                o.language, remote_server=server
            )
            tongue = MOTHER_TONGUE if MOTHER_TONGUE in self._languages(tool, o.timeout) else ""
        except (LanguageToolError, OSError, ValueError, KeyError, TypeError) as exc:
            raise EngineUnavailable(
                f"languagetool: cannot reach the LanguageTool server at {self.where}: {_short(exc)}"
            ) from exc
        if tongue:
            tool.mother_tongue = tongue
        tool.picky = o.picky
        if o.disabled_rules:
            tool.disabled_rules = set(o.disabled_rules)
        return tool, tongue

    @staticmethod
    def _languages(tool: Any, timeout: float) -> set[str]:
        """The language codes the server offers (`/v2/languages`)."""
        import requests

        answer = requests.get(tool.url + "languages", timeout=timeout)
        return {str(c) for lang in answer.json() for c in (lang.get("code"), lang.get("longCode")) if c}

    @staticmethod
    def _server_version(tool: Any, timeout: float) -> str:
        """The server's own version (it answers every check with it), else the client's."""
        import requests

        try:
            answer = requests.post(
                tool.url + "check", data={"language": str(tool.language), "text": "."}, timeout=timeout
            )
            return str(answer.json()["software"]["version"])
        except (OSError, ValueError, KeyError, TypeError):
            return "unknown (language-tool-python " + metadata.version("language-tool-python") + ")"

    @property
    def version(self) -> str:
        return self._version

    @property
    def label(self) -> str:
        return f"languagetool {self._version} ({self.where})"

    @property
    def settings_key(self) -> str:
        o = self.options
        off = ",".join(sorted(o.disabled_rules))
        return f"{self.where}|{o.language}|{self.mother_tongue or '-'}|picky={o.picky}|off={off}"

    def check(self, text: str) -> list[Finding]:
        if not self._public:
            try:
                return self._check(text, 0)
            except EngineFault:
                if self.local is None or not self.local.restart():
                    raise
                try:
                    self.tool, _ = self._client(self.local.url)  # the new server listens on another port
                except EngineUnavailable as exc:
                    raise EngineFault(str(exc)) from exc
                return self._check(text, 0)
        out = []
        for offset, piece in _chunks(text, PUBLIC_BYTES):
            wait = self._last + PUBLIC_INTERVAL - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last = time.monotonic()
            out.extend(self._check(piece, offset))
        return out

    def _check(self, text: str, offset: int) -> list[Finding]:
        from language_tool_python.exceptions import LanguageToolError

        try:
            matches = self.tool.check(text)
            out = []
            for m in matches:
                # language-tool-python turns the start into code points; the length is still UTF-16 units
                start, units, end = m.offset, m.error_length, m.offset
                while units > 0 and end < len(text):
                    units -= 2 if ord(text[end]) > 0xFFFF else 1
                    end += 1
                out.append(
                    Finding(
                        start=offset + start,
                        end=offset + max(end, start + 1),
                        family=FAMILY.get(str(m.category), "grammar"),
                        upstream_id=str(m.rule_id),
                        message=str(m.message),
                        replacements=tuple(str(r) for r in m.replacements[:5]),
                    )
                )
            return out
        except (LanguageToolError, OSError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise EngineFault(f"languagetool at {self.where}: {_short(exc)}") from exc


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
