"""The fake Telegram Bot API answers python-telegram-bot 22 the way api.telegram.org does."""

from __future__ import annotations

import asyncio
import struct
import zlib
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from tests.fakes import updates
from tests.fakes.server import BackgroundServer, wait_for
from tests.fakes.telegram_api import FakeBotApi

pytest_plugins = ["tests.fakes.fixtures"]

FIT_FILE = (Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "activities"
            / "fit" / "python-fitparse__2015-10-13-08-43-15.fit")
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Easy run", callback_data="plan:easy"),
                                  InlineKeyboardButton("Rest", callback_data="plan:rest")]])


def make_png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x20\x80\xff" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def bot_for(fake: FakeBotApi) -> Bot:
    return Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url)


@pytest.fixture
async def bot(fake_telegram: FakeBotApi) -> AsyncIterator[Bot]:
    """An initialized Bot (its getMe already made) pointed at the fake."""
    async with bot_for(fake_telegram) as initialized:
        yield initialized


async def test_get_me_works_with_appended_token_and_with_token_template(fake_telegram: FakeBotApi):
    for base_url in (fake_telegram.base_url, fake_telegram.base_url_template):
        async with Bot(fake_telegram.token, base_url=base_url) as bot:
            assert bot.username == "runcoach_test_bot"
            assert bot.id == 123456789
    assert [(c.method, c.http_method, c.status) for c in fake_telegram.calls()] == [
        ("getMe", "POST", 200), ("getMe", "POST", 200)]


async def rejected_get_me(token: str, base_url: str) -> InvalidToken:
    """Call getMe on a Bot whose HTTP clients we own, so they are closed even when it fails."""
    request, updates_request = HTTPXRequest(), HTTPXRequest()
    bot = Bot(token, base_url=base_url, request=request, get_updates_request=updates_request)
    try:
        with pytest.raises(InvalidToken) as caught:
            await bot.get_me()
    finally:
        await request.shutdown()
        await updates_request.shutdown()
    return caught.value


async def test_token_already_in_base_url_is_appended_again_and_rejected(fake_telegram: FakeBotApi):
    await rejected_get_me(fake_telegram.token, f"{fake_telegram.url}/bot{fake_telegram.token}")
    assert fake_telegram.calls()[-1].status == 404


