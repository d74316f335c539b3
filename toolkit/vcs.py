"""Git: which files and lines changed since a ref, for `mtqa lint --changed-since`."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import regex

_HUNK = regex.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", regex.M)


class GitError(Exception):
    """Git is missing, this is not a repository, or the ref is unknown; the message is one line."""


def _git(*args: str, cwd: Path | None = None) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if proc.returncode != 0:
        first = (proc.stderr.strip().splitlines() or ["failed"])[0]
        raise GitError(f"git {args[0]}: {first}")
    return proc.stdout


class Changes:
    """What differs from a git ref in the working tree of the repository around the working directory."""

    def __init__(self, ref: str) -> None:
        if ref.startswith("-"):
            raise GitError(f"{ref!r} is not a git ref")
        self.ref = ref
        self.top = Path(_git("rev-parse", "--show-toplevel").strip())
        _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", cwd=self.top)
        diff = _git("diff", "--name-only", "--no-renames", "--diff-filter=d", "-z", ref, "--", cwd=self.top)
        untracked = _git("ls-files", "--others", "--exclude-standard", "-z", cwd=self.top)
        # Files (resolved) changed since the ref, and untracked files; deleted files are not listed.
        self.files = {(self.top / n).resolve() for n in (diff + untracked).split("\0") if n}

    def __contains__(self, path: str) -> bool:
        return Path(path).resolve() in self.files

    def lines(self, path: str) -> set[int] | None:
        """1-based numbers of the lines added or changed in `path`; None when the file is new since the ref."""
        rel = Path(os.path.relpath(Path(path).resolve(), self.top)).as_posix()
        exists = subprocess.run(["git", "cat-file", "-e", f"{self.ref}:{rel}"], cwd=self.top, capture_output=True)
        if exists.returncode != 0:
            return None
        diff = _git("diff", "-U0", "--no-color", "--no-ext-diff", "--no-renames", self.ref, "--", rel, cwd=self.top)
        if regex.search(r"^Binary files ", diff, regex.M):  # e.g. UTF-16 text: git cannot say which lines
            return None
        lines: set[int] = set()
        for m in _HUNK.finditer(diff):
            start, count = int(m.group(1)), int(m.group(2) or 1)
            lines.update(range(start, start + count))
        return lines
