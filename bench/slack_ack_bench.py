"""How fast the Slack endpoint acknowledges a burst of events, and whether each is handled once.

Runs the real server (`python app.py serve`, language model included) with the Slack Web API
stand-in as its Slack and the upstream invoices loaded, then sends N signed `app_mention` events
at once (distinct event ids) plus D redeliveries of some of them (same event id,
`X-Slack-Retry-Num: 1`), as Slack does after a timeout. The burst comes from its own process, so
the client's Python does not slow the server it measures. Prints acknowledgement latency (p50,
p99, max) and, once the work behind the acknowledgements is done, how many questions were handled
exactly once, lost, or handled twice (from the "Looking into it…" replies the stand-in received,
and the audit store's question events).

Targets: p99 <= 100 ms; none lost; none twice.

    python bench/slack_ack_bench.py [--events 100] [--duplicates 20]
"""
from __future__ import annotations

import argparse
import asyncio
import io
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from slack_standin import payloads  # noqa: E402
from slack_standin.slack_api import create_slack_api  # noqa: E402
from slack_standin.workspace import SlackWorkspace  # noqa: E402
from config.settings import load_settings  # noqa: E402
from core.governance import audit  # noqa: E402
from core.governance.policy import Actor  # noqa: E402
from core.service import Service  # noqa: E402
from tests.servers import serve_in_thread  # noqa: E402

SECRET = "bench-signing-secret"
QUESTION = "How many invoices in Q3 2026?"
PLACEHOLDER = "Looking into it…"
SETTLE_S = 5.0


