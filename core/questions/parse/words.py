"""What the words name: stored names, metric phrases, and figures the product does not hold."""
from __future__ import annotations

from core.engine.metrics import METRICS
from core.questions import lexicon as lx
from core.questions.names import NameMatch, match_names
from core.questions.parse.reading import Hit, Reading, in_gap, inside, overlaps


def read_names_and_metrics(r: Reading) -> None:
    """Stored names (fuzzy), metric phrases, and metrics the product does not hold. Of two metric
    phrases over the same words the longer wins (the other is kept as `shadowed`); a name inside a
    metric phrase ("software" of "software license spend") is part of the phrase."""
    found = match_names(r.text, r.names)
    r.unknown_metric = [((m.start(), m.end()), label) for pattern, label in lx.UNKNOWN_METRICS
                        for m in pattern.finditer(r.low)
                        if not overlaps((m.start(), m.end()), [n.span for n in found])]
    firm_names = [m.span for m in found if m.score >= 0.99 and not r.plain(m)]
    # "Pay us per billable hour": the hours are what the money is divided by, not the figure asked.
    per_hour = [(m.start(), m.end()) for m in lx.PER_HOUR_CUE.finditer(r.low)]
    raw = [Hit((m.start(), m.end()), r.text[m.start():m.end()], phrase)
           for phrase in lx.METRIC_PHRASES for m in phrase.pattern.finditer(r.low)]
    raw = [h for h in raw if not overlaps(h.span, [s for s, _ in r.unknown_metric])
           and not inside(h.span, firm_names) and not inside(h.span, per_hour)]
    for hit in sorted(raw, key=lambda h: (h.span[0] - h.span[1], -max(h.phrase.weights.values()))):
        if not overlaps(hit.span, r.metric_spans) or hit.span in r.metric_spans:
            r.hits.append(hit)  # the same words in two phrases: both readings count
        else:
            r.shadowed.append(hit)
    r.hits.sort(key=lambda h: h.span)
    r.p.name_matches = [m for m in found if not overlaps(m.span, r.period_spans) and not _swallowed(r, m)]
    taken = r.name_spans + r.period_spans + [s for s, _ in r.unknown_metric]
    phrases = [span for span, _ in r.placed]  # "on the books" is a way of speaking, not a name
    # A metric phrase with a gap ("hours did <someone> bill") does not read the name in its gap.
    r.p.unknown_names = [u for u in found.unknown_names
                         if not overlaps(u.span, taken) and not inside(u.span, phrases)
                         and not any(overlaps(u.span, [h.span]) and not in_gap(u.span, h.span)
                                     for h in r.hits)]
    r.placed += [(m.span, "name") for m in found] + [(h.span, "metric") for h in r.hits] + \
        [(span, "metric") for span, _ in r.unknown_metric]


def _swallowed(r: Reading, match: NameMatch) -> bool:
    """A plain word that belongs to a metric phrase ("software" in "software license spend"),
    unless one of the phrase's metrics can be filtered by it ("software spend")."""
    hits = [h for h in r.hits if overlaps(match.span, [h.span])]
    return bool(hits) and r.plain(match) and not any(
        dim in METRICS[metric].filters for h in hits for metric in h.phrase.weights for dim, _ in match.candidates)
