"""`GET /calendar/{token}.ics`: the active plan as an iCalendar feed that calendar apps subscribe to."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request, Response
from icalendar import Calendar, Event

from api.schemas import ErrorPublic
from api.sessions import context
from api.texts import text
from api.views import workout_line
from coach.domain.athletes import Athlete
from coach.domain.plans import Plan

router = APIRouter(tags=["calendar"])


def plan_calendar(athlete: Athlete, plan: Plan | None, stamp_now: object) -> bytes:
    """All-day events, one per planned run; stable UIDs so an app updates events in place."""
    prefs = athlete.preferences
    calendar = Calendar()
    calendar.add("prodid", "-//RunCoach//Training plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"RunCoach · {athlete.display_name}")
    calendar.add("x-published-ttl", "PT1H")
    for week in plan.weeks if plan else []:
        for workout in week.workouts:
            if not workout.kind.is_run and workout.kind.value != "cross":
                continue
            event = Event()
            event.add("uid", f"{workout.date.isoformat()}-{athlete.id}@runcoach")
            event.add("dtstamp", stamp_now)
            event.add("dtstart", workout.date)
            event.add("dtend", workout.date + timedelta(days=1))
            event.add("summary", workout_line(workout, prefs.units, prefs.language))
            if workout.description:
                event.add("description", workout.description)
            event.add("categories", [text(prefs.language, f"kind_{workout.kind.value}")])
            calendar.add_component(event)
    return bytes(calendar.to_ical())


@router.get("/calendar/{token}.ics", response_class=Response, responses={
    200: {"content": {"text/calendar": {"schema": {"type": "string"}}},
          "description": "The plan as iCalendar (RFC 5545)"},
    404: {"model": ErrorPublic, "description": "No such calendar"}})
async def calendar_feed(request: Request, token: str) -> Response:
    """The plan as iCalendar; the link itself is the secret (made in Settings or with /calendar)."""
    services = context(request).services
    feed = await services.calendar.feed(token)
    body = plan_calendar(feed.athlete, feed.plan, services.deps.clock.now())
    return Response(body, media_type="text/calendar; charset=utf-8", headers={
        "Cache-Control": "private, max-age=900",
        "Content-Disposition": 'inline; filename="runcoach-plan.ics"'})
