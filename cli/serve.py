"""`serve`: the HTTP server (uvicorn) with the FastAPI app (and the Slack bot when configured).

The scheduler runs for the server's lifetime: scheduled digests (to Slack, or to the log without
it) and MOAT_BACKUP_CRON backups.
"""
from __future__ import annotations

import argparse

import uvicorn

from cli import Context


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("serve", help="run the HTTP server (and the Slack bot when SLACK_* are set)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.set_defaults(handler=serve)


def serve(args: argparse.Namespace, ctx: Context) -> int:
    from web.app import create_app, server_scheduler

    app = create_app(ctx.service, scheduler=lambda: server_scheduler(ctx.service),
                     sandbox_url=f"http://{_loopback(args.host)}:{args.port}")
    if app.state.sandbox is not None:
        slack = "no Slack tokens: the bot runs in the local sandbox workspace"
    else:
        slack = "Slack bot on /slack/events" + (" and Socket Mode" if ctx.settings.slack_app_token else "")
    print(f"MoatMetrics listening on http://{args.host}:{args.port} (data: {ctx.settings.data_dir}; {slack})", flush=True)
    if app.state.sandbox is not None:
        print(f"Sandbox workspace (the bot without Slack): http://{args.host}:{args.port}/sandbox/", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", access_log=False)
    return 0


def _loopback(host: str) -> str:
    """How the server reaches itself (the sandbox's bot calls its Web API over HTTP)."""
    return {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "[::1]"}.get(host, f"[{host}]" if ":" in host else host)
