"""Test settings and fixtures: isolated SQLite files, throwaway PostgreSQL databases, the app in a browser.

Environment variables are set before anything imports inventorypulse.config.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

_TMP = Path(tempfile.mkdtemp(prefix="ip-tests-"))
os.environ.update(
    DATABASE_URL=f"sqlite:///{_TMP / 'default.db'}",
    SECRET_KEY="test-secret-key-not-for-production-0123456789",
    BCRYPT_ROUNDS="4",  # production default is 12; tests only need correctness
    SCHEDULER_ENABLED="false",
    INVENTORYPULSE_ADMIN_USERNAME="admin",
    INVENTORYPULSE_ADMIN_PASSWORD="admin-test-pw",
)
# Empty (not unset) so a developer's .env cannot switch these on during tests.
os.environ.update(REDIS_URL="", MINIMAX_API_KEY="", SNOWFLAKE_ACCOUNT="")

import pytest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from inventorypulse.db import make_engine  # noqa: E402
from tests.utils import migrate  # noqa: E402

PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def engine(sqlite_url):
    """A fresh, migrated SQLite database for one test."""
    eng = make_engine(sqlite_url)
    migrate(eng)
    yield eng
    eng.dispose()


def _pg_available() -> str | None:
    try:
        with create_engine(PG_ADMIN_URL).connect() as conn:
            conn.execute(text("SELECT 1"))
        return None
    except Exception as exc:  # noqa: BLE001
        return str(exc).splitlines()[0]


@pytest.fixture
def pg_url():
    """A throwaway PostgreSQL database (created from `test`'s server, dropped afterwards)."""
    problem = _pg_available()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI: {problem}")
        pytest.skip(f"PostgreSQL not available: {problem}")
    name = f"ip_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_engine(pg_url):
    eng = make_engine(pg_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_engine(request):
    """Runs the test once on SQLite and once on PostgreSQL."""
    return request.getfixturevalue("engine" if request.param == "sqlite" else "pg_engine")


@pytest.fixture
def db(engine, sqlite_url, monkeypatch):
    """Point the application (services, API, UI) at this test's fresh SQLite database."""
    from inventorypulse.config import settings

    monkeypatch.setattr(settings, "database_url", sqlite_url)
    return engine


@pytest.fixture
def client(db):
    from fastapi.testclient import TestClient

    from inventorypulse.api.app import create_api

    with TestClient(create_api()) as c:
        yield c


@pytest.fixture
def admin_user(db):
    from inventorypulse.db import session_scope
    from inventorypulse.services.auth import ensure_configured_admin

    with session_scope() as session:
        return ensure_configured_admin(session)


@pytest.fixture
def admin_headers(client, admin_user) -> dict[str, str]:
    resp = client.post("/api/auth/login", json={"username": "admin", "password": "admin-test-pw"})
    assert resp.status_code == 200, resp.text
    return {"Authorization": f"Bearer {resp.json()['access_token']}"}


@pytest.fixture
def role_headers(client, db):
    """role_headers("staff") -> Authorization headers of a fresh user with that role."""
    from inventorypulse.db import session_scope
    from tests.factories import PASSWORD, make_user

    cache: dict[str, dict[str, str]] = {}

    def headers(role: str) -> dict[str, str]:
        if role not in cache:
            with session_scope() as session:
                user = make_user(session, role)
            resp = client.post("/api/auth/login", json={"username": user.username, "password": PASSWORD})
            assert resp.status_code == 200, resp.text
            cache[role] = {"Authorization": f"Bearer {resp.json()['access_token']}"}
        return cache[role]

    return headers


@pytest.fixture
def pg_db(pg_engine, pg_url, monkeypatch):
    """Like `db`, on a fresh PostgreSQL database."""
    from inventorypulse.config import settings

    monkeypatch.setattr(settings, "database_url", pg_url)
    return pg_engine


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db(request):
    """The application wired to SQLite, then to PostgreSQL."""
    return request.getfixturevalue("db" if request.param == "sqlite" else "pg_db")
