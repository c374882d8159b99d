"""What the question reader produces (`RuleParse`) and the working state its steps share (`Reading`).

Each step of the pipeline (pipeline.py) reads the question's text and what earlier steps found,
and fills in part of the `RuleParse`. The reader's second duty is to be honest: every assumption
a step makes (a word that fits several metrics, a name matched with a typo, a quarter without a
year, two periods named) is recorded as a `Doubt`, because the confidence built from these
decides whether a human reviews the answer before anyone relies on it.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from core.engine.intent import Intent
from core.engine.periods import Period
from core.questions import lexicon as lx
from core.questions.names import NameMatch, UnknownName
from core.questions.period_phrases import PeriodMatch

Span = tuple[int, int]
NOUN_LABELS = {"client": "client", "staff": "technician", "vendor": "vendor", "product": "product",
               "category": "category", "month": "month", "quarter": "quarter"}
# A word of the question: a number, or letters possibly joined by an apostrophe, "&", "/" ("AT&T").
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:['’&/][^\W_]+)*")


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
    # The decline is about the form asked of a figure that was read (see Reading.decline_form).
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
class Hit:
    """Words of the question that a metric phrase matched."""

    span: Span
    text: str
    phrase: lx.MetricPhrase


@dataclass(frozen=True)
class Group:
    """Words of the question that ask for a grouping."""

    dimension: str
    strength: int
    start: int
    plural: bool
    subject: bool  # "which client", "the busiest tech": the answer is one of them


class Reading:
    """One question being read: its text, what the steps found so far, and the parse they fill."""

    def __init__(self, parse: RuleParse, *, as_of: date, date_order: str, names: Mapping[str, Sequence[str]],
                 context: Intent | None) -> None:
        self.p = parse
        self.text = parse.text
        self.low = "".join(c.lower() if len(c.lower()) == 1 else c for c in parse.text)
        self.as_of = as_of
        self.date_order = date_order
        self.names = names
        self.context = context  # the previous question's intent in the thread, if any
        self.periods: list[PeriodMatch] = []
        self.hits: list[Hit] = []
        self.unknown_metric: list[tuple[Span, str]] = []
        self.shadowed: list[Hit] = []  # metric phrases inside a longer one, set aside for it
        self.groups: list[Group] = []
        self.group: Group | None = None  # the grouping chosen among `groups` (or implied by "who")
        self.follow_up = False  # the question builds on `context`
        self.start = 0  # where the question proper begins, after any context (scope.set_context_aside)
        # Words the reading placed, kept or not ("as of today" is read, then set aside), by kind.
        self.placed: list[tuple[Span, str]] = [((m.start(), m.end()), kind) for kind, pattern in lx.PLACING_PATTERNS
                                               for m in pattern.finditer(self.low)]

    @property
    def period_spans(self) -> list[Span]:
        return [m.span for m in self.periods]

    @property
    def metric_spans(self) -> list[Span]:
        return [h.span for h in self.hits]

    @property
    def name_spans(self) -> list[Span]:
        return [m.span for m in self.p.name_matches]

    def plain(self, match: NameMatch) -> bool:
        """A name made only of parser words ("software", "travel"): an ordinary word first."""
        return all(w in lx.VOCABULARY for w in re.findall(r"[a-z0-9&']+", match.text.lower()))

    def unplaced(self, start: int, end: int) -> list[re.Match[str]]:
        """The content words between start and end that nothing in the reading placed (a lone
        letter is an initial, "sarah w", or a stray key)."""
        return [t for t in TOKEN.finditer(self.low, start, end)
                if t[0] not in lx.GENERIC_WORDS and not (len(t[0]) == 1 and t[0].isalpha()) and not self.is_placed(t)]

    def is_placed(self, token: re.Match[str]) -> bool:
        """Whether the reading placed a word. The free slots of grouping and ranking phrases ("which
        <word> sku", "the most <word> seats") take any word: an unknown one there is still unknown."""
        kinds = self.placed_as(token.span())
        return bool(kinds - {"grouping", "ranking"}) or (bool(kinds) and (
            token[0] in lx.VOCABULARY or token[0][0].isdigit()))

    def placed_as(self, span: Span) -> set[str]:
        return {kind for placed, kind in self.placed if overlaps(span, [placed])}

    def decline_form(self, why: str) -> None:
        """Decline a question whose figure was read but whose form (an average, a rate per hour, a
        share or count of money, a name left out) the product does not compute. The form words may
        have been misread, so such a decline is less sure than one about the weather."""
        self.p.out_of_scope = why
        self.p.form_declined = True


def overlaps(span: Span, spans: Sequence[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def inside(span: Span, spans: Sequence[Span]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def in_gap(span: Span, outer: Span) -> bool:
    """Strictly inside `outer`, touching neither end: words a gapped phrase skipped over."""
    return outer[0] < span[0] and span[1] < outer[1]


def or_join(words: Sequence[str]) -> str:
    """"a, b or c"."""
    return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else words[0]
