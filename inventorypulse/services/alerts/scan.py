"""The alert engine: raise, refresh and auto-resolve rule alerts for the whole catalogue at once.

Per enabled rule, its candidate SELECT (rules.py) is evaluated once into a temporary table, then three
bulk statements read it:
  1. UPDATE … FROM the candidates: refresh the open alert of each product × type whose figures changed
     (an acknowledged alert whose severity rises becomes active again, so someone sees it);
  2. INSERT … SELECT: raise an alert for candidates without an open one (the partial unique index
     `uq_alerts_open_product_type` guarantees at most one open alert per product × type);
  3. UPDATE: resolve open rule alerts whose product is no longer a candidate, with a note saying why.
No per-product Python: the cost is one evaluation of each rule plus three indexed joins.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateTable, DropTable
from sqlmodel import Session

from ...models import Alert
from ...models.base import utcnow
from ...models.status import OPEN_ALERT_STATUSES, AlertSeverity, AlertStatus
from .. import audit
from .rules import CANDIDATE_COLUMNS, RULES, Context, Rule, text_of
from .settings import AlertSettings, get_alert_settings

A = Alert.__table__
# Scratch table holding one rule's candidates while its three statements run (one evaluation, not three).
CANDIDATES = sa.Table(
    "alert_scan_candidates", sa.MetaData(),
    sa.Column("product_id", sa.Integer, primary_key=True),
    sa.Column("severity", sa.String(16)),
    sa.Column("current_value", sa.Numeric(14, 2)),
    sa.Column("threshold_value", sa.Numeric(14, 2)),
    sa.Column("title", sa.String(200)),
    sa.Column("message", sa.String(1000)),
    sa.Column("supplier_id", sa.Integer),
    sa.Column("action_required", sa.Boolean),
    prefixes=["TEMPORARY"],
)
ANALYZE_AFTER_ROWS = 500
OPEN = [s.value for s in OPEN_ALERT_STATUSES]
OPEN_INDEX_WHERE = sa.text("status IN ('active', 'acknowledged') AND product_id IS NOT NULL")
Progress = Callable[[float, str], None]


@dataclass
class ScanResult:
    reference: str  # written to resolution_reference of the alerts this run resolved
    raised: int = 0
    refreshed: int = 0
    resolved: int = 0
    dismissed: int = 0
    by_rule: dict[str, dict[str, int]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {"raised": self.raised, "refreshed": self.refreshed, "resolved": self.resolved,
                "dismissed": self.dismissed}

    def summary(self) -> str:
        parts = [f"{rule}: " + ", ".join(f"{k} {v}" for k, v in c.items() if v) for rule, c in self.by_rule.items()
                 if any(c.values())]
        return "; ".join(parts) or "No alert changed."

    def _add(self, rule: str, **counts: int) -> None:
        slot = self.by_rule.setdefault(rule, {"raised": 0, "refreshed": 0, "resolved": 0})
        for name, n in counts.items():
            slot[name] += n
            setattr(self, name, getattr(self, name) + n)


def _reference(kind: str) -> str:
    return f"{kind}-{int(time.time() * 1000):011X}{secrets.token_hex(2).upper()}"


def _rank(column) -> sa.ColumnElement[int]:
    return sa.case(*[(column == s.value, i) for i, s in enumerate(AlertSeverity)], else_=0)


def _refresh(session: Session, rule: Rule, cand: sa.Table, now: datetime) -> int:
    c = cand.c
    changed = sa.or_(A.c.severity != c.severity, A.c.title != c.title, A.c.message != c.message,
                     A.c.current_value.is_distinct_from(c.current_value),
                     A.c.threshold_value.is_distinct_from(c.threshold_value),
                     A.c.supplier_id.is_distinct_from(c.supplier_id))
    escalated = sa.and_(A.c.status == AlertStatus.ACKNOWLEDGED.value, _rank(c.severity) > _rank(A.c.severity))
    stmt = (
        sa.update(A)
        .where(A.c.product_id == c.product_id, A.c.alert_type == rule.alert_type.value, A.c.status.in_(OPEN), changed)
        .values(severity=c.severity, title=c.title, message=c.message, current_value=c.current_value,
                threshold_value=c.threshold_value, supplier_id=c.supplier_id, action_required=c.action_required,
                status=sa.case((escalated, AlertStatus.ACTIVE.value), else_=A.c.status), updated_at=now)
    )
    return session.execute(stmt).rowcount


def _raise(session: Session, rule: Rule, cand: sa.Table, now: datetime, stamp: str) -> int:
    c = cand.c
    index = list(RULES).index(rule)
    alert_id = text_of(f"ALT-{stamp}{index}-", c.product_id)
    has_open = sa.exists().where(A.c.product_id == c.product_id, A.c.alert_type == rule.alert_type.value,
                                 A.c.status.in_(OPEN))
    rows = sa.select(
        alert_id, sa.literal(rule.alert_type.value), c.product_id, c.supplier_id, c.severity, c.title, c.message,
        c.current_value, c.threshold_value, sa.literal(AlertStatus.ACTIVE.value), sa.literal(now, A.c.created_at.type),
        sa.literal(now, A.c.updated_at.type), c.action_required, sa.literal(True),
    ).where(~has_open)
    columns = ["alert_id", "alert_type", "product_id", "supplier_id", "severity", "title", "message", "current_value",
               "threshold_value", "status", "created_at", "updated_at", "action_required", "auto_generated"]
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    # ON CONFLICT: an alert raised by hand between the EXISTS check and the insert is kept, not duplicated.
    stmt = dialect.insert(A).from_select(columns, rows).on_conflict_do_nothing(
        index_elements=["product_id", "alert_type"], index_where=OPEN_INDEX_WHERE)
    # Without preserve_rowcount SQLAlchemy reports -1 for INSERT … SELECT on PostgreSQL.
    return session.execute(stmt, execution_options={"preserve_rowcount": True}).rowcount


def _resolve(session: Session, where: list, note, now: datetime, reference: str) -> int:
    stmt = (
        sa.update(A)
        .where(A.c.status.in_(OPEN), A.c.auto_generated.is_(True), *where)
        .values(status=AlertStatus.RESOLVED.value, resolved_at=now, resolved_by=None, resolution_type="auto_resolved",
                resolution_reference=reference, notes=sa.func.substr(note, 1, 500), updated_at=now)
    )
    return session.execute(stmt).rowcount


def _resolve_cleared(session: Session, ctx: Context, rule: Rule, now: datetime, reference: str) -> int:
    """Resolve open alerts of the rule whose product is not among the candidates just collected."""
    still = sa.exists().where(CANDIDATES.c.product_id == A.c.product_id)
    where = [A.c.alert_type == rule.alert_type.value, A.c.product_id.is_not(None), ~still]
    return _resolve(session, where, rule.cleared_note(ctx, A.c.product_id), now, reference)


def _resolve_disabled(session: Session, rule: Rule, now: datetime, reference: str) -> int:
    note = sa.literal(f"The {rule.alert_type.value} rule is disabled in the alert settings.", sa.String)
    return _resolve(session, [A.c.alert_type == rule.alert_type.value], note, now, reference)


@contextmanager
def _candidate_table(session: Session) -> Iterator[None]:
    """The per-connection scratch table, created for one scan and dropped after it (a failed scan's
    rollback drops it on PostgreSQL; on SQLite a leftover is emptied and reused)."""
    session.execute(CreateTable(CANDIDATES, if_not_exists=True))
    yield
    session.execute(DropTable(CANDIDATES, if_exists=True))


def _collect(session: Session, ctx: Context, rule: Rule) -> None:
    """Evaluate the rule once; the refresh, raise and resolve statements all read the result."""
    session.execute(sa.delete(CANDIDATES))
    fill = sa.insert(CANDIDATES).from_select(list(CANDIDATE_COLUMNS), rule.candidates(ctx))
    rows = session.execute(fill, execution_options={"preserve_rowcount": True}).rowcount
    if ctx.dialect == "postgresql" and rows >= ANALYZE_AFTER_ROWS:
        session.execute(sa.text(f"ANALYZE {CANDIDATES.name}"))  # temporary tables get no automatic statistics


def _analyze_if_changed(session: Session, result: ScanResult) -> None:
    """After a big change PostgreSQL's statistics of `alerts` are stale until autovacuum comes round, and
    the next scan's plans suffer badly (a nested loop over thousands of alerts): refresh them now."""
    if session.get_bind().dialect.name == "postgresql" and sum(result.counts().values()) >= ANALYZE_AFTER_ROWS:
        session.execute(sa.text("ANALYZE alerts (product_id, alert_type, status)"))  # what the scan's plans use


