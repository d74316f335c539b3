"""The grammar layer: an external grammar engine (Harper in process, or LanguageTool) whose findings
become mtqa issues, filtered for this genre and cached on disk.

Engines return `Finding`s in code points of the text they were given. The layer picks the engine
(`choose`), runs it once per distinct text (`GrammarLayer.check`), keeps results in an on-disk cache,
and drops findings a zh→en news page does not need: correctly written pinyin names and acronyms reported
as misspellings, and engine rules that the dev-set measurements switched off.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

import regex

from .. import pinyin
from ..segment import ABBREVIATIONS, LIST_MARKER_RE, in_a_list, spaces_for_breaks

CHOICES = ("auto", "languagetool", "harper", "off")


@dataclass(frozen=True, slots=True)
class Finding:
    start: int  # code points
    end: int
    family: str  # grammar, spelling, punctuation or style
    upstream_id: str  # the engine's own rule id
    message: str
    replacements: tuple[str, ...] = ()


class EngineUnavailable(Exception):
    """The engine asked for cannot run here; the message names what is missing."""


class EngineFault(Exception):
    """The engine ran but failed on a text (down, timeout, rate limit, bad answer)."""


class Engine(Protocol):
    name: str  # "harper", "languagetool"

    @property
    def version(self) -> str: ...

    @property
    def label(self) -> str:
        """Name, version and where, for the output: "harper (harper-py 0.2.0)"."""
        ...

    @property
    def settings_key(self) -> str:
        """Everything besides the text that changes the engine's answer (for the cache)."""
        ...

    def check(self, text: str) -> list[Finding]: ...


@dataclass(frozen=True, slots=True)
class GrammarOptions:
    """The grammar settings (config keys `grammar`, `languagetool-url`, …)."""

    choice: str = "auto"
    languagetool_url: str = ""  # a self-hosted server, or "public" for the public API (explicit only)
    language: str = "en-US"
    disabled_rules: tuple[str, ...] = ()  # engine rule ids to drop, on top of the measured defaults
    enabled_rules: tuple[str, ...] = ()  # engine rule ids to keep although the defaults drop them
    picky: bool = False
    timeout: float = 20.0
    cache: bool = True


def configured(options: GrammarOptions) -> bool:
    """Whether `auto` should try LanguageTool: only when a server URL is set. A local install is run only when
    asked for (`--grammar languagetool`): on the real pages and the MQM dev sets Harper alone has the better
    precision and half the false alarms on clean pages, without a JVM to start (README, Grammar engines)."""
    return bool(options.languagetool_url)


def choose(options: GrammarOptions) -> tuple[Engine | None, str]:
    """The engine for these options and a note: why there is none, or why `auto` fell back to Harper.
    Raises EngineUnavailable when the user asked for LanguageTool explicitly and it cannot run."""
    if options.choice == "off":
        return None, "grammar off"
    note = ""
    if options.choice == "languagetool" or (options.choice == "auto" and configured(options)):
        from .languagetool import LanguageToolEngine  # and requests: not imported when Harper is the engine

        try:
            return LanguageToolEngine.start(options), ""
        except EngineUnavailable as exc:
            if options.choice == "languagetool":
                raise
            note = f"{exc}; using harper instead"
    from .harper_engine import HarperEngine

    return HarperEngine(options), note


