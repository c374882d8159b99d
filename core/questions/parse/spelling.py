"""Before anything is read: short forms spelled out ("qtr", "GP", "r u"), misspelt key words fixed.

Both happen on the text itself, so every later step (and every span) sees the full words. A word
of a stored name is never touched: "Ms Cobalt" keeps her title, a client called "Revnue Labs" keeps
its spelling.
"""
from __future__ import annotations

import difflib
import re

from core.questions import lexicon as lx

_WORD = re.compile(r"[A-Za-z]+")
_SHORT_NAME = re.compile(r"(?<![\w'’])[A-Za-z][A-Za-z0-9]*(?![\w'’])")
# "H1 26", "q3 25": a two-digit year after a quarter or half, written as the period reader reads it ("Q3 '25").
_BARE_SHORT_YEAR = re.compile(r"\b(q[1-4]|h[12])\s+(\d{2})\b(?![.,]\d|\s*(?:%|[a-z]))", re.I)


def spell_out(question: str, protected: frozenset[str]) -> str:
    """Short forms in full ("last 6 mo", "by cust", "GP", "seats r used", "ms licensing"):
    unambiguous, so nothing to report. A trade short name ("m365") only when the data holds the
    name it stands for, and never the title "Ms"."""
    def full(m: re.Match[str]) -> str:
        word = m[0].lower()
        return m[0] if word in protected else lx.SPELLED_OUT.get(word, m[0])

    def chat(m: re.Match[str]) -> str:
        return m[0] if m[0] in protected else lx.CHAT_FORMS[m[0]]

    def full_name(m: re.Match[str]) -> str:
        expansion = lx.NAME_SHORT_FORMS.get(m[0].lower())
        if expansion is None or m[0].lower() in protected or m[0] == "Ms" or expansion.split()[0] not in protected:
            return m[0]
        return expansion
    question = lx.CHAT_FORM.sub(chat, question)
    return _BARE_SHORT_YEAR.sub(r"\1 '\2", _SHORT_NAME.sub(full_name, _WORD.sub(full, question)))


def fix_spelling(question: str, protected: frozenset[str]) -> tuple[str, list[str]]:
    """Correct misspelt key words ("revnue", "quartr", "octobr", "labr"), never a word of a stored
    name. Four-letter words need a closer match: one letter is a bigger share of them."""
    parts, notes, last = [], [], 0
    for m in _WORD.finditer(question):
        word = m[0].lower()
        if len(word) < 4 or word in lx.VOCABULARY or word in protected:
            continue
        cutoff = 0.8 if len(word) >= 5 else 0.85
        if difflib.get_close_matches(word, protected, n=1, cutoff=cutoff):
            continue
        close = difflib.get_close_matches(word, lx.CORRECTABLE, n=1, cutoff=cutoff)
        if close and close[0] != word:
            parts.append(question[last:m.start()] + close[0])
            last = m.end()
            notes.append(f"'{m[0]}' read as '{close[0]}'")
    return "".join(parts) + question[last:], notes
