"""Test jobs: a probe (counts its calls) and a job that always fails, registered for one test."""

from __future__ import annotations

import pytest

from inventorypulse.jobs.base import JobOutcome, JobSpec
from inventorypulse.jobs.registry import JOBS


class Probe:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, ctx) -> JobOutcome:
        self.calls += 1
        ctx.progress(0.5, "Half way")
        return JobOutcome({"calls": self.calls}, "probed")


@pytest.fixture
def probe(monkeypatch) -> Probe:
    fn = Probe()
    monkeypatch.setitem(JOBS, "probe", JobSpec("probe", "Probe", "Counts its runs.", "job_alert_scan_cron", fn))
    return fn


@pytest.fixture
def failing(monkeypatch) -> str:
    def explode(_ctx) -> JobOutcome:
        raise RuntimeError("the warehouse is on fire")

    monkeypatch.setitem(JOBS, "boom", JobSpec("boom", "Boom", "Always fails.", "job_alert_scan_cron", explode))
    return "boom"
