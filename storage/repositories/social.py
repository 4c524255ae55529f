"""Who follows whom, and the feed: a runner's runs with the shared runs of the runners they follow."""

from __future__ import annotations

import hashlib
from uuid import UUID

from sqlalchemy import ColumnElement, and_, delete, exists, func, or_, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from coach.domain.athletes import Athlete
from coach.domain.runs import Run, Visibility
from coach.ports_web import FeedCursor
from storage.repositories.athletes import athlete_from_row
from storage.repositories.runs_codec import run_from_row
from storage.tables import AthleteRow, PlanVersionRow, RunRow
from storage.tables_web import FollowRow


def _visible_to(viewer_id: UUID) -> ColumnElement[bool]:
    followed = select(FollowRow.followee_id).where(FollowRow.follower_id == viewer_id)
    return or_(RunRow.athlete_id == viewer_id,
               and_(RunRow.athlete_id.in_(followed), RunRow.visibility == Visibility.FOLLOWERS.value))


class SqlSocialRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def follow(self, follower_id: UUID, followee_id: UUID) -> bool:
        created = (await self._session.execute(
            insert(FollowRow).values(follower_id=follower_id, followee_id=followee_id)
            .on_conflict_do_nothing().returning(FollowRow.followee_id))).first()
        return created is not None

    async def unfollow(self, follower_id: UUID, followee_id: UUID) -> bool:
        gone = (await self._session.execute(
            delete(FollowRow).where(FollowRow.follower_id == follower_id,
                                    FollowRow.followee_id == followee_id)
            .returning(FollowRow.followee_id))).first()
        return gone is not None

    async def is_following(self, follower_id: UUID, followee_id: UUID) -> bool:
        return bool((await self._session.execute(select(exists().where(
            FollowRow.follower_id == follower_id, FollowRow.followee_id == followee_id)))).scalar())

    async def following(self, athlete_id: UUID) -> list[Athlete]:
        rows = (await self._session.execute(
            select(AthleteRow).join(FollowRow, FollowRow.followee_id == AthleteRow.id)
            .where(FollowRow.follower_id == athlete_id).order_by(AthleteRow.handle))).scalars()
        return [athlete_from_row(r) for r in rows]

    async def followers(self, athlete_id: UUID) -> list[Athlete]:
        rows = (await self._session.execute(
            select(AthleteRow).join(FollowRow, FollowRow.follower_id == AthleteRow.id)
            .where(FollowRow.followee_id == athlete_id).order_by(AthleteRow.handle))).scalars()
        return [athlete_from_row(r) for r in rows]

    async def feed(self, viewer_id: UUID, limit: int, before: FeedCursor | None = None,
                   ) -> list[tuple[Run, Athlete]]:
        query = (select(RunRow, AthleteRow).join(AthleteRow, AthleteRow.id == RunRow.athlete_id)
                 .options(defer(RunRow.stream)).where(_visible_to(viewer_id)))
        if before is not None:
            query = query.where(tuple_(RunRow.start_time, RunRow.id) < tuple_(before[0], before[1]))
        rows = (await self._session.execute(
            query.order_by(RunRow.start_time.desc(), RunRow.id.desc()).limit(limit))).all()
        return [(run_from_row(run, with_stream=False), athlete_from_row(athlete))
                for run, athlete in rows]

    async def feed_fingerprint(self, viewer_id: UUID) -> str:
        people = select(FollowRow.followee_id).where(FollowRow.follower_id == viewer_id)
        involved = or_(AthleteRow.id == viewer_id, AthleteRow.id.in_(people))
        plan_people = or_(PlanVersionRow.athlete_id == viewer_id, PlanVersionRow.athlete_id.in_(people))
        # Counts catch additions and removals, the latest update time catches edits (notes,
        # titles, visibility), and the active plan versions catch re-plans ("planned" changes).
        visible = _visible_to(viewer_id)
        follows = FollowRow.follower_id == viewer_id
        active = and_(plan_people, PlanVersionRow.status == "active")
        parts = [
            select(func.count()).select_from(RunRow).where(visible),
            select(func.max(RunRow.updated_at)).where(visible),
            select(func.count()).select_from(FollowRow).where(follows),
            select(func.max(FollowRow.created_at)).where(follows),
            select(func.coalesce(func.sum(PlanVersionRow.version), 0)).where(active),
            select(func.count()).select_from(PlanVersionRow).where(active),
            select(func.max(AthleteRow.updated_at)).where(involved),
        ]
        row = (await self._session.execute(select(*(p.scalar_subquery() for p in parts)))).one()
        return hashlib.sha256(repr(tuple(row)).encode()).hexdigest()[:32]