def cache_dir() -> Path:
    env = os.environ.get("MTQA_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mtqa"


def cache_problem() -> str | None:
    """Why the cache folder cannot be used (MTQA_CACHE_DIR names a file, a parent is a file, no permission),
    in one line, or None; the caches themselves turn off without a word (a miss is never a failure)."""
    folder = cache_dir()
    named = " (MTQA_CACHE_DIR)" if os.environ.get("MTQA_CACHE_DIR") else ""
    if folder.exists() and not folder.is_dir():
        return f"cache folder {folder}{named} is not a folder: grammar findings and results are not cached"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"cache folder {folder}{named} cannot be made ({exc.strerror or exc}): nothing is cached"
    return None


CACHE_MAX_MB = 256  # each cache file's size bound (MTQA_CACHE_MAX_MB): the least recently written rows go first
GRAMMAR_CACHE = "grammar.sqlite"  # the grammar engine's findings (table findings)
RESULTS_CACHE = "results.sqlite"  # whole results of articles (table articles, see engine.py)
BATCH = 64  # findings written in one transaction


class Cache:
    """Engine results on disk (SQLite in WAL mode), keyed by engine, version, settings and text.

    Writes are batched (one transaction per `BATCH` texts, and at exit), so a cold run costs little more
    than a run without the cache; several processes share the file (SQLite's locking, a 5 s timeout).
    Past its size bound the oldest rows are deleted. A cache that cannot be opened, or a damaged row, is a
    miss, never a failure."""

    def __init__(self, path: Path, table: str = "findings") -> None:
        self.path = path
        self.table = table  # findings (the grammar engine's), articles (whole results, see engine.py)
        self._db: sqlite3.Connection | None = None
        self._pending: dict[str, str] = {}
        atexit.register(self.flush)

    def _conn(self) -> sqlite3.Connection | None:
        if self._db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=5)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute(
                    f"CREATE TABLE IF NOT EXISTS {self.table} "
                    "(key TEXT PRIMARY KEY, value TEXT NOT NULL, stamp REAL NOT NULL)"
                )
                db.execute("DROP TABLE IF EXISTS results")  # the layout before batching: no stamp to bound it by
                if self.table != "articles":  # whole results had shared this file; they have one of their own
                    db.execute("DROP TABLE IF EXISTS articles")
                self._db = db
            except (OSError, sqlite3.Error):
                return None  # a cache that cannot be opened is no cache, never a failure
        return self._db

    def get_text(self, key: str) -> str | None:
        value = self._pending.get(key)
        if value is not None:
            return value
        db = self._conn()
        try:
            row = db.execute(f"SELECT value FROM {self.table} WHERE key = ?", (key,)).fetchone() if db else None
        except sqlite3.Error:
            return None
        return None if row is None else str(row[0])

    def put_text(self, key: str, value: str) -> None:
        self._pending[key] = value
        if len(self._pending) >= BATCH:
            self.flush()

    def get(self, key: str) -> list[Finding] | None:
        value = self.get_text(key)
        if value is None:
            return None
        try:
            return [Finding(**{**f, "replacements": tuple(f["replacements"])}) for f in json.loads(value)]
        except (ValueError, TypeError, KeyError):
            return None  # a damaged row is a miss: the engine is asked again and the row rewritten

    def put(self, key: str, findings: list[Finding]) -> None:
        self.put_text(key, json.dumps([asdict(f) for f in findings]))

    def flush(self) -> None:
        """Write the pending rows in one transaction, then hold the size bound."""
        if not self._pending:
            return
        rows, self._pending = self._pending, {}
        db = self._conn()
        if db is None:
            return
        now = time.time()
        try:
            with db:
                db.executemany(
                    f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?, ?)", [(k, v, now) for k, v in rows.items()]
                )
            self._bound(db)
        except sqlite3.Error:
            pass

    def _bound(self, db: sqlite3.Connection) -> None:
        """Keep the file under the bound, evicting the oldest rows (each table has a file of its own, so the
        file's pages in use are the table's and its index's). Counting pages costs nothing; the rows are
        counted and the oldest tenth deleted only past the bound, so a long run pays for that once per tenth
        of growth (summing the table after every batch had made its time grow with the square of its length)."""
        limit = float(os.environ.get("MTQA_CACHE_MAX_MB", CACHE_MAX_MB)) * 2**20
        pages = db.execute("PRAGMA page_count").fetchone()[0] - db.execute("PRAGMA freelist_count").fetchone()[0]
        used = pages * db.execute("PRAGMA page_size").fetchone()[0]
        if used <= limit:
            return
        rows = db.execute(f"SELECT COUNT(*) FROM {self.table}").fetchone()[0]
        keep = int(rows * limit / used * 0.9)  # under the bound, with room to grow
        with db:
            db.execute(
                f"DELETE FROM {self.table} WHERE key NOT IN (SELECT key FROM {self.table} ORDER BY stamp DESC LIMIT ?)",
                (keep,),
            )

    def info(self) -> dict[str, object]:
        db = self._conn()
        if db is None:
            return {"path": str(self.path), "rows": 0, "bytes": 0}
        self.flush()
        rows = db.execute(f"SELECT COUNT(*) FROM {self.table}").fetchone()[0]
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())
        return {"path": str(self.path), "rows": rows, "bytes": size}

    def clear(self) -> int:
        """Delete every row; how many there were."""
        db = self._conn()
        self._pending.clear()
        if db is None:
            return 0
        with db:
            n = db.execute(f"DELETE FROM {self.table}").rowcount
        db.execute("VACUUM")
        return int(n)


