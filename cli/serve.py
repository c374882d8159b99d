"""`serve`: the HTTP server (uvicorn) with the FastAPI app."""
from __future__ import annotations

import argparse

import uvicorn

from cli import Context


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("serve", help="run the HTTP server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.set_defaults(handler=serve)


def serve(args: argparse.Namespace, ctx: Context) -> int:
    from web.app import create_app

    app = create_app(ctx.service)
    print(f"MoatMetrics listening on http://{args.host}:{args.port} (data: {ctx.settings.data_dir})", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", access_log=False)
    return 0
