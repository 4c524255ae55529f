"""Shared fixtures: a real PostgreSQL migrated by Alembic, one rolled-back transaction per test."""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker, create_async_engine

from coach.clock import FixedClock
from coach.services import Dependencies, Services
from runcoach.migrate import upgrade
from storage.database import asyncpg_url, libpq_url
from storage.memory import InMemoryCache, InMemoryQuota
from storage.uow import SqlUnitOfWorkFactory

pytest_plugins = ["tests.fakes.fixtures"]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _server_reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def pg_server_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """libpq URL of a server we may create databases on: CI's, else an embedded one."""
    explicit = os.environ.get("TEST_PG_URL")
    if explicit:
        return explicit
    if _server_reachable("127.0.0.1", 5432):
        return "postgresql://postgres@127.0.0.1:5432/postgres"
    from runcoach.embedded import start_embedded_postgres

    return libpq_url(start_embedded_postgres(tmp_path_factory.mktemp("pg")).replace(
        "/runcoach?", "/postgres?"))


def _admin(server_url: str, sql: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _with_db(server_url: str, name: str) -> str:
    base, _, query = server_url.partition("?")
    return base.rsplit("/", 1)[0] + f"/{name}" + (f"?{query}" if query else "")


@pytest.fixture(scope="session")
def template_db(pg_server_url: str) -> Iterator[str]:
    """A freshly migrated database, used as the template for every other test database."""
    name = f"rc_test_{secrets.token_hex(4)}_tpl"
    _admin(pg_server_url, f"CREATE DATABASE {name}")
    try:
        upgrade(_with_db(pg_server_url, name))
        yield name
    finally:
        _admin(pg_server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def make_database(pg_server_url: str, template_db: str) -> Iterator[object]:
    """Factory: a new migrated database (a copy of the template) per call, dropped afterwards."""
    created: list[str] = []

    def make() -> str:
        name = f"rc_test_{secrets.token_hex(5)}"
        _admin(pg_server_url, f"CREATE DATABASE {name} TEMPLATE {template_db}")
        created.append(name)
        return _with_db(pg_server_url, name)

    yield make
    for name in created:
        _admin(pg_server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def database_url(make_database: object) -> str:
    """libpq URL of a private migrated database for this test (for subprocesses)."""
    return make_database()  # type: ignore[operator, no-any-return]


@pytest.fixture(scope="session")
def shared_db_url(pg_server_url: str, template_db: str) -> Iterator[str]:
    name = f"rc_test_{secrets.token_hex(4)}_main"
    _admin(pg_server_url, f"CREATE DATABASE {name} TEMPLATE {template_db}")
    yield _with_db(pg_server_url, name)
    _admin(pg_server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
async def engine(shared_db_url: str) -> AsyncIterator[AsyncEngine]:
    eng = create_async_engine(asyncpg_url(shared_db_url), pool_size=5)
    yield eng
    await eng.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection inside a transaction that is rolled back after the test."""
    async with engine.connect() as conn:
        outer = await conn.begin()
        try:
            yield conn
        finally:
            await outer.rollback()


@pytest.fixture
def uow_factory(connection: AsyncConnection) -> SqlUnitOfWorkFactory:
    # Each unit of work gets a session on the test's connection; its commit only releases
    # a savepoint, so the outer rollback undoes everything the test did.
    factory = async_sessionmaker(bind=connection, expire_on_commit=False, autoflush=False,
                                 join_transaction_mode="create_savepoint")
    return SqlUnitOfWorkFactory(factory)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))


@pytest.fixture
def services(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> Services:
    return Services(Dependencies(uow=uow_factory, clock=clock, cache=InMemoryCache(),
                                 quota=InMemoryQuota()))
