"""The run layer (issue 18): one loop for every command, in input order, on one core or several, the
output byte-identical; a worker's crash costs its article only; JSON Lines streamed as results come."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import toolkit.run
from toolkit.cli import main
from toolkit.config import Settings
from toolkit.engine import Linter
from toolkit.model import Document
from toolkit.run import Outcome, lint_stream

from .conftest import SEEDS

SETTINGS = Settings(grammar="off")


def _records(tmp_path: Path, n: int = 14) -> Path:
    """n articles as JSONL records (paragraphs of the seeds), one bad line among them."""
    paragraphs = [p for f in sorted(SEEDS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n")]
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": f"r{k}", "target": paragraphs[k % len(paragraphs)]}) for k in range(n)]
    lines.insert(5, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _outcomes(path: Path, jobs: int) -> list[Outcome]:
    return list(lint_stream(Linter.from_settings(SETTINGS), [str(path)], jobs=jobs))


def test_two_jobs_give_what_one_gives_in_the_same_order(tmp_path: Path) -> None:
    path = _records(tmp_path)
    one, two = _outcomes(path, 1), _outcomes(path, 2)
    assert [o.result.to_json() if o.result else o.failures for o in one] == [
        o.result.to_json() if o.result else o.failures for o in two
    ]
    assert [o.document.id if o.document else "bad line" for o in two][:7] == [
        "r0", "r1", "r2", "r3", "r4", "bad line", "r5"
    ]  # fmt: skip
    few = _records(tmp_path, 3)  # a few documents: no pool is started, the same results
    assert [o.result for o in _outcomes(few, 2)] == [o.result for o in _outcomes(few, 1)]


def test_documents_go_to_the_workers_in_batches_in_input_order() -> None:
    """Short records share a task (up to BATCH_DOCS or BATCH_CHARS of text), a long article goes alone, and an
    unreadable input is a batch of its own, so that the order of the outcomes holds."""
    from toolkit.run import BATCH_CHARS, BATCH_DOCS, _batches, _Item
    from toolkit.textio import Failure

    items = [_Item("in.jsonl", document=Document(mt=f"Record {k}.", id=f"r{k}")) for k in range(80)]
    items[40] = _Item("in.jsonl", failure=Failure("in.jsonl", "not JSON", line=41))
    items[60] = _Item("in.jsonl", document=Document(mt="Long. " * BATCH_CHARS, id="long"))
    batches = list(_batches(iter(items)))
    assert [i for b in batches for i in b] == items
    assert [len(b) for b in batches] == [BATCH_DOCS, 8, 1, 19, 1, 19]
    assert [b[0].document is None for b in batches] == [False, False, True, False, False, False]
    assert [len(b) for b in _batches(iter(items[:5]), most=1)] == [1] * 5  # the Dask executor's: one a task


def test_a_worker_that_dies_costs_only_its_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash in a native library kills the worker process: the articles in flight are linted again one
    by one, each in a fresh process, and the one that kills its process again is reported (exit 3)."""
    real = toolkit.run.lint_one

    def crashing(linter: Linter, doc: Document, debug: bool = False) -> Outcome:
        if doc.id == "r7":
            os._exit(70)  # as a segmentation fault would
        return real(linter, doc, debug)

    monkeypatch.setattr(toolkit.run, "lint_one", crashing)
    monkeypatch.setattr(toolkit.run.threading, "active_count", lambda: 1)  # fork, so that workers see the patch
    outcomes = _outcomes(_records(tmp_path), 2)
    crashed = [o for o in outcomes if o.internal]
    assert [o.document.id for o in crashed if o.document] == ["r7"]
    assert "the worker process died" in crashed[0].failures[0].message
    assert sum(o.result is not None for o in outcomes) == 13  # every other article has its result


def test_jsonl_streams_one_line_per_article_and_a_summary_last(tmp_path: Path) -> None:
    path = _records(tmp_path)
    r = CliRunner().invoke(main, ["lint", "--isolated", "--grammar", "off", "-j", "1", "--format", "jsonl", str(path)])
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    *articles, last = lines
    assert r.exit_code == 2  # the bad line is bad input
    assert [a["id"] for a in articles] == [f"r{k}" for k in range(14)]
    assert last["summary"]["articles"] == 14 and last["summary"]["issues"] == sum(len(a["issues"]) for a in articles)
    assert [e["line"] for e in last["errors"]] == [6]
    whole = CliRunner().invoke(main, ["lint", "--isolated", "--grammar", "off", "--format", "json", str(path)])
    assert json.loads(whole.stdout)["articles"] == articles  # the same article objects as JSON's


