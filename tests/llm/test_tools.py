"""The tool catalogue on its own: scoping to the conversation's athlete, and the Strava-data policy."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import pytest

from coach.clock import FixedClock
from coach.conversation.tool_views import StravaPolicy
from coach.conversation.tools import Toolbox, TurnState
from coach.domain.athletes import Athlete
from coach.domain.runs import RunSource
from coach.ports_llm import ToolCallRequest
from coach.services import Services
from tests.llm.conftest import history, make_runner, store_runs

STRAVA_TITLE = "Lunch Run with the club"


async def _call(box: Toolbox, athlete: Athlete, name: str, **args: Any) -> dict[str, Any]:
    result = await box.run(ToolCallRequest("call_1", name, args, json.dumps(args)), TurnState(athlete))
    return json.loads(result.content)  # type: ignore[no-any-return]


async def _runner_with_both_sources(services: Services, clock: FixedClock) -> Athlete:
    ada = await make_runner(services, clock=clock)
    today = clock.now().date()
    await store_runs(services, ada, history(today, 4))  # files: the runner's own, days 1–4
    strava = history(today, 2, source=RunSource.STRAVA, title=STRAVA_TITLE)
    for run in strava:  # Strava runs on the same days, in the evening
        run.start_time = run.start_time.replace(hour=18)
    await store_runs(services, ada, strava)
    return ada


@pytest.mark.parametrize(("policy", "listed", "strava_km"), [
    (StravaPolicy.ALLOW, 6, 13.0), (StravaPolicy.SUMMARIES, 4, 13.0), (StravaPolicy.DENY, 4, 0.0)])
async def test_strava_runs_reach_the_model_as_the_setting_allows(
        services: Services, clock: FixedClock, policy: StravaPolicy, listed: int,
        strava_km: float) -> None:
    ada = await _runner_with_both_sources(services, clock)
    box = Toolbox(services, policy)

    runs = await _call(box, ada, "list_runs", limit=10)
    assert len(runs["runs"]) == listed
    assert (STRAVA_TITLE in json.dumps(runs)) is (policy is StravaPolicy.ALLOW)
    if policy is not StravaPolicy.ALLOW:
        assert runs["note"].startswith("2 Strava run(s) in this range are not listed")

    load = await _call(box, ada, "get_training_load", weeks=2)
    week_km = sum(float(w["distance"].split()[0]) for w in load["weeks"])
    own_km = sum(r.distance_m for r in history(clock.now().date(), 4)) / 1000
    assert week_km == pytest.approx(own_km + strava_km)

    strava_run = next(r for r in (await Toolbox(services, StravaPolicy.ALLOW).data.list_runs(
        ada, None, None, 10))["runs"] if r["source"] == "strava")
    detail = await _call(box, ada, "get_run", run_id=strava_run["run_id"])
    if policy is StravaPolicy.ALLOW:
        assert detail["title"] == STRAVA_TITLE
    else:
        assert "doesn't share Strava activity details" in detail["error"]


async def test_no_argument_reaches_another_runner(services: Services, clock: FixedClock) -> None:
    ada = await make_runner(services, "Ada", clock=clock)
    bo = await make_runner(services, "Bo", clock=clock)
    await store_runs(services, bo, history(clock.now().date(), 1, title="Bo's secret run"))
    box = Toolbox(services, StravaPolicy.ALLOW)
    bos_run = (await box.data.list_runs(bo, None, None, 1))["runs"][0]["run_id"]

    assert (await _call(box, ada, "get_run", run_id=bos_run)) == {"error": "No such run."}
    refused = await _call(box, ada, "list_runs", athlete_id=str(bo.id))
    assert refused["problems"] == [{"argument": "athlete_id",
                                    "problem": "Extra inputs are not permitted"}]
    assert (await _call(box, ada, "list_runs"))["note"] == "No runs in this range."
    assert (await _call(box, ada, "get_run", run_id=str(uuid.uuid4()))) == {"error": "No such run."}


async def test_goal_and_prediction_tools(services: Services, clock: FixedClock) -> None:
    ada = await make_runner(services, goal=False, plan=False, clock=clock)
    box = Toolbox(services)
    state = TurnState(ada)
    args = {"race_distance_m": 10000, "race_date": "2027-03-07", "target_time_s": 2700,
            "runs_per_week": 5, "long_run_day": "sat"}
    saved = json.loads((await box.run(ToolCallRequest("c", "set_goal", args, ""), state)).content)
    assert saved["saved_goal"] == {"kind": "race", "distance": "10.0 km", "race_date": "2027-03-07",
                                   "target_time": "45:00"}
    assert state.goal_set and state.athlete.preferences.long_run_day == 5
    assert (await services.goals.current(ada.id)).race_date == date(2027, 3, 7)  # type: ignore[union-attr]

    past = await _call(box, ada, "set_goal", race_distance_m=5000, race_date="2020-01-01")
    assert past == {"error": "The race date must be in the future."}
    predicted = await _call(box, ada, "predict_race", distance_m=21097.5)
    assert predicted["method"].startswith("VDOT 40.0") and predicted["predicted_time"].count(":") == 2
    profile = await _call(box, ada, "get_athlete_profile")
    assert profile["goal"]["distance"] == "10.0 km" and set(profile["pace_zones"]) == set("EMTIR")


class _FakeStrava:
    def __init__(self) -> None:
        self.asked: list[tuple[uuid.UUID, date]] = []

    async def sync(self, athlete_id: uuid.UUID, since: date) -> int:
        self.asked.append((athlete_id, since))
        return 3


async def test_sync_strava_relays_the_count_or_a_plain_error(services: Services,
                                                              clock: FixedClock) -> None:
    ada = await make_runner(services, goal=False, plan=False, clock=clock)
    box = Toolbox(services)
    unavailable = await _call(box, ada, "sync_strava")
    assert "Strava" in unavailable["error"] and set(unavailable) == {"error"}

    fake = _FakeStrava()
    services.strava = fake  # type: ignore[assignment]
    assert await _call(box, ada, "sync_strava", since="2026-11-01") == {
        "fetched_runs": 3, "since": "2026-11-01"}
    assert fake.asked == [(ada.id, date(2026, 11, 1))]


async def test_runner_sharing_choice_limits_what_tools_return(services: Services,
                                                              clock: FixedClock) -> None:
    ada = await make_runner(services, clock=clock)
    await store_runs(services, ada, history(clock.now().date(), 3, title="Secret hill loop"))
    box = Toolbox(services, StravaPolicy.ALLOW)

    full = await _call(box, ada, "list_runs")
    assert any(r.get("title") == "Secret hill loop" for r in full["runs"])

    await services.accounts.set_llm_data(ada.id, "summaries")
    summaries = await _call(box, ada, "list_runs")
    assert len(summaries["runs"]) == 3
    assert all("title" not in r and "runner_note" not in r for r in summaries["runs"])
    run_id = summaries["runs"][0]["run_id"]
    refused = await _call(box, ada, "get_run", run_id=run_id)
    assert "only run summaries" in refused["error"]

    await services.accounts.set_llm_data(ada.id, "none")
    for tool in ("list_runs", "get_training_load"):
        assert "chose not to share" in (await _call(box, ada, tool))["error"]
    assert "error" not in await _call(box, ada, "get_plan")  # the plan itself is not run data
