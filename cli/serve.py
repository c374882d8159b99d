"""`serve`: the HTTP server (uvicorn) with the FastAPI app (and the Slack bot when configured).

The scheduler runs for the server's lifetime: scheduled digests (to Slack, or to the log without
it) and MOAT_BACKUP_CRON backups.
"""
from __future__ import annotations

import argparse

import uvicorn

from cli import CliError, Context


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("serve", help="run the HTTP server (and the Slack bot when SLACK_* are set)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.set_defaults(handler=serve)


def serve(args: argparse.Namespace, ctx: Context) -> int:
    from bot.slack_app import SlackSetupError, slack_enabled
    from web.app import create_app, server_scheduler

    try:
        app = create_app(ctx.service, scheduler=server_scheduler(ctx.service),
                         sandbox_url=f"http://{_loopback(args.host)}:{args.port}")
    except SlackSetupError as exc:
        raise CliError(str(exc)) from exc
    slack = "Slack bot on /slack/events" if slack_enabled(ctx.settings) else "Slack bot off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET)"
    if ctx.settings.slack_app_token and slack_enabled(ctx.settings):
        slack += " and Socket Mode"
    print(f"MoatMetrics listening on http://{args.host}:{args.port} (data: {ctx.settings.data_dir}; {slack})", flush=True)
    if app.state.sandbox is not None:
        print(f"Sandbox workspace (the bot without Slack): http://{args.host}:{args.port}/sandbox/", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", access_log=False)
    return 0


def _loopback(host: str) -> str:
    """How the server reaches itself (the sandbox's bot calls its Web API over HTTP)."""
    return {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "[::1]"}.get(host, f"[{host}]" if ":" in host else host)
