"""Environment (and `.env`) -> one typed Settings object.

Every entry point (CLI, server, Slack listeners, sandbox) reads configuration through
`load_settings()`, so a variable means the same thing everywhere and README can list them all.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from apscheduler.triggers.cron import CronTrigger
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore",
                                      populate_by_name=True)

    data_dir: Path = Field(Path("data"), alias="MOAT_DATA_DIR")
    database_url: str | None = Field(None, alias="MOAT_DATABASE_URL")
    secret_key: str | None = Field(None, alias="MOAT_SECRET_KEY", repr=False)
    currency: str = Field("USD", alias="MOAT_CURRENCY")
    date_order: Literal["MDY", "DMY"] = Field("MDY", alias="MOAT_DATE_ORDER")
    max_upload_mb: float = Field(200.0, alias="MOAT_MAX_UPLOAD_MB", gt=0)
    max_rows: int = Field(5_000_000, alias="MOAT_MAX_ROWS", gt=0)
    chunk_rows: int = Field(50_000, alias="MOAT_CHUNK_ROWS", gt=0)
    raw_retention_days: int = Field(365, alias="MOAT_RAW_RETENTION_DAYS", ge=0)
    timezone: str = Field("UTC", alias="MOAT_TIMEZONE")
    # Scheduled backups: a crontab line (in MOAT_TIMEZONE), e.g. "30 2 * * *"; unset = no scheduled backups.
    backup_cron: str | None = Field(None, alias="MOAT_BACKUP_CRON")
    backup_retention_days: int = Field(30, alias="MOAT_BACKUP_RETENTION_DAYS", ge=1)

    model_path: str | None = Field(None, alias="MOAT_MODEL_PATH")
    models_dir: Path = Field(PROJECT_ROOT / "models", alias="MOAT_MODELS_DIR")
    llm_url: str | None = Field(None, alias="MOAT_LLM_URL")
    policy_file: Path = Field(PROJECT_ROOT / "config" / "policy.toml", alias="MOAT_POLICY_FILE")
    model_timeout_s: float = Field(5.0, alias="MOAT_MODEL_TIMEOUT_S", gt=0)
    review_threshold: float | None = Field(None, alias="MOAT_REVIEW_THRESHOLD", ge=0, le=1.01)
    admins: str = Field("", alias="MOAT_ADMINS")

    slack_bot_token: str | None = Field(None, alias="SLACK_BOT_TOKEN", repr=False)
    slack_signing_secret: str | None = Field(None, alias="SLACK_SIGNING_SECRET", repr=False)
    slack_app_token: str | None = Field(None, alias="SLACK_APP_TOKEN", repr=False)
    slack_api_url: str = Field("https://slack.com/api/", alias="SLACK_API_URL")
    review_channel: str | None = Field(None, alias="MOAT_REVIEW_CHANNEL")

    @field_validator("currency")
    @classmethod
    def _currency_code(cls, value: str) -> str:
        if len(value) != 3 or not value.isalpha():
            raise ValueError(f"MOAT_CURRENCY must be a 3-letter code, got {value!r}")
        return value.upper()

    @field_validator("backup_cron")
    @classmethod
    def _crontab(cls, value: str | None) -> str | None:
        """A bad MOAT_BACKUP_CRON stops start-up with a message, instead of backups silently never running."""
        if value is None or not value.strip():
            return None
        try:
            CronTrigger.from_crontab(value.strip())
        except ValueError as exc:
            raise ValueError(f"MOAT_BACKUP_CRON must be five crontab fields (minute hour day month weekday), "
                             f"e.g. '30 2 * * *'; got {value!r}: {exc}") from None
        return value.strip()

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def resolved_database_url(self) -> str:
        """PostgreSQL when MOAT_DATABASE_URL says so; else the embedded SQLite file in the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'moatmetrics.db').resolve()}"


def load_settings(**overrides: object) -> Settings:
    """Read the environment; keyword overrides (field names) win, which tests and the CLI use."""
    return Settings(**overrides)
