"""Run an ASGI app on a real loopback port for the length of a `with` block.

End-to-end tests talk to servers over HTTP exactly as production clients do (slack_sdk's
WebClient, Slack's signed deliveries, a browser), so they need the app listening on a socket,
not an in-process test client. The port is picked by the OS, so parallel runs do not collide.
"""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn


@contextmanager
def serve_built(build: Callable[[str], Any], *, startup_timeout: float = 10.0,
                lifespan: str = "auto") -> Iterator[tuple[str, Any]]:
    """Serve the app `build(url)` returns at `url` = "http://127.0.0.1:<free port>"; yields (url, app).

    The port is bound before the app is built, for apps that must know their own address (the
    sandbox's bot calls its own Web API). On exit the server is asked to stop (in-flight requests
    finish) and the thread is joined."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    app = build(url)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan=lifespan, access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + startup_timeout
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError(f"the test server on port {port} stopped during startup (see its log above)")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the test server on port {port} did not start within {startup_timeout:g}s")
            time.sleep(0.01)
        yield url, app
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def serve_in_thread(asgi_app: Any, *, startup_timeout: float = 10.0, lifespan: str = "auto") -> Iterator[str]:
    """Serve `asgi_app` on 127.0.0.1:<free port> in a daemon thread; yields "http://127.0.0.1:<port>"."""
    with serve_built(lambda _url: asgi_app, startup_timeout=startup_timeout, lifespan=lifespan) as (url, _app):
        yield url
