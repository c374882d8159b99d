"""The digest: what an MSP owner wants to see every Monday, built from the engine's numbers.

Every figure comes from the engine's `query` (the one that answers questions), so a number in
the digest is the number a user gets when they ask for it; this module only picks the questions,
filters the returned rows against thresholds and words the result. Each section keeps the figures
it used next to its lines, so the Slack rendering (bot/messages/digest.py) and `--json` readers
never have to parse text.

The period is the last full calendar month before the as-of date: a digest sent on the 3rd must
not compare three days of this month with a whole previous month.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Protocol

from core.errors import UserError
from core.engine import periods
from core.engine.catalog import Catalog
from core.governance.audit import as_utc
from core.engine.formatting import format_value
from core.engine.intent import Intent, Result, ResultRow
from core.engine.periods import Period
from core.engine.query import QueryError
from core.governance.policy import Policy
from core.governance.reviews import Review


class DigestSource(Protocol):
    """What a digest reads (core.service.Service is one): the numbers, the data, pending reviews."""

    @property
    def policy(self) -> Policy: ...

    def query(self, intent: Intent, as_of: date | None = None) -> Result: ...

    def catalog(self) -> Catalog: ...

    def pending_reviews(self) -> list[Review]: ...

SECTION_TITLES: dict[str, str] = {
    "profitability": "Revenue and margin",
    "clients": "Lowest-margin clients",
    "licenses": "License waste",
    "utilization": "Staff utilization",
    "budget": "Budget overruns",
    "reviews": "Pending reviews",
    "freshness": "Data freshness",
}
SECTIONS: tuple[str, ...] = tuple(SECTION_TITLES)
RANKED = 3  # how many clients / offenders a ranking shows


class DigestError(UserError, ValueError):
    """A digest asked for with bad options (unknown section); the message lists the valid ones."""


@dataclass(frozen=True)
class Thresholds:
    """Utilization targets: above `over_pct` is overbooked, below `under_pct` has too little work."""

    over_pct: float = 100.0
    under_pct: float = 60.0


@dataclass(frozen=True)
class Figure:
    """One number shown, exactly as the engine returned it, with the query that produced it."""

    label: str
    value: float | int | None
    unit: str
    previous: float | int | None = None
    change: float | int | None = None
    change_pct: float | None = None
    query: dict | None = None  # Intent.to_json(); None for counts that are not metrics (pending reviews)


@dataclass
class Section:
    key: str
    title: str
    lines: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Digest:
    as_of: date
    period: Period
    sections: list[Section]
    # True when nothing has been uploaded yet: the digest is one line saying so.
    empty: bool = False

    @property
    def title(self) -> str:
        if self.empty:
            return f"MoatMetrics digest (as of {self.as_of})"
        return f"MoatMetrics digest: {self.period.label} (as of {self.as_of})"

    def to_text(self) -> str:
        parts = [self.title]
        for section in self.sections:
            parts.append("")
            parts.append(section.title)
            parts += [f"  - {line}" for line in section.lines]
        return "\n".join(parts) + "\n"

    def to_json(self) -> dict:
        return {"title": self.title, "as_of": self.as_of.isoformat(), "period": self.period.to_json(),
                "period_label": self.period.label, "empty": self.empty,
                "sections": [{"key": s.key, "title": s.title, "lines": list(s.lines),
                              "figures": [asdict(f) for f in s.figures]} for s in self.sections]}


def last_full_month(as_of: date) -> Period:
    first = as_of.replace(day=1)
    previous_month_day = date.fromordinal(first.toordinal() - 1)
    return periods.month(previous_month_day.year, previous_month_day.month)


def check_sections(sections: Iterable[str] | None) -> tuple[str, ...]:
    """The sections asked for in digest order; None or empty means all of them."""
    wanted = tuple(dict.fromkeys(sections or ()))
    unknown = [s for s in wanted if s not in SECTION_TITLES]
    if unknown:
        raise DigestError(f"unknown digest section(s) {', '.join(unknown)}; sections: {', '.join(SECTIONS)}")
    return tuple(s for s in SECTIONS if s in wanted) if wanted else SECTIONS


def build_digest(source: DigestSource, *, as_of: date, sections: Iterable[str] | None = None,
                 thresholds: Thresholds | None = None) -> Digest:
    """The digest for `as_of` with the asked sections (all by default)."""
    chosen = check_sections(sections)
    period = last_full_month(as_of)
    known = source.catalog()
    if all(stats.rows == 0 for stats in known.entities.values()):
        note = Section("no_data", "No data yet", ["Nothing has been uploaded yet: share a CSV or Excel export "
                                                   "(clients, invoices, time entries, licenses, ...) with the bot."])
        return Digest(as_of, period, [note], empty=True)
    builder = _Builder(source, as_of, period, thresholds or Thresholds())
    return Digest(as_of, period, [builder.section(key) for key in chosen])


def _signed_pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+,.1f}%"


class _Builder:
    def __init__(self, source: DigestSource, as_of: date, period: Period, thresholds: Thresholds) -> None:
        self.source = source
        self.as_of = as_of
        self.period = period
        self.thresholds = thresholds

    def query(self, metric: str, **options: object) -> tuple[Intent, Result]:
        intent = Intent(metric=metric, period=self.period, **options)
        return intent, self.source.query(intent, as_of=self.as_of)

    def section(self, key: str) -> Section:
        section = Section(key, SECTION_TITLES[key])
        build: Callable[[Section], None] = getattr(self, f"_{key}")
        try:
            build(section)
        except QueryError as exc:  # one section the engine cannot answer must not sink the digest
            section.lines.append(f"could not be computed: {exc}")
        return section

    def _row_figures(self, section: Section, intent: Intent, rows: Sequence[ResultRow], unit: str) -> None:
        section.figures += [Figure(row.label, row.value, unit, query=intent.to_json()) for row in rows]

    def _listing(self, rows: Sequence[ResultRow], unit: str) -> str:
        return ", ".join(f"{row.label} {format_value(row.value, unit)}" for row in rows)

    # --- sections ---------------------------------------------------------------------------
    def _profitability(self, section: Section) -> None:
        label = self.period.label
        for metric, name in (("revenue", "Revenue"), ("margin_pct", "Margin")):
            intent, result = self.query(metric, compare=True)
            section.figures.append(Figure(name.lower(), result.value, result.unit, previous=result.previous_value,
                                          change=result.change, change_pct=result.change_pct,
                                          query=intent.to_json()))
            before = result.previous_period.label if result.previous_period else "previous period"
            if metric == "margin_pct":
                change = "n/a" if result.change is None else f"{result.change:+,.1f} pts"
            else:
                change = _signed_pct(result.change_pct)
            line = (f"{name} {label}: {format_value(result.value, result.unit)} "
                    f"({before}: {format_value(result.previous_value, result.unit)}, {change})")
            if result.facts.undefined and result.value is None:
                line += f"; {result.facts.undefined}"
            section.lines.append(line)

    def _clients(self, section: Section) -> None:
        intent, result = self.query("margin_pct", group_by="client", order="asc", limit=RANKED)
        self._row_figures(section, intent, result.rows, result.unit)
        if not result.rows:
            section.lines.append(f"No client revenue or costs in {self.period.label}.")
        for row in result.rows:
            why = " (no revenue)" if row.value is None else ""
            section.lines.append(f"{row.label}: {format_value(row.value, result.unit)}{why}")

    def _licenses(self, section: Section) -> None:
        intent, total = self.query("license_waste")
        section.figures.append(Figure("license waste (monthly)", total.value, total.unit, query=intent.to_json()))
        if not total.value:
            section.lines.append(f"No unused paid seats in {self.period.label}.")
            return
        section.lines.append(f"Unused seats cost {format_value(total.value, total.unit)} a month.")
        for dimension in ("client", "product"):
            intent, ranked = self.query("license_waste", group_by=dimension, order="desc", limit=RANKED)
            offenders = [row for row in ranked.rows if row.value]
            self._row_figures(section, intent, offenders, ranked.unit)
            if offenders:
                section.lines.append(f"Biggest by {dimension}: {self._listing(offenders, ranked.unit)}")

    def _utilization(self, section: Section) -> None:
        intent, result = self.query("utilization_pct", group_by="staff")
        limits = self.thresholds
        over = sorted((r for r in result.rows if r.value is not None and r.value > limits.over_pct),
                      key=lambda r: -r.value)
        under = sorted((r for r in result.rows if r.value is not None and r.value < limits.under_pct),
                       key=lambda r: r.value)
        self._row_figures(section, intent, over + under, result.unit)
        if over:
            section.lines.append(f"Over {limits.over_pct:g}%: {self._listing(over, result.unit)}")
        if under:
            section.lines.append(f"Under {limits.under_pct:g}%: {self._listing(under, result.unit)}")
        if not over and not under:
            section.lines.append(f"Everyone was between {limits.under_pct:g}% and {limits.over_pct:g}% "
                                 f"in {self.period.label}." if result.rows
                                 else f"No time entries in {self.period.label}.")

    def _budget(self, section: Section) -> None:
        intent, result = self.query("budget_variance", group_by="category", order="desc")
        over = [row for row in result.rows if row.value is not None and row.value > 0]
        self._row_figures(section, intent, over, result.unit)
        if not over:
            section.lines.append(f"No category spent more than its budget in {self.period.label}.")
            return
        pct_intent, pct = self.query("budget_variance_pct", group_by="category")
        pct_by_label = {row.label: row for row in pct.rows}
        for row in over:
            share = pct_by_label.get(row.label)
            extra = ""
            if share is not None and share.value is not None:  # undefined when the category had no budget
                section.figures.append(Figure(row.label, share.value, pct.unit, query=pct_intent.to_json()))
                extra = f" ({_signed_pct(share.value)})"
            section.lines.append(f"{row.label}: {format_value(row.value, result.unit)} over budget{extra}")

    def _reviews(self, section: Section) -> None:
        pending = self.source.pending_reviews()
        section.figures.append(Figure("pending reviews", len(pending), "count"))
        if not pending:
            section.lines.append("No answers are waiting for review.")
            return
        oldest = min(pending, key=lambda review: as_utc(review.created_at))
        noun = "answer is" if len(pending) == 1 else "answers are"
        section.lines.append(f"{len(pending)} {noun} waiting for review; the oldest, since "
                             f"{as_utc(oldest.created_at):%Y-%m-%d}, asks: \"{oldest.question}\"")

    def _freshness(self, section: Section) -> None:
        limit = self.source.policy.digest.stale_after_days
        stale = []
        for entity, stats in self.source.catalog().entities.items():
            if stats.rows == 0 or stats.latest_snapshot is None:
                continue
            updated = as_utc(stats.latest_snapshot).date()
            age = (self.as_of - updated).days
            if age > limit:
                stale.append(f"{entity.replace('_', ' ')} (last upload {updated}, {age} days ago)")
        if stale:
            section.lines.append(f"Not updated for more than {limit} days: {'; '.join(stale)}")
        else:
            section.lines.append(f"Every data set was updated within the last {limit} days.")