def _context(session: Session, settings: AlertSettings | None, today: date | None) -> Context:
    return Context(session.get_bind().dialect.name, today or utcnow().date(),
                   settings or get_alert_settings(session))


def scan_alerts(session: Session, *, settings: AlertSettings | None = None, today: date | None = None,
                resolve_cleared: bool = True, progress: Progress | None = None) -> ScanResult:
    """Run every rule over all products (one transaction: the caller's). Disabled rules raise nothing and
    their open automatic alerts are resolved."""
    ctx = _context(session, settings, today)
    now = utcnow()
    result = ScanResult(reference=_reference("SCAN"))
    stamp = result.reference.removeprefix("SCAN-")
    with _candidate_table(session):
        for i, rule in enumerate(RULES):
            name = rule.alert_type.value
            if progress:
                progress(i / len(RULES), f"Checking {name.replace('_', ' ')}")
            if not ctx.settings.is_enabled(name):
                result._add(name, resolved=_resolve_disabled(session, rule, now, result.reference))
                continue
            _collect(session, ctx, rule)
            result._add(name, refreshed=_refresh(session, rule, CANDIDATES, now),
                        raised=_raise(session, rule, CANDIDATES, now, stamp))
            if resolve_cleared:
                result._add(name, resolved=_resolve_cleared(session, ctx, rule, now, result.reference))
    _analyze_if_changed(session, result)
    _audit(session, "scan", result)
    if progress:
        progress(1.0, "Done")
    return result


