"""Plan commands through the offline coach: a goal makes a plan; changes wait for a yes."""

from __future__ import annotations

from datetime import timedelta

from coach.clock import FixedClock
from coach.conversation import Coach
from coach.domain.athletes import Athlete, IdentityKind, Language
from coach.domain.plans import WorkoutKind
from coach.services import Services


async def _runner(services: Services, language: Language = Language.EN) -> Athlete:
    athlete, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, "5150", display_name="Ada",
                                                 language=language)
    return athlete


async def test_goal_creates_a_plan_and_shows_this_week(services: Services) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    reply = await coach.respond(ada, "/goal half 2027-04-12 1:45:00")
    assert "Here is your plan" in reply.text and "/km" in reply.text
    plan = await services.plans.active(ada.id)
    assert plan is not None and plan.version == 1
    assert plan.weeks[-1].workouts[-1].kind is WorkoutKind.RACE or any(
        w.kind is WorkoutKind.RACE for w in plan.weeks[-1].workouts)
    week = (await coach.respond(ada, "/plan")).text
    assert week.startswith("Week 2026-W48")
    assert "Week 2026-W49" in (await coach.respond(ada, "/plan next")).text


async def test_skip_is_a_proposal_until_confirmed(services: Services, clock: FixedClock) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    await coach.respond(ada, "/goal 10k 2027-03-01")
    plan = await services.plans.active(ada.id)
    assert plan is not None
    # Find the next running day and skip it.
    day = next(w.date for wk in plan.weeks for w in wk.workouts
               if w.kind.is_run and w.date >= clock.now().date())
    reply = await coach.respond(ada, f"/skip {day.isoformat()}")
    assert "Here's the change" in reply.text and "→ rest" in reply.text
    assert [b.label for b in reply.buttons[0]] == ["Confirm", "Cancel"]
    still = await services.plans.active(ada.id)
    assert still is not None and still.version == 1  # nothing changed yet
    confirmed = await coach.respond(ada, "yes")
    assert "plan is updated (version 2)" in confirmed.text and confirmed.plan_changed
    active = await services.plans.active(ada.id)
    assert active is not None and active.version == 2
    skipped = active.workout_on(day)
    assert skipped is None or not skipped.kind.is_run


async def test_cancel_by_button_keeps_the_plan(services: Services) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    await coach.respond(ada, "/goal 10k 2027-03-01")
    reply = await coach.respond(ada, "/sick 3")
    assert "Here's the change" in reply.text
    cancel_action = reply.buttons[0][1].action
    assert cancel_action.startswith("cancel:")
    assert "left your plan" in (await coach.press(ada, cancel_action)).text
    plan = await services.plans.active(ada.id)
    assert plan is not None and plan.version == 1
    assert "no change waiting" in (await coach.respond(ada, "yes")).text.lower() or \
        "not sure" in (await coach.respond(ada, "yes")).text


async def test_confirm_button_applies_in_korean(services: Services) -> None:
    coach = Coach(services)
    min_jun = await _runner(services, Language.KO)
    await coach.respond(min_jun, "/goal half 2027-05-01")
    reply = await coach.respond(min_jun, "/away 12-01 12-03")
    assert "이렇게 바꾸려고 해요" in reply.text
    done = await coach.press(min_jun, reply.buttons[0][0].action)
    assert "계획을 바꿨어요" in done.text


async def test_today_and_plain_words(services: Services, clock: FixedClock) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    assert "don't have a plan" in (await coach.respond(ada, "/today")).text
    await coach.respond(ada, "/goal 10k 2027-03-01")
    today = await coach.respond(ada, "/today")
    assert today.text.startswith("Today")
    sick = await coach.respond(ada, "I'm sick for 2 days")
    assert "Here's the change" in sick.text


async def test_predict_uses_recent_race(services: Services, clock: FixedClock) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    assert "typical runner" in (await coach.respond(ada, "/predict 10k")).text
    await coach.respond(ada, "/log 5k 20:00 parkrun race")
    clock.advance(timedelta(days=1))
    reply = (await coach.respond(ada, "/predict 10k")).text
    assert "VDOT 49" in reply and "Riegel" in reply
    assert "41:" in reply  # VDOT 49.8 predicts ~41:30 for 10 km


async def test_after_run_note_compares_with_plan(services: Services) -> None:
    coach = Coach(services)
    ada = await _runner(services)
    await coach.respond(ada, "/goal 10k 2027-03-01")
    result = await services.runs.log_manual(ada.id, 6000, 6 * 330)
    assert result.run.id is not None
    note = await services.after_run.process(ada.id, result.run.id)
    assert note is not None and "You ran 6.0 km" in note.text
    run = await services.runs.get(ada.id, result.run.id)
    assert run.coach_note == note.text
