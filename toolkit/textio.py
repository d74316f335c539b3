"""Read articles: decode bytes (UTF-8, BOM, UTF-16, GB18030), expand directories and JSONL records."""

from __future__ import annotations

import codecs
import contextlib
import errno
import fnmatch
import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import regex

from . import html
from .model import Document

STDIN = "<stdin>"  # how standard input ('-') is named in results and messages
DEFAULT_EXTENSIONS = (".txt", ".md", ".jsonl", ".tsv", ".xlf", ".xliff", ".tmx", ".html", ".htm", ".shtml", ".xhtml")

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


class InputError(Exception):
    """A file or record that cannot be linted; the message names the problem in one line."""


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes and name the encoding used; never raise.

    Order: byte-order mark, strict UTF-8, BOM-less UTF-16 (NUL bytes in alternate positions), strict
    GB18030 (a superset of GBK and GB2312) or Big5 (with HKSCS), whichever reads as more common characters,
    Windows-1252 (Latin-1's superset: Western European text, Word's curly quotes) when no byte sequence in
    it is one of UTF-8's, and last UTF-8 with U+FFFD replacements (UTF-8 with a few damaged bytes).
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if len(data) >= 4 and data.count(0) * 4 >= len(data):
        even, odd = data[0::2].count(0), data[1::2].count(0)
        name = "utf-16-le" if odd > even else "utf-16-be"
        return data.decode(name, errors="replace"), name
    decoded = {}
    for name in ("gb18030", "big5hkscs"):
        with contextlib.suppress(UnicodeDecodeError):
            decoded[name] = data.decode(name)
    shares = {name: _common_share(text, name) for name, text in decoded.items()}
    # Big5 bytes (Taiwan, Hong Kong) often decode as GB18030 too, into rare characters: take the reading
    # in which more of the Han characters are the common ones of that encoding
    best = max(decoded, key=lambda n: (shares[n], n == "gb18030"), default=None)
    # Windows-1252 English reads as GB18030 where an accent meets a curly quote ("café’s"), into rare
    # characters: with fewer than half of them common, the bytes are Western
    if best is not None and shares[best] >= 0.5:
        return decoded[best], best
    if not _UTF8_SEQUENCE.search(data):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("cp1252"), "cp1252"
    if best is not None:
        return decoded[best], best
    return data.decode("utf-8", errors="replace"), "utf-8 (invalid bytes replaced)"


# A multi-byte UTF-8 character: a file holding one is UTF-8 with damage rather than Windows-1252, where "é"
# is one byte and "Ã©" would be mojibake already.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


_LONE_CR = regex.compile(r"\r(?!\n)")
_LINE_END = regex.compile(r"\r(?!\n)|\n")


def lone_cr_as_lf(text: str) -> str:
    """The text with each lone carriage return (an old Mac line end) made a line feed, so that every rule and
    reader sees the line break; one character for one, so offsets are still those of the text as read. A
    CRLF is left as it is: its line ends at the LF and the CR is trimmed wherever lines are."""
    return _LONE_CR.sub("\n", text) if "\r" in text else text


def _lone_crs_back(text: str, read: str) -> str | None:
    """`text`, a changed copy of `read` with its lone CRs made LFs, with those CRs put back where they were
    (its k-th LF is a CR where the k-th line end of `read` was one); None when the two count different
    numbers of line ends."""
    crs = [m.group() == "\r" for m in _LINE_END.finditer(read)]
    if not any(crs):
        return text
    parts = text.split("\n")
    if len(parts) != len(crs) + 1:
        return None
    return "".join(part + ("\r" if cr else "\n") for part, cr in zip(parts, crs, strict=False)) + parts[-1]


_ODD = regex.compile(r"[\u3040-\u30ff\u0370-\u03ff\u0400-\u04ff\u2500-\u257f\uac00-\ud7af]")


def is_text_encoding(name: str) -> bool:
    """Whether Python knows `name` as an encoding of text (not a codec such as rot13, hex or base64)."""
    try:
        return bool(codecs.lookup(name)._is_text_encoding)
    except LookupError:
        return False


