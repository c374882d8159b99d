"""The digest as a Slack message, and the answers to `/moat digest add|list|remove`.

A digest goes to a whole channel, often on a Monday morning before anyone reads it, so the
message must stand on its own: the period in the header, one section per digest section, and the
as-of date in a closing context line. Its lines are the engine's own wording (`core.ops.digest`):
client and product names in them are data, shown literally (escaped), never as Slack markup.
"""
from __future__ import annotations

from collections.abc import Sequence

from core.ops.digest import Digest, Section
from core.ops.schedules import DigestSchedule

from bot.messages.common import (
    HEADER_TEXT,
    MAX_BLOCKS,
    SECTION_TEXT,
    SlackMessage,
    bullets,
    channel_ref,
    context,
    escape,
    header,
    message,
    section,
    slack_date,
    truncate,
)

# Header and closing context take two blocks; one more says how many sections were left out.
_SECTION_BLOCKS = MAX_BLOCKS - 3
SHOWN_SCHEDULES = 20
ADD_EXAMPLE = '/moat digest add "0 8 * * MON" #channel'


def _section_text(part: Section) -> str:
    """Bold title, then the lines as bullets; the bullets get what the title leaves of the section's
    limit, so an overlong section ends with "and N more" instead of being cut mid-line."""
    title = f"*{truncate(escape(part.title), HEADER_TEXT)}*\n"
    lines = [escape(line) for line in part.lines] or ["nothing to report"]
    return title + bullets(lines, limit=SECTION_TEXT - len(title))


def digest_message(digest: Digest) -> SlackMessage:
    """The digest for chat.postMessage; the fallback text is the digest's own plain text."""
    shown = digest.sections[:_SECTION_BLOCKS]
    left_out = len(digest.sections) - len(shown)
    return message(escape(digest.to_text()), [
        header(f":bar_chart: {digest.title}"),
        *(section(_section_text(part)) for part in shown),
        context(f"{left_out} more section{'s' if left_out != 1 else ''} not shown (Slack's limit)")
        if left_out else None,
        context(f"As of {digest.as_of:%Y-%m-%d} · period {escape(digest.period.label)} · "
                "ask about any number with `/moat ask`"),
    ])


def _schedule_line(schedule: DigestSchedule) -> str:
    upcoming = slack_date(schedule.next_run) if schedule.next_run else "never"
    return (f"`{schedule.id}` `{schedule.cron}` ({escape(schedule.timezone)}) to {channel_ref(schedule.channel)}, "
            f"next {upcoming}: {', '.join(schedule.sections)}")


def schedule_added(schedule: DigestSchedule) -> SlackMessage:
    return message(f"Digest schedule {schedule.id} added: {schedule.cron} ({schedule.timezone}) "
                   f"to {channel_ref(schedule.channel)}.", [
        section(f":calendar: Digest schedule added: {_schedule_line(schedule)}"),
        context(f"Stop it with `/moat digest remove {schedule.id}`"),
    ])


def schedules_message(schedules: Sequence[DigestSchedule]) -> SlackMessage:
    if not schedules:
        return message("No digests scheduled.", [
            section(f"No digests scheduled. Add one with `{ADD_EXAMPLE}` (Mondays at 08:00)."),
        ])
    shown = schedules[:SHOWN_SCHEDULES]
    more = f"{len(schedules) - SHOWN_SCHEDULES} more not shown" if len(schedules) > SHOWN_SCHEDULES else ""
    return message(f"{len(schedules)} digest schedule{'s' if len(schedules) != 1 else ''}.", [
        header("Digest schedules"),
        section(bullets([_schedule_line(s) for s in shown])),
        context(more) if more else None,
        context("Remove one with `/moat digest remove ID`"),
    ])


def schedule_removed(schedule: DigestSchedule) -> SlackMessage:
    return message(f"Digest schedule {schedule.id} removed ({schedule.cron} to {channel_ref(schedule.channel)}).", [
        section(f":wastebasket: Digest schedule `{schedule.id}` removed (`{schedule.cron}` to "
                f"{channel_ref(schedule.channel)})."),
    ])
