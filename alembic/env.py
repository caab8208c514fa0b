"""Alembic environment: the schema is SQLModel.metadata, the URL comes from settings.

A caller may pass a connection in `config.attributes["connection"]` (tests do).
"""

from logging.config import fileConfig

import sqlmodel
from alembic import context
from sqlmodel import SQLModel

import inventorypulse.models  # noqa: F401  (registers every table)
from inventorypulse.db import get_engine

config = context.config
if config.config_file_name is not None and not config.attributes.get("connection"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def render_item(type_, obj, autogen_context):
    """Render sqlmodel's own types as plain SQLAlchemy ones so migrations need no sqlmodel import."""
    if type_ == "type" and isinstance(obj, sqlmodel.sql.sqltypes.UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, sqlmodel.AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    return False


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    url = config.get_main_option("sqlalchemy.url")
    with get_engine(url or None).connect() as conn:
        run_migrations(conn)
        conn.commit()
