"""The cue tables: for each intent, the English and Korean word rules that suggest it, each with a weight.

English rules run on the folded text (lower case, single spaces, apostrophe-s removed), and so do Korean
rules; a Korean rule may cross a space only where it writes " ?" (몇 ?부작 reads 몇 부작 and 몇부작), so a cue
word is never read out of two words (몇 주 연속 holds no 주연). A weight says how strongly the cue alone points at the
intent: head nouns ("screenwriter", "촬영지") weigh 5 to 8, context words ("hospital", "when") 1 to 2.
`intents.detect` scores a question with these tables.
"""

from __future__ import annotations

import re

# Words the rules spell out are not read as role words ("the budget guy"): keep rule words off the characters'
# descriptions (tests/unit checks the head words survive).
# Intents about a person (they need a linked character, actor or crew member).
CASTING = "casting"  # who plays X / whom does Y play
PROFILE = "profile"  # who is X
JOB = "job"
NICKNAME = "nickname"
RELATIONSHIP = "relationship"
YEARS = "years_on_team"
OTHER_WORKS = "other_works"
BIRTH = "birth"
# Intents about the show.
RELEASE = "release"
EPISODES = "episodes"
EPISODE = "episode"  # one episode by number
RUNTIME = "runtime"
WATCH = "where_to_watch"
GENRE = "genre"
DIRECTOR = "director"
WRITER = "writer"
ORIGINAL = "original_work"
AUTHOR = "author"
ARTIST = "webtoon_artist"
TRUE_STORY = "true_story"
FILMING = "filming"
SETTING = "setting"
PRODUCTION = "production"
AWARDS = "awards"
VIEWERSHIP = "viewership"
CRITIC_SCORE = "critic_score"
AGE_RATING = "age_rating"
CAST_LIST = "cast_list"
OPINION = "opinion"  # is it good, worth watching: what reviewers said, not the bot's taste
NOT_KNOWN = "not_known"  # pay, budget, private life: nothing in the data answers these, so say so
NOT_KNOWN_PERSON = "not_known_person"  # ...and what is unknown only of a real person ("dating")
SEQUEL = "sequel"

PERSON_INTENTS = frozenset({CASTING, PROFILE, JOB, NICKNAME, RELATIONSHIP, YEARS, OTHER_WORKS, BIRTH, AWARDS})

