"""Bad activity files: each refused with a plain message naming the file, or kept and warned about."""

from __future__ import annotations

import gzip
import io
import zipfile
from datetime import UTC, datetime, timedelta
from functools import cache

import pytest
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.profile_type import FileType, Manufacturer

from coach.domain.errors import FileRejected, InvalidInput
from integrations.files import FileTooLarge, parse_activity

from .writers import FIT_EPOCH_S, Plan, write_fit, write_gpx, write_tcx

PLAN = Plan()
NOW = datetime(2025, 6, 1, tzinfo=UTC)


@cache
def _fit(session_distance_m: float | None = None) -> bytes:
    return write_fit(PLAN, session_distance_m=session_distance_m)


@cache
def _gpx() -> bytes:
    return write_gpx(PLAN)


@cache
def _tcx() -> bytes:
    return write_tcx(PLAN)


def _rejected(name: str, data: bytes, **options: object) -> FileRejected:
    with pytest.raises(FileRejected) as caught:
        parse_activity(name, data, now=NOW, **options)  # type: ignore[arg-type]
    error = caught.value
    assert isinstance(error, InvalidInput)
    assert error.filename == name
    assert error.message == f"{name}: {error.reason}"
    assert "Traceback" not in error.message
    return error


def test_empty_file() -> None:
    assert _rejected("empty.fit", b"").reason == "the file is empty"
    assert _rejected("blank.gpx", b"  \n\t ").reason == "the file is empty"


def test_fit_cut_inside_its_header_is_refused() -> None:
    error = _rejected("cut.fit", _fit()[:10])
    assert "FIT file is damaged" in error.reason


def test_fit_cut_before_any_point_is_refused() -> None:
    error = _rejected("cut.fit", _fit()[:60])
    assert error.reason == "this FIT file is cut short before any run data"


