"""The answer to `/moat role @user ROLE [reviewer]`."""
from __future__ import annotations

from core.governance.policy import UserRole

from bot.messages.common import SlackMessage, message, section


def role_changed(user_id: str, role: UserRole) -> SlackMessage:
    grant = " and may review answers" if role.reviewer else ""
    text = f"<@{user_id}> now has the *{role.role}* role{grant}."
    return message(f"<@{user_id}> now has the {role.role} role{grant}.", [section(text)])
