"""`/moat help` and the usage reminder shown with a mistyped command."""
from __future__ import annotations

from core.ops.digest import SECTIONS

from bot.messages.common import SlackMessage, bullets, context, escape, header, message, section

COMMANDS: tuple[tuple[str, str], ...] = (
    ("/moat ask QUESTION", "answer a question about your data, in a thread in this channel"),
    ("/moat status", "what data is loaded and how fresh it is, the model, pending reviews"),
    ("/moat snapshots", "the latest uploads, with their snapshot ids"),
    ("/moat rollback SNAPSHOT_ID", "undo one upload (admins)"),
    ("/moat role @user ROLE [reviewer|not-reviewer]", "give someone a role, and the reviewer grant (admins)"),
    ('/moat digest add "CRON" #channel [sections]', 'post a digest on a schedule, e.g. "0 8 * * MON" for Mondays '
                                                    f"at 08:00; sections: {', '.join(SECTIONS)} (admins)"),
    ("/moat digest list", "the digest schedules (admins)"),
    ("/moat digest remove ID", "stop a digest schedule (admins)"),
    ("/moat help", "this list"),
)


def usage_lines() -> list[str]:
    return [f"`{usage}`: {what}" for usage, what in COMMANDS]


def help_message() -> SlackMessage:
    return message("MoatMetrics commands: " + "; ".join(usage for usage, _ in COMMANDS), [
        header("MoatMetrics"),
        section("*Ask* by mentioning me in a channel, in a DM, or with `/moat ask`. Follow-up questions in the "
                "same thread build on the previous one (\"and last quarter?\")."),
        section("*Upload* by sharing a CSV or Excel (.xlsx) file in a channel I am in: I validate every row and "
                "reply in the file's thread."),
        section("*Commands*\n" + bullets(usage_lines())),
        context("Answers with low confidence are checked by a reviewer before you see them."),
    ])


def usage_error(problem: str) -> SlackMessage:
    """A command that could not be read: what was wrong, then the commands that exist."""
    return message(f"{problem} Try /moat help.", [section(f":warning: {escape(problem)}"),
                                                   section(bullets(usage_lines()))])
