"""Activity files sent to the bot (FIT, GPX, TCX, or a zip of them): download, import, answer."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from uuid import UUID

from telegram import Document
from telegram.error import TelegramError

from coach.domain.athletes import Athlete
from coach.domain.errors import FileRejected
from coach.i18n import t
from coach.ports import Reply
from coach.services import Services
from coach.services.time import athlete_zone
from coach.units import format_distance, format_duration, format_pace, pace_suffix
from integrations.files import ParsedActivity, is_archive, iter_archive, parse_activity

log = logging.getLogger(__name__)

# The Bot API's getFile serves files up to 20 MB; larger ones never reach us.
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
_MAX_LISTED_PROBLEMS = 5


@dataclass(slots=True)
class _Outcome:
    imported: list[tuple[ParsedActivity, UUID]] = field(default_factory=list)
    duplicates: list[ParsedActivity] = field(default_factory=list)
    rejected: list[FileRejected] = field(default_factory=list)


def _read_all(filename: str, data: bytes) -> tuple[list[ParsedActivity], list[FileRejected]]:
    """Parse one file, or every activity in a zip; CPU-bound, run off the event loop."""
    if not is_archive(data):
        try:
            return [parse_activity(filename, data)], []
        except FileRejected as exc:
            return [], [exc]
    parsed: list[ParsedActivity] = []
    rejected: list[FileRejected] = []

    try:
        for name, content in iter_archive(filename, data, on_error=rejected.append):
            try:
                parsed.append(parse_activity(name, content))
            except FileRejected as exc:
                rejected.append(exc)
    except FileRejected as exc:
        rejected.append(exc)
    return parsed, rejected


async def import_document(services: Services, athlete: Athlete, document: Document) -> Reply:
    lang = athlete.preferences.language
    name = document.file_name or "activity"
    if document.file_size and document.file_size > MAX_DOWNLOAD_BYTES:
        return Reply(text=t(lang, "file_too_big", size=f"{document.file_size / 1024**2:.0f}"))
    try:
        telegram_file = await document.get_file()
        data = bytes(await telegram_file.download_as_bytearray())
    except TelegramError as exc:
        log.warning("could not download %s: %r", name, exc)
        return Reply(text=t(lang, "file_download_failed"))
    parsed, rejected = await asyncio.to_thread(_read_all, name, data)
    outcome = _Outcome(rejected=rejected)
    for activity in parsed:
        result = await services.runs.record_run(athlete.id, activity.run, original=activity.original,
                                                filename=activity.filename)
        if result.status == "imported" and result.run.id is not None:
            outcome.imported.append((activity, result.run.id))
        else:
            outcome.duplicates.append(activity)
    return await _answer(services, athlete, name, outcome, single=not is_archive(data))


async def _answer(services: Services, athlete: Athlete, name: str, outcome: _Outcome, *,
                  single: bool) -> Reply:
    lang, units = athlete.preferences.language, athlete.preferences.units
    lines: list[str] = []
    if not single:
        lines.append(t(lang, "file_archive", name=name, imported=len(outcome.imported),
                       duplicates=len(outcome.duplicates), rejected=len(outcome.rejected)))
        lines += [t(lang, "file_archive_bad", name=e.filename.rsplit("/", 1)[-1], reason=e.reason)
                  for e in outcome.rejected[:_MAX_LISTED_PROBLEMS]]
    elif outcome.rejected:
        problem = outcome.rejected[0]
        return Reply(text=t(lang, "file_rejected", name=name, reason=problem.reason))
    elif outcome.duplicates:
        run = outcome.duplicates[0].run
        local = run.start_time.astimezone(athlete_zone(athlete))
        return Reply(text=t(lang, "file_duplicate", date=local.strftime("%Y-%m-%d %H:%M"),
                            distance=format_distance(run.distance_m, units)))
    if not outcome.imported:
        return Reply(text="\n".join(lines))
    # The post-run note is about the newest run: the one the runner just finished, usually.
    activity, run_id = max(outcome.imported, key=lambda item: item[0].run.start_time)
    run = activity.run
    pace = run.pace_s_per_km
    if not single:
        lines.append(t(lang, "file_archive_latest"))
    lines.append(t(lang, "file_imported", name=activity.filename.rsplit("/", 1)[-1],
                   distance=format_distance(run.distance_m, units),
                   time=format_duration(run.moving_s),
                   pace=f"{format_pace(pace, units)} {pace_suffix(units)}" if pace else "-"))
    note = await services.after_run.process(athlete.id, run_id, notify=False)
    if note is not None:
        lines.append(note.text)
    return Reply(text="\n".join(lines), plan_changed=bool(note and note.plan_changed))
