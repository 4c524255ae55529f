"""Commands about goals and runs: /goal and /log (/stats lives in stats_chart)."""

from __future__ import annotations

from datetime import date

from coach.conversation.render import rule_lines, week_lines
from coach.domain.athletes import Athlete
from coach.domain.errors import InvalidInput
from coach.domain.goals import Goal, parse_distance, parse_duration
from coach.i18n import t
from coach.ports import Reply
from coach.services import Services
from coach.services.time import athlete_today
from coach.units import format_distance, format_duration, format_pace, pace_suffix


async def goal(services: Services, athlete: Athlete, args: list[str]) -> Reply:
    lang = athlete.preferences.language
    if args and args[0].lower() in ("fitness", "fit", "건강", "체력"):
        await services.goals.set_goal(athlete.id, Goal())
        return await _with_first_week(services, athlete, t(lang, "goal_set_fitness"))
    if len(args) < 2:
        return Reply(text=t(lang, "goal_usage"))
    distance = parse_distance(args[0])
    try:
        race_date = date.fromisoformat(args[1])
    except ValueError:
        raise InvalidInput(t(lang, "goal_usage")) from None
    target = parse_duration(args[2]) if len(args) > 2 else None
    saved = await services.goals.set_goal(
        athlete.id, Goal(race_distance_m=distance, race_date=race_date, target_time_s=target))
    assert saved.race_date is not None
    weeks = (saved.race_date - athlete_today(athlete, services.deps.clock)).days // 7
    units = athlete.preferences.units
    return await _with_first_week(services, athlete, t(
        lang, "goal_set_race", distance=format_distance(distance, units), date=saved.race_date,
        target=t(lang, "goal_target", time=format_duration(target)) if target else "",
        weeks=weeks))


async def _with_first_week(services: Services, athlete: Athlete, said: str) -> Reply:
    """A new goal means a new plan: answer with its first week and anything the engine adjusted."""
    lang, units = athlete.preferences.language, athlete.preferences.units
    plan = await services.plans.create_plan(athlete.id)
    view = await services.plans.week(athlete.id)
    lines = [said, "", t(lang, "plan_created", weeks=len(plan.weeks))]
    lines += week_lines(lang, units, view.week, view.done)
    notes = rule_lines(lang, plan.rules_applied)
    if notes:
        lines += ["", t(lang, "plan_notes"), *notes]
    return Reply(text="\n".join(lines), plan_changed=True)


async def log(services: Services, athlete: Athlete, args: list[str]) -> Reply:
    lang = athlete.preferences.language
    if len(args) < 2:
        return Reply(text=t(lang, "log_usage"))
    distance = parse_distance(args[0])
    seconds = parse_duration(args[1])
    note = " ".join(args[2:]) or None
    result = await services.runs.log_manual(athlete.id, distance, seconds, note)
    units = athlete.preferences.units
    run = result.run
    pace = run.pace_s_per_km
    values = {"distance": format_distance(run.distance_m, units),
              "time": format_duration(run.moving_s),
              "pace": f"{format_pace(pace, units)} {pace_suffix(units)}" if pace else "-"}
    key = "log_done" if result.status == "imported" else "log_duplicate"
    return Reply(text=t(lang, key, **values), plan_changed=result.status == "imported")


COMMANDS = {"goal": goal, "log": log}
