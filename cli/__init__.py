"""Command-line sub-commands of `app.py`, one module per command group.

Each module exposes `register(subparsers)`, which adds its parsers with `handler=` set to a
function `(args, ctx) -> int`. Handlers parse arguments, call `core.service`, and render text
or JSON; they hold no rules of their own.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from functools import cached_property

from core.errors import UserError
from config.settings import Settings
from core.service import Service


class CliError(UserError):
    """Bad arguments. Like every UserError (core's refusals too), printed on stderr with exit
    status 2 by app.main, never a traceback."""


@dataclass
class Context:
    settings: Settings
    _service: Service | None = field(default=None, repr=False)

    @cached_property
    def service(self) -> Service:
        return self._service or Service(self.settings)


def print_json(document: object) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