_EN: dict[str, list[tuple[str, float]]] = {
    CASTING: [
        (r"\bwho (plays|played|is playing|was playing|portrays?|portrayed|acts? as|acted as)\b", 3),
        (r"\b(played|portrayed) by\b", 3),
        (r"\b(actor|actress|actors)\b", 2),
        (r"\bcast as\b", 3),
        (r"\b(does|did) .+ (play|portray)\b", 3),
        (r"\bwhat (role|character)\b", 3),
        (r"\bwhich (role|character|part)\b", 3),
        (r"\b(role|character|plays?|playing|played)\b", 1),
        (r"\bin this\b", 1),
    ],
    PROFILE: [(r"\bwhos?\b", 1), (r"\btell me about\b", 2), (r"\bwho (is|was)\b", 1)],
    JOB: [
        (r"\b(job|jobs|department|dept|position|occupation|profession|specialty|specialization|title)\b", 3),
        (r"\bwhat kind of (doctor|surgeon)\b", 3),
        (r"\b(doctor|surgeon|physician)\b.*\bwhat (kind|type|sort)\b", 3),
        (r"\bwhat does .+ do\b", 3),
        (r"\b(role)\b", 1),
        (r"\b(resident|residency|intern|seniority)\b", 2),
        (r"\bwhat year\b", 2),
        # "a 4th year resident": a rank, not a time on the team
        (r"\b[1-9](st|nd|rd|th) ?years?\b|\b[1-9] ?years? resident\b", 4),
    ],
    NICKNAME: [
        (r"\bnick ?names?\b", 4),
        (r"\b(call|calls|called|calling)\b", 2),
        (r"\bknown as\b", 2),
        (r"\bwhy (does|do|did|is|was) .+ (call|calls|called|name|named)\b", 3),
    ],
    RELATIONSHIP: [
        (r"\b(relationship|relation|related|relations)\b", 4),
        (r"\bbetween\b", 2),
        (r"\b(connected|connection|linked|know each other|knew each other|get along|feel about|think of)\b", 4),
        (r"\b(history|bond|dynamic|chemistry) (with|between)\b", 4),
        (r"\b(mentor|disciple|protege|rival|boss|student|teacher|daughter|father)\b|\bprotégé", 1),
        (r"\bwho (is|was|are|were)\b.*(\b(mentors?|disciples?|proteges?|rivals?|boss|teachers?)\b|\bprotégé)", 2),
        (r"\bwho (is|was|are|were)\b.*\b(students?|colleagues?|ally|allies)\b", 2),
    ],
    YEARS: [(r"\bhow (long|many years)\b", 2), (r"\byears?\b", 2), (r"\b(on|in) the (trauma )?team\b", 1)],
    OTHER_WORKS: [
        (r"\bother (works?|dramas?|shows?|movies?|films?|roles?|projects?|series)\b", 4),
        (r"\bother ((web ?)?novels?|books?|webtoons?)\b", 4),
        (r"\bwhat else\b", 4),
        (r"\b(filmography|known for|been in|starred in|also in)\b", 4),
        (r"\bprevious (works?|dramas?|shows?)\b", 4),
        (r"\b(debut|debuted|debuting|first (drama|role|show|movie|film|acting job))\b", 5),
        (r"\bwas (he|she|they) (in|also in|the one in)\b|\b(he|she) was in\b", 4),
        # "what shows has X done before", "what dramas did X do", "what has X been in"
        (r"\b(done|did|do|made|acted in) (before|previously|earlier)\b|\bbefore (this|<title>)\b", 4),
        (r"\bwhat (shows?|dramas?|movies?|films?|series|kdramas?)\b.*\b(has|have|did|does|was|is)\b", 4),
    ],
    BIRTH: [(r"\b(born|birthday|birth|birthdate|how old|age)\b", 4)],
    RELEASE: [
        (r"\b(release|released|releases|come out|came out|comes out|premiere|premiered|aired|air|drop|dropped)\b", 3),
        (r"\brelease date\b", 4),
        (r"\b(day of the week|weekday|what day)\b", 4),
        (r"\b(released|available|launched|out) in (how many|which|what) countries\b", 6),
        (r"\bhow many countries\b.*\b(released|release|available|launched|out)\b", 6),
        (r"\b(all at once|at once|weekly|every week|each week|one a week|per week|drop all|binge drop)\b", 5),
        (r"\bwhen\b", 1),
    ],
    EPISODES: [
        (r"\bhow many (episodes|eps|ep|parts)\b", 5),
        (r"\b(number|count) of (episodes|eps)\b", 5),
        (r"\b(episodes|eps)\b", 1),
    ],
    EPISODE: [
        (r"\b(ep|episode|eps) ?[1-9]\b|\b[1-9](st|nd|rd|th) (ep|episode)\b", 4),
        (r"\b(first|last|final|opening) (ep|episode)\b|\b(finale|ending)\b|\bhow does (it|the show|the drama) end", 4),
        (r"\b(title|called|name)\b", 1),
        (r"\b(happen\w*|recap|plot|summary|summari[sz]e|story|spoil\w*|what goes on)\b", 2),
    ],
    RUNTIME: [
        (r"\b(runtime|run time|running time|minutes|mins|length)\b", 4),
        (r"\bhow long (is|are) (each |an |the |one )?(episode|ep|eps|episodes)\b", 5),
        (r"\bhow long\b", 1),
        (r"\b(eps?|episodes?)\b.*\b(long|short|shorter|longer|hours?|minutes?|mins)\b", 5),
        (r"\b(an|one|1) (hour|hr)\b|\bhours? each\b|\bhow many minutes\b", 4),
        (r"\b(total (runtime|length|hours)|in hours|how many hours|hours long|how long to (finish|watch|binge))\b", 5),
    ],
    WATCH: [
        (r"\bwhere (can|do|to|should|could) (i |we |you )?(watch|stream|see|find)\b", 5),
        (r"\b(stream|streaming|platform|watch)\b", 2),
        (r"\b(network|networks|channel|channels|broadcaster|broadcasting|tv station|streaming service|streamer)\b", 4),
        (r"\b(what|which) (service|app|site|website)\b", 4),
        (r"\bwhere (did|does|is|was) (it|this|the show|the drama) (air|airing|aired|broadcast|shown|show)\b", 5),
        (r"\b(tvn|jtbc|kbs|mbc|sbs|ena|disney|hulu|viki|kocowa|viu|prime video|amazon prime|tving|wavve|ott)\b", 3),
        (r"\b(<platform>)\b", 1),
    ],
    GENRE: [
        (r"\bgenres?\b", 5),
        (r"\bwhat (kind|type|sort) of (show|drama|series)\b", 5),
        (r"\b(comedy|action|medical drama|thriller)\b", 2),
    ],
    DIRECTOR: [(r"\b(direct|directed|director|directing|directs|pd)\b", 3)],
    WRITER: [
        (r"\b(screenwriter|screenwriters|script|scripts|screenplay|scriptwriter)\b", 6),
        (r"\b(wrote|writer|written|write|writes)\b", 3),
    ],
    ORIGINAL: [
        (r"\b(based on|original work|source material|adaptation|adapted|original story)\b", 3),
        (r"\b(webtoon|webtoons|web novel|manhwa)\b", 5),
        (r"\b(novel|comic|book|original)\b", 2),
    ],
    AUTHOR: [
        (r"\b(author|novelist|creator)\b", 4),
        (r"\bwrote the (original|novel|web novel|book|webtoon story)\b", 4),
    ],
    ARTIST: [(r"\b(drew|draws|drawn|artist|illustrator|illustrated|art by|drawing|art)\b", 4)],
    TRUE_STORY: [
        (r"\b(true story|real story|real events?|real life|based on a real|real person|real doctor|real surgeon)\b", 5),
        (r"\b(inspired by|inspiration|actually happen\w*|really happen\w*|fiction|fictional)\b", 3),
        (r"(?<!for )\breal\b(?! quick)", 3),  # not "real quick", "for real"
        (r"\bwho (is|was) .*(based on|modell?ed on|inspired by)\b|\bbased on .*\birl\b", 5),  # a person's model
    ],
    FILMING: [
        (r"\b(filmed|filming|film locations?|shoot|shooting)\b", 6),  # head words: they beat "hospital", "real"
        (r"\b(shot|locations?)\b", 4),
        (r"\b(real|actual)\b.*\bor (a |on a )?(set|sets|studio)\b|\b(a|on a|built) set\b", 6),
        (r"\b(did|do|does|was|were) (they|it|the show|the drama|this|the series) (film|shoot|shot)\b", 6),
        (r"\b(where|when|how) .*\b(film|films)\b", 4),
        (r"\bfilm (it|this|that|the show|the drama|the series|there|here|in)\b", 4),
        (r"\bwhere\b.*\bscenes?\b|\bscenes?\b.*\b(from|filmed|shot|film)\b", 4),
    ],
    SETTING: [
        (r"\b(which|what) hospital\b", 5),
        (r"\b(set in|setting|take place|takes place|work at|works at)\b", 4),
        (r"\bwhere (is|was|does) (it|this|the show|the drama|the series|the story) (set|take place|happen)\b", 5),
        (r"\bhospital\b", 1),
    ],
    PRODUCTION: [(r"\b(production compan\w*|produced|producer|producers|studio|production)\b", 4)],
    AWARDS: [
        (r"\b(awards?|<ceremony>|nominat\w*|prizes?|trophy|trophies)\b", 6),
        (r"\b(won|win|wins|winning)\b", 4),
    ],
    VIEWERSHIP: [
        (r"\b(views|viewership|viewers|popular|popularity|ratings|top ?10|top ten|chart|charts|hours viewed)\b", 4),
        (r"\b(number 1|no 1|hit|rank|ranked|ranking)\b", 3),
        (r"\b(how many|which) countries\b", 4),
        (r"\bviewed\b", 2),
        (r"\bhow many people\b", 3),
    ],
    CRITIC_SCORE: [(r"\b(rotten tomatoes|imdb|mydramalist|mdl|metacritic|score|tomatometer)\b", 6)],
    AGE_RATING: [
        (r"\b(age rating|rated|for kids|kid friendly|appropriate|15\+|fsk|family friendly|age limit)\b", 5),
        (
            r"\b(ok|okay|safe|suitable|fine|alright) (for|to watch for|to watch with) (a |my |the )?(kids?|children|"
            r"child|teens?|teenagers?|[1-9]\d?|family|minors?)\b",
            5,
        ),
        (r"\b(watch|see) (it |this )?with (my )?(kids|children|family|parents|mom|dad)\b", 5),
        (r"\b(gory|gore|graphic|bloody|violent|nsfw|too much blood|scary)\b", 4),
    ],
    OPINION: [
        (r"\bworth (it|watching|the watch|a watch|my time|the hype|bingeing|binging)\b", 5),
        (r"\bshould i (watch|start|binge|give it a)\b|\b(recommend|recommended|recommendation)\b", 5),
        (
            r"\b(is|was) (it|this|the show|the drama|this show|this drama|the series|<title>) "
            r"(any |really |actually )?(good|bad|fun|funny|boring|interesting|entertaining|overrated|great)\b",
            5,
        ),
        (r"\b(reviews?|reviewers|critics|reception|well received|praised)\b", 4),
    ],
    NOT_KNOWN: [],  # from data/lexicon.toml: see `rules`
    NOT_KNOWN_PERSON: [],
    CAST_LIST: [
        (r"\b(cast|cast list|lineup|line up|starring)\b", 3),
        (r"\b(main cast|full cast|who is in it|who are the actors|who stars|stars in)\b", 5),
        (
            r"\b(main|lead|leading) (actress|actresses|actors|leads|roles)\b|\bwho (else )?is in (it|this|the show)\b",
            5,
        ),
    ],
    SEQUEL: [
        (r"\b(season ?(2|3)|s ?(2|3)|sequel|sequels|renew\w*|next season|new season|another season|part 2)\b", 8),
        (r"\b(how many seasons|more seasons|other seasons|seasons|season two|second season|follow up)\b", 8),
    ],
}

