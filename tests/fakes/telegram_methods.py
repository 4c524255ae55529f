"""The fake Bot API's message and file methods: send, edit, delete, photos, documents, getFile."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from tests.fakes.telegram_checks import (
    CHAT_ACTIONS,
    MAX_CAPTION,
    MAX_DOCUMENT_BYTES,
    MAX_DOWNLOAD_BYTES,
    MAX_PHOTO_BYTES,
    MAX_TEXT,
    check_reply_markup,
    guess_mime,
    image_size,
)
from tests.fakes.telegram_types import (
    BotApiError,
    Params,
    SentMessage,
    UploadedFile,
    bad_request,
    check_text,
)

F = TypeVar("F", bound=Callable[..., Any])

def bot_method(name: str) -> Callable[[F], F]:
    """Mark a coroutine as the handler of Bot API method ``name`` (matched case-insensitively)."""

    def mark(fn: F) -> F:
        fn.bot_method_name = name  # type: ignore[attr-defined]
        return fn

    return mark


class MessageMethods:
    """Mixin for FakeBotApi; relies on the attributes declared below."""

    lock: threading.RLock
    bot_user: dict[str, Any]
    files: dict[str, tuple[dict[str, Any], bytes]]
    _messages: list[SentMessage]
    _by_key: dict[tuple[int | str, int], SentMessage]
    _last_message_id: dict[int | str, int]
    _blocked: set[int | str]
    _file_counter: int

    def chat_for(self, chat_id: int | str) -> dict[str, Any]:
        raise NotImplementedError

    # ---- files -------------------------------------------------------------------------------

    def register_file(
        self, data: bytes, *, kind: str, file_name: str | None = None, mime_type: str | None = None
    ) -> dict[str, Any]:
        """Store bytes under a new file_id; return the File-like JSON (file_id, unique id, size)."""
        with self.lock:
            self._file_counter += 1
            n = self._file_counter
        ext = (file_name or "").rpartition(".")[2] if file_name and "." in file_name else "bin"
        if kind == "photo":
            ext = "jpg"
        meta: dict[str, Any] = {
            "file_id": f"FAKE{kind[:3].upper()}-{n:06d}-AgACAgIAAxkBAAI",
            "file_unique_id": f"AQAD{n:06d}",
            "file_size": len(data),
            "file_path": f"{kind}s/file_{n}.{ext}",
        }
        if file_name:
            meta["file_name"] = file_name
        if mime_type:
            meta["mime_type"] = mime_type
        with self.lock:
            self.files[meta["file_id"]] = (meta, data)
        return meta

    def add_document(
        self, data: bytes, file_name: str, mime_type: str | None = None
    ) -> dict[str, Any]:
        """Register a user's document; return the Document JSON to put in a document update."""
        mime = mime_type or guess_mime(file_name)
        meta = self.register_file(data, kind="document", file_name=file_name, mime_type=mime)
        return {key: meta[key] for key in ("file_id", "file_unique_id", "file_name", "mime_type",
                                           "file_size")}

    @bot_method("getFile")
    async def _get_file(self, p: Params) -> Any:
        file_id = p.text("file_id")
        with self.lock:
            entry = self.files.get(file_id or "")
        if entry is None:
            raise bad_request("invalid file_id")
        meta, data = entry
        if len(data) > MAX_DOWNLOAD_BYTES:
            raise bad_request("file is too big")
        return {key: meta[key] for key in ("file_id", "file_unique_id", "file_size", "file_path")}

    # ---- sending -----------------------------------------------------------------------------

    def _reachable_chat(self, p: Params) -> int | str:
        """The call's chat, known to the fake and not blocked, as Telegram checks before sending."""
        chat_id = p.chat_id()
        self.chat_for(chat_id)
        if chat_id in self._blocked:
            raise BotApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def _store(
        self, p: Params, method: str, body: dict[str, Any], text: str | None,
        markup: dict[str, Any] | None, file: UploadedFile | None = None,
    ) -> dict[str, Any]:
        chat_id = p.chat_id()
        with self.lock:
            message_id = self._last_message_id.get(chat_id, 0) + 1
            self._last_message_id[chat_id] = message_id
            message: dict[str, Any] = {
                "message_id": message_id,
                "from": dict(self.bot_user),
                "chat": self.chat_for(chat_id),
                "date": int(time.time()),
                **body,
            }
            if markup is not None:
                message["reply_markup"] = markup
            sent = SentMessage(
                chat_id=chat_id, message_id=message_id, method=method, text=text,
                parse_mode=p.text("parse_mode"), reply_markup=markup, json=message, file=file,
            )
            self._messages.append(sent)
            self._by_key[(chat_id, message_id)] = sent
        return message

    @bot_method("sendMessage")
    async def _send_message(self, p: Params) -> Any:
        self._reachable_chat(p)
        text = p.text("text")
        shown = check_text(text, p.text("parse_mode"), limit=MAX_TEXT, caption=False)
        markup = check_reply_markup(p.get("reply_markup"))
        return self._store(p, "sendMessage", {"text": shown}, text, markup)

    def _upload(self, p: Params, field: str, kind: str) -> tuple[UploadedFile | None, dict[str, Any]]:
        value = p.input_file(field)
        if value is None:
            raise bad_request(f"there is no {field} in the request")
        if isinstance(value, str):
            with self.lock:
                known = self.files.get(value)
            if known is not None:
                return None, known[0]
            if re.match(r"^https?://", value):
                return None, self.register_file(b"", kind=kind, file_name=value.rsplit("/", 1)[-1])
            raise bad_request("wrong file identifier/HTTP URL specified")
        limit = MAX_PHOTO_BYTES if kind == "photo" else MAX_DOCUMENT_BYTES
        if len(value.data) > limit:
            raise bad_request("file is too big")
        if not value.data:
            raise bad_request("file must be non-empty")
        mime = value.content_type
        if kind == "document" and (not mime or mime == "application/octet-stream") and value.filename:
            mime = guess_mime(value.filename)
        meta = self.register_file(value.data, kind=kind, file_name=value.filename, mime_type=mime)
        return value, meta

    @bot_method("sendPhoto")
    async def _send_photo(self, p: Params) -> Any:
        self._reachable_chat(p)
        caption = p.text("caption")
        shown = check_text(caption, p.text("parse_mode"), limit=MAX_CAPTION, caption=True)
        markup = check_reply_markup(p.get("reply_markup"))
        upload, meta = self._upload(p, "photo", "photo")
        width, height = 800, 600
        if upload is not None:
            size = image_size(upload.data)
            if size is None:
                raise bad_request("IMAGE_PROCESS_FAILED")
            width, height = size
            if width + height > 10000 or max(width, height) > 20 * max(1, min(width, height)):
                raise bad_request("PHOTO_INVALID_DIMENSIONS")
        scale = min(1.0, 90 / max(width, height, 1))
        sizes = [
            {"file_id": meta["file_id"] + "-s", "file_unique_id": meta["file_unique_id"] + "s",
             "width": max(1, round(width * scale)), "height": max(1, round(height * scale)),
             "file_size": meta["file_size"]},
            {"file_id": meta["file_id"], "file_unique_id": meta["file_unique_id"], "width": width,
             "height": height, "file_size": meta["file_size"]},
        ]
        with self.lock:
            self.files[sizes[0]["file_id"]] = self.files[meta["file_id"]]
        body: dict[str, Any] = {"photo": sizes}
        if shown:
            body["caption"] = shown
        return self._store(p, "sendPhoto", body, caption, markup, upload)

    @bot_method("sendDocument")
    async def _send_document(self, p: Params) -> Any:
        self._reachable_chat(p)
        caption = p.text("caption")
        shown = check_text(caption, p.text("parse_mode"), limit=MAX_CAPTION, caption=True)
        markup = check_reply_markup(p.get("reply_markup"))
        upload, meta = self._upload(p, "document", "document")
        document = {key: meta[key] for key in ("file_id", "file_unique_id", "file_size")}
        for key in ("file_name", "mime_type"):
            if key in meta:
                document[key] = meta[key]
        body: dict[str, Any] = {"document": document}
        if shown:
            body["caption"] = shown
        return self._store(p, "sendDocument", body, caption, markup, upload)

    @bot_method("sendChatAction")
    async def _send_chat_action(self, p: Params) -> Any:
        self._reachable_chat(p)
        if p.text("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    # ---- editing -----------------------------------------------------------------------------

    def _find(self, p: Params, verb: str) -> SentMessage | None:
        if p.get("inline_message_id"):
            return None
        chat_id = p.chat_id()
        message_id = p.integer("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        with self.lock:
            sent = self._by_key.get((chat_id, message_id))
        if sent is None or sent.deleted:
            raise bad_request(f"message to {verb} not found")
        return sent

    @bot_method("editMessageText")
    async def _edit_message_text(self, p: Params) -> Any:
        sent = self._find(p, "edit")
        text = p.text("text")
        shown = check_text(text, p.text("parse_mode"), limit=MAX_TEXT, caption=False)
        markup = check_reply_markup(p.get("reply_markup"))
        if sent is None:
            return True  # inline messages answer True, not a Message
        if "text" not in sent.json:
            raise bad_request("there is no text in the message to edit")
        if shown == sent.json["text"] and markup == sent.reply_markup:
            raise bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        with self.lock:
            sent.text, sent.parse_mode, sent.reply_markup = text, p.text("parse_mode"), markup
            sent.edit_count += 1
            sent.json = {**sent.json, "text": shown, "edit_date": int(time.time())}
            sent.json.pop("reply_markup", None)
            if markup is not None:
                sent.json["reply_markup"] = markup
            return dict(sent.json)

    @bot_method("editMessageReplyMarkup")
    async def _edit_message_reply_markup(self, p: Params) -> Any:
        sent = self._find(p, "edit")
        markup = check_reply_markup(p.get("reply_markup"))
        if sent is None:
            return True
        if markup == sent.reply_markup:
            raise bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        with self.lock:
            sent.reply_markup = markup
            sent.edit_count += 1
            sent.json = {**sent.json, "edit_date": int(time.time())}
            sent.json.pop("reply_markup", None)
            if markup is not None:
                sent.json["reply_markup"] = markup
            return dict(sent.json)

    @bot_method("deleteMessage")
    async def _delete_message(self, p: Params) -> Any:
        chat_id = p.chat_id()
        message_id = p.integer("message_id")
        with self.lock:
            sent = self._by_key.get((chat_id, message_id or 0))
            if sent is None:
                # Users' own messages may be deleted too; the fake only knows ids it has seen.
                if message_id is None or message_id > self._last_message_id.get(chat_id, 0):
                    raise bad_request("message to delete not found")
                return True
            if sent.deleted:
                raise bad_request("message to delete not found")
            sent.deleted = True
        return True
