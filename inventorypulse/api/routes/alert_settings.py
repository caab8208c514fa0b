"""Alert rule settings (seed 001 `GET/PUT /alerts/settings`): which rules run and their day windows."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, StrictBool, StrictInt

from ...services import alerts
from ...services.permissions import Perm
from ..deps import Reader, SessionDep, allowed
from ..schemas import ERRORS

router = APIRouter(tags=["alerts"])
SettingsAdmin = allowed(Perm.SETTINGS_WRITE)


class AlertSettingsOut(BaseModel):
    low_stock_enabled: bool
    out_of_stock_enabled: bool
    overstock_enabled: bool
    expiry_warning_enabled: bool
    expiry_warning_days: int = Field(description="Warn about lots expiring within this many days")
    reorder_suggestion_enabled: bool
    predicted_stockout_enabled: bool
    predicted_stockout_days: int = Field(
        description="Warn when the forecast stockout falls within the supplier lead time plus this many days")


class AlertSettingsIn(BaseModel):
    """Only the fields sent change. Seed 001's names `alert_threshold_days` and
    `predicted_depletion_enabled` are accepted for the predicted-stockout rule."""

    model_config = ConfigDict(extra="forbid")
    low_stock_enabled: StrictBool | None = None
    out_of_stock_enabled: StrictBool | None = None
    overstock_enabled: StrictBool | None = None
    expiry_warning_enabled: StrictBool | None = None
    expiry_warning_days: StrictInt | None = None
    reorder_suggestion_enabled: StrictBool | None = None
    predicted_stockout_enabled: StrictBool | None = Field(
        default=None, validation_alias=AliasChoices("predicted_stockout_enabled", "predicted_depletion_enabled"))
    predicted_stockout_days: StrictInt | None = Field(
        default=None, validation_alias=AliasChoices("predicted_stockout_days", "alert_threshold_days"))


@router.get("/alerts/settings", response_model=AlertSettingsOut, responses=ERRORS, summary="Alert rule settings")
def get_settings(session: SessionDep, _: Reader) -> AlertSettingsOut:
    return AlertSettingsOut(**alerts.get_alert_settings(session).as_dict())


@router.put("/alerts/settings", response_model=AlertSettingsOut, responses=ERRORS,
            summary="Change alert rule settings (admin)")
def update_settings(body: AlertSettingsIn, session: SessionDep, user: SettingsAdmin) -> AlertSettingsOut:
    # Ranges are the service's rule; the schema only checks types. `null` means "leave unchanged".
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    return AlertSettingsOut(**alerts.update_alert_settings(session, user=user, changes=changes).as_dict())
