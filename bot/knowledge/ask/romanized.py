"""Korean typed in Latin letters ("paek kang hyuk baeu nugu?", "sijeun 3 do hwakjeong dwaesseo?"): the common
question words and nouns as Hangul, so the Korean cues and Hangul text read them.

Two ways in: a short table of generic Korean question words (below), and `Reader`, which knows every Hangul word
of the data and of the Korean cues by its romanization (Revised Romanization as pronounced, with the spellings
fans mix up folded together: eo/o, eu/u, ae/e, k/g, t/d, p/b, ch/j, l/r), so a word the table lacks
("daehak", "janggwan", "yeonghwa") is read as the data's Hangul word. Names are left to the entity linker, which
already forgives romanization, and so are the English words the data and the cues use. A question is read this
way only when it holds at least `MIN_SIGNS` words that are clearly Korean.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.knowledge.names import strip_particles

MIN_SIGNS = 2
# Romanized word -> Hangul (several spellings per word, as people type them).
_WORDS = """
nugu:누구 nuga:누가 nugunde:누군데 mwo:뭐 mwoya:뭐야 mwoyeyo:뭐예요 mueot:무엇 mwonde:뭔데 museun:무슨 musun:무슨
eotteon:어떤 otton:어떤 eoddeon:어떤 eonje:언제 onje:언제 eodi:어디 eodiseo:어디서 eodieseo:어디에서 wae:왜
eotteoke:어떻게 ottoke:어떻게 eottae:어때 myeot:몇 myot:몇 myeotgae:몇개 eolmana:얼마나
baeu:배우 bae-u:배우 yeokhal:역할 yeokal:역할 yeok:역 yeongi:연기 yeonki:연기 chulyeon:출연 chulyeonjin:출연진
ireum:이름 saram:사람 ganhosa:간호사 uisa:의사 gyosu:교수 gamdok:감독 jakga:작가 wonjak:원작 wonjakja:원작자
sosol:소설 soseol:소설 webtun:웹툰 geukbon:극본 daebon:대본 jakpum:작품 dareun:다른 dareungeo:다른거 chulyeonjak:출연작
sijeun:시즌 sizeun:시즌 sijun:시즌 hugpyeon:후속편 hwakjeong:확정 hwakjung:확정 gonggae:공개 gongae:공개
dongsi:동시 gaeguk:개국 gaegguk:개국 nara:나라 sunwi:순위 1wi:1위 ilwi:1위 1ho:1호 ilho:1호 hwa:화 hoe:회
sang:상 susang:수상 badasseo:받았어 badatseo:받았어 hubo:후보 chwaryeong:촬영 chwaryong:촬영 chwaryeongji:촬영지
byeongwon:병원 byungwon:병원 byeolmyeong:별명 byulmyung:별명 bulleo:불러 bureum:부름 gwangye:관계 sai:사이
seonggyeok:성격 songgyok:성격 nai:나이 saengil:생일 taeeonan:태어난 apa:아빠 appa:아빠 abeoji:아버지 ttal:딸
jugeo:죽어 jukneun:죽는 jugeun:죽은 salla:살아 sarasseo:살았어 kkeut:끝 majimak:마지막 gyeolmal:결말 ending:엔딩
naon:나온 nawasseo:나왔어 nawatseo:나왔어 isseo:있어 itseo:있어 isseoyo:있어요 maja:맞아 maji:맞지 matji:맞지
haesseo:했어 haetseo:했어 dwaesseo:됐어 dwaetseo:됐어 nongdam:농담 buja:부자 jeonmuui:전문의 siheom:시험 sihom:시험
junbi:준비 hwanja:환자 oesang:외상 oesangtim:외상팀 jeone:전에 oneun:오는 bwasseo:봤어 bwatseo:봤어 yeonjae:연재
gihan:기간 gigan:기간 jaemi:재미 jaemiisseo:재밌어 chucheon:추천 jangreu:장르 jangneu:장르 gwa:과
"""
ROMANIZED = dict(pair.split(":") for pair in _WORDS.split())
# Particles typed as words of their own ("flixpatrol eseo", "gamdok iran jakga"): dropped.
_PARTICLE_WORDS = "eseo eseoneun do neun eun ga i reul eul ui ra rago go ro euro hante rang irang iran ran"
PARTICLES = frozenset(_PARTICLE_WORDS.split())
# Words that show a Latin-letter question is Korean: every entry but the few that are also English words.
_AMBIGUOUS = frozenset({"sang", "sai", "nara", "hoe", "ending", "maja", "oneun", "hwa"})
_SIGNS = frozenset(ROMANIZED) - _AMBIGUOUS


def hangul(tokens: list[str]) -> list[str]:
    """The tokens with romanized Korean words in Hangul, when enough of them are clearly Korean; else as given."""
    if sum(t in _SIGNS for t in tokens) < MIN_SIGNS:
        return tokens
    return [ROMANIZED.get(t, t) for t in tokens if t not in PARTICLES]


# Revised Romanization of each jamo: initials, vowels, finals (a final as pronounced before a consonant).
_INITIALS = "g kk n d tt r m b pp s ss - j jj ch k t p h".split()  # noqa: SIM905
_VOWELS = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()  # noqa: SIM905
_FINALS = ["", *"k k k n n n t l k m l l l p l m p p t t ng t t k t p t".split()]  # noqa: SIM905
# ...and a final's sound carried over to a following vowel ("있어" -> "isseo", "받았어" -> "badasseo").
_LINKED = ["", *"g kk gs n nj nh d r lg lm lb ls lt lp lh m b bs s ss - j ch k t p -".split()]  # noqa: SIM905
_FOLDS = (("eo", "o"), ("eu", "u"), ("ae", "e"), ("ch", "j"), ("k", "g"), ("t", "d"), ("p", "b"), ("l", "r"))
_REPEATS = re.compile(r"(.)\1+")
_NOT_LATIN = re.compile(r"[^a-z]")
# A known word has two syllables or more: one syllable is too easily an English word's sound ("do", "go").
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]{2,}")


def key(latin: str) -> str:
    """A romanized word with the spellings fans mix up folded together ("cheongryong" and "chongryong")."""
    text = _NOT_LATIN.sub("", latin.lower())
    for spelled, folded in _FOLDS:
        text = text.replace(spelled, folded)
    return _REPEATS.sub(r"\1", text)


def romanize(word: str, sounded: bool = True) -> str:
    """A Hangul word in Revised Romanization as it sounds: a final before a vowel joins it, and 'ㄹ' after
    'ㅇ' or 'ㅁ' sounds 'n' ("청룡" -> "cheongnyong"; letter by letter without `sounded`: "cheongryong")."""
    syllables = [divmod(ord(ch) - 0xAC00, 28) for ch in word]
    out: list[str] = []
    for at, (rest, final) in enumerate(syllables):
        initial, vowel = divmod(rest, 21)
        lead = _INITIALS[initial].replace("-", "")
        if sounded and at and initial == 5 and syllables[at - 1][1] in (16, 21):  # ㄹ after ㅁ/ㅇ
            lead = "n"
        following = syllables[at + 1][0] // 21 if at + 1 < len(syllables) else -1
        tail = _LINKED[final].replace("-", "") if following == 11 else _FINALS[final]  # before ㅇ: linked
        out.append(lead + _VOWELS[vowel] + tail)
    return "".join(out)


class Reader:
    """Romanized Korean read as the Hangul words the bot knows (`words`: the data's and the cues' Hangul)."""

    def __init__(self, words: Iterable[str], keep: frozenset[str]) -> None:
        self.keep = keep  # Latin words never read as Korean: the data's English and names, the cues' words
        self.known: dict[str, str] = {}
        for word in words:
            for run in _HANGUL_WORD.findall(word):
                for found in strip_particles(run):  # "영화에" is known as "영화" too
                    for sounded in (True, False):
                        self.known.setdefault(key(romanize(found, sounded)), found)

    def word(self, latin: str) -> str | None:
        """The Hangul word a Latin-letter word spells, if the bot knows one."""
        if latin in self.keep or latin in PARTICLES or len(latin) < 3 or not latin.isalpha() or not latin.isascii():
            return None
        return self.known.get(key(latin))

    def hangul(self, tokens: list[str]) -> list[str]:
        """The tokens with romanized Korean in Hangul: the table's words, and any other word (or two typed
        apart, "yeon-gi", "sinin sang") that spells a known Hangul word, when enough are clearly Korean."""
        out: list[str] = []
        signs = 0
        at = 0
        while at < len(tokens):
            token = tokens[at]
            if token in ROMANIZED:
                out.append(ROMANIZED[token])
                signs += token in _SIGNS
                at += 1
                continue
            pair = tokens[at + 1] if at + 1 < len(tokens) else ""
            if pair and pair not in PARTICLES and (joined := self.word(token + pair)) and not self.word(token):
                out.append(joined)
                signs += 1
                at += 2
                continue
            if (found := self.word(token)) is not None:
                out.append(found)
                signs += 1
            else:
                out.append(token)
            at += 1
        if signs < MIN_SIGNS:
            return tokens
        return [t for t in out if t not in PARTICLES]
