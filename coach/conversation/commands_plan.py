"""Plan commands: /plan, /today, /skip, /move, /sick, /away, /predict — and confirming changes."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

from coach.conversation.dates import parse_day
from coach.conversation.render import diff_lines, rule_lines, week_lines, workout_line
from coach.conversation.workouts import describe
from coach.domain.athletes import Athlete
from coach.domain.errors import InvalidInput, NotFound
from coach.domain.goals import parse_distance
from coach.domain.plans import ChangeKind, PlanChange, WorkoutKind
from coach.i18n import t
from coach.ports import Button, Reply
from coach.science.predict import predict_race, riegel
from coach.services import Services
from coach.services.plans import Proposal
from coach.services.time import athlete_today
from coach.units import format_distance, format_duration

MAX_DIFF_LINES = 14
YES = {"yes", "y", "ok", "okay", "confirm", "sure", "yep", "네", "예", "응", "좋아", "확인", "그래"}
NO = {"no", "n", "cancel", "nope", "아니", "아니요", "아니오", "취소", "싫어"}


def proposal_reply(athlete: Athlete, proposal: Proposal) -> Reply:
    lang, units = athlete.preferences.language, athlete.preferences.units
    lines = [t(lang, "proposal_header")]
    changed = diff_lines(lang, units, proposal.diff)
    # A re-plan can touch months of days; the next two weeks say what matters.
    lines += changed[:MAX_DIFF_LINES]
    if len(changed) > MAX_DIFF_LINES:
        lines.append(t(lang, "proposal_more", count=len(changed) - MAX_DIFF_LINES))
    if proposal.rules_applied:
        lines.append(t(lang, "proposal_rules"))
        lines += rule_lines(lang, proposal.rules_applied)
    lines.append(t(lang, "proposal_ask"))
    buttons = [[Button(t(lang, "button_confirm"), f"confirm:{proposal.plan_id}"),
                Button(t(lang, "button_cancel"), f"cancel:{proposal.plan_id}")]]
    return Reply(text="\n".join(lines), buttons=buttons)


async def _propose(services: Services, athlete: Athlete, change: PlanChange) -> Reply:
    proposal = await services.plans.propose(athlete.id, change)
    return proposal_reply(athlete, proposal)


async def plan(services: Services, athlete: Athlete, args: list[str]) -> Reply:
    lang, units = athlete.preferences.language, athlete.preferences.units
    offset = 1 if args and args[0].lower() in ("next", "다음", "다음주") else 0
    try:
        view = await services.plans.week(athlete.id, offset_weeks=offset)
    except NotFound:
        return Reply(text=t(lang, "no_plan"))
    lines = week_lines(lang, units, view.week, view.done)
    if view.done:
        done_m = sum(run.distance_m for run in view.done.values())
        lines.append(t(lang, "plan_done_line", done=format_distance(done_m, units),
                       planned=format_distance(view.week.planned_distance_m, units)))
    return Reply(text="\n".join(lines))


async def today(services: Services, athlete: Athlete, args: list[str]) -> Reply:
    lang, units = athlete.preferences.language, athlete.preferences.units
    view = await services.plans.today(athlete.id)
    if view.plan_version is None:
        return Reply(text=t(lang, "no_plan"))
    if view.workout is None or not view.workout.kind.is_run:
        return Reply(text=t(lang, "today_rest"))
    text = t(lang, "today_workout", workout=workout_line(lang, units, view.workout, with_day=False),
             description=describe(lang, units, view.workout))
    if view.done is not None:
        return Reply(text=text + "\n" + t(lang, "today_done"))
    day = view.day.isoformat()
    return Reply(text=text, buttons=[[Button(t(lang, "button_done"), f"done:{day}"),
                                      Button(t(lang, "button_skip"), f"skip:{day}")]])


async def done(services: Services, athlete: Athlete, day_text: str) -> Reply:
    """The Done button: count today's planned run as run, unless a run already covers it."""
    lang, units = athlete.preferences.language, athlete.preferences.units
    now = _today(services, athlete)
    try:
        day = date.fromisoformat(day_text) if day_text else now
    except ValueError:
        day = now
    view = await services.plans.today(athlete.id, day)
    if view.done is not None:
        return Reply(text=t(lang, "done_already"))
    workout = view.workout
    if day != now or workout is None or not workout.kind.is_run or not workout.distance_m:
        return Reply(text=t(lang, "done_ack"))
    seconds = workout.duration_s or workout.distance_m / 1000 * (
        sum(workout.pace_s_per_km) / 2 if workout.pace_s_per_km else 360.0)
    result = await services.runs.log_manual(athlete.id, workout.distance_m, seconds,
                                            note=t(lang, "kind_" + workout.kind.value))
    assert result.run.id is not None
    note = await services.after_run.process(athlete.id, result.run.id, notify=False)
    said = t(lang, "done_logged", workout=workout_line(lang, units, workout, with_day=False))
    return Reply(text=said + ("\n" + note.text if note else ""), plan_changed=True)


