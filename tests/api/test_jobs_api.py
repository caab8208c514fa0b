"""Jobs API: list jobs and runs, run a job now (admins), 404 for unknown jobs, 409 while one runs."""

import time

from inventorypulse.db import get_engine, session_scope
from inventorypulse.jobs.locks import make_lock
from tests.factories import make_product, make_warehouse
from tests.jobs import fixtures

# The test jobs' fixtures (shared with tests/jobs).
probe, failing = fixtures.probe, fixtures.failing


def _low_stock_product() -> None:
    with session_scope() as s:
        make_product(s, stock=[(make_warehouse(s), 2)])


def test_run_now_and_wait_returns_the_finished_run(client, admin_headers):
    _low_stock_product()
    resp = client.post("/api/jobs/alert_scan/run", headers=admin_headers, params={"wait": True})
    assert resp.status_code == 200, resp.text
    run = resp.json()
    assert (run["job_name"], run["status"], run["triggered_by"]) == ("alert_scan", "succeeded", "api:admin")
    assert run["counts"] == {"raised": 1, "refreshed": 0, "resolved": 0, "dismissed": 0}
    assert run["seconds"] >= 0 and run["error"] is None
    alerts = client.get("/api/alerts", headers=admin_headers).json()["alerts"]
    assert [a["alert_type"] for a in alerts] == ["low_stock"]


def test_run_now_in_the_background_then_follow_it(client, admin_headers, probe):
    resp = client.post("/api/jobs/probe/run", headers=admin_headers)
    assert resp.status_code == 202 and resp.json()["status"] == "running"
    url = f"/api/jobs/runs/{resp.json()['id']}"
    deadline = time.monotonic() + 20
    while (run := client.get(url, headers=admin_headers).json())["status"] == "running" and \
            time.monotonic() < deadline:
        time.sleep(0.05)
    assert run["status"] == "succeeded" and run["counts"] == {"calls": 1} and run["detail"] == "probed"
    assert client.get("/api/jobs/runs/999999", headers=admin_headers).status_code == 404


def test_unknown_job_is_404_and_a_running_job_is_409(client, admin_headers, probe):
    resp = client.post("/api/jobs/no_such_job/run", headers=admin_headers)
    assert resp.status_code == 404 and "alert_scan" in resp.json()["message"]
    elsewhere = make_lock(get_engine(), "job:probe")  # another process is running it
    assert elsewhere.acquire()
    try:
        resp = client.post("/api/jobs/probe/run", headers=admin_headers, params={"wait": True})
        assert resp.status_code == 409 and resp.json()["error"] == "JOB_ALREADY_RUNNING"
    finally:
        elsewhere.release()
    assert probe.calls == 0


def test_list_jobs_and_runs_filtered_and_paginated(client, admin_headers, failing):
    for name in ("alert_scan", failing, "alert_scan"):
        client.post(f"/api/jobs/{name}/run", headers=admin_headers, params={"wait": True})
    body = client.get("/api/jobs", headers=admin_headers, params={"limit": 2}).json()
    assert body["scheduler"] == "stopped"
    jobs = {j["name"]: j for j in body["jobs"]}
    assert {"alert_scan", "auto_resolve", "nightly_forecast"} <= set(jobs)
    assert jobs["alert_scan"]["schedule"] == "5 * * * *" and jobs["alert_scan"]["next_run_at"]
    assert jobs["alert_scan"]["last_run"]["status"] == "succeeded" and jobs["auto_resolve"]["last_run"] is None
    assert [r["job_name"] for r in body["runs"]] == ["alert_scan", failing]
    assert body["pagination"]["total_items"] == 3 and body["pagination"]["has_next"]
    failed = body["runs"][1]
    assert failed["status"] == "failed" and failed["error"].startswith("RuntimeError: the warehouse is on fire")

    only = client.get("/api/jobs", headers=admin_headers, params={"job_name": "alert_scan"}).json()["runs"]
    assert [r["job_name"] for r in only] == ["alert_scan", "alert_scan"]
    bad = client.get("/api/jobs", headers=admin_headers, params={"job_name": "nope"})
    assert bad.status_code == 422 and bad.json()["details"][0]["field"] == "job_name"


def test_jobs_are_for_admins(client, role_headers):
    manager = role_headers("manager")
    assert client.get("/api/jobs", headers=manager).status_code == 403
    assert client.post("/api/jobs/alert_scan/run", headers=manager).status_code == 403
