"""`runcoach import` in a subprocess: JSON per file, duplicates, rejections and exit status."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import gpxpy.gpx
import pytest

from tests.e2e.helpers import RUNCOACH, clean_env

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "activities"


def _gpx(start: datetime, points: int = 120, step_m: float = 10.0) -> bytes:
    gpx = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack()
    track.type = "running"
    segment = gpxpy.gpx.GPXTrackSegment()
    for i in range(points):
        # ~10 m per 3 s northwards: a 5:00 /km jog.
        segment.points.append(gpxpy.gpx.GPXTrackPoint(
            latitude=37.5 + i * step_m / 111_320, longitude=127.0,
            time=start + timedelta(seconds=3 * i)))
    track.segments.append(segment)
    gpx.tracks.append(track)
    return gpx.to_xml().encode()


def _import(database_url: str, tmp: Path, *paths: str) -> tuple[int, list[dict[str, object]], str]:
    result = subprocess.run([RUNCOACH, "import", "--json", *paths], capture_output=True, text=True,
                            timeout=120, check=False,
                            env=clean_env(DATABASE_URL=database_url, RUNCOACH_DATA_DIR=str(tmp)))
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, [json.loads(line) for line in result.stdout.splitlines()], result.stderr


def test_import_folder_zip_duplicates_and_rejections(database_url: str, tmp_path: Path) -> None:
    start = datetime(2026, 11, 1, 7, 0, tzinfo=UTC)
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / "a.gpx").write_bytes(_gpx(start))
    (tmp_path / "runs" / "b.gpx").write_bytes(_gpx(start + timedelta(days=1)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("activities/a-again.gpx", _gpx(start))      # same activity as a.gpx
        archive.writestr("activities/c.gpx", _gpx(start + timedelta(days=2)))
    (tmp_path / "export.zip").write_bytes(buffer.getvalue())
    (tmp_path / "notes.txt").write_text("not an activity")

    status, rows, _ = _import(database_url, tmp_path, str(tmp_path / "runs"),
                              str(tmp_path / "export.zip"), str(tmp_path / "notes.txt"))
    assert status == 1  # one file was rejected
    by_status: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        assert set(row) == {"file", "status", "error", "run"}
        by_status.setdefault(str(row["status"]), []).append(row)
    assert len(by_status["imported"]) == 3
    assert len(by_status["duplicate"]) == 1
    assert len(by_status["rejected"]) == 1
    rejected = by_status["rejected"][0]
    assert rejected["run"] is None and "notes.txt" in str(rejected["error"])
    run = by_status["imported"][0]["run"]
    assert isinstance(run, dict)
    assert set(run) == {"id", "sport", "start_time", "distance_m", "moving_s", "elapsed_s", "avg_hr",
                        "max_hr", "elevation_gain_m", "laps"}
    assert run["sport"] == "run" and str(run["start_time"]).endswith("Z")
    assert abs(float(run["distance_m"]) - 1190) < 15  # type: ignore[arg-type]
    duplicate = by_status["duplicate"][0]
    assert isinstance(duplicate["run"], dict)
    first = next(r for r in by_status["imported"] if str(r["file"]).endswith("a.gpx"))
    assert duplicate["run"]["id"] == first["run"]["id"]  # type: ignore[index]

    # Importing the same folder again changes nothing and exits 0.
    status, rows, _ = _import(database_url, tmp_path, str(tmp_path / "runs"))
    assert status == 0 and [r["status"] for r in rows] == ["duplicate", "duplicate"]


@pytest.mark.skipif(not FIXTURES.exists(), reason="the shared real-device corpus is not here")
def test_import_real_corpus(database_url: str, tmp_path: Path) -> None:
    status, rows, _ = _import(database_url, tmp_path, str(FIXTURES / "fit"), str(FIXTURES / "tcx"))
    assert status == 0
    statuses = [r["status"] for r in rows]
    assert statuses.count("rejected") == 0 and len(rows) == 14
    # test.tcx and no_hr.tcx record one activity: kept once.
    assert statuses.count("duplicate") == 1
