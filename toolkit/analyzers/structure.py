"""Sentence structure: agreement after a name or pronoun, stuttered repeats, comma splices, and the like."""

from __future__ import annotations

import operator
from collections.abc import Iterator

import regex

from .. import pinyin
from ..context import Context
from ..model import Hit, RuleSpec
from ..segment import labelled

# Verbs of news reporting in their bare form; after a singular subject they need -s.
_BARE_VERBS = (
    "hope thank say stress express believe note urge ask visit attend meet think want expect welcome add "
    "emphasize emphasise require insist agree state introduce preside extend congratulate wish lead reply "
    "propose suggest praise affirm request demand instruct encourage call point look"
).split()
_VERB_ALT = "|".join(_BARE_VERBS)
_PRONOUN_VERB = regex.compile(rf"\b(?:[Hh]e|[Ss]he)\s+({_VERB_ALT})\b(?!['’-])")
_AFTER_NAME = regex.compile(rf"\s+({_VERB_ALT})\b(?!['’-])")
# Words after which a bare verb is correct: modals, auxiliaries, causatives, perception verbs.
_LICENSORS = frozenset(
    (
        "will would shall should can could may might must did does do to not let lets make makes made "
        "help helps helped see sees saw watch watched hear heard have has had that"
    ).split()
)
_WORD = regex.compile(r"\p{L}+")
# The second copy ends the word: "engaged in in-depth exchanges" repeats nothing.
# Every copy after the first is in the match, so that keeping one mends it ("early, early, early action").
_STUTTER = regex.compile(
    r"(?<![\p{L}\p{N}-])(\p{L}+(?:[ ,]+\p{L}+){0,5})(?:[ ,]+\1)+(?![\p{L}\p{N}-])", regex.IGNORECASE
)
# A date said again and again ("on August 23, August 23, August 23", one finding): the words of `_STUTTER` are
# letters only, so that a list of values ("minus 120 degrees, minus 120 degrees, 0 degrees") is no stutter.
_DATE_STUTTER = regex.compile(
    r"(?<![\p{L}\p{N}-])((?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.) \d{1,2}(?:st|nd|rd|th)?)"
    r"(?:[ ,]+\1)+(?![\p{L}\p{N}])",
    regex.IGNORECASE,
)
_X_OF_X = regex.compile(r"(?<![\p{L}])((?:the )?\p{L}+ \p{L}+(?: \p{L}+)?) of (?:the )?\1(?![\p{L}])", regex.IGNORECASE)
# A three-word phrase said again after one or two words ("to the green welcome to the green").
_NEAR_REPEAT = regex.compile(r"(?<![\p{L}])(\p{L}+ \p{L}+ \p{L}+) (?:\p{L}+ ){1,2}\1(?![\p{L}])", regex.IGNORECASE)
# After a word repeated across a comma: a chain, not a stutter ("resources into capital, capital into shares").
_CHAIN = regex.compile(r" (?:into|to|becomes?|became|turns? into)\b")
# After a word repeated across a comma: the next item of a list, which the word opens with what follows it
# ("elderly people, people with disabilities and migrant workers"), or the word taken up again to say more of it
# ("her backbreaking work, work that is just one step in the process").
_NEXT_ITEM = regex.compile(r" (?:with|who|whose|from|of|in|on|at|aged|living|under|that|which|where|when)\b")
# The "from place to place" idioms said before a "to" of purpose ("went door to door to ask"; not "face to
# face to understand", which the real pages' editors mark), and a phrase that comes back inside an official
# name, capitalised words between ("Committee of the Hunan Provincial Committee of the CPC").
_TO_IDIOM = regex.compile(r"(?:door|house|household|village|street|town|city|county|country) to", regex.IGNORECASE)
_IN_A_NAME = regex.compile(r"\p{Lu}\p{Ll}+ \p{Ll}+ \p{Ll}+(?: \p{Lu}[\p{L}'’-]*){1,2} \p{Lu}\p{Ll}+ \p{Ll}+ \p{Ll}+")
# A conjunction that opens or closes the words between a phrase and its near repeat: the two are parallel
# ("unable to be corrupt and unwilling to be corrupt", "break off from glaciers or break off from ice shelves")
_PARALLEL = frozenset("and or but nor".split())
# Single words that English doubles on purpose ("had had", "that that", "bye bye"), adverbs of degree among
# them ("really, really hot", "much, much better", "amazingly, amazingly diverse").
_DOUBLES_OK = frozenset(
    "that had is do so very bye no ha la yeah well now many really truly much far way deeply incredibly amazingly "
    "extremely terribly awfully hugely vastly absolutely totally utterly".split()
)
# the end of a cry after a word said again across commas ("Bargain, bargain, bargain!")
_CRIED = regex.compile(r"(?:,\s*\p{L}+)*\s*!")
_SPLIT = regex.compile(r"[ ,]+")  # what parts the words of a repeat, to count its copies
# the end of a sentence after a word said three times or more across commas: a sound or a chant ("It sounds
# like ding, ding, ding."), not a stutter, which goes on ("early, early, early action")
_SENTENCE_END = regex.compile(r"\s*(?:[.…?]|$)")
# A phrase said again across a comma whose second copy opens the next clause: the first ends a clause ("if you
# put energy in the universe, the universe will bend"; "since the founding of the city, the city has changed").
# Its first word is a definite determiner or a capital; a verb, an auxiliary or a possessive comes after it.
_POSSESSIVE_AFTER = regex.compile(r"['’]s\b")
_DEFINITE = regex.compile(r"(?:the|this|that|these|those|its|their|our|his|her|my|your) ", regex.IGNORECASE)
_VERB_NEXT = regex.compile(
    r" (?:(?:will|would|can|could|may|might|must|shall|should|is|was|are|were|has|have|had|does|did)\b"
    r"|(\p{Ll}+(?:s|ed))\b)"
)
# Pronouns that end one clause and open the next across a comma ("If we look after it, it will …")
_ACROSS_A_CLAUSE = frozenset("it this them him her us you one there".split())
# A phrase of three or more words said three or more times in one sentence: a decoding loop.
# Starts at word starts only, and possessive word runs: "a-a-a-…" of 80,000 characters took 21 s when every
# letter after a hyphen was a start that read the rest of the run.
_LOOP = regex.compile(
    r"(?<![\p{L}'’-])((?:\p{L}[\p{L}'’-]*+[ ,]+){2,11}\p{L}[\p{L}'’-]*+)(?:[ ,;]+\1){2,}(?![\p{L}])", regex.IGNORECASE
)
_COUNTRY = regex.compile(r"\b([A-Z][a-z]+) Country\b")
# What the repeat test (`_may_repeat`) reads: a text whose letters are all ASCII (other letters, such as K and ſ,
# are the same as k and s to a case-blind pattern), its letter runs, and its words as `_LOOP` reads them.
_NOT_ASCII = regex.compile(r"[^\x00-\x7f‘’“”—–…]")
_LETTERS = regex.compile(r"[a-z]+")
_LOOP_WORDS = regex.compile(r"[a-z'’-]+")
# For each pattern of `stutters`, the distances in letter runs at which a phrase it matches is said again, and
# how many runs in a row at least repeat at each: _STUTTER, d runs at d ≤ 6; _X_OF_X, 2 to 4 runs, then "of"
# and perhaps "the"; _NEAR_REPEAT, 3 runs, then 1 or 2 others.
_SHAPES = (
    (_STUTTER, {d: d for d in range(1, 7)}),
    (_DATE_STUTTER, {1: 1, 2: 2}),  # "August 23, August 23"; "November 8th, November 8th" (its "th" a word)
    (_X_OF_X, {3: 2, 4: 2, 5: 3, 6: 4}),
    (_NEAR_REPEAT, {4: 3, 5: 3}),
)
_REPEATS = (_LOOP, *(p for p, _ in _SHAPES))


