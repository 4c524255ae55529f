"""Bulk exports: activity files inside .zip and .gz archives and folders, read within safe limits."""

from __future__ import annotations

import io
import logging
import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from coach.domain.errors import FileRejected

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
DEFAULT_MAX_FILES = 20_000
DEFAULT_MAX_TOTAL_BYTES = 2 * 1024**3
# Activity files compress 3-20x; a zip bomb compresses thousands of times. Tiny members
# are exempt because a few kilobytes of zeros can't hurt anyone.
MAX_RATIO = 100
_RATIO_EXEMPT_BYTES = 1024 * 1024
_NESTED_MAX_BYTES = 1024**3
ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx")
_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGIC = b"PK\x03\x04"

OnError = Callable[[FileRejected], None]


def is_gzip(data: bytes) -> bool:
    return data[:2] == _GZIP_MAGIC


def is_zip(data: bytes) -> bool:
    return data[:4] == _ZIP_MAGIC


def gunzip(filename: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A .gz file's content, refusing more than `max_bytes` or a bomb's ratio."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise FileRejected(filename, "this .gz file is damaged and can't be unpacked") from exc
    if len(out) > max_bytes:
        raise FileRejected(filename, f"it unpacks to more than {max_bytes / 1024**2:.0f} MB, above the limit")
    if len(out) > _RATIO_EXEMPT_BYTES and len(out) > MAX_RATIO * len(data):
        raise FileRejected(filename, "it unpacks to far more than it should (a zip bomb?)")
    if not inflater.eof:
        raise FileRejected(filename, "this .gz file is cut short and can't be unpacked")
    return out


def is_activity_name(name: str) -> bool:
    lowered = name.lower().removesuffix(".gz")
    return lowered.endswith(ACTIVITY_SUFFIXES)


def iter_archive(
    filename: str,
    data: bytes,
    *,
    max_files: int = DEFAULT_MAX_FILES,
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_error: OnError | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Every activity file in a .zip (and in .zip files one level inside it), unpacked.

    Names are `archive.zip/path/in/archive.fit` (a `.gz` suffix removed once unpacked).
    The archive's directory is checked before anything is yielded: too many files, too many
    bytes, a bomb's ratio, paths that climb out, or zips nested deeper raise FileRejected.
    A member that can't be read goes to `on_error` when given (and the rest continue),
    else it raises.
    """
    yield from _iter_zip(
        filename, io.BytesIO(data), 0, _Budget(max_files, max_total_bytes), max_bytes, on_error
    )


class _Budget:
    def __init__(self, files: int, total_bytes: int) -> None:
        self.files = files
        self.total_bytes = total_bytes


def _iter_zip(
    name: str,
    source: IO[bytes] | str,
    depth: int,
    budget: _Budget,
    max_bytes: int,
    on_error: OnError | None,
) -> Iterator[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileRejected(name, "this .zip archive is damaged and can't be opened") from exc
    with archive:
        members = _checked_members(name, archive, depth, budget)
        for info in members:
            member_name = f"{name}/{info.filename}"
            try:
                content = _read_member(member_name, archive, info, max_bytes)
                if info.filename.lower().endswith(".zip"):
                    yield from _iter_zip(
                        member_name, io.BytesIO(content), depth + 1, budget, max_bytes, on_error
                    )
                elif info.filename.lower().endswith(".gz"):
                    yield member_name[:-3], gunzip(member_name, content, max_bytes=max_bytes)
                else:
                    yield member_name, content
            except FileRejected as exc:
                if on_error is None:
                    raise
                on_error(exc)


def _checked_members(
    name: str, archive: zipfile.ZipFile, depth: int, budget: _Budget
) -> list[zipfile.ZipInfo]:
    members = []
    for info in archive.infolist():
        path = info.filename
        if info.is_dir() or _is_mac_clutter(path):
            continue
        _refuse_path_tricks(name, path)
        if stat.S_ISLNK(info.external_attr >> 16):
            continue
        nested = path.lower().endswith(".zip")
        if not nested and not is_activity_name(path):
            continue
        if nested and depth >= 1:
            raise FileRejected(name, "it holds zip archives inside zip archives inside it; unpack it first")
        if info.file_size > _RATIO_EXEMPT_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise FileRejected(name, f"{path} unpacks to far more than it should (a zip bomb?)")
        if info.flag_bits & 0x1:
            raise FileRejected(name, "it is password-protected")
        members.append(info)
    budget.files -= len(members)
    budget.total_bytes -= sum(i.file_size for i in members if not i.filename.lower().endswith(".zip"))
    if budget.files < 0:
        raise FileRejected(name, "it holds more activity files than one import allows")
    if budget.total_bytes < 0:
        raise FileRejected(name, "it unpacks to more bytes than one import allows")
    return members


def _is_mac_clutter(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return "__MACOSX" in parts or PurePosixPath(path).name.startswith("._")


def _refuse_path_tricks(name: str, path: str) -> None:
    normal = path.replace("\\", "/")
    parts = PurePosixPath(normal).parts
    if normal.startswith("/") or ".." in parts or (len(normal) > 1 and normal[1] == ":") or "\x00" in normal:
        raise FileRejected(name, f"it holds a file path that points outside it ({path!r})")


def _read_member(member_name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> bytes:
    limit = _NESTED_MAX_BYTES if info.filename.lower().endswith(".zip") else max_bytes
    if info.file_size > limit:
        raise FileRejected(
            member_name, f"it is {info.file_size / 1024**2:.1f} MB, above the {limit / 1024**2:.0f} MB limit"
        )
    try:
        with archive.open(info) as handle:
            content = handle.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
        raise FileRejected(member_name, "it is damaged inside the archive and can't be unpacked") from exc
    if len(content) > limit or len(content) > info.file_size:
        raise FileRejected(member_name, "it unpacks to more than the archive says (a zip bomb?)")
    return content


def iter_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_files: int = DEFAULT_MAX_FILES,
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
    on_error: OnError | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Files named on a command line: folders walked (activity files only), zips opened.

    A file named directly is yielded whatever its name, so a wrong file gets a clear
    rejection from the importer rather than silence. Problems with one file or archive go
    to `on_error` when given (and the rest continue), else they raise FileRejected.
    """
    budget = _Budget(max_files, max_total_bytes)
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                found = sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p))
                if not found:
                    raise FileRejected(str(path), "the folder holds no FIT, GPX, TCX or .zip files")
            elif path.is_file():
                found = [path]
            else:
                raise FileRejected(str(path), "no such file or folder")
        except FileRejected as exc:
            if on_error is None:
                raise
            on_error(exc)
            continue
        for file in found:
            yield from _guarded(_iter_file(file, budget, max_bytes, on_error), on_error)


