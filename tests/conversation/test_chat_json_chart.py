"""`runcoach chat --json` hands the /stats chart back as a photo attachment (a real PNG file)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.e2e.helpers import RUNCOACH, clean_env


def test_stats_chart_is_an_attachment(database_url: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [RUNCOACH, "chat", "--json"], input="/goal 10k 2027-03-01\n/log 8k 42:30\n/stats\n",
        capture_output=True, text=True, timeout=90, check=False,
        env=clean_env(DATABASE_URL=database_url, RUNCOACH_DATA_DIR=str(tmp_path)))
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout.splitlines()[-1])
    assert "8.0 km" in stats["reply"]
    [attachment] = stats["attachments"]
    assert attachment["kind"] == "photo"
    path = Path(attachment["path"])
    assert path.is_absolute() and path.is_relative_to(tmp_path.resolve())
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
