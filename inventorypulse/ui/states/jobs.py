"""Jobs panel (admins only): the scheduled jobs, "Run now" with live progress, recent runs, and the
alert rule settings. Every handler checks the signed-in user on the server, not just the page."""

from __future__ import annotations

import asyncio

import reflex as rx

from ...db import session_scope
from ...jobs import history, runner
from ...jobs.registry import JOBS
from ...models.status import JobStatus
from ...services import alerts, permissions
from ...services.errors import DomainError
from ...services.permissions import Perm
from .. import format as fmt
from .auth import AuthState
from .common import acting_user, whole_or_raw
from .paging import PagedMixin

PAGE_SIZE = 15
POLL_SECONDS = 0.4
ALL_JOBS = "all"
# (setting, label, what it watches); the day windows are edited next to their rule.
RULES = [
    ("out_of_stock", "Out of stock", "Nothing left to sell (critical)."),
    ("low_stock", "Low stock", "Available stock at or below the product's reorder threshold."),
    ("overstock", "Overstock", "On-hand stock above the product's maximum stock level."),
    ("expiry_warning", "Expiring lots", "Lots in stock that expire within the window below."),
    ("reorder_suggestion", "Reorder suggestion", "Available stock at or below the replenishment plan's reorder point."),
    ("predicted_stockout", "Predicted stockout", "Forecast stockout within the lead time plus the days below."),
]
DAY_FIELDS = ("expiry_warning_days", "predicted_stockout_days")


def describe_cron(cron: str) -> str:
    """Plain words for the usual shapes ('5 * * * *' -> 'Hourly at :05'); anything else as written."""
    minute, hour, dom, month, dow = cron.split()
    if not minute.isdigit() or (dom, month, dow) != ("*", "*", "*"):
        return f"cron {cron}"
    if hour == "*":
        return f"Hourly at :{int(minute):02d}"
    if hour.startswith("*/") and hour[2:].isdigit():
        return f"Every {hour[2:]} h at :{int(minute):02d}"
    if hour.isdigit():
        return f"Daily at {int(hour):02d}:{int(minute):02d} UTC"
    return f"cron {cron}"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:,.1f} s"


def _counts(counts: dict) -> str:
    shown = [f"{k.replace('_', ' ')} {v:,}" for k, v in counts.items() if v]
    return ", ".join(shown) or "no changes"


def _run_row(run: runner.RunSummary) -> dict[str, str]:
    result = run.error.splitlines()[0] if run.error else _counts(run.counts) if run.finished_at else "…"
    return {"id": str(run.id), "job": JOBS[run.job_name].title if run.job_name in JOBS else run.job_name,
            "status": run.status, "started": fmt.ago(run.started_at), "started_at": f"{run.started_at:%Y-%m-%d %H:%M}",
            "duration": _duration(run.seconds), "result": result, "by": run.triggered_by or "—"}


def _last_run_line(last: runner.RunSummary | None) -> str:
    if last is None:
        return "Not run yet."
    if last.status == JobStatus.RUNNING:
        return f"Started {fmt.ago(last.started_at)} by {last.triggered_by or 'the scheduler'} · running…"
    return f"{fmt.ago(last.started_at)} · {_duration(last.seconds)} · {_run_row(last)['result']}"


def _job_card(job: history.JobInfo) -> dict[str, str]:
    return {"name": job.name, "title": job.title, "description": job.description, "cron": job.cron,
            "schedule": describe_cron(job.cron),
            "next_run": f"{job.next_run_at:%Y-%m-%d %H:%M} UTC" if job.next_run_at else "—",
            "last_status": job.last_run.status if job.last_run else "never", "last_run": _last_run_line(job.last_run)}


