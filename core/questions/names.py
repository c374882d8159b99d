"""Finding stored names (clients, technicians, vendors, products, categories) in a question.

People rarely type a stored name exactly: they write "acme" for "Acme Dental", "Sarah" for
"Sarah Williams", "brightsde" for "Brightside Logistics", "Acme's". Each mention found says how
sure it is (`score`: 1.0 exact, 0.99 a distinctive first word, lower for other partial words,
typos and ambiguous words), so the confidence can send shaky readings to a human.

Just as important is what matches nothing: "revenue for Wayne Enterprises" must not be answered
for every client, so name-like phrases that match no stored name are returned as
`unknown_names` and the question is declined instead.

Stdlib only (difflib). The index of names is cached by content, so a question costs a few
token comparisons per name, far below the 5 ms budget for ~100 names.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from core.questions.lexicon import COMMON_WORDS, VOCABULARY

# Most specific first: the same text stored as a vendor and a product ("Zoom") reads as the vendor.
DIMENSIONS = ("client", "staff", "vendor", "product", "category")

EXACT, FIRST_WORD, OTHER_WORD, AMBIGUOUS = 1.0, 0.99, 0.9, 0.6
TYPO_CUTOFF = 0.8
MAX_SHARED = 3  # a word shared by more names than this is not a mention of any of them

# Words that are part of company names but identify none ("Corp", "Business", "Pro"), and titles
# before a person's name ("Ms Patel").
NAME_FILLERS = frozenset("""
inc llc ltd co corp corporation company group the and of pro plus services service solutions systems
partners international holdings enterprise enterprises llp plc gmbh sa ag limited mr mrs ms dr
""".split())
# Words after which a name is expected ("for Globex", "client globex").
_NOUN_CUES = frozenset("client customer account vendor supplier tech technician engineer staff".split())
_CUES = frozenset("for from of at with by about to on".split()) | _NOUN_CUES
_ID_CUES = frozenset({"client", "customer", "account"})
# Before a noun cue these make it the question's subject, not a label: after "which client" comes a
# verb ("which client soaked up the most hours"), not a name.
_ASKING = frozenset("which what whose each every any per by no".split())
# Cues that also start other phrases ("by fortnight", "on the books"): an unknown lower-case word
# after one of them is reported, but not for sure a name.
_WEAK_CUES = frozenset("by of on to about with".split())
_DETERMINERS = frozenset({"the", "our", "my", "a", "an"})
_TOKEN = re.compile(r"[^\W_]+(?:[&'’][^\W_]+)*")


@dataclass(frozen=True)
class NameMatch:
    dimension: str
    name: str  # the stored name
    text: str  # as written in the question
    span: tuple[int, int]
    score: float
    how: str  # "exact", "partial", "typo", "initials", "family" (see _family_owner)
    # Other stored names the text fits equally well ("Mike" with two Mikes on staff).
    alternatives: tuple[str, ...] = ()
    # Every (dimension, name) reading, best first: the same text can be a vendor and a product.
    candidates: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class UnknownName:
    text: str
    span: tuple[int, int]
    closest: tuple[str, ...] = ()
    # False for a lone word that may be an ordinary one: a capitalised first word of a sentence
    # ("Pulling together the board deck."), an acronym after "the"/"our" ("before the QBR"), a
    # lower-case word after "by", "on" or "with" ("by fortnight", "with negative margin").
    certain: bool = True


@dataclass(frozen=True)
class NameMatches:
    matches: tuple[NameMatch, ...] = ()
    unknown_names: tuple[UnknownName, ...] = ()

    def __iter__(self) -> Iterator[NameMatch]:
        return iter(self.matches)

    def __len__(self) -> int:
        return len(self.matches)


@dataclass(frozen=True)
class _Entry:
    dimension: str
    name: str
    key: str  # normalized full name: one key may be stored in several dimensions
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class _Target:
    """A string a misspelling is compared with: a whole name, or one rare word of names."""

    text: str
    bigrams: frozenset[str]
    entries: tuple[_Entry, ...]


@dataclass(frozen=True)
class _Index:
    entries: tuple[_Entry, ...]
    keys_with_token: dict[str, frozenset[str]]
    display: dict[str, str]  # key -> a stored spelling
    # word -> (entry, position of the word in the name): where a question word can start a mention.
    positions: dict[str, tuple[tuple[_Entry, int], ...]]
    # number of words -> typo targets of that many words.
    targets: dict[int, tuple[_Target, ...]]
    # A name of several words written as one ("itglue"), and its initials ("aws", "m365bp").
    joined: dict[str, tuple[_Entry, ...]]
    initials: dict[str, tuple[_Entry, ...]]


@dataclass(frozen=True)
class _Token:
    norm: str
    raw: str
    start: int
    end: int


@dataclass(frozen=True)
class _Candidate:
    first: int  # token range [first, last)
    last: int
    entries: tuple[_Entry, ...]
    score: float
    how: str


def _normalize_token(raw: str) -> str:
    word = raw.replace("’", "'").casefold()
    return word[:-2] if word.endswith("'s") and len(word) > 3 else word


def _tokens(text: str) -> list[_Token]:
    return [_Token(_normalize_token(m[0]), m[0], m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _same(a: str, b: str) -> bool:
    """Equal words, singular or plural ("contractor" is "contractors"); numbers equal by value, so
    "client 1" finds "Client 001 Corp"."""
    if a == b:
        return True
    if a.isdigit() and b.isdigit():
        return int(a) == int(b)
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 4 and long_ in (short + "s", short + "es")


def _lookup_forms(word: str) -> tuple[str, ...]:
    """The stored forms a question word may stand for (see _same)."""
    if word.isdigit():
        return (str(int(word)),)
    forms = [word, word + "s", word + "es"]
    if word.endswith("s") and len(word) >= 5:
        forms.append(word[:-1])
        if word.endswith("es") and len(word) >= 6:
            forms.append(word[:-2])
    return tuple(forms)


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


@lru_cache(maxsize=16)
def _build_index(frozen: tuple[tuple[str, tuple[str, ...]], ...]) -> _Index:
    entries, seen = [], set()
    keys_with_token: dict[str, set[str]] = {}
    display: dict[str, str] = {}
    positions: dict[str, list[tuple[_Entry, int]]] = {}
    targets: dict[str, list[_Entry]] = {}
    joined: dict[str, list[_Entry]] = {}
    initials: dict[str, list[_Entry]] = {}
    for dimension, stored in frozen:
        for name in stored:
            tokens = tuple(_normalize_token(m[0]) for m in _TOKEN.finditer(name))
            key = " ".join(tokens)
            if not tokens or (dimension, key) in seen:
                continue
            seen.add((dimension, key))
            entry = _Entry(dimension, name, key, tokens)
            entries.append(entry)
            display.setdefault(key, name)
            targets.setdefault(key, []).append(entry)
            if len(tokens) > 1:
                joined.setdefault("".join(tokens), []).append(entry)
                initials.setdefault("".join(t if t.isdigit() else t[0] for t in tokens), []).append(entry)
            for j, token in enumerate(tokens):
                keys_with_token.setdefault(token, set()).add(key)
                positions.setdefault(str(int(token)) if token.isdigit() else token, []).append((entry, j))
                if len(tokens) > 1 and len(token) >= 4 and _distinctive(token) and token not in VOCABULARY:
                    targets.setdefault(token, []).append(entry)
    by_size: dict[int, list[_Target]] = {}
    for text, owners in targets.items():
        by_size.setdefault(text.count(" ") + 1, []).append(_Target(text, _bigrams(text), tuple(owners)))
    return _Index(tuple(entries), {t: frozenset(k) for t, k in keys_with_token.items()}, display,
                  {w: tuple(p) for w, p in positions.items()}, {n: tuple(t) for n, t in by_size.items()},
                  {w: tuple(e) for w, e in joined.items()}, {w: tuple(e) for w, e in initials.items()})


def _freeze(names: Mapping[str, Sequence[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    unknown = set(names) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown name dimension(s) {', '.join(sorted(unknown))}; "
                         f"expected some of {', '.join(DIMENSIONS)}")
    return tuple((dim, tuple(str(n) for n in names.get(dim, ()) if str(n).strip())) for dim in DIMENSIONS)


def _distinctive(word: str) -> bool:
    """A word that can point at a name on its own; parser words ("delta") can, with less certainty."""
    return word.isalpha() and len(word) >= 3 and word not in COMMON_WORDS and word not in NAME_FILLERS


def _identifies(run: Sequence[str]) -> bool:
    """Whether a part of a name is enough to point at it: a rare word, or a number beside another word."""
    return any(_distinctive(w) for w in run) or (len(run) >= 2 and any(w.isdigit() for w in run))


def _exact_and_partial(tokens: list[_Token], index: _Index) -> list[_Candidate]:
    spans: dict[tuple[int, int], list[tuple[_Entry, bool, bool]]] = {}
    words = [t.norm for t in tokens]
    for i, word in enumerate(words):
        for form in _lookup_forms(word):
            for entry, j in index.positions.get(form, ()):
                name = entry.tokens
                if not _same(word, name[j]) or (i and j and _same(words[i - 1], name[j - 1])):
                    continue  # not where a run starts
                k = 1
                while i + k < len(words) and j + k < len(name) and _same(words[i + k], name[j + k]):
                    k += 1
                exact = j == 0 and k == len(name)
                if exact or _identifies(words[i:i + k]):
                    spans.setdefault((i, i + k), []).append((entry, exact, j == 0))
    _add_respaced(words, index, spans)
    found = []
    for (first, last), hits in spans.items():
        exact = [h for h in hits if h[1]]
        chosen = exact or hits
        keys = {entry.key for entry, _, _ in chosen}
        if exact:
            found.append(_Candidate(first, last, _ordered(chosen), EXACT, "exact"))
        elif owner := _family_owner(spans, first, last, keys, index):
            found.append(_Candidate(first, last, owner, OTHER_WORD, "family"))
        elif len(keys) == 1:
            entry, _, at_start = chosen[0]
            # A parser word ("delta") is read as a name for sure only when written like one ("Delta").
            plain = all(w in VOCABULARY for w in words[first:last] if not w.isdigit()) and \
                not all(t.raw[0].isupper() for t in tokens[first:last])
            score = FIRST_WORD if (at_start or entry.dimension == "staff") and not plain else OTHER_WORD
            found.append(_Candidate(first, last, _ordered(chosen), score, "partial"))
        elif len(keys) <= MAX_SHARED:
            found.append(_Candidate(first, last, _ordered(chosen), AMBIGUOUS, "partial"))
    return found


def _add_respaced(words: list[str], index: _Index, spans: dict[tuple[int, int], list[tuple[_Entry, bool, bool]]]
                  ) -> None:
    """A name spaced another way is the same name: "sentinel one" is SentinelOne (or the first word
    of "SentinelOne Control"), "itglue" is IT Glue."""
    for i in range(len(words)):
        for size in (2, 3):
            joined = "".join(words[i:i + size])
            if i + size > len(words) or not joined.isalnum():
                continue
            for entry, j in index.positions.get(joined, ()):
                exact = j == 0 and len(entry.tokens) == 1
                if exact or _distinctive(joined):
                    spans.setdefault((i, i + size), []).append((entry, exact, j == 0))
        for entry in index.joined.get(words[i], ()):
            spans.setdefault((i, i + 1), []).append((entry, True, True))


def _family_owner(spans: Mapping[tuple[int, int], list[tuple[_Entry, bool, bool]]], first: int, last: int,
                  keys: set[str], index: _Index) -> tuple[_Entry, ...]:
    """"Microsoft 365" starts both Microsoft 365 Business Premium and Standard: it names their
    family. When its first words are a stored name of its own (the vendor Microsoft) and the
    family is every stored name starting with it, that name says the same: read the mention as it.
    Otherwise () and the mention stays ambiguous."""
    if len(keys) < 2:
        return ()
    for end in range(last - 1, first, -1):
        owners = tuple(entry for entry, exact, _ in spans.get((first, end), ()) if exact)
        if owners:
            prefix = owners[0].tokens
            family = {e.key for e in index.entries if e.tokens[:len(prefix)] == prefix and e.key != owners[0].key}
            return owners if family == keys else ()
    return ()


def _ordered(hits: Sequence[tuple[_Entry, bool, bool]]) -> tuple[_Entry, ...]:
    """Best reading first: names the text starts, then by dimension, then the shortest name."""
    ranked = sorted(hits, key=lambda h: (not h[2], DIMENSIONS.index(h[0].dimension), len(h[0].tokens), h[0].key))
    return tuple(entry for entry, _, _ in ranked)


def _initials(tokens: list[_Token], index: _Index) -> list[_Candidate]:
    """A word that is the initials of a stored name ("aws", "dm"): a guess, scored like a partial word."""
    found = []
    for i, token in enumerate(tokens):
        word = token.norm
        entries = index.initials.get(word, ())
        if not entries or not 2 <= len(word) <= 6 or word in VOCABULARY or word in index.keys_with_token:
            continue
        keys = {e.key for e in entries}
        if len(keys) <= MAX_SHARED:
            ordered = _ordered([(e, False, True) for e in entries])
            found.append(_Candidate(i, i + 1, ordered, OTHER_WORD if len(keys) == 1 else AMBIGUOUS, "initials"))
    return found


def _ratio(a: str, a_bigrams: frozenset[str], target: _Target) -> float:
    """difflib's similarity, after two cheap checks that rule out nearly every pair."""
    b = target.text
    if abs(len(a) - len(b)) > max(2, len(b) // 4):
        return 0.0
    shared = len(a_bigrams & target.bigrams)
    if 2 * shared < 0.4 * (len(a_bigrams) + len(target.bigrams)):
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b)
    return matcher.ratio() if matcher.quick_ratio() >= TYPO_CUTOFF else 0.0


