"""The question reader as an explicit pipeline: pipeline.py lists the steps in the order they run."""
from core.questions.parse.pipeline import STEPS, parse
from core.questions.parse.reading import Doubt, MetricCandidate, RuleParse

__all__ = ["STEPS", "Doubt", "MetricCandidate", "RuleParse", "parse"]