_KO: dict[str, list[tuple[str, float]]] = {
    CASTING: [
        (r"(역은|역할은|역할을|역을|역할|배역|역 ?배우|역 ?누구|역이야|무슨 ?역|누구 ?역|어떤 ?역)", 3),
        # "백강혁 역 맞죠?", "양재원 역 송중기 맞나?": "역" standing alone after a name is the role
        (r"(?<![가-힣])역(?![가-힣])", 3),
        (r"(배우|연기|맡은|맡았|맡아|누가 ?했|나온 ?배우)", 2),
        (r"(누가 ?나와|누가 ?나오|누가 ?나옴|누가 ?나왔)", 5),  # with a character named: who plays them
    ],
    PROFILE: [(r"(누구|누군)", 1)],
    JOB: [
        (r"소속(?!사)", 6),
        (r"(직업|무슨 ?과|어느 ?과|무슨 ?의사|전공|직책|하는 ?일|뭐 ?하는|과야|과 ?의사|과였|과 ?출신)", 4),
        (r"(레지던트|몇 ?년 ?차|년 ?차 ?레지|인턴|펠로우)", 2),
        (r"[1-9] ?년 ?차", 4),
    ],
    NICKNAME: [(r"(별명|별칭|애칭|불러|부르|부름|부른|불림|불리|라고 ?불)", 4)],
    RELATIONSHIP: [(r"(관계|사이|스승|제자|아는 ?사이|친해|무슨 ?인연|인연)", 4)],
    YEARS: [(r"(몇 ?년|몇 ?해|년 ?차|얼마나 ?오래)", 4)],
    OTHER_WORKS: [
        (
            r"(다른 ?작품|출연작|필모|전작|작품 ?뭐|대표작|나온 ?작품|데뷔|말고 ?또|말고 ?뭐|말고 ?다른|또 ?뭐|뭐 ?또|"
            r"그 ?외에|외에 ?또)",
            5,
        ),
        (r"(에도 ?나왔|에도 ?나온|에서도 ?나왔|에도 ?출연|에 ?나왔던|에 ?나온|나왔던|출연했던|출연한 ?작품)", 5),
        (r"(딴 ?거|딴 ?작품|딴 ?드라마|딴 ?데|다른 ?거|다른 ?드라마|다른 ?영화)", 5),  # "딴거 뭐 나왔음": other works
    ],
    BIRTH: [(r"(나이|생일|몇 ?살|출생|태어|년생)", 5)],
    RELEASE: [
        (r"(공개|나왔|방영|개봉|출시|공개일)", 3),
        # "2024년 12월에 나온 거 맞죠?": a date, then "came out" (not "appeared in", an actor's other work)
        (r"[0-9] ?(년|월|일) ?(에|쯤에?|초에?|말에?)? ?(나온|나왔|나옴|나오|공개|풀린|풀렸)", 6),
        (r"요일", 4),
        (r"언제", 1),
        (r"(한 ?번에|한꺼번에|매주|풀렸|풀림|주마다|일주일마다|동시 ?공개|몰아서)", 5),  # all at once or weekly
    ],
    EPISODES: [(r"(몇 ?부|부작|몇 ?화|몇 ?회|회차|에피소드 ?몇|몇 ?편)", 5), (r"몇 ?개(?!국)", 2)],
    EPISODE: [
        (
            r"[1-9] ?(화|회|편|번째)|(첫 ?화|첫 ?회|첫 ?편|첫 ?에피|마지막 ?화|마지막 ?회|마지막 ?편|최종 ?화|최종 ?회|"
            r"결말|엔딩)",
            4,
        ),
        (r"제목", 1),
        (r"(내용|줄거리|요약|스포|무슨 ?일|어떻게 ?돼|어떻게 ?되)", 2),
    ],
    RUNTIME: [(r"(러닝 ?타임|몇 ?분|분량|상영 ?시간|한 ?편에|회당|몇 ?시간|총 ?시간|정주행 ?하려면)", 5)],
    WATCH: [
        (r"(어디서|볼 ?수|보는 ?곳|시청 ?가능|스트리밍|어디에서)", 5),
        (r"(방송사|방송국|채널|무슨 ?방송|어느 ?방송|플랫폼|어디 ?방송|티빙|웨이브|쿠팡)", 5),
        (r"(<platform_ko>)", 1),
    ],
    GENRE: [(r"(장르|코미디|무슨 ?드라마|어떤 ?드라마)", 5)],
    DIRECTOR: [(r"(감독|연출|피디)", 4)],
    WRITER: [(r"(극본|각본|대본)", 6), (r"(작가|썼)", 3)],
    ORIGINAL: [(r"(원작|웹툰|웹 ?소설)", 5), (r"(소설|만화)", 3)],
    AUTHOR: [(r"(원작자|원작 ?작가|소설 ?작가|웹 ?소설 ?작가|원작 ?쓴)", 5)],
    ARTIST: [(r"(그림|그렸|작화|그린|그림 ?작가)", 5)],
    TRUE_STORY: [
        (r"(실화|실제(?!로 ?(무슨|어떤|어느|뭐|몇|누구|어디))|실존|모델|모티브|모티프|롤 ?모델|영감|픽션)", 5)
    ],
    FILMING: [
        (r"(촬영지|촬영 ?장소|로케|세트장|세트)", 7),
        (r"촬영(?! ?감독)", 6),
        (r"(찍었|찍은|찍어|찍었어|찍음)", 5),
    ],
    SETTING: [(r"(배경|무슨 ?병원|어느 ?병원|어떤 ?병원|병원이 ?어디)", 4), (r"병원", 1)],
    PRODUCTION: [(r"(제작사|제작|만든 ?회사|스튜디오)", 4)],
    AWARDS: [
        (r"(수상|<ceremony_ko>|시상|어워즈|관왕)", 6),
        (r"(상 ?받|상을|상 ?탔|상 ?탄|후보|노미)", 4),
        (r"(받은 ?상|탄 ?상|무슨 ?상|어떤 ?상|상 ?뭐|상 ?몇|신인상|연기상|대상)", 4),
    ],
    VIEWERSHIP: [
        (r"(시청률|시청수|조회수|순위|인기|1위|흥행|몇 ?명이 ?봤)", 4),
        (r"(탑텐|탑 ?10|몇 ?개국|몇 ?나라|시청 ?시간|뷰수)", 4),
        # "1위 찍음": hit number one, not filmed
        (r"(1위|정상|순위|차트|탑 ?10|탑텐)(를|을|에)?.{0,6}(찍|했|먹|달성|올랐|차지)", 8),
    ],
    CRITIC_SCORE: [(r"(평점|로튼)", 6)],
    AGE_RATING: [
        (
            r"(관람 ?등급|등급|몇 ?세|연령|관람가|청불|청소년|애들|어린이|초등학생|중학생|잔인|징그|수위|선정적)",
            5,
        ),
        (r"(몇 ?살 ?부터|몇 ?세 ?부터|나이 ?제한|몇 ?살 ?이상|볼 ?수 ?있는 ?나이)", 8),
    ],
    CAST_LIST: [(r"(출연진|캐스트|출연 ?배우|배우들|누가 ?나와|등장인물|주연)", 5)],
    # "시즌 1" is this show: no sequel
    SEQUEL: [(r"(시즌 ?2|시즌 ?3|시즌투|후속|2기|다음 ?시즌|속편|시즌(?! ?1)|2탄|다음 ?편)", 8)],
    OPINION: [(r"(볼만|재밌|재미있|재미없|재밌나|꿀잼|노잼|추천|평가|반응|후기|호평|혹평|명작|띵작|수작)", 5)],
    NOT_KNOWN: [],
    NOT_KNOWN_PERSON: [],
}

