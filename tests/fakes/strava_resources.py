"""The fake Strava's athlete and activity resources: profile, list, detail, laps and streams."""

from __future__ import annotations

import threading
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tests.fakes.strava_data import ActivityRecord, summary_of
from tests.fakes.strava_oauth import Grant, fault

_STREAM_KEYS = ("time", "distance", "latlng", "altitude", "velocity_smooth", "heartrate",
                "cadence", "watts", "temp", "moving", "grade_smooth")


class ResourcesMixin:
    """GET /athlete, /athlete/activities, /activities/{id}, its laps and streams."""

    lock: threading.RLock
    _athletes: dict[int, dict[str, Any]]
    _activities: dict[int, ActivityRecord]

    def _visible(self, grant: Grant, activity_id: int) -> ActivityRecord | None:
        with self.lock:
            record = self._activities.get(activity_id)
        if record is None or record.athlete_id != grant.athlete_id:
            return None
        if record.only_me and "activity:read_all" not in grant.scope:
            return None
        return record

    # ---- resources ---------------------------------------------------------------------------

    async def _not_found(self, request: Request, grant: Grant) -> Response:
        return fault(404, "Record Not Found", "resource", "path", "invalid")

    async def _get_athlete(self, request: Request, grant: Grant) -> Response:
        with self.lock:
            athlete = self._athletes.get(grant.athlete_id)
        if athlete is None:
            return fault(404, "Record Not Found", "Athlete", "id", "invalid")
        return JSONResponse(athlete)

    async def _list_activities(self, request: Request, grant: Grant) -> Response:
        missing = _activity_scope_fault(grant)
        if missing is not None:
            return missing
        q = request.query_params
        try:
            before = int(q["before"]) if q.get("before") else None
            after = int(q["after"]) if q.get("after") else None
            page = max(1, int(q.get("page") or 1))
            per_page = min(200, max(1, int(q.get("per_page") or 30)))
        except ValueError:
            return fault(400, "Bad Request", "Application", "before/after/page/per_page", "invalid")
        with self.lock:
            mine = [r for r in self._activities.values() if r.athlete_id == grant.athlete_id]
        mine = [r for r in mine if (before is None or r.start_epoch < before)
                and (after is None or r.start_epoch > after)]
        mine.sort(key=lambda r: r.start_epoch, reverse=True)
        chunk = mine[(page - 1) * per_page : page * per_page]
        # Hidden activities are dropped after paging, which is why Strava pages can come back
        # short in the middle of the list.
        can_see_private = "activity:read_all" in grant.scope
        return JSONResponse([summary_of(r.detail) for r in chunk if can_see_private or not r.only_me])

    def _activity(self, request: Request, grant: Grant) -> ActivityRecord | Response:
        """The activity the path names, or Strava's answer when the token may not see it."""
        missing = _activity_scope_fault(grant)
        if missing is not None:
            return missing
        record = self._visible(grant, request.path_params["activity_id"])
        if record is None:
            return fault(404, "Record Not Found", "Activity", "id", "invalid")
        return record

    async def _get_activity(self, request: Request, grant: Grant) -> Response:
        record = self._activity(request, grant)
        if isinstance(record, Response):
            return record
        return JSONResponse(record.detail)

    async def _get_laps(self, request: Request, grant: Grant) -> Response:
        record = self._activity(request, grant)
        if isinstance(record, Response):
            return record
        return JSONResponse(record.detail.get("laps", []))

    async def _get_streams(self, request: Request, grant: Grant) -> Response:
        record = self._activity(request, grant)
        if isinstance(record, Response):
            return record
        q = request.query_params
        keys = [k.strip() for k in q.get("keys", "").split(",") if k.strip()]
        if any(k not in _STREAM_KEYS for k in keys):
            return fault(400, "Bad Request", "Stream", "keys", "invalid")
        series_type = q.get("series_type", "distance")
        # Strava always adds the series_type stream (distance by default) to the requested ones.
        wanted = [k for k in dict.fromkeys([*keys, series_type]) if k in record.streams]
        entries = {
            k: {"data": record.streams[k], "series_type": series_type,
                "original_size": len(record.streams[k]), "resolution": q.get("resolution", "high")}
            for k in wanted
        }
        if q.get("key_by_type", "").lower() in ("true", "1"):
            return JSONResponse(entries)
        return JSONResponse([{"type": k, **v} for k, v in entries.items()])


def _activity_scope_fault(grant: Grant) -> Response | None:
    if {"activity:read", "activity:read_all"} & set(grant.scope):
        return None
    return fault(401, "Authorization Error", "AccessToken", "activity:read_permission", "missing")
