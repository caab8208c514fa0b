"""The real app (`reflex run --env prod`, frontend built once per test run) on a demo database,
and a headless Chromium page to drive it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from inventorypulse.config import ROOT
from inventorypulse.db import make_engine
from tests.utils import migrate

PORT = int(os.environ.get("IP_TEST_PORT", "3107"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
DEMO_PASSWORD = "demo-pass-123"


@pytest.fixture(scope="session")
def live_db_url(tmp_path_factory) -> str:
    from inventorypulse.services.demo import load_demo_data

    url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.db'}"
    engine = make_engine(url)
    migrate(engine)
    load_demo_data(engine, products=80, days=180, seed=7, password=DEMO_PASSWORD)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def live_app(live_db_url, tmp_path_factory):
    env = os.environ | {
        "DATABASE_URL": live_db_url,
        "SCHEDULER_ENABLED": "false",
        "PATH": f"{ROOT / '.tools/node_modules/.bin'}:{ROOT / '.venv/bin'}:{os.environ['PATH']}",
        "REFLEX_USE_NPM": "1",
        "REFLEX_CHECK_LATEST_VERSION": "false",
    }
    with socket.socket() as probe:  # a leftover server on the port would answer in place of this one
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            pytest.fail(f"Port {PORT} is already in use (a leftover app?). Stop it or set IP_TEST_PORT.")
    log_path = tmp_path_factory.mktemp("reflex") / "reflex.log"
    log = open(log_path, "w")
    proc = subprocess.Popen(
        ["reflex", "run", "--env", "prod", "--frontend-port", str(PORT), "--backend-port", str(PORT)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{PORT}"
    deadline = time.monotonic() + 600
    while True:
        if proc.poll() is not None:
            pytest.fail(f"reflex exited early:\n{Path(log_path).read_text()[-3000:]}")
        try:
            if httpx.get(f"{base}/ping", timeout=2).status_code == 200 and \
                    httpx.get(f"{base}/login", timeout=5, follow_redirects=True).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGTERM)
            pytest.fail(f"reflex did not start in time:\n{Path(log_path).read_text()[-3000:]}")
        time.sleep(1)
    yield base
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_app):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=live_app)
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def login(page, username: str, password: str) -> None:
    page.goto("/login")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()
