"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL,
and can be walked down and up again."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from lti_tool.db import Database, alembic_config
from lti_tool.db.models import Base


def test_migrations_match_the_models(database_url):
    db = Database(database_url)
    db.upgrade()
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    db.dispose()
    assert diff == []


def test_downgrade_and_upgrade_again(database_url):
    cfg = alembic_config(database_url)
    command.upgrade(cfg, "head")
    command.downgrade(cfg, "base")
    command.upgrade(cfg, "head")
    db = Database(database_url)
    with db.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == \
            ScriptDirectory.from_config(cfg).get_current_head()
    db.dispose()
