"""Alert routes (seed 000 §7): list, detail, acknowledge, resolve."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from ...models.status import AlertSeverity, AlertStatus, AlertType
from ...services import alerts
from ...services.permissions import Perm
from ..deps import Reader, SessionDep, allowed
from ..schemas import ERRORS, PageLimit, PageNumber, Pagination

router = APIRouter(tags=["alerts"])
Acknowledger = allowed(Perm.ALERT_ACKNOWLEDGE)
Resolver = allowed(Perm.ALERT_RESOLVE)

# Literals built from the enums, so the OpenAPI lists the allowed values.
StatusName = Literal[tuple(AlertStatus)]  # type: ignore[valid-type]
SeverityName = Literal[tuple(AlertSeverity)]  # type: ignore[valid-type]
TypeName = Literal[tuple(AlertType)]  # type: ignore[valid-type]
ResolutionType = Literal[alerts.RESOLUTION_TYPES]  # type: ignore[valid-type]


class AlertOut(BaseModel):
    alert_id: str
    alert_type: str
    severity: str
    product_id: str | None
    product_name: str | None
    title: str
    message: str
    current_value: Decimal | None
    threshold_value: Decimal | None
    status: str
    action_required: bool
    created_at: datetime


class AlertDetailOut(AlertOut):
    supplier_id: str | None
    warehouse: str | None
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    resolved_by: str | None
    resolved_at: datetime | None
    resolution_type: str | None
    notes: str | None
    expires_at: datetime | None
    auto_generated: bool
    updated_at: datetime


class AlertList(BaseModel):
    alerts: list[AlertOut]
    pagination: Pagination


class AcknowledgeIn(BaseModel):
    # `acknowledged_by` from the seed's example is accepted and ignored: it is always the caller.
    model_config = ConfigDict(extra="ignore")
    notes: str | None = Field(default=None, max_length=500)


class ResolveIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    resolution_notes: str | None = Field(default=None, max_length=500)
    resolution_type: ResolutionType | None = None
    reference_id: str | None = Field(default=None, max_length=40, description="e.g. the PO that fixed it")


class Acknowledged(BaseModel):
    message: str
    alert_id: str
    status: str
    acknowledged_at: datetime


class Resolved(BaseModel):
    message: str
    alert_id: str
    status: str
    resolved_at: datetime
    resolution_type: str | None
    reference_id: str | None


def _out(alert, product_id: str | None, product_name: str | None) -> dict:
    fields = {f: getattr(alert, f) for f in AlertOut.model_fields if f not in ("product_id", "product_name")}
    return fields | {"product_id": product_id, "product_name": product_name}


@router.get("/alerts", response_model=AlertList, responses=ERRORS, summary="List alerts, newest first")
def list_alerts(
    session: SessionDep,
    _: Reader,
    page: PageNumber = 1,
    limit: PageLimit = 20,
    status: Annotated[StatusName | None, Query()] = None,
    severity: Annotated[SeverityName | None, Query()] = None,
    alert_type: Annotated[TypeName | None, Query()] = None,
    product_id: Annotated[str | None, Query(max_length=20)] = None,
) -> AlertList:
    result = alerts.list_alerts(session, status=status, severity=severity, alert_type=alert_type,
                                product_id=product_id, page=page, limit=limit)
    rows = [AlertOut(**_out(a, p.product_id if p else None, p.name if p else None)) for a, p in result.items]
    return AlertList(alerts=rows, pagination=Pagination.of(result))


@router.get("/alerts/{alert_id}", response_model=AlertDetailOut, responses=ERRORS, summary="Alert details")
def get_alert(alert_id: str, session: SessionDep, _: Reader) -> AlertDetailOut:
    d = alerts.alert_detail(session, alert_id)
    extra = {f: getattr(d.alert, f) for f in AlertDetailOut.model_fields
             if f not in AlertOut.model_fields and f not in ("supplier_id", "warehouse", "acknowledged_by",
                                                               "resolved_by")}
    return AlertDetailOut(**_out(d.alert, d.product_id, d.product_name), **extra, supplier_id=d.supplier_id,
                          warehouse=d.warehouse, acknowledged_by=d.acknowledged_by, resolved_by=d.resolved_by)


@router.post("/alerts/{alert_id}/acknowledge", response_model=Acknowledged, responses=ERRORS,
             summary="Acknowledge an active alert")
def acknowledge(alert_id: str, session: SessionDep, user: Acknowledger,
                body: AcknowledgeIn | None = None) -> Acknowledged:
    alert = alerts.acknowledge_alert(session, alert_id=alert_id, user=user, notes=body.notes if body else None)
    return Acknowledged(message="Alert acknowledged successfully", alert_id=alert.alert_id, status=alert.status,
                        acknowledged_at=alert.acknowledged_at)


@router.post("/alerts/{alert_id}/resolve", response_model=Resolved, responses=ERRORS,
             summary="Resolve an active or acknowledged alert")
def resolve(alert_id: str, session: SessionDep, user: Resolver, body: ResolveIn | None = None) -> Resolved:
    body = body or ResolveIn()
    alert = alerts.resolve_alert(session, alert_id=alert_id, user=user, resolution_notes=body.resolution_notes,
                                 resolution_type=body.resolution_type, reference_id=body.reference_id)
    return Resolved(message="Alert resolved successfully", alert_id=alert.alert_id, status=alert.status,
                    resolved_at=alert.resolved_at, resolution_type=alert.resolution_type,
                    reference_id=alert.resolution_reference)
