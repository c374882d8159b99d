"""Local language-model backends that answer multiple-choice questions (see base.py for why)."""
from core.llm.base import Choice, LanguageModel, ModelError

__all__ = ["Choice", "LanguageModel", "ModelError"]
