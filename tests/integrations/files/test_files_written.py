"""Files written by each format's own writer library: known values in, the same values out."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from datetime import UTC, timedelta, timezone
from functools import cache

import pytest
from fit_tool.profile.profile_type import Sport as FitSport
from fit_tool.profile.profile_type import SubSport

from coach.domain.runs import Run, RunSource, Sport
from integrations.files import parse_activity

from .writers import LapPlan, Plan, write_fit, write_gpx, write_tcx

PLAN = Plan()
WRITERS: dict[str, Callable[[Plan], bytes]] = {"fit": write_fit, "gpx": write_gpx, "tcx": write_tcx}


@cache
def _written(kind: str, plan: Plan = PLAN) -> bytes:
    # fit-tool takes about a millisecond a record; each file is written once per session.
    return WRITERS[kind](plan)


def _import(kind: str, plan: Plan = PLAN) -> Run:
    parsed = parse_activity(f"written.{kind}", _written(kind, plan))
    assert parsed.format == kind
    assert parsed.warnings == []
    return parsed.run


@pytest.mark.parametrize("kind", ["fit", "gpx", "tcx"])
def test_totals_come_back_as_written(kind: str) -> None:
    run = _import(kind)
    assert run.source is RunSource.FILE
    assert run.sport is Sport.RUN
    assert run.start_time == PLAN.start
    assert run.distance_m == pytest.approx(PLAN.distance_m, abs=0.5)
    assert run.elapsed_s == pytest.approx(PLAN.duration_s, abs=1)
    assert run.moving_s == pytest.approx(PLAN.duration_s, abs=1)
    assert run.max_hr == max(lap.hr for lap in PLAN.laps) + (0 if kind == "gpx" else 5)
    # 85 strides a minute are 170 steps.
    assert run.avg_cadence == pytest.approx(170, abs=0.5)
    assert run.elevation_gain_m == pytest.approx(20, abs=1)


@pytest.mark.parametrize("kind", ["fit", "gpx", "tcx"])
def test_average_heart_rate(kind: str) -> None:
    run = _import(kind)
    # FIT carries the device's time-weighted session average; GPX and TCX are averaged
    # over their points (the corpus manifest's rule for those formats).
    weighted = sum(lap.hr * lap.duration_s for lap in PLAN.laps) / PLAN.duration_s
    expected = round(weighted) if kind == "fit" else PLAN.mean_point_hr()
    assert run.avg_hr == pytest.approx(expected, abs=0.1)


@pytest.mark.parametrize("kind", ["fit", "tcx"])
def test_laps_come_back_as_written(kind: str) -> None:
    run = _import(kind)
    assert [lap.distance_m for lap in run.laps] == [lap.distance_m for lap in PLAN.laps]
    assert [lap.elapsed_s for lap in run.laps] == [lap.duration_s for lap in PLAN.laps]
    assert [lap.moving_s for lap in run.laps] == [lap.duration_s for lap in PLAN.laps]
    assert [lap.avg_hr for lap in run.laps] == [lap.hr for lap in PLAN.laps]
    assert [lap.start_time for lap in run.laps] == PLAN.lap_starts()


@pytest.mark.parametrize("kind", ["fit", "gpx", "tcx"])
def test_per_km_splits_follow_the_laps(kind: str) -> None:
    run = _import(kind)
    # The plan's laps are 1 km, 1 km and 500 m at even paces, so the splits equal them.
    assert [s.distance_m for s in run.splits] == [1000.0, 1000.0, 500.0]
    assert [s.elapsed_s for s in run.splits] == pytest.approx([330, 300, 140], abs=0.5)
    assert [s.avg_hr for s in run.splits] == pytest.approx([140, 155, 165], abs=0.5)
    assert [s.elevation_change_m for s in run.splits] == pytest.approx([10, 10, 0], abs=0.5)


def test_a_long_run_keeps_at_most_2000_stream_points_with_its_ends() -> None:
    plan = Plan(laps=(LapPlan(10_000.0, 3000, 150), LapPlan(2_000.0, 540, 170)), step_s=1)
    run = _import("tcx", plan)
    assert run.stream is not None
    assert len(run.stream) == 2000
    assert run.stream.t_s[0] == 0
    assert run.stream.t_s[-1] == plan.duration_s
    assert run.stream.distance_m[-1] == pytest.approx(plan.distance_m)
    assert set(run.stream.hr) == {150, 170}
    assert len(run.splits) == 12


@pytest.mark.parametrize(
    ("sub_sport", "sport"),
    [(SubSport.TREADMILL, Sport.TREADMILL), (SubSport.TRAIL, Sport.TRAIL_RUN)],
)
def test_fit_sub_sport_names_the_kind_of_run(sub_sport: SubSport, sport: Sport) -> None:
    parsed = parse_activity("sub.fit", write_fit(PLAN, sub_sport=sub_sport))
    assert parsed.run.sport is sport
    assert parsed.run.counts_as_running


def test_a_fit_ride_is_cross_training() -> None:
    parsed = parse_activity("ride.fit", write_fit(PLAN, sport=FitSport.CYCLING))
    assert parsed.run.sport is Sport.RIDE
    assert not parsed.run.counts_as_running
    # Cycling cadence is revolutions a minute and is not doubled.
    assert parsed.run.avg_cadence == 85


def test_fit_local_clock_gives_the_utc_offset() -> None:
    parsed = parse_activity("seoul.fit", write_fit(PLAN, local_offset_s=9 * 3600))
    assert parsed.run.utc_offset_s == 9 * 3600
    assert parsed.run.local_start == PLAN.start + timedelta(hours=9)


def test_fit_summary_wins_over_points_and_says_so() -> None:
    parsed = parse_activity("odd.fit", write_fit(PLAN, session_distance_m=3000.0))
    assert parsed.run.distance_m == 3000.0
    assert any("summary" in note and "2.50 km" in note for note in parsed.run.import_notes)


def test_fit_without_a_summary_is_rebuilt_from_its_points() -> None:
    parsed = parse_activity("nosession.fit", write_fit(PLAN, with_session=False))
    assert parsed.run.distance_m == pytest.approx(PLAN.distance_m)
    assert parsed.run.elapsed_s == PLAN.duration_s
    assert parsed.run.avg_hr == pytest.approx(PLAN.mean_point_hr(), abs=0.1)
    assert any("no summary" in note for note in parsed.run.import_notes)


@pytest.mark.parametrize(
    ("type_text", "sport"),
    [
        ("9", Sport.RUN),
        ("16", Sport.SWIM),
        ("1", Sport.RIDE),
        ("running", Sport.RUN),
        ("TrailRun", Sport.TRAIL_RUN),
        ("cycling", Sport.RIDE),
        ("hiking", Sport.WALK),
        ("kayaking", Sport.OTHER),
    ],
)
def test_gpx_type_names_the_sport(type_text: str, sport: Sport) -> None:
    parsed = parse_activity("typed.gpx", write_gpx(PLAN, sport=type_text))
    assert parsed.run.sport is sport


def test_gpx_without_a_type_is_taken_as_a_run_and_says_so() -> None:
    parsed = parse_activity("untyped.gpx", write_gpx(PLAN, sport=None))
    assert parsed.run.sport is Sport.RUN
    assert any("doesn't name its sport" in note for note in parsed.run.import_notes)


def test_gpx_times_with_an_offset_give_the_local_clock() -> None:
    seoul = timezone(timedelta(hours=9))
    parsed = parse_activity("seoul.gpx", write_gpx(PLAN, zone=seoul))
    assert parsed.run.start_time == PLAN.start
    assert parsed.run.start_time.tzinfo == UTC
    assert parsed.run.utc_offset_s == 9 * 3600
    assert parsed.run.title == "Morning Run"


@pytest.mark.parametrize(("sport_name", "sport"), [("Biking", Sport.RIDE), ("Other", Sport.OTHER)])
def test_tcx_activity_sport(sport_name: str, sport: Sport) -> None:
    parsed = parse_activity("sport.tcx", write_tcx(PLAN, sport=sport_name))
    assert parsed.run.sport is sport
    assert parsed.run.device == "Forerunner 265"


@pytest.mark.parametrize("kind", ["fit", "gpx", "tcx"])
def test_gzipped_file_is_the_same_activity(kind: str) -> None:
    data = _written(kind)
    packed = gzip.compress(data)
    plain = parse_activity(f"a.{kind}", data)
    zipped = parse_activity(f"a.{kind}.gz", packed)
    assert zipped.run.source_id == plain.run.source_id
    assert zipped.run.distance_m == plain.run.distance_m
    assert zipped.original == packed


@pytest.mark.parametrize("kind", ["fit", "gpx", "tcx"])
def test_the_format_comes_from_the_content_not_the_name(kind: str) -> None:
    parsed = parse_activity("renamed.bin", _written(kind))
    assert parsed.format == kind
    assert parsed.run.distance_m == pytest.approx(PLAN.distance_m, abs=0.5)
