"""Whether the question is one the data can answer, and where the question proper begins.

Declines here are about the question as a whole: the weather, a poem, an action, a forecast, a
name or a figure the data does not hold, an average of a total, everything-but-one. Chatty context
before the question ("ok so I'm pulling together the board deck - ...") is set aside first, so
its words neither decline nor steer the reading.
"""
from __future__ import annotations

from dataclasses import replace

from core.engine.metrics import METRICS
from core.questions import lexicon as lx
from core.questions.parse.reading import NOUN_LABELS, Reading, or_join, overlaps
from core.questions.wording import metric_label


def not_empty(r: Reading) -> None:
    if not r.text:
        r.p.out_of_scope = "The question is empty."


def off_topic(r: Reading) -> None:
    """Weather, poems, commands: words that are not part of a stored name ("Sunny Days Daycare")."""
    for pattern, why in lx.OFF_TOPIC:
        if any(not overlaps((m.start(), m.end()), r.name_spans) for m in pattern.finditer(r.low)):
            r.p.out_of_scope = why
            return


def check_scope(r: Reading) -> None:
    """Unknown names, metrics the product does not hold, and averages it does not compute."""
    if r.unknown_metric:
        # Even beside a known metric ("revenue from new clients") it changes the question.
        label = r.unknown_metric[0][1]
        r.p.out_of_scope = f"I can't answer questions about {label}: it is not in the data I hold."
        return
    excluded = next((m for m in r.p.name_matches if lx.EXCLUDING.search(r.text[:m.span[0]])), None)
    if excluded is not None:
        r.decline_form(f"I can filter on {excluded.name} but not leave it out: ask by "
                       f"{NOUN_LABELS[excluded.dimension]} to see every one.")
        return
    # A lower-case word in the context before the question ("not asking for a recommendation -
    # what did we pay Upwork?") is an ordinary word the parser does not know, not a name.
    sure = [u for u in r.p.unknown_names if u.certain and not (u.span[0] < r.start and u.text.islower())]
    if sure:
        hint = f" Did you mean {or_join(list(sure[0].closest))}?" if sure[0].closest else ""
        r.p.out_of_scope = (f"I don't know a client, technician, vendor, product or category called "
                            f"'{sure[0].text}' in the data.{hint}")
        return
    refers_back = lx.BACK_REFERENCE.search(r.low, r.start)  # "Initech called. What do they owe?"
    for unknown in r.p.unknown_names:
        if unknown.span[0] < r.start and refers_back:
            r.p.unexplained.append(unknown.text)  # the question proper may be about it after all
        if unknown.span[0] >= r.start or refers_back:
            r.p.doubt(f"'{unknown.text}' may be a name I don't know: not used as a filter")
    average = [m for m in lx.AVERAGE_CUE.finditer(r.low)
               if not overlaps((m.start(), m.end()), r.metric_spans)]
    metric = r.p.metric
    if average and metric in lx.SUM_METRICS:
        ways = [NOUN_LABELS[d] for d in METRICS[metric].groupings]
        spread = f", or by {or_join(ways)} to see how it is spread" if ways else ""
        r.decline_form(f"I compute totals, not averages: ask for {metric_label(metric)} in total{spread}.")


def set_context_aside(r: Reading) -> None:
    """Find where the question proper begins, and read no ranking or comparison before it, nor a
    period unless the question names none.

    It begins at the last clause with a metric word, or earlier while the clauses before that
    hold only words the parser placed ("For Q3: revenue by client"). A clause with other words
    before it is context ("ok so I'm pulling together the board deck - what was our margin
    ...", "quick check before the invoice run: ..."); names said there still count ("before
    the QBR with Delta - what did we make?").
    """
    if not r.hits:
        return
    starts = [0] + [m.end() for m in lx.CLAUSE_END.finditer(r.text) if m.end() <= r.hits[-1].span[0]]
    start = starts.pop()
    while starts and not r.unplaced(starts[-1], start):
        start = starts.pop()
    r.start = start
    r.low = " " * start + r.low[start:]
    own = [m for m in r.periods if m.span[0] >= start]
    # A period said only in the context may be the question's, or may not ("before Friday's meeting").
    r.periods = own or [replace(m, ambiguous=True, note=f"'{m.text}' was said before the question itself: "
                                                        f"read as its period") for m in r.periods]
    r.hits = [h for h in r.hits if h.span[0] >= start]
    r.unknown_metric = [(span, label) for span, label in r.unknown_metric if span[0] >= start]
