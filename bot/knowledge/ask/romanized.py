"""Korean typed in Latin letters ("paek kang hyuk baeu nugu?", "sijeun 3 do hwakjeong dwaesseo?"): the common
question words and nouns as Hangul, so the Korean cues and Hangul text read them.

Generic Korean, not about the show: names are left to the entity linker, which already forgives romanization.
A question is read this way only when it holds at least `MIN_SIGNS` words that are clearly Korean.
"""

from __future__ import annotations

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
gihan:기간 gigan:기간 jaemi:재미 jaemiisseo:재밌어 chucheon:추천 jangreu:장르 jangneu:장르
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