def test_fit_cut_midway_keeps_the_points_before_the_cut_and_says_so() -> None:
    parsed = parse_activity("cut.fit", _fit()[: len(_fit()) * 6 // 10], now=NOW)
    run = parsed.run
    assert any("cut short" in w for w in parsed.warnings)
    assert any("no summary" in note for note in run.import_notes)
    assert 0 < run.distance_m < PLAN.distance_m
    assert run.stream is not None
    assert run.distance_m == pytest.approx(run.stream.distance_m[-1])
    assert run.elapsed_s == pytest.approx(run.stream.t_s[-1])


@pytest.mark.parametrize(("name", "data"), [("cut.gpx", _gpx), ("cut.tcx", _tcx)])
def test_xml_cut_midway_is_refused_with_the_line(name: str, data: object) -> None:
    whole = data()  # type: ignore[operator]
    error = _rejected(name, whole[: len(whole) // 2])
    assert "XML is broken near line" in error.reason


def test_fit_with_a_wrong_checksum_but_sound_content_is_kept_with_a_warning() -> None:
    damaged = _fit()[:-2] + bytes(b ^ 0xFF for b in _fit()[-2:])
    parsed = parse_activity("crc.fit", damaged, now=NOW)
    assert parsed.run.distance_m == PLAN.distance_m
    assert any("checksum is wrong" in w for w in parsed.warnings)


def test_fit_with_a_wrong_checksum_and_content_that_disagrees_is_refused() -> None:
    inconsistent = _fit(session_distance_m=9000.0)
    damaged = inconsistent[:-2] + bytes(b ^ 0xFF for b in inconsistent[-2:])
    error = _rejected("crc.fit", damaged)
    assert "checksum is wrong" in error.reason


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("photo.fit", b"\x89PNG\r\n\x1a\n" + bytes(200), "a PNG image"),
        ("notes.txt", b"ran 10k today, felt great\n", "isn't a FIT, GPX or TCX"),
        ("run.gpx", b"just some words, no XML at all", "damaged"),
        ("activity.json", b'{"type": "Run", "distance": 5000}', "a JSON document"),
        ("scan.pdf", b"%PDF-1.7\n" + bytes(100), "a PDF document"),
    ],
)
def test_wrong_type(name: str, data: bytes, words: str) -> None:
    assert words in _rejected(name, data).reason


def test_a_zip_is_not_a_single_activity() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.fit", _fit())
    assert "zip archive" in _rejected("export.zip", buffer.getvalue()).reason


def test_too_large() -> None:
    error = _rejected("big.fit", _fit(), max_bytes=1000)
    assert isinstance(error, FileTooLarge)
    assert error.limit_bytes == 1000
    assert "above the" in error.reason
    huge = _rejected("huge.gpx", b" " * (25 * 1024 * 1024 + 1))
    assert isinstance(huge, FileTooLarge)
    assert "25 MB limit" in huge.reason


def test_gzip_bomb() -> None:
    bomb = gzip.compress(b"\0" * (30 * 1024 * 1024), compresslevel=1)
    assert len(bomb) < 1024 * 1024
    assert "unpacks to more than 25 MB" in _rejected("bomb.fit.gz", bomb).reason


def test_damaged_gzip() -> None:
    packed = gzip.compress(_gpx())
    assert "can't be unpacked" in _rejected("run.gpx.gz", packed[: len(packed) // 2]).reason


def test_times_in_1901() -> None:
    bogus = datetime(1901, 12, 13, 20, 45, 52, tzinfo=UTC)
    error = _rejected("old.gpx", write_gpx(PLAN, start=bogus))
    assert "1901-12-13" in error.reason
    assert "clock" in error.reason


def test_times_in_the_future() -> None:
    later = NOW + timedelta(days=30)
    assert "in the future" in _rejected("later.gpx", write_gpx(PLAN, start=later)).reason


def test_fit_from_a_watch_with_no_clock_and_no_local_time() -> None:
    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.GARMIN.value
    builder.add(file_id)
    for second in range(5):
        record = RecordMessage()
        # Seconds since power-on, as a watch whose clock was never set writes them.
        record.timestamp = (FIT_EPOCH_S + 1000 + second) * 1000
        record.distance = second * 3.0
        builder.add(record)
    error = _rejected("noclock.fit", bytes(builder.build().to_bytes()))
    assert "clock was never set" in error.reason


def test_gpx_without_times() -> None:
    error = _rejected("notimes.gpx", write_gpx(PLAN, with_times=False))
    assert "has no times" in error.reason


def test_gpx_route_without_a_track() -> None:
    route = (
        b'<?xml version="1.0"?><gpx version="1.1" creator="planner" '
        b'xmlns="http://www.topografix.com/GPX/1/1"><rte><rtept lat="37.5" lon="127.0"/>'
        b'<rtept lat="37.6" lon="127.0"/></rte></gpx>'
    )
    assert "planned route" in _rejected("route.gpx", route).reason


def test_fit_course_is_not_an_activity() -> None:
    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = FileType.COURSE
    file_id.manufacturer = Manufacturer.GARMIN.value
    builder.add(file_id)
    for second in range(3):
        record = RecordMessage()
        record.timestamp = int(NOW.timestamp() - 86400 + second) * 1000
        record.distance = second * 3.0
        builder.add(record)
    assert "course file" in _rejected("course.fit", bytes(builder.build().to_bytes())).reason


def test_impossible_speed() -> None:
    gpx = (
        b'<?xml version="1.0"?><gpx version="1.1" creator="x" '
        b'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>'
        b'<trkpt lat="37.5" lon="127.0"><time>2024-01-01T00:00:00Z</time></trkpt>'
        b'<trkpt lat="38.5" lon="127.0"><time>2024-01-01T00:00:10Z</time></trkpt>'
        b"</trkseg></trk></gpx>"
    )
    assert "no runner, rider or swimmer" in _rejected("teleport.gpx", gpx).reason


def test_tcx_with_junk_before_the_xml_declaration_is_read_and_warned_about() -> None:
    parsed = parse_activity("junk.tcx", write_tcx(PLAN, leading=b"HTTP/1.1 200 OK\r\n\r\n"))
    assert parsed.run.distance_m == PLAN.distance_m
    assert any("stray bytes before its XML" in w for w in parsed.warnings)


def test_tcx_with_a_byte_order_mark_and_blank_lines_is_read_quietly() -> None:
    parsed = parse_activity("bom.tcx", write_tcx(PLAN, leading=b"\xef\xbb\xbf\n\n  "))
    assert parsed.run.distance_m == PLAN.distance_m
    assert parsed.warnings == []


def test_gpx_in_latin_1_keeps_its_title() -> None:
    text = write_gpx(PLAN, name="Café run").decode("utf-8")
    latin = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("latin-1")
    parsed = parse_activity("latin.gpx", latin)
    assert parsed.run.title == "Café run"
    assert parsed.warnings == []


@pytest.mark.parametrize(
    ("name", "root"),
    [
        (
            "lol.tcx",
            'TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"',
        ),
        ("lol.gpx", 'gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"'),
    ],
)
def test_an_xml_entity_bomb_is_refused_not_expanded(name: str, root: str) -> None:
    entities = '<!ENTITY lol0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    tag = root.split()[0]
    bomb = f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]><{root}><name>&lol9;</name></{tag}>'
    assert "XML is broken" in _rejected(name, bomb.encode()).reason


def test_tcx_times_without_a_zone_are_utc() -> None:
    naive = write_tcx(PLAN).replace(b"Z</Time>", b"</Time>")
    parsed = parse_activity("naive.tcx", naive)
    assert parsed.run.start_time == PLAN.start
    assert parsed.run.elapsed_s == PLAN.duration_s


def test_tcx_points_without_a_time_are_left_out_and_counted() -> None:
    whole = write_tcx(PLAN)
    cut = whole.find(b"<Time>", whole.find(b"<Trackpoint>", len(whole) // 2))
    end = whole.find(b"</Time>", cut) + len(b"</Time>")
    parsed = parse_activity("gap.tcx", whole[:cut] + whole[end:])
    assert parsed.run.distance_m == PLAN.distance_m
    assert parsed.warnings == ["Left out 1 track point that had no time."]
