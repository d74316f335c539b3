"""Rules that read the sentence layer (`Context.tag_all`, `Context.parse_all`): verbless sentences, orders,
mass nouns in the plural.

Each rule first tests every sentence cheaply (position, length, words that settle the question) and asks
for the tags or the parse of those the tests leave in doubt, all at once (one batch through the network).
Sentences longer than `MAX_PARSED` characters (no sentence of prose is; a page with no punctuation can be)
are not parsed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from .. import pinyin
from ..context import Context
from ..model import Hit, RuleSpec, Segment
from ..pinyin import finite_form, verb_forms
from ..segment import LIST_MARKER, LIST_MARKER_RE, count_words, in_a_list, labelled, title_case
from ..syntax import is_finite
from . import shorter_than_a_page

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# A caption or dateline ends in a date or a short bracketed credit, or carries a photo credit; it stands
# without a verb by design.
_CAPTION_END = regex.compile(
    r"(?:\b\d{4}|\([^()]{0,60}\)|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2})\W*$"
    r"|\bphoto(?:graphed)? by\b",
    regex.IGNORECASE,
)
# What stands before an item of a list of instructions on its line: a list marker or a lead-in ending in ":".
_LIST_ITEM = regex.compile(rf"{LIST_MARKER}|.*[:：]\s*")
# Verbless by design in speech and essays: "What an amazing …", "Thanks to all the speakers.", "The more
# unequal the society, the worse …", "Same country, same measure, problem after problem.", a greeting ("My
# greetings and best wishes to …", "Congratulations to …") and a phrase said three times over ("58 years of hard
# work, 58 years of arduous struggle, 58 years of …")
_COMPARATIVE = (
    r"(?:more|less|worse|better|fewer|greater|higher|lower|bigger|smaller|larger|richer|poorer|faster|slower)"
)
_RHETORIC = regex.compile(
    rf"What\b|Thanks to (?:all|every|our)\b|(?:In )?(?:an? |the )?{_COMPARATIVE}\b[^,]{{0,40}}, the {_COMPARATIVE}\b|"
    r"(?:The )?[Ss]ame \p{L}+[^,]*, (?:the )?same\b|"
    r"(?:(?:my|our|warm|warmest|sincere|best|hearty|heartfelt) )*(?:greetings|best wishes|congratulations)\b|"
    r"([\p{L}\d]+ \p{L}+)\b[^,.;]{0,40}, \1\b[^,.;]{0,40}, \1\b",
    regex.IGNORECASE,
)
MAX_PARSED = 2000  # characters
_SUBJECTS = frozenset({"NNS", "NNP", "NNPS", "PRP"})
_HEADS = _SUBJECTS | {"NN", "CD"}  # what a verb with no passive follows as its subject ("sq m remained")
_NOUNLIKE_TAGS = frozenset({"NN", "NNS", "VBN", "RB"})  # where the small model puts a verb it misread ("drones hover")
_OBJECTS = frozenset({"NNS", "DT", "PRP$"})
_NOUNS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "poss"})
_FIRST_WORD = regex.compile(r"\p{Lu}\p{Ll}+\b")
# A wire story's dateline: "SHANGHAI -- ", "BEIJING, May 8 (Xinhua) -- ", "HONG KONG — "
_DATELINE = regex.compile(r"\p{Lu}{2,}(?:[ -]\p{Lu}{2,})*(?:,[^-—–]{1,40}?)?\s*(?:--|[—–]|-(?=\s))\s*")
# Verbs with which a speaker or writer addresses the audience ("Imagine …", "Look at this.", "Take X as an example",
# a travel writer's "Expect tour buses at every site").
_TO_THE_AUDIENCE = frozenset(
    "imagine think look consider suppose remember picture see watch notice listen guess try take note "
    "recall compare meet say tell ask wait enjoy expect".split()
)


# Words that always carry tense: a sentence holding one has a finite verb without asking the parser; and
# "have" not after "to" nor before "to", and past forms that are never participles ("spoke", not "spoken").
_TENSED = regex.compile(
    r"\b(?:is|are|was|were|am|has|had|will|would|can|could|shall|should|may|might|must|does|did|said|says)\b"
    r"|n['’]t\b|(?<!\bto )\bhave\b(?! to\b)|\b(?:spoke|took|gave|went|came|became|began|wrote|grew|knew|drove|"
    r"threw|chose|flew|ate|forgot|swore|stole|rode|woke|sang|swam|drank|sank|shook|froze|tore|arose|overcame|"
    r"undertook|withdrew|foresaw|ran)\b",
    regex.IGNORECASE,
)
# A past form with its object right after it ("attended the meeting", "held a meeting"): a participle has no
# object but after "having", "been" or an auxiliary, which the lookbehind leaves out. Read with the lexicon
# (`_past`), so that "need the" or "hundred the" are not verbs.
_PAST_WITH_OBJECT = regex.compile(
    r"(?<!\b(?:having|been|be|being|get|got|getting|become|became|was|were|is|are|the|a|an)\s)\b(\p{Ll}{2,}) "
    r"(?:(?:the|a|an|this|these|those|their|its|his|her|our|my|your|all|some|many|more|two|three|several|over|"
    r"nearly|about)\b|\d)"
)
# A verb in a contraction: "it's", "that's", "they're", "we've", "I'm", "she'd", "you'll" (not "China's").
_CONTRACTED = regex.compile(
    r"\b(?:it|that|there|here|what|who|where|how|he|she)['’]s\b|\p{L}['’](?:re|ve|m|d|ll)\b", regex.IGNORECASE
)
# A present in -s before "to be": "needs to be", "seems to be".
_S_TO_BE = regex.compile(r"\b\p{Ll}+s to be\b")
# A caption's present after where the person stands: "Chen Jining (right) talks with researchers"
_CAPTION_VERB = regex.compile(
    r"\((?:(?:first|second|third|fourth) from )?(?:left|right|center|centre|front|back|middle)\) \p{Ll}+s\b"
)
# Pasts that a preposition or "to" shows as verbs, which news rarely uses as participles: "The document called
# for …", "The city pledged to …".
_PAST_PHRASE = regex.compile(
    r"\b(?:called (?:for|on)|(?:vowed|pledged|sought|decided|planned|hoped|tried|failed|managed|refused|promised|"
    r"continued) to)\b"
)
# A name and a past form in -ed before its preposition or "that": "Brunei agreed to", "Minh participated in"
# (not an adverb's capital: "Basically embedded in"); read with the lexicon (`_past`).
_NAME_PAST = regex.compile(r"\b\p{Lu}\p{Ll}+(?<!ly) (\p{Ll}+ed) (?:to|in|on|with|at|that)\b")
# A subject pronoun and the verb after it, past an adverb: "they visited", "we also need".
_SUBJECT_VERB = regex.compile(
    r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e)\s+(?:\p{Ll}+ly\s+|also\s+|still\s+|then\s+|all\s+|both\s+)?(\p{Ll}+)\b"
)
_WORD = regex.compile(r"\b\p{Ll}+(?:-\p{Ll}+)*\b")
# A photo credit on its own line ("Photo: Zhang Wei/China Daily", "[Photo/Xinhua]"): the paragraph before it
# is the photo's caption.
_CREDIT = regex.compile(
    r"\s*[\[(【]?\s*(?:photos?|photographs?|images?|pictures?)\s*(?:/|:|：|by\b|provided\b|courtesy\b|credit\b)"
    r"|.*/\s*(?:xinhua|china daily|cfp|vcg|cns)\b"
    # a city site's credit in brackets: "(Taken Nov 15, 2022 by Yu Zhaoyu)", "(By Wen Bo)", "(Jan. 4, 2022 Xia Li)"
    r"|\s*[(（]\s*(?:taken|shot|photographed|by)\b[^()（）\n]{0,60}[)）]"
    r"|\s*[(（][^()（）\n]{0,20}\b(?:19|20)\d\d\b[^()（）\n]{0,30}[)）]\s*$",
    regex.IGNORECASE,
)
_COUNTING = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
# A task of a list counted by an ordinal and named by a gerund: "First, implementing equipment upgrades …".
_COUNTED_TASK = regex.compile(rf"(?:{'|'.join(w.capitalize() for w in _COUNTING)}|Finally|Lastly),? \p{{Ll}}+ing\b")
# First words that can be bare verbs but open a sentence as something else: "While …", "Second, …".
_CONJUNCTIONS = frozenset({"while", "except"})
# where someone stands in a photo, which only a caption says: "(second left)", "(2nd R)", "(front row, centre)"
_IN_THE_PHOTO = regex.compile(
    r"\((?:(?:\d(?:st|nd|rd|th)|first|second|third|fourth|far|front row,?|back row,?)\s*)?"
    r"(?:[LRC]|left|right|cent(?:er|re)|middle)\)",
    regex.I,
)
# an editor's note or byline, verbless by design: "[Source: Christopher Bodeen, Associated Press]", "Guest post by
# Min Zheng and Xiu Min Li of Pacific Environment."
_NOTE = regex.compile(
    r"\s*\[[^\[\]]*\]\W*$|\s*(?:guest )?(?:post(?:ed)?|written|reported|story|text|edited|compiled|translated) by\b",
    regex.IGNORECASE,
)
# a polite instruction to the reader, which English gives without a subject ("please see the Annex")
_PLEASE = regex.compile(r"\bplease\b", regex.IGNORECASE)
# a word after an opening adverb or a comma ("Strictly follow", ", ensure that"), past an adverb in -ly
_VERB_AFTER_OPENING = regex.compile(r"(?:^\p{Lu}\p{Ll}+ly|[,;])\s*(?:\p{Ll}+ly\s+)?(\p{L}+)")
# a modal, a subject pronoun or a tensed "be" or "have", whose subject a bare verb after a comma may share ("We
# must study …, arm our minds", "The products are all open-ended, …")
_SUBJECT_BEFORE = regex.compile(
    r"\b(?:will|shall|should|must|can|could|would|may|might|we|they|he|she|i|it|is|are|was|were|has|have|had)\b",
    regex.I,
)
_BE = frozenset({"be", "am", "are", "is", "'re", "’re"})
_SPOKEN_OPENERS = frozenset({"and", "but", "or", "so", "then", "now"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"})
_ORDINALS = frozenset([*_COUNTING, "last", "next"])
_NUMBERED = regex.compile(r"\d+(?:st|nd|rd|th)")  # an ordinal in figures: "100th"
# The reader addressed: "you", "your" (not "thank you", nor the surname in "You Shilin").
_READER = regex.compile(r"(?<!\b[Tt]hank )\b[Yy]ou(?:r|rs|rself|rselves)?\b(?! \p{Lu})")
# Words that stand for a noun and can be a sentence's subject: "Many date back to the Qing dynasty."
_PRONOUN_SUBJECTS = frozenset("many some most both all few several others these those".split())
# Adverbs of time and frequency, which stand between a present verb and its subject ("terminals now load");
# not "together", which machine translation puts before a noun ("Song Chenxi together research").
_FREQUENCY = frozenset("now also still often usually already currently regularly generally always never".split())
# The pasts of verbs that take no object, so have no passive: after a noun they are its verb, not a participle
# that describes it, as the small model reads them ("The square buzzed with performances.")
_NO_PASSIVE = frozenset(
    "arrived happened occurred emerged existed appeared disappeared died flourished thrived prospered boomed "
    "soared surged plunged plummeted remained buzzed bustled teemed brimmed throbbed resounded sparkled "
    "glittered glowed flocked lingered centered centred hinged".split()
)


def _past(word: str) -> bool:
    """A past form by the lexicon: a verb's only ("held"), or a finite form in -ed ("attended")."""
    kinds = verb_forms().get(word, "")
    return "D" in kinds or ("F" in kinds and word.endswith("ed"))


