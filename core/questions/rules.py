"""The deterministic question parser: a question in plain English -> its best reading as an Intent.

It does the heavy lifting beside a small language model that can only pick among options, and
its second duty is to be honest: every assumption it makes (a word that fits several metrics, a
name matched with a typo, a quarter without a year, two periods named) is recorded, because the
confidence built from these decides whether a human reviews the answer before anyone relies on it.

Reading order: spell out short forms ("qtr", "GP") and fix misspelt key words; find the periods
(core.engine.periods), the stored names (names.py) and the metric phrases (lexicon.py); set aside any
chatty context before the question proper; decline what is not about the data (off-topic,
forecasts and hypotheticals, actions, unknown names or metrics, averages, counts of money); then
grouping, ranking, comparison and client status. A follow-up in a thread starts from the previous
intent and replaces only what it names. Last, the words no part of the reading placed are listed
as `unexplained`: a reading that skipped part of the question must not be shown as final. The
words themselves live in lexicon.py.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from core.engine import periods
from core.engine.intent import Intent
from core.engine.metrics import GROUPINGS, METRICS
from core.engine.periods import Period, PeriodMatch, find_all_periods, previous
from core.questions import lexicon as lx
from core.questions.names import NameMatch, UnknownName, match_names, name_words
from core.questions.wording import metric_label

Span = tuple[int, int]
_NOUN_LABELS = {"client": "client", "staff": "technician", "vendor": "vendor", "product": "product",
                "category": "category", "month": "month", "quarter": "quarter"}


@dataclass(frozen=True)
class MetricCandidate:
    metric: str
    score: float  # in [0, 1]: 1.0 when a phrase names the metric outright
    evidence: tuple[str, ...] = ()  # the words that pointed at it


@dataclass(frozen=True)
class Doubt:
    """One assumption of the reading, in words for whoever reviews the answer.

    `counted_by` names the part of the parse that records it too, whose own confidence signal
    already counts it: "name" (name_matches), "period" (period_match), "metric" (rival
    metric_candidates), "ranking" (a ranking the reading could not apply, counted by its own
    signal: a total shown for "which is the biggest" is never final), "figure" (a second figure named
    beside the one answered, counted by its own signal), "reading" (words naming another figure
    outright, taken by a longer phrase: two readings of the metric); or "stated" for a reading
    the rules settle, said for the reviewer but no doubt ("no period given: all data", "'%' asks
    for a percentage: read as margin"). None: only this entry says it, so the answerer must count
    it on its own.
    """

    text: str
    counted_by: str | None = None


@dataclass
class RuleParse:
    question: str
    text: str = ""  # the question after spelling fixes; every span indexes this text
    metric_candidates: list[MetricCandidate] = field(default_factory=list)  # best first
    group_by: str | None = None
    filters: dict[str, str] = field(default_factory=dict)  # dimension -> stored name; "status" for client_count
    name_matches: list[NameMatch] = field(default_factory=list)
    unknown_names: list[UnknownName] = field(default_factory=list)
    period_match: PeriodMatch | None = None  # the period phrase read, with every assumption in its note
    period: Period | None = None  # the period the intent uses (a follow-up may inherit it)
    order: str | None = None
    limit: int | None = None
    compare: bool = False
    status_filter: str | None = None
    out_of_scope: str | None = None  # why the question cannot be answered from the data
    # The decline is about the form asked of a figure that was read (see _Reader._decline_form).
    form_declined: bool = False
    doubts: list[Doubt] = field(default_factory=list)
    # Content words of the question that no part of the reading placed: not a metric, grouping,
    # ranking, comparison or period word, not a name, not a generic word ("what", "show", "please").
    unexplained: list[str] = field(default_factory=list)
    is_follow_up: bool = False

    @property
    def uncertainties(self) -> list[str]:
        """Every doubt in words, for people."""
        return [d.text for d in self.doubts]

    def doubt(self, text: str, counted_by: str | None = None) -> None:
        """Record an assumption (see Doubt for `counted_by`)."""
        self.doubts.append(Doubt(text, counted_by))

    @property
    def metric(self) -> str | None:
        return self.metric_candidates[0].metric if self.metric_candidates else None

    def intent(self) -> Intent | None:
        """The best reading; None when no metric was found or the question is out of scope."""
        if self.out_of_scope or not self.metric_candidates:
            return None
        return Intent(metric=self.metric_candidates[0].metric, group_by=self.group_by, filters=dict(self.filters),
                      period=self.period, order=self.order if self.group_by else None,
                      limit=self.limit if self.group_by else None, compare=self.compare)


@dataclass(frozen=True)
class _Hit:
    span: Span
    text: str
    phrase: lx.MetricPhrase


@dataclass(frozen=True)
class _Group:
    dimension: str
    strength: int
    start: int
    plural: bool
    subject: bool  # "which client", "the busiest tech": the answer is one of them


def _overlaps(span: Span, spans: Sequence[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def _inside(span: Span, spans: Sequence[Span]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def _in_gap(span: Span, outer: Span) -> bool:
    """Strictly inside `outer`, touching neither end: words a gapped phrase skipped over."""
    return outer[0] < span[0] and span[1] < outer[1]


def _or(words: Sequence[str]) -> str:
    return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else words[0]


_WORD = re.compile(r"[A-Za-z]+")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:['’&/][^\W_]+)*")


_SHORT_NAME = re.compile(r"(?<![\w'’])[A-Za-z][A-Za-z0-9]*(?![\w'’])")
# "H1 26", "q3 25": a two-digit year after a quarter or half, written as core.engine.periods reads it ("Q3 '25").
_BARE_SHORT_YEAR = re.compile(r"\b(q[1-4]|h[12])\s+(\d{2})\b(?![.,]\d|\s*(?:%|[a-z]))", re.I)


def _spell_out(question: str, protected: frozenset[str]) -> str:
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


def _fix_spelling(question: str, protected: frozenset[str]) -> tuple[str, list[str]]:
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


class _Reader:
    """One question's reading; each method fills part of the RuleParse."""

    def __init__(self, parse: RuleParse, as_of: date, date_order: str, names: Mapping[str, Sequence[str]]) -> None:
        self.p = parse
        self.text = parse.text
        self.low = "".join(c.lower() if len(c.lower()) == 1 else c for c in parse.text)
        self.as_of = as_of
        self.date_order = date_order
        self.names = names
        self.periods: list[PeriodMatch] = []
        self.hits: list[_Hit] = []
        self.unknown_metric: list[tuple[Span, str]] = []
        self.shadowed: list[_Hit] = []  # metric phrases inside a longer one, set aside for it
        self.groups: list[_Group] = []
        self.start = 0  # where the question proper begins, after any context (set_context_aside)
        # Words the reading placed, kept or not ("as of today" is read, then set aside), by kind.
        self.placed: list[tuple[Span, str]] = [((m.start(), m.end()), kind) for kind, pattern in lx.PLACING_PATTERNS
                                               for m in pattern.finditer(self.low)]

    # ----------------------------------------------------------------------------- scope

    def off_topic(self) -> bool:
        """Weather, poems, commands: words that are not part of a stored name ("Sunny Days Daycare")."""
        for pattern, why in lx.OFF_TOPIC:
            if any(not _overlaps((m.start(), m.end()), self.name_spans) for m in pattern.finditer(self.low)):
                self.p.out_of_scope = why
                return True
        return False

    def read_periods(self) -> bool:
        try:
            found = find_all_periods(self.text, self.as_of, self.date_order)
        except ValueError as err:
            self.p.out_of_scope = f"I could not read the period: {err}."
            return False
        self.placed += [(match.span, "period") for match in found]
        for match in found:
            if not lx.AS_OF.search(self.low[:match.span[0]]):
                self.periods.append(match)
            elif not match.period.start == match.period.end == self.as_of:
                # "as of June 30" asks for another as-of date, which a question cannot set.
                self.periods.append(replace(match, ambiguous=True, note=f"'{match.text}' read as a period; figures "
                                                                        f"are as of {self.as_of}"))
        return True

    @property
    def period_spans(self) -> list[Span]:
        return [m.span for m in self.periods]

    @property
    def metric_spans(self) -> list[Span]:
        return [h.span for h in self.hits]

    @property
    def name_spans(self) -> list[Span]:
        return [m.span for m in self.p.name_matches]

    def _plain(self, match: NameMatch) -> bool:
        """A name made only of parser words ("software", "travel"): an ordinary word first."""
        return all(w in lx.VOCABULARY for w in re.findall(r"[a-z0-9&']+", match.text.lower()))

    def _swallowed(self, match: NameMatch) -> bool:
        """A plain word that belongs to a metric phrase ("software" in "software license spend"),
        unless one of the phrase's metrics can be filtered by it ("software spend")."""
        hits = [h for h in self.hits if _overlaps(match.span, [h.span])]
        return bool(hits) and self._plain(match) and not any(
            dim in METRICS[metric].filters for h in hits for metric in h.phrase.weights for dim, _ in match.candidates)

    # ----------------------------------------------------------------------------- metrics and names

    def read_names_and_metrics(self) -> None:
        found = match_names(self.text, self.names)
        self.unknown_metric = [((m.start(), m.end()), label) for pattern, label in lx.UNKNOWN_METRICS
                               for m in pattern.finditer(self.low)
                               if not _overlaps((m.start(), m.end()), [n.span for n in found])]
        firm_names = [m.span for m in found if m.score >= 0.99 and not self._plain(m)]
        # "Pay us per billable hour": the hours are what the money is divided by, not the figure asked.
        per_hour = [(m.start(), m.end()) for m in lx.PER_HOUR_CUE.finditer(self.low)]
        raw = [_Hit((m.start(), m.end()), self.text[m.start():m.end()], phrase)
               for phrase in lx.METRIC_PHRASES for m in phrase.pattern.finditer(self.low)]
        raw = [h for h in raw if not _overlaps(h.span, [s for s, _ in self.unknown_metric])
               and not _inside(h.span, firm_names) and not _inside(h.span, per_hour)]
        for hit in sorted(raw, key=lambda h: (h.span[0] - h.span[1], -max(h.phrase.weights.values()))):
            if not _overlaps(hit.span, self.metric_spans) or hit.span in self.metric_spans:
                self.hits.append(hit)  # the same words in two phrases: both readings count
            else:
                self.shadowed.append(hit)
        self.hits.sort(key=lambda h: h.span)
        self.p.name_matches = [m for m in found if not _overlaps(m.span, self.period_spans) and not self._swallowed(m)]
        taken = self.name_spans + self.period_spans + [s for s, _ in self.unknown_metric]
        phrases = [span for span, _ in self.placed]  # "on the books" is a way of speaking, not a name
        # A metric phrase with a gap ("hours did <someone> bill") does not read the name in its gap.
        self.p.unknown_names = [u for u in found.unknown_names
                                if not _overlaps(u.span, taken) and not _inside(u.span, phrases)
                                and not any(_overlaps(u.span, [h.span]) and not _in_gap(u.span, h.span)
                                            for h in self.hits)]
        self.placed += [(m.span, "name") for m in found] + [(h.span, "metric") for h in self.hits] + \
            [(span, "metric") for span, _ in self.unknown_metric]

    def score_metrics(self) -> None:
        raw: dict[str, float] = {}
        evidence: dict[str, list[str]] = {}
        for hit in self.hits:
            for metric, weight in hit.phrase.weights.items():
                raw[metric] = raw.get(metric, 0.0) + weight
                evidence.setdefault(metric, []).append(hit.text)
        if not raw:
            self._money_paid_out(raw, evidence)
        if not raw:
            return
        self._prefer_percentage(raw, evidence)
        self._apply_cues(raw, evidence)
        self._rate_of_a_sum(raw, evidence)
        if self.p.out_of_scope:
            return
        ranked = _ranked(raw)
        self.p.metric_candidates = [MetricCandidate(m, round(min(1.0, raw[m] / lx.DEFINITE), 2),
                                                    tuple(dict.fromkeys(evidence[m]))) for m in ranked]

    def _money_paid_out(self, raw: dict[str, float], evidence: dict[str, list[str]]) -> None:
        """"Travel $ YTD", "how much Dell last quarter": money next to a vendor or an expense
        category, with no metric word, is what we spent there. Next to a client it could be
        revenue or profit, so it stays unread."""
        money = lx.MONEY_CUE.search(self.low, self.start)
        named = self.p.name_matches
        if money is None or not named or any(m.dimension not in ("vendor", "category") for m in named):
            return
        raw["spend"] = lx.LIKELY
        evidence["spend"] = [money[0]]
        self.p.doubt(f"'{money[0]}' beside {_or([m.name for m in named])} read as {metric_label('spend')}",
                     "stated")

    def _prefer_percentage(self, raw: dict[str, float], evidence: dict[str, list[str]]) -> None:
        """"Were we under budget? give me the variance as a %": a figure and its percentage both
        named, the percentage in so many words. The percentage says the unit, so it is the figure."""
        for amount, rate in lx.PERCENT_FORMS.items():
            said = [h.text for h in self.hits if rate in h.phrase.weights and lx.PERCENT_WORD.search(h.text.lower())]
            if amount in raw and rate in raw and said:
                raw[rate] += raw.pop(amount)
                evidence[rate] = evidence.pop(amount) + evidence[rate]
                self.p.doubt(f"'{said[0]}' asks for a percentage: read as {metric_label(rate)}", "stated")

    def _apply_cues(self, raw: dict[str, float], evidence: dict[str, list[str]]) -> None:
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
            found = [m for m in cue.finditer(self.low) if not _overlaps((m.start(), m.end()), self.metric_spans)
                     and not lx.NOT_THIS_UNIT.search(self.low, max(0, m.start() - 20), m.start())]
            if not found:
                continue
            if top in forms:
                form = forms[top]
                raw[form] = raw.pop(top) + raw.get(form, 0.0)
                evidence[form] = evidence.pop(top) + [found[0][0]] + evidence.get(form, [])
                self.p.doubt(f"'{found[0][0]}' asks for {why}: read as {metric_label(form)}", "stated")
                return
            if top in forms.values():
                return
            if why == "a rate per hour":
                self._decline_form(f"'{found[0][0]}' asks for a rate per hour, and the one I compute is the "
                                   f"effective rate (revenue per billable hour), not {metric_label(top)} per hour.")
                return
            if why == "a count" and top in lx.MONEY_METRICS:
                self._decline_form(f"'{found[0][0]}' asks for a count, and {metric_label(top)} is an amount of "
                                   "money; counts I can give are invoices, clients and unused seats.")
                return
            if why == "a percentage" and top in lx.MONEY_METRICS and not lx.COMPARE.search(self.low):
                self._decline_form(f"'{found[0][0]}' asks for a percentage, and {metric_label(top)} is an "
                                   "amount of money; shares of a total are not computed: ask for "
                                   f"{metric_label(top)} by client (or another grouping) to compare the parts.")
                return

    def _rate_of_a_sum(self, raw: dict[str, float], evidence: dict[str, list[str]]) -> None:
        """"Profit rate" is the margin; "staff turnover rate", "labor rate": a rate of a figure the
        product only adds up, and without a rate form, is a figure it does not hold. Answering the
        total would answer another question."""
        top = _ranked(raw)[0]
        if self.p.out_of_scope or top not in lx.SUM_METRICS:
            return
        for rate in lx.RATE_NOUN.finditer(self.low, self.start):
            said = next((h.text for h in self.hits if top in h.phrase.weights and h.span[1] < rate.start()
                         and not self.low[h.span[1]:rate.start()].strip()), None)
            if said is None:
                continue
            form = lx.PERCENT_FORMS.get(top)
            if form is None:
                self._decline_form(f"I don't hold a '{said} {rate[0]}': {metric_label(top)} is a total, "
                                   "and the rates I compute are margin, utilization, billable share, "
                                   "license use and the effective hourly rate.")
                return
            raw[form] = raw.pop(top) + raw.get(form, 0.0)
            evidence[form] = evidence.pop(top) + [rate[0]] + evidence.get(form, [])
            self.p.doubt(f"'{said} {rate[0]}' read as {metric_label(form)}", "stated")
            return

    def prefer_compatible(self, group: _Group | None) -> None:
        """Among metrics the words fit equally, keep those that can be grouped and filtered as asked:
        "which tech cost us the most" is labor cost, the only cost kept per technician."""
        candidates = self.p.metric_candidates
        if len(candidates) < 2:
            return
        # A name inside the metric words ("software" of "software spend") is part of the ambiguity, not a clue.
        names = [m for m in self.p.name_matches if not _overlaps(m.span, self.metric_spans)]

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
        self.p.metric_candidates = fitting + [replace(c, score=round(c.score / 2, 2)) for c in dropped] + \
            [c for c in candidates if c not in rivals]
        self.p.doubt(f"read as {_or([metric_label(c.metric) for c in fitting])}: "
                     f"{_or([metric_label(c.metric) for c in dropped])} cannot be broken down as asked",
                     "stated" if len(fitting) == 1 else "metric")

    def check_scope(self) -> None:
        """Unknown names, metrics the product does not hold, and averages it does not compute."""
        if self.p.out_of_scope:
            return
        if self.unknown_metric:
            # Even beside a known metric ("revenue from new clients") it changes the question.
            label = self.unknown_metric[0][1]
            self.p.out_of_scope = f"I can't answer questions about {label}: it is not in the data I hold."
            return
        excluded = next((m for m in self.p.name_matches if lx.EXCLUDING.search(self.text[:m.span[0]])), None)
        if excluded is not None:
            self._decline_form(f"I can filter on {excluded.name} but not leave it out: ask by "
                               f"{_NOUN_LABELS[excluded.dimension]} to see every one.")
            return
        # A lower-case word in the context before the question ("not asking for a recommendation -
        # what did we pay Upwork?") is an ordinary word the parser does not know, not a name.
        sure = [u for u in self.p.unknown_names if u.certain and not (u.span[0] < self.start and u.text.islower())]
        if sure:
            hint = f" Did you mean {_or(list(sure[0].closest))}?" if sure[0].closest else ""
            self.p.out_of_scope = (f"I don't know a client, technician, vendor, product or category called "
                                   f"'{sure[0].text}' in the data.{hint}")
            return
        refers_back = lx.BACK_REFERENCE.search(self.low, self.start)  # "Initech called. What do they owe?"
        for unknown in self.p.unknown_names:
            if unknown.span[0] < self.start and refers_back:
                self.p.unexplained.append(unknown.text)  # the question proper may be about it after all
            if unknown.span[0] >= self.start or refers_back:
                self.p.doubt(f"'{unknown.text}' may be a name I don't know: not used as a filter")
        average = [m for m in lx.AVERAGE_CUE.finditer(self.low)
                   if not _overlaps((m.start(), m.end()), self.metric_spans)]
        metric = self.p.metric
        if average and metric in lx.SUM_METRICS:
            ways = [_NOUN_LABELS[d] for d in METRICS[metric].groupings]
            spread = f", or by {_or(ways)} to see how it is spread" if ways else ""
            self._decline_form(f"I compute totals, not averages: ask for {metric_label(metric)} in total{spread}.")

    def _decline_form(self, why: str) -> None:
        """Decline a question whose figure was read but whose form (an average, a rate per hour, a
        share or count of money, a name left out) the product does not compute. The form words may
        have been misread, so such a decline is less sure than one about the weather."""
        self.p.out_of_scope = why
        self.p.form_declined = True

    def set_context_aside(self) -> None:
        """Find where the question proper begins, and read no ranking or comparison before it, nor a
        period unless the question names none.

        It begins at the last clause with a metric word, or earlier while the clauses before that
        hold only words the parser placed ("For Q3: revenue by client"). A clause with other words
        before it is context ("ok so I'm pulling together the board deck - what was our margin
        ...", "quick check before the invoice run: ..."); names said there still count ("before
        the QBR with Delta - what did we make?").
        """
        if not self.hits:
            return
        starts = [0] + [m.end() for m in lx.CLAUSE_END.finditer(self.text) if m.end() <= self.hits[-1].span[0]]
        start = starts.pop()
        while starts and not self._unplaced(starts[-1], start):
            start = starts.pop()
        self.start = start
        self.low = " " * start + self.low[start:]
        own = [m for m in self.periods if m.span[0] >= start]
        # A period said only in the context may be the question's, or may not ("before Friday's meeting").
        self.periods = own or [replace(m, ambiguous=True, note=f"'{m.text}' was said before the question itself: "
                                                               f"read as its period") for m in self.periods]
        self.hits = [h for h in self.hits if h.span[0] >= start]
        self.unknown_metric = [(span, label) for span, label in self.unknown_metric if span[0] >= start]

    def _unplaced(self, start: int, end: int) -> list[re.Match[str]]:
        """The content words between start and end that nothing in the reading placed (a lone
        letter is an initial, "sarah w", or a stray key)."""
        return [t for t in _TOKEN.finditer(self.low, start, end)
                if t[0] not in lx.GENERIC_WORDS and not (len(t[0]) == 1 and t[0].isalpha()) and not self._placed(t)]

    def _placed(self, token: re.Match[str]) -> bool:
        """Whether the reading placed a word. The free slots of grouping and ranking phrases ("which
        <word> sku", "the most <word> seats") take any word: an unknown one there is still unknown."""
        kinds = self._placed_as(token.span())
        return bool(kinds - {"grouping", "ranking"}) or (bool(kinds) and (
            token[0] in lx.VOCABULARY or token[0][0].isdigit()))

    def is_follow_up(self) -> bool:
        """Says so ("and ...", "what about ...", "same for ...") or names only what to change."""
        if lx.FOLLOW_UP.search(self.text):
            return True
        return not self.p.metric_candidates and bool(
            self.periods or self.p.name_matches or self.groups or lx.TOP_N.search(self.low)
            or lx.ALL_TIME.search(self.low) or lx.NO_GROUPING.search(self.low))

    # ----------------------------------------------------------------------------- grouping and ranking

    def read_groups(self) -> None:
        blocked = self.metric_spans + self.name_spans + self.period_spans + [s for s, _ in self.unknown_metric]
        # A name is one word to a grouping, however long: "which Microsoft 365 sku" is "which <name> sku".
        low = self.low
        for start, end in self.name_spans:
            low = low[:start] + "x" * (end - start) + low[end:]
        for gp in lx.GROUP_PATTERNS:
            for m in gp.pattern.finditer(low):
                noun = next((n for n in re.finditer(lx.GROUP_NOUNS[gp.dimension], m[0]) if n.end() == len(m[0])
                             or n.start() == 0), None)
                word = (noun[0] if noun else m[0]).split()[-1]  # the head noun: "category" of "expense category"
                end = m.start() + (noun.end() if noun else len(m[0]))
                if _overlaps((end - len(word), end), blocked) or lx.NEGATED.search(self.low[:m.start()]):
                    continue
                plural = word.endswith("s") or word in ("people", "staff")
                subject = gp.strength == 1 or m[0].split()[0] in ("which", "what", "whose", "any")
                self.groups.append(_Group(gp.dimension, gp.strength, m.start(), plural, subject))

    def choose_group(self) -> _Group | None:
        if not self.groups:
            return None
        # "Monthly license waste by client": a grouping the figure cannot take is not a rival reading.
        metric = self.p.metric
        usable = [g for g in self.groups if metric is None or g.dimension in METRICS[metric].groupings]
        best = sorted(usable or self.groups, key=lambda g: (-g.strength, g.start))
        other = {g.dimension for g in best if g.dimension != best[0].dimension and g.strength == best[0].strength}
        if other:
            self.p.doubt(f"grouped by {_NOUN_LABELS[best[0].dimension]}; the question also says "
                         f"{_or(sorted(_NOUN_LABELS[d] for d in other))}, and only one grouping is "
                         "possible at a time")
        return best[0]

    def who_group(self, metric: str | None) -> _Group | None:
        blocked = self.metric_spans + self.name_spans
        who = next((m for m in lx.WHO.finditer(self.low) if not _overlaps((m.start(), m.end()), blocked)), None)
        if who is None or metric is None:
            return None
        groupings = METRICS[metric].groupings
        dimension = "staff" if "staff" in groupings else lx.WHO_IS.get(metric) or (
            "client" if "client" in groupings else None)
        return _Group(dimension, 1, who.start(), False, True) if dimension else None

    def read_ranking(self, metric: str | None, group: _Group | None) -> None:
        if metric is None:
            return
        asks_one = group is not None and group.subject
        blocked = self.period_spans + self.name_spans + [
            m.span() for m in lx.NOT_RANKING.finditer(self.low) if not (asks_one and lx.SHARE_OF.fullmatch(m[0]))]

        def free(pattern: re.Pattern[str]) -> list[re.Match[str]]:
            return [m for m in pattern.finditer(self.low) if not _overlaps((m.start(), m.end()), blocked)]

        good = METRICS[metric].higher_is_better is not False
        hint = next((h.phrase for h in self.hits if h.phrase.order and metric in h.phrase.weights), None)
        words = sorted([(m.start(), "desc") for m in free(lx.DESC_WORDS)]
                       + [(m.start(), "asc") for m in free(lx.ASC_WORDS)]
                       + [(m.start(), "desc" if good else "asc") for m in free(lx.GOOD_WORDS)]
                       + [(m.start(), "asc" if good else "desc") for m in free(lx.BAD_WORDS)])
        order = words[0][1] if words else None
        magnitude = free(lx.MAGNITUDE_WORDS)
        if hint is not None and magnitude and words and words[0][0] == magnitude[0].start():
            flip = {"asc": "desc", "desc": "asc"}
            order = hint.order if order == "desc" else flip[hint.order]
        superlative = order is not None
        if order is None and hint is not None and hint.ranks:
            order = hint.order
        if free(lx.RANK_VERBS):
            order = order or "desc"
        # An order said outright ("worst first", "smallest to largest") lists them all in it: no limit.
        explicit = sorted([(m.start(), "asc") for m in free(lx.EXPLICIT_ASC)]
                          + [(m.start(), "desc") for m in free(lx.EXPLICIT_DESC)]
                          + [(m.start(), "desc" if good else "asc") for m in free(lx.EXPLICIT_GOOD)]
                          + [(m.start(), "asc" if good else "desc") for m in free(lx.EXPLICIT_BAD)])
        if explicit:
            order, superlative = explicit[0][1], False
        limit = None
        top_n = free(lx.TOP_N)
        if top_n:
            found = top_n[0]
            limit = _number(found["n"] or found["m"])
            if order is None:
                order = "asc" if re.match(r"bottom|lowest|smallest", found[0]) else "desc"
        elif order is not None and free(lx.ONE_ONLY):
            limit = 1
        elif superlative and free(lx.N_NOUN):
            limit = _number(free(lx.N_NOUN)[0]["n"])
        elif superlative and group is not None and self._one_asked(group):
            limit = 1
        self.p.order, self.p.limit = order, limit

    def _one_asked(self, group: _Group) -> bool:
        """"Who was our smallest client by revenue", "which vendor ... the most": one of them is the
        answer when any phrase of the grouping names a single subject, or "who" asks with no plural."""
        same = [g for g in self.groups if g.dimension == group.dimension] or [group]
        if any(g.plural for g in same if g.subject):
            return False
        return any(g.subject for g in same) or bool(lx.WHO.search(self.low))

    # ----------------------------------------------------------------------------- comparison, status, names

    def read_compare(self) -> None:
        blocked = self.metric_spans + self.name_spans + self.period_spans
        name_starts = {start for start, _ in self.name_spans}
        strong = [m for m in lx.COMPARE.finditer(self.low) if not _overlaps((m.start(), m.end()), blocked)
                  and not (lx.VERSUS.fullmatch(m[0]) and _next_word_start(self.low, m.end()) in name_starts)]
        # "Did Jane bill more hours in September than in August": a comparative inside the metric words.
        strong += [m for m in lx.COMPARATIVE.finditer(self.low)
                   if not _overlaps((m.start(), m.end()), self.name_spans + self.period_spans)]
        weak = [m for m in lx.COMPARE_WEAK.finditer(self.low) if not _overlaps((m.start(), m.end()), blocked)]
        dimensions = [m.dimension for m in self.p.name_matches]
        names_compared = len(dimensions) > len(set(dimensions))  # "compare Acme and Brightside"
        self.p.compare = bool(strong) or (bool(weak) and bool(self.periods) and not names_compared)

    def read_status(self) -> None:
        if self.p.metric != "client_count":
            return
        found = sorted((m.start(), status) for status, pattern in lx.CLIENT_STATUS_WORDS.items()
                       for m in pattern.finditer(self.low))
        if found and found[0][1] != "active":  # active is what client_count counts by default
            self.p.status_filter = found[0][1]

    def read_filters(self) -> None:
        metric = self.p.metric
        allowed = METRICS[metric].filters if metric else None
        filters: dict[str, list[NameMatch]] = {}
        kept = []
        for match in self.p.name_matches:
            options = [c for c in match.candidates if allowed is None or c[0] in allowed]
            if not options:
                # A name said only in the context ("Luis thinks it's creeping up - what did we pay
                # Upwork?") need not fit the figure: it is not the question's filter.
                if match.score < 0.99 or match.dimension == "category" or self._plain(match) \
                        or match.span[0] < self.start:
                    self.p.doubt(f"'{match.text}' looked like {match.name}, but {metric_label(metric)} "
                                 f"cannot be filtered by {_NOUN_LABELS[match.dimension]}: ignored")
                    continue
                options = [match.candidates[0]]
            dimension, name = options[0]
            if (dimension, name) != (match.dimension, match.name):
                match = replace(match, dimension=dimension, name=name)
            kept.append(match)
            filters.setdefault(dimension, []).append(match)
            self._describe_name(match)
        self.p.name_matches = kept
        for dimension, matches in filters.items():
            distinct = list(dict.fromkeys(m.name for m in matches))
            if len(distinct) == 1:
                self.p.filters[dimension] = distinct[0]
                continue
            self.p.doubt(f"{_or(distinct)} were all named: showing every "
                         f"{_NOUN_LABELS[dimension]} instead of one")
            if self.p.group_by is None:
                self.p.group_by = dimension

    def _describe_name(self, match: NameMatch) -> None:
        if match.alternatives:
            self.p.doubt(f"'{match.text}' could be {_or([match.name, *match.alternatives])}; "
                         f"read as {match.name}", "name")
        elif match.how == "typo":
            self.p.doubt(f"'{match.text}' matched {match.name} with a typo", "name")
        elif match.how == "family":
            self.p.doubt(f"'{match.text}' starts the names of several products: read as "
                         f"{_NOUN_LABELS[match.dimension]} {match.name}, whose names they all start with", "name")
        elif match.how == "initials":
            self.p.doubt(f"'{match.text}' read as the initials of {match.name}", "name")
        elif match.how == "partial" and match.score < 0.99:
            self.p.doubt(f"'{match.text}' read as {match.name} (part of the name, and an "
                         "ordinary word too)", "name")

    # ----------------------------------------------------------------------------- periods

    def year_earlier(self) -> None:
        """"Travel $ YTD vs this time last yr": the same stretch a year earlier is what the period
        named is compared with, not a period of its own. The comparison is with the period just
        before, which is that stretch for a year or a year to date; for a month or a quarter it is
        not, and the reading says so."""
        said = [m.span() for m in lx.YEAR_EARLIER.finditer(self.low)]
        inside = [m for m in self.periods if _overlaps(m.span, said)]
        others = [m for m in self.periods if m not in inside]
        if not inside or not others:
            return
        self.periods = others
        self.p.compare = True
        chosen = max(others, key=lambda m: m.period.start).period
        before = previous(chosen)
        if (before.start.year + 1, before.start.month, before.start.day) != \
                (chosen.start.year, chosen.start.month, chosen.start.day):
            self.p.doubt(f"compared {chosen.label} with the period just before it, {before.label}, not with "
                         "the same period a year earlier")

    def split_compared_range(self) -> None:
        """"How did labor cost change from Q1 to Q2": two periods compared, not one range."""
        if not self.p.compare or len(self.periods) != 1 or not lx.RANGE_TEXT.search(self.periods[0].text):
            return
        match = self.periods[0]
        parts = lx.RANGE_TEXT.sub(" vs ", match.text)
        try:
            found = find_all_periods(parts, self.as_of, self.date_order)
        except ValueError:
            return
        if len(found) == 2:
            offset = match.span[0]
            self.periods = [replace(m, span=(offset, offset + len(match.text)), text=match.text) for m in found]

    def compared_with_only(self) -> None:
        """"Revenue vs last year": the named period is the one compared with; read the one after it."""
        if not self.p.compare or len(self.periods) != 1:
            return
        match = self.periods[0]
        if not lx.VERSUS_BEFORE.search(self.low[:match.span[0]]):
            return
        following = _following(match.period)
        if following is not None:
            note = f"'{match.text}' is what the question compares with: read as {following.label} against it"
            self.periods = [replace(match, period=following, ambiguous=True, note=note)]

    def consecutive_reading(self) -> None:
        """"Q1 vs Q4 last year": the year said once is shared by the list, which puts the two
        quarters a year apart, while "Q1" read alone is the latest Q1, right after Q4 2025. A
        comparison is always with the period just before, so take the reading that makes the two
        periods neighbours, and say so."""
        if not self.p.compare or len(self.periods) != 2 or _neighbours(*(m.period for m in self.periods)):
            return
        for i, match in enumerate(self.periods):
            other = self.periods[1 - i].period
            alone = find_all_periods(f"in {match.text}", self.as_of, self.date_order)  # "in": "jan" alone is no date
            if len(alone) == 1 and _neighbours(alone[0].period, other):
                note = f"'{match.text}' read as {alone[0].period.label}, next to {other.label} it is compared with"
                self.periods[i] = replace(match, period=alone[0].period, ambiguous=True, note=note)
                return

    def choose_period(self) -> None:
        if self.p.metric in lx.BALANCE_METRICS:  # "what's past due today": the balance now, no period
            self.periods = [m for m in self.periods if not m.period.start == m.period.end == self.as_of]
        if not self.periods:
            return
        joined = None if self.p.compare else periods.joined_list(self.periods, self.text)
        if joined is not None:  # "for September and October": one stretch
            self.periods = [joined]
        chosen = self.periods[0]
        notes = [chosen.note] if chosen.note else []
        ambiguous = chosen.ambiguous
        if len(self.periods) > 1:
            if self.p.compare:
                chosen = max(self.periods, key=lambda m: m.period.start)
                others = [m for m in self.periods if m is not chosen]
                notes = [m.note for m in self.periods if m.note]
                before = previous(chosen.period)
                others = [m for m in others if m.period not in (before, chosen.period)]  # "vs the previous month"
                # Each period's own assumption ("'August' read as August 2026") stays one; only a
                # period the comparison cannot use makes the reading doubtful.
                ambiguous = any(m.ambiguous for m in self.periods) or bool(others)
                if others:
                    notes.append(f"compared {chosen.period.label} with the period just before it, {before.label}, "
                                 f"not with {_or([m.period.label for m in others])}")
            else:
                ambiguous = True
                notes.append(f"several periods named ({_or([repr(m.text) for m in self.periods])}); "
                             f"used {chosen.period.label}")
        if self.p.metric == "client_count":
            notes.append(f"the client count is today's count by status; '{chosen.text}' is not used")
            self.p.period, ambiguous = None, True
        else:
            self.p.period = chosen.period
        note = "; ".join(dict.fromkeys(notes)) or None
        self.p.period_match = replace(chosen, note=note, ambiguous=ambiguous)
        for note in dict.fromkeys(notes):
            self.p.doubt(note, "period")

    # ----------------------------------------------------------------------------- shape

    def settle_shape(self, group: _Group | None) -> None:
        """Make the reading computable: a ranking needs a grouping, a time grouping needs dated rows."""
        metric = self.p.metric
        if metric is None:
            return
        groupings = METRICS[metric].groupings
        if group is not None and self.p.group_by is None:
            self.p.group_by = group.dimension
        dim = self.p.group_by
        if dim in ("month", "quarter") and dim not in groupings:
            if dim == "month" and metric in lx.MONTHLY_FIGURES and lx.MONTHLY_UNIT.search(self.low):
                # "What are we wasting per month": the figure's own unit, not a breakdown.
                self.p.doubt(f"{metric_label(metric)} is a monthly figure (it is not dated by month): "
                             "the figure per month, not grouped by month", "stated")
            else:
                self.p.doubt(f"{metric_label(metric)} is not dated by {dim}: not grouped by {dim}")
            self.p.group_by = None
        if self.p.group_by is None and (self.p.limit is not None or (self.p.order and group is None and self._ranks())):
            if "client" in groupings:
                self.p.group_by = "client"
                self.p.doubt("a ranking without a grouping: ranked by client")
        if self.p.group_by is None and self.p.order:
            # A total shown for "which is the biggest" answers another question: never final.
            self.p.doubt("a superlative with nothing to rank: read as the total", "ranking")
        if self.p.group_by is None:
            self.p.order, self.p.limit = None, None
        if self.p.compare and self.p.period is None:
            self.p.doubt("a comparison needs a period, and none was given")

    def _ranks(self) -> bool:
        return bool(lx.TOP_N.search(self.low) or lx.RANK_VERBS.search(self.low))

    # ----------------------------------------------------------------------------- what was not understood

    def find_unexplained(self) -> None:
        """List the content words of the question proper that nothing placed. A number, a word right
        after a grouping, period or ranking word ("by mnth", "last 6 mo", "the most unsed") or right
        before the metric words ("deferred revenue") may have changed the reading: a doubt too, and so
        is a period word left unread ("the quarter b4 last")."""
        tokens = [t for t in _TOKEN.finditer(self.low) if t.start() >= self.start]
        self._place_settled_words()
        for token in self._unplaced(self.start, len(self.low)):
            word = token[0]
            self.p.unexplained.append(self.text[token.start():token.end()])
            before = next((t for t in reversed(tokens) if t.end() <= token.start() and t[0] not in lx.ARTICLES), None)
            after = next((t for t in tokens if t.start() >= token.end() and t[0] not in lx.ARTICLES), None)
            beside = self._placed_as(before.span()) if before is not None else set()
            if after is not None:
                beside |= self._placed_as(after.span())
            lead_in = next((kind for kind, pattern in lx.LEAD_INS.items()
                            if before is not None and pattern.fullmatch(before[0])), None)
            if lx.PERIOD_LIKE.fullmatch(word):
                # A period word left unread must never pass as "all data" unremarked.
                read_as = f"read as {self.p.period.label}" if self.p.period else "the figure covers all the data"
                self.p.doubt(f"'{word}' looks like part of a period I could not read: {read_as}")
            elif word[0].isdigit():
                self.p.doubt(f"the number '{word}' was not understood: a limit or threshold may be ignored")
            elif before is not None and lead_in is not None:
                self.p.doubt(f"'{word}' after '{before[0]}' was not understood: the {lead_in} may be misread")
            elif after is not None and "metric" in self._placed_as(after.span()):
                self.p.doubt(f"'{word}' before '{after[0]}' was not understood: the figure may be misread")
            elif "comparison" in beside:
                # "where did we land vs budget", "over on hardware vs plan": what is compared may be another figure.
                self.p.doubt(f"'{word}' beside a comparison was not understood: what is compared may be misread")
            elif after is not None and after[0] == "of":
                # "what fraction of", "the bulk of": a part or a rate of the figure, not the figure itself.
                self.p.doubt(f"'{word} of' was not understood: the figure may be a part or a rate of what was read")
            elif (near := _near_key_word(word)) is not None:
                # "inactve", "prospct": a misspelt key word left unread silently drops a filter or a figure.
                self.p.doubt(f"'{word}' looks like '{near}', which the reading did not apply: the answer may miss it")
        self._doubt_guessed_figure()
        self._doubt_unread_clauses()

    def _doubt_guessed_figure(self) -> None:
        """A figure guessed from question words alone ("how much" beside a category) while a content word
        stays unplaced: that word ("plan", "shelfware") is likely the figure asked, so the guess is a doubt."""
        top = self.p.metric_candidates[0] if self.p.metric_candidates else None
        if top is None or top.score >= 1.0 or self.p.is_follow_up or not self.p.unexplained or not all(
                word in lx.GENERIC_WORDS for phrase in top.evidence for word in phrase.split()):
            return
        self.p.doubt(f"the figure was guessed from {_or([repr(w) for w in top.evidence])}; "
                     f"{_or([repr(w) for w in self.p.unexplained])} may name the figure asked")

    def _doubt_unread_clauses(self) -> None:
        """A clause of the question proper with no word the reading placed ("..., just the winner",
        "- in dollars") is an instruction the answer ignores, however few its words."""
        bounds = [self.start] + [m.end() for m in lx.CLAUSE_END.finditer(self.low, self.start)] + [len(self.low)]
        for start, end in zip(bounds, bounds[1:]):
            unplaced = self._unplaced(start, end)
            if unplaced and not any(self._placed_as(t.span()) for t in _TOKEN.finditer(self.low, start, end)):
                said = self.text[start:end].strip(" -–—,.;:!?")
                self.p.doubt(f"'{said}' was not understood: it may change the answer")

    def doubt_joined_figures(self) -> None:
        """"What did we clear after labor and licenses", "labor plus license cost": two figures named
        side by side may both be asked for (a sum, a difference), and the answer shows only one."""
        top = self.p.metric
        if top is None:
            return
        own = [h for h in self.hits if top in h.phrase.weights]
        for other in self.hits:
            if top in other.phrase.weights:
                continue
            joined = next((h for h in own if lx.FIGURE_JOINER.fullmatch(
                self.low[min(h.span[1], other.span[1]):max(h.span[0], other.span[0])])), None)
            if joined is not None:
                rival = _ranked(dict(other.phrase.weights))[0]
                self.p.doubt(f"'{joined.text}' and '{other.text}' name two figures ({metric_label(top)}, "
                             f"{metric_label(rival)}): the answer shows only {metric_label(top)}", "figure")
                return

    def doubt_shadowed_figure(self) -> None:
        """"What was our budget variance": a longer phrase for one figure ("what was our budget") took
        part of words that outright name another ("budget variance"), which reach past it: two readings
        of the figure asked. A phrase wholly inside a longer one ("utilization" of "license
        utilization") is refined by it, not a rival."""
        top = self.p.metric
        if top is None:
            return
        related = {top, lx.PERCENT_FORMS.get(top)} | {base for base, pct in lx.PERCENT_FORMS.items() if pct == top}
        for hit in self.shadowed:
            named = [m for m, weight in hit.phrase.weights.items() if weight >= lx.DEFINITE and m not in related]
            rivals = [h for h in self.hits if top in h.phrase.weights and _overlaps(hit.span, [h.span])]
            if named and rivals and not _inside(hit.span, self.metric_spans):
                self.p.doubt(f"'{hit.text}' names {metric_label(named[0])}, but longer words around it were "
                             f"read as {metric_label(top)}", "reading")
                return

    def _place_settled_words(self) -> None:
        """Words the settled reading explains: the nouns of the grouping used ("the techs" of
        "billable % for the techs, per person") and the unit of a monthly figure ("a month")."""
        if self.p.group_by in lx.GROUP_NOUNS:
            noun = re.compile(rf"\b(?:{lx.GROUP_NOUNS[self.p.group_by]})\b")
            self.placed += [(m.span(), "grouping") for m in noun.finditer(self.low)]
        if self.p.metric in lx.MONTHLY_FIGURES:
            self.placed += [(m.span(), "cue") for m in lx.MONTHLY_UNIT.finditer(self.low)]

    def _placed_as(self, span: Span) -> set[str]:
        return {kind for placed, kind in self.placed if _overlaps(span, [placed])}


def _near_key_word(word: str) -> str | None:
    """The parser key word `word` looks misspelt from, if any (words of five letters or more only:
    shorter ones are close to everything)."""
    if len(word) < 5 or not word.isalpha():
        return None
    close = difflib.get_close_matches(word, lx.KEY_WORDS, n=1, cutoff=0.8)
    # "burned"/"burn": one inside the other is another word; "bleeding"/"leading": typos seldom
    # change the first letter.
    return close[0] if close and close[0][0] == word[0] and close[0] not in word and word not in close[0] else None


def _neighbours(a: Period, b: Period) -> bool:
    return previous(a) == b or previous(b) == a


def _following(p: Period) -> Period | None:
    """The calendar month, quarter or year after p (None for other ranges)."""
    after = p.end + timedelta(days=1)
    if p.kind == "month":
        return periods.month(after.year, after.month)
    if p.kind == "quarter":
        return periods.quarter(after.year, (after.month - 1) // 3 + 1)
    if p.kind == "year":
        return periods.year(after.year)
    return None


_WORD_CHAR = re.compile(r"\w")


def _next_word_start(text: str, pos: int) -> int:
    found = _WORD_CHAR.search(text, pos)
    return found.start() if found else len(text)


def _ranked(raw: dict[str, float]) -> list[str]:
    return sorted(raw, key=lambda m: (-raw[m], METRICS[m].precedence))


def _number(word: str) -> int:
    return int(word) if word.isdigit() else lx.NUMBER_WORDS[word]


def _follow_up(parse: RuleParse, reader: _Reader, context: Intent) -> None:
    """Start from the previous question's intent and replace only what the follow-up says."""
    metric = parse.metric or context.metric
    allowed = METRICS[metric].filters
    filters = {d: v for d, v in context.filters.items() if d in allowed or (d == "status" and metric == "client_count")}
    if len(filters) < len(context.filters):
        parse.doubt(f"filters of the previous question that do not apply to {metric_label(metric)} "
                    "were dropped")
    filters.update(parse.filters)
    if parse.period_match is None:
        parse.period = None if lx.ALL_TIME.search(reader.low) else context.period
    own_group = parse.group_by
    if own_group is None and not lx.NO_GROUPING.search(reader.low):
        parse.group_by = context.group_by
    if parse.group_by is not None and parse.order is None and parse.limit is None:
        parse.order, parse.limit = context.order, context.limit  # "how about by tech" keeps "the highest"
    if parse.group_by in parse.filters and own_group is None:  # "what about Acme?" after "which client ..."
        parse.group_by, parse.order, parse.limit = None, None, None
    if own_group is None and parse.group_by is not None and parse.group_by not in METRICS[metric].groupings:
        parse.doubt(f"{metric_label(metric)} cannot be grouped by {parse.group_by} like the previous "
                    "question: not grouped")
        parse.group_by, parse.order, parse.limit = None, None, None
    parse.filters = filters
    parse.compare = parse.compare or (context.compare and parse.period is not None)
    parse.is_follow_up = True


def parse(question: str, *, as_of: date, names: Mapping[str, Sequence[str]], date_order: str = "MDY",
          context: Intent | None = None) -> RuleParse:
    """Read `question` as of `as_of` against the stored `names` (dimension -> names).

    `context` is the previous question's intent in the same thread: a follow-up ("and last
    quarter?", "what about Acme?") copies it and replaces what it names.
    """
    if not isinstance(question, str):
        raise TypeError(f"question must be a string, got {type(question).__name__}")
    if not isinstance(as_of, date):
        raise TypeError(f"as_of must be a datetime.date, got {as_of!r}")
    if context is not None and not isinstance(context, Intent):
        raise TypeError(f"context must be an Intent or None, got {type(context).__name__}")
    protected = name_words(names)
    text, fixes = _fix_spelling(_spell_out(question.strip(), protected), protected)
    result = RuleParse(question=question, text=text, doubts=[Doubt(fix) for fix in fixes])
    if not text:
        result.out_of_scope = "The question is empty."
        return result
    reader = _Reader(result, as_of, date_order, names)
    if not reader.read_periods():
        return result
    reader.read_names_and_metrics()
    reader.set_context_aside()
    if reader.off_topic():
        return result
    reader.score_metrics()
    reader.check_scope()
    if result.out_of_scope:
        return result
    reader.read_groups()
    group = reader.choose_group()
    follow_up = context is not None and reader.is_follow_up()
    if follow_up and context is not None and not result.metric_candidates:
        result.metric_candidates = [MetricCandidate(context.metric, 1.0, ("the previous question",))]
    if group is None:
        group = reader.who_group(result.metric)
    reader.prefer_compatible(group)
    reader.read_ranking(result.metric, group)
    reader.read_compare()
    reader.year_earlier()
    reader.split_compared_range()
    reader.compared_with_only()
    reader.consecutive_reading()
    reader.read_status()
    reader.choose_period()
    if group is not None and group.dimension in GROUPINGS:
        result.group_by = group.dimension
    reader.read_filters()
    if follow_up and context is not None:
        _follow_up(result, reader, context)
    reader.settle_shape(None if follow_up else group)
    reader.find_unexplained()
    reader.doubt_joined_figures()
    reader.doubt_shadowed_figure()
    if result.status_filter:
        result.filters["status"] = result.status_filter
    _explain_metric(result)
    return result


def _explain_metric(parse: RuleParse) -> None:
    candidates = parse.metric_candidates
    if not candidates:
        return
    top = candidates[0]
    rivals = [c for c in candidates[1:] if c.score >= 0.8 * top.score]
    if rivals:
        words = _or([repr(w) for w in dict.fromkeys(top.evidence + tuple(w for c in rivals for w in c.evidence))])
        parse.doubt(f"{words} could mean {_or([metric_label(c.metric) for c in [top, *rivals]])}", "metric")
    elif top.score < lx.LIKELY / lx.DEFINITE and not parse.is_follow_up:
        parse.doubt(f"only {_or([repr(w) for w in top.evidence])} hints at {metric_label(top.metric)}")
    if parse.period is None and parse.period_match is None and parse.metric != "client_count":
        parse.doubt("no period given: all data", "stated")


__all__ = ["Doubt", "MetricCandidate", "RuleParse", "parse"]
