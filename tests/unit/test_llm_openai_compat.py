"""OpenAICompatibleModel against a stand-in server on a loopback port.

The stand-in answers by path prefix, so one server plays every behaviour: the vLLM/OpenAI legacy
logprobs shape, llama-server's shape, an HTTP 500, a hang, invalid JSON and a reply without logprobs.
"""
import json
import math
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.llm.base import ModelError
from core.llm.openai_compat import OpenAICompatibleModel, label_log_scores

LEGACY_TOP = {" B": math.log(0.6), " A": math.log(0.2), "B": math.log(0.1), " the": math.log(0.05)}
LLAMA_SERVER_TOP = [{"id": 1, "token": " C", "logprob": math.log(0.5), "bytes": [32, 67]},
                    {"id": 2, "token": " A", "logprob": math.log(0.3), "bytes": [32, 65]}]
HANG_S = 1.5


def _completion(logprobs):
    return {"object": "text_completion", "choices": [{"text": " B", "index": 0, "logprobs": logprobs}]}


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append((self.path, dict(self.headers), body))
        route = self.path.split("/")[1]
        if route == "hang":
            time.sleep(HANG_S)
        if route == "error":
            return self._send(500, b'{"error": "model exploded"}')
        if route == "badjson":
            return self._send(200, b"<html>not json</html>")
        if route == "nologprobs":
            return self._send(200, json.dumps(_completion(None)).encode())
        if route == "llamaserver":
            return self._send(200, json.dumps(_completion({"content": [{"token": " C", "logprob": -0.7,
                                                                         "top_logprobs": LLAMA_SERVER_TOP}]})).encode())
        self._send(200, json.dumps(_completion({"tokens": [" B"], "token_logprobs": [math.log(0.6)],
                                                "top_logprobs": [LEGACY_TOP]})).encode())

    def _send(self, status, payload):
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _url(server, route):
    return f"http://127.0.0.1:{server.server_address[1]}/{route}"


def test_legacy_top_logprobs_pick_label_and_send_one_token_request(server):
    model = OpenAICompatibleModel(_url(server, "legacy"), "tinyllama", api_key="sekret")
    choice = model.choose("Which? A. x B. y C. z\nAnswer:", ["A", "B", "C"], timeout_s=5)
    assert choice.label == "B"
    path, headers, body = server.requests[-1]
    assert path == "/legacy/v1/completions"
    assert body == {"model": "tinyllama", "prompt": "Which? A. x B. y C. z\nAnswer:", "max_tokens": 1,
                    "temperature": 0, "logprobs": 20}
    assert headers["Authorization"] == "Bearer sekret"
    # " B" beats "B" (max per label); C is absent, so it gets the ceiling: min(listed) and leftover mass.
    ceiling = min(0.05, 1 - (0.6 + 0.2 + 0.1 + 0.05))
    expected = [0.2, 0.6, ceiling]
    assert choice.probabilities == pytest.approx(tuple(p / sum(expected) for p in expected))


def test_llama_server_logprobs_shape_is_understood(server):
    model = OpenAICompatibleModel(_url(server, "llamaserver") + "/v1/")
    choice = model.choose("prompt", ["A", "B", "C"], timeout_s=5)
    assert choice.label == "C"
    assert server.requests[-1][0] == "/llamaserver/v1/completions"  # a trailing /v1 is not doubled
    assert "model" not in server.requests[-1][2]


def test_http_500_is_a_model_error_with_the_status(server):
    with pytest.raises(ModelError, match="HTTP 500.*model exploded"):
        OpenAICompatibleModel(_url(server, "error")).choose("p", ["A", "B"], timeout_s=5)


def test_hanging_server_times_out_as_model_error(server):
    model = OpenAICompatibleModel(_url(server, "hang"))
    started = time.monotonic()
    with pytest.raises(ModelError, match="timed out after 0.3s"):
        model.choose("p", ["A", "B"], timeout_s=0.3)
    assert time.monotonic() - started < HANG_S


@pytest.mark.parametrize("route, message", [("badjson", "invalid JSON"), ("nologprobs", "no usable logprobs")])
def test_unusable_replies_are_model_errors(server, route, message):
    with pytest.raises(ModelError, match=message):
        OpenAICompatibleModel(_url(server, route)).choose("p", ["A", "B"], timeout_s=5)


def test_unreachable_server_is_a_model_error():
    with pytest.raises(ModelError, match="unreachable"):
        OpenAICompatibleModel("http://127.0.0.1:9").choose("p", ["A", "B"], timeout_s=2)


def test_warm_up_sends_the_prefix_and_fails_loudly_when_server_is_down(server):
    OpenAICompatibleModel(_url(server, "legacy")).warm_up("fixed prefix")
    assert server.requests[-1][2]["prompt"] == "fixed prefix"
    with pytest.raises(ModelError):
        OpenAICompatibleModel(_url(server, "error")).warm_up("fixed prefix")


@pytest.mark.parametrize("url", ["ftp://host/x", "localhost:8080", ""])
def test_bad_url_gets_a_clear_message(url):
    with pytest.raises(ValueError, match="MOAT_LLM_URL must be an http"):
        OpenAICompatibleModel(url)


def test_absent_labels_never_outrank_listed_ones():
    scores = label_log_scores({" A": math.log(0.9), " B": math.log(0.09)}, ["A", "B", "C"])
    assert scores[0] > scores[1] >= scores[2]
    assert scores[2] == pytest.approx(math.log(0.01))
