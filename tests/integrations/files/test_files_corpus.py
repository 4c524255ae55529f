"""Every real-device file in the shared corpus, imported and held to MANIFEST.json's values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import pytest

from coach.domain.errors import FileRejected
from coach.domain.runs import RunSource
from integrations.files import ParsedActivity, parse_activity

from .corpus import CORPUS, corpus_present, manifest_entries, read

if not corpus_present():
    pytest.skip(
        f"the shared activity corpus is not at {CORPUS} (CI always has it)",
        allow_module_level=True,
    )

# Files whose manifest values can't be imported as they stand; each is rejected on purpose
# with a message that must contain the given words.
REJECTED = {
    # Every point is stamped 1901-12-13 (INT32_MIN seconds): the clock was never set, and
    # a run can't be placed on a day or given a duration.
    "gpx/gpxpy__Mojstrovka.gpx": "1901",
    # Only 5 of 296 points carry a time: the manifest's 57 s "duration" for 4.6 km would be
    # 290 km/h. The issue wants GPX without times refused with a plain message, not half stored.
    "gpx/gpxpy__cerknicko-without-times.gpx": "only 5 of its 296 points have a time",
}

# Damaged or odd files that are imported anyway, and the warning that must say so.
RECOVERED = {
    # Cut short before its checksum, but its session (and 14 points) arrive before the cut:
    # the lenient values in the manifest are the sound part of the file.
    "fit/python-fitparse__activity-unexpected-eof.fit": "cut short",
    # The watch's clock was never set (relative timestamps), so the manifest has no UTC
    # start. Its activity message still has the local wall clock, which places the run on
    # its day; the run says the time zone is unknown. Everything else matches the manifest.
    "fit/python-fitparse__compressed-speed-distance.fit": "clock was never set",
}
# COROS's definition with a 1-byte uint32 field breaks strict parsers only; fitdecode's
# lenient mode reads the whole file, which is what the manifest's lenient values describe,
# so it is held to them like any sound file (no warning: no data was lost).


def _entries() -> list[Any]:
    params = []
    # Strava API JSON is read by the Strava mapping, and tested against the manifest there
    # (tests/strava/test_strava_manifest.py).
    for entry in manifest_entries():
        if entry["kind"] == "strava":
            continue
        params.append(pytest.param(entry, id=entry["file"]))
    return params


@cache
def _outcome(file: str) -> ParsedActivity | FileRejected:
    entry = next(e for e in manifest_entries() if e["file"] == file)
    name = file.rsplit("/", 1)[-1]
    try:
        return parse_activity(name, read(entry))
    except FileRejected as exc:
        return exc


def _hr_in_points(entry: dict[str, Any]) -> int:
    checks = entry.get("cross_checks", {})
    return int(
        checks.get("records_with_hr")
        or checks.get("raw_trackpoints_with_hr")
        or checks.get("points_with_hr")
        or 0
    )


@pytest.mark.parametrize("entry", _entries())
def test_corpus_file_matches_its_manifest(entry: dict[str, Any]) -> None:
    outcome = _outcome(entry["file"])
    name = entry["file"].rsplit("/", 1)[-1]
    if entry["file"] in REJECTED:
        assert isinstance(outcome, FileRejected), f"{name} should have been rejected"
        assert outcome.filename == name
        assert outcome.message.startswith(f"{name}: ")
        assert REJECTED[entry["file"]] in outcome.reason
        return
    assert isinstance(outcome, ParsedActivity), f"{name} was rejected: {outcome}"
    run = outcome.run
    assert outcome.format == entry["kind"]
    assert run.source is RunSource.FILE
    assert run.source_id == entry["sha256"]
    assert run.distance_m == pytest.approx(entry["distance_m"], rel=0.005, abs=0.01)
    assert run.elapsed_s == pytest.approx(entry["elapsed_s"], abs=2)
    assert run.moving_s == pytest.approx(entry["timer_s"], abs=2)
    assert run.start_time.tzinfo is not None
    assert run.start_time.utcoffset() == timedelta(0)
    if entry["start_time"] is not None:
        expected = datetime.fromisoformat(entry["start_time"].replace("Z", "+00:00"))
        assert abs((run.start_time - expected).total_seconds()) <= 2
    if entry["avg_hr"] is not None:
        assert run.avg_hr == pytest.approx(entry["avg_hr"], abs=1)
    elif _hr_in_points(entry):
        # The device's summary lacks it but its points carry heart rate: worked out from them.
        assert run.avg_hr is not None
        assert run.max_hr is not None
        assert 40 <= run.avg_hr <= run.max_hr
        assert any("heart rate" in note for note in run.import_notes)
    else:
        assert run.avg_hr is None
    if entry["is_run"] is not None:
        assert run.counts_as_running is entry["is_run"]
    if entry["file"] in RECOVERED:
        assert any(RECOVERED[entry["file"]] in w for w in outcome.warnings), outcome.warnings
        assert all(w in run.import_notes for w in outcome.warnings)
    else:
        assert outcome.warnings == []


@pytest.mark.parametrize(
    "entry",
    [p for p in _entries() if p.values[0]["file"] not in REJECTED and p.values[0]["kind"] != "strava"],
)
def test_corpus_file_keeps_laps_splits_and_a_compact_stream(entry: dict[str, Any]) -> None:
    outcome = _outcome(entry["file"])
    assert isinstance(outcome, ParsedActivity)
    run = outcome.run
    checks = entry["cross_checks"]
    expected_laps = checks.get("laps", checks.get("raw_laps", 0))
    assert len(run.laps) == expected_laps
    assert run.stream is not None
    assert len(run.stream) == min(entry["points"], 2000)
    assert run.stream.t_s == sorted(run.stream.t_s)
    for channel in ("distance_m", "hr", "altitude_m", "cadence", "lat", "lon"):
        values = getattr(run.stream, channel)
        assert values == [] or len(values) == len(run.stream)
    reached = checks.get("records_max_distance") or checks.get("raw_max_trackpoint_distance_m")
    reached = reached or entry["distance_m"]
    if reached >= 10:
        assert sum(s.distance_m for s in run.splits) == pytest.approx(reached, rel=0.005, abs=1)
        assert [s.index for s in run.splits] == list(range(1, len(run.splits) + 1))
        assert all(s.distance_m == 1000.0 for s in run.splits[:-1])
        assert sum(s.elapsed_s for s in run.splits) <= run.elapsed_s + 2


def test_the_watch_without_a_clock_is_placed_on_its_local_day() -> None:
    entry = next(e for e in manifest_entries() if "compressed-speed-distance" in e["file"])
    outcome = _outcome(entry["file"])
    assert isinstance(outcome, ParsedActivity)
    local_end = datetime.fromisoformat(entry["cross_checks"]["activity_local_timestamp_naive"])
    # The activity message is written at the end; the run started its elapsed time before.
    expected_start = local_end.replace(tzinfo=UTC) - timedelta(seconds=entry["elapsed_s"])
    assert abs((outcome.run.start_time - expected_start).total_seconds()) <= 10
    assert outcome.run.utc_offset_s is None


def test_a_triathlon_is_one_cross_training_activity_with_summed_parts() -> None:
    entry = next(e for e in manifest_entries() if "mulitple_header" in e["file"])
    outcome = _outcome(entry["file"])
    assert isinstance(outcome, ParsedActivity)
    assert not outcome.run.counts_as_running
    assert any("multisport" in note.lower() for note in outcome.run.import_notes)
    parts = entry["cross_checks"]["per_session"]
    assert outcome.run.distance_m == pytest.approx(sum(p["distance_m"] for p in parts), abs=0.1)


def test_paired_files_of_one_activity_agree() -> None:
    with_hr = _outcome("tcx/python-tcxparser__test.tcx")
    without_hr = _outcome("tcx/python-tcxparser__no_hr.tcx")
    assert isinstance(with_hr, ParsedActivity)
    assert isinstance(without_hr, ParsedActivity)
    assert with_hr.run.distance_m == without_hr.run.distance_m
    assert with_hr.run.start_time == without_hr.run.start_time
    assert without_hr.run.avg_hr is None
    assert with_hr.run.avg_hr is not None
    assert with_hr.run.source_id != without_hr.run.source_id


def test_device_local_clock_gives_the_utc_offset() -> None:
    outcome = _outcome("fit/python-fitparse__garmin-fenix-5-run.fit")
    assert isinstance(outcome, ParsedActivity)
    # activity.local_timestamp 07:35:24 against timestamp 14:35:24 UTC: seven hours behind.
    assert outcome.run.utc_offset_s == -7 * 3600
    assert outcome.run.device == "Garmin fenix5"
    assert outcome.run.avg_cadence == pytest.approx(2 * (83 + 0.671875), abs=0.1)