def _common_share(text: str, encoding: str) -> float:
    """The share of Han characters among the most frequent of the encoding's character set: GB2312's
    level 1 (the 3,755 most used simplified characters, lead bytes B0-D7) or Big5's frequently used
    characters (5,401 traditional ones, lead bytes A4-C6)."""
    sample = text[:20_000]
    han = [c for c in sample if "\u4e00" <= c <= "\u9fff"]
    odd = len(_ODD.findall(sample))  # kana, Cyrillic, Greek, box drawing: what a wrong reading is full of
    if not han:
        return 0.0
    charset, low, high = ("gb2312", 0xB0, 0xD7) if encoding == "gb18030" else ("big5", 0xA4, 0xC6)
    common = 0
    for c in han:
        with contextlib.suppress(UnicodeEncodeError):
            common += low <= c.encode(charset)[0] <= high
    return common / (len(han) + odd)


@dataclass(frozen=True, slots=True)
class Failure:
    path: str
    message: str
    skipped: bool = False  # not an error: an input with nothing to check (binary, empty), named in a warning
    line: int | None = None  # the line of the file it is about (a JSONL record, a TSV row), when there is one

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


# File signatures of formats that are never text: the input is skipped, not decoded into "Chinese".
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX, XLSX)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows executable"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O file"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x00asm", "a WebAssembly module"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def not_text(data: bytes, text: str) -> str | None:
    """Why these bytes are not a text to lint (a binary format, or control characters and replacement
    marks in what they decode to), or None."""
    if not any(data.startswith(bom) for bom, _ in _BOMS):
        for magic, kind in _MAGIC:
            if data.startswith(magic) and (kind != "a Windows executable" or b"\x00" in data[:512]):
                return f"binary file ({kind}), not text"
    sample = text[:20_000]
    if sample and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
        return "binary or garbled: control characters or undecodable bytes in more than 1% of the text"
    return None


@dataclass(frozen=True, slots=True)
class Sources:
    """Where an article's Chinese source is: a sibling file with these suffixes, or one named file."""

    source_suffix: str = ".zh"
    target_suffix: str = ".en"
    explicit: str | None = None  # --source FILE, for a single input


def expand_paths(
    paths: Iterable[str],
    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS,
    source_suffix: str = ".zh",
    exclude: tuple[str, ...] = (),
    gitignore: bool = True,
    output: str | None = None,
) -> list[str]:
    """Turn arguments into a sorted, de-duplicated file list; directories are searched recursively,
    leaving out the Chinese sources (`a.zh.txt`) that sit beside the articles, what `exclude` matches
    (glob patterns, as ruff's: against the path below the searched folder and against each of its parts),
    what lies in the run's own `output` folder (`report -o`: an earlier run's report pages are not articles)
    and, with `gitignore`, what the `.gitignore` files of the folder and of its parents up to the
    repository's root ignore (and `.git/info/exclude`), as ruff and Vale do. A file named on the command
    line is always read, and a `.tsv` found in a folder only when it looks bilingual (see
    `bitext.bilingual_tsv`)."""
    from .bitext import bilingual_tsv

    ignored = _GitIgnores() if gitignore else None
    written = _written(output)
    out: list[str] = []
    for raw in paths:
        if raw == "-":
            out.append(raw)
            continue
        p = Path(raw)
        if p.is_dir():
            found = [
                str(f)
                for f in p.rglob("*")
                if (f.is_file() or _broken_link(f))  # a broken link is read, so that it is reported
                and f.suffix.lower() in extensions
                and not _hidden(f.relative_to(p))
                and not f.stem.endswith(source_suffix)
                and not _excluded(f.relative_to(p), exclude)
                and not (written and written(f))
                and not (ignored and ignored(f))
                and (f.suffix.lower() != ".tsv" or bilingual_tsv(f))
            ]
            out.extend(sorted(found))
        else:
            out.append(raw)
    return list(dict.fromkeys(out))


def _written(output: str | None) -> Callable[[Path], bool] | None:
    """Whether a file lies inside the existing `output` folder. An output file found in a searched folder is
    kept among the inputs, and so refused (`overwritten_input`): it may be an article as well as an earlier
    report, and only the user can tell."""
    if not output:
        return None
    try:
        target = Path(output).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not target.is_dir():
        return None

    def written(file: Path) -> bool:
        try:
            return target in file.resolve().parents
        except (OSError, RuntimeError):
            return False

    return written


