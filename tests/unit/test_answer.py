"""The question path end to end in process: numbers come only from the engine, the model's
reading counts, and a failing model degrades to a reviewed rules-only answer."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from config.settings import Settings
from tests.fakes.llm import FailingModel, FakeModel
from core.governance.policy import Actor
from core.questions.answer import QuestionAnswerer
from core.questions.evaluation import load_questions
from core.questions.model_reading import GROUP_LABELS, GROUP_OPTIONS, METRIC_LABELS, METRIC_OPTIONS
from sandbox.sample_data import write_sample_dataset
from core.service import Service

QUESTIONS = Path(__file__).resolve().parents[1] / "eval" / "questions.jsonl"
AS_OF = date(2026, 11, 21)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    tmp = tmp_path_factory.mktemp("answers")
    settings = Settings(data_dir=tmp / "data", secret_key="k", database_url=None)
    service = Service(settings, load_language_model=False)
    for path in write_sample_dataset(tmp / "sample", end=date(2026, 10, 31)):
        service.upload(path, path.name, Actor.cli())
    return service


def _answerer(service: Service, model) -> QuestionAnswerer:  # noqa: ANN001 - any LanguageModel
    return QuestionAnswerer(service.db, service.settings, service.review_rules, model=model)


def _picks(metric: str, group: str = "none") -> FakeModel:
    """A model that always reads the question as `metric` grouped by `group`, with conviction."""
    def respond(prompt: str, labels: list[str]) -> dict[str, float]:
        options, chosen = ((METRIC_OPTIONS, metric) if list(labels) == list(METRIC_LABELS)
                           else (GROUP_OPTIONS, group))
        wanted = (METRIC_LABELS if options is METRIC_OPTIONS else GROUP_LABELS)[options.index(chosen)]
        return {label: (0.9 if label == wanted else 0.1 / (len(labels) - 1)) for label in labels}
    return FakeModel(respond)


def _numbers(text: str) -> set[float]:
    text = re.sub(r"\b(?:Q[1-4]|H[12])\b", "", text)
    return {abs(float(n.replace(",", ""))) for n in re.findall(r"-?\d[\d,]*(?:\.\d+)?", text)}


def test_every_number_in_an_answer_comes_from_the_engine(service: Service) -> None:
    answerer = _answerer(service, _picks("revenue"))
    checked = 0
    for question in load_questions(QUESTIONS):
        answer = answerer.ask(question.question, as_of=question.as_of)
        if not answer.answered:
            assert answer.result is None or answer.result.value is None or str(answer.result.value) not in answer.answer
            continue
        allowed = _numbers(str(answer.result.to_json())) | _numbers(str(answer.intent.to_json()))
        allowed |= {float(len(answer.result.rows)), float(len(answer.result.rows) - 5)}  # "top 5 … and N more"
        if answer.intent.period is not None:  # "last 6 months": the question's own words, not a computed number
            allowed |= _numbers(answer.intent.period.label)
        assert _numbers(answer.answer) <= allowed, (question.id, answer.answer)
        checked += 1
    assert checked > 200


def test_agreeing_model_keeps_confidence_and_a_disagreeing_one_lowers_it(service: Service) -> None:
    question = "What was our revenue in Q3 2026?"
    agreeing = _answerer(service, _picks("revenue")).ask(question, as_of=AS_OF)
    disagreeing = _answerer(service, _picks("spend", "client")).ask(question, as_of=AS_OF)
    assert agreeing.result.value == disagreeing.result.value  # the model never changes the number
    assert agreeing.confidence > disagreeing.confidence
    assert any("language model read it as spend" in r for r in disagreeing.review_reasons)
    assert any("group by client" in r for r in disagreeing.review_reasons)


def test_the_model_settles_a_metric_the_rules_found_ambiguous(service: Service) -> None:
    rules_alone = QuestionAnswerer(service.db, service.settings, service.review_rules, model=None, rules_only=True)
    question = "what did Acme Dental cost us last quarter?"
    candidates = rules_alone.ask(question, as_of=AS_OF)
    settled = _answerer(service, _picks("labor_cost")).ask(question, as_of=AS_OF)
    assert settled.intent.metric == "labor_cost"
    if candidates.intent is not None and candidates.intent.metric != "labor_cost":
        assert settled.confidence >= candidates.confidence or settled.needs_review


def test_a_failing_model_degrades_to_rules_and_review(service: Service) -> None:
    answer = _answerer(service, FailingModel("model timed out after 5s")).ask(
        "Which client had the worst margin in Q3 2026?", as_of=AS_OF)
    assert answer.answered and answer.result.rows[0].label == "Evergreen Schools"
    assert answer.needs_review
    assert any("language model failed" in r for r in answer.review_reasons)


def test_a_model_guess_alone_is_declined_unless_sure_and_then_always_reviewed(service: Service) -> None:
    unsure = FakeModel(lambda prompt, labels: {label: 1.0 for label in labels})
    declined = _answerer(service, unsure).ask("asdf qwerty zxcv", as_of=AS_OF)
    assert not declined.answered and declined.result is None
    sure = _answerer(service, _picks("profit")).ask("asdf qwerty zxcv", as_of=AS_OF)
    assert sure.needs_review and any("the model guessed profit" in r for r in sure.review_reasons)


def test_no_data_for_the_period_is_declined(service: Service) -> None:
    answer = _answerer(service, _picks("revenue")).ask("revenue in 2031", as_of=AS_OF)
    assert not answer.answered and "no data for 2031" in answer.answer
