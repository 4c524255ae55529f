"""Activity files (FIT, GPX, TCX, and .zip / .gz exports of them) read into domain Runs."""

from .archive import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_FILES,
    DEFAULT_MAX_TOTAL_BYTES,
    iter_archive,
    iter_paths,
)
from .importer import FileTooLarge, ParsedActivity, detect_format, is_archive, parse_activity

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_FILES",
    "DEFAULT_MAX_TOTAL_BYTES",
    "FileTooLarge",
    "ParsedActivity",
    "detect_format",
    "is_archive",
    "iter_archive",
    "iter_paths",
    "parse_activity",
]
