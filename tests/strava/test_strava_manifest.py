"""The real Strava API activities of the shared corpus, mapped to runs and held to MANIFEST.json."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from integrations.strava.mapping import run_from_activity

ACTIVITIES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "activities"

if not (ACTIVITIES / "MANIFEST.json").exists():
    pytest.skip(f"the real-device corpus is not at {ACTIVITIES}", allow_module_level=True)


def _strava_entries() -> list[Any]:
    manifest = json.loads((ACTIVITIES / "MANIFEST.json").read_text())
    return [pytest.param(e, id=e["file"]) for e in manifest["entries"] if e["kind"] == "strava"]


@pytest.mark.parametrize("entry", _strava_entries())
def test_strava_activity_matches_its_manifest(entry: dict[str, Any]) -> None:
    run = run_from_activity(json.loads((ACTIVITIES / entry["file"]).read_text()), None)
    # The manifest's suggested tolerances: distance ±0.5 %, durations ±2 s, start ±2 s, HR ±1.
    assert run.distance_m == pytest.approx(entry["distance_m"], rel=0.005)
    assert run.elapsed_s == pytest.approx(entry["elapsed_s"], abs=2)
    assert run.moving_s == pytest.approx(entry["timer_s"], abs=2)
    start = datetime.fromisoformat(entry["start_time"].replace("Z", "+00:00"))
    assert abs((run.start_time - start).total_seconds()) <= 2
    if entry["avg_hr"] is None:
        assert run.avg_hr is None
    else:
        assert run.avg_hr == pytest.approx(entry["avg_hr"], abs=1)
    assert run.counts_as_running is entry["is_run"]
