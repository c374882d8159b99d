"""Shared fixtures: settings on a temp data dir, and the database under test.

`database` runs each test that uses it twice, on SQLite and on a throw-away PostgreSQL
(`tests/pg_cluster.py`); PostgreSQL is skipped only where it is not installed and CI is not set.
"""
from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from config.settings import Settings, load_settings
from storage.db import Database, open_database
from tests.pg_cluster import require_postgres, throwaway_postgres

DATA = Path(__file__).parent / "data"
UPSTREAM = DATA / "moatmetrics-upstream"
_db_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    require_postgres()
    with throwaway_postgres() as url:
        yield url


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data", secret_key="test-secret-key", database_url=None)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'moat.db'}"
    server_url = request.getfixturevalue("postgres_server")
    name = f"moat_t{os.getpid()}_{next(_db_counter)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    db = open_database(db_url)
    yield db
    db.dispose()


@pytest.fixture
def db_settings(settings: Settings, db_url: str) -> Settings:
    """Settings pointing at the parametrized database (SQLite and PostgreSQL)."""
    return settings.model_copy(update={"database_url": db_url})
