"""The one way in for an activity file: recognise it, read it with its library, check it, build a Run."""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from coach.domain.errors import FileRejected
from coach.domain.runs import Run

from .archive import DEFAULT_MAX_BYTES, gunzip, is_gzip, is_zip
from .common import Extract, finish_run
from .fit import read_fit
from .gpx import read_gpx
from .tcx import read_tcx

logger = logging.getLogger(__name__)

_SNIFF_BYTES = 64 * 1024
_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(gpx|TrainingCenterDatabase)[\s>/]")
_XML_DECLARATION = re.compile(rb"<\?xml[\s?]")
_DECLARED_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["']([\w.:-]+)["']""")
_BOM = b"\xef\xbb\xbf"
_OTHER_KINDS = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG photo"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a .zip archive (import it as an archive to read the files inside)"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"{", "a JSON document"),
    (b"[", "a JSON document"),
)
_NAMES = {"fit": "FIT", "gpx": "GPX", "tcx": "TCX"}


@dataclass(frozen=True, slots=True)
class ParsedActivity:
    """A readable activity file: its Run, its bytes as given, and what was wrong but survivable."""

    filename: str
    run: Run
    original: bytes
    format: str
    warnings: list[str]


class FileTooLarge(FileRejected):
    """Above the size limit (the web upload answers 413 for this one)."""

    def __init__(self, filename: str, size_bytes: int, limit_bytes: int) -> None:
        super().__init__(
            filename,
            f"the file is {size_bytes / 1024**2:.1f} MB, above the {limit_bytes / 1024**2:.0f} MB limit",
        )
        self.size_bytes = size_bytes
        self.limit_bytes = limit_bytes


def parse_activity(
    filename: str,
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    now: datetime | None = None,
) -> ParsedActivity:
    """Read one FIT, GPX or TCX file (or a .gz of one); FileRejected is the only error raised.

    The format comes from the content first and the file name second. `source_id` is the
    sha256 of the activity file's bytes (unpacked, if it came gzipped), so the same file
    sent twice has the same identity.
    """
    if len(data) > max_bytes:
        raise FileTooLarge(filename, len(data), max_bytes)
    if not data.strip():
        raise FileRejected(filename, "the file is empty")
    try:
        content = gunzip(filename, data, max_bytes=max_bytes) if is_gzip(data) else data
        if not content:
            raise FileRejected(filename, "the file is empty")
        kind, extract = _read(filename, content)
        source_id = hashlib.sha256(content).hexdigest()
        run = finish_run(filename, extract, source_id, now=now or datetime.now(UTC))
    except FileRejected:
        raise
    except Exception as exc:  # the format libraries raise anything on damaged bytes
        logger.info("could not read %s: %r", filename, exc)
        raise FileRejected(filename, _plain_problem(filename, data, exc)) from exc
    return ParsedActivity(
        filename=filename, run=run, original=data, format=kind, warnings=list(extract.warnings)
    )


def is_archive(data: bytes) -> bool:
    """A .zip of several activities, for `iter_archive` rather than `parse_activity`."""
    return is_zip(data)


def detect_format(filename: str, data: bytes) -> str | None:
    """'fit', 'gpx' or 'tcx' from the content, else from the file name; None when neither."""
    kind, _ = _sniff(data)
    return kind or _by_name(filename)


def _read(filename: str, content: bytes) -> tuple[str, Extract]:
    kind, begin = _sniff(content)
    if kind is None:
        kind = _by_name(filename)
        if kind is None or _other_kind(content):
            raise FileRejected(filename, _wrong_type(content))
    if kind == "fit":
        return kind, read_fit(filename, content)
    body, warnings = _without_leading_junk(content, begin)
    if kind == "gpx":
        text, more = _xml_text(body)
        extract = read_gpx(filename, text)
        warnings += more
    else:
        extract = read_tcx(filename, body)
    extract.warnings[:0] = warnings
    return kind, extract


def _sniff(data: bytes) -> tuple[str | None, int]:
    if len(data) >= 12 and data[8:12] == b".FIT":
        return "fit", 0
    head = data[:_SNIFF_BYTES]
    root = _XML_ROOT.search(head)
    if root is None:
        return None, 0
    declaration = _XML_DECLARATION.search(head, 0, root.start())
    begin = declaration.start() if declaration else root.start()
    return ("gpx" if root.group(1) == b"gpx" else "tcx"), begin


def _by_name(filename: str) -> str | None:
    lowered = filename.lower().removesuffix(".gz")
    return next((kind for kind in _NAMES if lowered.endswith("." + kind)), None)


def _other_kind(data: bytes) -> str | None:
    start = data.lstrip(_BOM).lstrip()
    return next((what for magic, what in _OTHER_KINDS if start.startswith(magic)), None)


def _wrong_type(data: bytes) -> str:
    what = _other_kind(data)
    if what:
        return f"this is {what}, not a FIT, GPX or TCX activity file"
    return "this isn't a FIT, GPX or TCX activity file"


def _without_leading_junk(content: bytes, begin: int) -> tuple[bytes, list[str]]:
    """Whitespace or a byte-order mark before the XML is common; anything else is noted."""
    if begin == 0:
        return content, []
    junk = content[:begin].replace(_BOM, b"").strip()
    warnings = []
    if junk:
        warnings.append(f"The file had {len(junk)} stray bytes before its XML began; they were ignored.")
    return content[begin:], warnings


def _xml_text(body: bytes) -> tuple[str, list[str]]:
    """GPX text for gpxpy, which wants str: honour a declared encoding, else UTF-8."""
    head = body[:200].decode("ascii", errors="replace")
    declared = _DECLARED_ENCODING.match(head)
    encoding = declared.group(2) if declared else "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        encoding = "utf-8"
    try:
        text = body.decode(encoding)
        warnings = []
    except UnicodeDecodeError:
        text = body.decode(encoding, errors="replace")
        warnings = ["Some characters in the file weren't valid text and were replaced."]
    if declared and codecs.lookup(encoding).name != "utf-8":
        # gpxpy hands lxml UTF-8 bytes, so a declaration naming another encoding must go.
        text = _DECLARED_ENCODING.sub(r"\1", text, count=1)
    return text, warnings


def _plain_problem(filename: str, data: bytes, exc: Exception) -> str:
    kind = detect_format(filename, data[:_SNIFF_BYTES]) if not is_gzip(data) else None
    name = _NAMES.get(kind or "", "activity")
    line = _xml_line(exc)
    if line is not None:
        return f"this {name} file is damaged: its XML is broken near line {line}"
    return f"this {name} file is damaged or in a form that can't be read"


def _xml_line(exc: BaseException) -> int | None:
    seen: BaseException | None = exc
    for _ in range(3):
        if seen is None:
            return None
        if type(seen).__name__.endswith(("SyntaxError", "ParseError")):
            position = getattr(seen, "position", None)  # the standard library's expat errors
            line = position[0] if isinstance(position, tuple) else getattr(seen, "lineno", None)
            if isinstance(line, int):
                return line
        seen = seen.__cause__
    return None
