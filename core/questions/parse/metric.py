"""Which figure the question asks for: the metric candidates and the doubts about them."""
from __future__ import annotations

from dataclasses import replace

from core.engine.metrics import METRICS
from core.questions import lexicon as lx
from core.questions.parse.reading import MetricCandidate, Reading, inside, or_join, overlaps
from core.questions.wording import metric_label


def score_metrics(r: Reading) -> None:
    """The candidate metrics, best first, from the phrases' weights; then the form the question asks
    of the figure (a percentage, a count, an amount, a rate per hour) may turn it into another one."""
    raw: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    for hit in r.hits:
        for metric, weight in hit.phrase.weights.items():
            raw[metric] = raw.get(metric, 0.0) + weight
            evidence.setdefault(metric, []).append(hit.text)
    if not raw:
        _money_paid_out(r, raw, evidence)
    if not raw:
        return
    _prefer_percentage(r, raw, evidence)
    _apply_cues(r, raw, evidence)
    _rate_of_a_sum(r, raw, evidence)
    if r.p.out_of_scope:
        return
    ranked = _ranked(raw)
    r.p.metric_candidates = [MetricCandidate(m, round(min(1.0, raw[m] / lx.DEFINITE), 2),
                                             tuple(dict.fromkeys(evidence[m]))) for m in ranked]


def _money_paid_out(r: Reading, raw: dict[str, float], evidence: dict[str, list[str]]) -> None:
    """"Travel $ YTD", "how much Dell last quarter": money next to a vendor or an expense
    category, with no metric word, is what we spent there. Next to a client it could be
    revenue or profit, so it stays unread."""
    money = lx.MONEY_CUE.search(r.low, r.start)
    named = r.p.name_matches
    if money is None or not named or any(m.dimension not in ("vendor", "category") for m in named):
        return
    raw["spend"] = lx.LIKELY
    evidence["spend"] = [money[0]]
    r.p.doubt(f"'{money[0]}' beside {or_join([m.name for m in named])} read as {metric_label('spend')}",
              "stated")


def _prefer_percentage(r: Reading, raw: dict[str, float], evidence: dict[str, list[str]]) -> None:
    """"Were we under budget? give me the variance as a %": a figure and its percentage both
    named, the percentage in so many words. The percentage says the unit, so it is the figure."""
    for amount, rate in lx.PERCENT_FORMS.items():
        said = [h.text for h in r.hits if rate in h.phrase.weights and lx.PERCENT_WORD.search(h.text.lower())]
        if amount in raw and rate in raw and said:
            raw[rate] += raw.pop(amount)
            evidence[rate] = evidence.pop(amount) + evidence[rate]
            r.p.doubt(f"'{said[0]}' asks for a percentage: read as {metric_label(rate)}", "stated")


def _apply_cues(r: Reading, raw: dict[str, float], evidence: dict[str, list[str]]) -> None:
    """"What percent over budget", "how many wasted licenses", "per billable hour", "in dollar
    terms": the cue picks the metric's other form.

    The first cue that speaks decides (a rate per hour, a percentage, a count, a money unit,
    then an amount), so "how much shelfware (seat count)" stays a count. A unit waved away
    ("$ not %") says nothing.
    """
    top = _ranked(raw)[0]
    for cue, forms, why in ((lx.PER_HOUR_CUE, lx.RATE_FORMS, "a rate per hour"),
                            (lx.PERCENT_CUE, lx.PERCENT_FORMS, "a percentage"),
                            (lx.COUNT_CUE, lx.COUNT_FORMS, "a count"),
                            (lx.AMOUNT_CUE, lx.AMOUNT_FORMS, "an amount of money"),
                            (lx.MONEY_CUE, lx.MONEY_FORMS, "an amount")):
        found = [m for m in cue.finditer(r.low) if not overlaps((m.start(), m.end()), r.metric_spans)
                 and not lx.NOT_THIS_UNIT.search(r.low, max(0, m.start() - 20), m.start())]
        if not found:
            continue
        if top in forms:
            form = forms[top]
            raw[form] = raw.pop(top) + raw.get(form, 0.0)
            evidence[form] = evidence.pop(top) + [found[0][0]] + evidence.get(form, [])
            r.p.doubt(f"'{found[0][0]}' asks for {why}: read as {metric_label(form)}", "stated")
            return
        if top in forms.values():
            return
        if why == "a rate per hour":
            r.decline_form(f"'{found[0][0]}' asks for a rate per hour, and the one I compute is the "
                           f"effective rate (revenue per billable hour), not {metric_label(top)} per hour.")
            return
        if why == "a count" and top in lx.MONEY_METRICS:
            r.decline_form(f"'{found[0][0]}' asks for a count, and {metric_label(top)} is an amount of "
                           "money; counts I can give are invoices, clients and unused seats.")
            return
        if why == "a percentage" and top in lx.MONEY_METRICS and not lx.COMPARE.search(r.low):
            r.decline_form(f"'{found[0][0]}' asks for a percentage, and {metric_label(top)} is an "
                           "amount of money; shares of a total are not computed: ask for "
                           f"{metric_label(top)} by client (or another grouping) to compare the parts.")
            return