_ADDRESS = regex.compile(r"://|^www\.|@|\.(?:com|cn|org|net|gov|edu)\b")
_DATELINE = regex.compile(r"^[A-Z][A-Z .'-]+, [A-Z][a-z]+\.? \d{1,2}(?:, \d{4})? \([^)]*\) $")
_QUANTIFIER_END = regex.compile(r"\b(?:few|many|several|plenty|dozens|hundreds|thousands)$")
_SUCH = regex.compile(r"\b[Ss]uch\s+$")  # the word before "as how" in "such as how to …"
_RIGHT = regex.compile(r"\s+right\b")  # the word after "their" in "their right hands"
_LETTERS = regex.compile(r"\p{L}+")
_EACH_AND = regex.compile(r"\b[Ee]ach\s+and\s+$")  # before "every one" in "each and every one of them"
_OF = regex.compile(r"\s+of\b")  # after "every one" in "every one of the villagers"
# after "in depth" or "in demand", a word no noun that the phrase would qualify is: the adverb ("study in depth
# before the meeting") or the noun ("a decline in demand for glass"), not the adjective "in-depth", "in-demand"
_NO_NOUN_NEXT = regex.compile(
    r"\s*(?:[^\s\p{L}]|$)|\s+(?:for|of|in|on|at|to|and|or|but|before|after|with|from|by|as|than|the|a|an|this|that"
    r"|which|is|are|was|were|will|has|have|had|among|across|during|since|until|while|when|where)\b"
)
_SUBJECT_BEFORE = regex.compile(r"\b(?:who|that|which|it|he|she)\s+$", regex.IGNORECASE)  # "anyone who damages"
_NAME_NEXT = regex.compile(r"\s+\p{Lu}")  # a name after "you": "share with you China's figures"
_ACRONYM = regex.compile(r"^[A-Z][A-Z0-9&]{1,7}s?$")
# The engines' rules for a sentence starting in lower case, and an abbreviation with its stop right before
# the word (the segmenter's list: "Co.", "Ltd.", "No.", "Mr."), which ends no sentence.
_SENTENCE_START_RULES = frozenset({"SentenceCapitalization", "UPPERCASE_SENTENCE_START"})
_AFTER_ABBREVIATION = regex.compile(
    rf"\b(?:{'|'.join(regex.escape(a) for a in ABBREVIATIONS)})\.\s+$", regex.IGNORECASE
)
# A capitalised word after another, or a syllable after a hyphen in one: a name's part ("Zhang Min",
# "Kim Woo-min"), never an abbreviation to expand.
_NAME_SYLLABLE = regex.compile(r"(?<=\p{Lu}\p{Ll}* )\p{Lu}\p{Ll}+|(?<=\p{Lu}\p{Ll}*-)\p{Ll}+")
_MONTH_ABBREVIATION = regex.compile(r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)")
_DAY = regex.compile(r"\.? \d")
# The engines' repeated-word rules, and what they flag when a name or a Chinese word is said twice
# (`pinyin.doubled_name`).
_REPEAT_RULES = frozenset({"RepeatedWords", "ENGLISH_WORD_REPEAT_RULE"})
_DOUBLED = regex.compile(r"(\p{L}\p{Ll}+)[ \t]+\1")
_AFTER_YOU = regex.compile(r"\byou\s+$", regex.IGNORECASE)
_SEMI_MODAL_END = regex.compile(r"\b(?:dare|need)$", regex.IGNORECASE)  # the second of Harper's "two modals"
# a plural or a quotation before "were", its subject ("the factories were", "the earliest “factories” were")
_SUBJECT_OF_WERE = regex.compile(r"(?:\p{Ll}{2,}s|[”\"’])\s+$")
_SPACED_ELLIPSIS = regex.compile(r"\. \. \.")
# a past tense after the word Harper took for the verb: the word is an adverb ("He further noted that")
_PAST_AFTER = regex.compile(r"\s+\p{Ll}{2,}ed\b")
# A possessive's ending, which the spelling filter leaves off a name ("Ma's village")
_POSSESSIVE = regex.compile(r"['’]s$")
# A name in camel case, a brand's or an organisation's: "InterContinental", "MultiCultural Center", "PetroChina"
_CAMEL_NAME = regex.compile(r"\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)+")
# A "?" glued between two words, which stands for a character the page lost (a no-break space, a quotation
# mark: MT412's), not for a question's end: "click?here?to sign up", "slump?and"
_LOST_CHARACTER = regex.compile(r"(?<=\S)\?$")
# A hyphen and a letter right after a finding: it took the first part of a compound for a word ("tit-for-tat").
_COMPOUND_GOES_ON = regex.compile(r"-\p{L}")


