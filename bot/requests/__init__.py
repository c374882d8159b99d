"""Slack payloads read into small values: who, where (channel, thread), what (text, files, ids).

Listeners never dig through Slack's JSON themselves: a payload is parsed here once, missing pieces
raise `RequestError`, and everything after works on typed values.
"""
from __future__ import annotations


class RequestError(ValueError):
    """A payload lacks what the bot needs (a user, a channel, an id): it is logged and dropped."""


def required(container: dict, *path: str) -> str:
    """The non-empty string at `path` in a payload, or RequestError naming the path."""
    value: object = container
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, str) or not value:
        raise RequestError(f"payload has no {'.'.join(path)}")
    return value