class JobsState(PagedMixin, AuthState):
    jobs: list[dict[str, str]] = []
    runs: list[dict[str, str]] = []
    run_filter: str = ALL_JOBS

    active_job: str = ""  # started with "Run now" from this page
    progress: int = 0
    progress_message: str = ""

    rules_enabled: dict[str, bool] = {}
    day_values: dict[str, str] = {}
    settings_errors: dict[str, str] = {}
    settings_saving: bool = False

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return None
        if not self.is_admin:
            return [rx.redirect("/"), rx.toast.error("Only an admin can see the jobs.")]
        self.page, self.settings_errors = 1, {}
        self._load_settings()
        return self._reload()

    def _reload(self):
        try:
            with session_scope() as session:
                self.jobs = [_job_card(j) for j in history.job_overview(session)]
                result = history.list_runs(session, job_name=None if self.run_filter == ALL_JOBS else self.run_filter,
                                           page=self.page, limit=PAGE_SIZE)
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self.runs = [_run_row(r) for r in result.items]
        self.total, self.total_pages = result.total, result.total_pages
        return None

    def _load_settings(self) -> None:
        with session_scope() as session:
            current = alerts.get_alert_settings(session).as_dict()
        self.rules_enabled = {name: bool(current[f"{name}_enabled"]) for name, _, _ in RULES}
        self.day_values = {f: str(current[f]) for f in DAY_FIELDS}

    @rx.event
    def refresh(self):
        return self._reload()

    @rx.event
    def filter_runs(self, job_name: str):
        self.run_filter, self.page = job_name, 1
        return self._reload()

    def _show_page(self):
        return self._reload()

    # --- run now ---------------------------------------------------------------------------------

    @rx.event(background=True)
    async def run_now(self, name: str):
        """Start `name` in this process, then follow its progress until the recorded run finishes."""
        refused = ""
        async with self:
            if self.active_job:
                return
            try:
                with session_scope() as session:
                    user = acting_user(self, session)
                    permissions.require(user, Perm.JOB_ADMIN)
                run = runner.start_job(name, triggered_by=f"ui:{user.username}")
                self.active_job, self.progress, self.progress_message = name, 0, "Starting"
            except DomainError as exc:  # not allowed, unknown job, or already running elsewhere
                refused = exc.message
            self._reload()
        if refused:
            yield rx.toast.error(refused)
            return
        while True:
            await asyncio.sleep(POLL_SECONDS)
            live = runner.progress_of(run.id)
            with session_scope() as session:
                current = runner.get_run(session, run.id)
            async with self:
                if live:
                    self.progress, self.progress_message = round(live[0] * 100), live[1]
                if current.status != JobStatus.RUNNING:
                    self.active_job, self.progress, self.progress_message = "", 100, ""
                    self._reload()
                    break
        title = JOBS[name].title
        if current.status == JobStatus.SUCCEEDED:
            yield rx.toast.success(f"{title} finished in {_duration(current.seconds)}: {_counts(current.counts)}.")
        else:
            yield rx.toast.error(f"{title} failed: {_run_row(current)['result']}")

    # --- alert settings --------------------------------------------------------------------------

    @rx.event
    def toggle_rule(self, name: str, enabled: bool):
        self.rules_enabled[name] = enabled

    @rx.event
    def set_expiry_days(self, value: str):
        self.day_values["expiry_warning_days"] = value

    @rx.event
    def set_stockout_days(self, value: str):
        self.day_values["predicted_stockout_days"] = value

    @rx.event
    def reset_settings(self):
        self.settings_errors = {}
        self._load_settings()

    @rx.event
    def save_settings(self):
        changes = {f"{name}_enabled": on for name, on in self.rules_enabled.items()}
        for f in DAY_FIELDS:
            value = whole_or_raw(self.day_values.get(f, ""))
            changes[f] = "" if value is None else value  # empty: the service says it must be a number
        self.settings_saving, self.settings_errors = True, {}
        yield
        try:
            with session_scope() as session:
                alerts.update_alert_settings(session, user=acting_user(self, session), changes=changes)
        except DomainError as exc:
            self.settings_saving, self.settings_errors = False, exc.field_errors()
            yield rx.toast.error("Alert settings not saved: check the fields marked in red."
                                 if self.settings_errors else exc.message)
            return
        self.settings_saving = False
        self._load_settings()
        yield rx.toast.success("Alert settings saved. The next alert scan uses them.")
