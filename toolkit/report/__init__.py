"""HTML reports: a corpus index, one page per article with its issues highlighted, and a rules page.

Pages are self-contained (inline CSS, JavaScript and SVG; no network), readable without JavaScript
(scripts only sort, filter and show tooltips), and every piece of article text goes through jinja2's
autoescaping. The folder is rendered in a temporary directory and swapped in at the end, so a failed run
leaves the previous report as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..config import DEFAULT_WEIGHTS
from ..model import BOILERPLATE_CATEGORY, SEVERITIES, Document, RuleSpec, issue_weight
from ..textio import STDIN, Failure, current_umask, is_text_encoding, read_documents, write_temp

MANIFEST = ".mtqa-report"
_UNSAFE = regex.compile(r"[^A-Za-z0-9._-]+")
SYMBOLS = {"critical": "▲", "major": "■", "minor": "●"}


class ReportError(Exception):
    """The report cannot be written; one line names the folder and the problem."""


@dataclass(frozen=True, slots=True)
class Page:
    article: dict[str, Any]  # the article of the JSON result
    text: str | None  # None: the text is not available (file gone or changed since the result was saved)
    source: str | None
    name: str  # file name of the page


def page_name(path: str, rid: str | None) -> str:
    """A safe, stable file name: readable stem of the path plus a hash of path and id (no traversal)."""
    key = f"{path}#{rid}" if rid is not None else path
    stem = _UNSAFE.sub("-", Path(path).stem).strip(".-")[:60] or "article"
    if rid is not None:
        stem = f"{stem}-{_UNSAFE.sub('-', rid).strip('.-')[:30]}"
    return f"{stem}-{hashlib.sha256(key.encode()).hexdigest()[:10]}.html"


class PageNames:
    """Page names for one report: `page_name`, with "-2", "-3" … before ".html" for a path and id seen before
    (two JSONL records with one id), so that no article's page replaces another's."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, path: str, rid: str | None) -> str:
        name = page_name(path, rid)
        n = self.seen[name] = self.seen.get(name, 0) + 1
        return name if n == 1 else f"{name.removesuffix('.html')}-{n}.html"


def check_result(result: Any) -> str | None:
    """What makes this not an mtqa JSON result (`mtqa lint --format json`), or None."""
    if not isinstance(result, dict) or not isinstance(result.get("articles"), list):
        return "no list of articles"
    for key in ("tool", "settings"):
        if not isinstance(result.get(key), dict):
            return f"no {key} object"
    fields: dict[str, Any] = {"path": str, "score": (int, float), "issues": list}
    issue_fields: dict[str, type] = {
        "category": str,
        "code": str,
        "start": int,
        "end": int,
        "line": int,
        "text": str,
        "message": str,
        "severity": str,
    }
    for n, art in enumerate(result["articles"]):
        if not isinstance(art, dict):
            return f"articles[{n}] is not an object"
        for key, kind in fields.items():
            if not isinstance(art.get(key), kind) or isinstance(art.get(key), bool):
                return f"articles[{n}].{key} is missing or not a {getattr(kind, '__name__', 'number')}"
        if not isinstance(art.get("id"), (str, type(None))):
            return f"articles[{n}].id is not a string"
        for k, issue in enumerate(art["issues"]):
            if not isinstance(issue, dict):
                return f"articles[{n}].issues[{k}] is not an object"
            for key, kind in issue_fields.items():
                if not isinstance(issue.get(key), kind) or isinstance(issue.get(key), bool):
                    return f"articles[{n}].issues[{k}].{key} is missing or not a {kind.__name__}"
            if issue["severity"] not in SEVERITIES or not 0 <= issue["start"] <= issue["end"]:
                return f"articles[{n}].issues[{k}] has a bad severity or span"
    return None


def pages_from_files(result: dict[str, Any]) -> tuple[list[Page], list[Failure]]:
    """For a saved JSON result: read each article again and show its text only when it is the text that was
    linted (its SHA-256 is in the result), never another file a result names."""
    docs: dict[tuple[str, str | None], list[Document]] = {}  # records that share an id, in file order
    problems = []
    for path, encoding in dict.fromkeys((a["path"], a.get("encoding")) for a in result["articles"]):
        if path == STDIN:
            continue  # standard input cannot be read again
        # "utf-8 (invalid bytes replaced)" names no codec: detected, and read the same way again
        declared = encoding if isinstance(encoding, str) and is_text_encoding(encoding) else None
        for item in read_documents(path, encoding=declared):
            if isinstance(item, Document):
                docs.setdefault((item.path, item.id), []).append(item)
    pages = []
    names = PageNames()
    for art in result["articles"]:
        same = docs.get((art["path"], art["id"]))
        doc = same.pop(0) if same else None
        text = doc.mt if doc else None
        if text is not None and (
            hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() != art.get("text_sha256")
            or any(text[i["start"] : i["end"]] != i["text"] for i in art["issues"])
        ):
            text = None
        if text is None:
            problems.append(
                Failure(art["path"], "text missing or changed since the result was saved; issues listed without it")
            )
        pages.append(Page(art, text, doc.src if doc else None, names(art["path"], art["id"])))
    return pages, problems