def tensed_by_its_words(text: str) -> bool:
    """The quick tests that settle a sentence as having a verb with tense, without the tagger: a word that
    always carries one (`_TENSED`) or a contraction ("it's", "they're"), a present in -s that is a verb only
    ("includes", not "visits") or before "to be", a past that its preposition shows ("called for", "pledged
    to"), a caption's present ("(right) talks"), a subject pronoun and a finite form, a name and a past before
    its preposition ("Brunei agreed to"), or a past with its object or a number. Of the 7,190 sentences of
    narration of eight words or more in the news and TED dev sets and the real pages they settle 6,464 (6,108
    before session 10's contractions, "to be" and names), and the tagger finds a finite verb in nearly all
    (tested: "The forum comprises of …", which has its verb after all, and "Here's arum, …", which the
    tagger misreads, were the two exceptions in session 10)."""
    if any(p.search(text) for p in (_TENSED, _CONTRACTED, _S_TO_BE, _PAST_PHRASE, _CAPTION_VERB)):
        return True
    forms = verb_forms()
    if any("S" in forms.get(w, "") for w in _WORD.findall(text)):
        return True
    if any("F" in forms.get(m.group(1), "") for m in _SUBJECT_VERB.finditer(text)):
        return True
    if any(_past(m.group(1)) for m in _NAME_PAST.finditer(text)):
        return True
    return any(_past(m.group(1)) for m in _PAST_WITH_OBJECT.finditer(text))


def _hidden_verb(doc: Doc) -> bool:
    """A word tagged as a noun that can be a finite verb, after a plausible subject ("drones hover", "Many date
    back"; past an adverb of time: "terminals now load"; past a closing quotation mark: "the words “boarding
    school” conjure images") or before its object."""
    for t in doc[1:-1]:
        j = t.i - 1
        if t.text.islower():  # past a closing quotation mark or bracket; not a headline's "“…” Work with"
            while j > 0 and doc[j].tag_ in ("''", "-RRB-"):
                j -= 1
        before, after = doc[j].tag_, doc[t.i + 1].tag_
        if doc[t.i - 1].lower_ in _FREQUENCY and t.i > 1 and doc[t.i - 2].tag_ in _SUBJECTS:
            before = doc[t.i - 2].tag_
        subject_or_object = before in _SUBJECTS or (before == "NN" and after in _OBJECTS)
        subject_or_object |= t.i == 1 and doc[0].lower_ in _PRONOUN_SUBJECTS
        argument = t.dep_ in _ARGUMENTS  # the parser attached it as a subject or object: a noun after all
        if t.tag_ in _NOUNLIKE_TAGS and subject_or_object and not argument and finite_form(t.lower_):
            return True
    return False


def _has_tense(doc: Doc) -> bool:
    """A verb that carries tense, including the past tense the small model reads as a participle ("26 firms signed
    up"), the "is" of "China's encouraging", and a "noun" the parse gives a subject ("a city walk … costs")."""
    for t in doc:
        if is_finite(t):
            return True
        deps = {c.dep_ for c in t.children}
        if t.tag_ == "VBN" and t.dep_ in ("ROOT", "conj") and "nsubj" in deps and not deps & {"aux", "auxpass"}:
            return True
        if t.tag_ in ("NN", "NNS") and t.dep_ == "ROOT" and "nsubj" in deps and finite_form(t.lower_):
            return True  # the parse gives the "noun" a subject: "A city walk, by contrast, costs next to nothing."
        if t.tag_ == "VBN" and "dobj" in deps and not deps & {"aux", "auxpass"} and _past(t.lower_):
            return True  # a "participle" with its object is a past: "The meeting adopted in principle the draft …"
        if t.tag_ == "POS" and t.i + 1 < len(doc) and doc[t.i + 1].tag_ in ("VBG", "VBN"):
            return True
        if t.tag_ == "VBN" and _after_an_aside(doc, t) and _past(t.lower_):
            return True  # "The catalyst, made from nickel, performed as well as …"
        if t.tag_ == "VBN" and t.dep_ in ("amod", "acl") and _after_a_subject_and_adverb(doc, t) and _past(t.lower_):
            return True  # "Secretary-General Yang Xiuping highly appreciated Guizhou’s contribution"
        if t.tag_ == "VBN" and t.dep_ == "acl" and t.lower_ in _NO_PASSIVE and t.head.dep_ == "ROOT":
            return True  # "The village's main square buzzed with heritage performances."
        if t.tag_ == "VBN" and t.dep_ == "ROOT" and t.lower_ in _NO_PASSIVE and t.i and doc[t.i - 1].tag_ in _HEADS:
            return True  # a verb with no passive after its subject: "About 650,000 sq m remained unsold"
        if t.tag_ == "VBN" and t.dep_ == "acl" and t.head.dep_ in ("nsubj", "ROOT") and _past_before_infinitive(t):
            return True  # a past before its infinitive, read as a participle: "The conference aimed to implement"
        if _an_s_form(t) and _after_an_aside(doc, t) and finite_form(t.lower_):
            return True  # "The annual precipitation in Dingxi, though scant, accords with …", "…, zips through"
        if _s_form_before_its_object(doc, t):
            return True  # "The plight of Suizhou highlights the breadth and depth of China's slowdown."
        if t.dep_ == "ROOT" and t.tag_ in ("NN", "NNS") and _verb_after_its_subject(doc, t):
            return True  # "The 117-kilometer road links Medog's county seat with Bomi county."
        if t.tag_ == "TO" and t.head.dep_ == "ROOT" and t.i > 0 and _verb_after_its_subject(doc, doc[t.i - 1]):
            return True  # the infinitive after it taken for the sentence's verb: "giant trucks queue to fill up"
        if t.dep_ == "ROOT" and {"nsubj", "dobj"} <= deps and t.lower_ not in pinyin.lexicon():
            return True  # a word no lexicon knows, with a subject and an object: "BYD outsold Volkswagen …"
    return False