def _licensed(ctx: Context, start: int) -> bool:
    """A word before the subject that takes a bare verb ("will", "let", "that"), past up to three capitalised
    words of a title ("Will President Xi Jinping attend …?")."""
    for word in reversed(_WORD.findall(ctx.text, max(0, start - 60), start)[-4:]):
        if word.lower() in _LICENSORS:
            return True
        if not word[:1].isupper():
            return False
    return False


def agreement(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A bare verb after a singular name or pronoun ("Hao Peng hope that", "he say")."""
    spans: list[tuple[int, int, str]] = []
    for m in _PRONOUN_VERB.finditer(ctx.text):
        if not _licensed(ctx, m.start()):
            spans.append((m.start(), m.end(), m.group(1)))
    for n in ctx.names + ctx.lowercase_names:
        m = _AFTER_NAME.match(ctx.text, n.end)
        if m and not _licensed(ctx, n.start) and not _verb_in_s_next(ctx.text, m.end()):
            spans.append((n.start, m.end(), m.group(1)))
    for start, end, verb in sorted(spans):
        third = verb + ("es" if verb.endswith(("s", "sh", "ch")) else "s")
        yield Hit(start, end, (ctx.text[start : end - len(verb)] + third,))


_NEXT_WORD = regex.compile(r"\s+(\p{Ll}+s)\b")


def _verb_in_s_next(text: str, end: int) -> bool:
    """A verb's form in -s after the bare word: the word was a noun after the name, as headlines put them ("Xi
    Jinping visit stresses universities' role")."""
    m = _NEXT_WORD.match(text, end)
    return m is not None and pinyin.finite_form(m.group(1))


def _runs_repeat(keys: list[str], distance: int, run: int) -> bool:
    """Whether `run` keys in a row each equal the key `distance` further on."""
    return b"\x01" * run in _same_at(keys, distance)


def _same_at(keys: list[str], distance: int) -> bytes:
    """For each key, 1 when it equals the key `distance` further on."""
    return bytes(map(operator.eq, keys, keys[distance:]))


def _may_repeat(text: str) -> tuple[regex.Pattern[str], ...]:
    """The patterns of `stutters` that may match the text (`_REPEATS`, in their order). Every match repeats a
    run of words a few words on, case-blind, which the words' lower-case forms show without the patterns'
    backtracking (most of the rule's time). Only for texts with ASCII letters, where lower case is what the
    patterns compare; other texts may match any."""
    if _NOT_ASCII.search(text):
        return _REPEATS
    lowered = text.lower()
    runs = _LETTERS.findall(lowered)
    pairs = list(zip(runs, runs[1:], strict=False))
    again = len(pairs) - len(set(pairs))  # two words in a row said again
    if not again and not _runs_repeat(runs, 1, 1):
        return ()  # the quick answer for most sentences: no word doubled, no two words in a row said twice
    loop: tuple[regex.Pattern[str], ...] = ()
    if again >= 4:  # a loop says its phrase (three words or more) three times: five of its pairs again at least
        words = _LOOP_WORDS.findall(lowered)  # a loop's phrase of 3 to 12 words and its first repeat
        loop = (_LOOP,) if any(_runs_repeat(words, d, d) for d in range(3, 13)) else ()
    same = {d: _same_at(runs, d) for d in range(1, 7)}
    return loop + tuple(p for p, runs_at in _SHAPES if any(b"\x01" * n in same[d] for d, n in runs_at.items()))


def _names_again(repeat: str, phrase: str) -> bool:
    """A phrase said again a word or two on inside official names: "Committee of the Hunan Provincial
    Committee of", "the Ministry of Finance and the Ministry of Emergency Management" (a capitalised word
    inside the phrase), or said again as the start of a name ("the party members of the Party Branch": a
    word in lower case, then capitalised, is two words)."""
    return (
        bool(_IN_A_NAME.fullmatch(repeat))
        or any(w[:1].isupper() for w in phrase.split()[1:])
        or repeat[len(repeat) - len(phrase) :] != phrase
    )


# a name that goes on after its head word: "University of Oxford", "Guizhou University of Finance and Economics"
_OF_A_NAME = regex.compile(r" (?:of|for) (?:the )?\p{Lu}")
# the close of a quotation and its speaker's verb: "…, no difficulties," the engineer from Cairo says
_SAID_AFTER = regex.compile(
    r"[,!?]?[\"”] (?:[\p{L}\d][\p{L}\d'’-]* ){1,8}?(?:said|says|told|tells|added|adds|laughed|laughs|smiled|smiles)\b"
)


def stutters(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A word or phrase repeated back to back ("per year per year"), or "X of the X"."""
    for seg in ctx.segments:
        may = _may_repeat(seg.text)
        if not may:
            continue
        loops = [(m.start(), m.end(), m.group(1)) for m in _LOOP.finditer(seg.text)] if _LOOP in may else []
        for a, b, phrase in loops:
            first = seg.text.find(phrase, a) + len(phrase)
            yield Hit(seg.start + first, seg.start + b, (), (("phrase", phrase),))
        # Only a back-to-back repeat can be mended by keeping one copy; a near repeat needs an editor.
        for pattern, mend in ((_STUTTER, True), (_DATE_STUTTER, True), (_X_OF_X, True), (_NEAR_REPEAT, False)):
            if pattern not in may:
                continue
            for m in pattern.finditer(seg.text):
                if any(a <= m.start() < b for a, b, _ in loops):
                    continue
                phrase = m.group(1)
                comma = "," in m.group()  # the copies stand either side of a comma
                twice = len(_SPLIT.split(m.group().strip(" ,"))) == 2 * len(_SPLIT.split(phrase))
                if comma and _SAID_AFTER.match(seg.text, m.end()):
                    continue  # a speaker's closing words said again: "“No difficulties, no difficulties,” he says"
                if comma and phrase[:1].isupper() and _OF_A_NAME.match(seg.text, m.end()):
                    continue  # names of a list that share a start: "Guizhou University, Guizhou University of …"
                if comma and twice and (_DEFINITE.match(phrase) or phrase[:1].isupper()):
                    if _opens_a_clause(seg.text, m.end()) or _POSSESSIVE_AFTER.match(seg.text, m.end()):
                        continue  # "if you put energy in the universe, the universe will bend"; "China's soybeans
                        # are in Heilongjiang, Heilongjiang's soybeans are in Heihe"
                    if _DEFINITE.match(phrase) and _NEXT_ITEM.match(seg.text, m.end()):
                        continue  # taken up again to say more of it: "Think about the cost, the cost of labor."
                if " " not in phrase and "," not in phrase:
                    if phrase.lower() in _DOUBLES_OK or phrase.isdigit():
                        continue
                    if comma and _CRIED.match(seg.text, m.end()):
                        continue  # a word cried out again and again: "Bargain, bargain, bargain!"
                    if comma and not twice and _SENTENCE_END.match(seg.text, m.end()):
                        continue  # a sound or a chant that ends the sentence: "It sounds like ding, ding, ding."
                    if comma and twice:  # two copies, one either side of the comma
                        again = m.group()[len(m.group()) - len(phrase) :]
                        if phrase.lower() in _ACROSS_A_CLAUSE:
                            continue  # "If we look after it, it will look after our children."
                        if phrase.islower() and again[:1].isupper() and _NAME_AFTER.match(seg.text, m.end()):
                            continue  # "my professor, Professor Han", "the children, Children’s Day": a name
                        if _CHAIN.match(seg.text, m.end()) or _NEXT_ITEM.match(seg.text, m.end()):
                            continue  # a chain ("resources into capital, capital into shares"), a list's next item
                    if pinyin.doubled_name(phrase):
                        continue  # reduplicated names: Wei Wei, Walla Walla
                elif _TO_IDIOM.fullmatch(phrase) or (pattern is _NEAR_REPEAT and _names_again(m.group(), phrase)):
                    continue  # "door to door to make sure"; "Committee of the Hunan Provincial Committee of"
                elif _doubled_on_purpose_and(phrase):
                    continue  # "get faster and faster and make a louder sound": "faster and" said twice
                elif pattern is _NEAR_REPEAT and _PARALLEL.intersection((*_gap(m.group(), phrase), *phrase.split())):
                    continue  # "unable to be corrupt and unwilling to be corrupt": parallel by design; so is a
                    # list whose items the phrase joins ("the planting industry and the pharmaceutical industry
                    # and the trade")
                fix = (phrase,) if mend else ()
                yield Hit(seg.start + m.start(), seg.start + m.end(), fix, (("phrase", phrase),))


def _opens_a_clause(text: str, end: int) -> bool:
    """A verb or an auxiliary right after `end`, the end of a phrase's second copy."""
    m = _VERB_NEXT.match(text, end)
    return m is not None and (m.group(1) is None or pinyin.finite_form(m.group(1)))


def _doubled_on_purpose_and(phrase: str) -> bool:
    """ "X and" or "X or", where X and X is English's own double ("faster and faster", "more and more")."""
    words = phrase.lower().split()
    return len(words) == 2 and words[1] in _CONJUNCTION_WORDS and _doubled_on_purpose(words[0])


def _gap(match: str, phrase: str) -> tuple[str, ...]:
    """The first and last of the words between a phrase and its near repeat, in lower case."""
    words = match[len(phrase) : len(match) - len(phrase)].lower().split()
    return (words[0], words[-1])


def county_typos(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """ "Country" after a pinyin place name, where "County" was meant ("Malipo Country")."""
    for m in _COUNTRY.finditer(ctx.text):
        place = m.group(1)
        if pinyin.split(place) and not pinyin.is_english(place):
            yield Hit(m.start(), m.end(), (f"{place} County",))


_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|\\d+"
_SLOGAN = regex.compile(
    rf"[\"“]((?:{_NUMBER_WORDS})(?: (?:major|key|big|important|new))?"
    r" \p{Ll}[\p{Ll}-]*(?: \p{Ll}[\p{Ll}-]*){0,5})[\"”]"
)
# What explains a slogan right after it, perhaps after the noun it names ("the "three transformations"
# reform, which involves …"): a colon, bracket or dash, "namely", "which means", a describing participle.
_EXPLAINED = regex.compile(
    r"\s*(?:[:(（—–-]|(?: \p{Ll}+){0,2},? (?:namely|that is|i\.e\.|referring to|"
    r"which (?:means?|refers?|are|is|involves?|includes?|covers?)|(?:plagued|marked|known|characteri[sz]ed) (?:by|as))"
    r"|[\"”]?, the (?:\p{Ll}+ ){0,2}(?:meetings?|sessions?|campaign|requirements?|principles?|tasks?|goals?) of\b"
    # the items it counts, listed after "of": the "five teams" of cultural teams, journalist teams, …
    r"| of (?:[\p{L}-]+ ){0,4}[\p{L}-]+, (?:[\p{L}-]+ ){0,4}[\p{L}-]+,)"
)


# What names a slogan after its explanation: "wrestling, horsemanship and archery, known as "three manly skills""
_EXPLAINED_BEFORE = regex.compile(
    r", (?:(?:collectively|together|commonly) )?(?:known as|referred to as|dubbed|called) $"
)


def _explained_there(text: str, slogan: regex.Match[str]) -> bool:
    before = _EXPLAINED_BEFORE.search(text, max(0, slogan.start() - 40), slogan.start())
    return bool(before or _EXPLAINED.match(text, slogan.end()))


def numbered_slogans(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A quoted slogan that starts with a number word and is not explained right before or after it, nor
    anywhere else in the article."""
    found = [(m, _explained_there(ctx.text, m)) for m in _SLOGAN.finditer(ctx.text)]
    explained = {m.group(1).lower() for m, ok in found if ok}
    for m, _ in found:
        if m.group(1).lower() not in explained:
            yield Hit(m.start(1), m.end(1))


_ORDINAL = r"(?:\d+(?:st|nd|rd|th)|(?:\p{L}+-)?(?:first|second|third|\p{L}+th))"
_SESSION = regex.compile(
    rf"\b(?:the )?({_ORDINAL}) ((?:\p{{Lu}}\p{{Ll}}+ )*(?:Congress|Committee))"
    rf" of the ({_ORDINAL}) (plenary session|session|plenum)\b",
    regex.IGNORECASE,
)
# The words every match of `_SESSION` ends with, found in a fifth of the time its ordinals take to try
_SESSION_WORDS = regex.compile(r"session|plenum", regex.IGNORECASE)


def reversed_sessions(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """Chinese order of a session and its body: "the 14th Provincial Party Congress of the second plenary session"."""
    if not _SESSION_WORDS.search(ctx.text):
        return
    for m in _SESSION.finditer(ctx.text):
        body_ordinal, body, session_ordinal, session = m.groups()
        yield Hit(m.start(), m.end(), (f"the {session_ordinal} {session} of the {body_ordinal} {body}",))


# Doubles that English makes on purpose: "more and more", "again and again", "on and on".
_IDIOMATIC_DOUBLES = frozenset(
    "more less again over on round around through by out up down back forth far wide time side hand step "
    "year day night week bit inch mile little so "
    # plurals of amount and time doubled for emphasis ("lots and lots", "masses and masses", "hours and hours")
    "lots masses tons loads heaps piles years days weeks months hours minutes miles ages rows".split()
)
# The word that the names of Chinese firms share, and a name's word right before or after the pair: two
# names ("Air China and China Southern"), not one word said twice ("Innovation and Innovation RMB", MT output).
_NAMES_SHARE = frozenset({"China"})
_NAME_BEFORE = regex.compile(r"(?:\p{Lu}[\p{L}'’-]*|of) $")
_NAME_AFTER = regex.compile(r"(?:['’]s)? \p{Lu}")  # a name goes on: "China Southern", "Children’s Day"
# A word of rank before the first of two posts of one name, the second with its body after it
_RANK_BEFORE = regex.compile(
    r"\b(?:deputy|vice|party|executive|general|assistant|associate|acting|chief|former) $", regex.IGNORECASE
)
# A noun with a modifier before it and the same noun with one after it: two groups, not one word said twice
# ("migrant workers and workers born in the 1980s", "Chinese vinegar and vinegar from other parts of the world");
# not after a determiner, a number or a quantifier ("the spread and spread of", "28 towns and towns in").
_MODIFIED = regex.compile(
    r"(?<![\p{L}'’-])(?!(?i:the|a|an|this|that|these|those|his|her|its|their|our|my|your|many|some|all|every|each|"
    r"no|several|both|other|such|more|most|and|or)\b)\p{L}+ $"
)
_TWO_GROUPS = regex.compile(r" (?:from|born|of other|aged|living|who|whose|with)\b")
_X_AND_X = regex.compile(r"(?<![\p{L}'’-])(\p{L}{3,}) (and|or) \1(?![\p{L}'’-])", regex.IGNORECASE)
# Where " and " or " or " starts; a lookahead, so that "and and and" is read at each of its spaces
_CONJUNCTION = regex.compile(r"(?= (?:and|or) )", regex.IGNORECASE)


# "A to B and B to C": the word ends one link of a chain and starts the next
_CHAIN_BEFORE = regex.compile(r"\b(?:to|with|into|from|for) (?:the )?$")
_CHAIN_AFTER = regex.compile(r" (?:to|with|into|from|for)\b")


def _doubled_on_purpose(word: str) -> bool:
    """A word English doubles around "and" on purpose: "more and more", and comparatives and progressives
    ("bigger and bigger", "growing and growing")."""
    return word in _IDIOMATIC_DOUBLES or word.endswith("ing") or _comparative(word)


def _comparative(word: str) -> bool:
    """A word in -er made from a word of the lexicon as comparatives are ("high-er", "clos-er", "big-g-er",
    "happi-er"), or "better": not a noun in -er ("laughter and laughter"). A noun that looks made so ("center",
    "number") is let pass, as a comparative would be."""
    if not word.endswith("er"):
        return False
    stem = word[:-2]
    candidates = (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else "", stem[:-1] + "y")
    return word == "better" or any(c and c in pinyin.lexicon() for c in candidates if len(c) > 2)


def collapsed_pairs(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """ "X and X": two different source words rendered by one English word ("investigation and investigation")."""
    text, last = ctx.text, 0
    for conj in _CONJUNCTION.finditer(text):  # "X and X" only where "and" or "or" is: a fifth of the time
        start = conj.start()
        while start > last and text[start - 1].isalpha():
            start -= 1
        m = _X_AND_X.match(text, start)  # fails where no word stands before "and" since the last pair
        if m is None:
            continue
        last = m.end()
        word = m.group(1).lower()
        if _doubled_on_purpose(word):
            continue
        if _CHAIN_BEFORE.search(text, max(0, m.start() - 25), m.start()) and _CHAIN_AFTER.match(text, m.end()):
            continue  # a chain: "binding households to cooperatives and cooperatives to leading enterprises"
        if _RANK_BEFORE.search(text, max(0, m.start() - 12), m.start()) and text.startswith(" of ", m.end()):
            continue  # two posts: "Deputy Party Secretary and Secretary of the Political and Legal Affairs Committee"
        if m.group(1)[:1].isupper() and _OF_A_NAME.match(text, m.end()):
            continue  # two names that share a word: "London Metropolitan University and University of Oxford"
        if m.group(1) in _NAMES_SHARE and (
            _NAME_BEFORE.search(ctx.text, 0, m.start()) or _NAME_AFTER.match(ctx.text, m.end())
        ):
            continue  # two names that share a word: "Air China and China Southern", "Bank of China and China …"
        if m.group(1)[:1].isupper() and text.endswith(" of ", 0, m.start()) and _NAME_AFTER.match(text, m.end()):
            continue  # a name ends and the next begins: "the University of Macau and Macau University of …"
        if _TWO_GROUPS.match(text, m.end()) and _MODIFIED.search(text, max(0, m.start() - 30), m.start()):
            continue  # two groups: "migrant workers and workers born in the 1980s", "Chinese vinegar and vinegar from"
        yield Hit(m.start(), m.end(), (), (("phrase", m.group(1)),))
    yield from _collapsed_phrases(text)


# A phrase of two to four words before "and"/"or" (none of them "and" or "or"), and the same phrase after it,
# ending the clause: at a stop, a preposition, a conjunction, a verb or an adverb ("out of control and out of
# control.", "the elderly and the elderly in difficulty", "overseas Chinese and overseas Chinese engaged in"),
# or before a plural both would qualify ("Grade A and Grade A hospitals"); not before a word that goes on a
# name or a compound ("the project and the project schedule", "Guangxi Zhuang Autonomous Region and Guangxi …
# People's Government").
_PHRASE_BEFORE = regex.compile(r"(?<![\p{L}'’-])(?:\p{L}+ ){1,3}\p{L}+$")
_PHRASE_END = regex.compile(
    r"\s*(?:[.,;:!?)\"”’]|$)|\s+(?:in|at|on|of|for|to|with|by|from|and|or|is|are|was|were|will|has|have|had|that|"
    r"which|\p{Ll}+ly|\p{Ll}{2,}ed)\b|\s+\p{Ll}+[^sui\W]s\b"
)
_CONJUNCTION_WORDS = frozenset({"and", "or"})


def _collapsed_phrases(text: str) -> Iterator[Hit]:
    for conj in _CONJUNCTION.finditer(text):
        after = text.index(" ", conj.start() + 1) + 1  # the word after "and" or "or"
        space = text.find(" ", after)
        first = text[after : space if space > 0 else len(text)].lower()
        if not first or f" {first} " not in f" {text[max(0, conj.start() - 80) : conj.start()].lower()} ":
            continue  # the word after it is not among the words before it (most of the time): no phrase said twice
        before = _PHRASE_BEFORE.search(text, max(0, conj.start() - 80), conj.start())
        if before is None:
            continue
        words = before.group().split(" ")
        for k in range(len(words), 1, -1):  # the longest phrase said twice
            if _CONJUNCTION_WORDS & {w.lower() for w in words[-k:]}:
                continue  # "and" inside the phrase: a shorter one may still be said twice
            phrase = " ".join(words[-k:])
            end = after + len(phrase)
            if text[after:end].lower() == phrase.lower() and _PHRASE_END.match(text, end):
                if phrase[:1].isupper() and _OF_A_NAME.match(text, end):
                    break  # two names that share a start: "Nanjing University and Nanjing University of Technology"
                yield Hit(conj.start() - len(phrase), end, (), (("phrase", phrase),))
                break


_FIRST_PERSON = regex.compile(
    r"(?<![\p{L}'’])(?:[Ww]e|[Ll]et us|[Ll]et's) (?:should|must|need to|have to|will|shall|are going to|"
    r"can(?:not|'t)?|should not|must not|want to|ought to)\b"
)
_SPEECH = regex.compile(r"[\"“”‘’]|\b(?:I|me|my)\b")


def first_person_narration(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """ "We should/must …" outside quotation marks in third-person news: reported speech left in the first person."""
    if not _FIRST_PERSON.search(ctx.text):
        return  # most articles
    if not ctx.reports_speech:
        return  # no one is reported as speaking: a speech, an essay or an interview, where "we" is the author's
    for seg in ctx.segments:
        if _SPEECH.search(seg.text):
            continue  # a sentence with quotation marks or an "I" is a quotation or an interview
        if labelled(ctx.text, ctx.line_starts[seg.line]):
            continue  # a speaker's words in a transcript: "Xu Xiaolan (Host): … we must be aware …"
        for m in _FIRST_PERSON.finditer(seg.text):
            start, end = seg.start + m.start(), seg.start + m.end()
            if not ctx.in_quotes(start, end):
                yield Hit(start, end)


_REPEATABLE_LINE = regex.compile(r"(?<!\p{L})\p{L}++(?:\W++\p{L}++){3}")  # from word starts only: linear


def repeated_lines(ctx: Context, rule: RuleSpec) -> Iterator[Hit]:
    """A line of four or more words that repeats an earlier line of the page (a headline or caption scraped twice)."""
    seen: set[str] = set()
    for k in range(len(ctx.line_starts)):
        a, b = ctx.line_span(k)
        line = ctx.text[a:b]
        if not _REPEATABLE_LINE.search(line):
            continue
        key = " ".join(line.split()).casefold()
        if key in seen:
            yield Hit(b - len(line.lstrip()), b)
        seen.add(key)
