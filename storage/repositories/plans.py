"""Plan versions with their weeks and workouts; one active version, at most one proposal."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coach.domain.plans import Phase, Plan, PlanWeek, RuleNote, Workout, WorkoutKind
from storage.tables import PlanVersionRow, PlanWeekRow, WorkoutRow


class SqlPlanRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _load(self, row: PlanVersionRow | None) -> Plan | None:
        if row is None:
            return None
        weeks = (await self._session.execute(
            select(PlanWeekRow).where(PlanWeekRow.plan_version_id == row.id)
            .order_by(PlanWeekRow.week)
        )).scalars().all()
        workouts = (await self._session.execute(
            select(WorkoutRow).where(WorkoutRow.plan_week_id.in_([w.id for w in weeks]))
            .order_by(WorkoutRow.day, WorkoutRow.id)
        )).scalars().all()
        by_week: dict[int, list[Workout]] = {w.id: [] for w in weeks}
        for wo in workouts:
            pace = (None if wo.pace_lo_s_per_km is None or wo.pace_hi_s_per_km is None
                    else (wo.pace_lo_s_per_km, wo.pace_hi_s_per_km))
            by_week[wo.plan_week_id].append(Workout(
                date=wo.day, kind=WorkoutKind(wo.kind), distance_m=wo.distance_m,
                duration_s=wo.duration_s, pace_s_per_km=pace, description=wo.description))
        return Plan(
            id=row.id, athlete_id=row.athlete_id, version=row.version, reason=row.reason,
            vdot=row.vdot, created_at=row.created_at,
            rules_applied=[RuleNote(**r) for r in row.rules_applied or []],
            weeks=[PlanWeek(week=w.week, phase=Phase(w.phase), workouts=by_week[w.id])
                   for w in weeks],
        )

    async def _by_status(self, athlete_id: UUID, status: str) -> Plan | None:
        row = (await self._session.execute(
            select(PlanVersionRow).where(PlanVersionRow.athlete_id == athlete_id,
                                         PlanVersionRow.status == status)
            .order_by(PlanVersionRow.version.desc()).limit(1)
        )).scalar_one_or_none()
        return await self._load(row)

    async def active(self, athlete_id: UUID) -> Plan | None:
        return await self._by_status(athlete_id, "active")

    async def proposed(self, athlete_id: UUID) -> Plan | None:
        return await self._by_status(athlete_id, "proposed")

    async def get(self, plan_id: UUID) -> Plan | None:
        return await self._load(await self._session.get(PlanVersionRow, plan_id))

    async def latest_version(self, athlete_id: UUID) -> int:
        value = (await self._session.execute(
            select(func.max(PlanVersionRow.version)).where(PlanVersionRow.athlete_id == athlete_id)
        )).scalar_one()
        return int(value or 0)

    async def add(self, plan: Plan, *, status: str, diff: list[dict[str, Any]] | None = None) -> None:
        assert plan.athlete_id is not None
        plan.id = plan.id or uuid.uuid4()
        if status == "active":
            await self._supersede(plan.athlete_id)
        self._session.add(PlanVersionRow(
            id=plan.id, athlete_id=plan.athlete_id, version=plan.version, status=status,
            reason=plan.reason, vdot=plan.vdot, diff=diff or [],
            rules_applied=[asdict(r) for r in plan.rules_applied]))
        await self._session.flush()
        for week in plan.weeks:
            week_row = PlanWeekRow(plan_version_id=plan.id, week=week.week, phase=week.phase.value)
            self._session.add(week_row)
            await self._session.flush()
            self._session.add_all([
                WorkoutRow(plan_week_id=week_row.id, day=w.date, kind=w.kind.value,
                           distance_m=w.distance_m, duration_s=w.duration_s,
                           pace_lo_s_per_km=w.pace_s_per_km[0] if w.pace_s_per_km else None,
                           pace_hi_s_per_km=w.pace_s_per_km[1] if w.pace_s_per_km else None,
                           description=w.description)
                for w in week.workouts
            ])
        await self._session.flush()

    async def _supersede(self, athlete_id: UUID) -> None:
        await self._session.execute(
            update(PlanVersionRow)
            .where(PlanVersionRow.athlete_id == athlete_id, PlanVersionRow.status == "active")
            .values(status="superseded"))

    async def activate(self, plan_id: UUID) -> None:
        row = await self._session.get(PlanVersionRow, plan_id)
        assert row is not None
        await self._supersede(row.athlete_id)
        row.status = "active"
        await self._session.flush()

    async def discard_proposals(self, athlete_id: UUID) -> None:
        await self._session.execute(
            update(PlanVersionRow)
            .where(PlanVersionRow.athlete_id == athlete_id, PlanVersionRow.status == "proposed")
            .values(status="cancelled"))

    async def proposal_diff(self, plan_id: UUID) -> list[dict[str, Any]]:
        row = await self._session.get(PlanVersionRow, plan_id)
        return list(row.diff) if row else []
