"""All configuration, read once from the environment (and a `.env` file)."""

from __future__ import annotations

import secrets
from functools import cached_property
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=ROOT / ".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = Field(
        default=f"sqlite:///{DATA_DIR / 'inventorypulse.db'}",
        description="SQLAlchemy URL of the operational database.",
    )
    secret_key: str | None = Field(
        default=None,
        description="Signs JWTs. Generated once into data/secret_key when unset.",
    )
    inventorypulse_admin_username: str | None = None
    inventorypulse_admin_password: str | None = None
    inventorypulse_admin_email: str | None = None
    redis_url: str | None = None

    access_token_minutes: int = 60
    refresh_token_days: int = 30
    bcrypt_rounds: int = 12
    scheduler_enabled: bool = True
    # When each job runs: 5-field crontab expressions, UTC (minute hour day-of-month month day-of-week).
    job_alert_scan_cron: str = Field(default="5 * * * *", description="Alert scan: hourly.")
    job_auto_resolve_cron: str = Field(default="35 */6 * * *", description="Auto-resolve alerts: every 6 hours.")
    job_nightly_forecast_cron: str = Field(
        default="15 2 * * *", description="Forecasts, replenishment plans, then an alert scan: nightly."
    )
    job_warehouse_sync_cron: str = Field(
        default="45 3 * * *", description="Warehouse sync: nightly, after the forecast."
    )
    # Seconds between the scheduler's leadership checks, and how long a leader's lease lasts without renewal.
    scheduler_heartbeat_seconds: int = Field(default=20, ge=1, le=3600)
    scheduler_lease_seconds: int = Field(default=90, ge=5, le=86400)

    minimax_api_key: str | None = None
    minimax_base_url: str = "https://api.minimax.io"
    minimax_model: str = "MiniMax-M2"
    minimax_timeout: float = 60.0

    snowflake_account: str | None = None
    snowflake_user: str | None = None
    snowflake_password: str | None = None
    snowflake_warehouse: str | None = None
    snowflake_database: str | None = None
    snowflake_schema: str | None = None
    snowflake_role: str | None = None
    # Embedded analytics target when Snowflake is not configured. Default: <app db>-analytics.db beside a
    # SQLite database, or the `analytics` schema of a PostgreSQL one.
    analytics_database_url: str | None = None

    @field_validator("job_alert_scan_cron", "job_auto_resolve_cron", "job_nightly_forecast_cron",
                     "job_warehouse_sync_cron")
    @classmethod
    def _five_field_cron(cls, value: str) -> str:
        # The full check (ranges, names) is APScheduler's, when the scheduler starts; this catches the shape.
        if len(value.split()) != 5:
            raise ValueError("must be a crontab expression with 5 fields, e.g. '5 * * * *'")
        return " ".join(value.split())

    @cached_property
    def jwt_secret(self) -> str:
        """The configured SECRET_KEY, or one generated once and kept under data/."""
        if self.secret_key:
            return self.secret_key
        path = DATA_DIR / "secret_key"
        path.parent.mkdir(parents=True, exist_ok=True)
        try:  # "x" mode: the first process to start wins, the others read its key
            with open(path, "x") as fh:
                fh.write(secrets.token_urlsafe(48))
            path.chmod(0o600)
        except FileExistsError:
            pass
        return path.read_text().strip()

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


settings = Settings()
