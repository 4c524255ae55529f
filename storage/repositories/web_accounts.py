"""Web accounts: password hashes, session generations, calendar secrets, login links, export and erasure."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, LargeBinary, Table, delete, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.tables import Base, RunFileRow, RunRow
from storage.tables_web import LoginTokenRow, WebAccountRow

# Columns never exported: credentials and secrets stay on the server even in the runner's own export.
_SECRET_WORDS = ("token", "hash", "secret", "password", "cipher", "encrypted")
_NOT_EXPORTED_TABLES = {"login_tokens"}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _owned(table: Table, athlete_id: UUID, depth: int = 0) -> ColumnElement[bool] | None:
    """A condition selecting the rows of `table` that belong to the athlete: a foreign key to the
    athlete, or (up to a few hops) to rows that belong to them, so tables added later are covered."""
    if table.name == "athletes":
        return table.c.id == athlete_id
    direct = [fk.parent == athlete_id for fk in table.foreign_keys if fk.column.table.name == "athletes"]
    direct += [table.c.athlete_id == athlete_id] if "athlete_id" in table.c and not direct else []
    if direct:
        return or_(*direct)
    if depth > 3:
        return None
    for fk in table.foreign_keys:
        parent = fk.column.table
        if parent is table:
            continue
        parent_cond = _owned(parent, athlete_id, depth + 1)
        if parent_cond is not None:
            return fk.parent.in_(select(fk.column).where(parent_cond))
    return None


class SqlWebAccountRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _row(self, athlete_id: UUID) -> WebAccountRow:
        await self._session.execute(insert(WebAccountRow).values(athlete_id=athlete_id)
                                    .on_conflict_do_nothing(index_elements=["athlete_id"]))
        row = await self._session.get(WebAccountRow, athlete_id, populate_existing=True)
        assert row is not None
        return row

    async def _peek(self, athlete_id: UUID) -> WebAccountRow | None:
        return await self._session.get(WebAccountRow, athlete_id, populate_existing=True)

    async def password_hash(self, athlete_id: UUID) -> str | None:
        row = await self._peek(athlete_id)
        return row.password_hash if row else None

    async def set_password_hash(self, athlete_id: UUID, password_hash: str) -> None:
        row = await self._row(athlete_id)
        row.password_hash = password_hash
        await self._session.flush()

    async def session_generation(self, athlete_id: UUID) -> int:
        row = await self._peek(athlete_id)
        return row.session_generation if row else 0

    async def bump_session_generation(self, athlete_id: UUID) -> int:
        await self._row(athlete_id)
        value = (await self._session.execute(
            update(WebAccountRow).where(WebAccountRow.athlete_id == athlete_id)
            .values(session_generation=WebAccountRow.session_generation + 1)
            .returning(WebAccountRow.session_generation))).scalar_one()
        return int(value)

    async def calendar_token(self, athlete_id: UUID) -> str | None:
        row = await self._peek(athlete_id)
        return row.calendar_token if row else None

    async def set_calendar_token(self, athlete_id: UUID, token: str) -> None:
        row = await self._row(athlete_id)
        row.calendar_token = token
        await self._session.flush()

    async def athlete_by_calendar_token(self, token: str) -> UUID | None:
        return (await self._session.execute(
            select(WebAccountRow.athlete_id).where(WebAccountRow.calendar_token == token)
        )).scalar_one_or_none()

    async def llm_data(self, athlete_id: UUID) -> str:
        row = await self._peek(athlete_id)
        return row.llm_data if row else "full"

    async def set_llm_data(self, athlete_id: UUID, value: str) -> None:
        row = await self._row(athlete_id)
        row.llm_data = value
        await self._session.flush()

    async def add_login_token(self, token_hash: str, athlete_id: UUID, expires_at: datetime) -> None:
        self._session.add(LoginTokenRow(token_hash=token_hash, athlete_id=athlete_id,
                                        expires_at=expires_at))
        await self._session.flush()

    async def take_login_token(self, token_hash: str) -> tuple[UUID, datetime] | None:
        # DELETE ... RETURNING: of two concurrent redemptions exactly one gets the row.
        found = (await self._session.execute(
            delete(LoginTokenRow).where(LoginTokenRow.token_hash == token_hash)
            .returning(LoginTokenRow.athlete_id, LoginTokenRow.expires_at))).first()
        return (found[0], found[1]) if found else None

    async def purge_login_tokens(self, before: datetime) -> None:
        await self._session.execute(delete(LoginTokenRow).where(LoginTokenRow.expires_at < before))

    async def merge_into(self, from_id: UUID, into_id: UUID) -> None:
        # Runs the kept athlete already has (same source id, or starting within a minute) stay
        # behind and go with the merged-away athlete; everything else moves.
        await self._session.execute(text("""
            UPDATE runs AS r SET athlete_id = :into WHERE r.athlete_id = :from
              AND NOT EXISTS (SELECT 1 FROM runs AS k WHERE k.athlete_id = :into AND (
                    (r.source_id IS NOT NULL AND k.source = r.source AND k.source_id = r.source_id)
                    OR abs(extract(epoch FROM k.start_time - r.start_time)) < 60))"""),
            {"from": from_id, "into": into_id})
        # Strava stays behind: its tokens live with the link of the merged-away athlete, which
        # goes; the runner connects Strava again from the kept account.
        await self._session.execute(text(
            "UPDATE identities SET athlete_id = :into WHERE athlete_id = :from AND kind <> 'strava'"),
            {"from": from_id, "into": into_id})
        for mine, other in (("follower_id", "followee_id"), ("followee_id", "follower_id")):
            await self._session.execute(text(f"""
                INSERT INTO follows (follower_id, followee_id)
                SELECT {'CAST(:into AS uuid), f.followee_id' if mine == 'follower_id'
                        else 'f.follower_id, CAST(:into AS uuid)'}
                FROM follows AS f WHERE f.{mine} = :from AND f.{other} <> :into
                ON CONFLICT DO NOTHING"""), {"from": from_id, "into": into_id})  # noqa: S608
        await self.delete_athlete(from_id)

    def _exported_tables(self) -> list[Table]:
        return [t for t in Base.metadata.sorted_tables if t.name not in _NOT_EXPORTED_TABLES]

    async def export(self, athlete_id: UUID) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for table in self._exported_tables():
            cond = _owned(table, athlete_id)
            if cond is None:
                continue
            columns = [c for c in table.columns if not isinstance(c.type, LargeBinary)
                       and not any(word in c.name for word in _SECRET_WORDS)]
            rows = (await self._session.execute(select(*columns).where(cond))).mappings().all()
            out[table.name] = [{k: _jsonable(v) for k, v in row.items()} for row in rows]
        return out

    async def original_files(self, athlete_id: UUID) -> list[tuple[UUID, str, bytes]]:
        rows = (await self._session.execute(
            select(RunFileRow.run_id, RunFileRow.filename, RunFileRow.content)
            .join(RunRow, RunRow.id == RunFileRow.run_id)
            .where(RunRow.athlete_id == athlete_id).order_by(RunFileRow.id))).all()
        return [(r[0], r[1], bytes(r[2])) for r in rows]

    async def delete_athlete(self, athlete_id: UUID) -> None:
        # Children first, table by table, so a table added without ON DELETE CASCADE can't block it.
        for table in reversed(Base.metadata.sorted_tables):
            cond = _owned(table, athlete_id) if table.name != "athletes" else None
            if cond is not None:
                await self._session.execute(delete(table).where(cond))
        await self._session.execute(delete(Base.metadata.tables["athletes"])
                                    .where(Base.metadata.tables["athletes"].c.id == athlete_id))