def highlight(text: str, issues: list[dict[str, Any]]) -> Markup:
    """The text with one <mark> per issue, nested where issues overlap.

    An issue that starts inside another and ends after it is drawn in two pieces: the first carries its
    number (`data-issue`), the continuation has `data-cont`.
    """
    order = sorted(range(len(issues)), key=lambda n: (issues[n]["start"], -issues[n]["end"]))
    cuts = sorted({0, len(text), *(i["start"] for i in issues), *(i["end"] for i in issues)})
    out: list[str] = []
    stack: list[int] = []
    pending = list(order)

    def open_tag(n: int, cont: bool) -> str:
        i = issues[n]
        cls = f"iss sev-{escape(i['severity'])}" + (" boiler" if i["category"] == BOILERPLATE_CATEGORY else "")
        if cont:
            return f'<mark class="{cls}" data-cont="{n + 1}">'
        return (
            f'<mark class="{cls}" id="m{n + 1}" data-issue="{n + 1}" data-start="{int(i["start"])}" '
            f'data-end="{int(i["end"])}" data-code="{escape(i["code"])}" tabindex="0" '
            f'title="{escape(i["code"])} {escape(i["severity"])}: {escape(i["message"])}">'
        )

    for a, b in zip(cuts, cuts[1:] + [None], strict=True):
        # close the issues that end here (and reopen the ones above them as continuations)
        if any(issues[n]["end"] == a for n in stack):
            keep = [n for n in stack if issues[n]["end"] != a]
            closed_from = next(k for k, n in enumerate(stack) if issues[n]["end"] == a)
            out.append("</mark>" * (len(stack) - closed_from))
            reopen = [n for n in stack[closed_from:] if issues[n]["end"] != a]
            stack = keep
            for n in reopen:
                out.append(open_tag(n, cont=True))
        while pending and issues[pending[0]]["start"] == a:
            n = pending.pop(0)
            if issues[n]["end"] == a:  # empty span: a zero-width marker keeps it visible and countable
                out.append(open_tag(n, cont=False) + "</mark>")
                continue
            out.append(open_tag(n, cont=False))
            stack.append(n)
        if b is not None:
            out.append(str(escape(text[a:b])))
    out.append("</mark>" * len(stack))
    return Markup("".join(out))


