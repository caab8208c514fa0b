"""Fixtures: the fake MiniMax server, a client pointed at it, and a demo business (with forecasts
and a replenishment plan) built once per test session."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from inventorypulse.assistant.minimax import MiniMaxClient
from inventorypulse.db import make_engine
from inventorypulse.models import User
from tests.assistant.fake_minimax import FakeMiniMax
from tests.utils import migrate


@pytest.fixture
def fake_minimax():
    server = FakeMiniMax().start()
    yield server
    server.stop()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def llm(fake_minimax, sleeps) -> MiniMaxClient:
    """A client on the fake server; back-off sleeps are recorded instead of slept."""
    client = MiniMaxClient(api_key="test-key", base_url=fake_minimax.base_url, model="MiniMax-M2", timeout=5,
                           sleep=sleeps.append)
    yield client
    client.close()


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory) -> str:
    from inventorypulse.services.alerts import scan_alerts
    from inventorypulse.services.demo import load_demo_data
    from inventorypulse.services.forecasts import generate_forecasts
    from inventorypulse.services.replenishment import refresh_plans

    url = f"sqlite:///{tmp_path_factory.mktemp('assistant') / 'demo.db'}"
    engine = make_engine(url)
    migrate(engine)
    load_demo_data(engine, products=80, days=180, seed=7, password="demo-pass-123")
    with Session(engine) as session:
        generate_forecasts(session, workers=1)
        refresh_plans(session)
        scan_alerts(session)
        session.commit()
    engine.dispose()
    return url


@pytest.fixture
def demo(demo_url, monkeypatch) -> str:
    """Point the application at the shared demo database (tests must not change its business data)."""
    from inventorypulse.config import settings

    monkeypatch.setattr(settings, "database_url", demo_url)
    return demo_url


def demo_user(username: str) -> User:
    from inventorypulse.db import session_scope

    with session_scope() as session:
        return session.exec(select(User).where(User.username == username)).one()
