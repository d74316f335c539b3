"""JUnit XML: one test case per article; a failed gate is a <failure> listing the issues that block it.

Files that could not be read are test cases with an <error>. CI systems (GitLab, Jenkins, Azure)
show these as a test report.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from ..engine import blocking
from ..model import ArticleResult
from .base import Run, Spool, Tally, score_shortfall, where
from .text import issue_line, summary_line


def render(run: Run) -> str:
    cases = [_case(run, r) for r in run.results]
    return "".join(_document(run, len(run.results), sum(not r.passed for r in run.results), cases))


_SLOT_NAME = "\x00mtqa-slot"  # a placeholder case, never an article: no other case lacks a classname
_LEVEL = 2  # a test case's depth: testsuites > testsuite > testcase


class Stream:
    """JUnit made as the results come: each article's test case is kept aside as XML (on disk past 1 MiB)
    and the document is written at the end, when the counts its head carries are known. The bytes are
    those of `render`."""

    def __init__(self) -> None:
        self.cases = Spool()

    def article(self, run: Run, result: ArticleResult, text: str | None) -> str:
        case = _case(run, result)
        ET.indent(case, level=_LEVEL)
        self.cases.add(ET.tostring(case, encoding="unicode"), "\n" + "  " * _LEVEL)
        return ""

    def closing(self, run: Run, tally: Tally) -> Iterator[str]:
        failed = tally.articles - tally.passed
        return _document(run, tally.articles, failed, [], self.cases if self.cases.count else None)


def _case(run: Run, r: ArticleResult) -> ET.Element:
    case = ET.Element("testcase", classname="mtqa", name=where(r))
    if not r.passed:
        blockers = blocking(run.settings, r.issues)
        if blockers:
            message = f"{len(blockers)} issue(s) at or above {run.settings.fail_on}; score {r.score:.1f}"
        else:
            blockers = list(r.issues)
            message = score_shortfall(run, r)
        failure = ET.SubElement(case, "failure", message=message, type="mtqa.gate")
        failure.text = "\n".join(issue_line(r, i) for i in blockers)
    ET.SubElement(case, "system-out").text = summary_line(r)
    return case


def _document(
    run: Run, articles: int, failed: int, cases: list[ET.Element], spooled: Spool | None = None
) -> Iterator[str]:
    """The document in pieces; the test cases kept aside in `spooled` (already laid out) stand where a
    placeholder case is cut out."""
    counts = {"tests": str(articles + len(run.failures)), "failures": str(failed), "errors": str(len(run.failures))}
    root = ET.Element("testsuites", {"name": "mtqa", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "mtqa lint", **counts})
    ET.SubElement(ET.SubElement(suite, "properties"), "property", name="signature", value=run.signature)
    suite.extend(cases)
    if spooled is not None:
        ET.SubElement(suite, "testcase", name=_SLOT_NAME)
    for f in run.failures:
        case = ET.SubElement(suite, "testcase", classname="mtqa", name=f.where)
        ET.SubElement(case, "error", message=f.message, type="mtqa.input")
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
    if spooled is None:
        yield text
        return
    head, tail = text.split(ET.tostring(ET.Element("testcase", name=_SLOT_NAME), encoding="unicode"), 1)
    yield head
    yield from spooled.pieces()
    yield tail
