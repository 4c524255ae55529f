"""Bulk exports: zips (with .gz members, as Strava writes them), folders, and archives that attack."""

from __future__ import annotations

import gzip
import io
import zipfile
from functools import cache
from pathlib import Path

import pytest

from coach.domain.errors import FileRejected
from integrations.files import iter_archive, iter_paths, parse_activity

from .writers import Plan, write_fit, write_gpx, write_tcx

PLAN = Plan()


@cache
def _files() -> dict[str, bytes]:
    return {"fit": write_fit(PLAN), "gpx": write_gpx(PLAN), "tcx": write_tcx(PLAN)}


def _zip(members: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _strava_export() -> bytes:
    files = _files()
    return _zip(
        {
            "activities.csv": b"Activity ID,Activity Date\n1,2024-03-10\n",
            "activities/1001.fit.gz": gzip.compress(files["fit"]),
            "activities/1002.gpx": files["gpx"],
            "activities/1003.tcx.gz": gzip.compress(files["tcx"]),
            "media/photo.jpg": b"\xff\xd8\xff" + bytes(100),
            "__MACOSX/activities/._1002.gpx": b"mac clutter",
            "profile.json": b"{}",
        }
    )


def test_a_strava_export_yields_its_activities_unpacked() -> None:
    found = dict(iter_archive("export.zip", _strava_export()))
    assert sorted(found) == [
        "export.zip/activities/1001.fit",
        "export.zip/activities/1002.gpx",
        "export.zip/activities/1003.tcx",
    ]
    files = _files()
    assert found["export.zip/activities/1001.fit"] == files["fit"]
    assert found["export.zip/activities/1003.tcx"] == files["tcx"]
    runs = [parse_activity(name, data).run for name, data in found.items()]
    assert {run.distance_m for run in runs} == {PLAN.distance_m}


def test_a_zip_inside_the_export_is_opened_once() -> None:
    inner = _zip({"part1/2001.fit": _files()["fit"]})
    outer = _zip({"DI_CONNECT/UploadedFiles_Part1.zip": inner, "a.gpx": _files()["gpx"]})
    names = [name for name, _ in iter_archive("garmin.zip", outer)]
    assert names == ["garmin.zip/DI_CONNECT/UploadedFiles_Part1.zip/part1/2001.fit", "garmin.zip/a.gpx"]


def test_zips_nested_deeper_are_refused() -> None:
    deepest = _zip({"x.fit": _files()["fit"]})
    middle = _zip({"deeper.zip": deepest})
    outer = _zip({"middle.zip": middle})
    with pytest.raises(FileRejected) as caught:
        list(iter_archive("nested.zip", outer))
    assert caught.value.filename == "nested.zip/middle.zip"
    assert "zip archives inside zip archives" in caught.value.reason


def test_a_zip_bomb_is_refused_before_anything_is_unpacked() -> None:
    bomb = _zip({"a.fit": _files()["fit"], "activities/huge.gpx": b"\0" * (40 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    with pytest.raises(FileRejected) as caught:
        next(iter_archive("bomb.zip", bomb))
    assert caught.value.filename == "bomb.zip"
    assert "zip bomb" in caught.value.reason


def test_total_size_and_count_limits() -> None:
    export = _strava_export()
    with pytest.raises(FileRejected, match="more activity files than one import allows"):
        list(iter_archive("export.zip", export, max_files=2))
    with pytest.raises(FileRejected, match="more bytes than one import allows"):
        list(iter_archive("export.zip", export, max_total_bytes=10_000))


@pytest.mark.parametrize(
    "path", ["../../etc/cron.d/evil.fit", "/etc/evil.gpx", "C:\\Windows\\evil.tcx", "a/../../b.fit"]
)
def test_paths_that_climb_out_of_the_archive_are_refused(path: str) -> None:
    with pytest.raises(FileRejected) as caught:
        list(iter_archive("tricky.zip", _zip({path: _files()["gpx"]})))
    assert "points outside it" in caught.value.reason


def test_a_damaged_zip_is_refused() -> None:
    with pytest.raises(FileRejected, match="damaged and can't be opened"):
        list(iter_archive("broken.zip", _strava_export()[:200]))


def test_a_bad_member_is_reported_and_the_rest_continue() -> None:
    export = _zip({"a.fit.gz": gzip.compress(_files()["fit"])[:50], "b.gpx": _files()["gpx"]})
    errors: list[FileRejected] = []
    names = [name for name, _ in iter_archive("mixed.zip", export, on_error=errors.append)]
    assert names == ["mixed.zip/b.gpx"]
    assert [e.filename for e in errors] == ["mixed.zip/a.fit.gz"]
    with pytest.raises(FileRejected):
        list(iter_archive("mixed.zip", export))


def test_iter_paths_walks_folders_opens_zips_and_reports_what_is_missing(tmp_path: Path) -> None:
    files = _files()
    (tmp_path / "watch").mkdir()
    (tmp_path / "watch" / "morning.FIT").write_bytes(files["fit"])
    (tmp_path / "watch" / "notes.txt").write_text("not an activity")
    (tmp_path / "watch" / "deep").mkdir()
    (tmp_path / "watch" / "deep" / "evening.tcx.gz").write_bytes(gzip.compress(files["tcx"]))
    (tmp_path / "export.zip").write_bytes(_strava_export())
    named = tmp_path / "named.txt"
    named.write_text("a file named directly is passed on, for the importer to judge")
    errors: list[FileRejected] = []
    found = list(
        iter_paths(
            [tmp_path / "watch", str(tmp_path / "export.zip"), tmp_path / "gone.fit", named],
            on_error=errors.append,
        )
    )
    names = [
        Path(name).name if "export.zip" not in name else name.split("export.zip/")[1] for name, _ in found
    ]
    assert names == [
        "evening.tcx",
        "morning.FIT",
        "activities/1001.fit",
        "activities/1002.gpx",
        "activities/1003.tcx",
        "named.txt",
    ]
    assert [Path(e.filename).name for e in errors] == ["gone.fit"]
    assert "no such file or folder" in errors[0].reason
    with pytest.raises(FileRejected, match="isn't a FIT, GPX or TCX"):
        parse_activity(*found[-1])


def test_iter_paths_refuses_a_big_file_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.gpx"
    big.write_bytes(b" " * 2048)
    with pytest.raises(FileRejected, match="above the"):
        list(iter_paths([big], max_bytes=1024))
