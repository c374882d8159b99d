"""The one base class of problems a person can act on.

A `UserError` is about what someone asked for or gave (an unknown client, a file with no known
columns, a cron with four fields), what they may do (a refused permission), or how the product is
set up (an unreadable key file, a policy file with a typo). Its message is written for that
person: every edge shows it as it is, in a sentence, and logs nothing more. Anything else that
goes wrong is a bug or an outage: edges log it with its traceback and tell the person only that
something failed, with a reference to find it in the log.
"""
from __future__ import annotations

from typing import ClassVar


class UserError(Exception):
    # Core wrote the audit record when it raised this (a refused permission, a refused upload), so
    # an edge that reports it must not write a second one.
    audited: ClassVar[bool] = False
