"""Recording runs from every source through one path, so the same activity is stored once."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from typing import Literal
from uuid import UUID

from coach.dedupe import find_duplicate, merge_runs
from coach.domain.errors import InvalidInput, NotFound
from coach.domain.runs import Run, RunSource, Sport
from coach.services.container import Dependencies
from coach.services.time import athlete_now

# Candidates for dedupe are fetched a little wider than the ±60 s match window.
_DEDUPE_WINDOW = timedelta(seconds=90)


@dataclass(slots=True)
class RecordResult:
    status: Literal["imported", "duplicate"]
    run: Run
    merged: list[str] = field(default_factory=list)


class RunService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    async def record_run(self, athlete_id: UUID, run: Run, *, original: bytes | None = None,
                         filename: str | None = None) -> RecordResult:
        """Store a run unless the athlete already has it; a duplicate enriches the kept run."""
        async with self._deps.uow() as uow:
            # One runner's runs are recorded one at a time, so two copies arriving together
            # (a Strava event and an upload) can't both slip past the duplicate check.
            await uow.runs.lock_athlete(athlete_id)
            existing = None
            if run.source_id is not None:
                existing = await uow.runs.find_by_source(athlete_id, run.source.value, run.source_id)
            if existing is None:
                nearby = await uow.runs.list_between(athlete_id, run.start_time - _DEDUPE_WINDOW,
                                                     run.start_time + _DEDUPE_WINDOW)
                match = find_duplicate(run, nearby)
                existing = await uow.runs.get(match.id) if match and match.id else None
            if existing is not None:
                kept, merged = merge_runs(existing, run)
                if merged:
                    await uow.runs.save(kept)
                    await uow.commit()
                return RecordResult("duplicate", kept, merged)
            run.id = uuid.uuid4()
            run.athlete_id = athlete_id
            await uow.runs.add(run)
            if original is not None:
                await uow.runs.add_file(run.id, filename or "activity", hashlib.sha256(original).hexdigest(),
                                        original)
            await uow.commit()
        return RecordResult("imported", run)

    async def log_manual(self, athlete_id: UUID, distance_m: float, time_s: float,
                         note: str | None = None, sport: Sport = Sport.RUN) -> RecordResult:
        """A run typed by hand (`/log 8k 42:30 felt easy`), taken to have just finished."""
        if distance_m > 0 and not 120 <= time_s / (distance_m / 1000) <= 1800:
            raise InvalidInput("That distance and time give a pace I can't believe "
                               "(between 2:00 and 30:00 per km). Check the numbers?", key="err_log_pace")
        if time_s > 24 * 3600:
            raise InvalidInput("A single run can't be longer than a day.", key="err_log_long")
        async with self._deps.uow() as uow:
            athlete = await uow.athletes.get(athlete_id)
        if athlete is None:
            raise NotFound("No such runner.")
        end = athlete_now(athlete, self._deps.clock)
        offset = end.utcoffset()
        run = Run(sport=sport, start_time=(end - timedelta(seconds=time_s)).astimezone(UTC),
                  utc_offset_s=int(offset.total_seconds()) if offset is not None else 0,
                  distance_m=distance_m, moving_s=time_s, elapsed_s=time_s,
                  source=RunSource.MANUAL, runner_note=(note or None), is_race=_says_race(note))
        return await self.record_run(athlete_id, run)

    async def get(self, athlete_id: UUID, run_id: UUID) -> Run:
        async with self._deps.uow() as uow:
            run = await uow.runs.get(run_id)
        if run is None or run.athlete_id != athlete_id:
            raise NotFound("No such run.")
        return run

    async def recent(self, athlete_id: UUID, limit: int = 20) -> list[Run]:
        async with self._deps.uow() as uow:
            return await uow.runs.recent(athlete_id, limit)


def _says_race(note: str | None) -> bool:
    if not note:
        return False
    words = note.lower()
    return any(w in words for w in ("race", "time trial", "parkrun", "대회", "레이스", "기록측정"))
