"""A Korean client shows every command in Korean: the payload `python -m bot sync` sends carries a Korean
name and description for every command, subcommand, option and choice, and each name is one Discord accepts."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bot.i18n.commands import valid_name

KO = "ko"
SUBCOMMAND_TYPES = {1, 2}  # SUB_COMMAND, SUB_COMMAND_GROUP


def synced_payload(env) -> list[dict[str, Any]]:
    """The command list of the last bulk overwrite (PUT .../commands) the bot sent, as Discord received it."""
    [*_, request] = [r for r in env.http_requests if r.method == "PUT" and r.path.endswith("/commands")]
    return request.json


def walk(entries: list[dict[str, Any]], path: str = ""):
    """(path, entry, kind) for every command, subcommand, option and choice, depth first."""
    for entry in entries:
        here = f"{path} {entry['name']}".strip()
        kind = "command" if not path or entry.get("type") in SUBCOMMAND_TYPES else "option"
        yield here, entry, kind
        for choice in entry.get("choices", []):
            yield f"{here}={choice['value']}", choice, "choice"
        yield from walk(entry.get("options", []), here)


async def test_every_command_option_and_choice_has_a_valid_korean_localization(simcord_env, simcord_bot):
    await simcord_bot.sync_commands()
    payload = synced_payload(simcord_env)
    seen = list(walk(payload))
    assert {"news report status=rumor", "character name", "news subscribe"} <= {path for path, _, _ in seen}

    missing, invalid = [], []
    for path, entry, kind in seen:
        names = entry.get("name_localizations") or {}
        descriptions = entry.get("description_localizations") or {}
        if KO not in names or (kind != "choice" and KO not in descriptions):
            missing.append(path)
            continue
        if kind == "choice":
            if not 1 <= len(names[KO]) <= 100:
                invalid.append((path, names[KO]))
            continue
        if not (valid_name(entry["name"]) and valid_name(names[KO])):
            invalid.append((path, names[KO]))
        if not 1 <= len(descriptions[KO]) <= 100 or not 1 <= len(entry["description"]) <= 100:
            invalid.append((path, descriptions[KO]))
    assert missing == []
    assert invalid == []


async def test_korean_names_are_unique_where_discord_needs_them_to_be(simcord_env, simcord_bot):
    await simcord_bot.sync_commands()

    def clashes(entries: list[dict[str, Any]], where: str) -> list[str]:
        counts = Counter((e.get("name_localizations") or {}).get(KO) for e in entries)
        found = [f"{where}: {name}" for name, count in counts.items() if count > 1]
        for entry in entries:
            if entry.get("type", 1) in SUBCOMMAND_TYPES or not where:
                found += clashes(entry.get("options", []), f"{where} {entry['name']}".strip())
        return found

    assert clashes(synced_payload(simcord_env), "") == []


async def test_the_registered_commands_are_what_a_korean_fans_picker_reads(simcord_env, simcord_bot):
    """What Discord keeps after the sync (and hands a Korean client) names /character's option in Korean."""
    env = simcord_env
    await simcord_bot.sync_commands()
    registered = {c["name"]: c for c in env.backend.commands[None].values()}
    character = registered["character"]
    assert character["name_localizations"][KO] == "인물"
    assert character["description_localizations"][KO] == "등장인물 찾아보기"
    [name] = character["options"]
    assert (name["name"], name["name_localizations"][KO]) == ("name", "이름")
    assert name["description_localizations"][KO] == "인물 이름 (한국어나 영어)"
    news = registered["news"]
    report = next(o for o in news["options"] if o["name"] == "report")
    status = next(o for o in report["options"] if o["name"] == "status")
    assert {c["value"]: c["name_localizations"][KO] for c in status["choices"]}["statement"] == "공식 입장"


def test_discords_name_rule():
    assert valid_name("시즌2") and valid_name("reported_on") and valid_name("구독해제")
    assert not valid_name("Series")  # has a lowercase form
    assert not valid_name("소식 구독")  # no spaces
    assert not valid_name("")
    assert not valid_name("a" * 33)
    assert not valid_name("news!")
