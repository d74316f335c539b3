"""`mtqa server`: mtqa behind LanguageTool's HTTP protocol, so that every LanguageTool client (the
LibreOffice and browser add-ons, LTeX for VS Code, language-tool-python) can use it.

It answers `GET|POST /v2/languages` and `POST /v2/check` (form fields `text`, or `data` with LanguageTool's
annotated text: `{"annotation": [{"text": …}, {"markup": …, "interpretAs": …}]}`; `language`;
`disabledRules`, `enabledRules`, `enabledOnly`), the same JSON LanguageTool gives, with offsets in UTF-16
code units as Java counts them. The matches are mtqa's findings, the grammar engine's among them, one per
problem (the engine de-duplicates them); each carries mtqa's code as its rule id, its MQM category and its
suggestions. Bound to 127.0.0.1 by default; a request body over `max_bytes`, a text over `max_chars` (413)
and more than `rate` checks a minute from one client (429) are refused, as LanguageTool's own server does.
The standard library's threading server serves it; one linter answers one request at a time (a lock),
since the grammar engine and the parser are not shared between threads.
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from . import __version__
from .engine import Linter
from .model import Document, Issue

LANGUAGES = [
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English", "code": "en", "longCode": "en"},
]
ENGLISH = {"en", "en-us", "en-gb", "en-au", "en-ca", "en-nz", "en-za", "auto"}
# MQM categories → LanguageTool issue types (what clients colour by): spelling red, grammar yellow, …
ISSUE_TYPES = {"Fluency/Spelling": "misspelling", "Fluency/Grammar": "grammar", "Fluency/Punctuation": "typographical"}


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 1_000_000  # a request body
    max_chars: int = 100_000  # the text to check
    rate: int = 120  # checks per minute from one client address


class BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def utf16_index(text: str) -> list[int]:
    """UTF-16 offset of each code point offset of `text` (and of its end)."""
    out, at = [0], 0
    for ch in text:
        at += 2 if ord(ch) > 0xFFFF else 1
        out.append(at)
    return out


def annotated_text(data: str) -> tuple[str, list[int]]:
    """The text to check from LanguageTool's `data` field, and for each of its code points (and its end)
    the UTF-16 offset in the whole annotated document, where the client counts."""
    try:
        parts = json.loads(data)["annotation"]
        assert isinstance(parts, list)
    except (ValueError, KeyError, TypeError, AssertionError):
        raise BadRequest(400, "data must be JSON with an 'annotation' list") from None
    text: list[str] = []
    where: list[int] = []
    at = 0
    for part in parts:
        if not isinstance(part, dict):
            raise BadRequest(400, "each annotation is an object with 'text' or 'markup'")
        if isinstance(part.get("text"), str):
            piece = part["text"]
            where.extend(at + k for k in utf16_index(piece)[:-1])
            text.append(piece)
            at += utf16_index(piece)[-1]
        elif isinstance(part.get("markup"), str):
            shown = part.get("interpretAs", "")
            if not isinstance(shown, str):
                raise BadRequest(400, "interpretAs must be a string")
            where.extend([at] * len(shown))  # what markup stands for points at the markup
            text.append(shown)
            at += utf16_index(part["markup"])[-1]
        else:
            raise BadRequest(400, "each annotation is an object with 'text' or 'markup'")
    where.append(at)
    return "".join(text), where


def check(linter: Linter, params: dict[str, str], limits: Limits) -> dict[str, Any]:
    """LanguageTool's answer to /v2/check for these form fields."""
    language = params.get("language", "")
    if not language:
        raise BadRequest(400, "missing parameter 'language'")
    if language.lower() not in ENGLISH:
        raise BadRequest(400, f"mtqa checks English (en, en-US): not {language!r}")
    if "text" in params:
        text = params["text"]
        where = utf16_index(text)
    elif "data" in params:
        text, where = annotated_text(params["data"])
    else:
        raise BadRequest(400, "missing parameter 'text' or 'data'")
    if len(text) > limits.max_chars:
        raise BadRequest(413, f"text of {len(text):,} characters is over the limit of {limits.max_chars:,}")
    issues = list(linter.lint(Document(mt=text, path="<server>")).issues)
    enabled = {c.strip().upper() for c in params.get("enabledRules", "").split(",") if c.strip()}
    disabled = {c.strip().upper() for c in params.get("disabledRules", "").split(",") if c.strip()}
    if params.get("enabledOnly") == "true":
        issues = [i for i in issues if _named(i, enabled)]
    issues = [i for i in issues if not _named(i, disabled)]
    return {
        "software": {"name": "mtqa", "version": __version__, "apiVersion": 1, "premium": False, "status": ""},
        "language": {
            "name": "English",
            "code": "en-US",
            "detectedLanguage": {"name": "English", "code": "en-US", "confidence": 1.0},
        },
        "matches": [_match(text, i, where) for i in issues],
    }


