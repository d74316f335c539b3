"""Build toolkit/data/verbs.txt: the English verb forms the sentence rules ask about, from lemminflect's
lexicon, so that a run need not load lemminflect (about 1 s) to ask them.

Each line is a word and what it can be: `B` a verb's bare form ("carry"), `F` a finite form (past, present
3rd person or not: "carried", "carries", "carry"). The lexicon is lemminflect's lemma table; words outside
it are neither, as lemminflect answers for them. Usage: .venv/bin/python scripts/build_verbs.py
"""

from __future__ import annotations

import csv
import gzip
from importlib.resources import files
from pathlib import Path

from lemminflect import getAllInflections, getAllLemmas

OUT = Path(__file__).resolve().parent.parent / "toolkit" / "data" / "verbs.txt"


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
            kinds[word] = ("B" if base else "") + ("F" if finite else "")
    header = (
        "# built by scripts/build_verbs.py from lemminflect's lexicon: word, B (bare form) and/or F (finite form)\n"
    )
    OUT.write_text(header + "".join(f"{w}\t{k}\n" for w, k in sorted(kinds.items())), encoding="utf-8")
    print(f"{OUT}: {len(kinds)} words")


if __name__ == "__main__":
    main()
