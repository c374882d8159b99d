"""Scripted stand-ins for a language model, so the question parser is tested fast and exactly.

`FakeModel` answers from a script and records every prompt, so a test can assert both on what the
product asked and on how it used the answer. `FailingModel` raises ModelError, so a test can check
that the product degrades (rules only, review) instead of failing the user's question.
"""
from __future__ import annotations

import math
from collections import deque
from typing import Callable, Iterable, Mapping, Sequence

from core.llm.base import Choice, ModelError, choice_from_probabilities, validate_labels, validate_timeout

# label -> probability (or any non-negative weight; the fake renormalises over the offered labels)
Answer = Mapping[str, float]
Responder = Callable[[str, Sequence[str]], Answer]


class FakeModel:
    """Answers with scripted label probabilities: a function of (prompt, labels), or a queue."""

    def __init__(self, answers: Responder | Iterable[Answer], *, name: str = "fake") -> None:
        self.name = name
        self.prompts: list[str] = []
        self.warm_up_prefixes: list[str] = []
        self._responder = answers if callable(answers) else None
        self._queue: deque[Answer] = deque() if callable(answers) else deque(answers)

    def choose(self, prompt: str, labels: Sequence[str], *, timeout_s: float) -> Choice:
        checked = validate_labels(labels)
        validate_timeout(timeout_s)
        self.prompts.append(prompt)
        answer = self._next_answer(prompt, checked)
        unknown = sorted(set(answer) - set(checked))
        if unknown:
            raise ValueError(f"scripted answer names labels {unknown} that were not offered {list(checked)}")
        weights = [float(answer.get(label, 0.0)) for label in checked]
        if not all(math.isfinite(weight) and weight >= 0 for weight in weights) or sum(weights) <= 0:
            raise ValueError(f"scripted answer needs non-negative weights with a positive sum, got {dict(answer)}")
        total = sum(weights)
        return choice_from_probabilities(checked, [weight / total for weight in weights])

    def warm_up(self, fixed_prefix: str) -> None:
        self.warm_up_prefixes.append(fixed_prefix)

    def _next_answer(self, prompt: str, labels: Sequence[str]) -> Answer:
        if self._responder is not None:
            return self._responder(prompt, labels)
        if not self._queue:
            # Not a ModelError on purpose: code under test would treat it as a model outage and
            # hide that the test's script is too short.
            raise LookupError(f"FakeModel has no scripted answer left for call #{len(self.prompts)}")
        return self._queue.popleft()


class FailingModel:
    """Always raises ModelError, like a model that cannot load, times out or whose server is down."""

    def __init__(self, message: str = "model unavailable", *, fail_warm_up: bool = True,
                 name: str = "failing") -> None:
        self.name = name
        self.message = message
        self.fail_warm_up = fail_warm_up
        self.calls = 0

    def choose(self, prompt: str, labels: Sequence[str], *, timeout_s: float) -> Choice:
        validate_labels(labels)
        validate_timeout(timeout_s)
        self.calls += 1
        raise ModelError(self.message)

    def warm_up(self, fixed_prefix: str) -> None:
        if self.fail_warm_up:
            raise ModelError(self.message)
