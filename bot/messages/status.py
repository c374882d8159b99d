"""`/moat status`: the data loaded per entity with its freshness, the model, pending reviews."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the service stack is not needed to render its Status
    from core.service import Status

from bot.messages.common import SlackMessage, ago, bullets, context, header, message, section


def _when(iso: str | None) -> datetime | None:
    return datetime.fromisoformat(iso) if iso else None


def dataset_lines(status: Status) -> list[str]:
    """One line per entity: rows, the dates they cover, when it was last uploaded."""
    lines = []
    for entity, stats in status.datasets.items():
        name = entity.replace("_", " ")
        if not stats.get("rows"):
            lines.append(f"*{name}*: no data yet")
            continue
        span = f", {stats['first']} to {stats['last']}" if stats.get("first") else ""
        lines.append(f"*{name}*: {stats['rows']:,} rows{span} · updated {ago(_when(stats.get('latest_snapshot')))}")
    return lines


def status_message(status: Status) -> SlackMessage:
    loaded = sum(1 for stats in status.datasets.values() if stats.get("rows"))
    reviews = f"{status.pending_reviews} answer{'s' if status.pending_reviews != 1 else ''} waiting for review"
    return message(f"MoatMetrics: {loaded} of {len(status.datasets)} data sets loaded; model {status.model}; {reviews}.", [
        header("MoatMetrics status"),
        section("*Data*\n" + bullets(dataset_lines(status))),
        section(f"*Model*: {status.model}\n*Reviews*: {reviews}"),
        context(f"Schema version {status.schema_version}"),
    ])
