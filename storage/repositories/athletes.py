"""Athletes, their identities (local, Telegram, email, Strava, Google) and small per-athlete state."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from coach.domain.athletes import Athlete, IdentityKind, Language, Level, Preferences, Units
from storage.tables import AthleteRow, AthleteStateRow, IdentityRow

_PREFERENCE_COLUMNS = (
    "timezone", "runs_per_week", "long_run_day", "morning_hour", "morning_message",
    "weekly_review", "post_run_note", "max_hr", "threshold_hr", "resting_hr", "stated_weekly_km",
)


def athlete_from_row(row: AthleteRow) -> Athlete:
    prefs = Preferences(
        language=Language(row.language), units=Units(row.units), level=Level(row.level),
        unavailable_days=list(row.unavailable_days or []),
        **{name: getattr(row, name) for name in _PREFERENCE_COLUMNS},
    )
    return Athlete(id=row.id, handle=row.handle, display_name=row.display_name,
                   preferences=prefs, created_at=row.created_at)


def _copy_into(row: AthleteRow, athlete: Athlete) -> None:
    p = athlete.preferences
    row.handle = athlete.handle
    row.display_name = athlete.display_name
    row.language = p.language.value
    row.units = p.units.value
    row.level = p.level.value
    row.unavailable_days = sorted(set(p.unavailable_days))
    for name in _PREFERENCE_COLUMNS:
        setattr(row, name, getattr(p, name))
    row.updated_at = func.now()


class SqlAthleteRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, athlete_id: UUID) -> Athlete | None:
        row = await self._session.get(AthleteRow, athlete_id, populate_existing=True)
        return athlete_from_row(row) if row else None

    async def get_by_handle(self, handle: str) -> Athlete | None:
        row = (await self._session.execute(
            select(AthleteRow).where(func.lower(AthleteRow.handle) == handle.lower())
        )).scalar_one_or_none()
        return athlete_from_row(row) if row else None

    async def find_by_identity(self, kind: IdentityKind, external_id: str) -> Athlete | None:
        row = (await self._session.execute(
            select(AthleteRow).join(IdentityRow, IdentityRow.athlete_id == AthleteRow.id)
            .where(IdentityRow.kind == kind.value, IdentityRow.external_id == external_id)
        )).scalar_one_or_none()
        return athlete_from_row(row) if row else None

    async def add(self, athlete: Athlete) -> None:
        row = AthleteRow(id=athlete.id)
        _copy_into(row, athlete)
        self._session.add(row)
        await self._session.flush()

    async def save(self, athlete: Athlete) -> None:
        row = await self._session.get(AthleteRow, athlete.id)
        if row is None:
            await self.add(athlete)
            return
        _copy_into(row, athlete)
        await self._session.flush()

    async def link_identity(self, athlete_id: UUID, kind: IdentityKind, external_id: str,
                            *, move: bool = False) -> bool:
        """Tie an external account to the athlete; False if it belongs to someone else.

        With `move`, an account linked elsewhere moves here (the runner proved they own it).
        """
        stmt = insert(IdentityRow).values(athlete_id=athlete_id, kind=kind.value,
                                          external_id=external_id)
        if move:
            stmt = stmt.on_conflict_do_update(constraint="uq_identities_kind_external",
                                              set_={"athlete_id": athlete_id})
        else:
            stmt = stmt.on_conflict_do_nothing(constraint="uq_identities_kind_external")
        inserted = (await self._session.execute(stmt.returning(IdentityRow.athlete_id))).first()
        if inserted is not None:
            return True
        owner = (await self._session.execute(select(IdentityRow.athlete_id).where(
            IdentityRow.kind == kind.value, IdentityRow.external_id == external_id))).scalar_one()
        return bool(owner == athlete_id)

    async def unlink_identity(self, athlete_id: UUID, kind: IdentityKind) -> None:
        await self._session.execute(delete(IdentityRow).where(
            IdentityRow.athlete_id == athlete_id, IdentityRow.kind == kind.value))

    async def identities(self, athlete_id: UUID) -> dict[IdentityKind, str]:
        rows = (await self._session.execute(
            select(IdentityRow.kind, IdentityRow.external_id)
            .where(IdentityRow.athlete_id == athlete_id).order_by(IdentityRow.id)
        )).all()
        return {IdentityKind(kind): ext for kind, ext in rows}

    async def get_state(self, athlete_id: UUID, key: str) -> dict[str, Any] | None:
        row = await self._session.get(AthleteStateRow, (athlete_id, key), populate_existing=True)
        return dict(row.value) if row else None

    async def set_state(self, athlete_id: UUID, key: str, value: dict[str, Any] | None) -> None:
        if value is None:
            await self._session.execute(delete(AthleteStateRow).where(
                AthleteStateRow.athlete_id == athlete_id, AthleteStateRow.key == key))
            return
        await self._session.execute(
            insert(AthleteStateRow).values(athlete_id=athlete_id, key=key, value=value)
            .on_conflict_do_update(index_elements=["athlete_id", "key"],
                                   set_={"value": value, "updated_at": func.now()})
        )