def _past_before_infinitive(token: Token) -> bool:
    """A past form right after its noun, taking an infinitive: "aimed to implement", "sought to advance"."""
    return (
        token.i == token.head.i + 1
        and _past(token.lower_)
        and any(c.dep_ == "xcomp" and any(g.tag_ == "TO" for g in c.children) for c in token.children)
    )


def _s_form_before_its_object(doc: Doc, token: Token) -> bool:
    """A "plural" after a noun or name and right before an article or possessive, where the lexicon knows a verb's
    form in -s: in a sentence with no other verb, its object follows ("Suizhou highlights the breadth …")."""
    if token.tag_ != "NNS" or token.i == 0 or token.i + 1 >= len(doc) or not finite_form(token.lower_):
        return False
    return doc[token.i - 1].tag_ in ("NN", "NNP", "NNPS") and doc[token.i + 1].tag_ in ("DT", "PRP$")


def _an_s_form(token: Token) -> bool:
    """A "noun" that may be a verb's form in -s, whether tagged plural ("accords") or singular ("zips")."""
    return token.tag_ == "NNS" or (token.tag_ == "NN" and token.lower_.endswith("s"))


_VERB_TAKES = frozenset({"IN", "DT", "NNP", "PRP$", "CD", "TO"})  # the tags of what may follow a verb


def _verb_after_its_subject(doc: Doc, token: Token) -> bool:
    """A "noun" right after the noun the small model made its compound, where a verb's reading agrees with that
    noun and what follows is what a verb takes (a preposition, a determiner, a name, a number, "to"): a singular and a
    present in -s ("the herder lives in", "the railway links Ulanhot"), a plural and a bare form. Not a singular
    and a bare form: "the poverty alleviation work in the town" is machine translation's."""
    if token.i == 0 or token.i + 1 >= len(doc):
        return False
    before, after = doc[token.i - 1], doc[token.i + 1]
    if before.dep_ != "compound" or before.head.i != token.i or after.tag_ not in _VERB_TAKES:
        return False
    forms = verb_forms().get(token.lower_, "")
    if before.tag_ == "NN":
        return forms == "F" and token.lower_.endswith("s")
    return before.tag_ == "NNS" and "B" in forms


def _after_a_subject_and_adverb(doc: Doc, token: Token) -> bool:
    """A "participle" right after an adverb that follows a name, a plural or a pronoun (perhaps closing a quotation
    or a bracket): the small model reads "Yang Xiuping highly appreciated …" as a noun phrase, but "highly" after
    a name begins a predicate."""
    j = token.i - 2
    while j > 0 and doc[j].tag_ in ("''", "-RRB-"):
        j -= 1  # past a closing quotation mark or bracket: "the performance “Running, Youngsters” quickly lit"
    return j >= 0 and doc[token.i - 1].tag_ == "RB" and doc[j].tag_ in _SUBJECTS


def _after_an_aside(doc: Doc, token: Token) -> bool:
    """A "participle" or "noun" right after the comma that closes an aside after the sentence's subject, which the
    small model hangs on the subject too: the subject's verb ("The catalyst, made from nickel and iron, performed
    …", "A canteen in Dalian, Liaoning province, bustled with residents", "The rain, though scant, accords
    with …"), or on a word of the aside when the subject heads the sentence ("the conference room of the …
    Center, next to Shenzhen North Railway Station, bustled with activity")."""
    if token.dep_ not in ("acl", "appos") or token.i == 0 or doc[token.i - 1].text != ",":
        return False
    root = token.sent.root
    if root.i >= token.i or (token.head is not root and root.tag_ not in _NOUNS):
        return False  # hung on a word of the aside, the sentence must be headed by its subject, a noun
    return any(t.text == "," for t in doc[root.i + 1 : token.i - 1])


def _is_order(token: Token) -> bool:
    """The bare verb of an order ("But look at …", see MT611), not an infinitive ("the branch to carry out …")."""
    if token.dep_ != "ROOT" or token.tag_ != "VB":
        return False
    return not any(c.dep_ == "aux" and c.tag_ == "TO" for c in token.children)


# the particles and prepositions that follow a verb rather than a noun: "Focus on", "Carry out", "Join in"
_VERB_PARTICLES = frozenset("on up out into with off down over through about".split())


def _order_read_as_noun(doc: Doc) -> bool:
    """An order whose verb the tagger read as a noun, opening the sentence or following a label's colon ("Focus
    on the following ten types of …", "… Office: Focus on ten kinds of …"): a capitalised word the lexicon knows
    as a bare verb, right before a particle or preposition that follows verbs."""
    for t in doc[:-1]:
        if t.i > 0 and doc[t.i - 1].text not in (":", "："):
            continue
        after = doc[t.i + 1]
        if t.text[:1].isupper() and "B" in verb_forms().get(t.lower_, "") and after.lower_ in _VERB_PARTICLES:
            return True
    return False


def _caption_shape(doc: Doc) -> bool:
    """A headline or caption by its shape: "Attracting tourists to …", "A man holding his rescued cat."."""
    root = next((t for t in doc if t.dep_ == "ROOT"), doc[0])
    if root.i == 0 and root.tag_ == "VBG":
        return True
    return root.tag_ in _NOUNS and any(c.dep_ == "acl" and c.tag_ == "VBG" for c in root.children)


def _in_narration(ctx: Context, seg: Segment) -> bool:
    """A statement of running text: not a headline (nor a line of its own in title case), a quotation or a
    sentence that opens inside one ('… rising fast. Turn back!" a rescue worker told a resident.'), a question
    or an exclamation."""
    statement = not seg.text.endswith(("?", "!", "？", "！")) and len(seg.text) <= MAX_PARSED
    if seg.kind != "body" or not statement or ctx.in_quotes(seg.start, seg.start + 1):
        return False
    a, b = ctx.line_span(seg.line)
    return not (ctx.text[a:b].strip() == seg.text and title_case(seg.text))


def _a_caption(ctx: Context, seg: Segment) -> bool:
    """The sentence is a paragraph of its own, and the next line with text is a photo credit; or it opens its
    paragraph and a credit ends it ("… this poster of the president. Photograph: Tom Phillips for the Observer")."""
    line = ctx.line_of(seg.start)
    a, b = ctx.line_span(line)
    if ctx.text[a:b].strip() != seg.text:
        return not ctx.text[a : seg.start].strip() and bool(_CREDIT.match(ctx.text, seg.end, b))
    for following in range(line + 1, len(ctx.line_starts)):
        x, y = ctx.line_span(following)
        if ctx.text[x:y].strip():
            return bool(_CREDIT.match(ctx.text, x, y))
    return False


def _may_be_verbless(ctx: Context, seg: Segment) -> bool:
    """A sentence of narration of eight words or more that no word settles as having a verb with tense."""
    if not _in_narration(ctx, seg) or count_words(seg.text) < 8 or seg.text.rstrip().endswith((":", "：")):
        return False
    if labelled(seg.text):
        return False  # a labelled entry or answer: "A: A recording with a jazz trio.", "Route 1088: Xinglong Lake to …"
    if _NOTE.match(seg.text):
        return False  # an editor's note in brackets or a byline: "[Source: …, New York Times]", "Guest post by …"
    if tensed_by_its_words(seg.text):
        return False  # most sentences: the tests below cost more and settle fewer
    if _a_caption(ctx, seg) or _IN_THE_PHOTO.search(seg.text):
        return False  # a photo's caption: "Freshly picked navel oranges in Xinfeng county, on Nov 10.", "Ko (left) …"
    if LIST_MARKER_RE.match(ctx.text, ctx.line_starts[seg.line]) or LIST_MARKER_RE.match(seg.text):
        return False  # in an item of a numbered list: "1. Property management, with about 612,000 cases;"
    if in_a_list(ctx.text, seg.start) or _COUNTED_TASK.match(seg.text):
        return False  # an item after its lead-in ("include:\n\nnew materials;"), a counted task ("First, building …")
    return not (_CAPTION_END.search(seg.text) or _RHETORIC.match(seg.text))


