"""The SVG charts and the language choice, without a server: what they draw from what data."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from api.charts import pace_hr_points, pace_hr_svg, weekly_volume_svg
from api.texts import from_accept_language
from coach.domain.athletes import Language, Units
from coach.domain.runs import Stream
from tests.web.helpers import make_run

START = datetime(2026, 11, 24, 7, tzinfo=UTC)


def test_pace_comes_from_the_stream_in_the_runners_units() -> None:
    run = make_run(START, 6, 33, with_stream=True)  # 5:30 per km
    km = pace_hr_points(run, Units.KM)
    miles = pace_hr_points(run, Units.MI)
    steady = [p for _, p, _ in km[5:] if p is not None]
    assert steady and all(abs(p - 330) < 1 for p in steady)
    assert abs(km[-1][0] - 6.0) < 0.1 and abs(miles[-1][0] - 6 / 1.609344) < 0.1
    assert all(abs(p - 330 * 1.609344) < 2 for _, p, _ in miles[5:] if p is not None)
    assert len(km) <= 250


def test_stops_break_the_pace_line_instead_of_spiking_it() -> None:
    run = make_run(START, 2, 12)
    times = [float(t) for t in range(0, 900, 5)]
    # Runs 600 m, stands still for five minutes, runs on.
    dist = [min(t, 180) * 3.33 + max(0.0, t - 480) * 3.33 for t in times]
    run.stream = Stream(t_s=times, distance_m=dist, hr=[150.0] * len(times))
    points = pace_hr_points(run, Units.KM)
    assert any(p is None for _, p, _ in points)
    svg = str(pace_hr_svg(points, units=Units.KM, title="t", pace_label="Pace", hr_label="HR"))
    pace_path = re.search(r'd="([^"]+)" class="series pace"', svg)
    assert pace_path and pace_path.group(1).count("M") >= 2


def test_without_a_stream_the_splits_are_drawn_and_without_either_nothing() -> None:
    run = make_run(START, 3, 18)
    points = pace_hr_points(run, Units.KM)
    assert [round(x) for x, _, _ in points] == [0, 1, 1, 2, 2, 3]
    assert pace_hr_svg(points, units=Units.KM, title="t", pace_label="P", hr_label="H") is not None
    bare = make_run(START, 3, 18, hr=None)
    bare.splits = []
    assert pace_hr_svg(pace_hr_points(bare, Units.KM), units=Units.KM, title="t", pace_label="P",
                       hr_label="H") is None


def test_bars_scale_to_the_biggest_week_and_escape_labels() -> None:
    svg = str(weekly_volume_svg([("45", 20.0), ("<46>", 40.0), ("47", 0.0)], unit="km", title="A & B"))
    heights = [float(h) for h in re.findall(r'height="([\d.]+)" class="bar done"', svg)]
    assert len(heights) == 3 and heights[1] == max(heights) and heights[2] == 0
    assert abs(heights[0] * 2 - heights[1]) < 0.2
    assert "&lt;46&gt;" in svg and "<46>" not in svg and "A &amp; B" in svg


def test_accept_language_picks_korean_only_when_preferred() -> None:
    assert from_accept_language("ko-KR,ko;q=0.9,en-US;q=0.8") is Language.KO
    assert from_accept_language("en-US,en;q=0.9,ko;q=0.8") is Language.EN
    assert from_accept_language("fr-FR, ko;q=0.5, en;q=0.4") is Language.KO
    assert from_accept_language("ko;q=0") is Language.EN
    assert from_accept_language(None) is Language.EN
    assert from_accept_language("garbage;;q=x") is Language.EN