async def test_unknown_token_gets_telegrams_401(fake_telegram: FakeBotApi):
    error = await rejected_get_me("987654321:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                  fake_telegram.base_url)
    assert "Unauthorized" in str(error)
    assert fake_telegram.calls()[-1].response == {
        "ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_send_message_with_html_and_inline_keyboard(fake_telegram: FakeBotApi, bot: Bot):
    message = await bot.send_message(42, "<b>Easy run</b> &amp; stretch", parse_mode=ParseMode.HTML,
                                     reply_markup=KEYBOARD)
    assert message.chat.id == 42 and message.chat.type == "private"
    assert message.text == "Easy run & stretch"
    assert message.reply_markup is not None
    assert message.reply_markup.inline_keyboard[0][1].callback_data == "plan:rest"
    sent = fake_telegram.last_message(42)
    assert (sent.text, sent.parse_mode, sent.plain_text) == (
        "<b>Easy run</b> &amp; stretch", "HTML", "Easy run & stretch")
    assert [b["callback_data"] for b in sent.buttons] == ["plan:easy", "plan:rest"]
    call = fake_telegram.calls("sendMessage")[0]
    assert call.content_type.startswith("application/x-www-form-urlencoded")
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["text"] == "Easy run"


@pytest.mark.parametrize(("text", "parse_mode", "error"), [
    ("Tempo<br>then cool down", ParseMode.HTML, 'unsupported start tag "br"'),
    ("<b>10 km</i>", ParseMode.HTML, "unmatched end tag"),
    ("Run 10.5 km", ParseMode.MARKDOWN_V2, "character '.' is reserved"),
    ("easy_run today", ParseMode.MARKDOWN, "can't find end of the entity"),
    ("x" * 4097, None, "message is too long"),
])
async def test_text_telegram_refuses_is_a_bad_request(
    fake_telegram: FakeBotApi, bot: Bot, text: str, parse_mode: str | None, error: str
):
    with pytest.raises(BadRequest) as caught:
        await bot.send_message(42, text, parse_mode=parse_mode)
    assert error in str(caught.value).lower()
    assert fake_telegram.sent_messages(42) == []


async def test_length_limit_counts_visible_text_only(fake_telegram: FakeBotApi, bot: Bot):
    await bot.send_message(42, "<b>" + "가" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    await bot.send_message(42, r"Run 10\.5 km *easy*", parse_mode=ParseMode.MARKDOWN_V2)
    assert [len(m.plain_text) for m in fake_telegram.sent_messages(42)] == [4096, 16]


async def test_injected_429_becomes_retry_after_with_telegrams_body(
    fake_telegram: FakeBotApi, bot: Bot
):
    fake_telegram.rate_limit("sendMessage", retry_after=35)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(42, "hi")
    assert caught.value.retry_after in (35, timedelta(seconds=35))
    assert fake_telegram.calls("sendMessage")[-1].response == {
        "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 35",
        "parameters": {"retry_after": 35}}
    await bot.send_message(42, "hi again")  # the fault was for one call only
    fake_telegram.fail_parse_entities()
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(42, "fine text")
    fake_telegram.block_chat(7)
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(7, "hello?")
    assert [m.text for m in fake_telegram.sent_messages()] == ["hi again"]


async def test_send_photo_and_document_upload_their_bytes(fake_telegram: FakeBotApi, bot: Bot):
    png = make_png(40, 30)
    message = await bot.send_photo(42, png, caption="Weekly load")
    assert (message.photo[-1].width, message.photo[-1].height) == (40, 30)
    assert message.caption == "Weekly load"
    sent = fake_telegram.last_message(42)
    assert sent.file is not None and sent.file.data == png
    assert fake_telegram.calls("sendPhoto")[0].content_type.startswith("multipart/form-data")
    calendar = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    document = await bot.send_document(42, calendar, filename="plan.ics", caption="Your plan")
    assert document.document is not None and document.document.file_name == "plan.ics"
    assert document.document.mime_type == "text/calendar"
    uploaded = fake_telegram.last_message(42).file
    assert uploaded is not None and (uploaded.filename, uploaded.data) == ("plan.ics", calendar)
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(42, b"not an image at all")


async def test_user_document_is_downloadable_through_get_file(
    fake_telegram: FakeBotApi, bot: Bot
):
    data = FIT_FILE.read_bytes()
    document = fake_telegram.add_document(data, "morning.fit")
    fake_telegram.push_update(updates.document_message(document, caption="today"))
    [update] = await bot.get_updates(timeout=0)
    assert update.message is not None and update.message.document is not None
    assert update.message.document.file_name == "morning.fit"
    file = await bot.get_file(update.message.document.file_id)
    assert bytes(await file.download_as_bytearray()) == data
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("no-such-file")


async def test_get_updates_honours_offset_and_long_poll(fake_telegram: FakeBotApi, bot: Bot):
    first = fake_telegram.push_update(updates.command("start", first_name="지민", language_code="ko"))
    second = fake_telegram.push_update(updates.callback_query("plan:easy"))
    got = await bot.get_updates(timeout=0)
    assert [u.update_id for u in got] == [first["update_id"], second["update_id"]]
    assert got[0].message is not None and got[0].message.text == "/start"
    assert got[0].message.entities[0].type == "bot_command"
    assert got[0].effective_user is not None and got[0].effective_user.first_name == "지민"
    assert got[1].callback_query is not None and got[1].callback_query.data == "plan:easy"
    assert len(await bot.get_updates(timeout=0)) == 2  # nothing confirmed yet
    assert await bot.get_updates(offset=second["update_id"] + 1, timeout=0) == ()
    later = updates.text_message("how far today?")
    asyncio.get_running_loop().call_later(0.2, fake_telegram.push_update, later)
    [arrived] = await bot.get_updates(offset=second["update_id"] + 1, timeout=5)
    assert arrived.message is not None and arrived.message.text == "how far today?"


async def test_a_second_poller_ends_the_first_with_conflict(fake_telegram: FakeBotApi):
    async with bot_for(fake_telegram) as first_bot, bot_for(fake_telegram) as second_bot:
        first = asyncio.create_task(first_bot.get_updates(timeout=3))
        await fake_telegram.async_wait_for(lambda: fake_telegram.calls("getUpdates"))
        await second_bot.get_updates(timeout=0)  # a second bot process polls too
        with pytest.raises(Conflict, match="terminated by other getUpdates"):
            await first


async def test_webhook_set_info_conflict_and_delivery(fake_telegram: FakeBotApi, bot: Bot):
    received: list[tuple[dict[str, str], Any]] = []

    async def receive(request: Request) -> JSONResponse:
        received.append((dict(request.headers), await request.json()))
        return JSONResponse({})

    with pytest.raises(BadRequest, match="unallowed characters"):
        await bot.set_webhook("https://coach.example/tg", secret_token="has space")
    async with BackgroundServer(Starlette(routes=[Route("/tg", receive, methods=["POST"])])) as app:
        assert await bot.set_webhook(f"{app.url}/tg", secret_token="s3cr3t_Token-1",
                                     allowed_updates=["message", "callback_query"])
        info = await bot.get_webhook_info()
        assert info.url == f"{app.url}/tg" and info.allowed_updates == ("message", "callback_query")
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        response = await fake_telegram.adeliver_webhook(updates.command("plan"))
    assert response.status_code == 200
    [(headers, body)] = received
    assert headers["x-telegram-bot-api-secret-token"] == "s3cr3t_Token-1"
    assert headers["content-type"] == "application/json"
    update = Update.de_json(body, bot)
    assert update.message is not None and update.message.text == "/plan"
    assert await bot.delete_webhook()
    assert await bot.get_updates(timeout=0) == ()


async def test_edit_delete_callback_answer_chat_action_and_commands(
    fake_telegram: FakeBotApi, bot: Bot
):
    message = await bot.send_message(42, "Plan v1", reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("Plan v1", chat_id=42, message_id=message.message_id,
                                    reply_markup=KEYBOARD)
    edited = await bot.edit_message_text("Plan v2", chat_id=42, message_id=message.message_id)
    assert isinstance(edited, type(message)) and edited.text == "Plan v2" and edited.edit_date
    sent = fake_telegram.last_message(42)
    assert (sent.text, sent.edit_count, sent.buttons) == ("Plan v2", 1, [])
    assert await bot.delete_message(42, message.message_id)
    assert fake_telegram.sent_messages(42) == []
    assert fake_telegram.sent_messages(42, include_deleted=True)[0].deleted
    with pytest.raises(BadRequest, match="not found"):
        await bot.delete_message(42, message.message_id)
    assert await bot.answer_callback_query("4382bfdwdsb323b2d9", text="Saved")
    assert fake_telegram.callback_answers()[0]["text"] == "Saved"
    assert await bot.send_chat_action(42, ChatAction.TYPING)
    assert await bot.set_my_commands([("start", "Start"), ("plan", "This week's plan")])
    assert [c["command"] for c in fake_telegram.commands()] == ["start", "plan"]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([("Plan-Now", "capitals and dashes are refused")])


async def test_application_dispatches_built_command_and_callback_updates(fake_telegram: FakeBotApi):
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None and update.effective_user is not None
        await context.bot.send_message(update.effective_chat.id,
                                       f"Hi {update.effective_user.first_name}", reply_markup=KEYBOARD)

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer("Saved")
        await update.callback_query.edit_message_text(f"Chosen: {update.callback_query.data}")

    app = (ApplicationBuilder().token(fake_telegram.token).base_url(fake_telegram.base_url)
           .base_file_url(fake_telegram.base_file_url).build())
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        fake_telegram.push_update(updates.command("start", first_name="Ada"))
        [greeting] = await fake_telegram.async_wait_for_messages(42)
        fake_telegram.push_update(updates.callback_query("plan:easy", message=greeting.json))
        await fake_telegram.async_wait_for(lambda: fake_telegram.last_message(42).edit_count)
        await app.updater.stop()
        await app.stop()
    assert fake_telegram.last_message(42).text == "Chosen: plan:easy"
    assert fake_telegram.callback_answers()[0]["text"] == "Saved"
    assert fake_telegram.calls()[1].method == "deleteWebhook"  # start_polling clears any webhook


def test_update_builders_parse_in_ptb_including_group_and_addressed_commands():
    group = updates.group_chat()
    update = Update.de_json(updates.text_message("/plan@runcoach_test_bot next week", chat=group),
                            None)
    assert update.message is not None and update.effective_chat is not None
    assert update.effective_chat.type == "supergroup"
    entity = update.message.entities[0]
    assert (entity.type, entity.offset, entity.length) == ("bot_command", 0, 23)
    korean = updates.text_message("오늘은 쉬어요 /plan")
    assert korean["message"]["entities"] == [{"type": "bot_command", "offset": 8, "length": 5}]
    edited = Update.de_json(updates.edited_text_message("10 km easy", message_id=5), None)
    assert edited.edited_message is not None and edited.edited_message.edit_date is not None


def test_wait_for_gives_up_with_an_assertion_error():
    with pytest.raises(AssertionError, match="timed out"):
        wait_for(lambda: False, timeout=0.05, what="nothing")