def _past_dateline(seg: Segment) -> Segment:
    """The sentence without a wire story's dateline ("SHANGHAI -- A new park opened …"), which the model would
    take for its subject and read the verb as a participle."""
    m = _DATELINE.match(seg.text)
    if m is None or m.end() == len(seg.text):
        return seg
    return Segment(seg.start + m.end(), seg.end, seg.text[m.end() :], seg.line, seg.kind)


def verbless(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A sentence of eight words or more in which no verb carries tense, and which is not an order."""
    doubtful = {_past_dateline(seg): seg for seg in ctx.segments if _may_be_verbless(ctx, seg)}
    # the tags settle most sentences: only those without a finite verb are parsed
    tagged = zip(doubtful, ctx.tag_all(list(doubtful)), strict=True)
    untensed = [s for s, doc in tagged if not any(map(is_finite, doc))]
    for seg, doc in zip(untensed, ctx.parse_all(untensed), strict=True):
        if _has_tense(doc) or any(_is_order(t) for t in doc) or _order_read_as_noun(doc):
            continue
        if not (_hidden_verb(doc) or _caption_shape(doc)):
            yield Hit(doubtful[seg].start, doubtful[seg].end)


def _base_verb(word: str) -> bool:
    """A capitalised word that can be a verb in its bare form ("Carry", "Encourage"), per the lexicon."""
    lower = word.lower()
    return lower not in _TO_THE_AUDIENCE and "B" in verb_forms().get(lower, "")


def _opens_order(doc: Doc) -> bool:
    first = doc[0]
    subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in first.children)
    if first.tag_ != "VB" or first.dep_ != "ROOT" or subject:
        return False
    return not _lets(doc, first)


def _lets(doc: Doc, verb: Token) -> bool:
    """ "Let's …", "Let me …": a speaker addressing the audience, as talks and essays do ("Imagine …" never gets
    to the parse)."""
    let = verb.i if verb.lower_ == "let" else verb.i - 2  # the parse may make the verb after "let's" the root
    return let >= 0 and doc[let].lower_ == "let" and let + 1 < len(doc) and doc[let + 1].lower_ in _LET_WHOM


_LET_WHOM = frozenset({"me", "us", "'s", "’s"})


def _no_verb_first(text: str, first: regex.Match[str]) -> bool:
    """The first word is no verb by what follows it or what it is: a label ("Title: …"), a conjunction ("While
    …", "Except …"), an ordinal that counts ("Second, …"), a surname before a given name ("Sun Zhigang said")."""
    word, after = first.group(), text[first.end() : first.end() + 2]
    if after.startswith(":") or word.lower() in _CONJUNCTIONS or (word.lower() in _ORDINALS and after == ", "):
        return True
    return pinyin.is_surname(word) and after[:1] == " " and after[1:].isupper()


def _may_open_with_order(ctx: Context, seg: Segment) -> bool:
    """A sentence of narration of four words or more whose first word can be a bare verb, not a list item, an
    entry under a label ("Tips: The paths are narrow. Wear flat shoes.") nor the lead-in of a list ("Avoid three
    types of foods for better health:"), nor a heading in title case with a stop ("Focus on “Dual Binding” to
    Gather Strength."), nor the page's title, its first line ("Deepen self-revolution in management.")."""
    first = _FIRST_WORD.match(seg.text)
    if first is None or not _base_verb(first.group()) or not _in_narration(ctx, seg) or count_words(seg.text) < 4:
        return False
    if seg.text.rstrip().endswith((":", "：")) or title_case(seg.text.rstrip().rstrip(".")):
        return False
    if _no_verb_first(seg.text, first):
        return False
    line, end = ctx.line_span(seg.line)
    if ctx.text[line:end].strip() == seg.text and _page_title(ctx.text, line, end):
        return False  # the page's title, a line of its own before the text: "Deepen self-revolution in …"
    if labelled(ctx.text, line) or in_a_list(ctx.text, seg.start):
        return False
    return not _LIST_ITEM.fullmatch(ctx.text, line, seg.start)


_NON_BLANK = regex.compile(r"\S")


def _page_title(text: str, start: int, end: int) -> bool:
    """The line from `start` to `end` is the text's first that is not blank, and more text follows it. Both
    searches stop at the first character that is not white space: no copy of the text before or after it."""
    first = _NON_BLANK.search(text)
    return first is not None and first.start() >= start and _NON_BLANK.search(text, end) is not None


def _you_outside_quotes(ctx: Context, a: int, b: int) -> int:
    return sum(not ctx.in_quotes(m.start(), m.end()) for m in _READER.finditer(ctx.text, a, b))


def _may_hide_order(ctx: Context, seg: Segment) -> bool:
    """A sentence of narration of eight words or more in which a bare verb follows an opening adverb or a comma
    ("Strictly follow …", "According to the law of duty, ensure that …"), not a list item nor an entry under a
    label; one that opens with a bare verb is `_may_open_with_order`'s. The verb is one that is nothing else
    ("ensure", not "work" nor "plan"), with no clause before it whose subject and tense it would share ("We must
    study the theory, arm our minds …", see `_tensed_before`): of the news dev set's 1,892 sentences, a fifth of
    which have a comma before a word that may be a bare verb, that leaves 3 to parse."""
    if _PLEASE.search(seg.text):
        return False  # a polite instruction to the reader: "For case details, please see the Annex."
    forms = verb_forms()
    if not any(
        "V" in forms.get(m.group(1).lower(), "") and not _tensed_before(seg.text, m.start())
        for m in _VERB_AFTER_OPENING.finditer(seg.text)
    ):
        return False
    if count_words(seg.text) < 8 or not _in_narration(ctx, seg):
        return False
    line = ctx.line_starts[seg.line]
    return not (labelled(ctx.text, line) or in_a_list(ctx.text, seg.start))


def _tensed_before(text: str, end: int) -> bool:
    """A modal, subject pronoun, tensed "be" or "have", or a verb-only past or present ("held", "includes") before
    `end`: a clause with its own subject and tense, which a bare verb after it may share."""
    if _SUBJECT_BEFORE.search(text, 0, end):
        return True
    forms = verb_forms()
    return any(k in forms.get(w, "") for w in _WORD.findall(text, 0, end) for k in "SD")


def _hides_order(doc: Doc) -> bool:
    """The sentence's main verb is bare and has no subject: an opening adverbial, then an order
    ("To put research first, …, carry out …"); not "be" (whose subject may follow it: "In the middle are …"), an
    infinitive standing alone ("To tell each unit whether to turn."), or an order after "and", "but" or "so"
    ("But look at the difference"), which a speaker gives the audience."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.i == 0 or root.tag_ not in ("VB", "VBP") or root.lower_ in _BE:
        return False
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in root.children) or doc[0].lower_ in _SPOKEN_OPENERS:
        return False
    if _lets(doc, root):
        return False  # "At the turn of the year, let’s review …": the writer with the reader
    # no subject of its own, nor one before it that the parse hung elsewhere: "The new government should be
    # guided by …, thoroughly study …" shares its subject
    return not any(c.dep_ in _SUBJECT_DEPS for c in root.children) and not any(
        t.dep_ in _SUBJECT_DEPS for t in doc[: root.i]
    )


# the lead-in of an appeal to the public, whose orders follow it in its paragraph: "we hereby sincerely propose:"
_APPEAL = regex.compile(
    r"\b(?:propose|call on|call upon|appeal to|urge|advocate|initiate)\b[^.!?:：\n]{0,40}[:：]", regex.IGNORECASE
)


def _after_an_appeal(ctx: Context, seg: Segment) -> bool:
    """The sentence follows an appeal's lead-in in its paragraph: "we hereby sincerely propose: … Be a supervisor
    and have a safe and peaceful year."."""
    return bool(_APPEAL.search(ctx.text, ctx.line_starts[seg.line], seg.start))


def subjectless_orders(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A sentence of narration with a bare verb and no subject: a Chinese instruction left as it was, opening
    with its verb ("Carry out inspections.") or with an adverbial before it ("In order to implement the spirit,
    formulate a plan."). Not where the writer addresses the reader ("you" twice in the article's own words, or
    in the sentence): a guide's "Bring a note with you and take the classic photo." is English."""
    doubtful: list[tuple[Segment, Callable[[Doc], bool]]] = []
    for seg in ctx.segments:
        if _may_open_with_order(ctx, seg):
            doubtful.append((seg, _opens_order))
        elif _may_hide_order(ctx, seg):
            doubtful.append((seg, _hides_order))
    if not doubtful or _you_outside_quotes(ctx, 0, len(ctx.text)) >= 2:
        return
    doubtful = [
        (seg, test)
        for seg, test in doubtful
        if not _you_outside_quotes(ctx, seg.start, seg.end) and not _after_an_appeal(ctx, seg)
    ]
    docs = ctx.parse_all([seg for seg, _ in doubtful])
    for (seg, test), doc in zip(doubtful, docs, strict=True):
        if test(doc):
            yield Hit(seg.start, seg.end)


@lru_cache(maxsize=8)
def _word_table(table: tuple[tuple[object, object], ...]) -> tuple[dict[str, str], regex.Pattern[str]]:
    """A rule's words with their fixes, and a pattern that finds the words: made once, not for every article."""
    fixes = {str(k).lower(): str(v or "") for k, v in table}
    pattern = regex.compile(rf"\b(?:{'|'.join(map(regex.escape, sorted(fixes)))})\b", regex.IGNORECASE)
    return fixes, pattern


def _tagged_words(ctx: Context, rule: RuleSpec, option: str) -> Iterator[tuple[Segment, Doc, dict[str, str]]]:
    """The tagged sentences that hold a word of the rule's table `option`, with the table (word: its fix)."""
    fixes, pattern = _word_table(tuple(rule.options[option].items()))
    if not pattern.search(ctx.text):
        return  # most articles
    doubtful = [seg for seg in ctx.segments if len(seg.text) <= MAX_PARSED and pattern.search(seg.text)]
    for seg, doc in zip(doubtful, ctx.tag_all(doubtful), strict=True):
        yield seg, doc, fixes


def _fix_of(t: Token, fix: str) -> tuple[str, ...]:
    """The fix in the case of the word it replaces; none where the table gives none."""
    return (fix.capitalize() if t.text[:1].isupper() else fix,) if fix else ()


def mass_plurals(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A mass noun the tagger reads as a plural noun ("researches", "equipments"), not the verb ("she researches")."""
    for seg, doc, singular in _tagged_words(ctx, rule, "nouns"):
        for t in doc:
            fix = singular.get(t.lower_)
            if fix is not None and t.tag_ == "NNS":
                start = seg.start + t.idx
                yield Hit(start, start + len(t.text), _fix_of(t, fix))


_VERB_FORMS = frozenset({"VB", "VBD", "VBP", "VBZ", "VBN"})


def adverbial_adjectives(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """An adjective of the rule's table put before a verb as Chinese puts 及时 and 有序 ("timely allocates", "and
    orderly started"): the tagger reads the next word as a verb. A participle before a noun is left alone ("timely
    updated data"), and so is the adjective after a determiner."""
    for seg, doc, adverbs in _tagged_words(ctx, rule, "adverbs"):
        for t in doc[:-1]:
            fix = adverbs.get(t.lower_)
            verb = doc[t.i + 1]
            if fix is None or verb.tag_ not in _VERB_FORMS or not verb.is_lower:
                continue
            if t.i and doc[t.i - 1].tag_ in ("DT", "PRP$", "POS"):
                continue
            if verb.tag_ == "VBN" and verb.i + 1 < len(doc) and doc[verb.i + 1].tag_ in _NOUNS:
                continue
            start = seg.start + t.idx
            yield Hit(start, start + len(t.text), _fix_of(t, fix))


# Determiners and words that stand for one before a singular noun ("such a", "each", "every", "no").
_DETERMINING = frozenset(
    "the a an this that these those its their our his her my your whose which what such each every another any no "
    "either neither some all both one same".split()
)
# a statement's end: a full stop or semicolon, before a closing quotation mark or bracket if any
_STATEMENT_END = regex.compile(r"[.;。；][\p{Pf}\p{Pe}\"']*\s*$")
_VERB_TAGS = frozenset({"VB", "VBD", "VBP", "VBZ", "MD"})
_DETERMINING_TAGS = frozenset({"DT", "PRP$", "POS", "CD", "WDT", "WP$", "PDT", "NNP", "NNPS"})


# Words that end the phrase before a noun, read backwards: a preposition or a relative ("and" does not: "a health
# and wellness attraction").
_PHRASE_OPENERS = frozenset(
    "of in on at for with by from into through about as than that which during under over after before "
    "without within between among across along around towards toward upon via including like".split()
)
# Words after which a noun of the list is a verb ("to visit", "will report", "they plan").
_BEFORE_A_VERB = frozenset("to will would can could must should may might shall not we they i you he she who".split())
_JOINERS = frozenset("-\"“”'‘’")  # what joins a noun to the word beside it or names it
_LOWER_WORD = regex.compile(r"\b[a-z]+\b")
# the word that ends where the search starts, read backwards
_WORD_BEFORE = regex.compile(r"([\p{L}\p{N}'’-]+)\s+\G", regex.REVERSE)


def _determiner(word: str) -> bool:
    return word in _DETERMINING or word.endswith(("'s", "’s"))


def _determining(t: Token) -> bool:
    """A tagged word that determines the noun after it: an article, possessive, number or name (also a capitalised
    word inside the sentence that the tagger reads as a common noun or a verb: "the In Search of Roots genealogy
    program", "St. Paul's Ruins immersive digital experience exhibition")."""
    capitalised = t.i > 0 and t.text[:1].isupper() and t.tag_ != "JJ"  # not an adjective: "Tibetan culture base"
    return t.tag_ in _DETERMINING_TAGS or t.lower_ in _DETERMINING or capitalised or _glued_the(t.lower_)


def _glued_the(word: str) -> bool:
    """ "the" glued to the next word ("held theannual commendation meeting"): the article is there, and the glued
    word is MT420's (joined words)."""
    return word.startswith("the") and word[3:] in pinyin.lexicon() and word not in pinyin.lexicon()


def _may_be_bare(text: str, start: int, end: int) -> bool:
    """The noun at `start:end` is a word of its own (not in "round-trip", "brand-new" or a name in quotation
    marks), with no determiner, possessive, number or capitalised word among the (at most five) words before it,
    back to punctuation, a preposition ("of") or a verb by the lexicon (reading on past "and", and past nouns that
    can be verbs and forms in -ing, which may belong to the phrase): the cheap test that leaves to the parse only
    the sentences where the noun may stand bare."""
    if (start and not text[start - 1].isspace()) or text[end : end + 1] in _JOINERS:
        return False
    for step in range(5):
        m = _WORD_BEFORE.search(text, 0, start)
        if m is None:
            return not (start and text[:start].rstrip()[-1:] in _JOINERS)  # punctuation before the phrase
        word = m.group(1)
        lower = word.lower()
        if lower in _BEFORE_A_VERB:
            return step > 0  # "to visit": a verb; "to improve agricultural service system": the phrase's start
        if lower in _PHRASE_OPENERS:
            return True
        if _determiner(lower):
            return False
        if not word[0].islower() and m.start() > 0:
            return False  # a name or a number, which the parse would count as the noun's determiner ("Roots")
        kinds = verb_forms().get(lower, "")
        if "D" in kinds:
            # a past: a verb ("held forum"), unless a determiner makes it a modifier ("a signed report")
            before = _WORD_BEFORE.search(text, 0, m.start())
            return before is None or not _determiner(before.group(1).lower())
        if kinds and not (kinds == "BF" or lower.endswith("ing")):
            return True  # a verb ("promote green development model", "is facing severe situation")
        # a noun that can be a verb ("price guarantee agreement") or a form in -ing ("the opening ceremony"): read on
        start = m.start()
    return True


def _tagged_bare(doc: Doc, token: Token) -> bool:
    """A singular noun with no determiner or quotation mark among the tags before it, back to a preposition,
    verb or punctuation mark (past "and", a comma between adjectives and brackets: "a health and wellness
    attraction", "a multi-level, interactive network", "the two-day (10th and 11th) programme"); and not the first
    part of a compound ("meeting room")."""
    if token.tag_ != "NN" or (token.i + 1 < len(doc) and doc[token.i + 1].tag_ in ("NN", "NNS")):
        return False
    depth = 0
    for t in reversed(doc[: token.i]):
        depth += (t.text == ")") - (t.text == "(")
        if depth > 0 or t.text == "(":
            continue
        if _determining(t) or t.is_quote:
            return False
        if t.text == "," and 0 < t.i < token.i - 1 and doc[t.i - 1].tag_ == "JJ" and doc[t.i + 1].tag_ == "JJ":
            continue  # adjectives in a row share the determiner: "a multi-level, interactive network"
        if t.tag_ in _VERB_TAGS and not (verb_forms().get(t.lower_) or t.lower_.endswith(("ing", "ed"))):
            continue  # no verb's form by the lexicon: an adjective the small model misread ("Ruins immersive digital")
        if t.tag_ == "HYPH" or (t.text == "-" and t.i > 0 and not doc[t.i - 1].whitespace_):
            continue  # a hyphen inside a word, whatever its tag: "multi-level", which the small model tags JJ
        if t.tag_ in ("IN", "TO") or t.tag_ in _VERB_TAGS or t.is_punct:
            return True
    return True


def bare_phrase(doc: Doc, t: Token, idioms: frozenset[tuple[str, str]]) -> Span | None:
    """The phrase of the parsed noun `t` when it is a singular object with no determiner, possessive, number,
    name or quotation mark in its phrase, and neither part of a word ("sub-center") nor of an idiom."""
    if t.tag_ != "NN" or t.dep_ not in ("dobj", "pobj"):
        return None
    whole = doc[t.left_edge.i : t.i + 1]
    if any(_determining(x) or x.is_quote for x in whole):
        return None
    first = t.left_edge.i
    for x in whole[:-1]:
        if (x.is_punct and x.tag_ != "HYPH") or x.tag_ in _VERB_TAGS:
            first = x.i + 1  # the noun's phrase starts after punctuation or a verb the parse put in it
    phrase = doc[first : t.i + 1]
    if not _tagged_bare(doc, t):
        return None  # the tags find a determiner the parse left out of the phrase: "a multi-level, interactive network"
    if phrase[0].lower_ in _ORDINALS or _NUMBERED.fullmatch(phrase[0].lower_):
        return None  # "makes first visit", "presides over 100th meeting"
    if len(phrase) == 2 and phrase[0].lower_ in ("less", "more"):
        return None  # an amount of it, read as mass: "seemed to have less attraction to graduates"
    before = doc[first - 1] if first else None
    if before is not None and (not before.whitespace_ or before.tag_ in _DETERMINING_TAGS or before.is_quote):
        return None  # part of a word ("sub-center"), a name's ("St. Paul's Ruins exhibition") or a quoted one's
    if t.i + 1 < len(doc) and doc[t.i + 1].is_quote:
        return None  # the end of a name in quotation marks ("the “linked tour”")
    if before is not None and _shares_a_determiner(before):
        return None  # the determiner of the noun before "and" stands for both: "the opening ceremony and keynote forum"
    if (t.dep_ == "pobj" and (t.head.lower_, t.lower_) in idioms) or _repeated(doc, t):
        return None
    if t.dep_ == "pobj" and t.head.lower_ == "per":
        return None  # "per" takes its noun bare: "three students per group"
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ in _AS_MATTER:
        return None  # a thing as matter or a practice: "a section of stone wall", "3 km of pipe network", "the art of
        # tea ceremony"
    if t.dep_ == "pobj" and t.head.lower_ == "from" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
        return None  # the ends of a range, bare in English: "uses ranging from archaeological survey to mapping"
    return phrase


# Nouns of a length or area of something, units of measure, and the art or craft of a practice, before "of" and a
# bare noun taken as matter or as a whole ("the craft of paper cutting")
_AS_MATTER = frozenset(
    "section stretch length strip patch segment span expanse tract km kilometers kilometres meters metres miles "
    "feet yards mu hectares acres tons tonnes kilograms kg art craft".split()
)


def _shares_a_determiner(before: Token) -> bool:
    """`before`, the word before a noun's phrase, is "and" or "or" (or a modifier the parse misread as a verb
    joined by it: "keynote"), and the noun before that conjunction has a determiner in its phrase."""
    doc = before.doc
    cc = before if before.tag_ == "CC" else None
    if cc is None and before.dep_ == "conj" and before.i > 0 and doc[before.i - 1].tag_ == "CC":
        cc = doc[before.i - 1]
    if cc is None:
        return False
    noun = next((t for t in reversed(doc[: cc.i]) if t.tag_ in ("NN", "NNS")), None)
    if noun is not None and any(map(_determining, doc[noun.left_edge.i : noun.i])):
        return True
    return _heads_a_list(doc, cc)


_IN_A_LIST_OF_NOUNS = frozenset({"NN", "NNS", "JJ", "CC", ",", "HYPH", "VBG", "VBN"})


def _heads_a_list(doc: Doc, cc: Token) -> bool:
    """An article opens the list of noun phrases that ends at `cc`, its items parted by commas: "a learning and
    training platform, collaborative publicity platform, and experience transportation platform"."""
    commas = 0
    for t in reversed(doc[max(0, cc.i - 16) : cc.i]):
        if t.tag_ == "DT":
            return commas > 0
        if t.tag_ not in _IN_A_LIST_OF_NOUNS:
            return False
        commas += t.text == ","
    return False


def _repeated(doc: Doc, token: Token) -> bool:
    """The noun is one of a pair joined by "after", "by" or "to": "problem after problem", "step by step"."""
    for a, b in ((token.i - 2, token.i - 1), (token.i + 2, token.i + 1)):
        if 0 <= a < len(doc) and doc[b].lower_ in ("after", "by", "to") and doc[a].lower_ == token.lower_:
            return True
    return False


def bare_after(rule: RuleSpec) -> frozenset[tuple[str, str]]:
    """The rule's prepositions and nouns that English uses without an article ("in question")."""
    return frozenset((p.split()[0], p.split()[-1]) for p in rule.options.get("bare_after", ()))


def bare_count_nouns(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A singular countable noun of the rule's list as an object, with no determiner before it."""
    nouns = frozenset(rule.options["count_nouns"])
    idioms = bare_after(rule)
    segments, starts = ctx.segments, [seg.start for seg in ctx.segments]
    holding: set[Segment] = set()  # the sentences where a noun of the list may stand bare
    for m in _LOWER_WORD.finditer(ctx.text):
        if m.group() in nouns:
            seg = segments[bisect_right(starts, m.start()) - 1]
            a, b = m.start() - seg.start, m.end() - seg.start
            if a >= 0 and b <= len(seg.text) and _may_be_bare(seg.text, a, b):
                holding.add(seg)
    doubtful = [
        seg
        for seg in sorted(holding, key=lambda seg: seg.start)
        if _in_narration(ctx, seg)
        and _STATEMENT_END.search(seg.text)
        and count_words(seg.text) >= 6
        and not _a_caption(ctx, seg)
    ]
    # the tags settle most: only sentences with a noun of the list tagged as a bare singular are parsed
    tagged = zip(doubtful, ctx.tag_all(doubtful), strict=True)
    bare = [seg for seg, doc in tagged if any(t.text in nouns and _tagged_bare(doc, t) for t in doc)]
    if not bare:
        return
    for seg, doc in zip(bare, ctx.parse_all(bare), strict=True):
        for t in doc:
            if t.text in nouns:
                phrase = bare_phrase(doc, t, idioms)
                if phrase is not None:
                    yield Hit(seg.start + phrase[0].idx, seg.start + t.idx + len(t.text))


# words in -s that are no plural, or no subject ("sales channels", "overseas markets")
_NO_PLURAL_S = frozenset(
    "this its his hers ours yours theirs always perhaps towards afterwards besides sometimes whereas yes nowadays "
    "overseas news series means species sales sports goods years".split()
)
# A determiner of one thing, then at most three words that may stand before a noun (no preposition, article or
# verb of the commonest), then a word in -s that may be a plural (not in -ss, -us or -is, nor "was", "its",
# "always"): the cheap test that leaves to the tagger the sentences where a singular determiner may stand before
# a plural noun.
_IRREGULAR_PLURALS = frozenset({"people", "children", "men", "women"})
_ONE_THEN_S = regex.compile(
    r"\b(?:[Aa]n?|[Tt]his|[Ee]very|[Ee]ach|[Aa]nother)\s+"
    r"(?:(?!(?:of|in|on|at|for|with|by|from|to|and|or|the|a|an|that|which|who|is|are|was|were|has|have|had|will)\b)"
    r"[\p{L}-]+\s+){0,3}"
    rf"(?!(?:{'|'.join(sorted(_NO_PLURAL_S | {'was', 'has', 'does'}))})\b)"
    rf"(?:\p{{Ll}}[\p{{Ll}}-]*[^\W\d_sui]s|{'|'.join(sorted(_IRREGULAR_PLURALS))})\b"
)
_ONE = frozenset({"a", "an", "this", "every", "each", "another"})
# what may stand between a determiner and its noun: adjectives, adverbs, participles and nouns of a compound
_MODIFIER_TAGS = frozenset({"JJ", "JJR", "JJS", "RB", "RBR", "VBN", "VBG", "NN", "HYPH"})
# words that count or pair and so take a plural after "a" or "each" ("a few days", "each other", "a great many")
_COUNTING_WORDS = frozenset(
    "few other couple dozen half hundred thousand million billion several many more lot great".split()
)
# nouns in -s that are singular, or either ("a series", "a means", "a news", "a logistics")
_S_SINGULARS = frozenset(
    "series species means news headquarters works barracks crossroads whereabouts gallows lens bus gas "
    "thanks congratulations".split()
)
# after these a determiner, noun and a verb in -s make a clause: "as an iceberg melts", "when an insect lands"
_SUBORDINATORS = frozenset(
    "as when if because while once since until before after whenever though although like".split()
)
# the tags of what may follow a verb in -s, and of what follows a noun that is a clause's subject or object
_AFTER_A_VERB_TAGS = frozenset({"DT", "PRP", "PRP$", "IN", "TO", "RB", "CD", "RP", "WDT"})
_AFTER_A_CLAUSE_NOUN = frozenset({"DT", "PRP", "PRP$", "CD", "WDT", "VBP", "VBD", "VBZ", "MD"})


def _a_plural(word: str) -> bool:
    """A word in lower case that is a plural by its shape: in -s but not -ss, -us or -ics, nor a noun in -s that is
    singular ("series", "news"); or "people", "children", "men", "women". Not "data" or "media", used as either."""
    if not word.isalpha() or not word.islower() or word.endswith(("ss", "us", "ics")) or word in _S_SINGULARS:
        return False
    return word.endswith("s") or word in _IRREGULAR_PLURALS


def _plural_after_one(doc: Doc, det: Token) -> Token | None:
    """The plural noun that `det`, a determiner of one thing, stands before, with only modifiers between
    ("a leading cadres", "every functional areas", "this activities"); none where the plural is a modifier
    ("a sports meeting"), a possessive ("a parents' meeting"), a verb the tagger took for a noun ("this results
    in", "as an iceberg melts", "a creature locals have nicknamed"), or where counting words pair them ("a
    few days", "each other", "every 15 minutes")."""
    if det.lower_ not in _ONE or det.tag_ != "DT" or (det.text == "A" and det.i > 0):
        return None
    if det.i and doc[det.i - 1].lower_ in _SUBORDINATORS:
        return None
    after_a_comma = det.i > 0 and doc[det.i - 1].text == ","
    if det.lower_ == "each" and after_a_comma and det.i + 1 < len(doc) and doc[det.i + 1].tag_ == "VBG":
        return None  # "each" as a pronoun with its participle: "performed three times, each yielding similar results"
    compound = False  # a noun seen: what follows it is a noun of the compound or the phrase has ended
    for t in doc[det.i + 1 : det.i + 5]:
        if t.lower_ in _COUNTING_WORDS:
            return None
        if t.tag_ == "NNS":
            noun = t
            break
        if t.tag_ not in _MODIFIER_TAGS or (compound and (t.tag_ not in ("NN", "HYPH") or t.lower_.endswith("ing"))):
            return None  # a participle after the noun: "a tradition lasting years", "an industry building hotels"
        compound = compound or t.tag_ == "NN"
    else:
        return None
    word = noun.text
    if not _a_plural(word):
        return None
    if word not in pinyin.lexicon():
        return None  # no English word: "another hors catégorie climb"
    if word == "people" and det.lower_ in ("a", "an", "another"):
        return None  # a nation: "a people of southern China"
    after = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
    if after is not None:
        if after.tag_ in ("NN", "NNS", "NNP", "NNPS", "POS", "HYPH") or after.text in ("'", "’", "-"):
            return None  # "a sports meeting", "a parents' meeting", "a centuries-old temple"
        between = any(t.tag_ == "NN" for t in doc[det.i + 1 : noun.i])
        if between and after.tag_ in _AFTER_A_CLAUSE_NOUN:
            return None  # a subject and its verb: "a creature locals have nicknamed", "a drumstick beats a drum"
        if between and after.text in (",", ".", ";") and finite_form(word) and "S" in verb_forms().get(word, ""):
            return None  # a verb with no object that ends the clause: "a wide cement road meanders, …"
        if (
            finite_form(word)
            and after.tag_ in _AFTER_A_VERB_TAGS
            and after.lower_ != "of"
            and (not between or after.lower_ in _SUBORDINATORS)
        ):
            return None  # a verb in -s: "this results in", "this plant benefits because"; not "a key projects for"
    return noun


def plural_after_one(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A determiner of one thing ("a", "this", "every", "each", "another") before a plural noun."""
    doubtful = [
        seg
        for seg in ctx.segments
        if len(seg.text) <= MAX_PARSED and _ONE_THEN_S.search(seg.text) and not title_case(seg.text)
    ]
    for seg, doc in zip(doubtful, ctx.tag_all(doubtful), strict=True):
        for t in doc:
            noun = _plural_after_one(doc, t)
            if noun is not None:
                yield Hit(seg.start + t.idx, seg.start + noun.idx + len(noun.text))


# A word that may be a plural (not in -ss, -us or -is), perhaps an adverb, then "has", "is", "was", "does" or a
# word in -s: the cheap test that leaves to the tagger and parser the sentences where a plural subject may take a
# verb of one ("the products is", "incomes has remarkably increased", "experts guides"); `_may_disagree` reads on.
# (the standard library's engine, on ASCII letters, runs this test twice as fast as `regex` with \p{Ll})
_PLURAL_THEN_S = re.compile(
    rf"\b([a-z]{{2,}}[a-hj-rtv-z]s|{'|'.join(sorted(_IRREGULAR_PLURALS))})(?: [a-z]+ly)? "
    r"(has|is|was|does|[a-z]{2,}[a-hj-rtv-z]s)\b"
)
# A plural, a preposition and its object of one to three words, then "has", "is", "was" or "does": a verb of one
# after a phrase that qualifies the plural ("the grays in the photo is less and less", "the benefits of the
# project has"); the parse settles which word is the subject.
_PLURAL_PHRASE_THEN_S = re.compile(
    r"\b([a-z]{2,}[a-hj-rtv-z]s|people|children) (?:in|on|at|for|from|with|of|to|under|across|inside) "
    r"(?:[a-z'’-]+ ){1,3}(has|is|was|does)\b"
)
# "of" and what may stand between it and a plural: "one of the reasons is", "the number of new cases has"
_OF_BEFORE = regex.compile(r"\bof (?:the |these |those |its |their |our |all |such |many )?(?:\p{Ll}+ )?$")


def _plural_and_verb(noun: str, verb: str) -> bool:
    """The words may be a plural and a verb of one: the first no verb's form in -s alone ("includes", "provides")
    nor a word of `_NO_PLURAL_S`, the second a finite verb by the lexicon ("is", "guides"; not "buyers")."""
    kinds = verb_forms()
    return (
        noun not in _NO_PLURAL_S
        and "S" not in kinds.get(noun, "")
        and verb not in _NO_PLURAL_S
        and "F" in kinds.get(verb, "")
    )


def _may_disagree(text: str) -> bool:
    """A plural-looking word, not after "of", before a verb of one by `_PLURAL_THEN_S` or past a phrase that
    qualifies it by `_PLURAL_PHRASE_THEN_S`."""
    return any(
        _plural_and_verb(m.group(1), m.group(2)) and not _OF_BEFORE.search(text, max(0, m.start() - 40), m.start())
        for pattern in (_PLURAL_THEN_S, _PLURAL_PHRASE_THEN_S)
        for m in pattern.finditer(text)
    )


# plurals that take a verb of one as an amount ("two years is", "5 percent was")
_AMOUNTS = frozenset(
    "years months weeks days hours minutes seconds decades centuries dollars yuan euros pounds percent points "
    "kilometers kilometres meters metres miles tons tonnes times".split()
)
# what may stand before a plural inside its phrase, read backwards to the word that opens the phrase
_IN_A_PHRASE = frozenset(
    {"JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "HYPH", "DT", "PRP$", "POS", "VBN", "CC", ","}
)


def _verb_of_one(doc: Doc, noun: Token) -> Token | None:
    """The verb of one ("is", "has", "guides") that the plural `noun` is the subject of, right after it or after
    an adverb; none for a plural that is an amount ("two years is"), a noun in -s that is singular ("politics"),
    one of a pair ("farmers and herders"), the object of a gerund ("Sharing memories boosts") or of "of" ("a blend
    of Han, Naxi and Tibetan cultures makes": the parse took the wrong noun for the subject)."""
    word = noun.text
    if noun.dep_ != "nsubj" or noun.tag_ != "NNS" or not _a_plural(word) or word in _AMOUNTS:
        return None
    if any(c.dep_ in ("nummod", "conj", "cc") or c.tag_ == "CD" for c in noun.children):
        return None
    verb = noun.head
    tensed = verb if verb.tag_ == "VBZ" else next((c for c in verb.children if c.dep_ in ("aux", "auxpass")), None)
    if tensed is None or tensed.tag_ != "VBZ":
        return None
    if not (
        tensed.i == noun.i + 1
        or (tensed.i == noun.i + 2 and doc[noun.i + 1].tag_ == "RB")
        or _qualified_by_a_phrase(doc, noun, tensed)
    ):
        return None
    if not _plural_and_verb(word, tensed.lower_):
        return None
    for t in reversed(doc[: noun.i]):  # the words of the noun's phrase, back to the one that opens it
        if t.tag_ == "VBG" or t.lower_ == "of":
            return None  # "Sharing memories boosts", "a blend of … cultures makes"
        if t.tag_ not in _IN_A_PHRASE:
            break
    return tensed


def _qualified_by_a_phrase(doc: Doc, noun: Token, verb: Token) -> bool:
    """Between the plural and the verb, only a preposition the parse hangs on the plural and its object of one,
    with the object's own words: "the grays [in the photo] is"."""
    if not noun.i + 2 < verb.i <= noun.i + 5 or verb.lower_ not in _OF_ONE_AFTER_A_PHRASE:
        return False
    prep = doc[noun.i + 1]
    if prep.dep_ != "prep" or prep.head.i != noun.i:
        return False
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if len(objects) != 1 or objects[0].tag_ not in ("NN", "NNP") or objects[0].i != verb.i - 1:
        return False
    return all(t.dep_ not in ("conj", "cc") and t.tag_ != "," for t in doc[noun.i + 1 : verb.i])


_OF_ONE_AFTER_A_PHRASE = frozenset({"is", "has", "was", "does"})


def _tagged_plural_then_verb(doc: Doc) -> bool:
    """A plural noun, by the tags, right before a verb in -s or before an adverb and one."""
    for t in doc[:-1]:
        after = doc[t.i + 1]
        if t.tag_ == "NNS" and (
            after.tag_ == "VBZ" or (after.tag_ == "RB" and t.i + 2 < len(doc) and doc[t.i + 2].tag_ == "VBZ")
        ):
            return True
        if (
            t.tag_ == "NNS"
            and after.tag_ == "IN"
            and any(v.lower_ in _OF_ONE_AFTER_A_PHRASE and v.tag_ == "VBZ" for v in doc[t.i + 3 : t.i + 6])
        ):
            return True
    return False


def plural_subject_singular_verb(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A plural subject right before a verb of one ("the products is", "incomes has remarkably increased")."""
    doubtful = [
        seg
        for seg in ctx.segments
        if len(seg.text) <= MAX_PARSED and _may_disagree(seg.text) and not title_case(seg.text)
    ]
    # the tags settle most: only sentences with a plural noun before a verb in -s (or an adverb and one) are parsed
    maybe = [seg for seg, doc in zip(doubtful, ctx.tag_all(doubtful), strict=True) if _tagged_plural_then_verb(doc)]
    if not maybe:
        return
    for seg, doc in zip(maybe, ctx.parse_all(maybe), strict=True):
        for t in doc:
            verb = _verb_of_one(doc, t)
            if verb is not None:
                yield Hit(seg.start + t.idx, seg.start + verb.idx + len(verb.text))


# A run-on sentence: machine translation keeps a Chinese sentence whole, its clauses joined by commas ("…, mostly
# produced common valves, relied on cheap labour, …, this is mainly due to …, the key components still depend on
# imports"). Counted in a sentence of `_RUN_ON_WORDS` words or more: the commas that open a clause or a verb
# phrase, that is a verb (after adverbs), or a subject of up to five words and its verb with tense, right after
# the comma, not after "and", "or", "but" or "as well as", nor a speaker's "…, the mayor said". Measured on the
# real pages, the MQM sets and 1,740 pages of other sites by bench/run_on_probe.py.
_RUN_ON_WORDS = 60
_RUN_ON_COMMAS = 4
_CLAUSE_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})
_TENSE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_SUBJECT_TAGS = frozenset({"DT", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "PRP$", "CD", "HYPH", "POS"})
_SPEAKING = frozenset({"said", "says", "added", "adds", "noted", "notes", "stressed", "pointed", "told"})
_CLAUSE_JOINERS = frozenset({"and", "or", "but", "nor", "as"})
_LINKS = _CLAUSE_JOINERS | {"then", "well"}


def _clause_after(doc: Doc, i: int) -> str:
    """The form of the verb of a clause or verb phrase opening at token i ("VBG", "subject VBD"), or ""."""
    if doc[i].tag_ in _CLAUSE_VERB_TAGS:
        return "VB" if doc[i].tag_ == "VBP" else doc[i].tag_  # with no subject a bare verb, however tagged
    if doc[i].tag_ == "PRP":
        return f"subject {doc[i + 1].tag_}" if i + 1 < len(doc) and doc[i + 1].tag_ in _CLAUSE_VERB_TAGS else ""
    k = i
    while k < len(doc) and k - i < 5 and doc[k].tag_ in _SUBJECT_TAGS:
        k += 1
    while k < len(doc) and doc[k].tag_ == "RB":
        k += 1
    if k > i and k < len(doc) and doc[k].tag_ in _TENSE_TAGS and doc[k].lower_ not in _SPEAKING:
        return f"subject {doc[k].tag_}"
    return ""


def _clause_commas(doc: Doc) -> tuple[list[str], set[str]]:
    """The forms of the verbs of the clauses and verb phrases that open right after a comma: of those standing
    alone, and of those joined with "and", "or", "but" or "as well as"."""
    alone: list[str] = []
    joined: set[str] = set()
    for comma in doc:
        if comma.text not in (",", "，"):
            continue
        i, join = comma.i + 1, False
        while i < len(doc) and (doc[i].tag_ in ("RB", "RBR") or doc[i].lower_ in _LINKS):
            join = join or doc[i].lower_ in _CLAUSE_JOINERS
            i += 1
        form = _clause_after(doc, i) if i < len(doc) else ""
        if form and join:
            joined.add(form)
        elif form:
            alone.append(form)
    return alone, joined


def run_on_commas(doc: Doc) -> int:
    """How many commas open a clause or a verb phrase standing alone; none where they make one series of one verb
    form closed with "and" ("to build …, enhance …, upgrade … and facilitate …")."""
    alone, joined = _clause_commas(doc)
    return 0 if joined and len(joined | set(alone)) == 1 else len(alone)


def run_on_sentences(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A long sentence in which `_RUN_ON_COMMAS` commas or more open a clause or a verb phrase (`run_on_commas`).
    It reads a page of `min_sentences` sentences or more, not a segment aligned to one source sentence."""
    if shorter_than_a_page(ctx, rule):
        return
    doubtful = [
        seg
        for seg in ctx.segments
        if seg.kind == "body"
        and len(seg.text) <= MAX_PARSED
        and seg.text.count(",") + seg.text.count("，") >= _RUN_ON_COMMAS
        and count_words(seg.text) >= _RUN_ON_WORDS
    ]
    for seg, doc in zip(doubtful, ctx.tag_all(doubtful), strict=True):
        commas = run_on_commas(doc)
        if commas >= _RUN_ON_COMMAS:
            yield Hit(seg.start, seg.end, (), (("commas", str(commas)), ("words", str(count_words(seg.text)))))