def overwritten_input(output: str | None, inputs: Iterable[str | None]) -> str | None:
    """The input that writing `output` would replace, or None: the same file (symbolic and hard links seen
    through), a folder input that holds it (a folder read whole, as `compare` reads one), or, when `output`
    is a folder (a report's), an input inside it. Only an existing file or folder can be an input."""
    if not output:
        return None
    try:
        target = Path(output).resolve(strict=True)
        if not (target.is_file() or target.is_dir()):  # a device or a FIFO is written through, never replaced
            return None
    except (OSError, RuntimeError):
        return None
    for raw in inputs:
        if not raw or raw == "-":
            continue
        try:
            path = Path(raw).resolve(strict=True)
            if path == target or target in path.parents or path in target.parents or os.path.samefile(path, target):
                return raw
        except (OSError, RuntimeError):
            continue
    return None


def _broken_link(path: Path) -> bool:
    """A symbolic link to nothing: its target is missing, or a loop of links."""
    return path.is_symlink() and not path.exists()


class _GitIgnores:
    """Whether git would ignore a file, by the `.gitignore` files from the repository's root (the folder
    holding `.git`; without one, the filesystem's root) down to the file's folder, the deeper deciding
    (pathspec's GitIgnoreSpec, which follows git's rules, negations too)."""

    def __init__(self) -> None:
        self.specs: dict[Path, Any] = {}

    def _spec(self, folder: Path) -> Any:
        if folder not in self.specs:
            import pathspec

            lines: list[str] = []
            for name in (".gitignore", ".git/info/exclude"):
                with contextlib.suppress(OSError, UnicodeDecodeError):
                    lines += (folder / name).read_text(encoding="utf-8").splitlines()
            self.specs[folder] = pathspec.GitIgnoreSpec.from_lines(lines) if lines else None
        return self.specs[folder]

    def __call__(self, file: Path) -> bool:
        try:
            path = file.resolve()
        except (OSError, RuntimeError):  # a loop of symbolic links: where the link is
            path = file.absolute()
        chain = []
        for folder in path.parents:
            chain.append(folder)
            if (folder / ".git").exists():
                break
        state = False
        for folder in reversed(chain):  # the root first, the deepest last
            spec = self._spec(folder)
            if spec is not None:
                decided = spec.check_file(path.relative_to(folder).as_posix()).include
                if decided is not None:
                    state = decided
        return state


def _excluded(rel: Path, patterns: tuple[str, ...]) -> bool:
    path = rel.as_posix()
    return any(fnmatch.fnmatch(path, pat) or any(fnmatch.fnmatch(part, pat) for part in rel.parts) for pat in patterns)


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def read_documents(
    path: str, sources: Sources = Sources(), encoding: str | None = None, debug: bool = False
) -> Iterator[Document | Failure]:
    """Yield the documents in one input, or failures: a text file (with its Chinese source when one
    is found), JSONL records, a bilingual file (TSV, XLIFF, TMX, WMT MQM TSV), a web page, or '-' for
    stdin. A reader's own error is a failure of that input (`debug`: raised, with its traceback)."""
    shown = STDIN if path == "-" else path
    records: Iterator[Document | Failure] | None = None
    try:
        if path != "-" and Path(path).exists() and not Path(path).is_dir() and not Path(path).is_file():
            yield Failure(path, "not a regular file (a FIFO, device or socket): not read")
            return
        if path != "-" and path.lower().endswith(".jsonl") and encoding in (None, "utf-8", "utf_8"):
            records = _jsonl_stream(path)  # None: not UTF-8, read whole below
        if records is None:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except IsADirectoryError:
        yield Failure(path, "is a directory")
        return
    except FileNotFoundError:
        yield Failure(
            path, f"broken symbolic link to {os.readlink(path)}" if _broken_link(Path(path)) else "no such file"
        )
        return
    except OSError as exc:
        yield Failure(path, f"cannot read: {exc.strerror or exc}")
        return
    if records is None:
        if encoding:  # declared by the user (--encoding): no guessing, and bytes that do not fit are an error
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                yield Failure(shown, f"not valid {encoding}: byte {exc.start} (0x{data[exc.start]:02x})")
                return
        else:
            text, encoding = _decode_page(data) if html.is_html(path) else decode(data)
        why = not_text(data, text)
        if why:
            yield Failure(shown, f"{why} (encoding guessed: {encoding}): skipped", skipped=True)
            return
        if not path.lower().endswith(".jsonl"):  # records end at LF only; their texts are seen to below
            text = lone_cr_as_lf(text)
        records = _parse(path, shown, text, encoding, sources)
    try:
        yield from records
    except Exception as exc:  # a reader's failure costs this input only, never the run
        if debug:
            raise
        yield Failure(shown, f"cannot read: {type(exc).__name__}: {str(exc)[:200]}")


SAMPLE = 1 << 16  # bytes of a JSONL file read to tell its encoding before it is streamed


