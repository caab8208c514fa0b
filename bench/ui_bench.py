"""UI speed on a big catalogue: the real app (prod build) in headless Chromium.

    python bench/ui_bench.py                      # 100k products, 60 days, port 3160
    python bench/ui_bench.py --products 20000 --runs 3

Builds (or reuses) a demo SQLite database, copies the project into a private directory (so its
`.web` build never collides with another checkout's), serves it with `reflex run --env prod`,
signs in and prints the median of N runs of:

  products first render   navigation start -> product rows visible
  products page flip      click "Next" -> the next page's rows visible
  dashboard render        navigation start -> KPI figures and all four charts drawn

Times are taken inside the page (performance.now(), polled every animation frame). Targets:
products <= 1.5 s, dashboard <= 2 s. Also prints the server-side cost of the same reads.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-pass-123"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
TARGETS = {"products first render": 1.5, "products page flip": 1.5, "dashboard render": 2.0}
CHARTS = ("chart-stock-value", "chart-units-sold", "chart-top-movers", "chart-category-value")


def prepare_database(path: Path, products: int, days: int) -> str:
    url = f"sqlite:///{path}"
    if path.exists():
        print(f"database: reusing {path}")
        return url
    env = os.environ | {"DATABASE_URL": url, "INVENTORYPULSE_ADMIN_USERNAME": "admin",
                        "INVENTORYPULSE_ADMIN_PASSWORD": PASSWORD, "BCRYPT_ROUNDS": "4"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "inventorypulse", "demo", "--products", str(products), "--days", str(days)],
                   cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "-c", "from inventorypulse.db import session_scope\n"
                    "from inventorypulse.services import alerts\n"
                    "with session_scope() as s: print('alert scan:', alerts.scan_alerts(s))"],
                   cwd=ROOT, env=env, check=False)
    print(f"database: built in {time.perf_counter() - started:.0f}s")
    return url


def private_copy(workdir: Path) -> Path:
    """The project without .web/.venv/.git, plus links to the shared venv and Node tools."""
    app = workdir / "app"
    app.mkdir(parents=True, exist_ok=True)
    subprocess.run(["rsync", "-a", "--delete", "--exclude", ".web", "--exclude", ".venv", "--exclude", ".tools",
                    "--exclude", ".git", "--exclude", "data", "--exclude", "artifacts", f"{ROOT}/", f"{app}/"],
                   check=True)
    for name in (".venv", ".tools"):
        link = app / name
        if not link.exists():
            link.symlink_to(ROOT / name)
    return app


def serve(app: Path, url: str, port: int, log_path: Path) -> subprocess.Popen:
    tools = f"{app / '.tools/node_modules/.bin'}:{app / '.venv/bin'}"
    env = os.environ | {"DATABASE_URL": url, "SCHEDULER_ENABLED": "false", "PATH": f"{tools}:{os.environ['PATH']}",
                        "REFLEX_USE_NPM": "1", "REFLEX_CHECK_LATEST_VERSION": "false"}
    if not env.get("NPM_CONFIG_REGISTRY"):  # else Reflex probes unreachable mirrors, with timeouts
        registry = subprocess.run(["npm", "config", "get", "registry"], env=env, capture_output=True, text=True)
        env["NPM_CONFIG_REGISTRY"] = registry.stdout.strip() or "https://registry.npmjs.org/"
    log = open(log_path, "w")  # noqa: SIM115 - lives as long as the server
    return subprocess.Popen(["reflex", "run", "--env", "prod", "--frontend-port", str(port),
                             "--backend-port", str(port)], cwd=app, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_until_ready(proc: subprocess.Popen, base: str, log_path: Path, timeout: float = 900) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"reflex exited:\n{log_path.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base}/ping", timeout=2).status_code == 200 and \
                    httpx.get(f"{base}/login", timeout=5, follow_redirects=True).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    sys.exit(f"reflex did not start in {timeout:.0f}s:\n{log_path.read_text()[-3000:]}")


ROWS_VISIBLE = """() => {
  const rows = document.querySelectorAll('[data-testid=products-table] tbody tr');
  return rows.length > 0 && (window.__done = performance.now());
}"""
NEXT_ROWS = """old => {
  const cell = document.querySelector('[data-testid=products-table] tbody tr');
  return cell && cell.innerText !== old && (window.__done = performance.now());
}"""
DASHBOARD_DRAWN = """charts => {
  const kpi = document.querySelector('[data-testid=kpi-products]');
  const drawn = charts.every(c => document.querySelector(`[data-testid=${c}] .main-svg .trace`));
  return kpi && kpi.innerText !== '—' && drawn && (window.__done = performance.now());
}"""


def _first_render(page, path: str, condition: str, arg=None) -> float:
    page.goto(path, wait_until="commit")
    page.wait_for_function(condition, arg=arg, polling="raf", timeout=60_000)
    return page.evaluate("window.__done") / 1000  # performance.now() counts from navigation start


def _flip(page) -> float:
    first = page.locator("[data-testid=products-table] tbody tr").first.inner_text()
    page.evaluate("() => { window.__t0 = performance.now(); "
                  "document.querySelector('[data-testid=next-page]').click(); }")
    page.wait_for_function(NEXT_ROWS, arg=first, polling="raf", timeout=60_000)
    return page.evaluate("window.__done - window.__t0") / 1000


def measure(base: str, runs: int, user: str, password: str) -> dict[str, list[float]]:
    """Each run opens a new tab: Reflex keys its server-side state by tab, so nothing is left over
    from the previous run; the browser cache is shared, as for a returning user."""
    from playwright.sync_api import sync_playwright

    results: dict[str, list[float]] = {name: [] for name in TARGETS}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=base)
        page = context.new_page()
        page.goto("/login")
        page.get_by_test_id("login-username").fill(user)
        page.get_by_test_id("login-password").fill(password)
        page.get_by_test_id("login-submit").click()
        page.wait_for_url(lambda url: "/login" not in url, timeout=60_000)
        # One untimed pass so the browser has the scripts cached.
        _first_render(page, "/products", ROWS_VISIBLE)
        _first_render(page, "/", DASHBOARD_DRAWN, list(CHARTS))
        page.close()
        for _ in range(runs):
            page = context.new_page()
            results["products first render"].append(_first_render(page, "/products", ROWS_VISIBLE))
            results["products page flip"].append(_flip(page))
            page.close()
            page = context.new_page()
            results["dashboard render"].append(_first_render(page, "/", DASHBOARD_DRAWN, list(CHARTS)))
            page.close()
        browser.close()
    return results


def server_side(url: str) -> None:
    """What the same reads cost in Python/SQL alone (to tell a slow query from a slow page)."""
    os.environ["DATABASE_URL"] = url
    from sqlmodel import Session

    from inventorypulse.db import make_engine
    from inventorypulse.services import dashboard_cache, products

    engine = make_engine(url)
    with Session(engine) as session:
        for label, fn in (
            ("dashboard_view (cold caches)", lambda: dashboard_cache.dashboard_view(session)),
            ("dashboard_view (warm caches)", lambda: dashboard_cache.dashboard_view(session)),
            ("list_products page 1", lambda: products.list_products(
                session, filters=products.ProductFilters(), page=1, limit=25)),
            ("list_products page 2", lambda: products.list_products(
                session, filters=products.ProductFilters(), page=2, limit=25)),
        ):
            started = time.perf_counter()
            fn()
            print(f"  server  {label:<32} {(time.perf_counter() - started) * 1000:8.0f} ms")
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=3160)
    parser.add_argument("--user", default="manager")
    parser.add_argument("--password", default=PASSWORD, help="the demo users' password (when reusing a database)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/ip-ui-bench"))
    parser.add_argument("--db", type=Path, help="SQLite file (default: <workdir>/demo-<products>-<days>.db)")
    args = parser.parse_args()

    args.workdir.mkdir(parents=True, exist_ok=True)
    url = prepare_database(args.db or args.workdir / f"demo-{args.products}-{args.days}.db", args.products, args.days)
    app = private_copy(args.workdir)
    log_path = args.workdir / "reflex.log"
    started = time.perf_counter()
    proc = serve(app, url, args.port, log_path)
    try:
        base = f"http://127.0.0.1:{args.port}"
        wait_until_ready(proc, base, log_path)
        print(f"app: built and serving in {time.perf_counter() - started:.0f}s at {base}")
        results = measure(base, args.runs, args.user, args.password)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)

    print(f"\n{args.products:,} products, {args.days} days of ledger; median of {args.runs} runs")
    missed = 0
    for name, samples in results.items():
        median, target = statistics.median(samples), TARGETS[name]
        missed += median > target
        runs = " ".join(f"{s:.2f}" for s in samples)
        print(f"  {name:<24} {median:6.2f} s   target <= {target:.1f} s  {'ok' if median <= target else 'MISSED'}"
              f"   (runs: {runs})")
    server_side(url)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
