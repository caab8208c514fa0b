"""Command line: `python -m inventorypulse <command>`.

  migrate                         apply Alembic migrations (alembic upgrade head)
  demo [--products N] [--days D] [--seed S] [--reset] [--if-empty]
                                  fill the database with a demo business
  ensure-admin                    create the INVENTORYPULSE_ADMIN_* account if missing
  serve [--backend-only] [--port N]
                                  serve the app (UI + API), or only the API (no Node needed)
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
    print(f"Demo users manager / staff / viewer, password: {password}")
    return 0


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m inventorypulse", description="InventoryPulse")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply database migrations")
    demo = sub.add_parser("demo", help="load demo data into an empty database")
    demo.add_argument("--products", type=int, default=300)
    demo.add_argument("--days", type=int, default=730)
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument("--reset", action="store_true", help="drop all data first")
    demo.add_argument("--if-empty", action="store_true", help="do nothing when data exists")
    sub.add_parser("ensure-admin", help="create the configured admin account if missing")
    serve = sub.add_parser("serve", help="serve the app")
    serve.add_argument("--backend-only", action="store_true", help="serve only the API (no Node needed)")
    serve.add_argument("--port", type=int)
    args = parser.parse_args(argv)

    if args.command == "migrate":
        migrate()
        return 0
    handlers = {"demo": cmd_demo, "ensure-admin": cmd_ensure_admin, "serve": cmd_serve}
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
