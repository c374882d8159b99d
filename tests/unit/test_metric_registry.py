"""The metric registry is the one home of every per-metric fact: each metric is complete there, and
everything that speaks of metrics (phrases, the model's options, the engine) agrees with it.

The last test fails when a per-metric table appears anywhere else in core/: such a table silently
misses the next metric added to the registry.
"""
from __future__ import annotations

import ast
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

from config.settings import Settings
from core.engine.intent import Intent
from core.engine.metrics import METRICS, UNITS, by_precedence, forms
from core.engine.query import run_query
from core.questions import lexicon
from core.questions.model_reading import FIXED_PROMPT, METRIC_OPTIONS, NOT_DATA
from core.questions.wording import metric_label
from storage.db import Database

CORE = Path(__file__).resolve().parents[2] / "core"
PHRASES = tomllib.loads((CORE / "questions" / "phrases.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", list(METRICS))
def test_every_metric_is_described_in_full(name: str) -> None:
    metric = METRICS[name]
    assert metric.name == name and metric.unit in UNITS
    assert metric.label and metric.description and metric.formula and metric.model_hint
    assert metric.measures and metric.entities
    assert metric.higher_is_better in (True, False, None)
    assert metric.groupings or name == "client_count"


def test_precedence_is_a_strict_order() -> None:
    ranks = [m.precedence for m in METRICS.values()]
    assert len(set(ranks)) == len(ranks), "two metrics share a precedence: ties would depend on dict order"


@pytest.mark.parametrize(("kind", "units"), [("percent", {"percent"}), ("count", {"count", "seats"}),
                                             ("money", {"money"}), ("rate", {"money"})])
def test_other_forms_are_metrics_of_the_right_unit(kind: str, units: set[str]) -> None:
    for name, form in forms(kind).items():
        assert form in METRICS, f"{name}'s {kind} form {form!r} is not a metric"
        assert METRICS[form].unit in units, f"{name}'s {kind} form {form} is in {METRICS[form].unit}"


@pytest.mark.parametrize("name", list(METRICS))
def test_every_metric_has_a_phrase_that_names_it(name: str) -> None:
    definite = [p for p in lexicon.METRIC_PHRASES if p.weights.get(name) == lexicon.DEFINITE]
    assert definite, f"phrases.toml has no phrase that names {name} outright"


def test_phrases_name_only_registry_metrics_and_known_fragments() -> None:
    for entry in PHRASES["phrase"]:
        assert set(entry["weights"]) <= METRICS.keys(), entry["weights"]
        text = entry["pattern"] if isinstance(entry["pattern"], str) else "|".join(entry["pattern"])
        for name, _ in re.findall(r"\{\{(\w+)(?: (\d+))?\}\}", text):
            assert name == "gap" or name in PHRASES["fragments"], f"unknown fragment {{{{{name}}}}}"


def test_the_model_is_offered_every_metric_in_precedence_order() -> None:
    assert METRIC_OPTIONS == (*[m.name for m in by_precedence()], NOT_DATA)
    for metric in METRICS.values():
        assert f"{metric.name} ({metric.model_hint})" in FIXED_PROMPT


@pytest.mark.parametrize("name", list(METRICS))
def test_the_engine_computes_every_metric(name: str, database: Database, settings: Settings) -> None:
    """On an empty database: a value or a stated reason it is undefined, never an error."""
    result = run_query(database, settings, Intent(metric=name), as_of=date(2026, 1, 1))
    assert result.value is not None or result.facts.undefined or result.facts.gaps
    assert metric_label(name) == METRICS[name].label


def _per_metric(node: ast.AST) -> bool:
    """Three or more metric names, and mostly metric names (a word list such as the spelling
    corrector's, where "revenue" is one word among ninety, is not a table of metrics)."""
    elements = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", [])
    strings = [e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    metrics = [s for s in strings if s in METRICS]
    return len(metrics) >= 3 and 2 * len(metrics) > len(strings)


def test_no_per_metric_table_outside_the_registry() -> None:
    """A literal dict, tuple, list or set keyed by metric names is a per-metric table."""
    found = []
    for path in CORE.rglob("*.py"):
        if path == CORE / "engine" / "metrics.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Dict, ast.Tuple, ast.List, ast.Set)) and _per_metric(node):
                found.append(f"{path.relative_to(CORE)}:{node.lineno}")
    assert not found, f"per-metric tables outside core/engine/metrics.py: {found}"
