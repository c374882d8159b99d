"""Each Slack delivery acted on once: the one Bolt middleware that de-duplicates them.

It runs before every listener (the acknowledgement of a duplicate is Bolt's empty 200, nothing
more) and claims the delivery's keys (bot/requests/deliveries.py) in the database, so instances
sharing it agree too. A delivery seen before is dropped; a delivery about files or a question
that another delivery already announced is dropped; a delivery that announces several files of
which some are new carries only the new ones on to the listener, in `context["new_file_ids"]`.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.flows.runtime import BotRuntime
from bot.requests import RequestError
from bot.requests.deliveries import delivery_keys

log = logging.getLogger("bot.deliveries")

NEW_FILES = "new_file_ids"


class OncePerDelivery(Middleware):
    def __init__(self, rt: BotRuntime) -> None:
        self.rt = rt

    def process(self, *, req: BoltRequest, resp: BoltResponse,
                next: Callable[[], BoltResponse]) -> BoltResponse | None:  # noqa: A002 - Bolt's signature
        try:
            keys = delivery_keys(req.body, req.context.bot_user_id)
        except RequestError:
            return next()  # the listener's own parsing drops it, with its log line
        if keys.delivery is not None and not self.rt.service.claim_delivery(keys.delivery):
            log.info("duplicate delivery %s dropped", keys.delivery)
            return resp
        fresh = [key for key in keys.items if self.rt.service.claim_delivery(key)]
        if keys.items and not fresh:
            log.info("%s announces only what was already handled: %s", keys.delivery, ", ".join(keys.items))
            return resp
        req.context[NEW_FILES] = tuple(key.removeprefix("file:") for key in fresh if key.startswith("file:"))
        return next()
