"""Onboarding on /start: one question at a time, kept in the database, ending with week one's plan.

The answers so far live under the athlete state key `onboarding`, so a restart, or the next
message landing on another server process, carries on where the runner left off. The next
question is always the first one not yet answered, so an answer that says more than was asked
(`half 2027-04-12`) skips the questions it already answers.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from coach.conversation.answers import parse_fitness, parse_zone
from coach.conversation.onboarding_steps import (
    RACES,
    apply_date,
    apply_goal,
    fitness_line,
    next_step,
    race_name,
    weekday,
)
from coach.conversation.render import rule_lines, week_lines
from coach.domain.athletes import WEEKDAYS, Athlete, Level
from coach.domain.errors import InvalidInput, NotFound
from coach.domain.goals import Goal
from coach.i18n import t, weekday_name
from coach.ports import Button, Reply
from coach.services import Services
from coach.services.plans import FITNESS_STATE
from coach.services.time import athlete_now, athlete_today
from coach.units import format_distance, format_duration

STATE_KEY = "onboarding"
_SKIP_WORDS = {"skip", "pass", "not sure", "don't know", "dont know", "no", "none", "건너뛰기",
               "건너뛸게", "패스", "모름", "몰라", "몰라요", "모르겠어요", "없어", "없음", "없어요"}
_YES_WORDS = {"yes", "y", "yep", "yeah", "ok", "okay", "right", "correct", "sure", "네", "예", "응",
              "맞아", "맞아요", "맞습니다", "좋아요"}
_LATER_WORDS = {"later", "stop", "quit", "cancel", "skip setup", "나중에", "그만", "취소"}


class Onboarding:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def start(self, athlete: Athlete) -> Reply:
        """Begin (or begin again): forget earlier answers, greet, ask the first question."""
        await self.services.athletes.set_state(athlete.id, STATE_KEY, {"step": "goal"})
        lang = athlete.preferences.language
        question = self._question(athlete, "goal")
        return Reply(text=t(lang, "ob_welcome", name=athlete.display_name) + "\n\n" + question.text,
                     buttons=question.buttons)

    async def state(self, athlete: Athlete) -> dict[str, Any] | None:
        return await self.services.athletes.get_state(athlete.id, STATE_KEY)

    async def abandon(self, athlete: Athlete) -> None:
        await self.services.athletes.set_state(athlete.id, STATE_KEY, None)

    async def current_question(self, athlete: Athlete) -> Reply | None:
        state = await self.state(athlete)
        return None if state is None else self._question(athlete, next_step(state), state)

    async def answer(self, athlete: Athlete, text: str) -> Reply | None:
        """A typed answer to the open question; None when no set-up is under way."""
        state = await self.state(athlete)
        if state is None:
            return None
        raw = " ".join(text.strip().lower().rstrip(".!").split())
        if raw in _LATER_WORDS:
            return await self.stop(athlete)
        return await self._take(athlete, state, next_step(state), raw, typed=True)

    async def press(self, athlete: Athlete, step: str, value: str) -> Reply:
        """A button under a question: `ob:<step>:<value>` (or `ob:stop`)."""
        state = await self.state(athlete)
        if state is None:
            return Reply(text=t(athlete.preferences.language, "ob_expired"))
        if step == "stop":
            return await self.stop(athlete)
        expected = next_step(state)
        if step != expected:
            # A button from an earlier question: ask the open one again.
            return self._question(athlete, expected, state)
        return await self._take(athlete, state, step, value, typed=False)

    async def stop(self, athlete: Athlete) -> Reply:
        await self.abandon(athlete)
        return Reply(text=t(athlete.preferences.language, "ob_stopped"))

    # ---- one answer ----------------------------------------------------------------------------

    async def _take(self, athlete: Athlete, state: dict[str, Any], step: str, value: str, *,
                    typed: bool) -> Reply:
        lang = athlete.preferences.language
        problem = self._apply(athlete, state, step, value)
        if problem is not None:
            question = self._question(athlete, step, state)
            return Reply(text=t(lang, problem) + ("\n\n" + question.text if not typed else ""),
                         buttons=question.buttons)
        following = next_step(state)
        if following == "done":
            return await self._finish(athlete, state)
        state["step"] = following
        await self.services.athletes.set_state(athlete.id, STATE_KEY, state)
        return self._question(athlete, following, state)

    def _apply(self, athlete: Athlete, state: dict[str, Any], step: str, value: str) -> str | None:
        """Store the answer in `state`; the message key of what was wrong, else None."""
        today = athlete_today(athlete, self.services.deps.clock)
        if step == "goal":
            return apply_goal(state, value, today)
        if step == "date":
            return apply_date(state, value.split(), today)
        if step == "runs":
            found = re.search(r"\d+", value)
            runs = int(found.group()) if found else 0
            if not 3 <= runs <= 7:
                return "ob_bad_runs"
            state["runs"] = runs
            return None
        if step == "long":
            day = next((d for w in value.replace(",", " ").split()
                        if (d := weekday(w)) is not None), None)
            if day is None:
                return "ob_bad_long"
            state["long"] = day
            return None
        if step == "fitness":
            if value in _SKIP_WORDS:
                state["fitness"] = {"skipped": True}
                return None
            try:
                state["fitness"] = parse_fitness(value, athlete.preferences.units).as_state()
            except InvalidInput:
                return "ob_bad_fitness"
            return None
        if step == "tz":
            zone = athlete.preferences.timezone if value in _YES_WORDS else parse_zone(value)
            if zone is None:
                return "ob_bad_tz"
            state["tz"] = zone
            return None
        return None

    # ---- questions and the end -----------------------------------------------------------------

    def _question(self, athlete: Athlete, step: str,
                  state: dict[str, Any] | None = None) -> Reply:
        lang = athlete.preferences.language
        if step == "goal":
            races = [Button(t(lang, f"ob_race_{r}"), f"ob:goal:{r}") for r in RACES]
            return Reply(text=t(lang, "ob_q_goal"), buttons=[
                races[:2], races[2:], [Button(t(lang, "button_fitness"), "ob:goal:fit")],
                [Button(t(lang, "button_later"), "ob:stop")]])
        if step == "date":
            distance = (state or {}).get("distance_m")
            return Reply(text=t(lang, "ob_q_date", distance=race_name(
                lang, athlete.preferences.units, distance)))
        if step == "runs":
            return Reply(text=t(lang, "ob_q_runs"),
                         buttons=[[Button(str(n), f"ob:runs:{n}") for n in range(3, 8)]])
        if step == "long":
            def day(n: int) -> Button:
                return Button(weekday_name(lang, n), f"ob:long:{WEEKDAYS[n]}")
            return Reply(text=t(lang, "ob_q_long"),
                         buttons=[[day(5), day(6)], [day(n) for n in range(5)]])
        if step == "fitness":
            return Reply(text=t(lang, "ob_q_fitness"),
                         buttons=[[Button(t(lang, "button_skip_question"), "ob:fitness:skip")]])
        zone = athlete.preferences.timezone
        now = athlete_now(athlete, self.services.deps.clock)
        return Reply(text=t(lang, "ob_q_tz", zone=zone, time=now.strftime("%H:%M")),
                     buttons=[[Button(t(lang, "button_yes"), "ob:tz:yes")]])

    async def _finish(self, athlete: Athlete, state: dict[str, Any]) -> Reply:
        services = self.services
        lang, units = athlete.preferences.language, athlete.preferences.units
        fitness = state.get("fitness") or {}
        vdot = fitness.get("vdot")
        changes: dict[str, Any] = {"runs_per_week": state["runs"], "long_run_day": state["long"],
                                   "timezone": state["tz"]}
        if isinstance(vdot, int | float):
            changes["level"] = (Level.BEGINNER if vdot < 33 else
                                Level.ADVANCED if vdot >= 52 else Level.INTERMEDIATE)
            await services.athletes.set_state(athlete.id, FITNESS_STATE, fitness)
        updated = await services.athletes.update_preferences(athlete.id, **changes)
        athlete.preferences = updated.preferences
        distance = state.get("distance_m")
        if distance is not None:
            goal = Goal(race_distance_m=distance, race_date=date.fromisoformat(state["race_date"]),
                        target_time_s=state.get("target_s"))
        else:
            goal = Goal()
        await services.goals.set_goal(athlete.id, goal)
        plan = await services.plans.create_plan(athlete.id, reason="Onboarding")
        await services.athletes.set_state(athlete.id, STATE_KEY, None)

        if goal.race_distance_m is not None and goal.race_date is not None:
            target = (t(lang, "goal_target", time=format_duration(goal.target_time_s))
                      if goal.target_time_s else "")
            goal_text = t(lang, "ob_goal_race", distance=format_distance(goal.race_distance_m, units),
                          date=goal.race_date.isoformat(), target=target)
        else:
            goal_text = t(lang, "ob_goal_fitness")
        lines = [t(lang, "ob_done", goal=goal_text, runs=state["runs"],
                   long=weekday_name(lang, state["long"]), zone=state["tz"]),
                 fitness_line(lang, units, fitness), "",
                 t(lang, "plan_created", weeks=len(plan.weeks))]
        lines += await self._first_weeks(athlete)
        notes = rule_lines(lang, plan.rules_applied)
        if notes:
            lines += ["", t(lang, "plan_notes"), *notes]
        lines += ["", t(lang, "ob_morning", hour=athlete.preferences.morning_hour)]
        return Reply(text="\n".join(lines), plan_changed=True)

    async def _first_weeks(self, athlete: Athlete) -> list[str]:
        """This week's plan; next week's too when few runs are left in this one."""
        lang, units = athlete.preferences.language, athlete.preferences.units
        lines: list[str] = []
        runs_left = 0
        for offset in (0, 1):
            if offset == 1 and runs_left >= 2:
                break
            try:
                view = await self.services.plans.week(athlete.id, offset_weeks=offset)
            except NotFound:
                continue
            runs_left += sum(1 for w in view.week.workouts if w.kind.is_run)
            if lines:
                lines.append("")
            lines += week_lines(lang, units, view.week, view.done)
        return lines
