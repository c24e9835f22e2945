"""Question frames that sit beside the intent cues: "who is X" with chatter after it, counting questions, and
the words of a question no cue read (`unexplained`).

A fan often asks a complete question and keeps typing: "who is baek kang-hyuk, like whats his deal", "박경원이
누구였더라 ㅠ 얼굴은 기억나는데". The trailing words are not a question about some attribute the data lacks; they
are chatter, and the profile answers the question. Only an attribute noun (height, wife, agency, 소속사...) in
them turns the question into one the profile must not pass for an answer to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.knowledge.ask.cues import Rules, korean_view
from bot.knowledge.ask.entities import Mention
from bot.knowledge.ask.normalize import STOPWORDS, Query
from bot.knowledge.model import Award
from bot.knowledge.names import KOREAN_PARTICLES, has_hangul, strip_particles

# English attribute nouns (stems as `unexplained` leaves them) that ask for something about a person.
_ATTRIBUTES_EN = """height tall weight age old birthday born blood type wife husband married marriage spouse
girlfriend boyfriend dating partner kids children child son salary pay paid agency label school university college
education degree family parents mother mom father dad hobby hobbies religion mbti instagram twitter hometown
nationality zodiac favorite favourite food car house money income military enlisted army contract address phone
shoe size weigh religious languages language"""
_ATTRIBUTES_KO = """키 몸무게 나이 생일 혈액형 아내 부인 와이프 남편 결혼 여친 남친 여자친구 남자친구 연애 열애
자녀 아들
연봉 소속사 학교 대학 학력 가족 부모 엄마 아빠 취미 종교 인스타 고향 국적 별자리 군대 입대 재산 출연료 집 차 돈 계약"""
ATTRIBUTES = frozenset(_ATTRIBUTES_EN.split()) | frozenset(_ATTRIBUTES_KO.split())

_WHO_BEFORE = {("who",), ("who", "is"), ("who", "was"), ("who", "are"), ("whos",), ("who", "exactly", "is")}
_FILLER = {"the", "dr", "doctor", "nurse", "prof", "professor", "chief", "again", "exactly"}
# Slang between "who" and "is": "who tf is X", "who the hell is X", "who even is X".
_SLANG = {"tf", "the", "hell", "heck", "fuck", "fk", "frick", "even", "actually", "exactly"}
# After a Hangul name: an optional particle, then the question word (백강혁 누구야, 박경원이 누구였더라).
# ...or a polite frame: 박경원은 어떤 인물인가요, 양재원에 대해 알려주세요, 한유림 소개해 주세요.
_WHO_AFTER_KO = re.compile(
    r"^(이|가|은|는|이가|이는|씨|님|씨가|님은|씨는|에)?(누구|누군|어떤(인물|사람|캐릭터|분|역할)|대해|알려|소개)"
)


def who_is(query: Query, mentions: list[Mention]) -> bool:
    """The question opens with "who is X" (or "X 누구", "X는 어떤 인물인가요") about a named person."""
    for m in mentions:
        if m.hangul:
            if _WHO_AFTER_KO.match(query.compact[m.end :]):
                return True
            continue
        before = [t for t in query.tokens[: m.start] if t not in _FILLER]
        if before and before[-1] in ("is", "was") and before[0] == "who" and set(before[1:-1]) <= _SLANG:
            return True
        if any(tuple(before[-len(frame) :]) == frame for frame in _WHO_BEFORE if len(before) >= len(frame)):
            return True
    return False


def asks_attribute(words: tuple[str, ...]) -> bool:
    """Some word left over is an attribute noun: "who is ju ji-hoon, how tall is he" asks for a height."""
    for word in words:
        if word in ATTRIBUTES or word.rstrip("s") in ATTRIBUTES:
            return True
        if any(len(a) >= 2 and word.startswith(a) for a in _ATTRIBUTES_KO.split()):
            return True
    return False


# Questions about the day of the week: "what day of the week did it drop", "무슨 요일에 공개됐어요".
WEEKDAY_EN = re.compile(r"\b(day of the week|weekday|what day|which day)\b")
WEEKDAY_KO = re.compile(r"요일")


def asks_weekday(query: Query) -> bool:
    return bool(WEEKDAY_EN.search(query.text) or WEEKDAY_KO.search(query.compact))


# "Was the hospital real or a set?": where it was filmed and where the story is set answer it together.
REAL_OR_SET_EN = re.compile(r"\b(real|actual)\b.*\bor (a |on a )?(set|sets|studio)\b|\b(a|on a|built) set\b")
REAL_OR_SET_KO = re.compile(r"(세트|세트장)")


def asks_real_or_set(query: Query) -> bool:
    return bool(REAL_OR_SET_EN.search(query.text) or REAL_OR_SET_KO.search(query.compact))


# The hour of the day: "what time did it drop", "몇 시에 공개", "공개 시간".
CLOCK_EN = re.compile(r"\bwhat (time|hour)\b|\b(at|by) what time\b|\b(drop|release|launch) time\b")
CLOCK_KO = re.compile(r"(몇시(?!간)|공개시간|공개시각|시간대|몇시쯤)")


def asks_clock_time(query: Query) -> bool:
    return bool(CLOCK_EN.search(query.text) or CLOCK_KO.search(query.compact))


# Cast changes for a sequel ("who is joining season 2", "is ha young leaving", "recast", "하차", "교체"): no source
# covers them, so a sequel question about one is answered with the official status, not confidently.
CAST_CHANGE_EN = re.compile(
    r"\b(leav\w*|left|quit\w*|replac\w*|recast\w*|drop(ped|ping|s)? out|new (cast|actors?|actress\w*|members?|"
    r"faces|characters?|cast members?)|join\w*|not (be )?(coming back|returning|back))\b"
)
CAST_CHANGE_KO = re.compile(
    r"(하차|교체|합류|새배우|새로운배우|새멤버|새얼굴|신규캐스팅|새캐릭터|안나와|안돌아|빠져|빠지)"
)


def asks_cast_change(query: Query) -> bool:
    return bool(CAST_CHANGE_EN.search(query.text) or CAST_CHANGE_KO.search(query.compact))


# Counting questions: "how many awards", "몇 개 받았어", "몇 관왕".
COUNT_EN = re.compile(r"\bhow many\b|\b(number|count|total) of\b")
COUNT_KO = re.compile(r"(몇개|몇관왕|몇번|몇가지|총몇|몇부문)")


def asks_count(query: Query) -> bool:
    return bool(COUNT_EN.search(query.text) or COUNT_KO.search(query.compact))


_EVENT_STOP_WORDS = "the annual awards award arts series international drama"
_EVENT_STOP = frozenset(_EVENT_STOP_WORDS.split())


def _event_keys(event: str, event_ko: str) -> tuple[str, str]:
    """The word that names an award show in each language: "baeksang", "blue"; "백상", "청룡", "서울"."""
    english = next((w for w in re.findall(r"[a-z]+", event.lower()) if len(w) >= 4 and w not in _EVENT_STOP), "")
    korean = re.sub(r"제\d+회|\d+|[()\s]", "", event_ko)[:2]
    return english, korean


def awards_asked(awards: Sequence[Award], query: Query) -> tuple[list[Award], str]:
    """The awards at the ceremony the question names ("청룡시리즈어워즈에서", "at the baeksang"), else all of
    them; and the event as the data names it ("" when none or several are named)."""
    named = []
    for award in awards:
        english, korean = _event_keys(award.event, award.event_ko)
        if (english and english in query.text) or (korean and korean in query.compact):
            named.append(award)
    events = {a.event for a in named}
    return (named, named[0].event) if len(events) == 1 else (list(awards), "")


# Words that only frame a question about someone ("tell me about", "what kind of person", "어떤 사람이야"): with
# nothing else left, the question is "who is X" and the profile answers it.
_FRAME_EN = """tell about info information profile bio biography background character characters person people guy
girl man woman lady doctor dr exactly again btw lol pls plz hey hi hello bot like describe explain mean kind type sort
oppa unnie onni hyung noona ssi nim show drama series kdrama name names full irl
omg ngl tbh bruh lmao lmfao lol haha hahaha hehe yo hii hiya hey ya yall thx ty tysm thanks thank please pls plz
quick question curious wondering wonder forgot forget remember anyone someone somebody can could again sorry dumb
stupid silly real ok okay so um uh hmm guys wait seriously srsly honestly literally confused idk dunno btw fyi
anyway anyways advance need help asking ask asked question here im if but because then before already maybe
probably posted even tf hell heck"""
# Korean framing, then question endings left when a rule reads 누구 out of 누구임, 누구냐...
_FRAME_KO = """누구 누군 누군지 누구임 누구지 누구예요 누구에요 누구냐 어떤 어떤사람
사람 인물 캐릭터 대해 대해서 알려줘 알려주세요 알려줄래 소개 소개해줘
정보 뭐 뭐야 뭐임 뭔데 설명 설명해줘 궁금 궁금해 궁금해요 얘기 이야기
해줘 씨 님 드라마 극중 극 이름 에 임 냐 지 니 나 인가 인가요 인지
이냐 이지 이니 예요 에요 입니까 이에요 이예요 혹시 근데 그런데 아 저기 질문 질문이요 질문있어요 궁금한데
갑자기 그냥 제발 부탁 부탁해 부탁해요 감사 감사합니다 고마워 고마워요 ㅇㅇ 헐 와 대박"""
# ...and Korean question words that carry any ending (누구얌, 누군데, 뭐임, 뭐였지, 알려줄래요).
_FRAME_KO_PREFIXES = ("누구", "누군", "뭐", "뭔", "무엇", "알려", "궁금", "소개", "설명", "어떤")
# Chat noise spelled in many ways: hiii, heyyy, plsss, lolll, hahaha, lmaooo, ㅋㅋㅋ, ㅠㅠ.
_CHATTER = re.compile(
    r"^(h+i+|he+y+|y+o+|pl+[sz]+|plea+se+|lo+l+|l+m+f*a+o+|(ha)+h?|(he)+h?|o+m+g+|x+d+|ty+|th+x+|bru+h+|"
    r"[\u1100-\u11ff\u3131-\u318e]+)$"
)
FRAME_WORDS = frozenset(_FRAME_EN.split()) | frozenset(_FRAME_KO.split())
_PARTICLES = frozenset(KOREAN_PARTICLES)


def _blank(text: str, patterns: Iterable[tuple[re.Pattern[str], float]]) -> list[str]:
    chars = list(text)
    for pattern, _weight in patterns:
        for match in pattern.finditer(text):
            for at in range(match.start(), match.end()):
                if chars[at] != " ":
                    chars[at] = "_"
    return chars


def unexplained(query: Query, rules: Rules, also_frame: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The words of a (name-masked) question that no intent rule read and that are not question framing.

    "how tall is _ _" leaves ("tall",) and "what is _ _ blood type" leaves ("blood", "type"): the question asks
    something about the person that no rule knows, so the engine must not answer with the person's profile.
    A character counts as read when either language's rules covered it.
    """
    english = _blank(query.text, [r for cues in rules["en"].values() for r in cues])
    korean = _blank(korean_view(query.text), [r for cues in rules["ko"].values() for r in cues])
    kept = ["_" if a == "_" or b == "_" else a for a, b in zip(english, korean, strict=True)]
    words = []
    spoken = query.text.split(" ")
    left = "".join(kept).split(" ")
    pieces = [
        piece
        for typed, rest in zip(spoken, left, strict=False)
        if not (has_hangul(typed) and typed.startswith(_FRAME_KO_PREFIXES))  # 누구얌, 누군데: a question word
        for piece in rest.replace("_", " ").split()
    ]
    for word in pieces:
        if _CHATTER.match(word):
            continue
        if has_hangul(word):
            # 은 left of 백강혁은 once the name is blanked, 임 of 누구임; 사람이야 is 사람 with an ending.
            stems = [word] if word in _PARTICLES else strip_particles(word, min_stem=1)
        elif len(word) < 2 or word.isdigit():
            continue
        else:
            stems = [word]
        if not any(w in _PARTICLES or w in STOPWORDS or w in FRAME_WORDS or w in also_frame for w in stems):
            words.append(stems[-1])
    return tuple(words)
