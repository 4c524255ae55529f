"""Settings: goal, availability, units, language, notifications, Strava, LLM data, export, deletion."""

from __future__ import annotations

import logging
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from api.google import google_config
from api.sessions import Athlete, Csrf, context, sign_out
from api.templating import message_page, render, strava_enabled
from api.texts import text
from coach.domain.athletes import IdentityKind, Language, Units
from coach.domain.errors import CoachError, InvalidInput
from coach.domain.goals import Goal, parse_distance, parse_duration
from coach.i18n import weekday_name
from coach.services.accounts import LlmData

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

async def _settings_page(request: Request, athlete_id: UUID, *, error: str | None = None,
                         notice: str | None = None, status_code: int = 200) -> Response:
    ctx = context(request)
    services = ctx.services
    athlete = await services.athletes.get(athlete_id)
    language = athlete.preferences.language
    identities = await services.athletes.identities(athlete_id)
    return render(
        request, "settings.html", language=language, status_code=status_code, signed_in=True,
        athlete=athlete, prefs=athlete.preferences, goal=await services.goals.current(athlete_id),
        email=identities.get(IdentityKind.EMAIL),
        has_password=await services.accounts.has_password(athlete_id),
        strava_linked=await _strava_linked(request, athlete_id),
        strava_enabled=strava_enabled(services),
        google_enabled=google_config(ctx) is not None, google_linked=IdentityKind.GOOGLE in identities,
        llm_data=(await services.accounts.llm_data(athlete_id)).value, llm_choices=list(LlmData),
        calendar_url=await services.calendar.feed_url(athlete_id),
        weekdays=[(i, weekday_name(language, i)) for i in range(7)],
        error=error, notice=notice)


async def _strava_linked(request: Request, athlete_id: UUID) -> bool:
    strava = getattr(context(request).services, "strava", None)
    return bool(strava is not None and strava.enabled and await strava.is_linked(athlete_id))


async def _saved(request: Request, athlete_id: UUID, action: Any) -> Response:
    """Run a change; on success back to the settings with "Saved", else the page with the reason."""
    try:
        await action()
    except CoachError as exc:
        return await _settings_page(request, athlete_id, error=exc.message, status_code=422)
    return RedirectResponse("/settings?saved=1", status_code=303)


@router.get("/settings")
async def settings_page(request: Request, athlete_id: Athlete, saved: str | None = None) -> Response:
    athlete = await context(request).services.athletes.get(athlete_id)
    notice = text(athlete.preferences.language, "saved") if saved else None
    return await _settings_page(request, athlete_id, notice=notice)


async def _replan(request: Request, athlete_id: UUID, reason: str) -> None:
    services = context(request).services
    if await services.plans.active(athlete_id) is not None or await services.goals.current(athlete_id):
        await services.plans.create_plan(athlete_id, reason=reason)


@router.post("/settings/goal", dependencies=[Csrf])
async def save_goal(request: Request, athlete_id: Athlete, distance: Annotated[str, Form()] = "",
                    race_date: Annotated[str, Form()] = "", target_time: Annotated[str, Form()] = "",
                    ) -> Response:
    async def action() -> None:
        goal = Goal()
        if distance.strip():
            try:
                when = date.fromisoformat(race_date.strip())
            except ValueError:
                raise InvalidInput("Pick the race date (YYYY-MM-DD).") from None
            goal = Goal(race_distance_m=parse_distance(distance), race_date=when,
                        target_time_s=parse_duration(target_time) if target_time.strip() else None)
        await context(request).services.goals.set_goal(athlete_id, goal)
        await _replan(request, athlete_id, "goal changed on the web")

    return await _saved(request, athlete_id, action)


@router.post("/settings/availability", dependencies=[Csrf])
async def save_availability(request: Request, athlete_id: Athlete,
                            runs_per_week: Annotated[int, Form(ge=1, le=7)],
                            long_run_day: Annotated[int, Form(ge=0, le=6)],
                            days_off: Annotated[list[int] | None, Form()] = None) -> Response:
    async def action() -> None:
        off = sorted({d for d in days_off or [] if 0 <= d <= 6})
        if long_run_day in off:
            raise InvalidInput("The long-run day can't also be a day off.")
        if runs_per_week > 7 - len(off):
            raise InvalidInput("That's more runs than days left in the week.")
        await context(request).services.athletes.update_preferences(
            athlete_id, runs_per_week=runs_per_week, long_run_day=long_run_day, unavailable_days=off)
        await _replan(request, athlete_id, "availability changed on the web")

    return await _saved(request, athlete_id, action)


