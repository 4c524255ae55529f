"""Activity files written by the formats' own writer libraries, from a plan whose values we know."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import gpxpy.gpx
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.activity_message import ActivityMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.lap_message import LapMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import FileType, Manufacturer, Sport, SubSport
from gpxpy import geo
from lxml import etree

FIT_EPOCH_S = 631065600
TCX_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
TPX_NS = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"
GPXTPX_NS = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"


@dataclass(frozen=True)
class LapPlan:
    distance_m: float
    duration_s: int
    hr: int


@dataclass(frozen=True)
class Point:
    t_s: int
    distance_m: float
    hr: int
    lat: float
    lon: float
    altitude_m: float


@dataclass(frozen=True)
class Plan:
    """A run going due north at an even pace per lap, one point every `step_s` seconds."""

    start: datetime = datetime(2024, 3, 10, 6, 0, tzinfo=UTC)
    laps: tuple[LapPlan, ...] = (
        LapPlan(1000.0, 330, 140),
        LapPlan(1000.0, 300, 155),
        LapPlan(500.0, 140, 165),
    )
    cadence_strides: int = 85
    step_s: int = 5
    lat0: float = 37.5
    lon0: float = 127.0

    @property
    def distance_m(self) -> float:
        return sum(lap.distance_m for lap in self.laps)

    @property
    def duration_s(self) -> int:
        return sum(lap.duration_s for lap in self.laps)

    def points(self) -> list[Point]:
        points = []
        lap_start_t, lap_start_d = 0, 0.0
        for lap in self.laps:
            first = 0 if lap_start_t == 0 else self.step_s
            for step in [*range(first, lap.duration_s, self.step_s), lap.duration_s]:
                d = lap_start_d + lap.distance_m * step / lap.duration_s
                points.append(
                    Point(
                        t_s=lap_start_t + step,
                        distance_m=d,
                        hr=lap.hr,
                        lat=self.lat0 + d / geo.ONE_DEGREE,
                        lon=self.lon0,
                        altitude_m=50.0 + 10.0 * (d // 1000),
                    )
                )
            lap_start_t += lap.duration_s
            lap_start_d += lap.distance_m
        return points

    def mean_point_hr(self) -> float:
        points = self.points()
        return sum(p.hr for p in points) / len(points)

    def lap_starts(self) -> list[datetime]:
        starts, t = [], 0
        for lap in self.laps:
            starts.append(self.start + timedelta(seconds=t))
            t += lap.duration_s
        return starts


def write_fit(
    plan: Plan,
    *,
    sub_sport: SubSport = SubSport.GENERIC,
    sport: Sport = Sport.RUNNING,
    session_distance_m: float | None = None,
    local_offset_s: int | None = None,
    with_session: bool = True,
) -> bytes:
    start_ms = int(plan.start.timestamp() * 1000)
    end_ms = start_ms + plan.duration_s * 1000
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.GARMIN.value
    file_id.product = 3113
    file_id.time_created = start_ms
    file_id.serial_number = 12345
    builder.add(file_id)
    for p in plan.points():
        record = RecordMessage()
        record.timestamp = start_ms + p.t_s * 1000
        record.distance = p.distance_m
        record.heart_rate = p.hr
        record.cadence = plan.cadence_strides
        record.position_lat = p.lat
        record.position_long = p.lon
        record.altitude = p.altitude_m
        builder.add(record)
    for lap_plan, lap_start in zip(plan.laps, plan.lap_starts(), strict=True):
        lap = LapMessage()
        lap.start_time = int(lap_start.timestamp() * 1000)
        lap.timestamp = lap.start_time + lap_plan.duration_s * 1000
        lap.total_elapsed_time = float(lap_plan.duration_s)
        lap.total_timer_time = float(lap_plan.duration_s)
        lap.total_distance = lap_plan.distance_m
        lap.avg_heart_rate = lap_plan.hr
        lap.max_heart_rate = lap_plan.hr + 5
        builder.add(lap)
    if with_session:
        session = SessionMessage()
        session.start_time = start_ms
        session.timestamp = end_ms
        session.total_elapsed_time = float(plan.duration_s)
        session.total_timer_time = float(plan.duration_s)
        session.total_distance = session_distance_m or plan.distance_m
        session.sport = sport
        session.sub_sport = sub_sport
        session.avg_heart_rate = round(_time_weighted_hr(plan))
        session.max_heart_rate = max(lap.hr for lap in plan.laps) + 5
        session.avg_running_cadence = plan.cadence_strides
        session.total_ascent = 20
        builder.add(session)
        activity = ActivityMessage()
        activity.timestamp = end_ms
        activity.total_timer_time = float(plan.duration_s)
        activity.num_sessions = 1
        if local_offset_s is not None:
            activity.local_timestamp = end_ms // 1000 - FIT_EPOCH_S + local_offset_s
        builder.add(activity)
    return bytes(builder.build().to_bytes())


def _time_weighted_hr(plan: Plan) -> float:
    return sum(lap.hr * lap.duration_s for lap in plan.laps) / plan.duration_s


def write_gpx(
    plan: Plan,
    *,
    sport: str | None = "running",
    name: str | None = "Morning Run",
    with_times: bool = True,
    zone: timezone = UTC,
    start: datetime | None = None,
) -> bytes:
    gpx = gpxpy.gpx.GPX()
    gpx.creator = "RunCoach tests"
    gpx.nsmap["gpxtpx"] = GPXTPX_NS
    track = gpxpy.gpx.GPXTrack(name=name)
    track.type = sport  # type: ignore[assignment]
    gpx.tracks.append(track)
    segment = gpxpy.gpx.GPXTrackSegment()
    track.segments.append(segment)
    begin = start or plan.start
    for p in plan.points():
        point = gpxpy.gpx.GPXTrackPoint(
            latitude=p.lat,
            longitude=p.lon,
            elevation=p.altitude_m,
            time=(begin + timedelta(seconds=p.t_s)).astimezone(zone) if with_times else None,
        )
        extension = etree.Element(f"{{{GPXTPX_NS}}}TrackPointExtension")
        etree.SubElement(extension, f"{{{GPXTPX_NS}}}hr").text = str(p.hr)
        etree.SubElement(extension, f"{{{GPXTPX_NS}}}cad").text = str(plan.cadence_strides)
        point.extensions.append(extension)
        segment.points.append(point)
    return gpx.to_xml().encode("utf-8")


def write_tcx(plan: Plan, *, sport: str = "Running", leading: bytes = b"") -> bytes:
    def tag(name: str) -> str:
        return f"{{{TCX_NS}}}{name}"

    namespaces: dict[str | None, str] = {None: TCX_NS, "ns3": TPX_NS}
    root = etree.Element(tag("TrainingCenterDatabase"), nsmap=namespaces)
    activity = etree.SubElement(etree.SubElement(root, tag("Activities")), tag("Activity"))
    activity.set("Sport", sport)
    etree.SubElement(activity, tag("Id")).text = _iso(plan.start)
    points = plan.points()
    t_begin = 0
    for lap_plan, lap_start in zip(plan.laps, plan.lap_starts(), strict=True):
        lap = etree.SubElement(activity, tag("Lap"), StartTime=_iso(lap_start))
        etree.SubElement(lap, tag("TotalTimeSeconds")).text = str(float(lap_plan.duration_s))
        etree.SubElement(lap, tag("DistanceMeters")).text = str(lap_plan.distance_m)
        avg = etree.SubElement(lap, tag("AverageHeartRateBpm"))
        etree.SubElement(avg, tag("Value")).text = str(lap_plan.hr)
        peak = etree.SubElement(lap, tag("MaximumHeartRateBpm"))
        etree.SubElement(peak, tag("Value")).text = str(lap_plan.hr + 5)
        etree.SubElement(lap, tag("Intensity")).text = "Active"
        etree.SubElement(lap, tag("TriggerMethod")).text = "Distance"
        track = etree.SubElement(lap, tag("Track"))
        t_end = t_begin + lap_plan.duration_s
        for p in points:
            if not (t_begin < p.t_s <= t_end or p.t_s == t_begin == 0):
                continue
            trackpoint = etree.SubElement(track, tag("Trackpoint"))
            etree.SubElement(trackpoint, tag("Time")).text = _iso(plan.start + timedelta(seconds=p.t_s))
            position = etree.SubElement(trackpoint, tag("Position"))
            etree.SubElement(position, tag("LatitudeDegrees")).text = repr(p.lat)
            etree.SubElement(position, tag("LongitudeDegrees")).text = repr(p.lon)
            etree.SubElement(trackpoint, tag("AltitudeMeters")).text = str(p.altitude_m)
            etree.SubElement(trackpoint, tag("DistanceMeters")).text = str(p.distance_m)
            heart = etree.SubElement(trackpoint, tag("HeartRateBpm"))
            etree.SubElement(heart, tag("Value")).text = str(p.hr)
            extensions = etree.SubElement(trackpoint, tag("Extensions"))
            tpx = etree.SubElement(extensions, f"{{{TPX_NS}}}TPX")
            etree.SubElement(tpx, f"{{{TPX_NS}}}RunCadence").text = str(plan.cadence_strides)
        t_begin = t_end
    creator = etree.SubElement(activity, tag("Creator"))
    etree.SubElement(creator, tag("Name")).text = "Forerunner 265"
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return leading + bytes(body)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