async def skip(services: Services, athlete: Athlete, args: list[str]) -> Reply:
    day = parse_day(args[0], _today(services, athlete)) if args else None
    return await _propose(services, athlete, PlanChange(ChangeKind.SKIP, date=day))


async def move(services: Services, athlete: Athlete, args: list[str]) -> Reply:
    lang = athlete.preferences.language
    if not args:
        return Reply(text=t(lang, "move_usage"))
    now = _today(services, athlete)
    if args[0].lower() in ("long", "long-run", "longrun", "장거리", "롱런"):
        view = await services.plans.week(athlete.id)
        longs = [w for w in view.week.workouts if w.kind is WorkoutKind.LONG and w.date >= now]
        if not longs:
            raise InvalidInput(t(lang, "move_no_long"))
        source, target = longs[0].date, parse_day(args[1], now) if len(args) > 1 else None
    elif len(args) >= 2:
        source, target = parse_day(args[0], now), parse_day(args[1], now)
    else:
        source, target = now, parse_day(args[0], now)
    if target is None:
        return Reply(text=t(lang, "move_usage"))
    return await _propose(services, athlete, PlanChange(ChangeKind.MOVE, date=source,
                                                        to_date=target))


async def sick(services: Services, athlete: Athlete, args: list[str]) -> Reply:
    lang = athlete.preferences.language
    days = _int(args[0]) if args else None
    if days is None:
        return Reply(text=t(lang, "sick_usage"))
    return await _propose(services, athlete, PlanChange(ChangeKind.SICK, date=_today(services, athlete),
                                                        days=days, reason="sick"))


async def away(services: Services, athlete: Athlete, args: list[str]) -> Reply:
    lang = athlete.preferences.language
    if len(args) < 2:
        return Reply(text=t(lang, "away_usage"))
    now = _today(services, athlete)
    start = parse_day(args[0], now)
    end = parse_day(args[1], start)
    return await _propose(services, athlete, PlanChange(ChangeKind.UNAVAILABLE, date=start,
                                                        to_date=end, reason="away"))


async def predict(services: Services, athlete: Athlete, args: list[str]) -> Reply:
    lang, units = athlete.preferences.language, athlete.preferences.units
    if not args:
        return Reply(text=t(lang, "predict_usage"))
    distance = parse_distance(args[0])
    fitness = await services.plans.fitness(athlete.id)
    seconds = predict_race(fitness.vdot, distance)
    lines = [t(lang, "predict_result", distance=format_distance(distance, units),
               time=format_duration(seconds), vdot=f"{fitness.vdot:.1f}")]
    effort = fitness.effort
    if effort is not None and effort.distance_m > 0:
        second = riegel(effort.distance_m, effort.moving_s, distance)
        lines.append(t(lang, "predict_riegel", time=format_duration(second),
                       distance=format_distance(effort.distance_m, units)))
    lines.append(t(lang, f"predict_source_{fitness.source}"))
    return Reply(text="\n".join(lines))


async def answer_pending(services: Services, athlete: Athlete, text: str) -> Reply | None:
    """`yes` / `네` confirms the change on the table, `no` / `아니` cancels it."""
    word = text.strip().lower().rstrip("!.?")
    if word not in YES and word not in NO:
        return None
    if await services.plans.pending(athlete.id) is None:
        return None
    return await (confirm(services, athlete, None) if word in YES else cancel(services, athlete))


async def confirm(services: Services, athlete: Athlete, plan_id: UUID | None) -> Reply:
    lang, units = athlete.preferences.language, athlete.preferences.units
    applied = await services.plans.confirm(athlete.id, plan_id)
    if applied is None:
        return Reply(text=t(lang, "nothing_to_confirm"))
    text = t(lang, "confirmed", version=applied.version)
    try:
        view = await services.plans.week(athlete.id)
        text += "\n" + "\n".join(week_lines(lang, units, view.week, view.done))
    except NotFound:
        pass
    return Reply(text=text, plan_changed=True)


async def cancel(services: Services, athlete: Athlete) -> Reply:
    had = await services.plans.cancel(athlete.id)
    return Reply(text=t(athlete.preferences.language, "cancelled" if had else "nothing_to_confirm"))


def _today(services: Services, athlete: Athlete) -> date:
    return athlete_today(athlete, services.deps.clock)


def _int(text: str) -> int | None:
    """`3`, `3d`, `3days`, `3일` → 3."""
    match = re.fullmatch(r"\s*(\d{1,3})\s*(d|days?|일)?\s*", text, re.IGNORECASE)
    return int(match.group(1)) if match else None


COMMANDS = {"plan": plan, "today": today, "skip": skip, "move": move, "sick": sick, "away": away,
            "predict": predict}
