"""Command line: `python -m inventorypulse <command>`.

  migrate                         apply Alembic migrations (alembic upgrade head)
  demo [--products N] [--days D] [--seed S] [--reset] [--if-empty]
                                  fill the database with a demo business, then forecast it once
  ensure-admin                    create the INVENTORYPULSE_ADMIN_* account if missing
  serve [--backend-only] [--port N]
                                  serve the app (UI + API), or only the API (no Node needed)
  warehouse sync [--full]         load the analytics warehouse (new rows only, or rebuild everything)
  jobs list                       the scheduled jobs: schedule, next run, last run
  jobs run <name>                 run one job now (e.g. alert_scan) and print its summary
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time

from .config import ROOT, settings


def migrate() -> None:
    from alembic import command
    from alembic.config import Config

    command.upgrade(Config(str(ROOT / "alembic.ini")), "head")


def reset_database() -> None:
    """Drop every table (and Alembic's version table), then migrate afresh."""
    from sqlalchemy import MetaData

    from .db import get_engine

    engine = get_engine()
    meta = MetaData()
    meta.reflect(engine)
    meta.drop_all(engine)
    migrate()


def demo_password() -> str:
    """Demo users share the admin's configured password, or a fresh random one."""
    return settings.inventorypulse_admin_password or secrets.token_urlsafe(9)


def cmd_demo(args) -> int:
    from sqlmodel import func, select

    from .db import get_engine, session_scope
    from .models import Product
    from .services.auth import ensure_configured_admin
    from .services.demo import load_demo_data

    if args.reset:
        reset_database()
    else:
        migrate()
    with session_scope() as session:
        has_products = session.exec(select(func.count()).select_from(Product)).one() > 0
        ensure_configured_admin(session)
    if has_products:
        if args.if_empty:
            print("Database already has data: keeping it.")
            return 0
        print("The database is not empty. Use --reset to replace it with demo data.", file=sys.stderr)
        return 2
    password = demo_password()
    started = time.perf_counter()
    counts = load_demo_data(get_engine(), products=args.products, days=args.days, seed=args.seed,
                            password=password)
    vacuum_if_postgres()
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{k}={v:,}" if isinstance(v, int) else f"{k}={v}" for k, v in counts.items())
    print(f"Demo data loaded in {elapsed:.1f}s: {summary}")
    first_forecast()
    print(f"Demo users manager / staff / viewer, password: {password}")
    return 0


def first_forecast() -> None:
    """Run the nightly job once (recorded in job_runs) so the app opens with forecasts, replenishment
    suggestions and alerts. A failure is reported but leaves the loaded data in place."""
    from .db import session_scope
    from .jobs.runner import run_job
    from .services.errors import DomainError
    from .services.replenishment import plan_summary

    try:
        run = run_job("nightly_forecast", triggered_by="demo")
    except DomainError as exc:  # another process (a scheduler) is running it right now
        print(f"First forecast skipped: {exc.message}", file=sys.stderr)
        return
    if run.status != "succeeded":
        print(f"First forecast failed (the app works without it; retry with `python -m inventorypulse jobs run "
              f"nightly_forecast`): {(run.error or '').splitlines()[0]}", file=sys.stderr)
        return
    with session_scope() as session:
        to_order = plan_summary(session).lines
    c = run.counts
    print(f"First forecast in {run.seconds:.1f}s: {c.get('forecast_products', 0):,} products forecast, "
          f"{to_order:,} reorder suggestions, {c.get('alerts_raised', 0):,} alerts raised.")


def vacuum_if_postgres() -> None:
    """After a bulk load PostgreSQL needs VACUUM for index-only scans (list pages, counts) to work."""
    from .db import get_engine

    engine = get_engine()
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")


def cmd_ensure_admin(_args) -> int:
    from .db import session_scope
    from .services.auth import ensure_configured_admin

    with session_scope() as session:
        user = ensure_configured_admin(session)
    if user is None:
        print("INVENTORYPULSE_ADMIN_USERNAME / INVENTORYPULSE_ADMIN_PASSWORD are not set.", file=sys.stderr)
        return 2
    print(f"Admin account: {user.username}")
    return 0


def cmd_serve(args) -> int:
    cmd = ["reflex", "run", "--env", "prod"]
    if args.backend_only:
        cmd += ["--backend-only", "--backend-port", str(args.port or 8000)]
    elif args.port:
        cmd += ["--frontend-port", str(args.port), "--backend-port", str(args.port)]
    os.chdir(ROOT)
    os.execvp(cmd[0], cmd)


def cmd_jobs(args) -> int:
    from .jobs.cli import main as jobs_main

    return jobs_main(args)


def cmd_warehouse(args) -> int:
    from .db import session_scope
    from .jobs.runner import run_job
    from .services.errors import DomainError
    from .warehouse.status import request_full_rebuild

    if args.full:
        with session_scope() as session:
            request_full_rebuild(session)
    try:
        run = run_job("warehouse_sync", triggered_by="cli",
                      progress=lambda fraction, message: print(f"  {fraction:>4.0%} {message}", file=sys.stderr))
    except DomainError as exc:  # another process is syncing
        print(exc.message, file=sys.stderr)
        return 2
    print(run.detail or run.line())
    return 0 if run.status == "succeeded" else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m inventorypulse", description="InventoryPulse")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply database migrations")
    demo = sub.add_parser("demo", help="load demo data into an empty database, then run the nightly forecast")
    demo.add_argument("--products", type=int, default=300)
    demo.add_argument("--days", type=int, default=730)
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument("--reset", action="store_true", help="drop all data first")
    demo.add_argument("--if-empty", action="store_true", help="do nothing when data exists")
    sub.add_parser("ensure-admin", help="create the configured admin account if missing")
    serve = sub.add_parser("serve", help="serve the app")
    serve.add_argument("--backend-only", action="store_true", help="serve only the API (no Node needed)")
    serve.add_argument("--port", type=int)
    jobs = sub.add_parser("jobs", help="list the scheduled jobs, or run one now")
    jobs_actions = jobs.add_subparsers(dest="jobs_command", required=True)
    jobs_actions.add_parser("list", help="each job with its schedule, next and last run")
    jobs_actions.add_parser("run", help="run a job once, now, and print its summary").add_argument(
        "name", help="job name, e.g. alert_scan (see `jobs list`)")
    warehouse = sub.add_parser("warehouse", help="the analytics warehouse (Snowflake or embedded)")
    warehouse.add_subparsers(dest="warehouse_command", required=True).add_parser(
        "sync", help="load new analytics rows (recorded in job_runs)").add_argument(
        "--full", action="store_true", help="rebuild every table from scratch")
    args = parser.parse_args(argv)

    if args.command == "migrate":
        migrate()
        return 0
    if args.command == "warehouse":
        return cmd_warehouse(args)
    handlers = {"demo": cmd_demo, "ensure-admin": cmd_ensure_admin, "serve": cmd_serve, "jobs": cmd_jobs}
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
