"""A model served over HTTP by an OpenAI-compatible server (llama.cpp's `llama-server`, vLLM).

Used when MOAT_LLM_URL is set, e.g. to run a bigger model on another local machine. One
`/v1/completions` request per question with `max_tokens=1` and `logprobs`: the server returns the
most likely next tokens with their log-probabilities, and the labels are read from that list.
"""
from __future__ import annotations

import json
import math
from typing import Any, Mapping, Sequence

import httpx

from core.llm.base import Choice, ModelError, choice_from_log_scores, validate_labels, validate_timeout

TOP_LOGPROBS = 20
# Used only when the server listed nothing usable for a label; keeps log() finite.
MIN_PROBABILITY = 1e-9
DEFAULT_WARM_UP_TIMEOUT_S = 120.0


class OpenAICompatibleModel:
    """Multiple-choice answers from a remote completion endpoint; thread-safe (httpx.Client is)."""

    def __init__(self, base_url: str, model_name: str | None = None, *, api_key: str | None = None,
                 warm_up_timeout_s: float = DEFAULT_WARM_UP_TIMEOUT_S) -> None:
        url = httpx.URL(base_url.strip())
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError(f"MOAT_LLM_URL must be an http(s) URL such as http://127.0.0.1:8080, got {base_url!r}")
        # Accept both "http://host:8080" and "http://host:8080/v1": operators copy either form.
        root = str(url).rstrip("/").removesuffix("/v1")
        self.completions_url = f"{root}/v1/completions"
        self.model_name = model_name
        self.name = model_name or f"openai-compatible@{root}"
        self.warm_up_timeout_s = validate_timeout(warm_up_timeout_s)
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(headers=headers)

    def choose(self, prompt: str, labels: Sequence[str], *, timeout_s: float) -> Choice:
        """One completion request; the labels' log-probabilities are renormalised over the labels.

        httpx applies `timeout_s` to each phase (connect, write, each read), which bounds a call
        well enough for a server that answers one token.
        """
        checked = validate_labels(labels)
        top = self._top_logprobs(prompt, validate_timeout(timeout_s))
        return choice_from_log_scores(checked, label_log_scores(top, checked))

    def warm_up(self, fixed_prefix: str) -> None:
        """Send the fixed prefix once: proves the server answers, and servers that cache prompts
        (llama-server does by default) then reuse it for later questions."""
        self._top_logprobs(fixed_prefix, self.warm_up_timeout_s)

    def close(self) -> None:
        """Close pooled connections."""
        self._client.close()

    def _top_logprobs(self, prompt: str, timeout_s: float) -> dict[str, float]:
        if not prompt:
            raise ValueError("the prompt is empty")
        body: dict[str, Any] = {"prompt": prompt, "max_tokens": 1, "temperature": 0, "logprobs": TOP_LOGPROBS}
        if self.model_name:
            body["model"] = self.model_name
        try:
            response = self._client.post(self.completions_url, json=body, timeout=timeout_s)
        except httpx.TimeoutException as exc:
            raise ModelError(f"model server timed out after {timeout_s:g}s ({self.completions_url})") from exc
        except httpx.HTTPError as exc:
            raise ModelError(f"model server unreachable at {self.completions_url}: {exc}") from exc
        if response.status_code != 200:
            raise ModelError(f"model server answered HTTP {response.status_code}: {response.text[:200]}")
        try:
            return parse_top_logprobs(response.json())
        except json.JSONDecodeError as exc:
            raise ModelError(f"model server sent invalid JSON: {response.text[:200]!r}") from exc


def parse_top_logprobs(payload: Any) -> dict[str, float]:
    """Token -> logprob for the first generated position, from either response shape in use.

    vLLM and OpenAI's legacy format: `choices[0].logprobs.top_logprobs[0]` is a {token: logprob} map.
    llama-server: `choices[0].logprobs.content[0].top_logprobs` is a list of {token, logprob}.
    """
    try:
        logprobs = payload["choices"][0]["logprobs"]
        if isinstance(logprobs, Mapping) and logprobs.get("top_logprobs"):
            top = logprobs["top_logprobs"][0]
            entries = {str(token): float(value) for token, value in top.items()}
        else:
            entries = {str(item["token"]): float(item["logprob"])
                       for item in logprobs["content"][0]["top_logprobs"]}
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        raise ModelError("model server returned no usable logprobs; it must support `logprobs` on "
                         f"/v1/completions (got {json.dumps(payload)[:200]})") from exc
    if not entries:
        raise ModelError("model server returned an empty logprobs list")
    return entries


def label_log_scores(top: Mapping[str, float], labels: Sequence[str]) -> list[float]:
    """Each label's logprob (" B" and "B" both count, best one wins); absent labels get a ceiling.

    A label missing from the top list is at most as likely as the least likely listed token, and at
    most the probability mass the list leaves over. Using that ceiling never overstates how sure
    the model was about the label it did pick.
    """
    best: dict[str, float] = {}
    for token, logprob in top.items():
        text = token.strip()
        if text in labels and math.isfinite(logprob):
            best[text] = max(best.get(text, -math.inf), logprob)
    listed = [value for value in top.values() if math.isfinite(value)]
    leftover = 1.0 - sum(math.exp(value) for value in listed)
    ceiling = min(min(listed, default=0.0), math.log(max(leftover, MIN_PROBABILITY)))
    return [best.get(label, ceiling) for label in labels]
