"""Every sentence exists in English; Korean uses the same keys and the same placeholders."""

from __future__ import annotations

import re
import string

from bot.i18n import catalog, language_of, t
from bot.i18n.commands import command_name
from bot.knowledge.loader import load_knowledge
from bot.news.ledger import seed_reports, summarize
from bot.ui.lookup import character_embed, episode_embed, series_embed


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_korean_keys_exist_in_english_with_the_same_placeholders():
    en, ko = catalog("en"), catalog("ko")
    assert set(ko) <= set(en), set(ko) - set(en)
    for key, text in ko.items():
        assert _placeholders(text) == _placeholders(en[key]), key


def test_locale_mapping_and_fallback():
    assert language_of("ko") == "ko"
    assert language_of("en-US") == "en"
    assert language_of("fr") == "en"
    assert language_of(None) == "en"
    assert t("errors.guild_only", "ko") == catalog("ko")["errors.guild_only"]
    assert t("lookup.series_title", "ko", title="a", title_ko="b") == "a (b)"  # English fallback


def test_korean_cards_use_the_korean_names_and_labels():
    knowledge = load_knowledge()
    sequel = summarize(seed_reports(knowledge))
    series = series_embed(knowledge, sequel, "ko")
    names = [f.name for f in series.fields]
    assert "공개일" in names and "연출" in names
    assert "2025년 1월 24일" in next(f.value for f in series.fields if f.name == "공개일")
    yang = character_embed(knowledge, knowledge.characters["yang-jae-won"], "ko")
    assert yang.title.startswith("Yang Jae-won (양재원)")
    assert any(f.name == "별명" and "항문" in f.value for f in yang.fields)
    final = episode_embed(knowledge.episodes[8], "ko")
    assert "환자명: 백강혁" in final.title


def test_korean_sentences_name_commands_the_way_a_korean_client_shows_them():
    """A Korean client lists /소식 구독, not /news subscribe, so a Korean hint must say /소식 구독."""
    english = re.compile(r"/(series|character|cast|episode|sequel|help|about|ask|news)\b")
    # the sandbox parses the English names typed in a terminal, so its hints keep them
    offending = {k: v for k, v in catalog("ko").items() if english.search(v) and not k.startswith("sandbox.")}
    assert offending == {}
    assert command_name("news.subscribe", "ko") == "/소식 구독"
    assert command_name("sequel", "en-US") == "/sequel"