def _typos(tokens: list[_Token], index: _Index) -> list[_Candidate]:
    """Misspelt names: a whole name ("acme dentl") or one rare word of it ("brightsde")."""
    words = [t.norm for t in tokens]
    suspects = [i for i, w in enumerate(words)
                if w.isalpha() and len(w) >= 4 and w not in VOCABULARY and w not in index.keys_with_token]
    if not suspects:
        return []
    best: dict[tuple[int, int], tuple[float, list[_Entry]]] = {}

    def offer(first: int, last: int, ratio: float, entry: _Entry) -> None:
        score, entries = best.get((first, last), (0.0, []))
        if ratio > score + 0.03:
            best[(first, last)] = (ratio, [entry])
        elif ratio >= score - 0.03:
            entries.append(entry)

    windows = {(first, first + size) for i in suspects for size in index.targets
               for first in range(max(0, i - size + 1), min(i, len(words) - size) + 1)}
    # A one-word name misspelt and spaced ("sentinal one" for SentinelOne): the two words joined.
    respaced = {(first, first + 2) for i in suspects for first in (i - 1, i) if 0 <= first and first + 2 <= len(words)}
    for (first, last), joiner, size in [(w, " ", w[1] - w[0]) for w in windows] + [(w, "", 1) for w in respaced]:
        text = joiner.join(words[first:last])
        text_bigrams = _bigrams(text)
        for target in index.targets.get(size, ()):
            if not joiner and any(_ratio(w, _bigrams(w), target) >= TYPO_CUTOFF for w in words[first:last]):
                continue  # one word is the name already ("on harware"): the other is not part of it
            if (ratio := _ratio(text, text_bigrams, target)) >= TYPO_CUTOFF:
                # Like an exact mention, a whole name beats names it is one word of (SentinelOne Control).
                for entry in [e for e in target.entries if e.key == target.text] or target.entries:
                    offer(first, last, ratio, entry)
    found = []
    for (first, last), (ratio, entries) in best.items():
        keys = {e.key for e in entries}
        if len(keys) > MAX_SHARED:
            continue
        score = round(min(0.95, ratio * 0.95), 2) if len(keys) == 1 else AMBIGUOUS
        found.append(_Candidate(first, last, _ordered([(e, False, False) for e in entries]), score, "typo"))
    return found