def _rate_of_a_sum(r: Reading, raw: dict[str, float], evidence: dict[str, list[str]]) -> None:
    """"Profit rate" is the margin; "staff turnover rate", "labor rate": a rate of a figure the
    product only adds up, and without a rate form, is a figure it does not hold. Answering the
    total would answer another question."""
    top = _ranked(raw)[0]
    if r.p.out_of_scope or top not in lx.SUM_METRICS:
        return
    for rate in lx.RATE_NOUN.finditer(r.low, r.start):
        said = next((h.text for h in r.hits if top in h.phrase.weights and h.span[1] < rate.start()
                     and not r.low[h.span[1]:rate.start()].strip()), None)
        if said is None:
            continue
        form = lx.PERCENT_FORMS.get(top)
        if form is None:
            r.decline_form(f"I don't hold a '{said} {rate[0]}': {metric_label(top)} is a total, "
                           "and the rates I compute are margin, utilization, billable share, "
                           "license use and the effective hourly rate.")
            return
        raw[form] = raw.pop(top) + raw.get(form, 0.0)
        evidence[form] = evidence.pop(top) + [rate[0]] + evidence.get(form, [])
        r.p.doubt(f"'{said} {rate[0]}' read as {metric_label(form)}", "stated")
        return


def prefer_compatible(r: Reading) -> None:
    """Among metrics the words fit equally, keep those that can be grouped and filtered as asked:
    "which tech cost us the most" is labor cost, the only cost kept per technician."""
    candidates, group = r.p.metric_candidates, r.group
    if len(candidates) < 2:
        return
    # A name inside the metric words ("software" of "software spend") is part of the ambiguity, not a clue.
    names = [m for m in r.p.name_matches if not overlaps(m.span, r.metric_spans)]

    def fits(metric: str) -> bool:
        definition = METRICS[metric]
        return (group is None or group.dimension in definition.groupings) and all(
            any(dim in definition.filters for dim, _ in m.candidates) for m in names)

    top = candidates[0].score
    rivals = [c for c in candidates if c.score >= 0.8 * top]
    fitting = [c for c in rivals if fits(c.metric)]
    if not fitting or len(fitting) == len(rivals):
        return
    dropped = [c for c in rivals if c not in fitting]
    if len(fitting) == 1:  # the grouping is a second clue: "cost" per technician is labor cost
        fitting = [replace(fitting[0], score=max(fitting[0].score, round(lx.LIKELY / lx.DEFINITE, 2)))]
    r.p.metric_candidates = fitting + [replace(c, score=round(c.score / 2, 2)) for c in dropped] + \
        [c for c in candidates if c not in rivals]
    r.p.doubt(f"read as {or_join([metric_label(c.metric) for c in fitting])}: "
              f"{or_join([metric_label(c.metric) for c in dropped])} cannot be broken down as asked",
              "stated" if len(fitting) == 1 else "metric")


def doubt_joined_figures(r: Reading) -> None:
    """"What did we clear after labor and licenses", "labor plus license cost": two figures named
    side by side may both be asked for (a sum, a difference), and the answer shows only one."""
    top = r.p.metric
    if top is None:
        return
    own = [h for h in r.hits if top in h.phrase.weights]
    for other in r.hits:
        if top in other.phrase.weights:
            continue
        joined = next((h for h in own if lx.FIGURE_JOINER.fullmatch(
            r.low[min(h.span[1], other.span[1]):max(h.span[0], other.span[0])])), None)
        if joined is not None:
            rival = _ranked(dict(other.phrase.weights))[0]
            r.p.doubt(f"'{joined.text}' and '{other.text}' name two figures ({metric_label(top)}, "
                      f"{metric_label(rival)}): the answer shows only {metric_label(top)}", "figure")
            return


def doubt_shadowed_figure(r: Reading) -> None:
    """"What was our budget variance": a longer phrase for one figure ("what was our budget") took
    part of words that outright name another ("budget variance"), which reach past it: two readings
    of the figure asked. A phrase wholly inside a longer one ("utilization" of "license
    utilization") is refined by it, not a rival."""
    top = r.p.metric
    if top is None:
        return
    related = {top, lx.PERCENT_FORMS.get(top)} | {base for base, pct in lx.PERCENT_FORMS.items() if pct == top}
    for hit in r.shadowed:
        named = [m for m, weight in hit.phrase.weights.items() if weight >= lx.DEFINITE and m not in related]
        rivals = [h for h in r.hits if top in h.phrase.weights and overlaps(hit.span, [h.span])]
        if named and rivals and not inside(hit.span, r.metric_spans):
            r.p.doubt(f"'{hit.text}' names {metric_label(named[0])}, but longer words around it were "
                      f"read as {metric_label(top)}", "reading")
            return


def _ranked(raw: dict[str, float]) -> list[str]:
    return sorted(raw, key=lambda m: (-raw[m], METRICS[m].precedence))


def explain_metric(r: Reading) -> None:
    """Say how sure the metric is: rivals the words support as well, a mere hint, no period given."""
    parse = r.p
    candidates = parse.metric_candidates
    if not candidates:
        return
    top = candidates[0]
    rivals = [c for c in candidates[1:] if c.score >= 0.8 * top.score]
    if rivals:
        words = or_join([repr(w) for w in dict.fromkeys(top.evidence + tuple(w for c in rivals for w in c.evidence))])
        parse.doubt(f"{words} could mean {or_join([metric_label(c.metric) for c in [top, *rivals]])}", "metric")
    elif top.score < lx.LIKELY / lx.DEFINITE and not parse.is_follow_up:
        parse.doubt(f"only {or_join([repr(w) for w in top.evidence])} hints at {metric_label(top.metric)}")
    if parse.period is None and parse.period_match is None and parse.metric != "client_count":
        parse.doubt("no period given: all data", "stated")
