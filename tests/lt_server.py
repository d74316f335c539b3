"""A local HTTP server that speaks LanguageTool's /v2 protocol (languages, check), for the tests.

Its answers follow LanguageTool's real JSON format, offsets counted in UTF-16 code units as Java does.
It finds "he go" (HE_VERB_AGR, GRAMMAR) and "recieve" (MORFOLOGIK_RULE_EN_US, TYPOS). `mode` makes it
misbehave: "error" (HTTP 500 text), "garbage" (200 with non-JSON), "ratelimit" (HTTP 429),
"slow" (answers after `delay` seconds). `fail_on` limits the misbehaviour to texts containing it.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

RULES = [
    (re.compile(r"\bhe (go)\b"), "HE_VERB_AGR", "GRAMMAR", "grammar", "The pronoun 'he' requires 'goes'.", ["goes"]),
    (
        re.compile(r"\b(recieve)\b"),
        "MORFOLOGIK_RULE_EN_US",
        "TYPOS",
        "misspelling",
        "Possible spelling mistake.",
        ["receive"],
    ),
]


def utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


class State:
    def __init__(self) -> None:
        self.mode = "ok"
        self.fail_on = ""
        self.delay = 2.0
        self.english_only = False  # as a server built from language-en alone: no zh-CN in /v2/languages
        self.checks: list[dict[str, str]] = []


def _matches(text: str) -> list[dict[str, object]]:
    out = []
    for pattern, rule_id, category, issue_type, message, replacements in RULES:
        for m in pattern.finditer(text):
            start, end = m.start(1), m.end(1)
            offset, length = utf16(text, start), utf16(text, end) - utf16(text, start)
            out.append(
                {
                    "message": message,
                    "shortMessage": "",
                    "replacements": [{"value": r} for r in replacements],
                    "offset": offset,
                    "length": length,
                    "context": {
                        "text": text[max(0, start - 20) : end + 20],
                        "offset": min(start, 20),
                        "length": length,
                    },
                    "sentence": text,
                    "type": {"typeName": "Other"},
                    "rule": {
                        "id": rule_id,
                        "description": message,
                        "issueType": issue_type,
                        "category": {"id": category, "name": category.title()},
                    },
                    "ignoreForIncompleteSentence": False,
                    "contextForSureMatch": 0,
                }
            )
    return out


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (the timeout tests' "slow" mode) is expected: no traceback on stderr, where
        it would land in whatever test is capturing stderr at the time."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def serve(state: State) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802
            if self.path.startswith("/v2/languages"):
                langs = [{"name": "English (US)", "code": "en", "longCode": "en-US"}]
                if not state.english_only:
                    langs.append({"name": "Chinese", "code": "zh", "longCode": "zh-CN"})
                self._send(200, json.dumps(langs).encode())
            else:
                self._send(404, b"not found", "text/plain")

        def do_POST(self) -> None:  # noqa: N802
            if not self.path.startswith("/v2/check"):
                self._send(404, b"not found", "text/plain")
                return
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode("utf-8")).items()}
            text = form.get("text", "")
            state.checks.append(form)
            mode = state.mode if (not state.fail_on or state.fail_on in text) else "ok"
            if mode == "error":
                self._send(500, b"Error: internal server error", "text/plain")
            elif mode == "garbage":
                self._send(200, b"<html>proxy login</html>", "text/html")
            elif mode == "ratelimit":
                self._send(429, b"Error: Too many requests", "text/plain")
            else:
                if mode == "slow":
                    time.sleep(state.delay)
                answer = {
                    "software": {
                        "name": "LanguageTool",
                        "version": "6.6",
                        "buildDate": "2025-03-27",
                        "apiVersion": 1,
                        "premium": False,
                        "status": "",
                    },
                    "warnings": {"incompleteResults": False},
                    "language": {"name": "English (US)", "code": form.get("language", "en-US")},
                    "matches": _matches(text),
                }
                self._send(200, json.dumps(answer).encode())

    server = _Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
