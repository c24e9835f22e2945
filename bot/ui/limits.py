"""Discord's size limits and the one truncation helper every user-visible string goes through."""

from __future__ import annotations

MESSAGE_CONTENT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBED_AUTHOR = 256
EMBED_TOTAL = 6000
BUTTON_LABEL = 80
CHOICE_NAME = 100
ELLIPSIS = "…"
SPOILER = "||"


def spoiler(text: str) -> str:
    """Hide text behind Discord's spoiler tags (tags inside it are removed so the pair stays whole)."""
    return f"{SPOILER}{text.replace(SPOILER, '')}{SPOILER}"


def truncate(text: str, limit: int) -> str:
    """Fit `text` into `limit` characters: cut on a word boundary, add an ellipsis, never split a spoiler.

    If the cut would leave a `||` open, the cut moves back to just before that spoiler began, so a reader
    never sees half a hidden sentence in the clear.
    """
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    cut = text[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ")
    if space >= len(cut) * 0.6:
        cut = cut[:space]
    if cut.endswith("|") and text[len(cut) : len(cut) + 1] == "|":
        cut = cut[:-1]  # the cut fell between the two bars of a "||"; drop the orphaned half
    if cut.count(SPOILER) % 2 == 1:
        cut = cut[: cut.rfind(SPOILER)]
    return cut.rstrip() + ELLIPSIS
