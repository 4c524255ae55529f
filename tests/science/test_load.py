"""Session load (HRSS, rTSS, duration), acute/chronic and fitness/fatigue/form, weekly totals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.domain.runs import Sport
from coach.science.load import (
    METHOD_DURATION,
    METHOD_HR,
    METHOD_PACE,
    acute_chronic,
    daily_loads,
    session_load,
    session_load_with_method,
    weekly_totals,
)
from coach.science.paces import training_paces
from tests.science.runs_factory import make_run

DAY = date(2026, 3, 12)  # a Thursday, ISO week 2026-W11
T_PACE_50 = training_paces(50).threshold


def test_an_hour_at_threshold_pace_scores_100() -> None:
    run = make_run(DAY, 3600 / T_PACE_50 * 1000, 3600)
    load, method = session_load_with_method(run, vdot=50)
    assert method == METHOD_PACE
    assert load == pytest.approx(100.0)


def test_rtss_is_hours_times_intensity_squared() -> None:
    half_hour = make_run(DAY, 1800 / T_PACE_50 * 1000, 1800)
    assert session_load(half_hour, vdot=50) == pytest.approx(50.0)
    slow = make_run(DAY, 3600 / (T_PACE_50 / 0.75) * 1000, 3600)
    assert session_load(slow, vdot=50) == pytest.approx(56.25)


def test_a_gps_glitch_cannot_score_more_than_the_intensity_cap() -> None:
    glitch = make_run(DAY, 60_000, 3600)  # 60 km in an hour
    assert session_load(glitch, vdot=50) == pytest.approx(169.0)


def test_an_hour_at_threshold_heart_rate_scores_100() -> None:
    run = make_run(DAY, 10_000, 3600, avg_hr=170)
    load, method = session_load_with_method(
        run, vdot=50, max_hr=190, resting_hr=50, threshold_hr=170
    )
    assert method == METHOD_HR
    assert load == pytest.approx(100.0)


def test_default_threshold_heart_rate_is_85_percent_of_reserve() -> None:
    run = make_run(DAY, 10_000, 3600, avg_hr=50 + 0.85 * 140)
    assert session_load(run, max_hr=190, resting_hr=50) == pytest.approx(100.0)


def test_heart_rate_load_grows_faster_than_time_with_intensity() -> None:
    easy = make_run(DAY, 10_000, 3600, avg_hr=140)
    hard = make_run(DAY, 10_000, 3600, avg_hr=175)
    easy_load = session_load(easy, max_hr=190, resting_hr=50)
    hard_load = session_load(hard, max_hr=190, resting_hr=50)
    assert 30 < easy_load < hard_load
    assert hard_load > 100


def test_without_heart_rate_or_vdot_a_session_counts_by_duration() -> None:
    run = make_run(DAY, 10_000, 3600)
    ride = make_run(DAY, 30_000, 3600, sport=Sport.RIDE)
    assert session_load_with_method(run) == (pytest.approx(56.25), METHOD_DURATION)
    assert session_load(ride, vdot=50) == pytest.approx(42.25)


def test_cross_training_with_heart_rate_uses_heart_rate() -> None:
    ride = make_run(DAY, 30_000, 3600, sport=Sport.RIDE, avg_hr=170)
    assert session_load(ride, max_hr=190, resting_hr=50, threshold_hr=170) == pytest.approx(100.0)


def test_daily_loads_sum_per_local_day() -> None:
    runs = [make_run(DAY, 10_000, 3600), make_run(DAY, 5_000, 1800, hour=18)]
    late = make_run(DAY, 10_000, 3600, hour=23)
    late.utc_offset_s = 9 * 3600  # 23:00 UTC is the next morning in Seoul
    loads = daily_loads([*runs, late])
    assert loads[DAY] == pytest.approx(56.25 * 1.5)
    assert loads[DAY + timedelta(days=1)] == pytest.approx(56.25)


def test_constant_load_follows_the_trainingpeaks_constants() -> None:
    # training-science.md §3.5: 100 a day for 42 days from zero gives CTL 63.65.
    loads = {DAY + timedelta(days=i): 100.0 for i in range(42)}
    summary = acute_chronic(loads, DAY + timedelta(days=41))
    assert summary.fitness == pytest.approx(63.65, abs=0.01)
    assert summary.fatigue == pytest.approx(100 * (1 - (6 / 7) ** 42))
    assert summary.form == pytest.approx(summary.fitness - summary.fatigue)
    assert summary.acute == pytest.approx(100 * (1 - 0.75**42))
    assert summary.chronic == pytest.approx(100 * (1 - (27 / 29) ** 42))
    assert summary.ratio == pytest.approx(summary.acute / summary.chronic)
    assert summary.days_of_history == 42


def test_a_sudden_jump_in_load_raises_the_ratio_past_the_danger_line() -> None:
    steady = {DAY + timedelta(days=i): 50.0 for i in range(120)}
    calm = acute_chronic(steady, DAY + timedelta(days=119))
    assert calm.ratio == pytest.approx(1.0, abs=0.01)
    spike = dict(steady)
    spike.update({DAY + timedelta(days=120 + i): 150.0 for i in range(7)})
    ratio = acute_chronic(spike, DAY + timedelta(days=126)).ratio
    assert ratio is not None
    assert ratio > 1.5


def test_rest_days_let_fatigue_fall_faster_than_fitness() -> None:
    loads = {DAY + timedelta(days=i): 80.0 for i in range(60)}
    trained = acute_chronic(loads, DAY + timedelta(days=59))
    rested = acute_chronic(loads, DAY + timedelta(days=66))
    assert rested.fatigue < trained.fatigue
    assert rested.fitness < trained.fitness
    assert rested.form > trained.form


def test_no_history_means_no_ratio() -> None:
    summary = acute_chronic({}, DAY)
    assert summary.ratio is None
    assert summary.fitness == summary.fatigue == summary.acute == 0.0
    assert acute_chronic({DAY + timedelta(days=1): 100.0}, DAY).ratio is None


def test_weekly_totals_count_running_distance_only() -> None:
    monday = date(2026, 3, 9)
    runs = [
        make_run(monday, 10_000, 3000),
        make_run(monday + timedelta(days=2), 8_000, 2400, sport=Sport.TRAIL_RUN),
        make_run(monday + timedelta(days=3), 40_000, 5400, sport=Sport.RIDE),
        make_run(monday + timedelta(days=3), 2_000, 1200, sport=Sport.SWIM),
        make_run(monday - timedelta(days=1), 21_097.5, 6000),  # previous week's Sunday
        make_run(monday - timedelta(days=30), 5_000, 1500),  # outside the three weeks
    ]
    weeks = weekly_totals(runs, 3, DAY)
    assert [w.week for w in weeks] == ["2026-W09", "2026-W10", "2026-W11"]
    this_week = weeks[-1]
    assert this_week.distance_m == 18_000
    assert this_week.time_s == 5400
    assert this_week.cross_time_s == 6600
    assert this_week.run_count == 2
    expected_load = sum(session_load(r) for r in runs[:4])
    assert this_week.load == pytest.approx(expected_load)
    assert weeks[1].distance_m == 21_097.5
    assert weeks[0].distance_m == 0 and weeks[0].load == 0


def test_weekly_totals_leave_out_sessions_after_today() -> None:
    later = make_run(DAY + timedelta(days=2), 10_000, 3000)
    assert weekly_totals([later], 1, DAY)[0].distance_m == 0
    assert weekly_totals([], 0, DAY) == []