def _abbreviates(text: str, word: str) -> bool:
    """The word's letters are the initials of a hyphenated compound on the page: a shorthand and its long form
    ("WoW" and "week-on-week", "YoY" and "year-on-year")."""
    if not 2 <= len(word) <= 6 or not word.isalpha():
        return False
    long_form = "-".join(rf"{regex.escape(c)}\p{{L}}*" for c in word)
    return regex.search(rf"\b{long_form}\b", text, regex.IGNORECASE) is not None


def is_name_or_acronym(word: str) -> bool:
    """A capitalised pinyin name or place name (Lijun, Qinghai, Xi'an) or an acronym (CPPCC, RMB)."""
    if _ACRONYM.match(word):
        return True
    if not word[:1].isupper():
        return False
    parts = pinyin.split(word)
    return parts is not None and len(parts) <= 4


# a sentence's stop or a colon, and the quotation marks or brackets that close after it
_AFTER_A_STOP = regex.compile(r"[.!?:][\"”’')\]]*$")
_COLUMNS_WORDS = 12  # the words of a line whose runs of spaces are a table's padding, not a slip


def _word_end(text: str, pos: int) -> int:
    """Where the word at `pos` ends (the space Harper marks in "in depth" is followed by "depth")."""
    m = _LETTERS.match(text, pos)
    return m.end() if m else pos


def _is_layout(text: str, f: Finding) -> bool:
    """A finding over white space only that touches a line start, a line end or the text's ends, that follows
    a sentence's stop or a colon ("Space Day.”  Students"), that follows a list marker opening a line ("I.  To
    resolutely win", "2)  The county"), that pads the columns of a short line, three spaces or more ("Mayor
    of Nanshan District   Zeng Pai"), or that stands between words on a page whose line breaks became runs of
    spaces."""
    span = text[f.start : f.end]
    if span.strip() or not span:
        return False
    before, after = text[: f.start].rstrip(" \t"), text[f.end :].lstrip(" \t")
    if "\n" in span or not before or before.endswith("\n") or not after or after.startswith(("\n", "\r")):
        return True
    if _AFTER_A_STOP.search(before):
        return True  # two spaces after a full stop or a colon are typing, as MT416 leaves them
    if (before[-1:].isalpha() or before.endswith(",")) and after[:1].isalpha() and spaces_for_breaks(text):
        return True  # the page's line breaks became runs of spaces: one problem, MT416's (reported once)
    line_start = before.rfind("\n") + 1
    if len(span) >= 3 and len(before[line_start:].split()) + len(after.split("\n", 1)[0].split()) <= _COLUMNS_WORDS:
        return True
    return LIST_MARKER_RE.fullmatch(before, line_start) is not None  # "I.", "2)", "(iii)", "一、"


