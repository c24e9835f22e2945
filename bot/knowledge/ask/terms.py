"""Index terms of a text in either language, the same way for a question and for a candidate sentence.

English words are folded and stemmed (Snowball, through PyStemmer) after dropping words that carry no topic;
Hangul words lose their particles and are indexed both whole and as character bigrams, so 고소공포증 meets 고소공포
and 연재기간 meets 연재. Numbers stay as written ("190", "2023").

Measured before choosing (blind set 7 and the pinned sets, December 2026): kiwipiepy's morpheme analysis takes
1.2 s to load and 2.3 s more on its first sentence, over the 1 s start-up budget, and its model wheel is 105 MB;
particle stripping plus bigrams reaches the same sentences here in microseconds.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

from bot.knowledge.names import fold, has_hangul, strip_particles

_STEMMER = Stemmer.Stemmer("english")
_TOKEN = re.compile(r"[a-z0-9]+|[\uac00-\ud7a3]+")
# Words that carry no topic in either language: question words, auxiliaries, pronouns, fillers.
_STOP_EN_WORDS = """a an the is are was were be been being am do does did done doing of for to in on at it its this that
these those there here what which who whom whose when where why how can could would will shall
should may might must i me my mine you your yours we us our they them their he him his she her hers
about any some and or but if then so just please tell know anyone guys really much also very like
lol lmao omg pls plz ok okay yeah yes no not hey hi thanks thank u ur im its isnt doesnt didnt wasnt
whats hows whos wheres even ever still actually again get got gets show drama series kdrama one ones
thing things stuff guy kind sort have has had having s q dumb wait wondering curious someone somebody
anything something everyone everybody right true did find found finding up during while with from by"""
STOP_EN = frozenset(_STOP_EN_WORDS.split())
_STOP_KO_WORDS = """뭐 뭐야 뭐예요 뭐에요 뭔데 뭐임 언제 어디 어디야 어떻게 왜 누구 누구야 누가 무슨 어떤 어느
있어 있어요 있나요 알려줘 알려주세요 좀 그 이 저 거 것 게 건 드라마 진짜 혹시 근데 그냥 했어
했음 해 해요 나와 나왔어 맞아 맞음 맞지 임 야"""
_STOP_KO = frozenset(_STOP_KO_WORDS.split())
# Question words and the commonest predicates carry no topic whatever ending they take (어디서, 언제였죠,
# 누가, 있었어요, 했대): a word starting with one is left out. "몇" keeps the counter after it (몇개국: 개국).
_QUESTION_KO_WORDS = "어디 언제 누구 누가 누군 뭐 뭔 무슨 무엇 어떤 어떻 어느 어케 왜 얼마"
_QUESTION_KO = tuple(_QUESTION_KO_WORDS.split())
_PREDICATE_KO_WORDS = """있었 있어 있나 있는 있다 있음 없어 없었 없나 없는 없다 했어 했나 했는 했다 했대 했음
하는 하나 해요 한거 된거 거야 거예 거에 건가 건지 거임 인가 인지 였어 였나 였죠 이었 였음 맞아 맞나 맞죠 맞지 맞음
아니 아닌 아냐 아님"""
_PREDICATE_KO = frozenset(_PREDICATE_KO_WORDS.split())
# One-syllable words that are never a topic on their own (a lone noun like 팬, 딸, 상 is).
_ONE_SYLLABLE_WORDS = (
    "이 그 저 거 것 게 건 걸 좀 잘 더 또 다 안 못 왜 뭐 몇 수 때 중 분 번 개 등 및 전 후 년 월 일 화 회 편 살 명"
)
_ONE_SYLLABLE_STOP = frozenset(_ONE_SYLLABLE_WORDS.split())


# Verb and adjective endings of a question (했어, 나왔음, 올랐나요...): the stem before them carries the topic.
_ENDING_WORDS = """었어요 았어요 했어요 였어요 었나요 았나요 했나요 인가요 는가요 었어 았어 했어 였어 었음 았음
했음 였음 었지 았지 했지 었냐 았냐 했냐 었다 았다 였다 했다 됐다 된다 한다 이다 어요 아요 나요 는데 던데
다던데 다며 래 냐 니 음 요 다 어 아 지 는 은 을 를 고 게 기 함 됨"""
_ENDINGS = tuple(sorted(_ENDING_WORDS.split(), key=len, reverse=True))


# Irregular English verb forms the stemmer leaves apart: "who sang it" must meet "is sung by".
_IRREGULAR_FORMS = """sang:sing sung:sing won:win wrote:write written:write drew:draw drawn:draw shot:shoot made:make
did:do done:do went:go gone:go came:come began:begin begun:begin got:get gotten:get took:take taken:take
saw:see seen:see gave:give given:give told:tell said:say left:leave fell:fall fallen:fall met:meet
became:become found:find thought:think brought:bring fought:fight led:lead ran:run hid:hide hidden:hide
died:die dying:die lying:lie lied:lie born:birth birthday:birth"""
_IRREGULAR = dict(pair.split(":") for pair in _IRREGULAR_FORMS.split())


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(_IRREGULAR.get(word, word)))


def _without_ending(stem: str) -> str:
    for ending in _ENDINGS:
        if stem.endswith(ending) and len(stem) - len(ending) >= 2:
            return stem[: -len(ending)]
    return stem


@lru_cache(maxsize=16384)
def hangul_terms(word: str) -> tuple[str, ...]:
    """A Hangul word as its particle-free stem and that stem's character bigrams."""
    if word.startswith("몇") and len(word) > 1:
        word = word[1:]
    elif word.startswith(_QUESTION_KO):
        return ()
    stem = _without_ending(strip_particles(word, min_stem=1)[-1])
    if stem in _STOP_KO or word in _STOP_KO or stem[:2] in _PREDICATE_KO:
        return ()
    if len(stem) < 2:  # a one-syllable noun typed as a word of its own (팬, 딸, 상, 키) carries the topic
        return (stem,) if len(word) <= 2 and stem not in _ONE_SYLLABLE_STOP else ()
    if len(stem) < 3:
        return (stem,)
    return (stem, *(stem[i : i + 2] for i in range(len(stem) - 1)))


def terms(text: str, stop: frozenset[str] = frozenset()) -> list[str]:
    """Index terms of `text`; `stop` adds words to leave out (the show's own title, say)."""
    found: list[str] = []
    for token in _TOKEN.findall(fold(text)):
        if has_hangul(token):
            found += [t for t in hangul_terms(token) if t not in stop]
        elif token not in STOP_EN and token not in stop and (len(token) > 1 or token.isdigit()):
            found.append(token if token.isdigit() else _stem(token))
    return found


# A date's parts as index terms: a year or day number, a month name's stem, the Korean unit words (년에, 12월).
_MONTH_WORDS = "january february march april may june july august september october november december"
_MONTHS = frozenset(_stem(m) for m in _MONTH_WORDS.split())
_DATE_KO = re.compile(r"^(년|월|일)(에|쯤|초|말|부터|까지|도)?$")


def is_date_term(term: str) -> bool:
    """Whether an index term is part of a date ("2024", "decemb", "년에"): what a question checking a date
    says, not a topic."""
    return term.isdigit() or term in _MONTHS or bool(_DATE_KO.match(term))
