"""Where the shared real-device fixtures live (read in place, never copied) and their manifest."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[3]
CORPUS = (REPO_ROOT / ".." / "shared" / "fixtures" / "activities").resolve()
MANIFEST = CORPUS / "MANIFEST.json"


def corpus_present() -> bool:
    return MANIFEST.is_file()


@cache
def manifest_entries() -> list[dict[str, Any]]:
    return list(json.loads(MANIFEST.read_text(encoding="utf-8"))["entries"])


def read(entry: dict[str, Any]) -> bytes:
    return (CORPUS / entry["file"]).read_bytes()


def small_files(kind: str, *, below_bytes: int = 70_000) -> list[Path]:
    """Corpus files small enough to mutate many times within a test's time budget."""
    if not corpus_present():
        return []
    return sorted(
        CORPUS / e["file"] for e in manifest_entries() if e["kind"] == kind and e["size_bytes"] < below_bytes
    )
