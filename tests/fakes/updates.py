"""Builders for Telegram Update JSON that python-telegram-bot 22 parses and dispatches.

Unlike the samples on core.telegram.org, every User carries ``is_bot`` and every Chat a
``type`` (PTB refuses updates without them), and commands carry a ``bot_command`` entity
(without it ``CommandHandler`` never fires).
"""

from __future__ import annotations

import itertools
import re
import secrets
import time
from typing import Any

_update_ids = itertools.count(10000)
_message_ids = itertools.count(1000)
_COMMAND_RE = re.compile(r"(?<![^\s])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])")


def utf16_len(text: str) -> int:
    """Entity offsets and lengths are counted in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def user(
    user_id: int = 42,
    first_name: str = "Ada",
    *,
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = "en",
    is_bot: bool = False,
) -> dict[str, Any]:
    data: dict[str, Any] = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
    if last_name:
        data["last_name"] = last_name
    if username:
        data["username"] = username
    if language_code:
        data["language_code"] = language_code
    return data


def private_chat(of_user: dict[str, Any]) -> dict[str, Any]:
    chat: dict[str, Any] = {"id": of_user["id"], "type": "private", "first_name": of_user["first_name"]}
    for key in ("last_name", "username"):
        if key in of_user:
            chat[key] = of_user[key]
    return chat


def group_chat(
    chat_id: int = -1001234567890, title: str = "Run club", chat_type: str = "supergroup"
) -> dict[str, Any]:
    return {"id": chat_id, "type": chat_type, "title": title}


def command_entities(text: str) -> list[dict[str, Any]]:
    """A ``bot_command`` entity for every ``/command`` (optionally ``@botname``) in the text."""
    return [
        {"type": "bot_command", "offset": utf16_len(text[: m.start()]), "length": utf16_len(m[0])}
        for m in _COMMAND_RE.finditer(text)
    ]


def message(
    *,
    text: str | None = None,
    from_user: dict[str, Any] | None = None,
    chat: dict[str, Any] | None = None,
    message_id: int | None = None,
    date: int | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A Message object (not an Update)."""
    sender = from_user or user()
    data: dict[str, Any] = {
        "message_id": message_id if message_id is not None else next(_message_ids),
        "date": date if date is not None else int(time.time()),
        "chat": chat or private_chat(sender),
        "from": sender,
    }
    if text is not None:
        data["text"] = text
        entities = command_entities(text)
        if entities:
            data["entities"] = entities
    data.update(fields)
    return data


def _update(kind: str, payload: dict[str, Any], update_id: int | None) -> dict[str, Any]:
    return {"update_id": update_id if update_id is not None else next(_update_ids), kind: payload}


def text_message(
    text: str,
    *,
    user_id: int = 42,
    first_name: str = "Ada",
    language_code: str | None = "en",
    username: str | None = None,
    chat: dict[str, Any] | None = None,
    update_id: int | None = None,
    message_id: int | None = None,
    date: int | None = None,
) -> dict[str, Any]:
    """An Update with a text message; ``/commands`` get their ``bot_command`` entities."""
    sender = user(user_id, first_name, username=username, language_code=language_code)
    payload = message(text=text, from_user=sender, chat=chat, message_id=message_id, date=date)
    return _update("message", payload, update_id)


def command(name: str, args: str = "", **kwargs: Any) -> dict[str, Any]:
    """``command("start")`` → an Update whose text is ``/start`` with its entity."""
    return text_message(f"/{name}" + (f" {args}" if args else ""), **kwargs)


def edited_text_message(text: str, *, message_id: int, **kwargs: Any) -> dict[str, Any]:
    update = text_message(text, message_id=message_id, **kwargs)
    edited = update.pop("message")
    edited["edit_date"] = int(time.time())
    update["edited_message"] = edited
    return update


def callback_query(
    data: str,
    *,
    user_id: int = 42,
    first_name: str = "Ada",
    language_code: str | None = "en",
    message: dict[str, Any] | None = None,
    bot_id: int = 123456789,
    query_id: str | None = None,
    update_id: int | None = None,
) -> dict[str, Any]:
    """An Update for a press on an inline button; ``message`` is the bot's message carrying it
    (e.g. ``fake.last_message(42).json``); by default a minimal bot message in the user's chat."""
    sender = user(user_id, first_name, language_code=language_code)
    if message is None:
        bot = user(bot_id, "RunCoach", is_bot=True, username="runcoach_test_bot", language_code=None)
        message = {"message_id": next(_message_ids), "date": int(time.time()),
                   "chat": private_chat(sender), "from": bot, "text": "…"}
    payload = {
        "id": query_id or str(secrets.randbits(63)),
        "from": sender,
        "chat_instance": str(-secrets.randbits(62)),
        "data": data,
        "message": message,
    }
    return _update("callback_query", payload, update_id)


def document_message(
    document: dict[str, Any],
    *,
    caption: str | None = None,
    user_id: int = 42,
    first_name: str = "Ada",
    language_code: str | None = "en",
    chat: dict[str, Any] | None = None,
    update_id: int | None = None,
) -> dict[str, Any]:
    """An Update with a document (use ``fake.add_document(...)`` so getFile can serve its bytes)."""
    sender = user(user_id, first_name, language_code=language_code)
    extra: dict[str, Any] = {"document": dict(document)}
    if caption:
        extra["caption"] = caption
    payload = message(from_user=sender, chat=chat, **extra)
    return _update("message", payload, update_id)
