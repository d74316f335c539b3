"""Build toolkit/data/verbs.txt and toolkit/data/lexicon.txt from lemminflect's lexicon, so that a run need
not load lemminflect (about 1 s) to ask what they answer.

lexicon.txt: every lower-case word lemminflect gives a lemma for (`getAllLemmas`), the words of its lemma
table and wordfreq's 100,000 most frequent English words; MT403 asks whether a capitalised word is a common
English word.

Each line is a word and what it can be: `B` a verb's bare form ("carry"), `F` a finite form (past, present
3rd person or not: "carried", "carries", "carry"), and of the finite forms that lemminflect knows as a verb
only (no noun, adjective or other reading) `S` a present in -s ("includes", not "claims" nor "visits")
and `D` a past that is no bare or present form ("held", "carried", not "set" nor "advanced"). The lexicon
is lemminflect's lemma table; words outside it are none of these, as lemminflect answers for them. `V` marks a bare
form that is a verb and nothing else ("ensure", "strengthen", not "work" nor "plan"): MT611 looks for those
after a comma.
Usage: .venv/bin/python scripts/build_lexicon.py
"""

from __future__ import annotations

import csv
import gzip
from importlib.resources import files
from pathlib import Path

from lemminflect import getAllInflections, getAllLemmas, getInflection

DATA = Path(__file__).resolve().parent.parent / "toolkit" / "data"
OUT = DATA / "verbs.txt"
LEXICON = DATA / "lexicon.txt"


def _verb_only(word: str, lemmas: tuple[str, ...], finite: bool) -> str:
    """`S` or `D` for a finite form that is a verb's and nothing else's (see the module's doc). The forms are
    asked one by one (`getInflection`): `getAllInflections` leaves out a participle spelled as the past."""
    if not finite or set(getAllLemmas(word)) - {"VERB"}:
        return ""
    tags = {t for m in lemmas for t in ("VB", "VBD", "VBN", "VBG", "VBZ", "VBP") if word in getInflection(m, t)}
    if tags == {"VBZ"}:
        return "S"
    return "D" if "VBD" in tags and not tags & {"VB", "VBG", "VBZ", "VBP"} else ""


def main() -> None:
    words: set[str] = set()
    with gzip.open(str(files("lemminflect") / "resources" / "lemma_lu.csv.gz"), "rt", encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if row:
                words.add(row[0])
    kinds: dict[str, str] = {}
    for word in sorted(words):
        if word != word.lower() or not word[:1].isalpha():  # capitalised entries are names
            continue
        lemmas = getAllLemmas(word, upos="VERB").get("VERB", ())
        base = word in lemmas
        finite = any(
            word in getAllInflections(lemma, upos="VERB").get(tag, ())
            for lemma in lemmas
            for tag in ("VBD", "VBP", "VBZ")
        )
        if base or finite:
            only = "V" if base and not set(getAllLemmas(word)) - {"VERB"} else ""
            kinds[word] = ("B" if base else "") + ("F" if finite else "") + _verb_only(word, lemmas, finite) + only
    header = (
        "# built by scripts/build_lexicon.py from lemminflect's lexicon: word, B (bare form) and/or F (finite form),\n"
        "# S (present in -s, a verb only) or D (past, a verb only), V (bare form, a verb only)\n"
    )
    OUT.write_text(header + "".join(f"{w}\t{k}\n" for w, k in sorted(kinds.items())), encoding="utf-8")
    print(f"{OUT}: {len(kinds)} words")
    from wordfreq import top_n_list

    candidates = {w.lower() for w in words} | set(top_n_list("en", 100_000))
    known = sorted(w for w in candidates if w == w.lower() and w[:1].isalpha() and getAllLemmas(w))
    header = "# built by scripts/build_lexicon.py: the lower-case words lemminflect gives a lemma for\n"
    LEXICON.write_text(header + "".join(f"{w}\n" for w in known), encoding="utf-8")
    print(f"{LEXICON}: {len(known)} words")


if __name__ == "__main__":
    main()
