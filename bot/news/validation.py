"""Checking what a moderator typed before anything is written; each refusal is a sentence they can act on.

Text is cleaned before it is measured, stored or posted: control characters and the bidirectional overrides,
embeddings and isolates (which can make the rest of a post read backwards) are removed, and text with nothing
a reader can see (spaces, zero-width characters, Hangul and Braille fillers) counts as blank.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import unicodedata
from urllib.parse import SplitResult, urlsplit

from bot.errors import UserFacingError
from bot.i18n import Term, choice_names, option_name
from bot.news.bilingual import Bilingual
from bot.news.ledger import ReportStatus
from bot.news.model import ReportDraft

# A post is one embed: the claim is its description, the outlet sits in its title and fields. These leave room
# for the status line, the retraction note and the footer inside Discord's 4,096 / 6,000 character limits.
MAX_OUTLET = 100
MAX_CLAIM = 3000
MAX_URL = 500
MAX_REASON = 500
MAX_TITLE = 200
MAX_MESSAGE = 3500

# What moderators type that a Korean server may read in Korean (see bot/news/bilingual.py).
CLAIM = Bilingual("claim", MAX_CLAIM)
REASON = Bilingual("reason", MAX_REASON)

COMMAND = "news.report"  # whose options a refusal names, as the moderator's client lists them
URL_OPTION = option_name(COMMAND, "url")

# A Korean moderator's "today" is up to a day ahead of UTC; anything later is a typo (2062 for 2026) that would
# otherwise become the official status everywhere and outrank every real report.
MAX_DAYS_AHEAD = 1

# Embedding, override and isolate controls (LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI).
_BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
# Letters and symbols that draw nothing although Unicode does not class them as space or format characters:
# Hangul fillers (choseong, jungseong, compatibility, halfwidth), the blank Braille pattern, the combining
# grapheme joiner, Khmer inherent vowels, Mongolian variation selectors and the variation selectors.
_BLANK_LOOKALIKES = frozenset(
    chr(c)
    for c in (
        0x115F,
        0x1160,
        0x3164,
        0xFFA0,
        0x2800,
        0x034F,
        0x17B4,
        0x17B5,
        *range(0x180B, 0x1810),
        *range(0xFE00, 0xFE10),
        *range(0xE0100, 0xE01F0),
    )
)
# Separators, controls and format characters (zero-width space, joiners, word joiner, BOM, soft hyphen, ...).
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})
# Combining marks draw nothing without a letter to sit on.
_MARK_CATEGORIES = frozenset({"Mn", "Me"})
# Trimmed from both ends; the joiners and variation selectors are kept, since emoji end with them.
_TRIM = "".join(sorted({" ", "\u200b", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u2800", "\u3164", "\u115f"}))


def _kept(char: str) -> bool:
    """False for what is removed before storing: control characters (except the line break) and
    bidirectional controls."""
    if char == "\n":
        return True
    return char not in _BIDI_CONTROLS and unicodedata.category(char) != "Cc"


def _visible(char: str) -> bool:
    category = unicodedata.category(char)
    return not (category in _INVISIBLE_CATEGORIES or category in _MARK_CATEGORIES or char in _BLANK_LOOKALIKES)


def clean_text(value: str | None, *, field: Term, limit: int) -> str:
    """The text with control and bidi characters removed and ends trimmed; refused when nothing of it is
    visible, or when it is longer than `limit` characters. `field` names the option it came from (`option_name`)."""
    text = (value or "").replace("\r\n", "\n").replace("\t", " ")
    text = "".join(char for char in text if _kept(char))
    text = text.strip().strip(_TRIM).strip()
    if not any(_visible(char) for char in text):
        raise UserFacingError(key="news.blank", field=field)
    if len(text) > limit:
        raise UserFacingError(key="news.too_long", field=field, limit=limit, length=len(text))
    return text


def clean_pair(pair: Bilingual, command: str, text: str, text_ko: str | None) -> tuple[str, str]:
    """`pair`'s text and its Korean version ('' when not given) from `command`'s options, each cleaned like any
    text and refused by its own option's name."""
    return clean_text(text, field=option_name(command, pair.option), limit=pair.limit), clean_korean(
        pair, command, text_ko
    )


