"""What a job is: a named function that does its work through services and reports counts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from ..config import settings
from ..db import session_scope

ProgressFn = Callable[[float, str], None]


def no_progress(_fraction: float, _message: str) -> None:
    return None


@dataclass(frozen=True)
class JobContext:
    engine: Engine
    progress: ProgressFn = no_progress  # (fraction 0..1, what is happening)
    triggered_by: str = "scheduler"


@dataclass
class JobOutcome:
    counts: dict[str, int] = field(default_factory=dict)
    detail: str = ""


@dataclass(frozen=True)
class JobSpec:
    name: str
    title: str
    description: str
    cron_setting: str  # the Settings field holding its crontab (env var <FIELD>)
    run: Callable[[JobContext], JobOutcome]

    @property
    def cron(self) -> str:
        return getattr(settings, self.cron_setting)


def in_one_transaction(service: Callable) -> Callable[[JobContext], JobOutcome]:
    """A job that is one service call in one transaction; the result has counts() and summary()."""
    def run(ctx: JobContext) -> JobOutcome:
        with session_scope(ctx.engine) as session:
            result = service(session, progress=ctx.progress)
        return JobOutcome(result.counts(), result.summary())
    return run