def _histogram(scores: list[float]) -> list[dict[str, Any]]:
    bins = Counter(min(int(s // 10), 9) for s in scores)
    top = max(bins.values(), default=1)
    return [{"label": f"{10 * k}–{10 * k + 10}", "count": bins[k], "height": 100 * bins[k] / top} for k in range(10)]


def _breakdown(article: dict[str, Any], weights: dict[str, float]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for i in article["issues"]:
        row = rows.setdefault(i["category"], {"category": i["category"], "count": 0, "penalty": 0.0})
        row["count"] += 1
        row["penalty"] += issue_weight(weights, i["severity"], i["category"])
    return sorted(rows.values(), key=lambda r: (-r["penalty"], r["category"]))


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("toolkit.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(SYMBOLS=SYMBOLS, SEVERITIES=SEVERITIES)
    return env


class Report:
    """The pages of a report, made one article at a time (so that a run need not hold its texts), and the
    index and rules pages made at the end from what the articles' pages counted."""

    def __init__(self, rules: dict[str, RuleSpec], weights: dict[str, float], tool: Any) -> None:
        self.env = _environment()
        self.tool = tool  # the result's "tool", named in every page
        self.rules = rules
        self.weights = weights
        self.rows: list[dict[str, Any]] = []
        self.rule_counts: Counter[str] = Counter()

    def page(self, p: Page) -> str:
        art = p.article
        self.rule_counts.update(i["code"] for i in art["issues"])
        self.rows.append(
            {  # the row keeps the article's figures: neither its text nor its findings
                "name": p.name,
                "art": {k: v for k, v in art.items() if k != "issues"},
                "codes": " ".join(dict.fromkeys(i["code"] for i in art["issues"])),
                "sev": Counter(i["severity"] for i in art["issues"] if i["category"] != BOILERPLATE_CATEGORY),
                "boiler": sum(i["category"] == BOILERPLATE_CATEGORY for i in art["issues"]),
                "cats": Counter(i["category"] for i in art["issues"]),
            }
        )
        numbered = list(enumerate(art["issues"], 1))
        return self.env.get_template("article.html.j2").render(
            art=art,
            page=p,
            body=highlight(p.text, art["issues"]) if p.text is not None else None,
            translation=[(n, i) for n, i in numbered if i["category"] != BOILERPLATE_CATEGORY],
            furniture=[(n, i) for n, i in numbered if i["category"] == BOILERPLATE_CATEGORY],
            breakdown=_breakdown(art, self.weights),
            rules=self.rules,
            result={"tool": self.tool},
        )

    def finish(self, result: dict[str, Any]) -> dict[str, str]:
        """index.html and rules.html for the whole result."""
        top_rules = self.rule_counts.most_common(10)
        index = self.env.get_template("index.html.j2").render(
            rows=self.rows,
            result=result,
            settings=result.get("settings", {}),
            histogram=_histogram([r["art"]["score"] for r in self.rows]),
            top_rules=[
                {"code": c, "count": n, "width": 100 * n / top_rules[0][1], "rule": self.rules.get(c)}
                for c, n in top_rules
            ],
        )
        rules = self.env.get_template("rules.html.j2").render(
            rules=list(self.rules.values()), counts=self.rule_counts, result=result
        )
        return {"index.html": index, "rules.html": rules}


def render(result: dict[str, Any], pages: Iterable[Page], rules: dict[str, RuleSpec], out_dir: str) -> list[str]:
    """Write the report folder; returns the file names written."""
    with ReportFolder(out_dir) as folder:
        report = Report(rules, result.get("settings", {}).get("weights", DEFAULT_WEIGHTS), result.get("tool"))
        for p in pages:
            folder.add(p.name, report.page(p))
        for name, content in report.finish(result).items():
            folder.add(name, content)
        return folder.commit(result.get("tool"))


class ReportFolder:
    """The report's folder, which mtqa owns only as far as its manifest says.

    A folder holding anything but an earlier mtqa report is refused before anything is written. Every new
    file is written to a temporary name as it is made (`add`); `commit` renames them all into place, the
    manifest last, and removes the files of the earlier report that the new one no longer has; nothing
    else in the folder is touched. Interrupted before the commit (Ctrl-C, an error, no article checked), the
    earlier report stays as it was, no temporary file remains and a folder it made is removed again;
    interrupted during the renames, the folder holds some new pages under the old manifest. Two runs writing
    one folder take turns (a lock on the folder itself, held from the start to the commit, so no lock file
    is left in it).
    """

    def __init__(self, out_dir: str) -> None:
        self.out_dir = out_dir
        self.target = Path(out_dir)
        self.temps: dict[str, str] = {}
        self.mode = 0o666 & ~current_umask()
        self._lock: int | None = None
        self.created = self.committed = False

    def __enter__(self) -> ReportFolder:
        if self.target.exists() and not self.target.is_dir():
            raise ReportError(f"{self.out_dir}: exists and is not a folder")
        self.created = not self.target.exists()
        self.target.mkdir(parents=True, exist_ok=True)  # a new folder is empty: nothing of another's is in it
        self._lock = os.open(self.target, os.O_RDONLY)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX)  # another run writing this folder finishes first
            self.earlier = _refuse_foreign(self.target, self.out_dir)
        except BaseException:
            self._release()
            raise
        return self

    def add(self, name: str, content: str) -> None:
        old = self.temps.pop(name, None)
        if old is not None:  # two articles with one page name: the later one's page
            Path(old).unlink(missing_ok=True)
        self.temps[name] = write_temp(self.target, name, content, self.mode)

    def commit(self, tool: Any) -> list[str]:
        listed = sorted(self.temps)
        self.add(MANIFEST, json.dumps({"tool": tool, "files": listed}, indent=1) + "\n")
        names = sorted([*listed, MANIFEST])
        for name in sorted(self.temps, key=lambda n: n == MANIFEST):  # the manifest last
            os.replace(self.temps.pop(name), self.target / name)
        for name in self.earlier - set(names):
            if name == Path(name).name and not name.startswith(".") and (self.target / name).is_file():
                (self.target / name).unlink()  # a page of the earlier report that this one does not have
        self.committed = True
        return names

    def __exit__(self, *exc: object) -> None:
        for tmp in self.temps.values():  # not committed: nothing of this run stays
            Path(tmp).unlink(missing_ok=True)
        self.temps.clear()
        self._release()
        if not self.committed and self.created:  # nor the folder it made, unless another run wrote into it since
            with contextlib.suppress(OSError):
                self.target.rmdir()

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def _refuse_foreign(target: Path, out_dir: str) -> set[str]:
    """The files of the earlier report in the folder; an error if it holds anything else."""
    if not any(target.iterdir()):
        return set()
    manifest = target / MANIFEST
    if not manifest.is_file():
        raise ReportError(f"{out_dir}: folder is not empty and holds no mtqa report; choose another (-o)")
    try:
        return {str(n) for n in json.loads(manifest.read_text(encoding="utf-8"))["files"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReportError(f"{out_dir}: its report manifest {MANIFEST} is unreadable ({exc})") from exc
