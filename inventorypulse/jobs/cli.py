"""`python -m inventorypulse jobs list | run <name>`."""

from __future__ import annotations

import argparse
import sys

from ..db import session_scope
from ..services.errors import DomainError
from .history import job_overview
from .runner import run_job


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"


def list_jobs() -> int:
    with session_scope() as session:
        jobs = job_overview(session)
    print(f"{'JOB':<18} {'SCHEDULE (UTC)':<16} {'NEXT RUN':<22} LAST RUN")
    for job in jobs:
        last = job.last_run.line().splitlines()[0] if job.last_run else "never"
        print(f"{job.name:<18} {job.cron:<16} {_when(job.next_run_at):<22} {last}")
    return 0


def run_once(name: str) -> int:
    def show(fraction: float, message: str) -> None:
        print(f"  {fraction:>4.0%} {message}", file=sys.stderr)

    try:
        summary = run_job(name, triggered_by="cli", progress=show)
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(summary.line())
    if summary.detail:
        print(summary.detail)
    return 0 if summary.status == "succeeded" else 1


def main(args: argparse.Namespace) -> int:
    return list_jobs() if args.jobs_command == "list" else run_once(args.name)