@router.post("/settings/preferences", dependencies=[Csrf])
async def save_preferences(request: Request, athlete_id: Athlete,
                           units: Annotated[Units, Form()], language: Annotated[Language, Form()],
                           timezone: Annotated[str, Form(max_length=64)] = "",
                           morning_hour: Annotated[int, Form(ge=0, le=23)] = 7,
                           morning_message: Annotated[bool, Form()] = False,
                           weekly_review: Annotated[bool, Form()] = False,
                           post_run_note: Annotated[bool, Form()] = False) -> Response:
    async def action() -> None:
        changes: dict[str, Any] = {
            "units": units, "language": language, "morning_hour": morning_hour,
            "morning_message": morning_message, "weekly_review": weekly_review,
            "post_run_note": post_run_note}
        if timezone.strip():
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                ZoneInfo(timezone.strip())
            except (ZoneInfoNotFoundError, ValueError):
                raise InvalidInput("That isn't a time zone I know (e.g. Asia/Seoul).") from None
            changes["timezone"] = timezone.strip()
        await context(request).services.athletes.update_preferences(athlete_id, **changes)

    return await _saved(request, athlete_id, action)


@router.post("/settings/privacy", dependencies=[Csrf])
async def save_privacy(request: Request, athlete_id: Athlete,
                       llm_data: Annotated[str, Form()]) -> Response:
    async def action() -> None:
        await context(request).services.accounts.set_llm_data(athlete_id, llm_data)

    return await _saved(request, athlete_id, action)


@router.post("/settings/password", dependencies=[Csrf])
async def save_password(request: Request, athlete_id: Athlete, email: Annotated[str, Form()],
                        password: Annotated[str, Form()]) -> Response:
    async def action() -> None:
        await context(request).services.accounts.set_email_password(athlete_id, email, password)

    return await _saved(request, athlete_id, action)


@router.post("/settings/calendar", dependencies=[Csrf])
async def reset_calendar(request: Request, athlete_id: Athlete) -> Response:
    async def action() -> None:
        await context(request).services.calendar.reset_feed_url(athlete_id)

    return await _saved(request, athlete_id, action)


async def _revoke_strava(request: Request, athlete_id: UUID) -> None:
    strava = getattr(context(request).services, "strava", None)
    if strava is not None and getattr(strava, "enabled", True):
        await strava.disconnect(athlete_id, revoke=True)


@router.post("/settings/strava/disconnect", dependencies=[Csrf])
async def disconnect_strava(request: Request, athlete_id: Athlete) -> Response:
    async def action() -> None:
        await _revoke_strava(request, athlete_id)

    return await _saved(request, athlete_id, action)


@router.get("/settings/export")
async def export(request: Request, athlete_id: Athlete) -> Response:
    services = context(request).services
    athlete = await services.athletes.get(athlete_id)
    archive = await services.web.export_archive(athlete_id)
    stamp = services.deps.clock.now().strftime("%Y%m%d")
    return Response(archive, media_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="runcoach-{athlete.handle}-{stamp}.zip"',
        "Cache-Control": "no-store"})


@router.post("/settings/delete", dependencies=[Csrf])
async def delete_account(request: Request, athlete_id: Athlete,
                         confirm: Annotated[str, Form()] = "") -> Response:
    ctx = context(request)
    athlete = await ctx.services.athletes.get(athlete_id)
    language = athlete.preferences.language
    if confirm.strip().lstrip("@").lower() != athlete.handle.lower():
        return await _settings_page(request, athlete_id, status_code=422,
                                    error=text(language, "delete_mismatch"))
    try:
        await _revoke_strava(request, athlete_id)
    except CoachError:
        # Strava may be unreachable; the runner's data still goes, and its tokens with it.
        log.warning("could not revoke Strava access while deleting athlete %s", athlete_id)
    await ctx.services.accounts.delete_account(athlete_id)
    response = message_page(request, language=language, message=text(language, "deleted"),
                            status_code=200)
    sign_out(response, ctx)
    return response
