from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from ... import __version__
from ...config import settings
from ...db import get_engine
from ...jobs.scheduler import scheduler_role, scheduler_state
from ...models.base import utcnow
from ...warehouse.status import health_fields as warehouse_health

router = APIRouter(tags=["system"])


class HealthResponse(BaseModel):
    status: str
    timestamp: datetime
    version: str
    dependencies: dict[str, str]


def _database_state() -> str:
    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        return "connected"
    except Exception:  # noqa: BLE001 - health reports, never raises
        return "unavailable"


def _redis_state() -> str:
    if not settings.redis_url:
        return "not_configured"
    try:
        import redis

        redis.Redis.from_url(settings.redis_url, socket_timeout=1).ping()
        return "connected"
    except Exception:  # noqa: BLE001
        return "unavailable"


@router.get("/health", response_model=HealthResponse, summary="Health of the service and its dependencies")
def health() -> HealthResponse:
    deps = {
        "database": _database_state(),
        "scheduler": scheduler_state(),
        # leader: this process runs the scheduled jobs; standby: another process does.
        "scheduler_role": scheduler_role(),
        "redis": _redis_state(),
        "snowflake": "configured" if settings.snowflake_account else "not_configured",
        "minimax": "configured" if settings.minimax_api_key else "offline_mode",
    }
    deps |= warehouse_health()
    status = "ok" if deps["database"] == "connected" else "degraded"
    return HealthResponse(status=status, timestamp=utcnow(), version=__version__, dependencies=deps)
