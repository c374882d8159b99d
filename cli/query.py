"""`query`: one metric, computed exactly, from the command line (SPEC section 3 and 4).

It is the structured twin of `ask`: scripts and cron jobs name the metric, grouping, filters and
period themselves and get the same `Result` the question answerer would, as JSON or as a small
report a person can read.
"""
from __future__ import annotations

import argparse
from datetime import date

from cli import CliError, Context, print_json
from core.engine import periods
from core.engine.formatting import format_value
from core.engine.intent import Intent, Result
from core.engine.metrics import METRICS

_FILTERS = {
    "client": "only this client (its name; case and spacing do not matter)",
    "staff": "only this staff member",
    "vendor": "only this vendor",
    "product": "only this product",
    "category": "only this expense/budget category",
    "status": "client_count only: active (default), inactive, prospect or unknown",
}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("query", help="compute one metric (grouped, filtered, ranked, compared)",
                            description="Compute one SPEC metric exactly from the stored data. Metrics: "
                                        + ", ".join(METRICS))
    parser.add_argument("--metric", required=True, help="e.g. revenue, margin_pct, utilization_pct")
    parser.add_argument("--group-by", metavar="G", help="client, staff, vendor, product, category, month or quarter")
    for name, text in _FILTERS.items():
        parser.add_argument(f"--{name}", metavar=name.upper(), help=text)
    parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="period start (with --to)")
    parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="period end, inclusive (with --from)")
    rank = parser.add_mutually_exclusive_group()
    rank.add_argument("--top", type=int, metavar="N", help="the N highest groups")
    rank.add_argument("--bottom", type=int, metavar="N", help="the N lowest groups")
    parser.add_argument("--compare", action="store_true", help="compare with the previous period")
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="date overdue invoices are judged on (default today)")
    parser.add_argument("--json", action="store_true", help="print {intent, result, facts} as JSON")
    parser.set_defaults(handler=run)


def build_intent(args: argparse.Namespace) -> Intent:
    """The `Intent` the arguments describe; bad dates become a CliError."""
    if (args.start is None) != (args.end is None):
        raise CliError("--from and --to go together: give both (the period is inclusive)")
    try:
        period = periods.between(periods.parse_iso(args.start), periods.parse_iso(args.end)) if args.start else None
    except ValueError as exc:
        raise CliError(str(exc)) from None
    order, limit = ("desc", args.top) if args.top is not None else \
        ("asc", args.bottom) if args.bottom is not None else (None, None)
    filters = {name: getattr(args, name) for name in _FILTERS if getattr(args, name) is not None}
    return Intent(metric=args.metric, group_by=args.group_by, filters=filters, period=period, order=order,
                  limit=limit, compare=args.compare)


def run(args: argparse.Namespace, ctx: Context) -> int:
    intent = build_intent(args)
    try:
        as_of = periods.parse_iso(args.as_of) if args.as_of else date.today()
    except ValueError as exc:
        raise CliError(f"--as-of: {exc}") from None
    result = ctx.service.query(intent, as_of)
    if args.json:
        print_json({"intent": intent.to_json(), "result": result.to_json(), "facts": result.facts.to_json()})
    else:
        print(render(intent, result, as_of))
    return 0


# --------------------------------------------------------------------------- human text

def format_change(change: float | int | None, unit: str) -> str:
    """A change of a percentage is in percentage points, not percent of percent."""
    if change is None:
        return "—"
    return f"{change:+,.2f} pts" if unit == "percent" else format_value(change, unit)


def _title(intent: Intent, as_of: date) -> str:
    parts = [METRICS[intent.metric].description.capitalize()]
    if intent.group_by:
        parts.append(f"by {intent.group_by}")
    if intent.limit:
        parts.append(f"({'top' if intent.order == 'desc' else 'bottom'} {intent.limit})")
    for name, value in intent.filters.items():
        parts.append(f"{name} {value}")
    parts.append(f"— {intent.period.label if intent.period else 'all data'}, as of {as_of}")
    return f"{intent.metric}: " + " ".join(parts)


def _table(result: Result, compare: bool) -> list[str]:
    header = ["", "value"] + (["previous", "change", "change %"] if compare else [])
    lines = [header]
    for row in result.rows:
        cells = [row.label, format_value(row.value, result.unit)]
        if compare:
            pct = "—" if row.change_pct is None else f"{row.change_pct:+,.2f}%"
            cells += [format_value(row.previous, result.unit), format_change(row.change, result.unit), pct]
        lines.append(cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return ["  " + "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths)))
            for line in lines]


def render(intent: Intent, result: Result, as_of: date) -> str:
    facts = result.facts
    lines = [_title(intent, as_of), f"Value: {format_value(result.value, result.unit)}"]
    if result.previous_period is not None:
        pct = "" if result.change_pct is None else f" ({result.change_pct:+,.2f}%)"
        lines.append(f"Previous ({result.previous_period.label}): {format_value(result.previous_value, result.unit)}; "
                     f"change {format_change(result.change, result.unit)}{pct}")
    if intent.group_by:
        lines += _table(result, result.previous_period is not None) if result.rows else ["  (no groups)"]
    lines.append(f"Formula: {facts.formula}")
    used = ", ".join(f"{n:,} {entity.replace('_', ' ')}" for entity, n in facts.rows_used.items()) or "no rows"
    snaps = ", ".join(facts.snapshot_ids) or "none"
    lines.append(f"Data: {used}; snapshots {snaps} ({facts.rows_rejected:,} rows rejected in them)"
                 + (f"; range {facts.data_range[0]} to {facts.data_range[1]}" if facts.data_range else ""))
    if facts.currencies:
        lines.append(f"Currencies: {', '.join(facts.currencies)}")
    if facts.undefined:
        lines.append(f"Undefined: {facts.undefined}")
    lines += [f"Gap: {gap}" for gap in facts.gaps]
    return "\n".join(lines)
