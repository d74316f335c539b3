"""JUnit XML: one test case per article; a failed gate is a <failure> listing the issues that block it.

Files that could not be read are test cases with an <error>. CI systems (GitLab, Jenkins, Azure)
show these as a test report.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..engine import blocking
from .base import Run, score_shortfall, where
from .text import issue_line, summary_line


def render(run: Run) -> str:
    failed = sum(not r.passed for r in run.results)
    counts = {"tests": str(len(run.results) + len(run.failures)), "failures": str(failed)}
    counts["errors"] = str(len(run.failures))
    root = ET.Element("testsuites", {"name": "mtqa", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "mtqa lint", **counts})
    ET.SubElement(ET.SubElement(suite, "properties"), "property", name="signature", value=run.signature)
    for r in run.results:
        case = ET.SubElement(suite, "testcase", classname="mtqa", name=where(r))
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
    for f in run.failures:
        case = ET.SubElement(suite, "testcase", classname="mtqa", name=f.where)
        ET.SubElement(case, "error", message=f.message, type="mtqa.input")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
