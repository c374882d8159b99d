"""The structured query (SPEC section 4 `intent`) and its result.

These two values are the contract between whoever asks (the CLI `query` command, the question
parser and the model, the digest) and the engine that computes every number; neither side
knows anything else about the other.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Literal

from core.engine.periods import Period

Order = Literal["asc", "desc"]


@dataclass(frozen=True)
class Intent:
    metric: str
    group_by: str | None = None
    # dimension -> value, e.g. {"client": "Acme Corp"}; "status" filters client_count.
    filters: dict[str, str] = field(default_factory=dict)
    period: Period | None = None
    order: Order | None = None
    limit: int | None = None
    compare: bool = False

    def to_json(self) -> dict:
        return {
            "metric": self.metric,
            "group_by": self.group_by,
            "filters": dict(self.filters),
            "period": self.period.to_json() if self.period else None,
            "order": self.order,
            "limit": self.limit,
            "compare": self.compare,
        }

    def to_record(self) -> dict:
        """Like to_json, but keeps the period's label and kind so a stored intent comes back whole."""
        data = self.to_json()
        if self.period is not None:
            data["period"] = {**self.period.to_json(), "label": self.period.label, "kind": self.period.kind,
                              "anchor": self.period.anchor}
        return data

    @classmethod
    def from_record(cls, data: dict) -> Intent:
        period = data.get("period")
        return cls(
            metric=data["metric"], group_by=data.get("group_by"), filters=dict(data.get("filters") or {}),
            period=Period(start=date.fromisoformat(period["start"]), end=date.fromisoformat(period["end"]),
                          label=period["label"], kind=period["kind"], anchor=period.get("anchor"))
            if period else None,
            order=data.get("order"), limit=data.get("limit"), compare=bool(data.get("compare")),
        )


@dataclass
class ResultRow:
    label: str
    value: float | int | None
    # Filled when the intent asks for a comparison with the previous period.
    previous: float | int | None = None
    change: float | int | None = None
    change_pct: float | None = None

    def to_json(self) -> dict:
        data = {"label": self.label, "value": self.value}
        if self.previous is not None or self.change is not None:
            data.update(previous=self.previous, change=self.change, change_pct=self.change_pct)
        return data


@dataclass
class Facts:
    """What a human needs to trust (or question) a number: where it came from and what was missing."""

    rows_used: dict[str, int] = field(default_factory=dict)  # entity -> rows that entered the computation
    snapshot_ids: list[str] = field(default_factory=list)
    rows_rejected: int = 0  # rejected rows in the snapshots used
    gaps: list[str] = field(default_factory=list)  # data problems, in words a reviewer understands
    currencies: list[str] = field(default_factory=list)
    undefined: str | None = None  # why the value is undefined (e.g. margin with zero revenue)
    data_range: tuple[str, str] | None = None  # earliest and latest date of the rows the metric reads
    formula: str = ""

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Result:
    value: float | int | None
    unit: str
    rows: list[ResultRow] = field(default_factory=list)
    facts: Facts = field(default_factory=Facts)
    # Totals for the previous period when compare=True and the result is not grouped.
    previous_value: float | int | None = None
    change: float | int | None = None
    change_pct: float | None = None
    previous_period: Period | None = None

    def to_json(self) -> dict:
        data: dict = {"value": self.value, "unit": self.unit, "rows": [r.to_json() for r in self.rows]}
        if self.previous_period is not None:
            data.update(previous_value=self.previous_value, change=self.change, change_pct=self.change_pct,
                        previous_period=self.previous_period.to_json())
        return data
