"""A delivery's failure reason is stored as a key and parameters and read back in each reader's language."""

from __future__ import annotations

from bot.news.model import Reason


def test_a_reason_survives_the_database_and_reads_in_either_language():
    reason = Reason(
        "gave_up", {"attempts": 12}, cause=Reason("discord_code", {"status": 503, "text": "Unavailable", "code": 0})
    )
    stored = reason.encode()
    assert Reason.decode(stored) == reason
    assert str(Reason.decode(stored)) == "gave up after 12 attempts: 503 Unavailable (code 0)"
    assert Reason.decode(stored).render("ko") == "12번 시도한 뒤 그만뒀어요: 503 Unavailable (코드 0)"
    paused = Reason("server_paused", {"pause": "unknown_channel"})
    assert paused.render("ko") == "보내지 않음: 이 서버의 뉴스가 일시 중지되었어요 (그 채널이 삭제되었어요.)"


def test_text_an_older_version_stored_reads_as_it_was_and_a_newer_key_does_not_break_the_status():
    assert Reason.decode("") is None
    assert str(Reason.decode("connection problem: ClientOSError")) == "connection problem: ClientOSError"
    assert str(Reason.decode('{"key": "from_a_newer_version", "params": {}}')) == "from_a_newer_version"
    long = Reason("discord", {"status": 400, "text": "x" * 5000})
    assert len(long.encode()) < 400  # Discord's answer is kept to a few hundred characters
