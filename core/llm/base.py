"""What every language-model backend offers: one multiple-choice answer per forward pass.

The model never writes free text or numbers for MoatMetrics. The caller builds a prompt that lists
options labelled "A", "B", ... and ends right before the answer; the backend reads how likely each
label is as the next token. Those probabilities, normalised over the offered labels only, are the
evidence the confidence score is built from, so every backend must return them the same way.
"""
from __future__ import annotations

import math
import string
from dataclasses import dataclass
from typing import Protocol, Sequence, runtime_checkable

MAX_LABELS = 26


class ModelError(RuntimeError):
    """The model could not answer: it failed to load, timed out, or its server misbehaved.

    Callers catch this one type to degrade gracefully (rules only, or an answer sent to review)
    instead of failing the user's question.
    """


@dataclass(frozen=True)
class Choice:
    """The option the model picked and how sure it was, over the offered labels only."""

    index: int
    label: str
    probabilities: tuple[float, ...]

    @property
    def confidence(self) -> float:
        """Probability of the chosen option."""
        return self.probabilities[self.index]

    @property
    def margin(self) -> float:
        """Top-1 minus top-2 probability: a small margin means the model hesitated."""
        ranked = sorted(self.probabilities, reverse=True)
        return ranked[0] - ranked[1]


@runtime_checkable
class LanguageModel(Protocol):
    """A backend that answers multiple-choice prompts (llama.cpp in process, a server, a fake)."""

    name: str

    def choose(self, prompt: str, labels: Sequence[str], *, timeout_s: float) -> Choice:
        """Pick one of `labels` as the continuation of `prompt` (which ends with e.g. "Answer:")."""
        ...

    def warm_up(self, fixed_prefix: str) -> None:
        """Process the fixed start of later prompts once, so each call pays only for its own tokens."""
        ...


def validate_labels(labels: Sequence[str]) -> tuple[str, ...]:
    """Check labels are 2-26 distinct single uppercase letters; raise ValueError naming the problem.

    Single letters are single tokens in every tokenizer we use, which is what lets one forward pass
    score every option.
    """
    if isinstance(labels, str):
        raise ValueError(f"labels must be a sequence of letters such as ['A', 'B'], not the string {labels!r}")
    checked = tuple(labels)
    if len(checked) < 2:
        raise ValueError(f"offer at least two labels to choose from, got {list(checked)!r}")
    if len(checked) > MAX_LABELS:
        raise ValueError(f"at most {MAX_LABELS} labels (A-Z) can be offered, got {len(checked)}")
    bad = [label for label in checked if not (isinstance(label, str) and len(label) == 1
                                              and label in string.ascii_uppercase)]
    if bad:
        raise ValueError(f"labels must be single uppercase letters A-Z, got {bad!r}")
    if len(set(checked)) != len(checked):
        raise ValueError(f"labels must be distinct, got {list(checked)!r}")
    return checked


def validate_timeout(timeout_s: float) -> float:
    """A timeout must be a positive number of seconds; anything else is a caller's mistake."""
    if isinstance(timeout_s, bool) or not isinstance(timeout_s, (int, float)) or not timeout_s > 0:
        raise ValueError(f"timeout_s must be a positive number of seconds, got {timeout_s!r}")
    return float(timeout_s)


def choice_from_log_scores(labels: Sequence[str], log_scores: Sequence[float]) -> Choice:
    """Softmax over the offered labels' log-scores (logits or logprobs) and pick the most likely.

    Normalising over the offered labels only, not the whole vocabulary, makes the probabilities
    comparable across backends and prompts: they answer "which of these options", nothing else.
    """
    if len(labels) != len(log_scores):
        raise ValueError(f"{len(labels)} labels but {len(log_scores)} scores")
    if not all(math.isfinite(score) for score in log_scores):
        raise ModelError(f"the model returned unusable scores {list(log_scores)!r}")
    top = max(log_scores)
    weights = [math.exp(score - top) for score in log_scores]
    total = sum(weights)
    return choice_from_probabilities(labels, [weight / total for weight in weights])


def choice_from_probabilities(labels: Sequence[str], probabilities: Sequence[float]) -> Choice:
    """The most likely label; ties go to the earliest label so the result is deterministic."""
    index = max(range(len(labels)), key=lambda i: (probabilities[i], -i))
    return Choice(index=index, label=labels[index], probabilities=tuple(probabilities))
