"""Users as a service: admin-only management, self-service limits, last-admin guard, unlock, resets."""

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from inventorypulse.models import AuditLog, RefreshToken, User
from inventorypulse.models.base import utcnow
from inventorypulse.services import auth, users
from inventorypulse.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.factories import PASSWORD, make_user

NEW = {"username": "new.user", "email": "New.User@Example.com", "password": "Strong-pass1",
       "first_name": "New", "last_name": "User", "role": "staff", "department": "Warehouse"}


@pytest.fixture
def session(engine):
    with Session(engine) as s:
        yield s


@pytest.fixture
def admin(session):
    return make_user(session, "admin")


def test_admin_creates_user_with_hashed_password_and_audit(session, admin):
    user = users.create_user(session, data=NEW, actor=admin)
    assert user.user_id.startswith("USR") and user.user_id[3:].isdigit() and len(user.user_id) == 7
    assert user.email == "new.user@example.com" and user.department == "Warehouse"
    assert user.password_hash != NEW["password"] and auth.verify_password("Strong-pass1", user.password_hash)
    row = session.exec(select(AuditLog).where(AuditLog.entity_id == user.user_id)).one()
    assert row.action == "create" and row.user_id == admin.id
    assert "password" not in row.changes and "password_hash" not in row.changes
    assert users.role_permissions(user) == ["alert:acknowledge", "purchase_order:receive", "read", "sales_order:write",
                                              "stock:move"]


def test_generated_user_id_skips_taken_ids(session, admin):
    # Row ids 1 and 2 exist, so the counter proposes USR0003 — which an imported account already holds.
    session.add(User(user_id="USR0003", username="taken", email="t@example.com", password_hash="x"))
    session.flush()
    user = users.create_user(session, data=NEW, actor=admin)
    assert user.user_id == "USR0004"


def test_every_bad_field_is_reported_at_once(session, admin):
    bad = {"username": "a b", "email": "nope", "password": "short1", "first_name": "", "last_name": "x" * 51,
           "role": "boss", "phone": "12345", "preferences": {"timezone": "Mars/Base", "colour": "red"}}
    with pytest.raises(ValidationFailed) as err:
        users.create_user(session, data=bad, actor=admin)
    assert set(err.value.field_errors()) == {"username", "email", "password", "first_name", "last_name", "role",
                                             "phone", "preferences.timezone", "preferences.colour"}


@pytest.mark.parametrize("password, ok", [("abcdefgh", False), ("12345678", False), ("abc1234", False),
                                          ("abcdefg1", True), ("x" * 70 + "1", True), ("é" * 40 + "1", False)])
def test_password_policy(session, admin, password, ok):
    data = NEW | {"password": password}
    if ok:
        users.create_user(session, data=data, actor=admin)
    else:
        with pytest.raises(ValidationFailed) as err:
            users.create_user(session, data=data, actor=admin)
        assert set(err.value.field_errors()) == {"password"}


def test_duplicates_are_conflicts(session, admin):
    make_user(session, "staff", username="New.User")
    make_user(session, "staff").email = "new.user@example.com"
    session.flush()
    with pytest.raises(Conflict) as err:
        users.create_user(session, data=NEW, actor=admin)
    assert set(err.value.field_errors()) == {"username", "email"}


@pytest.mark.parametrize("role", ["manager", "staff", "readonly"])
def test_only_admins_manage_users(session, role):
    actor = make_user(session, role)
    other = make_user(session, "staff")
    with pytest.raises(PermissionDenied):
        users.create_user(session, data=NEW, actor=actor)
    with pytest.raises(PermissionDenied):
        users.get_user(session, user_id=other.user_id, actor=actor)
    with pytest.raises(PermissionDenied):  # same answer whether or not the account exists
        users.get_user(session, user_id="USR7777", actor=actor)
    with pytest.raises(PermissionDenied):
        users.update_user(session, user_id=other.user_id, changes={"first_name": "X"}, actor=actor)
    with pytest.raises(PermissionDenied):
        users.unlock_user(session, user_id=other.user_id, actor=actor)
    with pytest.raises(PermissionDenied):
        users.reset_password(session, user_id=other.user_id, new_password="Another-pw9", actor=actor)
    assert users.get_user(session, user_id=actor.user_id.lower(), actor=actor).id == actor.id


