"""Checks Telegram HTML / MarkdownV2 / Markdown text the way the Bot API does and returns the visible text.

The rules and error wording follow tdlib's entity parser (the Bot API server wraps it), so a
reply with a stray ``<br>``, an unescaped ``.`` in MarkdownV2 or an odd ``_`` in legacy
Markdown fails here exactly as it would against api.telegram.org.
"""

from __future__ import annotations

import html
import re

# <br>, <p>, <div> are the classic mistakes: Telegram HTML is not web HTML.
_HTML_TAGS = {
    "a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
    "tg-emoji", "code", "pre", "blockquote", "tg-time",
}
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)?([^<>]*)(>?)")
_ENTITY_RE = re.compile(r"&(#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|lt;|gt;|amp;|quot;)")
_MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MDV2_ENTITY_NAMES = {
    "*": "Bold", "_": "Italic", "__": "Underline", "~": "Strikethrough", "||": "Spoiler",
    "`": "Code", "```": "Pre", "[": "TextUrl",
}


class MarkupError(ValueError):
    """The text would be refused with 400 "can't parse entities: <message>"."""


def _offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def visible_text(text: str, parse_mode: str | None) -> str:
    """The text a user would see; raise MarkupError when Telegram would refuse the markup."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return _parse_html(text)
    if mode == "markdownv2":
        return _parse_markdown_v2(text)
    if mode == "markdown":
        return _parse_markdown_legacy(text)
    if mode:
        raise MarkupError(f"Unsupported parse_mode {parse_mode!r}")
    return text


def _parse_html(text: str) -> str:
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "&":
            match = _ENTITY_RE.match(text, i)
            if match:
                out.append(html.unescape(match.group(0)))
                i = match.end()
                continue
            out.append(ch)  # tdlib keeps an undecodable '&' as a literal
            i += 1
            continue
        if ch != "<":
            out.append(ch)
            i += 1
            continue
        match = _TAG_RE.match(text, i)
        assert match is not None  # the pattern can match the bare "<"
        closing, name, attrs, end = match.group(1), (match.group(2) or ""), match.group(3), match.group(4)
        if not end:
            raise MarkupError(f"Unclosed start tag at byte offset {_offset(text, i)}")
        name = name.lower()
        if closing:
            if not stack:
                raise MarkupError(f"Unexpected end tag at byte offset {_offset(text, i)}")
            if name != stack[-1]:
                raise MarkupError(
                    f'Unmatched end tag at byte offset {_offset(text, i)}, expected "</{stack[-1]}>", '
                    f'found "</{name}>"'
                )
            stack.pop()
        else:
            if name not in _HTML_TAGS:
                raise MarkupError(f'Unsupported start tag "{name}" at byte offset {_offset(text, i)}')
            if name == "span" and "tg-spoiler" not in attrs:
                raise MarkupError('Tag "span" must have class "tg-spoiler" at byte offset '
                                  f"{_offset(text, i)}")
            if stack and stack[-1] in ("code", "pre") and not (stack[-1] == "pre" and name == "code"):
                raise MarkupError(f"Can't use entities inside {stack[-1]} at byte offset "
                                  f"{_offset(text, i)}")
            stack.append(name)
        i = match.end()
    if stack:
        raise MarkupError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def _parse_markdown_v2(text: str) -> str:
    out: list[str] = []
    stack: list[tuple[str, int]] = []  # (delimiter, index where it opened)
    i = 0
    at_line_start = True
    while i < len(text):
        ch = text[i]
        in_code = bool(stack) and stack[-1][0] in ("`", "```")
        if ch == "\\" and i + 1 < len(text) and 0 < ord(text[i + 1]) < 127:
            out.append(text[i + 1])
            i += 2
            at_line_start = False
            continue
        if in_code:
            delim = stack[-1][0]
            if text.startswith(delim, i):
                stack.pop()
                i += len(delim)
            else:
                out.append(ch)
                i += 1
            continue
        if ch == "`":
            delim = "```" if text.startswith("```", i) else "`"
            stack.append((delim, i))
            i += len(delim)
            continue
        if ch in "*~":
            i = _toggle(stack, ch, i, text)
            continue
        if ch == "_":
            delim = "__" if text.startswith("__", i) else "_"
            i = _toggle(stack, delim, i, text)
            continue
        if ch == "|" and text.startswith("||", i):
            i = _toggle(stack, "||", i, text)
            continue
        if ch == "[":
            stack.append(("[", i))
            i += 1
            continue
        if ch == "]" and any(d == "[" for d, _ in stack):
            i = _close_link(stack, text, i)
            continue
        if ch == ">" and at_line_start:
            i += 1
            continue
        if ch in _MDV2_RESERVED:
            raise MarkupError(
                f"Character '{ch}' is reserved and must be escaped with the preceding '\\'"
            )
        out.append(ch)
        at_line_start = ch == "\n"
        i += 1
    if stack:
        delim, start = stack[-1]
        raise MarkupError(
            f"Can't find end of {_MDV2_ENTITY_NAMES[delim]} entity at byte offset "
            f"{_offset(text, start)}"
        )
    return "".join(out)


def _toggle(stack: list[tuple[str, int]], delim: str, i: int, text: str) -> int:
    if stack and stack[-1][0] == delim:
        stack.pop()
    elif any(d == delim for d, _ in stack):
        open_delim, start = stack[-1]
        raise MarkupError(
            f"Can't find end of {_MDV2_ENTITY_NAMES[open_delim]} entity at byte offset "
            f"{_offset(text, start)}"
        )
    else:
        stack.append((delim, i))
    return i + len(delim)


def _close_link(stack: list[tuple[str, int]], text: str, i: int) -> int:
    delim, start = stack.pop()
    if delim != "[":
        raise MarkupError(
            f"Can't find end of {_MDV2_ENTITY_NAMES[delim]} entity at byte offset "
            f"{_offset(text, start)}"
        )
    if not text.startswith("(", i + 1):
        # "[x]" without a URL is a plain-text bracket, which MarkdownV2 wants escaped.
        raise MarkupError("Character '[' is reserved and must be escaped with the preceding '\\'")
    end = text.find(")", i + 2)
    if end == -1:
        raise MarkupError(f"Can't find end of a URL at byte offset {_offset(text, i + 1)}")
    return end + 1


def _parse_markdown_legacy(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in "_*`[":
            out.append(text[i + 1])
            i += 2
            continue
        if ch in "_*`[":
            delim = "```" if text.startswith("```", i) else ("]" if ch == "[" else ch)
            end = text.find(delim, i + (3 if delim == "```" else 1))
            if end == -1:
                raise MarkupError(
                    f"Can't find end of the entity starting at byte offset {_offset(text, i)}"
                )
            inner_start = i + (3 if delim == "```" else 1)
            out.append(text[inner_start:end])
            i = end + len(delim)
            if ch == "[" and text.startswith("(", i):
                close = text.find(")", i)
                i = close + 1 if close != -1 else i
            continue
        out.append(ch)
        i += 1
    return "".join(out)
