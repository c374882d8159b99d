"""Answer sentences and explanations, written only from the engine's Result.

Every number in an answer comes from `Result` (or the intent's own period and limit), formatted
here; nothing else in the question path writes numbers into text.
"""
from __future__ import annotations

from core.engine.formatting import format_value
from core.engine.intent import Intent, Result, ResultRow
from core.engine.metrics import METRICS

_GROUP_NOUNS = {"client": "client", "staff": "technician", "vendor": "vendor", "product": "product",
                "category": "category", "month": "month", "quarter": "quarter"}


def metric_label(metric: str) -> str:
    return METRICS[metric].label


def _scope(intent: Intent) -> str:
    parts = [f"for {value}" for key, value in intent.filters.items() if key != "status"]
    parts.append(_period_phrase(intent.period.label) if intent.period else "across all data")
    return " ".join(parts)


def _period_phrase(label: str) -> str:
    """'in Q3 2026', 'from 2026-01-01 to 2026-03-31', 'since June 2026 (…)', 'last 90 days (…)'."""
    if label[:1].islower():
        return label
    if " to " in label and label[:1].isdigit():
        return f"from {label}"
    return f"in {label}"


def _change(current: float | int | None, previous: float | int | None, change_pct: float | None,
            unit: str, previous_label: str) -> str:
    if previous is None:
        return f" (nothing to compare with in {previous_label})"
    if change_pct is None:
        return f", against {format_value(previous, unit)} in {previous_label}"
    direction = "up" if change_pct > 0 else "down" if change_pct < 0 else "unchanged"
    amount = "" if direction == "unchanged" else f" {abs(change_pct):,.2f}%"
    return f", {direction}{amount} from {format_value(previous, unit)} in {previous_label}"


def _row_text(row: ResultRow, unit: str) -> str:
    return f"{row.label} ({format_value(row.value, unit)})"


def answer_sentence(intent: Intent, result: Result) -> str:
    label, unit = metric_label(intent.metric), result.unit
    if intent.metric == "client_count" and intent.filters.get("status"):
        label = f"{intent.filters['status']} clients"
    scope = _scope(intent)
    if intent.group_by is None:
        text = f"{label.capitalize()} {scope} was {format_value(result.value, unit)}"
        if result.previous_period is not None:
            text += _change(result.value, result.previous_value, result.change_pct, unit,
                            result.previous_period.label)
        if result.value is None and result.facts.undefined:
            text += f" ({result.facts.undefined})"
        return text + "."
    noun = _GROUP_NOUNS.get(intent.group_by, intent.group_by)
    if not result.rows:
        return f"No {noun} has any {label} {scope}."
    ranked = intent.order is not None and intent.limit is not None
    if ranked and intent.limit == 1:
        top = result.rows[0]
        extreme = "highest" if intent.order == "desc" else "lowest"
        text = f"{top.label} had the {extreme} {label} {scope}: {format_value(top.value, unit)}"
        if result.previous_period is not None:
            text += _change(top.value, top.previous, top.change_pct, unit, result.previous_period.label)
        return text + "."
    shown = result.rows[:5]
    listing = ", ".join(_row_text(row, unit) for row in shown)
    more = f" and {len(result.rows) - len(shown)} more" if len(result.rows) > len(shown) else ""
    if ranked:
        which = "Top" if intent.order == "desc" else "Bottom"
        return f"{which} {len(result.rows)} by {label} {scope}: {listing}{more}."
    return f"{label.capitalize()} by {noun} {scope}: {listing}{more}; total {format_value(result.value, unit)}."


def explanation(intent: Intent, result: Result) -> str:
    facts = result.facts
    used = ", ".join(f"{count:,} {entity.replace('_', ' ')}" for entity, count in facts.rows_used.items() if count)
    text = facts.formula or metric_label(intent.metric)
    if used:
        text += f"; from {used}"
    if facts.snapshot_ids:
        shown = ", ".join(facts.snapshot_ids[:3]) + (" …" if len(facts.snapshot_ids) > 3 else "")
        text += f" (snapshots {shown})"
    if facts.gaps:
        text += ". Note: " + "; ".join(facts.gaps)
    return text