def test_self_service_limits(session):
    me = make_user(session, "staff")
    result = users.update_user(session, user_id=me.user_id, actor=me, changes={
        "department": "Receiving", "preferences": {"timezone": "Europe/Paris", "notifications": {"email": False}}})
    assert sorted(result.updated_fields) == ["department", "preferences"]
    assert users.effective_preferences(me) == {"timezone": "Europe/Paris", "language": "en", "notifications": {
        "email": False, "in_app": True, "low_stock_alerts": True}}
    # A later partial preference update keeps the earlier ones.
    users.update_user(session, user_id=me.user_id, actor=me, changes={"preferences": {"language": "fr"}})
    assert me.preferences == {"timezone": "Europe/Paris", "language": "fr", "notifications": {"email": False}}

    with pytest.raises(PermissionDenied) as err:
        users.update_user(session, user_id=me.user_id, actor=me, changes={"role": "admin", "status": "active"})
    assert set(err.value.field_errors()) == {"role"}  # sending the unchanged status is harmless
    assert me.role == "staff"
    with pytest.raises(PermissionDenied):
        users.update_user(session, user_id=me.user_id, actor=me, changes={"email": "me@elsewhere.example"})


def test_own_password_change_needs_current_password_and_revokes_sessions(session):
    me = make_user(session, "manager")
    auth.issue_tokens(session, me)
    with pytest.raises(ValidationFailed) as err:
        users.update_user(session, user_id=me.user_id, actor=me, changes={"password": "Brand-new1"})
    assert set(err.value.field_errors()) == {"current_password"}
    result = users.update_user(session, user_id=me.user_id, actor=me,
                               changes={"password": "Brand-new1", "current_password": PASSWORD})
    assert result.updated_fields == ["password"]
    assert auth.verify_password("Brand-new1", me.password_hash)
    assert session.exec(select(RefreshToken).where(RefreshToken.revoked_at.is_(None))).all() == []
    audit_row = session.exec(select(AuditLog).where(AuditLog.entity_id == me.user_id)).one()
    assert "Brand-new1" not in str(audit_row.changes) and me.password_hash not in str(audit_row.changes)


def test_admin_changes_role_and_status_but_not_others_password(session, admin):
    other = make_user(session, "staff")
    result = users.update_user(session, user_id=other.user_id, actor=admin,
                               changes={"role": "manager", "status": "suspended", "job_title": "Lead"})
    assert sorted(result.updated_fields) == ["job_title", "role", "status"]
    with pytest.raises(ValidationFailed) as err:
        users.update_user(session, user_id=other.user_id, actor=admin, changes={"password": "Whatever-1"})
    assert "reset-password" in err.value.field_errors()["password"]
    with pytest.raises(NotFound):
        users.update_user(session, user_id="USR7777", actor=admin, changes={"role": "staff"})


def test_last_active_admin_cannot_demote_or_deactivate_themselves(session, admin):
    for change in ({"role": "manager"}, {"status": "inactive"}):
        with pytest.raises(Conflict) as err:
            users.update_user(session, user_id=admin.user_id, actor=admin, changes=change)
        assert "last active admin" in err.value.message
    assert (admin.role, admin.status) == ("admin", "active")
    make_user(session, "admin", status="suspended")  # does not count: not active
    with pytest.raises(Conflict):
        users.update_user(session, user_id=admin.user_id, actor=admin, changes={"role": "manager"})
    make_user(session, "admin")
    users.update_user(session, user_id=admin.user_id, actor=admin, changes={"role": "manager"})
    assert admin.role == "manager"


def test_unlock_and_reset_password(session, admin):
    other = make_user(session, "staff", failed_login_attempts=3, locked_until=utcnow() + timedelta(minutes=10))
    assert auth.is_locked(other)
    users.unlock_user(session, user_id=other.user_id, actor=admin)
    assert not auth.is_locked(other) and other.failed_login_attempts == 0
    auth.issue_tokens(session, other)
    auth.issue_tokens(session, other)
    auth.issue_tokens(session, admin)
    with pytest.raises(ValidationFailed):
        users.reset_password(session, user_id=other.user_id, new_password="weakweak", actor=admin)
    assert users.reset_password(session, user_id=other.user_id, new_password="Fresh-start7", actor=admin) == 2
    assert auth.verify_password("Fresh-start7", other.password_hash)
    live = session.exec(select(RefreshToken).where(RefreshToken.revoked_at.is_(None))).all()
    assert [t.user_id for t in live] == [admin.id]
    actions = session.exec(select(AuditLog.action).where(AuditLog.entity_id == other.user_id)).all()
    assert actions == ["unlock", "reset_password"]