def test_jsonl_to_a_file_appears_whole_or_not_at_all(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    path = _records(tmp_path)
    r = CliRunner().invoke(
        main, ["lint", "--isolated", "--grammar", "off", "--format", "jsonl", "-o", str(out), str(path)]
    )
    assert r.stdout == "" and len(out.read_text(encoding="utf-8").splitlines()) == 15
    empty = tmp_path / "empty"
    empty.mkdir()
    r = CliRunner().invoke(
        main, ["lint", "--isolated", "--format", "jsonl", "-o", str(tmp_path / "no.jsonl"), str(empty)]
    )
    assert r.exit_code == 2 and not (tmp_path / "no.jsonl").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


@pytest.mark.slow
def test_a_dask_cluster_gives_the_json_a_local_run_gives(tmp_path: Path) -> None:
    """Issue 18: `--scheduler` sends the documents to a Dask cluster (here a local one of two worker
    processes, started by the test) and the result is byte-identical to a local run's."""
    from distributed import LocalCluster

    path = _records(tmp_path, 20)
    local, remote = tmp_path / "local.json", tmp_path / "remote.json"
    args = ["lint", "--isolated", "--grammar", "off", "--format", "json"]
    CliRunner().invoke(main, [*args, "-j", "1", "-o", str(local), str(path)])
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        r = CliRunner().invoke(main, [*args, "--scheduler", cluster.scheduler_address, "-o", str(remote), str(path)])
    assert r.exit_code == 2 and "corpus.jsonl:6: invalid JSON" in r.stderr  # the bad line, as locally
    assert remote.read_bytes() == local.read_bytes()
    r = CliRunner().invoke(main, [*args, "--scheduler", "tcp://127.0.0.1:9", str(path)])
    assert r.exit_code == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in r.stderr


def test_a_jsonl_file_is_read_a_record_at_a_time(tmp_path: Path) -> None:
    """A UTF-8 JSONL file is streamed (its records come before the file is read to the end, so memory
    does not grow with it); a line that is not UTF-8 costs that line only; UTF-16 is read whole as before."""
    from toolkit.textio import read_documents

    path = tmp_path / "big.jsonl"
    with path.open("wb") as fh:
        fh.write(json.dumps({"id": "first", "target": "The county met."}).encode() + b"\n")
        fh.write(b'{"id": "bad", "target": "caf\xe9"}\n')  # Latin-1, not UTF-8
        fh.write(b"\n".join(json.dumps({"id": f"r{k}", "target": "Fine."}).encode() for k in range(50_000)) + b"\n")
    items = read_documents(str(path))
    first = next(items)
    assert isinstance(first, Document) and first.id == "first"
    bad = next(items)
    assert not isinstance(bad, Document) and bad.line == 2 and "not valid UTF-8" in bad.message
    assert sum(1 for _ in items) == 50_000
    utf16 = tmp_path / "u.jsonl"
    utf16.write_bytes(
        ("\ufeff" + json.dumps({"id": "x", "target": "会议"}, ensure_ascii=False) + "\n").encode("utf-16-le")
    )
    (doc,) = read_documents(str(utf16))
    assert isinstance(doc, Document) and doc.mt == "会议" and doc.encoding == "utf-16"


def test_the_python_api_lints_paths_through_the_run_layer(tmp_path: Path) -> None:
    from toolkit import lint_paths

    outcomes = list(lint_paths([str(_records(tmp_path))], Settings(grammar="off")))
    assert [o.document.id for o in outcomes if o.document] == [f"r{k}" for k in range(14)]
    assert [f.line for o in outcomes for f in o.failures] == [6]


def test_text_to_the_terminal_streams_the_same_lines_a_file_gets(tmp_path: Path) -> None:
    """Text to standard output is written an article at a time as results come; to a file (-o) it is
    written at the end; the lines are the same."""
    path = _records(tmp_path)
    out = tmp_path / "out.txt"
    args = ["lint", "--isolated", "--grammar", "off", "-j", "1", "--show-source", str(path)]
    streamed = CliRunner().invoke(main, args).stdout
    CliRunner().invoke(main, [*args, "-o", str(out)])
    assert streamed == out.read_text(encoding="utf-8") and streamed.count(": score ") == 14


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text", "sarif", "junit", "gitlab"])
def test_a_format_written_as_results_come_is_the_format_rendered_at_the_end(tmp_path: Path, fmt: str) -> None:
    """Issue 18: text, JSON and JSON Lines are written an article at a time (no result kept); the bytes are
    those of rendering the whole run at the end, with failures, and with no article at all."""
    from toolkit.formatters import FORMATTERS, STREAMS, Run, Tally

    linter = Linter.from_settings(SETTINGS)
    outcomes = _outcomes(_records(tmp_path), 1)
    results = [o.result for o in outcomes if o.result is not None]
    failures = [f for o in outcomes for f in o.failures]
    for chosen, failed in ((results, failures), (results[:1], []), ([], failures), ([], [])):
        meta = Run([], [], linter.signature, linter.settings, linter.rules)
        stream, tally = STREAMS[fmt](), Tally()
        pieces = []
        for r in chosen:
            tally.add(r)
            pieces.append(stream.article(meta, r, None))
        pieces.extend(stream.closing(Run([], failed, linter.signature, linter.settings, linter.rules), tally))
        whole = FORMATTERS[fmt](Run(chosen, failed, linter.signature, linter.settings, linter.rules))
        assert "".join(pieces) == whole


def test_a_spool_past_its_memory_gives_back_what_was_put_in() -> None:
    """SARIF, JUnit and GitLab keep their items aside in a Spool until the end; past 1 MiB it is a file."""
    from toolkit.formatters.base import SLOT, Spool, fill_slots

    items = [{"k": n, "text": "word " * 100} for n in range(3000)]  # about 1.6 MB laid out
    spool = Spool()
    for item in items:
        spool.add_json(item, "  ")
    assert spool._file._rolled  # on disk
    assert "".join(fill_slots(json.dumps({"a": [SLOT]}, indent=1), [spool])) == json.dumps({"a": items}, indent=1)