def _to_match(candidate: _Candidate, tokens: list[_Token], question: str) -> NameMatch:
    start, end = tokens[candidate.first].start, tokens[candidate.last - 1].end
    best = candidate.entries[0]
    alternatives = tuple(dict.fromkeys(e.name for e in candidate.entries if e.key != best.key))
    return NameMatch(dimension=best.dimension, name=best.name, text=question[start:end], span=(start, end),
                     score=candidate.score, how=candidate.how, alternatives=alternatives,
                     candidates=tuple((e.dimension, e.name) for e in candidate.entries))


def _choose(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping mentions: the longest first ("Amazon Web Services" over "Amazon"), then the surest."""
    taken: list[_Candidate] = []
    for c in sorted(candidates, key=lambda c: (c.first - c.last, -c.score, c.first)):
        if all(c.last <= t.first or c.first >= t.last for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c.first)


def _name_like(token: _Token) -> bool:
    word = token.norm
    return len(word) >= 2 and token.raw[0].isupper() and word not in VOCABULARY and word not in NAME_FILLERS \
        and not word.isdigit()


def _cue_before(tokens: list[_Token], i: int) -> _Token | None:
    """The cue word before token i ("for", "client"), past any "the"/"our"; None without one."""
    j = i - 1
    while j >= 0 and tokens[j].norm in _DETERMINERS:
        j -= 1
    return tokens[j] if j >= 0 and tokens[j].norm in _CUES else None


def _cued(tokens: list[_Token], i: int) -> bool:
    """A lower-case word where a name is expected ("for globex", "client 12")."""
    cue = _cue_before(tokens, i)
    if cue is None:
        return False
    at = tokens.index(cue)
    if cue.norm in _NOUN_CUES and at and tokens[at - 1].norm in _ASKING:
        return False
    word = tokens[i].norm
    if word.isdigit():
        return cue.norm in _ID_CUES
    return word.isalpha() and len(word) >= 3 and word not in VOCABULARY and word not in NAME_FILLERS \
        and not difflib.get_close_matches(word, VOCABULARY, n=1, cutoff=0.85)


def _unknown_runs(tokens: list[_Token], covered: set[int]) -> list[tuple[int, int]]:
    runs, i = [], 0
    while i < len(tokens):
        if i in covered or not (_name_like(tokens[i]) or _cued(tokens, i)):
            i += 1
            continue
        last = i + 1
        while last < len(tokens) and last not in covered and (
                _name_like(tokens[last]) or (tokens[last].raw[0].isupper() and tokens[last].norm in NAME_FILLERS)):
            last += 1
        runs.append((i, last))
        i = last
    return runs


_SENTENCE_BREAK = re.compile(r"[.?!;:]|\s[-–—]")


def _certain(tokens: list[_Token], first: int, last: int, question: str) -> bool:
    """Whether an unmatched run is surely meant as a name. Several words, a cue ("for", "client")
    or a possessive say so; a lone capitalised word opening a sentence, an acronym after
    "the"/"our", or a lower-case word after "by", "on" or "with" may just as well be an ordinary
    word the parser does not know."""
    token, cue = tokens[first], _cue_before(tokens, first)
    if cue is not None:
        return token.raw[0].isupper() or cue.norm not in _WEAK_CUES
    if last - first > 1 or token.raw.lower().endswith(("'s", "’s")):
        return True
    if first == 0 or _SENTENCE_BREAK.search(question[tokens[first - 1].end:token.start]):
        return False
    return not (token.raw.isupper() and 2 <= len(token.raw) <= 5 and tokens[first - 1].norm in _DETERMINERS)


def _suggestions(words: list[str], index: _Index) -> tuple[str, ...]:
    """Stored names sharing a rare word with the phrase, then names spelled like it."""
    sharing = [k for w in words if _distinctive(w) for k in sorted(index.keys_with_token.get(w, ()))]
    close = difflib.get_close_matches(" ".join(words), list(index.display), n=3, cutoff=0.7)
    return tuple(index.display[k] for k in dict.fromkeys(sharing + close))[:3]


def _absorb_partial_names(chosen: list[_Candidate], tokens: list[_Token]) -> list[_Candidate]:
    """"Acme Dentistry Partners" is another company, not Acme Dental: a partial name followed by
    capitalised words nobody stored is part of an unknown name ("Acme Corp" may be one too)."""
    kept = []
    for c in chosen:
        following = tokens[c.last] if c.last < len(tokens) else None
        capitalised = following is not None and c.how != "exact" and following.raw[0].isupper() and all(
            t.raw[0].isupper() for t in tokens[c.first:c.last])
        if capitalised and _name_like(following):
            continue
        kept.append(replace(c, score=min(c.score, OTHER_WORD)) if capitalised and following.norm in NAME_FILLERS else c)
    return kept


def name_words(names: Mapping[str, Sequence[str]]) -> frozenset[str]:
    """Every word of every stored name: the spelling fixer must never "correct" one of them."""
    return frozenset(_build_index(_freeze(names)).keys_with_token)


def match_names(question: str, names: Mapping[str, Sequence[str]]) -> NameMatches:
    """Mentions of stored names in `question`, left to right, and name-like phrases matching none.

    `names` maps a dimension ("client", "staff", "vendor", "product", "category") to its stored
    names. Spans index `question`.
    """
    if not isinstance(question, str):
        raise TypeError(f"question must be a string, got {type(question).__name__}")
    index = _build_index(_freeze(names))
    tokens = _tokens(question)
    chosen = _choose(_exact_and_partial(tokens, index) + _typos(tokens, index) + _initials(tokens, index))
    chosen = _absorb_partial_names(chosen, tokens)
    covered = {i for c in chosen for i in range(c.first, c.last)}
    unknown = []
    for first, last in _unknown_runs(tokens, covered):
        start, end = tokens[first].start, tokens[last - 1].end
        unknown.append(UnknownName(question[start:end], (start, end),
                                   _suggestions([t.norm for t in tokens[first:last]], index),
                                   _certain(tokens, first, last, question)))
    return NameMatches(tuple(_to_match(c, tokens, question) for c in chosen), tuple(unknown))


__all__ = ["DIMENSIONS", "NameMatch", "NameMatches", "UnknownName", "match_names", "name_words"]
