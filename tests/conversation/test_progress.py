"""/stats over twelve weeks of runs: done vs planned per week, and the load ratio once it means something."""

from __future__ import annotations

from pathlib import Path

from coach.clock import FixedClock
from coach.conversation import Coach
from coach.conversation.stats_chart import chart_of
from coach.demo import demo_runs
from coach.domain.athletes import IdentityKind, Language, Units
from coach.services import Services
from coach.services.time import athlete_today
from integrations.charts import MatplotlibChartRenderer


async def test_twelve_weeks_with_plan_and_ratio(services: Services, clock: FixedClock,
                                                tmp_path: Path) -> None:
    services.deps.charts = MatplotlibChartRenderer(tmp_path)
    ada, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, "990", display_name="Ada",
                                             language=Language.KO)
    for run in demo_runs(athlete_today(ada, clock)):
        await services.runs.record_run(ada.id, run)
    coach = Coach(services)
    await coach.respond(ada, "/goal half 2027-04-11")
    progress = await services.stats.progress(ada.id, weeks=12)
    assert len(progress.weeks) == 12 and progress.weeks[-1].total.week == "2026-W48"
    assert all(w.total.distance_m > 0 for w in progress.weeks[:-1])
    # Only the weeks the plan covers have a planned distance; the early weeks have too little
    # history for a ratio.
    assert [w.planned_m is not None for w in progress.weeks] == [False] * 11 + [True]
    assert progress.weeks[0].load_ratio is None and progress.weeks[-2].load_ratio is not None

    chart = chart_of(progress, Language.KO, Units.MI)
    assert chart.labels.distance_axis == "거리 (mi)" and chart.fallback is not None
    assert abs(chart.weeks[0].done - progress.weeks[0].total.distance_m / 1609.344) < 1e-6

    reply = await coach.respond(ada, "/stats")
    assert "최근 4주" in reply.text and "부하" in reply.text and "비율" in reply.text
    assert any(key in reply.text for key in ("안정적인", "꽤 높아요", "낮아요"))
    [photo] = reply.attachments
    with open(photo.path, "rb") as png:  # noqa: ASYNC230 - a test reading a small local file
        assert photo.kind == "photo" and png.read(4) == b"\x89PNG"