class GrammarLayer:
    """One engine for a whole run, with the genre filters and the cache."""

    def __init__(self, engine: Engine, options: GrammarOptions, dropped: frozenset[str]) -> None:
        self.engine = engine
        self.options = options
        self.dropped = (dropped | set(options.disabled_rules)) - set(options.enabled_rules)
        self.cache = Cache(cache_dir() / GRAMMAR_CACHE) if options.cache else None

    @property
    def label(self) -> str:
        return self.engine.label

    def _key(self, text: str) -> str:
        raw = "\x1f".join((self.engine.name, self.engine.version, self.engine.settings_key, text))
        return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()

    def check(self, text: str) -> list[Finding]:
        """Findings for a text, after the filters; raises EngineFault when the engine fails."""
        key = self._key(text)
        found = self.cache.get(key) if self.cache else None
        if found is None:
            # an engine's finding outside the text (wrong offsets) is dropped, and never cached
            found = [f for f in self.engine.check(text) if 0 <= f.start <= f.end <= len(text)]
            if self.cache:
                self.cache.put(key, found)
        return [f for f in found if self.keep(text, f)]

    def keep(self, text: str, f: Finding) -> bool:
        if f.upstream_id in self.dropped:
            return False
        left, right = text.rfind(" ", 0, f.start) + 1, text.find(" ", f.end)
        if _ADDRESS.search(text[left : right if right >= 0 else len(text)]):
            return False  # web and mail addresses are not sentences
        if _is_layout(text, f):
            return False  # paragraph indentation and line breaks are layout, not punctuation
        if f.upstream_id == "Dashes" and _DATELINE.match(text[text.rfind("\n", 0, f.start) + 1 : f.start]):
            return False  # "HANGZHOU, April 26 (Xinhua) --" is wire-service house style
        if f.upstream_id in _REPEAT_RULES:
            if "\n" in text[f.start : f.end]:
                return False  # a headline's last word and the dateline's first ("… opens in Beijing\nBEIJING")
            doubled = _DOUBLED.fullmatch(text, f.start, f.end)
            if doubled and pinyin.doubled_name(doubled.group(1)):
                return False  # a reduplicated name or Chinese word ("Wei Wei", "xie xie"), as MT603 allows it
        if f.upstream_id == "OrthographicConsistency" and (
            _POSSESSIVE.sub("", text[f.start : f.end]).istitle() or _abbreviates(text, text[f.start : f.end])
        ):
            return False  # a name in title case ("Sam", "Dupont") or a shorthand the page spells out ("WoW" for
            # "week-on-week") is no odd casing ("KiM", which it finds on news)
        if f.upstream_id == "ThereIsAgreement" and _QUANTIFIER_END.search(text, f.start, f.end):
            return False  # "there are few shoppers": Harper reads "few" as a singular noun ("is a few")
        if _SPACED_ELLIPSIS.search(text, max(0, f.start - 8), min(len(text), f.end + 8)):
            return False  # a spaced ellipsis (". . .", news style) is no stray space nor a sentence's end
        if f.upstream_id == "RepeatedWords" and text.startswith("$", f.end):
            return False  # "a A$317 million expansion": the second "A" is the currency's, Australian dollars
        if f.upstream_id == "Damages" and _SUBJECT_BEFORE.search(text, 0, f.start):
            return False  # a verb after its subject: "anyone who damages the resource" (Harper reads a noun)
        if f.upstream_id == "PossessiveYour" and _NAME_NEXT.match(text, f.end):
            return False  # "share with you China's figures": "you" is the object, a name follows
        if f.upstream_id == "TheirToThere" and _RIGHT.match(text, f.end):
            return False  # "raise their right fists": Harper reads every "their right" as "there right"
        if f.upstream_id == "InDemandInDepth" and _NO_NOUN_NEXT.match(text, _word_end(text, f.end)):
            return False  # "study in depth before …", "a decline in demand for …": no "in-depth", "in-demand"
        if f.upstream_id == "Everyone" and (_EACH_AND.search(text, 0, f.start) or _OF.match(text, f.end)):
            return False  # "every one of them" and "each and every one" stress each: no "everyone"
        if f.upstream_id == "RegularIrregulars" and "D" in pinyin.verb_forms().get(text[f.start : f.end].lower(), ""):
            return False  # a regular past the dictionaries accept beside the irregular one: "has strived"
        if f.upstream_id == "SimplePastToPastParticiple" and _OF.match(text, f.end):
            return False  # a noun before "of", not a past: "have bit of hard of hearing" (a bit of)
        if f.upstream_id == "AsHow" and _SUCH.search(text, 0, f.start):
            return False  # "such as how to manage time" is an example, not "as to how" (Harper's AsHow)
        if f.upstream_id == "DoubleModal" and (
            text.startswith(" to ", f.end) or _SEMI_MODAL_END.search(text, 0, f.end)
        ):
            return False  # "must dare to find", "wouldn't dare use": "dare" and "need" are also plain verbs
        if (
            f.upstream_id == "PronounContraction"
            and text[f.start : f.end].lower() == "were"
            and _SUBJECT_OF_WERE.search(text, 0, f.start)
        ):
            return False  # "The earliest “factories” were their own halls": "were" after its subject, no "we're"
        if f.upstream_id == "PronounVerbAgreement" and _AFTER_YOU.search(text, endpos=f.start):
            return False  # Harper misreads "you": "show you images", "you guys know" (every such TED flag wrong)
        if f.upstream_id == "PronounVerbAgreement" and (
            _PAST_AFTER.match(text, f.end) or "D" in pinyin.verb_forms().get(text[f.start : f.end].lower(), "")
        ):
            return False  # "He further noted that": an adverb before a past; "he outgrew it": a past agrees with all
        if f.upstream_id in _SENTENCE_START_RULES:
            if _AFTER_ABBREVIATION.search(text, 0, f.start):
                return False  # "Tourism Co. Ltd. was founded": the stop ends an abbreviation, not a sentence
            if in_a_list(text, f.start):
                return False  # "Categories:\n1. undergraduate programmes;": an item goes on its lead-in (as MT401)
        if f.family != "spelling" and f.end > f.start and _COMPOUND_GOES_ON.match(text, f.end):
            return False  # "tit-for-tat" (Harper's AvoidCurses), "The re-enactment" (There)
        if f.upstream_id.startswith("Expand") and _NAME_SYLLABLE.fullmatch(text, f.start, f.end):
            return False  # "Vice-Governor Zhang Min" is a name, not a shorthand to expand (ExpandMinimum is off too)
        if f.family == "spelling" and _MONTH_ABBREVIATION.fullmatch(text, f.start, f.end) and _DAY.match(text, f.end):
            return False  # "Dec 3" is news style, not "DEC" (Harper's OrthographicConsistency)
        if _ACRONYM.match(text[f.start : f.end]):
            return False  # an acronym ("(UNEP)") the engine read as a word (Harper's WrongNegative: "un-")
        if f.family == "spelling" and _LOST_CHARACTER.search(text, max(0, f.start - 2), f.start):
            return False  # a capital asked for after a "?" that is a lost character: "slump?and, in some cases"
        if f.family == "spelling":
            word = text[f.start : f.end]
            if _CAMEL_NAME.fullmatch(word):
                return False  # a name in camel case: "InterContinental Hotels Group", "MultiCultural Center"
            words = [_POSSESSIVE.sub("", w) for w in regex.findall(r"[\p{L}\p{N}'’&-]+", word)] or [word]
            if all(is_name_or_acronym(w) for w in words):
                return False  # a name, or its possessive ("Ma's village")
        return True


def layer_for(options: GrammarOptions, dropped: Sequence[str]) -> tuple[GrammarLayer | None, str]:
    """Start the grammar layer; the note says why there is none, or why `auto` fell back."""
    engine, note = choose(options)
    if engine is None:
        return None, note
    return GrammarLayer(engine, options, frozenset(dropped)), note
