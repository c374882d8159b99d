"""The metric registry: every fact about each SPEC section 3 metric, in one record.

What a metric means (formula, unit, the measures and entities it reads) and how people speak of
it (its label, which way is good, its other forms) live together here, so adding a metric or
changing one is a change to one record. Everything else is derived from these records: the
engine computes `combine` over the measures (core.engine.measures), the question reader takes
directions, forms and precedence from here (core.questions.lexicon), the model's option list is
built from `model_hint` in `precedence` order (core.questions.model_reading), answers say
`label`. The phrases people use for a metric are data too, keyed by its name, in
core/questions/phrases.toml. tests/unit/test_metric_registry.py fails when any of them misses a
metric.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

UNITS = ("money", "percent", "hours", "seats", "count")
TIME_GROUPINGS = ("month", "quarter")
GROUPINGS = ("client", "staff", "vendor", "product", "category", *TIME_GROUPINGS)



@dataclass(frozen=True)
class Measure:
    """An additive sum metrics are made of: the entity whose rows it sums (one query computes all of
    an entity's measures) and the dimensions those rows carry, which is what a metric built on it
    can be grouped and filtered by."""

    name: str
    entity: str
    dims: tuple[str, ...]


_DATED = ("month", "quarter")
MEASURES: dict[str, Measure] = {m.name: m for m in (
    Measure("revenue", "invoices", ("client", *_DATED)),
    Measure("invoice_count", "invoices", ("client", *_DATED)),
    Measure("overdue_amount", "invoices", ("client", *_DATED)),
    Measure("labor_cost", "time_entries", ("client", "staff", *_DATED)),
    Measure("billable_hours", "time_entries", ("client", "staff", *_DATED)),
    Measure("total_hours", "time_entries", ("client", "staff", *_DATED)),
    Measure("capacity_hours", "time_entries", ("staff", *_DATED)),  # everyone with entries or in staff
    Measure("license_cost", "licenses", ("client", "vendor", "product", *_DATED)),
    Measure("seats_used", "licenses", ("client", "vendor", "product")),
    Measure("seats_purchased", "licenses", ("client", "vendor", "product")),
    Measure("unused_seats", "licenses", ("client", "vendor", "product")),
    Measure("license_waste", "licenses", ("client", "vendor", "product")),
    Measure("spend", "expenses", ("client", "vendor", "category", *_DATED)),
    Measure("budget", "budgets", ("client", "category", *_DATED)),
    Measure("client_count", "clients", ()),
)}


@dataclass(frozen=True)
class Outcome:
    """A metric value, or None with the reason it is undefined (never a silent 0)."""

    value: float | None
    undefined: str | None = None


Measures = Mapping[str, float]


@dataclass(frozen=True)
class Metric:
    name: str
    unit: str  # one of UNITS; "money" is shown as the configured currency
    label: str  # how answers and doubts name it
    description: str
    formula: str  # the one-line explanation shown with every answer
    measures: tuple[str, ...]
    combine: Callable[[Measures], Outcome]
    entities: tuple[str, ...]  # tables the metric reads
    # Which way is good: "worst" ranks the other way. None: neither (a budget is not better bigger).
    higher_is_better: bool | None
    # Among readings the words support equally, the lower number wins; the model lists its options
    # in this order too. Explicit, so reordering the records changes nothing.
    precedence: int
    model_hint: str  # what the language model's option list says the metric is
    # A total (sums over rows); False for rates and ratios. An "average" of a total is not computed.
    additive: bool
    # The metric asked in another form: "as a percentage" (profit -> margin), "how many" (revenue ->
    # invoices), "how much money" (unused seats -> license waste), "per hour" (revenue -> effective rate).
    percent_form: str | None = None
    count_form: str | None = None
    money_form: str | None = None
    rate_form: str | None = None
    monthly: bool = False  # an amount per month already: "per month" is its unit, not a breakdown
    balance: bool = False  # a balance at a moment: "today" is that moment, not a day of rows
    who: str | None = None  # whom "who" names when the metric has no technicians (spend: the vendor)

    def __post_init__(self) -> None:
        if self.unit not in UNITS or not set(self.measures) <= MEASURES.keys():
            raise ValueError(f"metric {self.name}: unit must be one of {UNITS} and measures known ones")

    @property
    def groupings(self) -> tuple[str, ...]:
        """Dimensions every measure of the metric carries."""
        dims = set.intersection(*(set(MEASURES[m].dims) for m in self.measures))
        return tuple(d for d in GROUPINGS if d in dims)

    @property
    def filters(self) -> tuple[str, ...]:
        """Dimensions a filter may name: the groupings except time (the period does that)."""
        if self.name == "client_count":
            return ("status",)
        return tuple(d for d in self.groupings if d not in TIME_GROUPINGS)


def _ratio(numerator: float, denominator: float, why_undefined: str, scale: float = 100.0) -> Outcome:
    if denominator == 0:
        return Outcome(None, why_undefined)
    return Outcome(numerator / denominator * scale)


def _profit(m: Measures) -> float:
    return m["revenue"] - m["labor_cost"] - m["license_cost"]


def _measure(name: str) -> Callable[[Measures], Outcome]:
    return lambda m: Outcome(m[name])


_INVOICE_MONEY = ("invoices",)
_PROFIT_ENTITIES = ("invoices", "time_entries", "staff", "licenses")

METRICS: dict[str, Metric] = {m.name: m for m in (
    Metric("revenue", "money", "revenue", "invoiced revenue",
           "revenue = Σ invoices.total_amount, status not void/draft, invoice date in period",
           ("revenue",), _measure("revenue"), _INVOICE_MONEY,
           higher_is_better=True, precedence=1, model_hint="money invoiced to clients", additive=True,
           count_form="invoice_count", rate_form="effective_rate"),
    Metric("labor_cost", "money", "labor cost", "cost of the hours worked",
           "labor cost = Σ hours × rate (missing rate: staff hourly_cost), entry date in period",
           ("labor_cost",), _measure("labor_cost"), ("time_entries", "staff"),
           higher_is_better=False, precedence=2, model_hint="cost of technicians' hours", additive=True),
    Metric("license_cost", "money", "license cost", "cost of the active licenses",
           "license cost = Σ monthly cost (seats × cost_per_seat, else total_cost ÷ term months) × "
           "active months in period",
           ("license_cost",), _measure("license_cost"), ("licenses",),
           higher_is_better=False, precedence=3, model_hint="cost of software licenses", additive=True),
    Metric("profit", "money", "profit", "revenue minus labor and license cost",
           "profit = revenue − labor cost − license cost",
           ("revenue", "labor_cost", "license_cost"), lambda m: Outcome(_profit(m)), _PROFIT_ENTITIES,
           higher_is_better=True, precedence=4, model_hint="revenue minus costs", additive=True,
           percent_form="margin_pct"),
    Metric("margin_pct", "percent", "margin", "profit as a share of revenue",
           "margin = (revenue − labor cost − license cost) ÷ revenue × 100",
           ("revenue", "labor_cost", "license_cost"),
           lambda m: _ratio(_profit(m), m["revenue"], "revenue is 0"), _PROFIT_ENTITIES,
           higher_is_better=True, precedence=5, model_hint="profit as % of revenue", additive=False),
    Metric("billable_hours", "hours", "billable hours", "hours of billable entries",
           "billable hours = Σ hours of billable time entries, date in period",
           ("billable_hours",), _measure("billable_hours"), ("time_entries",),
           higher_is_better=True, precedence=6, model_hint="hours billed to clients", additive=True,
           percent_form="billable_ratio_pct"),
    Metric("total_hours", "hours", "total hours", "hours of all entries",
           "total hours = Σ hours of all time entries, date in period",
           ("total_hours",), _measure("total_hours"), ("time_entries",),
           higher_is_better=True, precedence=7, model_hint="all hours worked", additive=True),
    Metric("billable_ratio_pct", "percent", "billable ratio", "share of hours that are billable",
           "billable ratio = billable hours ÷ total hours × 100",
           ("billable_hours", "total_hours"),
           lambda m: _ratio(m["billable_hours"], m["total_hours"], "no hours logged"), ("time_entries",),
           higher_is_better=True, precedence=8, model_hint="share of hours that were billable", additive=False),
    Metric("utilization_pct", "percent", "utilization", "billable hours against staff capacity",
           "utilization = billable hours ÷ (weekly capacity (default 40) × weekdays in period ÷ 5) × 100",
           ("billable_hours", "capacity_hours"),
           lambda m: _ratio(m["billable_hours"], m["capacity_hours"], "there is no staff capacity"),
           ("time_entries", "staff"),
           higher_is_better=True, precedence=9, model_hint="how booked technicians are", additive=False),
    Metric("license_utilization_pct", "percent", "license utilization", "assigned seats against purchased seats",
           "license utilization = Σ seats_used ÷ Σ seats_purchased × 100 over active licenses",
           ("seats_used", "seats_purchased"),
           lambda m: _ratio(m["seats_used"], m["seats_purchased"], "no active license has seats"),
           ("licenses",),
           higher_is_better=True, precedence=10, model_hint="share of license seats in use", additive=False),
    Metric("unused_seats", "seats", "unused seats", "purchased seats nobody uses",
           "unused seats = Σ max(seats_purchased − seats_used, 0) over active licenses",
           ("unused_seats",), _measure("unused_seats"), ("licenses",),
           higher_is_better=False, precedence=11, model_hint="license seats nobody uses", additive=True,
           money_form="license_waste"),
    Metric("license_waste", "money", "license waste", "monthly cost of unused seats",
           "license waste (monthly) = Σ max(seats_purchased − seats_used, 0) × cost per seat over active "
           "licenses",
           ("license_waste",), _measure("license_waste"), ("licenses",),
           higher_is_better=False, precedence=12, model_hint="money spent on unused seats", additive=True,
           count_form="unused_seats", monthly=True),
    Metric("spend", "money", "spend", "expenses", "spend = Σ expenses.amount, date in period",
           ("spend",), _measure("spend"), ("expenses",),
           higher_is_better=False, precedence=13, model_hint="expenses", additive=True, who="vendor"),
    Metric("budget", "money", "budget", "budgeted amount",
           "budget = Σ budgets.budget_amount for the months of the period",
           ("budget",), _measure("budget"), ("budgets",),
           higher_is_better=None, precedence=14, model_hint="budgeted spend", additive=True),
    Metric("budget_variance", "money", "budget variance", "spend above (+) or below (−) budget",
           "budget variance = spend − budget",
           ("spend", "budget"), lambda m: Outcome(m["spend"] - m["budget"]), ("expenses", "budgets"),
           higher_is_better=False, precedence=15, model_hint="spend minus budget", additive=True,
           percent_form="budget_variance_pct"),
    Metric("budget_variance_pct", "percent", "budget variance", "budget variance as a share of budget",
           "budget variance % = (spend − budget) ÷ budget × 100",
           ("spend", "budget"), lambda m: _ratio(m["spend"] - m["budget"], m["budget"], "the budget is 0"),
           ("expenses", "budgets"),
           higher_is_better=False, precedence=16, model_hint="spend over budget in %", additive=False),
    Metric("effective_rate", "money", "effective rate", "revenue per billable hour",
           "effective rate = revenue ÷ billable hours",
           ("revenue", "billable_hours"),
           lambda m: _ratio(m["revenue"], m["billable_hours"], "there are no billable hours", scale=1.0),
           ("invoices", "time_entries"),
           higher_is_better=True, precedence=17, model_hint="revenue per billable hour", additive=False),
    Metric("overdue_amount", "money", "overdue amount", "money owed past its due date",
           "overdue = Σ total_amount of invoices overdue, or unpaid/pending with due date before the as-of date",
           ("overdue_amount",), _measure("overdue_amount"), _INVOICE_MONEY,
           higher_is_better=False, precedence=18, model_hint="unpaid invoices past due", additive=True,
           balance=True),
    Metric("invoice_count", "count", "invoice count", "number of invoices",
           "invoice count = number of invoices, status not void/draft, invoice date in period",
           ("invoice_count",), _measure("invoice_count"), ("invoices",),
           higher_is_better=True, precedence=19, model_hint="number of invoices", additive=True,
           money_form="revenue"),
    Metric("client_count", "count", "client count", "number of clients with a status",
           "client count = number of clients with status active (or the status asked)",
           ("client_count",), _measure("client_count"), ("clients",),
           higher_is_better=True, precedence=20, model_hint="number of clients", additive=True),
)}


def by_precedence() -> list[Metric]:
    """The metrics in the order ties are settled (and the model sees its options)."""
    return sorted(METRICS.values(), key=lambda m: m.precedence)


def forms(kind: str) -> dict[str, str]:
    """{metric: its other form} for one kind of form: "percent", "count", "money" or "rate"."""
    return {m.name: form for m in by_precedence() if (form := getattr(m, f"{kind}_form")) is not None}


def label(metric: str) -> str:
    return METRICS[metric].label
