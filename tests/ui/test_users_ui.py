"""The users screen in a browser: an admin creates (with a field error first), changes a role, resets
a password and unlocks an account; everyone else is sent away."""

import os
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from inventorypulse.db import make_engine
from inventorypulse.models import User
from inventorypulse.models.base import utcnow
from inventorypulse.services.auth import hash_password
from tests.ui.conftest import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = os.environ["INVENTORYPULSE_ADMIN_PASSWORD"]  # the live app creates this admin at start-up


def _user(live_db_url, username: str) -> User | None:
    engine = make_engine(live_db_url)
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == username)).first()
    engine.dispose()
    return user


def _open_users(page):
    login(page, "admin", ADMIN_PASSWORD)
    page.get_by_test_id("nav-users").click()
    page.get_by_test_id("users-table").wait_for()


def test_admin_creates_a_user_after_fixing_the_email(page, live_db_url):
    _open_users(page)
    page.get_by_test_id("user-new").click()
    for field, value in {"username": "ui-buyer", "email": "not-an-email", "first_name": "Uma",
                         "last_name": "Buyer", "password": "first-pass-1"}.items():
        page.get_by_test_id(f"user-{field}").fill(value)
    page.get_by_test_id("user-role").click()
    page.get_by_role("option", name="Manager", exact=True).click()
    page.get_by_test_id("user-create-submit").click()

    error = page.get_by_test_id("error-email")
    error.wait_for()
    assert error.inner_text() == "must be a valid email address"
    # The message sits right under the email field, inside the same field block.
    email_box, error_box = page.get_by_test_id("user-email").bounding_box(), error.bounding_box()
    assert 0 <= error_box["y"] - (email_box["y"] + email_box["height"]) < 40
    assert _user(live_db_url, "ui-buyer") is None
    screenshot(page, "users-create-error")

    page.get_by_test_id("user-email").fill("uma.buyer@example.com")
    page.get_by_test_id("user-create-submit").click()
    page.get_by_text("User ui-buyer created.").wait_for()
    page.get_by_test_id("user-row-ui-buyer").wait_for()
    assert page.get_by_test_id("role-ui-buyer").inner_text() == "manager"
    created = _user(live_db_url, "ui-buyer")
    assert (created.email, created.role, created.first_name) == ("uma.buyer@example.com", "manager", "Uma")


@pytest.fixture
def restore_demo_accounts(live_db_url):
    """Put staff and viewer back as the other screens' tests expect them, whatever happened."""
    yield
    engine = make_engine(live_db_url)
    with Session(engine) as session:
        for user in session.exec(select(User).where(User.username.in_(["staff", "viewer"]))):
            user.password_hash = hash_password(DEMO_PASSWORD)
            user.role = "staff" if user.username == "staff" else "readonly"
            user.locked_until, user.failed_login_attempts = None, 0
            session.add(user)
        session.commit()
    engine.dispose()


@pytest.mark.usefixtures("restore_demo_accounts")
def test_admin_changes_a_role_resets_a_password_and_unlocks(page, browser, live_app, live_db_url):
    engine = make_engine(live_db_url)
    with Session(engine) as session:  # lock the staff account as too many failed logins would
        staff = session.exec(select(User).where(User.username == "staff")).one()
        staff.locked_until, staff.failed_login_attempts = utcnow() + timedelta(minutes=30), 0
        session.add(staff)
        session.commit()
    engine.dispose()

    _open_users(page)
    page.get_by_test_id("locked-staff").wait_for()
    page.get_by_test_id("unlock-staff").click()
    page.get_by_text("staff unlocked.").wait_for()
    page.get_by_test_id("locked-staff").wait_for(state="detached")
    assert _user(live_db_url, "staff").locked_until is None

    page.get_by_test_id("edit-viewer").click()
    page.get_by_test_id("user-role").click()
    page.get_by_role("option", name="Staff", exact=True).click()
    page.get_by_test_id("user-edit-submit").click()
    page.get_by_text("viewer updated.").wait_for()
    page.wait_for_function("() => document.querySelector('[data-testid=role-viewer]')?.innerText === 'staff'")
    assert _user(live_db_url, "viewer").role == "staff"

    page.get_by_test_id("password-staff").click()
    page.get_by_test_id("user-new_password").fill("short")
    page.get_by_test_id("user-password-submit").click()
    page.get_by_test_id("error-new_password").wait_for()
    page.get_by_test_id("user-new_password").fill("brand-new-pass-9")
    page.get_by_test_id("user-password-submit").click()
    page.get_by_text("Password of staff reset").wait_for()
    screenshot(page, "users")

    # The new password works at the login page.
    other = browser.new_context(base_url=live_app)
    staff_page = other.new_page()
    login(staff_page, "staff", "brand-new-pass-9")
    staff_page.wait_for_url(lambda url: "/login" not in url)
    other.close()


def test_a_manager_is_sent_away_from_users(page):
    login(page, "manager", DEMO_PASSWORD)
    page.get_by_test_id("kpi-products").wait_for()
    assert page.get_by_test_id("nav-users").count() == 0
    page.goto("/users")
    page.wait_for_url(lambda url: not url.rstrip("/").endswith("/users"))
    page.get_by_text("Only an admin can manage users.").wait_for()
    assert page.get_by_test_id("users-table").count() == 0