# Korean rules read the spaced text with Latin letters hidden (same length, so positions still line up):
# "not the novel" must not read as "ott". A rule never runs across a space except where it writes one (" ?":
# fans type 몇 부작 and 몇부작), so "몇 주 연속" holds no 주연 (lead actor).
_LATIN = re.compile(r"[A-Za-z]")


def korean_view(text: str) -> str:
    return _LATIN.sub("·", text)


Rules = dict[str, dict[str, list[tuple[re.Pattern[str], float]]]]  # language -> intent -> (pattern, weight)


def rules(fills: dict[str, str], extra: Rules | None = None) -> Rules:
    """The cue tables compiled, with the show's own words filled in (`<title>`, `<platform>`, `<ceremony>`...:
    alternations built from data/ by `vocabulary.fills`) and the data's `extra` rules added."""

    def fill(pattern: str) -> str:
        for name, value in fills.items():
            pattern = pattern.replace(f"<{name}>", value or "(?!)")
        return pattern

    compiled: Rules = {
        # ASCII word boundaries: "season 2랑" still reads "season 2" (a Hangul particle is not part of the word)
        "en": {intent: [(re.compile(fill(p), re.ASCII), w) for p, w in cues] for intent, cues in _EN.items()},
        "ko": {intent: [(re.compile(fill(p)), w) for p, w in cues] for intent, cues in _KO.items()},
    }
    for language, by_intent in (extra or {}).items():
        for intent, more in by_intent.items():
            compiled[language].setdefault(intent, []).extend(more)
    return compiled


def words(compiled: Rules) -> list[str]:
    """Every pattern's source, for the speller's vocabulary."""
    return [p.pattern for by_intent in compiled.values() for cues in by_intent.values() for p, _ in cues]
