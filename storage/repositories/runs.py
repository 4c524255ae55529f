"""Runs of an athlete: stored, listed by time, found by their source (for dedupe)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Select, delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from coach.domain.runs import Run
from storage.repositories.runs_codec import run_from_row, run_to_row
from storage.tables import RunFileRow, RunRow


def _summaries() -> Select[RunRow]:
    # Point streams are the bulk of a row; lists never need them.
    return select(RunRow).options(defer(RunRow.stream))


class SqlRunRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, run_id: UUID) -> Run | None:
        row = await self._session.get(RunRow, run_id, populate_existing=True)
        return run_from_row(row) if row else None

    async def add(self, run: Run) -> None:
        assert run.id is not None and run.athlete_id is not None
        row = RunRow(id=run.id)
        run_to_row(run, row)
        self._session.add(row)
        await self._session.flush()

    async def save(self, run: Run) -> None:
        assert run.id is not None
        row = await self._session.get(RunRow, run.id)
        if row is None:
            await self.add(run)
            return
        run_to_row(run, row)
        row.updated_at = func.now()
        await self._session.flush()

    async def delete(self, run_id: UUID) -> None:
        await self._session.execute(delete(RunRow).where(RunRow.id == run_id))

    async def list_between(self, athlete_id: UUID, start: datetime, end: datetime) -> list[Run]:
        rows = (await self._session.execute(
            _summaries().where(RunRow.athlete_id == athlete_id, RunRow.start_time >= start,
                               RunRow.start_time < end).order_by(RunRow.start_time)
        )).scalars()
        return [run_from_row(r, with_stream=False) for r in rows]

    async def recent(self, athlete_id: UUID, limit: int, before: datetime | None = None) -> list[Run]:
        query = _summaries().where(RunRow.athlete_id == athlete_id)
        if before is not None:
            query = query.where(RunRow.start_time < before)
        rows = (await self._session.execute(
            query.order_by(RunRow.start_time.desc()).limit(limit))).scalars()
        return [run_from_row(r, with_stream=False) for r in rows]

    async def find_by_source(self, athlete_id: UUID, source: str, source_id: str) -> Run | None:
        row = (await self._session.execute(
            select(RunRow).where(RunRow.athlete_id == athlete_id, RunRow.source == source,
                                 RunRow.source_id == source_id)
        )).scalar_one_or_none()
        return run_from_row(row) if row else None

    async def count(self, athlete_id: UUID) -> int:
        return int((await self._session.execute(
            select(func.count()).select_from(RunRow).where(RunRow.athlete_id == athlete_id)
        )).scalar_one())

    async def add_file(self, run_id: UUID, filename: str, sha256: str, content: bytes) -> None:
        self._session.add(RunFileRow(run_id=run_id, filename=filename, sha256=sha256,
                                     content=content))
        await self._session.flush()

    async def lock_athlete(self, athlete_id: UUID) -> None:
        # A transaction-scoped advisory lock keyed on the athlete: released at commit/rollback.
        await self._session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
                                    {"key": f"runs:{athlete_id}"})
