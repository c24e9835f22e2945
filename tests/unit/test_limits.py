"""Truncation and the embed builder keep every message inside Discord's limits."""

from __future__ import annotations

import pytest

from bot.ui import limits
from bot.ui.embeds import Field, build_embed
from bot.ui.limits import spoiler, truncate


def test_short_text_is_untouched():
    assert truncate("Baek Kang-hyuk", 50) == "Baek Kang-hyuk"


def test_cut_on_a_word_boundary_with_an_ellipsis():
    text = "the trauma team works through the night again " * 10
    out = truncate(text, 60)
    assert len(out) <= 60
    assert out.endswith("…")
    assert not out[:-1].endswith(" ")
    assert text.startswith(out[:-1])
    assert out[:-1].split()[-1] in {"the", "trauma", "team", "works", "through", "night", "again"}


@pytest.mark.parametrize("limit", range(5, 120))
def test_never_splits_a_spoiler_pair(limit):
    text = "Intro words here. " + spoiler("Baek becomes the patient in the finale") + " and more after it"
    out = truncate(text, limit)
    assert len(out) <= limit
    assert out.count("||") % 2 == 0
    assert "finale" not in out or "||Baek becomes the patient in the finale||" in out


def test_spoiler_helper_keeps_one_pair():
    assert spoiler("a || b") == "||a  b||"


def test_embed_builder_enforces_every_limit():
    embed = build_embed(
        title="T" * 400,
        description="word " * 2000,
        fields=[Field(f"name {i} " * 60, "value " * 400) for i in range(40)],
        footer="f" * 3000,
    )
    assert len(embed.title) <= limits.EMBED_TITLE
    assert len(embed.description or "") <= limits.EMBED_DESCRIPTION
    assert len(embed.fields) <= limits.EMBED_FIELDS
    assert all(
        len(f.name) <= limits.EMBED_FIELD_NAME and len(f.value) <= limits.EMBED_FIELD_VALUE for f in embed.fields
    )
    assert len(embed.footer.text) <= limits.EMBED_FOOTER
    assert len(embed) <= limits.EMBED_TOTAL


def test_empty_fields_are_dropped():
    embed = build_embed(title="x", fields=[Field("Nicknames", ""), Field("Role", "surgeon")])
    assert [f.name for f in embed.fields] == ["Role"]
