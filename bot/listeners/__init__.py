"""Bolt listeners: acknowledge at once, then parse the payload and hand it to a flow.

Every listener is registered with an `ack` function that only acknowledges (or answers a
mistyped command from memory) and `lazy` functions that do the work on Bolt's worker threads,
so Slack gets its HTTP 200 within milliseconds whatever the work behind it.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack

from bot.requests import RequestError

log = logging.getLogger("bot.listeners")


def acknowledge(ack: Ack) -> None:
    ack()


def guarded(work: Callable[..., None]) -> Callable[..., None]:
    """The last line of defence of a lazy listener: a payload the bot cannot read is dropped with a
    log line, anything else is logged with its traceback (flows already told the user)."""
    @functools.wraps(work)
    def run(**kwargs: Any) -> None:
        try:
            work(**kwargs)
        except RequestError as exc:
            log.warning("%s dropped a payload: %s", work.__name__, exc)
        except Exception:  # noqa: BLE001 - Bolt would log one line without the traceback
            log.exception("%s failed", work.__name__)

    return run
