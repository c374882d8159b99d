"""The multiple-choice contract (Choice, label checks, softmax) through the fake backends."""
import math

import pytest

from core.llm.base import Choice, LanguageModel, ModelError, choice_from_log_scores
from tests.fakes.llm import FailingModel, FakeModel


def test_choice_confidence_and_margin():
    choice = Choice(index=1, label="B", probabilities=(0.2, 0.7, 0.1))
    assert choice.confidence == pytest.approx(0.7)
    assert choice.margin == pytest.approx(0.5)


def test_softmax_over_offered_labels_only():
    choice = choice_from_log_scores(["A", "B"], [math.log(0.1), math.log(0.3)])
    assert choice.label == "B" and choice.index == 1
    assert choice.probabilities == pytest.approx((0.25, 0.75))


def test_softmax_is_stable_for_large_logits_and_breaks_ties_to_first_label():
    choice = choice_from_log_scores(["A", "B", "C"], [1000.0, 1000.0, -1000.0])
    assert choice.label == "A"
    assert choice.probabilities == pytest.approx((0.5, 0.5, 0.0))


def test_non_finite_scores_are_a_model_error():
    with pytest.raises(ModelError, match="unusable scores"):
        choice_from_log_scores(["A", "B"], [float("nan"), 0.0])


def test_scripted_queue_answers_in_order_and_records_prompts():
    model = FakeModel([{"A": 0.9, "B": 0.1}, {"C": 3.0, "A": 1.0}])
    first = model.choose("q1 Answer:", ["A", "B"], timeout_s=1)
    second = model.choose("q2 Answer:", ["A", "B", "C"], timeout_s=1)
    assert (first.label, first.confidence) == ("A", pytest.approx(0.9))
    # Weights are renormalised over the offered labels; unnamed labels get 0.
    assert second.label == "C" and second.probabilities == pytest.approx((0.25, 0.0, 0.75))
    assert model.prompts == ["q1 Answer:", "q2 Answer:"]


def test_function_responder_sees_prompt_and_labels():
    model = FakeModel(lambda prompt, labels: {labels[-1]: 1.0} if "last" in prompt else {labels[0]: 1.0})
    assert model.choose("pick the last", ["A", "B", "C"], timeout_s=1).label == "C"
    assert model.choose("pick the first", ["A", "B", "C"], timeout_s=1).label == "A"


def test_exhausted_script_is_not_mistaken_for_a_model_outage():
    model = FakeModel([{"A": 1.0}])
    model.choose("p", ["A", "B"], timeout_s=1)
    with pytest.raises(LookupError, match="no scripted answer left for call #2"):
        model.choose("p", ["A", "B"], timeout_s=1)


def test_scripted_answer_naming_a_label_not_offered_is_rejected():
    with pytest.raises(ValueError, match=r"\['D'\] that were not offered"):
        FakeModel([{"D": 1.0}]).choose("p", ["A", "B"], timeout_s=1)


def test_scripted_answer_with_zero_weights_is_rejected():
    with pytest.raises(ValueError, match="positive sum"):
        FakeModel([{"A": 0.0}]).choose("p", ["A", "B"], timeout_s=1)


@pytest.mark.parametrize("labels, message", [
    (["A"], "at least two labels"),
    ("AB", "not the string"),
    (["A", "b"], "single uppercase letters"),
    (["A", "BB"], "single uppercase letters"),
    (["A", "A"], "distinct"),
    ([chr(65 + i) for i in range(26)] + ["A"], "at most 26"),
])
def test_bad_labels_get_a_clear_message(labels, message):
    with pytest.raises(ValueError, match=message):
        FakeModel([{"A": 1.0}]).choose("p", labels, timeout_s=1)


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), "1", True])
def test_bad_timeout_gets_a_clear_message(timeout):
    with pytest.raises(ValueError, match="timeout_s must be a positive number"):
        FakeModel([{"A": 1.0}]).choose("p", ["A", "B"], timeout_s=timeout)


def test_warm_up_is_recorded():
    model = FakeModel([])
    model.warm_up("fixed part")
    assert model.warm_up_prefixes == ["fixed part"]


def test_failing_model_raises_model_error_and_counts_calls():
    model = FailingModel("model timed out after 5s", fail_warm_up=False)
    model.warm_up("prefix")
    with pytest.raises(ModelError, match="timed out"):
        model.choose("p", ["A", "B"], timeout_s=5)
    assert model.calls == 1
    with pytest.raises(ModelError):
        FailingModel().warm_up("prefix")


def test_fakes_satisfy_the_language_model_protocol():
    assert isinstance(FakeModel([]), LanguageModel)
    assert isinstance(FailingModel(), LanguageModel)