def signed(envelope: dict, retry: bool) -> tuple[bytes, dict[str, str]]:
    body, headers = payloads.signed_request(json.dumps(envelope), SECRET)
    headers["Content-Type"] = "application/json"
    if retry:
        headers.update({"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    return body, headers


def _raw_request(host: str, path: str, body: bytes, headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}", f"Content-Length: {len(body)}", "Connection: keep-alive",
             *(f"{name}: {value}" for name, value in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    await reader.readexactly(length)
    return status


async def _burst(endpoint: str, requests: list[tuple[bytes, dict[str, str]]]) -> list[tuple[int, float]]:
    """One connection per request, opened (and proven with a /health round trip) before the burst,
    then every request written at once: what is timed is the server, not connection set-up."""
    url = httpx.URL(endpoint)
    host = f"{url.host}:{url.port}"
    connections = await asyncio.gather(*(asyncio.open_connection(url.host, url.port) for _ in requests))
    for reader, writer in connections:
        writer.write(f"GET /health HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    await asyncio.gather(*(_read_response(reader) for reader, _ in connections))
    wires = [_raw_request(host, url.path, body, headers) for body, headers in requests]

    async def one(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, wire: bytes) -> tuple[int, float]:
        started = time.perf_counter()
        writer.write(wire)
        status = await _read_response(reader)
        return status, time.perf_counter() - started

    results = await asyncio.gather(*(one(r, w, wire) for (r, w), wire in zip(connections, wires)))
    for _, writer in connections:
        writer.close()
    return results


def burst(endpoint: str, requests: list[tuple[bytes, dict[str, str]]]) -> list[tuple[int, float]]:
    """All requests at once, from this (child) process; (status, seconds to the acknowledgement) each."""
    return asyncio.run(_burst(endpoint, requests))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "app.py", "serve", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped during start-up:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return server, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start within 120 s")


def question_events(settings_dir: Path) -> int:
    lines = io.StringIO()
    service = Service(load_settings(data_dir=settings_dir, secret_key="bench-key", database_url=None),
                      load_language_model=False)
    audit.export(service.db, None, "jsonl", lines)
    return sum(1 for line in lines.getvalue().splitlines() if json.loads(line)["action"] == "question")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100, help="distinct events (default 100)")
    parser.add_argument("--duplicates", type=int, default=20, help="redeliveries among them (default 20)")
    args = parser.parse_args()

    ws = SlackWorkspace()
    with tempfile.TemporaryDirectory() as tmp, serve_in_thread(create_slack_api(ws)) as slack_url:
        ws.base_url = slack_url
        data = Path(tmp) / "data"
        user, channel, reviews = ws.add_user("ann"), ws.add_channel("general"), ws.add_channel("reviews")
        loader = Service(load_settings(data_dir=data, secret_key="bench-key", database_url=None),
                         load_language_model=False)
        loader.upload(ROOT / "tests/data/moatmetrics-upstream/invoices.csv", "invoices.csv", Actor.cli())
        loader.db.dispose()
        env = {**os.environ, "MOAT_DATA_DIR": str(data), "MOAT_SECRET_KEY": "bench-key", "MOAT_DATABASE_URL": "",
               "SLACK_BOT_TOKEN": ws.bot_token, "SLACK_SIGNING_SECRET": SECRET, "SLACK_APP_TOKEN": "",
               "SLACK_API_URL": f"{slack_url}/api/", "MOAT_REVIEW_CHANNEL": reviews.id,
               "PYTHONPATH": str(ROOT)}
        server, url = start_server(env, Path(tmp) / "server.log")
        time.sleep(SETTLE_S)  # the model's warm-up runs at start; measure the server at rest
        try:
            envelopes = []
            for _ in range(args.events):
                asked = ws.post_user_message(user.id, channel.id, f"<@{ws.bot_user.id}> {QUESTION}")
                event = payloads.app_mention_event(user.id, channel.id, asked["text"], asked["ts"])
                envelopes.append((asked["ts"], payloads.event_callback(event, team_id=ws.team_id, api_app_id=ws.app_id,
                                                                       bot_user_id=ws.bot_user.id)))
            requests = [signed(envelope, retry=False) for _, envelope in envelopes]
            requests += [signed(envelope, retry=True) for _, envelope in random.sample(envelopes, args.duplicates)]
            random.shuffle(requests)

            started = time.perf_counter()
            with multiprocessing.get_context("spawn").Pool(1) as pool:
                results = pool.apply(burst, (f"{url}/slack/events", requests))
            try:
                ws.wait_for(lambda: len(ws.calls_to("chat.update")) >= args.events, timeout=600)
            except TimeoutError:
                pass  # the unanswered ones are reported as lost
            answered_after = time.perf_counter() - started
            time.sleep(2.0)  # a duplicate processed late would show up now
            model = httpx.get(f"{url}/system/info", timeout=10).json()["model"]
        finally:
            server.terminate()
            server.wait(timeout=30)
        placeholders = Counter(c.params.get("thread_ts") for c in ws.calls_to("chat.postMessage")
                               if c.params.get("text") == PLACEHOLDER and c.error is None)
        questions = question_events(data)

    latencies_ms = [seconds * 1000 for _, seconds in results]
    threads = [ts for ts, _ in envelopes]
    once = sum(1 for ts in threads if placeholders[ts] == 1)
    lost = sum(1 for ts in threads if placeholders[ts] == 0)
    twice = sum(1 for ts in threads if placeholders[ts] > 1)
    p99 = percentile(latencies_ms, 0.99)
    print(f"server:                  python app.py serve (language model: {model.get('detail') or model.get('model')})")
    print(f"requests sent at once:   {len(requests)} ({args.events} distinct events + {args.duplicates} redeliveries)")
    print(f"HTTP statuses:           {dict(Counter(status for status, _ in results))}")
    print(f"acknowledgement latency: p50 {statistics.median(latencies_ms):.1f} ms, p99 {p99:.1f} ms, "
          f"max {max(latencies_ms):.1f} ms")
    print(f"handled exactly once:    {once}/{args.events} (lost {lost}, twice {twice}); "
          f"audit question events: {questions}")
    print(f"all answered after:      {answered_after:.1f} s")
    ok = p99 <= 100 and lost == 0 and twice == 0 and questions == args.events
    print("target (p99 <= 100 ms, none lost, none twice):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
