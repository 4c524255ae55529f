"""Telegram handlers: find the runner, ask the coach, send what it answers."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path

from telegram import Update
from telegram.constants import MessageLimit, ParseMode
from telegram.ext import ContextTypes

from bot.context import BotContext
from bot.files import import_document
from bot.render import keyboard, split_html
from bot.typing import keep_typing
from coach.conversation import TurnContext
from coach.domain.athletes import Athlete, IdentityKind
from coach.i18n import language_from_code, t
from coach.ports import Reply

log = logging.getLogger(__name__)
_TURN = TurnContext(channel="telegram")
MAX_CAPTION = MessageLimit.CAPTION_LENGTH


def _ctx(context: ContextTypes.DEFAULT_TYPE) -> BotContext:
    ctx: BotContext = context.bot_data["ctx"]
    return ctx


async def runner_for(ctx: BotContext, update: Update) -> Athlete | None:
    user = update.effective_user
    if user is None or user.is_bot:
        return None
    athlete, _ = await ctx.services.athletes.onboard(
        IdentityKind.TELEGRAM, str(user.id), display_name=user.first_name or str(user.id),
        language=language_from_code(user.language_code), handle=user.username)
    return athlete


async def send_reply(context: ContextTypes.DEFAULT_TYPE, chat_id: int, reply: Reply) -> None:
    only = reply.attachments[0] if len(reply.attachments) == 1 else None
    if (only is not None and only.kind == "photo" and not only.caption and not reply.buttons
            and len(reply.text) <= MAX_CAPTION):
        # A chart with its summary as the caption: the words sit right under the picture.
        data = await asyncio.to_thread(Path(only.path).read_bytes)
        await context.bot.send_photo(chat_id, data, caption=reply.text)
        return
    pieces = split_html(reply.text)
    markup = keyboard(reply.buttons)
    for i, piece in enumerate(pieces):
        # Buttons go under the last piece, where the runner's eyes end up.
        await context.bot.send_message(chat_id, piece, parse_mode=ParseMode.HTML,
                                       reply_markup=markup if i == len(pieces) - 1 else None)
    for attachment in reply.attachments:
        data = await asyncio.to_thread(Path(attachment.path).read_bytes)
        if attachment.kind == "photo":
            await context.bot.send_photo(chat_id, data, caption=attachment.caption)
        else:
            await context.bot.send_document(chat_id, data, caption=attachment.caption,
                                            filename=Path(attachment.path).name)


async def _answer(update: Update, context: ContextTypes.DEFAULT_TYPE,
                  work: Callable[[BotContext, Athlete], Awaitable[Reply]]) -> None:
    """Find the runner, do the work with the typing indicator on, send what it answers."""
    chat = update.effective_chat
    if chat is None:
        return
    ctx = _ctx(context)
    athlete = await runner_for(ctx, update)
    if athlete is None:
        return
    async with keep_typing(context.bot, chat.id):
        reply = await work(ctx, athlete)
        await send_reply(context, chat.id, reply)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or message.text is None:
        return
    text = message.text
    await _answer(update, context, lambda ctx, athlete: ctx.coach.respond(athlete, text, _TURN))


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A FIT / GPX / TCX file (or a zip of them): imported as runs, answered with the coach's note."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    document = message.document
    await _answer(update, context,
                  lambda ctx, athlete: import_document(ctx.services, athlete, document))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    # Answer first: the runner's client shows a spinner until we do.
    await query.answer()
    ctx = _ctx(context)
    athlete = await runner_for(ctx, update)
    if athlete is None or update.effective_chat is None:
        return
    async with keep_typing(context.bot, update.effective_chat.id):
        reply = await ctx.coach.press(athlete, query.data, _TURN)
        await send_reply(context, update.effective_chat.id, reply)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The one error handler: log with an incident id; the runner gets a short apology."""
    incident = secrets.token_hex(4)
    log.error("telegram handler failed (incident %s)", incident, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    user = update.effective_user
    language = language_from_code(user.language_code if user else None)
    try:
        await context.bot.send_message(update.effective_chat.id,
                                       t(language, "error", incident=incident))
    except Exception:
        log.warning("could not tell chat %s about incident %s", update.effective_chat.id, incident)
