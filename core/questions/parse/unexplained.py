"""Words no step placed: a reading that skipped part of the question must not be shown as final.

The content words of the question proper that are no metric, grouping, ranking, comparison,
period or name word, and no generic word ("what", "show", "please"), are listed as `unexplained`;
where they sit (after "by", before the metric words, in a clause of their own, close to a key
word misspelt) says which part of the reading they may have changed, as a doubt.
"""
from __future__ import annotations

import difflib
import re

from core.questions import lexicon as lx
from core.questions.parse.reading import TOKEN, Reading, or_join


def find_unexplained(r: Reading) -> None:
    """List the content words of the question proper that nothing placed. A number, a word right
    after a grouping, period or ranking word ("by mnth", "last 6 mo", "the most unsed") or right
    before the metric words ("deferred revenue") may have changed the reading: a doubt too, and so
    is a period word left unread ("the quarter b4 last")."""
    tokens = [t for t in TOKEN.finditer(r.low) if t.start() >= r.start]
    _place_settled_words(r)
    for token in r.unplaced(r.start, len(r.low)):
        word = token[0]
        r.p.unexplained.append(r.text[token.start():token.end()])
        before = next((t for t in reversed(tokens) if t.end() <= token.start() and t[0] not in lx.ARTICLES), None)
        after = next((t for t in tokens if t.start() >= token.end() and t[0] not in lx.ARTICLES), None)
        beside = r.placed_as(before.span()) if before is not None else set()
        if after is not None:
            beside |= r.placed_as(after.span())
        lead_in = next((kind for kind, pattern in lx.LEAD_INS.items()
                        if before is not None and pattern.fullmatch(before[0])), None)
        if lx.PERIOD_LIKE.fullmatch(word):
            # A period word left unread must never pass as "all data" unremarked.
            read_as = f"read as {r.p.period.label}" if r.p.period else "the figure covers all the data"
            r.p.doubt(f"'{word}' looks like part of a period I could not read: {read_as}")
        elif word[0].isdigit():
            r.p.doubt(f"the number '{word}' was not understood: a limit or threshold may be ignored")
        elif before is not None and lead_in is not None:
            r.p.doubt(f"'{word}' after '{before[0]}' was not understood: the {lead_in} may be misread")
        elif after is not None and "metric" in r.placed_as(after.span()):
            r.p.doubt(f"'{word}' before '{after[0]}' was not understood: the figure may be misread")
        elif "comparison" in beside:
            # "where did we land vs budget", "over on hardware vs plan": what is compared may be another figure.
            r.p.doubt(f"'{word}' beside a comparison was not understood: what is compared may be misread")
        elif after is not None and after[0] == "of":
            # "what fraction of", "the bulk of": a part or a rate of the figure, not the figure itself.
            r.p.doubt(f"'{word} of' was not understood: the figure may be a part or a rate of what was read")
        elif (near := _near_key_word(word)) is not None:
            # "inactve", "prospct": a misspelt key word left unread silently drops a filter or a figure.
            r.p.doubt(f"'{word}' looks like '{near}', which the reading did not apply: the answer may miss it")
    _doubt_guessed_figure(r)
    _doubt_unread_clauses(r)


def _doubt_guessed_figure(r: Reading) -> None:
    """A figure guessed from question words alone ("how much" beside a category) while a content word
    stays unplaced: that word ("plan", "shelfware") is likely the figure asked, so the guess is a doubt."""
    top = r.p.metric_candidates[0] if r.p.metric_candidates else None
    if top is None or top.score >= 1.0 or r.p.is_follow_up or not r.p.unexplained or not all(
            word in lx.GENERIC_WORDS for phrase in top.evidence for word in phrase.split()):
        return
    r.p.doubt(f"the figure was guessed from {or_join([repr(w) for w in top.evidence])}; "
              f"{or_join([repr(w) for w in r.p.unexplained])} may name the figure asked")


def _doubt_unread_clauses(r: Reading) -> None:
    """A clause of the question proper with no word the reading placed ("..., just the winner",
    "- in dollars") is an instruction the answer ignores, however few its words."""
    bounds = [r.start] + [m.end() for m in lx.CLAUSE_END.finditer(r.low, r.start)] + [len(r.low)]
    for start, end in zip(bounds, bounds[1:]):
        unplaced = r.unplaced(start, end)
        if unplaced and not any(r.placed_as(t.span()) for t in TOKEN.finditer(r.low, start, end)):
            said = r.text[start:end].strip(" -–—,.;:!?")
            r.p.doubt(f"'{said}' was not understood: it may change the answer")


def _place_settled_words(r: Reading) -> None:
    """Words the settled reading explains: the nouns of the grouping used ("the techs" of
    "billable % for the techs, per person") and the unit of a monthly figure ("a month")."""
    if r.p.group_by in lx.GROUP_NOUNS:
        noun = re.compile(rf"\b(?:{lx.GROUP_NOUNS[r.p.group_by]})\b")
        r.placed += [(m.span(), "grouping") for m in noun.finditer(r.low)]
    if r.p.metric in lx.MONTHLY_FIGURES:
        r.placed += [(m.span(), "cue") for m in lx.MONTHLY_UNIT.finditer(r.low)]


def _near_key_word(word: str) -> str | None:
    """The parser key word `word` looks misspelt from, if any (words of five letters or more only:
    shorter ones are close to everything)."""
    if len(word) < 5 or not word.isalpha():
        return None
    close = difflib.get_close_matches(word, lx.KEY_WORDS, n=1, cutoff=0.8)
    # "burned"/"burn": one inside the other is another word; "bleeding"/"leading": typos seldom
    # change the first letter.
    return close[0] if close and close[0][0] == word[0] and close[0] not in word and word not in close[0] else None
