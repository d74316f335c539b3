"""LanguageTool through language-tool-python: a local install, a self-hosted server, or the public API.

- local: an existing LanguageTool (`LTP_JAR_DIR_PATH`, or language-tool-python's own download folder)
  started by language-tool-python with Java; asked for explicitly, it may also download LanguageTool.
- server: `languagetool-url = "http://host:8081"`, any server speaking LanguageTool's /v2 protocol.
- public: `languagetool-url = "public"`, the public API; only when asked for, with a privacy warning,
  requests of at most 20 KB and at most 20 per minute.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from . import EngineFault, EngineUnavailable, Finding, GrammarOptions

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


def _installed() -> Path | None:
    """The folder of an existing LanguageTool install, if any (never downloads)."""
    env = os.environ.get("LTP_JAR_DIR_PATH")
    if env:
        return Path(env) if any(Path(env).glob("languagetool*.jar")) else None
    # language-tool-python's download folder (LTP_PATH, default ~/.cache/language_tool_python)
    folder = Path(os.environ.get("LTP_PATH") or Path.home() / ".cache" / "language_tool_python")
    found = sorted(p for p in folder.glob("LanguageTool*") if p.is_dir()) if folder.is_dir() else []
    return found[-1] if found else None


def configured(options: GrammarOptions) -> bool:
    """Whether `auto` should try LanguageTool: a server URL is set, or Java and an install are present."""
    if options.languagetool_url:
        return True
    return bool(shutil.which("java")) and _installed() is not None


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

    def __init__(self, tool: Any, options: GrammarOptions, where: str, server_version: str) -> None:
        self.tool = tool
        self.options = options
        self.where = where  # "local", the server URL, or "public API"
        self._version = server_version
        self._public = where == "public API"
        self._last = 0.0

    @classmethod
    def start(cls, options: GrammarOptions, explicit: bool) -> LanguageToolEngine:
        """Connect to (or start) LanguageTool; raises EngineUnavailable naming what is missing."""
        try:
            import language_tool_python
            from language_tool_python.exceptions import LanguageToolError
        except ImportError as exc:
            raise EngineUnavailable("languagetool: the language-tool-python package is not installed") from exc

        url = options.languagetool_url
        kind = type("Tool", (language_tool_python.LanguageTool,), {"_TIMEOUT": options.timeout})
        kwargs: dict[str, Any] = {"mother_tongue": "zh-CN"}
        if url == "public":
            where, kwargs["remote_server"] = "public API", PUBLIC_URL
            print(
                "mtqa: warning: the public LanguageTool API receives the full text of every article; "
                "it allows 20 requests of 20 KB a minute, so mtqa throttles",
                file=sys.stderr,
            )
        elif url:
            where, kwargs["remote_server"] = url, url
        else:
            where = "local"
            if not shutil.which("java"):
                raise EngineUnavailable("languagetool: Java is not installed (LanguageTool needs Java 17 or later)")
            if _installed() is None and not explicit:
                raise EngineUnavailable("languagetool: no LanguageTool install (set LTP_JAR_DIR_PATH)")
        try:
            tool = kind(options.language, **kwargs)
        except (LanguageToolError, OSError, ValueError, KeyError, TypeError) as exc:
            what = "the LanguageTool server" if url else "LanguageTool (install it or set LTP_JAR_DIR_PATH)"
            raise EngineUnavailable(f"languagetool: cannot reach {what} at {where}: {_short(exc)}") from exc
        tool.picky = options.picky
        if options.disabled_rules:
            tool.disabled_rules = set(options.disabled_rules)
        version = cls._server_version(tool, options.timeout)
        return cls(tool, options, where, version)

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
        return f"{self.where}|{o.language}|zh-CN|picky={o.picky}|off={','.join(sorted(o.disabled_rules))}"

    def check(self, text: str) -> list[Finding]:
        if not self._public:
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
