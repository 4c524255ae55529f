"""Server-rendered SVG charts: weekly distance, this week planned vs done, and a run's pace and heart rate."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from coach.domain.athletes import Units
from coach.domain.runs import Run
from coach.units import format_pace, metres_per_unit

WIDTH, HEIGHT = 600, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 44, 16, 28
_MAX_POINTS = 240
_STOPPED_S_PER_KM = 20 * 60  # slower than this is standing, not running
_WINDOW_S = 30.0


def _nice_step(span: float, ticks: int = 4) -> float:
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _svg(body: list[str], title: str, css: str, width: int = WIDTH) -> Markup:
    label = escape(title)
    # Every text inside `body` went through `escape` (see `_text` and the bar titles).
    return Markup(  # noqa: S704
        f'<svg class="chart {css}" viewBox="0 0 {width} {HEIGHT}" role="img" aria-label="{label}" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
        f"<title>{label}</title>{''.join(body)}</svg>")


def _text(x: float, y: float, value: str, anchor: str = "middle", css: str = "axis") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{css}">'
            f"{escape(value)}</text>")


def _bars(groups: Sequence[tuple[str, Sequence[float]]], *, unit: str, title: str,
          series_css: Sequence[str], legend: Sequence[str] = (), width: int = WIDTH) -> Markup:
    top_value = max((v for _, values in groups for v in values), default=0.0)
    step = _nice_step(top_value or 1.0)
    y_max = step * math.ceil((top_value or 1.0) / step)
    right = 12  # bars have no right-hand axis
    plot_w, plot_h = width - LEFT - right, HEIGHT - TOP - BOTTOM
    body: list[str] = []
    tick = 0.0
    while tick <= y_max + 1e-9:
        y = TOP + plot_h * (1 - tick / y_max)
        body.append(f'<line x1="{LEFT}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        body.append(_text(LEFT - 6, y + 4, f"{tick:g}", "end"))
        tick += step
    body.append(_text(4, 11, unit, "start"))
    slot = plot_w / max(len(groups), 1)
    per_series = len(series_css)
    bar_w = slot * 0.7 / per_series
    for i, (label, values) in enumerate(groups):
        x0 = LEFT + i * slot + slot * 0.15
        for j, value in enumerate(values):
            h = plot_h * (value / y_max) if y_max else 0
            x = x0 + j * bar_w
            body.append(f'<rect x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar_w:.1f}" '
                        f'height="{h:.1f}" class="bar {series_css[j]}">'
                        f"<title>{escape(label)}: {value:.1f} {escape(unit)}</title></rect>")
        body.append(_text(LEFT + i * slot + slot / 2, HEIGHT - 10, label))
    for j, name in enumerate(legend):
        x = width - right - 90 * (len(legend) - j)
        body.append(f'<rect x="{x}" y="2" width="10" height="10" class="bar {series_css[j]}"/>')
        body.append(_text(x + 14, 11, name, "start", "legend"))
    return _svg(body, title, "bars", width)


def weekly_volume_svg(weeks: Sequence[tuple[str, float]], *, unit: str, title: str,
                      width: int = 360) -> Markup:
    """One bar per week: (label, distance in the runner's unit). Narrow by default: it sits in
    the side column, and a narrower drawing keeps its labels readable there."""
    return _bars([(label, [value]) for label, value in weeks], unit=unit, title=title,
                 series_css=["done"], width=width)


def week_plan_svg(days: Sequence[tuple[str, float, float]], *, unit: str, title: str,
                  planned_label: str, done_label: str) -> Markup:
    """Two bars a day: (label, planned, done) in the runner's unit."""
    return _bars([(label, [planned, done]) for label, planned, done in days], unit=unit, title=title,
                 series_css=["planned", "done"], legend=[planned_label, done_label])


def pace_hr_points(run: Run, units: Units) -> list[tuple[float, float | None, float | None]]:
    """(distance in units, pace in s per unit or None when stopped, HR or None), at most ~240 points:
    from the point stream (pace over the last 30 s) or, without one, from the whole-km splits."""
    per_unit = metres_per_unit(units)
    stream = run.stream
    points: list[tuple[float, float | None, float | None]] = []
    if stream is not None and len(stream) > 2 and any(d is not None for d in stream.distance_m):
        t, dist = stream.t_s, stream.distance_m
        hr = stream.hr if len(stream.hr) == len(t) else [None] * len(t)
        every = max(1, len(t) // _MAX_POINTS)
        back = 0
        for i in range(0, len(t), every):
            d_i = dist[i]
            if d_i is None:
                continue
            while back < i and t[i] - t[back] > _WINDOW_S:
                back += 1
            d_b = dist[back]
            pace = None
            if d_b is not None and d_i - d_b > 1 and t[i] > t[back]:
                s_per_km = (t[i] - t[back]) / ((d_i - d_b) / 1000)
                pace = s_per_km * per_unit / 1000 if s_per_km < _STOPPED_S_PER_KM else None
            points.append((d_i / per_unit, pace, hr[i]))
        return points
    if stream is not None and len(stream) > 2 and any(h is not None for h in stream.hr):
        every = max(1, len(stream) // _MAX_POINTS)
        speed = run.distance_m / run.moving_s if run.moving_s > 0 else 0.0
        return [(stream.t_s[i] * speed / per_unit, None, stream.hr[i])
                for i in range(0, len(stream), every)]
    covered = 0.0
    for split in run.splits:
        if split.distance_m <= 0:
            continue
        pace = split.elapsed_s / (split.distance_m / 1000) * per_unit / 1000
        points.append((covered / per_unit, pace, split.avg_hr))
        covered += split.distance_m
        points.append((covered / per_unit, pace, split.avg_hr))
    return points


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(q * (len(ordered) - 1))))]


