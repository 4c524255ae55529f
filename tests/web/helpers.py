"""Building blocks for the web tests: runners, runs, GPX files, the app and signed-in clients."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

import gpxpy.gpx
import httpx
from fastapi import FastAPI
from gpxpy import geo
from lxml import etree

from api.app import create_app
from api.context import ApiContext
from coach.conversation import Coach
from coach.domain.athletes import Athlete
from coach.domain.runs import Run, RunSource, Split, Sport, Stream, Visibility
from coach.services import Services

SIGNING_KEY = "web-tests-signing-key-0123456789"
GPXTPX_NS = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"


def make_app(services: Services, **overrides: object) -> FastAPI:
    ctx = ApiContext(services=services, coach=Coach(services), signing_key=SIGNING_KEY,
                     public_url="http://test")
    for name, value in overrides.items():
        setattr(ctx, name, value)
    return create_app(ctx)


def client_for(app: FastAPI, **headers: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test",
                             headers=headers)


async def sign_in_by_link(client: httpx.AsyncClient, services: Services, athlete: Athlete) -> None:
    link = await services.web.create_login_link(athlete.id)
    response = await client.get(urlsplit(link).path)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/"


def make_run(start: datetime, km: float, minutes: float, *, visibility: Visibility = Visibility.FOLLOWERS,
             hr: float | None = 150, title: str | None = None, with_stream: bool = False) -> Run:
    distance = km * 1000
    moving = minutes * 60
    stream = None
    if with_stream:
        times = [float(t) for t in range(0, int(moving) + 1, 10)]
        stream = Stream(t_s=times, distance_m=[distance * t / moving for t in times],
                        hr=[140 + 20 * t / moving for t in times])
    splits = [Split(index=i, distance_m=1000.0, elapsed_s=moving / km, avg_hr=hr)
              for i in range(int(km))]
    return Run(sport=Sport.RUN, start_time=start, distance_m=distance, moving_s=moving,
               elapsed_s=moving, source=RunSource.MANUAL, visibility=visibility, avg_hr=hr,
               title=title, splits=splits, stream=stream, utc_offset_s=0)


def gpx_bytes(start: datetime, *, km: float = 3.0, pace_s_per_km: float = 330.0, hr: int = 150,
              step_s: int = 5) -> bytes:
    """A GPX track written by gpxpy: due north at an even pace, heart rate in Garmin's extension."""
    gpx = gpxpy.gpx.GPX()
    gpx.nsmap["gpxtpx"] = GPXTPX_NS
    track = gpxpy.gpx.GPXTrack(name="Web test run")
    gpx.tracks.append(track)
    segment = gpxpy.gpx.GPXTrackSegment()
    track.segments.append(segment)
    lat0, lon0 = 37.5, 127.0
    metres_per_deg = geo.EARTH_RADIUS * 3.141592653589793 / 180
    total_s = int(km * pace_s_per_km)
    for t in range(0, total_s + 1, step_s):
        metres = t / pace_s_per_km * 1000
        point = gpxpy.gpx.GPXTrackPoint(latitude=lat0 + metres / metres_per_deg, longitude=lon0,
                                        elevation=30.0, time=start + timedelta(seconds=t))
        ext = etree.Element(f"{{{GPXTPX_NS}}}TrackPointExtension")
        etree.SubElement(ext, f"{{{GPXTPX_NS}}}hr").text = str(hr)
        point.extensions.append(ext)
        segment.points.append(point)
    return gpx.to_xml(version="1.1").encode()
