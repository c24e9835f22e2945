"""Other shows and other people's words: the titles of shows the viewership records compare this one with
("Squid Game season 2"), and the sequel report a "who said ..." question quotes.

"did it beat squid game s2" is about the chart, not about a season 2 of this show; "who said it was made with
seasons 2 and 3 in mind" asks for the report that says so, not the general sequel status.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.knowledge.ask.normalize import Query, stem
from bot.knowledge.model import Knowledge
from bot.knowledge.names import fold, has_hangul
from bot.news.ledger import Report

# An English title in a viewership line: capitalised words before "season 2" or before a figure "(18.4M)".
_TITLE_EN = re.compile(r"((?:[A-Z][\w']*|in|of|the)(?: (?:[A-Z][\w']*|in|of|the))*?) (?:season \d|\(\d)")
_TITLE_KO = re.compile(r"'([^']+)'")
# ("who reported ..." is the sequel rules' "reported" focus: every press report.)
WHO_SAID_EN = re.compile(r"\bwho (said|says|claimed|claims|told|mentioned|hinted|stated)\b")
WHO_SAID_KO = re.compile(r"누가(말|했|그랬|언급|밝혔)")
# ...and any question about what someone said ("when did ju say it would be hard", "이낙준이 뭐라고 했어").
SAYS_EN = re.compile(r"\b(say|says|said|saying|joke|jokes|joked|tell|told|mention\w*|claim\w*|hint\w*|comment\w*)\b")
SAYS_KO = re.compile(r"(말했|말한|말해|말하|뭐라|언급|농담|밝혔|했대|했다던|그랬)")
# Words of a "who said" question that any sequel claim might use.
_QUOTE_WORDS = "the show drama was were with and that said who season seasons it is"
_QUOTE_STOP = frozenset(_QUOTE_WORDS.split())


def other_titles(knowledge: Knowledge) -> tuple[str, ...]:
    """Titles of other shows the viewership records name (folded English, Korean without spaces)."""
    own = {fold(t) for t in (knowledge.series.title, *knowledge.series.aliases)}
    platform = fold(knowledge.series.platform).split(" ")[0]
    titles: set[str] = set()
    for line in knowledge.series.viewership:
        for match in _TITLE_EN.finditer(line.text):
            title = fold(match[1])
            if len(title) >= 5 and title not in own and not title.startswith((platform, "korea", "week")):
                titles.add(title)
        for match in _TITLE_KO.finditer(line.text_ko):
            titles.add(fold(match[1]) if match[1].isascii() else match[1].replace(" ", ""))
    return tuple(sorted(titles))


def names_other(query: Query, titles: tuple[str, ...]) -> bool:
    """The question names another show the records name ("did it beat squid game s2", "squid game s2 views that
    week"): those shows are in the data only as the chart's neighbours, so the question is about the chart, and
    a season it names is theirs."""
    return any(f" {t} " in f" {query.text} " if t.isascii() else t in query.compact for t in titles)


_OUTLET_PARTS = re.compile(r"[:;,()/]|\bvia\b")
MIN_OUTLET = 4  # letters in an outlet's name part that can name it on its own ("ytn radio", not "tvn")


@lru_cache(maxsize=1024)
def _outlet_names(report: Report, platform: str) -> tuple[str, ...]:
    """The parts of a report's outlet that name it: "Xportsnews", "엑스포츠뉴스", "knowing bros"."""
    parts = [fold(p).replace(" ", "") if has_hangul(p) else fold(p) for p in _OUTLET_PARTS.split(report.outlet)]
    names = [p for p in parts if len(p) >= MIN_OUTLET and p != platform and not p.startswith("statement")]
    # "you quiz" names "You Quiz on the Block": the first two words of a longer name do too
    names += [" ".join(n.split()[:2]) for n in names if len(n.split()) > 2]
    return tuple(names)


def named_reports(
    query: Query, timeline: tuple[Report, ...] | list[Report], platform: str, platform_ko: str = ""
) -> list[Report]:
    """The reports whose outlet the question names ("what did xportsnews report", "유퀴즈에서 뭐라 했어"), that
    it names by their month ("the September 2025 report", "9월 보도에서"), or the platform's own official word
    when the question asks what the platform said ("넷플릭스 공식 입장 뭐야": not where to watch)."""
    text = f" {query.text} "
    dated = _dated(query)
    official = (f" {platform} " in text or bool(platform_ko and platform_ko in query.compact)) and bool(
        _STATEMENT_EN.search(text) or _STATEMENT_KO.search(query.compact)
    )
    return [
        r
        for r in timeline
        if any((n in query.compact) if has_hangul(n) else (f" {n} " in text) for n in _outlet_names(r, platform))
        or (dated and r.reported_on.month == dated[0] and dated[1] in (None, r.reported_on.year))
        or (official and r.status.is_official and fold(r.outlet).startswith(platform))
    ]


_STATEMENT_EN = re.compile(r"\b(statements?|announce\w*|officially|respon\w*|repl(y|ied|ies)|say|said|says)\b")
_STATEMENT_KO = re.compile(r"(입장|발표|답변|밝혔|반응|뭐라)")


_REPORT_EN = re.compile(r"\b(reports?|reported|articles?|story|exclusive|scoop)\b")
_REPORT_KO = re.compile(r"(보도|기사|단독)")
_MONTHS = "january february march april may june july august september october november december".split()  # noqa: SIM905
_MONTH_EN = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b")
_MONTH_KO = re.compile(r"(?<!\d)(1[0-2]|[1-9])월")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def _dated(query: Query) -> tuple[int, int | None] | None:
    """The month (and year) of a report the question names by its date, if it names a report at all."""
    if not (_REPORT_EN.search(query.text) or _REPORT_KO.search(query.compact)):
        return None
    if found := _MONTH_EN.search(query.text):
        month = _MONTHS.index(found[1]) + 1
    elif found := _MONTH_KO.search(query.compact):
        month = int(found[1])
    else:
        return None
    year = _YEAR.search(query.text)
    return month, int(year[1]) if year else None


@lru_cache(maxsize=1024)
def _claim_stems(claim: str) -> frozenset[str]:
    return frozenset(stem(w) for w in fold(claim).split())


def quoted_reports(
    query: Query, timeline: tuple[Report, ...] | list[Report], platform: str = "", platform_ko: str = ""
) -> list[Report]:
    """For "who said ...": the reports whose claim shares most (at least two) content words with the question;
    and any report whose outlet the question names."""
    named = named_reports(query, timeline, platform, platform_ko)
    who_said = bool(WHO_SAID_EN.search(query.text) or WHO_SAID_KO.search(query.compact))
    if not who_said and not (SAYS_EN.search(query.text) or SAYS_KO.search(query.compact)):
        return named  # words shared with a claim make it a quote only when the question is about words said
    words = {stem(w) for w in query.tokens if len(w) >= (3 if who_said else 4) and w not in _QUOTE_STOP}
    scored = []
    for report in timeline:
        claim = _claim_stems(report.claim)
        shared = len(words & claim)
        # "who said ..." needs two words of the claim; any other question, three ("when did ju say it would
        # be hard to go through the process again")
        if shared >= (2 if who_said else 3):
            scored.append((shared, report))
    if not scored:
        return named
    best = max(s for s, _ in scored)
    return [*named, *(r for s, r in scored if s == best and r not in named)]
