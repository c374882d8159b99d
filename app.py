"""MoatMetrics: the single entry point (server and command-line sub-commands).

`python app.py serve` runs the HTTP server; every other sub-command works on the same data
dir and database (`MOAT_DATA_DIR`, `MOAT_DATABASE_URL`) as the server.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from cli import Context
from cli import data as data_commands
from cli import governance as governance_commands
from cli import ops as ops_commands
from cli import questions as question_commands
from cli import query as query_commands
from cli import serve as serve_commands
from config.settings import load_settings
from core.errors import UserError
from core.ops.observability import configure_logging

COMMAND_MODULES = (data_commands, governance_commands, ops_commands, query_commands, question_commands, serve_commands)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="app.py", description="MoatMetrics: MSP analytics you can trust.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        configure_logging(settings, level=logging.INFO if args.command == "serve" else logging.WARNING)
        ctx = Context(settings)
        return int(args.handler(args, ctx) or 0)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        print(f"error: invalid configuration: {problems}", file=sys.stderr)
    except UserError as exc:  # bad input, a refusal, a set-up problem: the message is for the person
        print(f"error: {exc}", file=sys.stderr)
    except SQLAlchemyError as exc:
        print(f"error: database error: {exc}", file=sys.stderr)
    except BrokenPipeError:  # `app.py … | head`: the reader left; nothing more to say
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
