"""Turns the coach's replies into Telegram messages: escaped HTML, split to size, keyboards."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from coach.ports import Button

MAX_TEXT = 4096


def to_html(text: str) -> str:
    """Coach text is plain; escape it so a `<` in a run title can't break HTML parse mode."""
    return html.escape(text, quote=False)


def split_message(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Pieces of at most `limit` characters, cut at paragraph, then line, then word breaks."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), -1)
        if cut < limit // 2:
            cut = window.rfind("\n")
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def split_html(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split plain text so that each escaped piece still fits Telegram's limit."""
    # Telegram counts characters after entity parsing, so the escaped `&lt;` counts as one;
    # splitting the plain text keeps escapes whole.
    return [to_html(piece) for piece in split_message(text, limit)]


def keyboard(rows: list[list[Button]]) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(b.label, callback_data=b.action[:64]) for b in row] for row in rows
    ])
