"""Confidence arithmetic and the policy keys that drive it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from config.settings import PROJECT_ROOT
from core.governance.policy import Policy, PolicyError
from core.questions.confidence import SIGNALS, Confidence

POLICY = (PROJECT_ROOT / "config" / "policy.toml").read_text(encoding="utf-8")


def test_each_signal_multiplies_confidence_and_leaves_a_reason() -> None:
    confidence = Confidence({"name_fuzzy": 0.2, "model_disagrees": 0.5})
    confidence.lower("name_fuzzy", "'acme dentl' was read as Acme Dental")
    confidence.lower("model_disagrees", "the model read it as spend", weight=0.4)  # 0.5 x 0.4 = 0.2
    assert confidence.score == pytest.approx(0.8 * 0.8)
    assert confidence.reasons == ["'acme dentl' was read as Acme Dental", "the model read it as spend"]


def test_an_unknown_signal_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown confidence signal"):
        Confidence({}).lower("vibes", "no")


def test_the_shipped_policy_prices_every_signal() -> None:
    review = Policy.load(PROJECT_ROOT / "config" / "policy.toml").review
    assert set(review.penalties) == set(SIGNALS)
    assert review.always_review <= set(SIGNALS)
    assert 0 < review.model_alone_min_confidence <= 1


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: re.sub(r"\[confidence\].*?(?=\n\[roles\])", "", t, flags=re.S), r"\[confidence\] is missing"),
    (lambda t: t.replace("follow_up = 0.05", "follow_up = 1.5"), r"confidence.follow_up must be between 0 and 1"),
    (lambda t: t.replace('always_review = ["mixed_currencies"', 'always_review = ["gut_feeling"'),
     r"review.always_review names unknown signal"),
    (lambda t: t.replace("model_alone_min_confidence = 0.6", "model_alone_min_confidence = 2"),
     r"model_alone_min_confidence must be between 0 and 1"),
])
def test_a_bad_confidence_policy_names_the_key(tmp_path: Path, change, message: str) -> None:  # noqa: ANN001
    with pytest.raises(PolicyError, match=message):
        Policy.load(_write(tmp_path, change(POLICY)))