def auto_resolve_alerts(session: Session, *, settings: AlertSettings | None = None, today: date | None = None,
                        progress: Progress | None = None) -> ScanResult:
    """Resolve open automatic alerts whose condition has cleared (or whose rule is disabled), and dismiss
    open alerts past their `expires_at`. Raises nothing."""
    ctx = _context(session, settings, today)
    now = utcnow()
    result = ScanResult(reference=_reference("RESOLVE"))
    with _candidate_table(session):
        for i, rule in enumerate(RULES):
            name = rule.alert_type.value
            if progress:
                progress(i / (len(RULES) + 1), f"Checking {name.replace('_', ' ')}")
            if ctx.settings.is_enabled(name):
                _collect(session, ctx, rule)
                result._add(name, resolved=_resolve_cleared(session, ctx, rule, now, result.reference))
            else:
                result._add(name, resolved=_resolve_disabled(session, rule, now, result.reference))
    result.dismissed = session.execute(
        sa.update(A).where(A.c.status.in_(OPEN), A.c.expires_at.is_not(None), A.c.expires_at < now)
        .values(status=AlertStatus.DISMISSED.value, resolution_type="auto_resolved",
                resolution_reference=result.reference, notes="Expired (past its expires_at) without being resolved.",
                updated_at=now)
    ).rowcount
    _analyze_if_changed(session, result)
    _audit(session, "auto_resolve", result)
    if progress:
        progress(1.0, "Done")
    return result


def _audit(session: Session, action: str, result: ScanResult) -> None:
    """One audit row per run (not one per alert): what the engine changed, rule by rule."""
    if any(result.counts().values()):
        audit.record(session, user_id=None, entity_type="alert_scan", entity_id=result.reference, action=action,
                     changes=result.counts() | {"rules": {k: v for k, v in result.by_rule.items() if any(v.values())}})
