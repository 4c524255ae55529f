"""One run per real activity: matching on start and distance, and merging what the copy adds."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.dedupe import find_duplicate, is_same_activity, merge_runs
from coach.domain.runs import Lap, Run, RunSource, Split, Sport, Stream

START = datetime(2025, 5, 4, 6, 30, tzinfo=UTC)


def _run(**changes: object) -> Run:
    base = Run(
        sport=Sport.RUN,
        start_time=START,
        distance_m=10_000.0,
        moving_s=3000.0,
        elapsed_s=3100.0,
        source=RunSource.STRAVA,
        source_id="strava-1",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start_shift_s", "distance_m", "same"),
    [
        (0, 10_000.0, True),
        (60, 10_000.0, True),
        (-60, 10_000.0, True),
        (61, 10_000.0, False),
        (-61, 10_000.0, False),
        (30, 10_300.0, True),
        (30, 9_700.0, True),
        (30, 10_310.0, False),
        (30, 9_650.0, False),
    ],
)
def test_start_within_a_minute_and_distance_within_3_percent(
    start_shift_s: int, distance_m: float, same: bool
) -> None:
    other = _run(start_time=START + timedelta(seconds=start_shift_s), distance_m=distance_m)
    assert is_same_activity(_run(), other) is same
    assert is_same_activity(other, _run()) is same


def test_a_start_in_another_zone_is_compared_in_utc() -> None:
    seoul = START.astimezone(timezone(timedelta(hours=9))) + timedelta(seconds=20)
    assert is_same_activity(_run(), _run(start_time=seoul))


def test_sport_does_not_matter_one_athlete_does_one_thing_at_a_time() -> None:
    assert is_same_activity(_run(), _run(sport=Sport.OTHER, source=RunSource.FILE))


def test_different_athletes_never_match() -> None:
    assert not is_same_activity(_run(athlete_id=uuid4()), _run(athlete_id=uuid4()))


@pytest.mark.parametrize(
    ("elapsed_s", "same"),
    [(3100.0, True), (3160.0, True), (3190.0, True), (3300.0, False), (1800.0, False)],
)
def test_runs_without_distance_compare_by_duration(elapsed_s: float, same: bool) -> None:
    treadmill = _run(distance_m=0.0, elapsed_s=3100.0, sport=Sport.TREADMILL)
    copy = _run(distance_m=0.0, elapsed_s=elapsed_s, source=RunSource.FILE)
    assert is_same_activity(treadmill, copy) is same
    with_distance = _run(distance_m=8_000.0, elapsed_s=elapsed_s)
    assert is_same_activity(treadmill, with_distance) is same


def test_find_duplicate_picks_the_nearest_start() -> None:
    far = _run(start_time=START + timedelta(seconds=50), source_id="far")
    near = _run(start_time=START - timedelta(seconds=5), source_id="near")
    other_day = _run(start_time=START + timedelta(days=1), source_id="other")
    candidate = _run(source=RunSource.FILE, source_id="file")
    assert find_duplicate(candidate, [other_day, far, near]) is near
    assert find_duplicate(candidate, [other_day]) is None
    assert find_duplicate(candidate, []) is None


def test_merge_fills_only_the_gaps() -> None:
    stream = Stream(t_s=[0.0, 1.0], distance_m=[0.0, 3.0], hr=[120.0, 121.0])
    kept = _run(avg_hr=150.0, title="Morning Run", import_notes=["kept note"])
    incoming = _run(
        source=RunSource.FILE,
        source_id="sha",
        avg_hr=149.0,
        max_hr=171.0,
        avg_cadence=172.0,
        elevation_gain_m=88.0,
        device="Garmin fr965",
        title="Imported",
        laps=[Lap(start_time=START, distance_m=10_000.0, elapsed_s=3100.0)],
        splits=[Split(index=1, distance_m=1000.0, elapsed_s=300.0)],
        stream=stream,
        utc_offset_s=32400,
    )
    merged, changed = merge_runs(kept, incoming)
    assert set(changed) == {
        "max_hr",
        "avg_cadence",
        "elevation_gain_m",
        "device",
        "utc_offset_s",
        "stream",
        "laps",
        "splits",
    }
    assert merged.avg_hr == 150.0
    assert merged.title == "Morning Run"
    assert merged.source is RunSource.STRAVA
    assert merged.source_id == "strava-1"
    assert merged.max_hr == 171.0
    assert merged.stream is stream
    assert len(merged.laps) == 1
    assert merged.import_notes[0] == "kept note"
    assert "file copy" in merged.import_notes[1]
    assert kept.max_hr is None, "the kept run itself is not changed"


def test_merge_takes_a_stream_with_more_channels() -> None:
    thin = Stream(t_s=[0.0, 1.0], distance_m=[0.0, 3.0])
    rich = Stream(t_s=[0.0, 1.0], distance_m=[0.0, 3.0], hr=[120.0, 121.0])
    merged, changed = merge_runs(_run(stream=thin), _run(stream=rich))
    assert changed == ["stream"]
    assert merged.stream is rich
    unchanged, nothing = merge_runs(_run(stream=rich), _run(stream=thin))
    assert nothing == []
    assert unchanged.stream is rich


def test_merge_fills_a_missing_distance() -> None:
    treadmill = _run(distance_m=0.0)
    merged, changed = merge_runs(treadmill, _run(distance_m=8000.0, source=RunSource.FILE))
    assert "distance_m" in changed
    assert merged.distance_m == 8000.0


def test_merging_the_same_run_changes_nothing() -> None:
    run = _run(avg_hr=150.0, stream=Stream(t_s=[0.0], hr=[150.0]))
    merged, changed = merge_runs(run, run)
    assert changed == []
    assert merged is run


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    shift=st.floats(-300, 300),
    distance=st.floats(0, 50_000),
    other_distance=st.floats(0, 50_000),
)
def test_matching_is_symmetric(shift: float, distance: float, other_distance: float) -> None:
    a = _run(distance_m=distance)
    b = _run(start_time=START + timedelta(seconds=shift), distance_m=other_distance)
    assert is_same_activity(a, b) == is_same_activity(b, a)
    if abs(shift) > 60:
        assert not is_same_activity(a, b)
