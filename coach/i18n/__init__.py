"""Message catalogues (Korean and English) and the one lookup every reply goes through."""

from __future__ import annotations

from coach.domain.athletes import Language
from coach.i18n import en, ko

_CATALOGUES: dict[Language, dict[str, str]] = {Language.EN: en.MESSAGES, Language.KO: ko.MESSAGES}


def t(language: Language | str, key: str, **values: object) -> str:
    """The message `key` in `language` (English when missing), with `values` filled in."""
    lang = Language(language) if language in ("en", "ko") else Language.EN
    template = _CATALOGUES[lang].get(key) or en.MESSAGES[key]
    return template.format(**values) if values else template


def has_key(key: str) -> bool:
    return key in en.MESSAGES


def language_from_code(code: str | None) -> Language:
    """Telegram's `language_code` (`ko`, `ko-KR`, `en-US`, ...) → a language we speak."""
    return Language.KO if code and code.lower().startswith("ko") else Language.EN


def weekday_name(language: Language | str, weekday: int) -> str:
    return t(language, "weekdays").split(",")[weekday]
