"""Message catalogues (Korean and English) and the one lookup every reply goes through."""

from __future__ import annotations

from datetime import date

from coach.domain.athletes import Language
from coach.domain.errors import CoachError
from coach.i18n import en, en_chat, ko, ko_chat

# Feature catalogues are merged in so each team keeps its messages in its own module.
_EN: dict[str, str] = {**en.MESSAGES, **en_chat.MESSAGES}
_CATALOGUES: dict[Language, dict[str, str]] = {Language.EN: _EN,
                                               Language.KO: {**ko.MESSAGES, **ko_chat.MESSAGES}}


def t(language: Language | str, key: str, **values: object) -> str:
    """The message `key` in `language` (English when missing), with `values` filled in."""
    lang = Language(language) if language in ("en", "ko") else Language.EN
    template = _CATALOGUES[lang].get(key) or _EN[key]
    return template.format(**values) if values else template


def error_text(language: Language | str, error: CoachError) -> str:
    """A core error in the runner's language: its catalogue entry, else its English message."""
    if error.key is None or language != Language.KO or not has_key(error.key):
        return error.message
    values = {k: format_day(language, v) if isinstance(v, date) else v
              for k, v in error.values.items()}
    try:
        return t(language, error.key, **values)
    except (KeyError, IndexError):
        return error.message


def format_day(language: Language | str, day: date) -> str:
    """`11/27(목)` in Korean, `Thu 27 Nov` in English."""
    name = weekday_name(language, day.weekday())
    if language == Language.KO:
        return f"{day.month}/{day.day}({name})"
    return f"{name} {day.day} {day.strftime('%b')}"


def has_key(key: str) -> bool:
    return key in _EN


def language_from_code(code: str | None) -> Language:
    """Telegram's `language_code` (`ko`, `ko-KR`, `en-US`, ...) → a language we speak."""
    return Language.KO if code and code.lower().startswith("ko") else Language.EN


def weekday_name(language: Language | str, weekday: int) -> str:
    return t(language, "weekdays").split(",")[weekday]
