"""Strava links (sealed tokens), push events, the activity-to-run map, backfills and the subscription."""

from __future__ import annotations

import json
from uuid import UUID

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from coach.domain.strava import (
    ActivityLink,
    BackfillProgress,
    EventReceipt,
    StoredEvent,
    StravaEvent,
    StravaLink,
    StravaTokens,
)
from storage.tables_strava import (
    StravaActivityRow,
    StravaBackfillRow,
    StravaEventRow,
    StravaLinkRow,
    StravaSubscriptionRow,
)

_STORE_EVENT = text("""
    INSERT INTO strava_events (dedupe_key, object_type, object_id, aspect_type, owner_id,
                               subscription_id, event_time, updates, athlete_id, status)
    SELECT :key, :otype, :oid, :aspect, :owner, CAST(:sub AS bigint), :etime,
           CAST(:updates AS jsonb), link.athlete_id, 'queued'
      FROM strava_links AS link
     WHERE link.strava_athlete_id = :owner
       AND (NOT EXISTS (SELECT 1 FROM strava_subscriptions) OR CAST(:sub AS bigint) IS NULL
            OR EXISTS (SELECT 1 FROM strava_subscriptions WHERE id = CAST(:sub AS bigint)))
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id, athlete_id
""")
_WHY_NOT_STORED = text("""
    SELECT (SELECT athlete_id FROM strava_links WHERE strava_athlete_id = :owner),
           (NOT EXISTS (SELECT 1 FROM strava_subscriptions) OR CAST(:sub AS bigint) IS NULL
            OR EXISTS (SELECT 1 FROM strava_subscriptions WHERE id = CAST(:sub AS bigint)))
""")


def _link(row: StravaLinkRow) -> StravaLink:
    return StravaLink(athlete_id=row.athlete_id, strava_athlete_id=row.strava_athlete_id,
                      scopes=frozenset(row.scopes or ()), created_at=row.created_at,
                      tokens=StravaTokens(row.access_token, row.refresh_token, row.expires_at))


class SqlStravaRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # ---- links -------------------------------------------------------------------------------

    async def link(self, athlete_id: UUID, *, for_update: bool = False) -> StravaLink | None:
        query = select(StravaLinkRow).where(StravaLinkRow.athlete_id == athlete_id)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(
            query.execution_options(populate_existing=True))).scalar_one_or_none()
        return _link(row) if row else None

    async def link_by_strava_id(self, strava_athlete_id: int) -> StravaLink | None:
        row = (await self._session.execute(
            select(StravaLinkRow).where(StravaLinkRow.strava_athlete_id == strava_athlete_id)
            .execution_options(populate_existing=True))).scalar_one_or_none()
        return _link(row) if row else None

    async def save_link(self, link: StravaLink) -> None:
        # The Strava account proved to belong to this runner now; any older link to it goes.
        await self._session.execute(delete(StravaLinkRow).where(
            StravaLinkRow.strava_athlete_id == link.strava_athlete_id,
            StravaLinkRow.athlete_id != link.athlete_id))
        values = {"strava_athlete_id": link.strava_athlete_id, "scopes": sorted(link.scopes),
                  "access_token": link.tokens.access, "refresh_token": link.tokens.refresh,
                  "expires_at": link.tokens.expires_at}
        await self._session.execute(
            insert(StravaLinkRow).values(athlete_id=link.athlete_id, **values)
            .on_conflict_do_update(index_elements=["athlete_id"],
                                   set_={**values, "updated_at": func.now()}))

    async def save_tokens(self, athlete_id: UUID, tokens: StravaTokens) -> None:
        await self._session.execute(
            update(StravaLinkRow).where(StravaLinkRow.athlete_id == athlete_id)
            .values(access_token=tokens.access, refresh_token=tokens.refresh,
                    expires_at=tokens.expires_at, updated_at=func.now()))

    async def delete_link(self, athlete_id: UUID) -> bool:
        result = await self._session.execute(
            delete(StravaLinkRow).where(StravaLinkRow.athlete_id == athlete_id)
            .returning(StravaLinkRow.athlete_id))
        return result.first() is not None

    # ---- events ------------------------------------------------------------------------------

    async def add_event(self, event: StravaEvent) -> EventReceipt:
        # One statement on the webhook's hot path: the link lookup, the subscription check and
        # the idempotent insert together; a second query only says why nothing was stored.
        params = {"key": event.dedupe_key, "otype": event.object_type, "oid": event.object_id,
                  "aspect": event.aspect_type, "owner": event.owner_id,
                  "sub": event.subscription_id, "etime": event.event_time,
                  "updates": json.dumps(event.updates)}
        row = (await self._session.execute(_STORE_EVENT, params)).first()
        if row is not None:
            return EventReceipt("queued", int(row[0]), row[1])
        athlete_id, ours = (await self._session.execute(_WHY_NOT_STORED, params)).one()
        if not ours:
            return EventReceipt("foreign", None, None)
        return EventReceipt("unlinked" if athlete_id is None else "duplicate", None, athlete_id)

    async def event(self, event_id: int) -> StoredEvent | None:
        row = await self._session.get(StravaEventRow, event_id, populate_existing=True)
        if row is None:
            return None
        event = StravaEvent(object_type=row.object_type, object_id=row.object_id,
                            aspect_type=row.aspect_type, owner_id=row.owner_id,
                            event_time=row.event_time, subscription_id=row.subscription_id,
                            updates={str(k): str(v) for k, v in (row.updates or {}).items()})
        return StoredEvent(id=row.id, event=event, athlete_id=row.athlete_id, status=row.status)

    async def finish_event(self, event_id: int, status: str, outcome: str) -> None:
        await self._session.execute(
            update(StravaEventRow).where(StravaEventRow.id == event_id)
            .values(status=status, outcome=outcome, processed_at=func.now()))

    # ---- activities --------------------------------------------------------------------------

    async def activity(self, athlete_id: UUID, activity_id: int) -> ActivityLink | None:
        row = await self._session.get(StravaActivityRow, (athlete_id, activity_id),
                                      populate_existing=True)
        if row is None:
            return None
        return ActivityLink(row.athlete_id, row.activity_id, row.run_id, row.deleted)

    async def save_activity(self, link: ActivityLink) -> None:
        values = {"run_id": link.run_id, "deleted": link.deleted}
        await self._session.execute(
            insert(StravaActivityRow)
            .values(athlete_id=link.athlete_id, activity_id=link.activity_id, **values)
            .on_conflict_do_update(index_elements=["athlete_id", "activity_id"],
                                   set_={**values, "updated_at": func.now()}))

    # ---- the app's push subscription ---------------------------------------------------------

    async def save_subscription(self, subscription_id: int, callback_url: str) -> None:
        await self._session.execute(delete(StravaSubscriptionRow).where(
            StravaSubscriptionRow.id != subscription_id))
        await self._session.execute(
            insert(StravaSubscriptionRow).values(id=subscription_id, callback_url=callback_url)
            .on_conflict_do_update(index_elements=["id"], set_={"callback_url": callback_url}))

    # ---- backfills ---------------------------------------------------------------------------

    async def backfill(self, athlete_id: UUID) -> BackfillProgress | None:
        row = await self._session.get(StravaBackfillRow, athlete_id, populate_existing=True)
        if row is None:
            return None
        return BackfillProgress(athlete_id=row.athlete_id, after=row.after, before=row.before,
                                page=row.page, imported=row.imported, seen=row.seen,
                                status=row.status, reported=row.reported)

    async def save_backfill(self, progress: BackfillProgress) -> None:
        values = {"after": progress.after, "before": progress.before, "page": progress.page,
                  "imported": progress.imported, "seen": progress.seen, "status": progress.status,
                  "reported": progress.reported}
        await self._session.execute(
            insert(StravaBackfillRow).values(athlete_id=progress.athlete_id, **values)
            .on_conflict_do_update(index_elements=["athlete_id"],
                                   set_={**values, "updated_at": func.now()}))