def _named(issue: Issue, codes: set[str]) -> bool:
    return issue.code in codes or (issue.upstream_id is not None and issue.upstream_id.upper() in codes)


def _match(text: str, i: Issue, where: list[int]) -> dict[str, Any]:
    """One match; `where` maps a code point of the checked text to the client's UTF-16 offset."""
    start, end = where[i.start], where[i.end]
    lo, hi = max(0, i.start - 40), min(len(text), i.end + 40)
    sentence_start = text.rfind("\n", 0, i.start) + 1
    sentence_end = text.find("\n", i.end)
    category = i.category.split("/")[0]
    return {
        "message": i.message,
        "shortMessage": i.slug.replace("-", " "),
        "replacements": [{"value": s} for s in i.suggestions],
        "offset": start,
        "length": end - start,
        "context": {"text": text[lo:hi], "offset": i.start - lo, "length": i.end - i.start},
        "sentence": text[sentence_start : sentence_end if sentence_end >= 0 else len(text)],
        "type": {"typeName": "Other"},
        "rule": {
            "id": i.code,
            "subId": i.upstream_id or "",
            "description": f"{i.code} {i.slug} ({i.severity})",
            "issueType": ISSUE_TYPES.get(i.category, "mistranslation" if category == "Accuracy" else "style"),
            "category": {"id": category.upper().replace(" ", "_"), "name": i.category},
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


class _RateLimiter:
    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self.seen: dict[str, deque[float]] = defaultdict(deque)
        self.lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        with self.lock:
            times = self.seen[client]
            while times and now - times[0] > 60:
                times.popleft()
            if len(times) >= self.per_minute:
                return False
            times.append(now)
            return True


def make_server(
    linter: Linter, host: str = "127.0.0.1", port: int = 8081, limits: Limits = Limits()
) -> ThreadingHTTPServer:
    """A server ready to `serve_forever()` (port 0: a free one, read back from `server.server_address`)."""
    lint_lock = threading.Lock()
    limiter = _RateLimiter(limits.rate)

    class Handler(BaseHTTPRequestHandler):
        server_version = f"mtqa/{__version__}"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            pass  # quiet: the command prints one line per request itself when asked (none by default)

        def _send(self, status: int, body: Any) -> None:
            raw = (json.dumps(body, ensure_ascii=False) if not isinstance(body, str) else body).encode("utf-8")
            self.send_response(status)
            kind = "text/plain" if isinstance(body, str) else "application/json"
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def _params(self) -> dict[str, str]:
            query = urlsplit(self.path).query
            fields = parse_qs(query, keep_blank_values=True)
            if self.command == "POST":
                try:
                    size = int(self.headers.get("Content-Length", "0"))
                except ValueError:
                    raise BadRequest(400, "bad Content-Length") from None
                if size > limits.max_bytes:
                    raise BadRequest(413, f"request of {size:,} bytes is over the limit of {limits.max_bytes:,}")
                body = self.rfile.read(size).decode("utf-8", errors="replace")
                fields.update(parse_qs(body, keep_blank_values=True))
            return {k: v[-1] for k, v in fields.items()}

        def _route(self) -> None:
            path = urlsplit(self.path).path.rstrip("/")
            try:
                if path == "/v2/languages":
                    self._send(200, LANGUAGES)
                elif path == "/v2/check":
                    if self.command != "POST" and "text" not in self.path and "data" not in self.path:
                        raise BadRequest(400, "POST the text to /v2/check")
                    if not limiter.allow(self.client_address[0]):
                        raise BadRequest(429, f"more than {limits.rate} checks a minute: slow down")
                    params = self._params()
                    with lint_lock:
                        answer = check(linter, params, limits)
                    self._send(200, answer)
                else:
                    self._send(404, f"Error: no such endpoint {path!r} (mtqa serves /v2/check and /v2/languages)")
            except BadRequest as exc:
                self._send(exc.status, f"Error: {exc}")
            except Exception as exc:  # a bug costs this request, not the server
                self._send(500, f"Error: internal error: {type(exc).__name__}: {exc}")

        do_GET = _route
        do_POST = _route

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server