def clean_korean(pair: Bilingual, command: str, text_ko: str | None) -> str:
    """`pair`'s Korean version alone, cleaned ('' when not given)."""
    if text_ko is None:
        return ""
    return clean_text(text_ko, field=option_name(command, pair.korean), limit=pair.limit)


def _bad_url(text: str) -> UserFacingError:
    shown = "".join(char if _visible(char) or char == " " else "\N{REPLACEMENT CHARACTER}" for char in text[:100])
    return UserFacingError(key="news.bad_url", url=shown)


def _good_host(parts: SplitResult) -> bool:
    """A public web host: a bracketed IPv6 address (urlsplit checked it), an IPv4 address, or a domain name of
    at least two labels made of letters, digits and inner hyphens."""
    host = parts.hostname
    if not host:
        return False
    if parts.netloc.rpartition("@")[2].startswith("["):
        return True
    labels = host.removesuffix(".").split(".")
    if all(label.isdigit() for label in labels):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return False
        return True
    return (
        len(labels) >= 2
        and not labels[-1].isdigit()
        and all(
            0 < len(label) <= 63
            and not label.startswith("-")
            and not label.endswith("-")
            and all(char.isalnum() or char == "-" for char in label)
            for label in labels
        )
    )


def clean_url(value: str | None, *, field: Term = URL_OPTION) -> str:
    """'' when not given; otherwise an http(s) link to a host, with a valid port if any and no user name."""
    text = (value or "").strip()
    if not text:
        return ""
    if len(text) > MAX_URL:
        raise UserFacingError(key="news.too_long", field=field, limit=MAX_URL, length=len(text))
    if any(char.isspace() or unicodedata.category(char) in ("Cc", "Cf") for char in text):
        raise _bad_url(text)
    try:
        # urlsplit raises ValueError for a broken IPv6 literal, .port for a port that is not 1..65535
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise _bad_url(text) from None
    # A user name before the host (https://netflix.com@example.org) shows one site and opens another.
    if parts.scheme.lower() not in ("http", "https") or "@" in parts.netloc or port == 0 or not _good_host(parts):
        raise _bad_url(text)
    return text


def clean_date(value: str | None, *, today: dt.date) -> dt.date:
    """YYYY-MM-DD, a real calendar day, at most a day after `today`; today when not given."""
    text = (value or "").strip()
    if not text:
        return today
    try:
        if len(text) != 10:
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UserFacingError(key="news.bad_date", value=text[:40]) from None
    if day > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise UserFacingError(key="news.future_date", value=text)
    return day


def clean_status(value: str) -> str:
    try:
        return ReportStatus(value.strip().lower()).value
    except ValueError:
        raise UserFacingError(
            key="news.bad_status", value=value[:40], choices=choice_names("status", [s.value for s in ReportStatus])
        ) from None


def report_draft(
    *,
    outlet: str,
    claim: str,
    status: str,
    url: str | None,
    reported_on: str | None,
    today: dt.date,
    claim_ko: str | None = None,
) -> ReportDraft:
    """A validated report, or a UserFacingError naming the first thing to fix."""
    outlet = clean_text(outlet, field=option_name(COMMAND, "outlet"), limit=MAX_OUTLET)
    claim, claim_ko = clean_pair(CLAIM, COMMAND, claim, claim_ko)
    return ReportDraft(
        outlet=outlet,
        claim=claim,
        claim_ko=claim_ko,
        status=clean_status(status),
        url=clean_url(url, field=option_name(COMMAND, "url")),
        reported_on=clean_date(reported_on, today=today),
    )
