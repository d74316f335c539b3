"""`mtqa server` (issue 19, part 3): mtqa behind LanguageTool's HTTP protocol, tested with a real
LanguageTool client (language-tool-python) and raw requests for the limits."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import language_tool_python
import pytest

from toolkit.engine import Linter
from toolkit.model import Document
from toolkit.server import Limits, make_server

from .conftest import ROOT, seed

TEXT = "The talks were chaired by governor Hao Peng 😀 on rural electricity providers. Their are many farms."


@pytest.fixture(scope="module")
def url(linter: Linter) -> Iterator[str]:
    httpd = make_server(linter, "127.0.0.1", 0, Limits(max_chars=5_000, rate=30))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _post(url: str, path: str, **fields: str) -> tuple[int, str]:
    body = urllib.parse.urlencode(fields).encode("utf-8")
    try:
        with urllib.request.urlopen(urllib.request.Request(url + path, data=body), timeout=30) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_a_languagetool_client_gets_mtqas_findings_at_the_right_places(url: str) -> None:
    tool = language_tool_python.LanguageTool("en-US", remote_server=url)
    try:
        matches = tool.check(TEXT)
        found = {(m.rule_id, TEXT[m.offset : m.offset + m.error_length]) for m in matches}
        # mtqa's rules, and the grammar engine's (Harper) through mtqa, after the emoji outside the BMP
        assert {("MT406", "governor"), ("MT201", "rural electricity providers"), ("GR101", "Their")} <= found
        fixed = tool.correct(TEXT)
        assert "Governor Hao Peng 😀 on rural e-commerce." in fixed
    finally:
        tool.close()


def test_annotated_text_offsets_count_the_markup(url: str) -> None:
    data = {
        "annotation": [
            {"markup": "<p>"},
            {"text": "He met governor Hao Peng."},
            {"markup": "</p>", "interpretAs": "\n\n"},
        ]
    }
    status, body = _post(url, "/v2/check", language="en-US", data=json.dumps(data))
    assert status == 200
    (match,) = [m for m in json.loads(body)["matches"] if m["rule"]["id"] == "MT406"]
    assert (match["offset"], match["length"]) == (3 + len("He met "), len("governor"))


def test_languages_rules_and_limits(url: str) -> None:
    with urllib.request.urlopen(url + "/v2/languages", timeout=10) as r:
        assert {"code": "en", "longCode": "en-US", "name": "English (US)"} in json.loads(r.read())
    status, body = _post(url, "/v2/check", language="en-US", text=TEXT, disabledRules="MT201,MT615")
    assert status == 200 and {"MT201", "MT615"}.isdisjoint(m["rule"]["id"] for m in json.loads(body)["matches"])
    status, body = _post(url, "/v2/check", language="en-US", text=TEXT, enabledRules="MT406", enabledOnly="true")
    assert [m["rule"]["id"] for m in json.loads(body)["matches"]] == ["MT406"]
    assert _post(url, "/v2/check", language="de-DE", text="Hallo.")[0] == 400
    assert _post(url, "/v2/check", text="No language given.")[0] == 400
    status, body = _post(url, "/v2/check", language="en-US", text="x" * 5_001)
    assert status == 413 and "over the limit of 5,000" in body
    assert _post(url, "/v2/nothing", language="en-US", text="x")[0] == 404


def test_too_many_checks_from_one_client_are_refused(linter: Linter) -> None:
    httpd = make_server(linter, "127.0.0.1", 0, Limits(rate=3))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        codes = [_post(url, "/v2/check", language="en", text="Fine.")[0] for _ in range(4)]
        assert codes == [200, 200, 200, 429]
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.slow
def test_the_command_listens_on_loopback_and_stops_on_ctrl_c() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "toolkit.cli", "server", "--isolated", "--grammar", "off", "--port", "0"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert line.startswith("mtqa server: http://127.0.0.1:"), line
        port = line.split("http://127.0.0.1:")[1].split("/")[0]
        status, body = _post(
            f"http://127.0.0.1:{port}", "/v2/check", language="en-US", text="He met governor Hao Peng."
        )
        assert status == 200 and json.loads(body)["matches"][0]["rule"]["id"] == "MT406"
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(20) == 0


def test_seed_004_through_a_languagetool_client_matches_lint(url: str, linter: Linter) -> None:
    """Issue 19's bar: every finding lint gives for the garbled seed reaches the client at its place."""
    text = seed("004").read_text(encoding="utf-8")
    want = sorted((i.code, i.text) for i in linter.lint(Document(mt=text)).issues)
    tool = language_tool_python.LanguageTool("en-US", remote_server=url)
    try:
        got = sorted((m.rule_id, text[m.offset : m.offset + m.error_length]) for m in tool.check(text))
    finally:
        tool.close()
    assert got == want and len(got) > 30