def _jsonl_stream(path: str) -> Iterator[Document | Failure] | None:
    """A UTF-8 JSONL file read a line at a time, so that memory does not grow with the file (a million
    records); None for anything else (UTF-16, GB18030, binary), which is read whole as other inputs are."""
    with open(path, "rb") as fh:
        sample = fh.read(SAMPLE)
    if any(sample.startswith(bom) for bom, name in _BOMS if name != "utf-8-sig") or b"\x00" in sample:
        return None
    final = len(sample) < SAMPLE
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=final)
    except UnicodeDecodeError:
        try:
            codecs.getincrementaldecoder("gb18030")().decode(sample, final=final)
            return None  # GB18030 (or GBK): read whole, with the detection the other inputs get
        except UnicodeDecodeError:
            text = sample.decode("utf-8", errors="replace")  # UTF-8 with bad lines: each costs its line
    why = not_text(sample, text)
    if why:
        return iter([Failure(path, f"{why} (encoding guessed: utf-8): skipped", skipped=True)])
    encoding = "utf-8-sig" if sample.startswith(_BOMS[0][0]) else "utf-8"

    def lines() -> Iterator[tuple[int, str | Failure]]:
        with open(path, "rb") as fh:
            for lineno, raw in enumerate(fh, 1):
                try:
                    line = raw.decode(encoding if lineno == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    yield lineno, Failure(path, f"not valid UTF-8: byte {exc.start} of the line", line=lineno)
                    continue
                yield lineno, line[:-1] if line.endswith("\n") else line

    return _records(path, lines(), encoding)


def _decode_page(data: bytes) -> tuple[str, str]:
    """A web page read in the encoding it declares, when it declares one that reads its bytes."""
    declared = None if any(data.startswith(bom) for bom, _ in _BOMS) else html.declared_encoding(data)
    if declared:
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode(declared), declared
    return decode(data)


def _parse(path: str, shown: str, text: str, encoding: str, sources: Sources) -> Iterator[Document | Failure]:
    from .bitext import SEGMENT_EXTENSIONS, read_segments, read_source, sibling_source

    if path.lower().endswith(".jsonl"):
        yield from _jsonl(shown, text, encoding)
    elif not path.lower().endswith(SEGMENT_EXTENSIONS) and not text.strip():
        yield Failure(shown, "empty: no text to check (not scored)", skipped=True)
    elif html.is_html(path):
        page = html.extract(text)
        if page is None:
            yield Failure(shown, "web page with no main text found (trafilatura): not scored", skipped=True)
            return
        yield Document(mt=page.text, path=shown, encoding=encoding, file_lines=page.file_lines)
    elif path.lower().endswith(SEGMENT_EXTENSIONS):
        yield from read_segments(path, shown, text, encoding)
    else:
        found = Path(sources.explicit) if sources.explicit else None
        if found is None and path != "-":
            found = sibling_source(path, sources.source_suffix, sources.target_suffix)
        if found is None:
            yield Document(mt=text, path=shown, encoding=encoding)
            return
        src = read_source(found)
        if isinstance(src, str):
            yield Failure(shown, src)
            return
        how = f"--source {found}" if sources.explicit else f"sibling {found.name}"
        yield Document(mt=text, path=shown, encoding=encoding, src=src[0], pairing=how)


_SURROGATE = regex.compile(r"[\ud800-\udfff]")
MAX_RECORD = 10_000_000  # characters in one JSONL line


def _jsonl(path: str, text: str, encoding: str) -> Iterator[Document | Failure]:
    # records end at "\n" only: U+2028, NEL and the like are legal inside a JSON string
    yield from _records(path, enumerate(text.split("\n"), 1), encoding)


def _records(path: str, lines: Iterable[tuple[int, str | Failure]], encoding: str) -> Iterator[Document | Failure]:
    for lineno, line in lines:
        if isinstance(line, Failure):
            yield line
            continue
        if not line.strip():
            continue
        if len(line) > MAX_RECORD:
            yield Failure(path, f"record of {len(line):,} characters, over the limit of {MAX_RECORD:,}", line=lineno)
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(path, f"invalid JSON: {exc.msg}", line=lineno)
            continue
        except (ValueError, RecursionError) as exc:  # a number of 5,000 digits, 100,000 nested brackets
            yield Failure(path, f"invalid JSON: {type(exc).__name__}: {str(exc)[:120]}", line=lineno)
            continue
        if not isinstance(rec, dict):
            yield Failure(path, "a record must be a JSON object", line=lineno)
            continue
        target = rec.get("target")
        if not isinstance(target, str):
            yield Failure(path, "record has no string field 'target'", line=lineno)
            continue
        rid = rec.get("id")
        target = lone_cr_as_lf(target)
        src, ref = (lone_cr_as_lf(v) if isinstance(v, str) else v for v in (rec.get("source"), rec.get("reference")))
        if any(isinstance(v, str) and _SURROGATE.search(v) for v in (target, src, ref, rid)):
            yield Failure(path, "a string holds a lone surrogate (such as \\ud800): not valid Unicode", line=lineno)
            continue
        if not target.strip():
            yield Failure(path, "empty target: no text to check (not scored)", skipped=True, line=lineno)
            continue
        yield Document(
            mt=target,
            path=path,
            id=f"line {lineno}" if rid is None else str(rid),  # a record is named, so each has its own page
            encoding=encoding,
            src=src if isinstance(src, str) else None,
            ref=ref if isinstance(ref, str) else None,
            pairing="jsonl source field" if isinstance(src, str) else None,
            file_lines=(lineno,),
        )


def portable_path(path: str) -> str:
    """A path with '/' separators, relative to the working directory when it lies inside it."""
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        path = path if rel.startswith("..") else rel
    return Path(os.path.normpath(path)).as_posix()


# A process's open streams: /dev/stdout, /dev/fd/1, /proc/self/fd/1 (not /dev/shm, where files live).
_STREAM = regex.compile(r"/dev/(?:std(?:out|err)|fd/\d+)$|/proc/(?:self|\d+)/fd/\d+$")


def write_atomic(path: str, content: str | bytes) -> None:
    """Write a file (text as UTF-8, or bytes as they are) so that readers see the old or the new content,
    never half of it (see `open_atomic`)."""
    with open_atomic(path) as fh:
        fh.write(_bytes(content))


@contextlib.contextmanager
def open_atomic(path: str) -> Iterator[BinaryIO]:
    """A file to write, in binary, that appears at `path` whole when the block ends, so that output can be
    written as it is made (JSON Lines) and still never be seen half-written.

    Only a regular file is ever replaced. A symlink is followed and its target written; a character device
    or a FIFO (`-o /dev/null`, `-o /dev/stdout`, a pipe) is written through, never replaced; a folder, socket
    or block device is refused (OSError). An existing file keeps its mode; a new one gets the mode the umask
    gives, as with any other tool. Interrupted (Ctrl-C, SIGTERM, a full disk, an error in the block), the
    old file stays and the temporary file is removed.
    """
    if _STREAM.match(path) and os.path.exists(path):
        # /dev/stdout, /dev/fd/N, /proc/self/fd/N: an open stream, never a file to replace (appending keeps
        # what a shell's >> redirection already holds)
        with open(path, "ab") as fh:
            yield fh
        return
    target = Path(os.path.realpath(path))
    try:
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
            with open(target, "wb") as fh:
                yield fh
            return
        raise OSError(errno.EINVAL, "not a regular file, a character device or a FIFO")
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~current_umask()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def write_temp(folder: Path, name: str, content: str | bytes, mode: int) -> str:
    """Write `content` to a new hidden temporary file beside where `name` will go, with `mode`; its path.
    A failure leaves no temporary file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_bytes(content))
        os.chmod(tmp, mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def encode_as_read(text: str, encoding: str, original: bytes) -> bytes | None:
    """The text encoded as its file was read (its byte-order mark and its lone-CR line ends kept), or None
    where that cannot be done faithfully: the bytes were guessed with replacements, the text no longer fits
    the encoding, or it has more or fewer lines than a file with lone CRs had."""
    if encoding == "utf-16":  # read by its byte-order mark: keep the file's byte order
        encoding = "utf-16-be" if original.startswith(b"\xfe\xff") else "utf-16-le"
        bom = original[:2]
    else:
        bom = b""
    if not is_text_encoding(encoding):
        return None
    if b"\r" in original:  # lone CRs were read as LFs (`lone_cr_as_lf`): the file keeps its own line ends
        restored = _lone_crs_back(text, original[len(bom) :].decode(encoding, errors="replace"))
        if restored is None:
            return None
        text = restored
    try:
        return bom + text.encode(encoding)
    except UnicodeEncodeError:
        return None


def current_umask() -> int:
    """The process umask (reading it means setting it: set it back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