def _wanted(path: Path) -> bool:
    return is_activity_name(path.name) or path.name.lower().endswith(".zip")


def _guarded(items: Iterator[tuple[str, bytes]], on_error: OnError | None) -> Iterator[tuple[str, bytes]]:
    try:
        yield from items
    except FileRejected as exc:
        if on_error is None:
            raise
        on_error(exc)


def _iter_file(
    path: Path, budget: _Budget, max_bytes: int, on_error: OnError | None
) -> Iterator[tuple[str, bytes]]:
    name = str(path)
    with path.open("rb") as handle:
        head = handle.read(4)
    if path.name.lower().endswith(".zip") or head == _ZIP_MAGIC:
        yield from _iter_zip(name, name, 0, budget, max_bytes, on_error)
        return
    size = path.stat().st_size
    if size > max_bytes:
        raise FileRejected(
            name, f"it is {size / 1024**2:.1f} MB, above the {max_bytes / 1024**2:.0f} MB limit"
        )
    budget.files -= 1
    budget.total_bytes -= size
    if budget.files < 0 or budget.total_bytes < 0:
        raise FileRejected(name, "one import can't take this many files; import fewer at a time")
    data = path.read_bytes()
    if is_gzip(data) and name.lower().endswith(".gz"):
        yield name[:-3], gunzip(name, data, max_bytes=max_bytes)
    else:
        yield name, data
