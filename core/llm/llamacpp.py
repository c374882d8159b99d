"""A GGUF model run in process by llama-cpp-python, answering multiple-choice prompts.

Why not `Llama.create_completion(logprobs=...)`: the library then keeps logits for every position
and turns the whole vocabulary into logprobs per token. One `choose` needs only the last position's
logits for a handful of label tokens, which llama.cpp already holds after a decode.

Why the manual prefix reuse: every question prompt starts with the same long fixed part (task
description, few-shot examples). Keeping its KV cache and evaluating only the new suffix turns a
~600-token forward pass into a ~40-token one per question.
"""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import llama_cpp
import psutil

from core.llm.base import Choice, ModelError, choice_from_log_scores, validate_labels, validate_timeout

# Small batches let a deadline interrupt a long prompt. Measured on 2 shared cores with SmolLM2:
# 64 was as fast as 512 for a 640-token prefix (~1.6 s); 32 was 2-4x slower in 3 of 4 runs.
EVAL_BATCH_TOKENS = 64
GGUF_MAGIC = b"GGUF"


@dataclass(frozen=True)
class CallStats:
    """What the last call cost, so prefix reuse and latency can be observed and tested."""

    prompt_tokens: int
    reused_tokens: int
    evaluated_tokens: int
    latency_ms: float


class LlamaCppModel:
    """One llama.cpp context behind a lock: a context is not thread-safe and holds one KV cache."""

    def __init__(self, path: str | Path, *, n_ctx: int = 2048, n_threads: int | None = None) -> None:
        self.path = Path(path)
        self.name = self.path.stem
        self.n_threads = n_threads or psutil.cpu_count(logical=False) or 1
        self.last_call: CallStats | None = None
        self._lock = threading.Lock()
        self._closed = False
        self._label_tokens: dict[str, tuple[int, ...]] = {}
        _check_gguf_file(self.path)
        started = time.perf_counter()
        try:
            self._llama = llama_cpp.Llama(
                model_path=str(self.path), n_ctx=n_ctx, n_threads=self.n_threads,
                n_threads_batch=self.n_threads, logits_all=False, verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelError(f"could not load model {self.path}: {exc}") from exc
        self.load_ms = (time.perf_counter() - started) * 1000
        self.n_ctx = self._llama.n_ctx()

    def choose(self, prompt: str, labels: Sequence[str], *, timeout_s: float) -> Choice:
        """Score each label as the next token after `prompt`; the deadline includes waiting for the lock."""
        checked = validate_labels(labels)
        timeout = validate_timeout(timeout_s)
        started = time.monotonic()
        deadline = started + timeout
        if not self._lock.acquire(timeout=timeout):
            raise ModelError(f"model timed out after {timeout:g}s waiting for other questions to finish")
        try:
            self._check_open()
            token_ids = [self._label_token_ids(label) for label in checked]
            tokens = self._tokenize(prompt)
            reused = self._evaluate(tokens, deadline, timeout)
            logits = llama_cpp.llama_get_logits_ith(self._llama.ctx, -1)
            scores = [max(float(logits[i]) for i in ids) for ids in token_ids]
            self.last_call = CallStats(len(tokens), reused, len(tokens) - reused,
                                       (time.monotonic() - started) * 1000)
        finally:
            self._lock.release()
        return choice_from_log_scores(checked, scores)

    def warm_up(self, fixed_prefix: str) -> None:
        """Evaluate the fixed prefix now; later prompts starting with it reuse its KV cache."""
        started = time.monotonic()
        with self._lock:
            self._check_open()
            tokens = self._tokenize(fixed_prefix)
            reused = self._evaluate(tokens, math.inf, math.inf)
            self.last_call = CallStats(len(tokens), reused, len(tokens) - reused,
                                       (time.monotonic() - started) * 1000)

    def close(self) -> None:
        """Free the model's memory now rather than whenever the garbage collector runs."""
        with self._lock:
            self._llama.close()
            self._closed = True

    def _check_open(self) -> None:
        # The C context is freed by close(); touching it afterwards would crash the process.
        if self._closed:
            raise ModelError(f"model {self.name} has been closed")

    def _tokenize(self, text: str) -> list[int]:
        # special=True so prompts may use the model's chat markers (e.g. <|im_start|>); the caller
        # must not let user text smuggle such markers in.
        if not text:
            raise ValueError("the prompt is empty")
        tokens = self._llama.tokenize(text.encode("utf-8"), add_bos=True, special=True)
        if len(tokens) > self.n_ctx:
            raise ModelError(f"prompt is {len(tokens)} tokens but the model context holds {self.n_ctx}")
        return tokens

    def _label_token_ids(self, label: str) -> tuple[int, ...]:
        """Token ids for " A" and "A": which one follows "Answer:" depends on the prompt's last space."""
        if label not in self._label_tokens:
            variants = [self._llama.tokenize(text.encode("utf-8"), add_bos=False, special=False)
                        for text in (" " + label, label)]
            single = tuple(ids[0] for ids in variants if len(ids) == 1)
            if not single:
                raise ModelError(f"label {label!r} is not a single token for model {self.name}")
            self._label_tokens[label] = single
        return self._label_tokens[label]

    def _evaluate(self, tokens: list[int], deadline: float, timeout: float) -> int:
        """Bring the context to exactly `tokens`, reusing the longest cached prefix; return tokens reused.

        The last token is always re-evaluated, even when fully cached, because its logits are what
        `choose` reads and llama.cpp only keeps the logits of the latest decode.
        """
        llama = self._llama
        cached = llama.n_tokens
        keep = min(llama_cpp.Llama.longest_token_prefix(llama.input_ids[:cached].tolist(), tokens),
                   len(tokens) - 1)
        if keep < cached and not llama_cpp.llama_memory_seq_rm(
                llama_cpp.llama_get_memory(llama.ctx), -1, keep, -1):
            # Some architectures (recurrent) cannot drop part of their memory: start over.
            llama.reset()
            keep = 0
        llama.n_tokens = keep
        for start in range(keep, len(tokens), EVAL_BATCH_TOKENS):
            _check_deadline(deadline, timeout)
            try:
                llama.eval(tokens[start:start + EVAL_BATCH_TOKENS])
            except RuntimeError as exc:
                llama.reset()
                raise ModelError(f"model {self.name} failed to evaluate the prompt: {exc}") from exc
        _check_deadline(deadline, timeout)
        return keep


def _check_deadline(deadline: float, timeout: float) -> None:
    if time.monotonic() > deadline:
        raise ModelError(f"model timed out after {timeout:g}s")


def _check_gguf_file(path: Path) -> None:
    """Fail with a message an operator can act on, before llama.cpp's generic load error."""
    if not path.is_file():
        raise ModelError(f"model file {path} does not exist or is not a file")
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(GGUF_MAGIC))
    except OSError as exc:
        raise ModelError(f"cannot read model file {path}: {exc}") from exc
    if magic != GGUF_MAGIC:
        raise ModelError(f"model file {path} is not a GGUF file (it starts with {magic!r}, expected {GGUF_MAGIC!r})")