def pace_hr_svg(points: Sequence[tuple[float, float | None, float | None]], *, units: Units,
                title: str, pace_label: str, hr_label: str) -> Markup | None:
    """Pace (left axis, faster up) and heart rate (right axis) over distance; None with nothing to draw."""
    paces = [p for _, p, _ in points if p is not None]
    hrs = [h for _, _, h in points if h is not None]
    if not points or (not paces and not hrs):
        return None
    x_max = max(x for x, _, _ in points) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def sx(x: float) -> float:
        return LEFT + plot_w * x / x_max

    body: list[str] = []
    step = _nice_step(x_max, 6)
    tick = 0.0
    while tick <= x_max + 1e-9:
        body.append(f'<line x1="{sx(tick):.1f}" x2="{sx(tick):.1f}" y1="{TOP}" y2="{TOP + plot_h}" '
                    f'class="grid"/>')
        body.append(_text(sx(tick), HEIGHT - 10, f"{tick:g}"))
        tick += step
    body.append(_text(4, HEIGHT - 10, "mi" if units is Units.MI else "km", "start"))
    if paces:
        fast, slow = _percentile(paces, 0.03), _percentile(paces, 0.97)
        pad = max((slow - fast) * 0.15, 10.0)
        fast, slow = fast - pad, slow + pad

        def sy_pace(p: float) -> float:
            clamped = min(max(p, fast), slow)
            return TOP + plot_h * (clamped - fast) / (slow - fast)

        body.append(_line([(sx(x), sy_pace(p) if p is not None else None) for x, p, _ in points],
                          "pace"))
        for frac in (0.0, 0.5, 1.0):
            value = fast + (slow - fast) * frac
            label = format_pace(value * 1000 / metres_per_unit(units), units)
            body.append(_text(LEFT - 6, TOP + plot_h * frac + 4, label, "end", "axis pace"))
        body.append(_text(LEFT, TOP - 4, pace_label, "start", "legend pace"))
    if hrs:
        low, high = min(hrs) - 5, max(hrs) + 5

        def sy_hr(h: float) -> float:
            return TOP + plot_h * (1 - (h - low) / (high - low))

        body.append(_line([(sx(x), sy_hr(h) if h is not None else None) for x, _, h in points], "hr"))
        for frac in (0.0, 0.5, 1.0):
            value = low + (high - low) * (1 - frac)
            body.append(_text(WIDTH - RIGHT + 6, TOP + plot_h * frac + 4, f"{value:.0f}", "start",
                              "axis hr"))
        body.append(_text(WIDTH - RIGHT, TOP - 4, hr_label, "end", "legend hr"))
    return _svg(body, title, "line-chart")


def _line(points: list[tuple[float, float | None]], css: str) -> str:
    """A polyline path that breaks where a value is missing (a stop, a dropped HR strap)."""
    parts: list[str] = []
    pen_down = False
    for x, y in points:
        if y is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{x:.1f},{y:.1f}")
        pen_down = True
    return f'<path d="{" ".join(parts)}" class="series {css}" fill="none"/>'
