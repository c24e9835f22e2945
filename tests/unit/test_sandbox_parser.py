"""The sandbox reads lines the way people type slash commands in Discord (no discord objects here)."""

from __future__ import annotations

import pytest

from bot.sandbox.parse import (
    Click,
    CommandSpec,
    Help,
    LineError,
    Mention,
    OptionSpec,
    Quit,
    Show,
    Slash,
    SwitchChannel,
    SwitchPerson,
    parse_line,
)

STATUSES = tuple((s, s) for s in ("rumor", "report", "statement", "confirmed", "denied", "cancelled"))
COMMANDS = [
    CommandSpec(("series",)),
    CommandSpec(("character",), (OptionSpec("name", min_value=1, max_value=100),)),
    CommandSpec(("episode",), (OptionSpec("number", "integer", min_value=1, max_value=8),)),
    CommandSpec(("ask",), (OptionSpec("question"),)),
    CommandSpec(
        ("news", "report"),
        (
            OptionSpec("outlet"),
            OptionSpec("claim"),
            OptionSpec("status", choices=STATUSES),
            OptionSpec("url", required=False),
            OptionSpec("reported_on", required=False),
        ),
    ),
    CommandSpec(("news", "subscribe"), (OptionSpec("channel", "channel"), OptionSpec("role", "role", required=False))),
    CommandSpec(("news", "unsubscribe")),
    CommandSpec(("poll",), (OptionSpec("open", "boolean"), OptionSpec("weight", "number", required=False))),
]


def slash(line: str) -> Slash:
    action = parse_line(line, COMMANDS)
    assert isinstance(action, Slash)
    return action


def error(line: str) -> str:
    with pytest.raises(LineError) as caught:
        parse_line(line, COMMANDS)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_command_with_one_option():
    action = slash("/character name: Baek Kang-hyuk")
    assert action.command.name == "character"
    assert action.values == {"name": "Baek Kang-hyuk"}


def test_a_command_without_options():
    assert slash("/series").values == {}


def test_values_keep_spaces_and_colons_that_are_not_option_names():
    action = slash("/news report outlet: Xportsnews claim: S2 and S3: filming together status: report")
    assert action.command.name == "news report"
    assert action.values == {"outlet": "Xportsnews", "claim": "S2 and S3: filming together", "status": "report"}


def test_options_in_any_order_and_optional_ones():
    action = slash("/news report status: rumor claim: a rumor url: https://example.org/x outlet: Somewhere")
    assert action.values == {
        "status": "rumor",
        "claim": "a rumor",
        "url": "https://example.org/x",
        "outlet": "Somewhere",
    }


def test_an_option_name_repeated_inside_a_value_the_last_one_wins():
    action = slash("/news report outlet: X claim: the status: unclear status: report")
    assert action.values["claim"] == "the status: unclear"
    assert action.values["status"] == "report"


def test_integer_conversion_and_range():
    assert slash("/episode number: 3").values == {"number": 3}
    assert "1 and 8" in error("/episode number: 9")
    assert "whole number" in error("/episode number: three")


def test_boolean_and_number():
    assert slash("/poll open: yes weight: 2.5").values == {"open": True, "weight": 2.5}
    assert "yes or no" in error("/poll open: maybe")
    assert "number" in error("/poll open: no weight: heavy")


def test_channel_role_and_person_mentions():
    action = slash("/news subscribe channel: #news role: @Sequel-Pings")
    assert action.values == {"channel": Mention("channel", "news"), "role": Mention("role", "sequel-pings")}
    assert slash("/news subscribe channel: news").values["channel"] == Mention("channel", "news")


def test_choices_match_case_insensitively_and_list_the_allowed_ones():
    assert slash("/news report outlet: X claim: y status: Confirmed").values["status"] == "confirmed"
    message = error("/news report outlet: X claim: y status: maybe")
    assert "rumor" in message and "cancelled" in message


def test_a_bare_value_goes_to_the_only_option():
    assert slash("/character Baek Kang-hyuk").values == {"name": "Baek Kang-hyuk"}
    assert slash("/episode 3").values == {"number": 3}


def test_quotes_around_a_value_are_dropped():
    assert slash('/ask question: "who plays the nurse"').values == {"question": "who plays the nurse"}


def test_command_names_are_case_insensitive():
    assert slash("/News Subscribe channel: #news").command.name == "news subscribe"


def test_unknown_command_suggests_the_closest():
    message = error("/charcter name: Baek")
    assert "/charcter" in message and "/character" in message


def test_missing_required_option_names_it_and_shows_usage():
    message = error("/news report outlet: Xportsnews claim: filming")
    assert "status:" in message and "/news report outlet: claim: status:" in message


def test_unknown_option_names_the_real_ones():
    message = error("/character nam: Baek")
    assert "nam:" in message and "name:" in message


def test_group_without_subcommand_lists_them():
    message = error("/news")
    assert "report" in message and "subscribe" in message and "unsubscribe" in message


def test_empty_value():
    assert "outlet:" in error("/news report outlet: claim: x status: report")


def test_text_that_fits_no_option():
    assert "name: value" in error("/news report Xportsnews says so")


def test_too_long_text():
    assert "100" in error("/character name: " + "x" * 101)


def test_sandbox_lines():
    assert parse_line("as mod", COMMANDS) == SwitchPerson("mod")
    assert parse_line("as @Fan", COMMANDS) == SwitchPerson("fan")
    assert parse_line("in #news", COMMANDS) == SwitchChannel("news")
    assert parse_line("click Publish", COMMANDS) == Click("Publish")
    assert parse_line("click [Actor: Ju Ji-hoon]", COMMANDS) == Click("Actor: Ju Ji-hoon")
    assert parse_line("show #news", COMMANDS) == Show("news")
    assert parse_line("help", COMMANDS) == Help()
    assert parse_line("quit", COMMANDS) == Quit()
    assert parse_line("   ", COMMANDS) is None
    assert parse_line("# a comment", COMMANDS) is None


def test_anything_else_gets_one_helpful_line():
    assert "/" in error("hello bot")
    assert "/series" in error("/")
