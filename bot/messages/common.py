"""Block Kit building blocks that cannot break Slack's limits, and the message value they make.

Slack rejects a whole message when one block is too long (`invalid_blocks`), and the user then sees
nothing at all. Every builder here cuts its text to the limit with "…" before slack_sdk's own
validation runs, and `SlackMessage` always carries a plain-text `text` fallback, which is what
notifications, screen readers and old clients show.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

MAX_BLOCKS = 50  # per message
MAX_VIEW_BLOCKS = 100  # per modal or Home tab
SECTION_TEXT = 3000
FIELD_TEXT = 2000
MAX_FIELDS = 10
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
CONTEXT_ELEMENTS = 10
# Slack truncates `text` beyond 4,000 characters in notifications and rejects 40,000.
FALLBACK_TEXT = 4000

ELLIPSIS = "…"
_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,4}$")
_PARTIAL_TOKEN = re.compile(r"<[^>]*$")


def escape(text: str) -> str:
    """User-supplied text (questions, file names, reasons) shown literally, not as Slack markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters with a trailing "…", never inside an `&amp;`-style
    entity or a `<@U123>` / `<!date…>` token, which Slack would render as garbage."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    cut = _PARTIAL_TOKEN.sub("", _PARTIAL_ENTITY.sub("", cut))
    return cut + ELLIPSIS


@dataclass(frozen=True)
class SlackMessage:
    """A message ready for chat.postMessage / chat.update / postEphemeral: fallback text + blocks."""

    text: str
    blocks: tuple[Block, ...] = ()

    def as_kwargs(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": [block.to_dict() for block in self.blocks]}


def message(text: str, blocks: Iterable[Block | None]) -> SlackMessage:
    """A message of at most 50 blocks (the rest summarised in a last line) with its fallback text."""
    kept = [block for block in blocks if block is not None]
    if len(kept) > MAX_BLOCKS:
        dropped = len(kept) - (MAX_BLOCKS - 1)
        kept = kept[: MAX_BLOCKS - 1] + [context(f"{dropped} more parts not shown (Slack's limit).")]
    return SlackMessage(text=truncate(text.strip() or ELLIPSIS, FALLBACK_TEXT), blocks=tuple(kept))


def section(text: str, *, block_id: str | None = None) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=truncate(text or " ", SECTION_TEXT)), block_id=block_id)


def fields(items: Sequence[str]) -> SectionBlock:
    """Up to 10 short two-column fields; extra items are dropped (callers pass what matters first)."""
    return SectionBlock(fields=[MarkdownTextObject(text=truncate(item or " ", FIELD_TEXT)) for item in items[:MAX_FIELDS]])


def header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=truncate(text, HEADER_TEXT), emoji=True))


def context(*texts: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=truncate(t, SECTION_TEXT)) for t in texts[:CONTEXT_ELEMENTS] if t])


def divider() -> DividerBlock:
    return DividerBlock()


def button(text: str, action_id: str, value: str, *, style: str | None = None) -> ButtonElement:
    if len(value) > BUTTON_VALUE:
        # A cut value would name something else: refuse instead (values carry only short ids here).
        raise ValueError(f"button value is {len(value)} characters; Slack allows {BUTTON_VALUE}")
    return ButtonElement(text=PlainTextObject(text=truncate(text, BUTTON_TEXT), emoji=True),
                         action_id=action_id, value=value, style=style)


def actions(block_id: str, *elements: ButtonElement) -> ActionsBlock:
    return ActionsBlock(block_id=block_id, elements=list(elements))


_MORE_RESERVE = 24  # room kept for the "and N more" line


def bullets(lines: Sequence[str], *, limit: int = SECTION_TEXT) -> str:
    """A bulleted list that fits `limit`, ending with "and N more" when lines had to be left out."""
    budget = limit - _MORE_RESERVE
    shown: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        item = truncate(f"• {line}", budget)  # one overlong line is cut, not lost
        if shown and used + len(item) + 1 > budget:
            shown.append(f"• and {len(lines) - index} more")
            break
        shown.append(item)
        used += len(item) + 1
    return "\n".join(shown)


def code_block(lines: Sequence[str], *, limit: int = SECTION_TEXT) -> str:
    """Lines in a ``` block that fits `limit`; the fence is always closed, dropped lines are counted."""
    budget = limit - len("```\n\n```") - _MORE_RESERVE
    body: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        row = truncate(line, budget)
        if body and used + len(row) + 1 > budget:
            body.append(f"… {len(lines) - index} more")
            break
        body.append(row)
        used += len(row) + 1
    return "```\n" + "\n".join(body) + "\n```"


_SLACK_USER = re.compile(r"[UW][A-Z0-9]{2,}")
_SLACK_CHANNEL = re.compile(r"[CGD][A-Z0-9]{2,}")


def mention(user_id: str | None) -> str:
    """A Slack user as Slack renders them; other actors (`cli:alice`, `system`) as plain text."""
    if not user_id:
        return "someone"
    return f"<@{user_id}>" if _SLACK_USER.fullmatch(user_id) else f"`{escape(user_id)}`"


def channel_ref(channel: str | None) -> str:
    """A channel id as a Slack link; a name (`#finance`, as digest schedules may hold) as text."""
    if not channel:
        return "the command line"
    return f"<#{channel}>" if _SLACK_CHANNEL.fullmatch(channel) else escape(channel)


def slack_date(moment: datetime | None) -> str:
    """A time each reader sees in their own time zone (Slack's date token), with a UTC fallback."""
    if moment is None:
        return "unknown time"
    utc = moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    fallback = utc.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(utc.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"


def ago(moment: datetime | None, now: datetime | None = None) -> str:
    """"3 h ago": freshness at a glance (exact times are in the detail lines)."""
    if moment is None:
        return "never"
    utc = moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    seconds = max(0, int(((now or datetime.now(timezone.utc)) - utc).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit} ago"
    return "just now"


def problem(text: str) -> SlackMessage:
    """A short "this went wrong" note where the user is waiting (their thread, an ephemeral)."""
    return message(text, [section(f":warning: {escape(text)}")])
