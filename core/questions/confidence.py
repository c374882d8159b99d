"""Confidence: how likely an answer is to be right, from signals that really predict errors.

Each signal that applies multiplies the confidence by (1 - its penalty) and adds a reason a
reviewer can read. The penalties and the review threshold live in the policy file
(`[confidence]` and `[review]` in config/policy.toml) so an MSP can tune them without code.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# Signal names; their penalties come from the policy file.
SIGNALS = (
    "metric_ambiguous",      # the rule parser saw words for several metrics
    "metric_from_model",     # no metric words: only the model's choice names it
    "model_disagrees",       # the model confidently chose another metric
    "model_unavailable",     # no model answer (failed to load, timed out)
    "grouping_disagrees",    # the model chose another grouping than the parser
    "name_fuzzy",            # a client/staff/vendor name matched with a typo or partially
    "name_ambiguous",        # a name matched several stored names
    "period_assumed",        # the period needed an assumption ("Q3" read as the latest Q3)
    "period_ambiguous",      # the period has two plausible readings
    "period_outside_data",   # the period is partly or wholly outside the stored data
    "rows_rejected",         # the snapshots used had rejected rows
    "data_gaps",             # rows left out of the computation (no rate, no cost)
    "mixed_currencies",      # money in several currencies summed
    "tiny_sample",           # very few rows behind the number
    "follow_up",             # the question leaned on the previous one in the thread
    "parse_uncertain",       # an assumption of the rule parser no other signal counts (a spelling fix, ...)
    "unexplained_words",     # words of the question no part of the parse placed (scaled by how many)
    "ranking_unapplied",     # ranking words ("the smallest") with nothing to rank: a total was shown instead
    "figure_left_out",       # two figures named side by side ("labor and licenses"); the answer shows one
)


@dataclass
class Confidence:
    penalties: Mapping[str, float]
    value: float = 1.0
    reasons: list[str] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)

    def lower(self, signal: str, reason: str, *, weight: float = 1.0) -> None:
        """Apply a signal; `weight` in [0, 1] scales it (e.g. by how sure the model was)."""
        if signal not in SIGNALS:
            raise ValueError(f"unknown confidence signal {signal!r}")
        penalty = min(max(self.penalties.get(signal, 0.0) * weight, 0.0), 1.0)
        self.value *= 1.0 - penalty
        self.signals.append(signal)
        self.reasons.append(reason)

    @property
    def score(self) -> float:
        return round(self.value, 2)
