"""The words the question parser knows, written as data in one place.

Every phrase an MSP operator uses for a metric, a grouping, a ranking or a comparison lives here,
so teaching the parser a new way of speaking is a one-line change that cannot break the parsing
logic in rules.py. Patterns are matched against the lower-cased question.

Weights say how sure a phrase is about its metric: DEFINITE (the phrase names it: "labor cost"),
LIKELY (usually means it: "hours"), HINT (one of several readings: "cost"). A phrase that fits
several metrics lists each, so the parser can say what it was unsure of instead of guessing.

Choices stated once here:
- "which clients lose us money" is *profit* ascending, not margin: money lost is profit below 0,
  and a client with a small revenue and a big loss must rank first.
- "most/least profitable" is margin_pct: profitability is a rate.
- "who" means a technician for metrics that exist per technician (hours, labor cost,
  utilization), a vendor for money we pay out ("who did we pay the most": WHO_IS), and a client
  otherwise ("who owes us" is about clients).
- "worst"/"best" follow each metric's good direction (the registry's higher_is_better): the worst overspend is
  the highest budget variance, the worst margin the lowest.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from core.engine.metrics import by_precedence, forms

DEFINITE, LIKELY, HINT = 3.0, 2.0, 1.0

# The metric phrases and the fragments they are written with are data: phrases.toml.
_PHRASES = tomllib.loads(Path(__file__).with_name("phrases.toml").read_text(encoding="utf-8"))
_FRAGMENTS: dict[str, str] = _PHRASES["fragments"]
_LIC = _FRAGMENTS["LIC"]  # licence spellings, including the common misspellings
_STOP = _FRAGMENTS["STOP"]
_PCT = _FRAGMENTS["PCT"]
_HOW_MANY = _FRAGMENTS["HOW_MANY"]
_WEIGHTS = {"definite": DEFINITE, "likely": LIKELY, "hint": HINT}
_PLACEHOLDER = re.compile(r"\{\{(\w+)(?: (\d+))?\}\}")


def _gap(n: int) -> str:
    """Up to n filler words inside a phrase; never a word that starts a grouping or a second item."""
    return rf"(?:{_STOP}[\w'$-]+\s+){{0,{n}}}?"


def _words(pattern: str) -> re.Pattern[str]:
    """A pattern that starts and ends on word edges (works for '%' and '$' too)."""
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")


@dataclass(frozen=True)
class MetricPhrase:
    pattern: re.Pattern[str]
    weights: dict[str, float]
    # Direction of "more of what this phrase says": "lose money" ranks the lowest profit first,
    # so "loses the most money" is ascending profit.
    order: str | None = None
    # Whether the phrase ranks on its own: "who's overbooked" lists the busiest first, while
    # "which categories are over budget" is a plain listing.
    ranks: bool = False


def _expand(text: str) -> str:
    return _PLACEHOLDER.sub(lambda m: _gap(int(m[2])) if m[1] == "gap" else _FRAGMENTS[m[1]], text)


def _phrase(entry: dict) -> MetricPhrase:
    pattern = entry["pattern"] if isinstance(entry["pattern"], str) else "|".join(entry["pattern"])
    weights = {metric: _WEIGHTS[w] if isinstance(w, str) else float(w) for metric, w in entry["weights"].items()}
    return MetricPhrase(_words(_expand(pattern)), weights, entry.get("order"), entry.get("ranks", False))


METRIC_PHRASES: tuple[MetricPhrase, ...] = tuple(_phrase(entry) for entry in _PHRASES["phrase"])

# Views of the metric registry (core.engine.metrics) the reading uses, by what they tell it.
# A sum asked "as a percentage" is its rate; a money figure asked "how many" is its count.
PERCENT_FORMS = forms("percent")
COUNT_FORMS = forms("count")
MONEY_FORMS = forms("money")
RATE_FORMS = forms("rate")
# Money figures; asked "how many" without a count form they are declined, never answered in dollars.
MONEY_METRICS = tuple(m.name for m in by_precedence() if m.unit == "money")
# Sums of money, hours, seats or counts: an "average" of these is not something the product computes.
SUM_METRICS = tuple(m.name for m in by_precedence() if m.additive)
# Figures that are an amount per month already: "per month" is their unit, not a breakdown.
MONTHLY_FIGURES = tuple(m.name for m in by_precedence() if m.monthly)
# Balances owed at a moment: "today" or "right now" is that moment (the as-of date), not a day of invoices.
BALANCE_METRICS = tuple(m.name for m in by_precedence() if m.balance)
# Who "who" is where it is not a technician: the ones we pay for spend.
WHO_IS = {m.name: m.who for m in by_precedence() if m.who}
# "%" glued to the word before it ("gp%", "variance%") is a percentage sign too.
_GLUED_PCT = r"|(?<=[a-z])%(?!\w)"
PERCENT_WORD = re.compile(_words(_PCT).pattern + _GLUED_PCT)
MONTHLY_UNIT = _words(r"(?:per|each|every|a) month|monthly|/ ?mo(?:nth)?")
PERCENT_CUE = re.compile(_words(rf"(?:in )?{_PCT}(?: terms)?|what share|what proportion|(?:what|as a) fraction|as a share|ratio").pattern
                         + _GLUED_PCT)
# A rate or ratio right after a sum: its percentage form ("profit rate") or, without one, a figure the
# product does not hold ("labor rate", "hours ratio").
RATE_NOUN = _words(r"rates?|ratios?")
COUNT_CUE = _words(r"how many(?! (?:dollars|usd|euros|pounds))|number of"
                   rf"|(?:(?:seat|{_LIC}|invoice|client|customer)s? )?count(?: of)?")
MONEY_CUE = _words(r"how much|\$|dollars?|money|costs?|spend|worth")
# A unit named outright picks the money form of a rate: "least profitable in dollar terms" is the
# lowest profit, not the lowest margin.
AMOUNT_CUE = _words(r"\$|dollars?|usd|(?:in|by) (?:dollar|money|cash|absolute|\$) terms"
                    r"|(?:dollar|cash) (?:amounts?|values?|figures?)|in (?:dollars|usd|cash)")
# A unit said not to be wanted ("$ not %", "in dollars, not as a percentage"): that cue is ignored.
NOT_THIS_UNIT = re.compile(r"\b(?:not|no|rather than|instead of)\s+(?:in\s+|as\s+(?:an?\s+)?|an?\s+)?$", re.I)
AMOUNT_FORMS = {rate: amount for amount, rate in PERCENT_FORMS.items() if amount in MONEY_METRICS}
# "Per hour" turns money in into the effective rate; the hours it names are the divisor, not the figure.
PER_HOUR_CUE = _words(r"(?:per|an|each|every|a)[- ](?:billable |billed |worked |chargeable |logged )?(?:hour|hr)s?"
                      r"(?: (?:worked|billed|logged))?|/ ?(?:hour|hr)")

AVERAGE_CUE = _words(r"average|averages|averaged|averaging|avg|mean|median|typical")

# --------------------------------------------------------------------------------- client status

CLIENT_STATUS_WORDS = {
    "active": _words(r"active|current|existing|paying|on (?:the|our) (?:books|roster)"),
    "inactive": _words(r"inactive|former|lost|churned|dormant|cancell?ed|ex-clients?|past clients"),
    "prospect": _words(r"prospects?|prospective|leads?|potential (?:clients|customers)|pipeline"
                       r"|(?:(?:have|has)(?:n'?t| not)|not yet|yet to|never) (?:yet )?(?:signed|sign|converted|convert"
                       r"|closed|close|bought|buy)(?: (?:up|on))?(?: with us)?"),
}

# --------------------------------------------------------------------------------- groupings

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}
# A small number, never a piece of a bigger one ("5,000", "$1.5m").
_N = r"(?:(?<![\d.,$])\d{1,3}(?![.,]?\d)|" + "|".join(NUMBER_WORDS) + ")"

GROUP_NOUNS: dict[str, str] = {
    "client": r"clients?|customers?|accounts?|logos?",
    "staff": r"techs?|technicians?|engineers?|staff(?: members?)?|employees?|team[- ]members?|people|persons?"
             r"|consultants?|workers?|individuals?|techies",
    "vendor": r"vendors?|suppliers?|providers?|publishers?",
    "product": rf"products?|apps?|applications?|tools?|subscriptions?|skus?|software (?:titles?|products?|packages?)"
               rf"|{_LIC}s?",
    "category": r"categor(?:y|ies)|expense (?:types?|categor(?:y|ies)|lines?)|cost (?:categor(?:y|ies)|types?|"
                r"cent(?:er|re)s?)|budget (?:lines?|categor(?:y|ies))",
    "month": r"months?",
    "quarter": r"quarters?",
}
_SUPERLATIVES = (r"top|bottom|best|worst|highest|lowest|biggest|largest|smallest|most|least|busiest|cheapest|"
                 r"priciest|costliest|leading|slowest|greatest|weakest|strongest|poorest|richest|heaviest|"
                 r"lightest|fewest|thinnest|slimmest|narrowest|skinniest|fattest|widest|thickest")
_PREP = (r"by|per|for (?:each|every)(?: (?:one )?of (?:our|the|my))?|each|every|across(?: (?:our|the|each))?"
         r"|grouped by|broken down by|break(?:ing)? (?:it |that |this |them )?down by|breakdown (?:by|per)"
         r"|split (?:out )?by|by individual")


@dataclass(frozen=True)
class GroupPattern:
    pattern: re.Pattern[str]
    dimension: str
    strength: int  # 2: the words say "group by" outright; 1: implied by a ranking or a plural subject


def _group_patterns() -> tuple[GroupPattern, ...]:
    found: list[GroupPattern] = []
    for dim, noun in GROUP_NOUNS.items():
        found += [
            GroupPattern(_words(rf"(?:{_PREP})[- ](?:the |our |my |each |every |single |individual )?"
                                       rf"(?:(?!{_SUPERLATIVES}|all\b|any\b)[a-z]+ )?(?:{noun})"),
                         dim, 2),
            GroupPattern(_words(rf"(?:which|what|whose|any)\s+(?:(?:one|ones) of (?:our |the |my )?|of (?:our "
                                       rf"|the |my )?)?(?:[\w-]+\s+)?(?:{noun})"), dim, 2),
            GroupPattern(_words(rf"(?:{noun})(?:[- ](?:by[- ](?:{noun})|level|wise|breakdown)|\s+(?:ranked|"
                                       r"ranking|sorted|ordered|listed|league table|leaderboard|by))"), dim, 2),
            GroupPattern(_words(rf"(?:rank|ranking|sort|order|list|compare|leaderboard of|league table of)\s+"
                                       rf"(?:all |the |our |my )*(?:{noun})"), dim, 2),
            GroupPattern(_words(rf"(?:{_SUPERLATIVES})(?:[- ]{_N})?(?:\s+|-(?=\w+\s))(?:{_STOP}[\w-]+\s+){{0,2}}?"
                                rf"(?:{noun})"),
                         dim, 1),
            GroupPattern(_words(rf"{_N}\s+(?:[\w-]+\s+)?(?:{noun})\s+(?:with|by|that|who|whose)"), dim, 1),
        ]
    found += [
        GroupPattern(_words(r"monthly|month[- ]by[- ]month|over time|trend(?:s|ed|ing)?|per-month"),
                     "month", 2),
        GroupPattern(_words(r"quarterly|quarter[- ]by[- ]quarter|per-quarter"), "quarter", 2),
    ]
    return tuple(found)


GROUP_PATTERNS = _group_patterns()
# Words that announce a grouping: an unknown word right after one ("by fortnight") may be a grouping.
GROUP_WORDS = _words(r"by|per|each|every|across|breakdown|break(?:ing)? (?:it |that |this |them )?down|split(?: out)?")
# "On that account", "for them": a name said earlier, not a new one.
BACK_REFERENCE = _words(r"(?:that|this|the same|those|these) (?:client|customer|account|tech|technician|vendor)s?"
                        r"|they|them|their|theirs|he|him|his|she|her")
# The subject of the question is a person or a company, named by neither noun.
WHO = _words(r"who|whom|whose|who's|(?:any|some)(?:one|body)(?! (?:tell|show|give|send|help|check|pull|let|confirm"
             r"|explain|look|find|get)\b)|which (?:one )?of us")

# --------------------------------------------------------------------------------- ranking

DESC_WORDS = _words(r"highest|most|biggest|largest|greatest|furthest|farthest|maximum|max|top|heaviest|leading|busiest|"
                           r"priciest|costliest|richest|longest|fattest|widest|thickest|more than anyone")
ASC_WORDS = _words(r"lowest|least|smallest|fewest|minimum|min|bottom|lightest|cheapest|shortest|thinnest|slimmest"
                   r"|narrowest|skinniest")
GOOD_WORDS = _words(r"best|strongest|healthiest|top[- ]performing")
BAD_WORDS = _words(r"worst|weakest|poorest|under[- ]?performing")
# "at least", "top line", "most of" and friends are not rankings.
NOT_RANKING = _words(r"at (?:least|most)|top[- ]line|bottom[- ]line|top[- ]up|(?<!the )(?:most|least) of"
                     r"|more or less")
# "Most of our time" ranks only when the question asks for one of a group ("which client ate most of our time").
SHARE_OF = _words(r"(?:most|least) of")
# Magnitude words follow the direction a phrase sets ("loses the most money" = lowest profit).
MAGNITUDE_WORDS = _words(r"most|biggest|largest|greatest|highest|furthest|farthest|least|smallest|fewest|lowest")
TOP_N = _words(rf"(?:top|bottom|best|worst|highest|lowest|biggest|largest|smallest)[- ]?(?P<n>{_N})"
                      rf"|(?P<m>{_N})\s+(?:[\w-]+\s+)?(?:{_SUPERLATIVES})")
# The one at the top, said as a noun: "just the winner", "who's number one".
ONE_ONLY = _words(r"(?:the )?(?:winner|leader|champion|number one|no\.? ?1|#1)")
N_NOUN = _words(rf"(?P<n>{_N})\s+(?:[\w-]+\s+)?(?:{'|'.join(GROUP_NOUNS.values())})")
# Order said outright ("highest first", "sorted smallest to largest"): a listing in that order, no limit.
EXPLICIT_ASC = _words(r"ascending|(?:lowest|smallest|least|fewest|cheapest) (?:to \w+|first|at the top)"
                      r"|from (?:low(?:est)?|small(?:est)?) to (?:high|big|larg)(?:est)?")
EXPLICIT_DESC = _words(r"descending|(?:highest|largest|biggest|most|greatest|priciest|costliest) (?:to \w+|first"
                       r"|at the top)|from (?:high(?:est)?|big(?:gest)?|larg(?:est)?) to (?:low|small)(?:est)?")
# "Worst first" follows the metric's good direction: the costliest, or the thinnest margin.
EXPLICIT_BAD = _words(r"(?:worst|weakest|poorest) (?:to \w+|first|at the top)|from worst to best")
EXPLICIT_GOOD = _words(r"(?:best|strongest) (?:to \w+|first|at the top)|from best to worst")
RANK_VERBS = _words(r"rank(?:ed|ing|s)?|sort(?:ed)?|order(?:ed)?|league table|leaderboard")

# --------------------------------------------------------------------------------- comparison

# Words a period starts with ("Q2", "last year", "March 2026").
_PERIOD_WORD = r"last|previous|prior|q[1-4]|h[12]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|(?:19|20)\d\d"
_PERIOD_START = rf"in |during |for |over |the |that|{_PERIOD_WORD}"
COMPARE = _words(
    rf"vs\.?|versus|compared? (?:to|with|against)|comparison (?:to|with)|against(?= (?:the )?(?:{_PERIOD_WORD}))"
    r"|against (?:the )?(?:previous|prior|last|same)|change[ds]?|changing|growth|grow(?:n|ing|s)?|grew|increase[ds]?|decrease[ds]?|declin(?:e|ed|ing)"
    r"|dropp?(?:ed)?|rise|rose|fell|(?:go|goes|going|went|gone) (?:up|down)|up or down"
    r"|(?:up|down) (?:from|on|versus|vs)"
    r"|than (?:the |in )?(?:last|previous|prior|same)|over (?:the )?(?:previous|prior) (?:period|month|quarter|year)"
    r"|from (?:the )?(?:previous|prior) (?:period|month|quarter|year)|qoq|mom|yoy|year[- ](?:over|on)[- ]year"
    r"|quarter[- ](?:over|on)[- ]quarter|month[- ](?:over|on)[- ]month|period[- ]over[- ]period|delta"
    r"|difference (?:from|between|vs|versus)|better or worse|improv(?:e|ed|ing)|worsen(?:ed|ing)?"
    r"|(?:stack|measure|hold|compare)(?:s|d|ed|ing)? up (?:against|to|with|next to)")
# "More profit over the last 3 months than the 3 before", "bill more hours in September than in August": a
# comparative against a period, not a threshold. It may sit inside the metric words.
COMPARATIVE = _words(rf"(?:more|less|fewer|higher|lower|bigger|smaller|better|worse)(?=[^?.!]*\bthan "
                     rf"(?:{_PERIOD_START}))")
COMPARE_WEAK = _words(r"compare|comparison|comparing")
# The other side of a comparison, said in words ("vs the month before", "the same period last year").
COMPARED_WITH = _words(r"(?:the )?(?:day|week|month|quarter|year|period|one) before|(?:the )?(?:previous|prior)"
                       r"(?: (?:one|period|month|quarter|year))?|(?:the )?last (?:one|period)"
                       r"|(?:the )?same (?:period|time|month|quarter)"
                       # "this quarter vs last": the last one of the same kind.
                       r"|(?<=vs )last|(?<=vs\. )last|(?<=versus )last|(?<=than )last|(?<=to )last(?=\W*$)")
# The same stretch a year earlier: compared with, never a period of its own ("YTD vs this time last yr").
YEAR_EARLIER = _words(r"(?:(?:at |by )?(?:this|that) (?:time|point|stage)|(?:the )?same (?:time|point|period|stretch"
                      r"|months?|quarter|weeks?|days|dates)) (?:(?:of |in )?(?:the )?(?:last|previous|prior) year"
                      r"|a year (?:ago|earlier|before))")
# Words right before the only period named when it is the one compared with ("vs last year").
VERSUS_BEFORE = re.compile(r"(?:vs\.?|versus|compared? (?:to|with|against)|against|than|from)\s+(?:the\s+|in\s+)?$",
                           re.I)
# "Sarah vs Mike" compares two names, not two periods.
VERSUS = re.compile(r"vs\.?|versus|compared? (?:to|with|against)")
# The joint of a range read as one period ("from Q1 to Q2"), split when the question compares.
RANGE_TEXT = re.compile(r"^(?:from|between)\s+|\s+(?:to|through|thru|until|till|and)\s+|\s*[-–—]\s*(?=[a-z]|q\d)",
                        re.I)

# --------------------------------------------------------------------------------- follow-ups

FOLLOW_UP = re.compile(r"^\W*(?:and|also|now|then|ok(?:ay)?|so|but|what about|how about|how 'bout|what if|"
                       r"same|instead|just)\b|\b(?:same (?:thing|question|for|but|again|period|one)|instead|as well"
                       r"|the same)\b|\btoo\W*$", re.I)
# "At the moment", "in the system": the data as it stands, which is what every answer reads.
NOW_AND_HERE = _words(r"at (?:the )?(?:moment|present|minute)|right now|as (?:it|things) stands?|these days|nowadays"
                      r"|as of now|(?:in|on|from) (?:the|our) (?:system|database|records|crm|psa|books|data)")
AS_OF = re.compile(r"\bas (?:of|at)\s+$", re.I)
ALL_TIME = _words(r"all[- ]time|overall|in total|ever|all (?:the )?data|all periods|since (?:the )?"
                         r"(?:beginning|start)(?! of)|whole history")
NO_GROUPING = _words(r"in total|overall|altogether|combined|no breakdown|without (?:a )?breakdown|total only")

# --------------------------------------------------------------------------------- out of scope

# A request to change something rather than read it: a verb that starts a clause, after an optional
# "please" or "can you" ("mark Delta's invoice as paid", "can you email Acme their statement"),
# unless a preposition makes it a noun ("change in revenue", "set of clients", "add up"); and the
# verbs that only ever mean a change, wherever they stand.
_ACTION_VERBS = (r"mark|send|e-?mail|remind|notify|text|message|schedule|pay|refund|credit|void|cancel|create"
                 r"|delete|remove|erase|wipe|update|edit|modify|change|set|rename|move|assign|reassign|approve"
                 r"|issue|reissue|archive|merge|write off|adjust|apply|insert|fix")
ACTION = re.compile(
    r"(?:^|[.?!;:,]\s*|\s[-–—]\s*|\b(?:and|then)\s+)\W*(?:(?:please|pls|kindly|can you|could you|would you|will "
    r"you|go ahead and|i need you to|i want you to|i'd like you to|help me)\s+)*"
    rf"(?:{_ACTION_VERBS})\b(?!\s+(?:in|of|on|from|over|vs\.?|versus|between|since|by|per|across|with|up|together"
    r"|to date|rates?|rises?|qoq|mom|yoy|year|month|quarter|percent|%))"
    r"|\b(?:delete|erase|wipe|drop table|insert into|update (?:the|all)|modify)\b"
    r"|\bmark\s+(?!as\b)[^?.!]{0,40}?\bas\s+(?:paid|unpaid|sent|void|closed|resolved|done|complete|overdue)\b", re.I)

NOT_A_FORECAST = "I can only report what happened in your data, not forecast or simulate."
# "If we raised our rates", "what would we have billed", "what will Acme owe by December": a figure
# that did not happen. "Would you", "I'd like" and "will you" are requests, not hypotheticals.
HYPOTHETICAL = re.compile(
    r"\b(?:suppos(?:e|ing)|assuming|imagine|hypothetical(?:ly)?|in theory|let'?s say|say we)\b"
    r"|\bif (?:we|i|they|you|he|she|it|[a-z]+ [a-z]+|[a-z]+) (?:had|were|could|(?:raise|increase|lower|charge|add"
    r"|double|halve|hire|switch|move|cancel|drop|stop|cut|lose|lost|keep|kept)(?:d|ed|s|ped|led)?)\b"
    r"|\bwould(?!\s+(?:you|like|love|appreciate|it be possible|be (?:great|nice|good|helpful|handy|useful)))\b"
    r"|\bwill(?!\s+(?:you|u)\b)|\b(?:we|they|it|he|she|i|you)'ll\b"
    r"|\b(?:gonna|going to|expect(?:ed)? to|likely to|on track to) (?:owe|make|earn|bill|spend|cost|pay|be|hit|reach"
    r"|end|lose|save|bring)\b"
    r"|\bend up\b", re.I)

OFF_TOPIC: tuple[tuple[re.Pattern[str], str], ...] = (
    (_words(r"weather|temperature|raining|snowing|sunny|humid"), "That is about the weather, not your business data."),
    (_words(r"poems?|poetry|haikus?|limericks?|jokes?|story|stories|songs?|lyrics|essays?|riddles?|raps?"),
     "That asks for creative writing, not a figure from your data."),
    (_words(r"recipes?|movies?|films?|sports?|football|soccer|basketball|baseball|stock price|share price"
                   r"|bitcoin|crypto(?:currency)?|news|horoscope|lottery|world cup|super bowl|olympics|elections?"
                   r"|president|capital of"), "That is not about your business data."),
    (_words(r"(?:who|what) are you|your name|meaning of life|how are you|are you (?:a )?(?:human|robot|bot)"),
     "That is not a question about your business data."),
    # Writing something, even about a figure ("draft a polite email chasing Delta's overdue invoice").
    (_words(r"translate|(?:write|draft|compose|prepare|craft|pen|type up)(?: (?:me|us|up|out))? (?:an? |some "
            r"|the |my |our )?(?:[\w-]+ ){0,3}?(?:e-?mails?|code|scripts?|letters?|functions?|programs?|sql|query"
            r"|memos?|messages?|notes?|repl(?:y|ies)|responses?|texts?|reminders?|notices?|posts?|tweets?"
            r"|announcements?|slack (?:message|post)s?)"),
     "I answer questions about your data; I don't write or translate text."),
    (_words(r"forecast(?:ed|ing|s)?|predict(?:ed|ion|ions|s)?|projections?|projected"), NOT_A_FORECAST),
    (HYPOTHETICAL, NOT_A_FORECAST),
    (ACTION, "I can only read your data, not change it; changes go through uploads and rollbacks."),
    (re.compile(r"\bignore (?:your|all|any|the|previous|prior)\b|\b(?:admin|developer|god) mode\b|\bpasswords?\b"
                r"|\bsystem prompt\b|\bjailbreak", re.I),
     "I only answer questions about your data; I don't take actions or follow new instructions."),
    (re.compile(r"^\W*(?:hi|hello|hey|yo|thanks|thank you|cheers|good (?:morning|afternoon|evening))\W*$", re.I),
     "Hello!"),
)

# "Everything except Acme": the product filters on a name, it cannot leave one out.
EXCLUDING = re.compile(r"\b(?:excluding|except(?: for)?|without|other than|apart from|besides|not including|"
                       r"(?:all|everyone|everything|anyone) but|leaving out|ignoring)\s+(?:the\s+|our\s+)?$", re.I)

# Things people ask an MSP tool about that this product does not hold. Matched before the metric
# words, so "recurring revenue" is not read as revenue.
UNKNOWN_METRICS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_words(r"nps|net promoter(?: score)?"), "net promoter score (NPS)"),
    (_words(r"csat|customer satisfaction|satisfaction(?: scores?)?|happiness"), "customer satisfaction"),
    (_words(r"tickets?(?: (?:resolution|response) times?| counts?| volumes?)?|(?:resolution|response|"
                   r"turnaround) times?|first[- ]call resolution|mttr|mean time to \w+"),
     "tickets and resolution times"),
    (_words(r"slas?|service level(?: agreements?)?"), "SLAs"),
    (_words(r"uptime|downtime|outages?"), "uptime and outages"),
    (_words(r"churn(?: rate)?|retention(?: rate)?|attrition"), "churn and retention"),
    (_words(r"(?:staff|employee|team|tech|technician|people|personnel|labou?r) turnover(?: rates?| ratios?)?"
            r"|turnover (?:rates?|ratios?)"), "staff turnover"),
    (_words(r"(?:conversion|win|close|closing|renewal|collection|bounce|open|click[- ]through)[- ]rates?"),
     "conversion, win or renewal rates"),
    (_words(r"mrr|arr|(?:monthly |annual )?recurring revenue|run[- ]rate"), "recurring revenue (MRR/ARR)"),
    (_words(r"ebitda|ebit|cash ?flow|cash|taxe?s|vat|gross sales tax"), "cash flow, EBITDA or taxes"),
    (_words(rf"headcount|{_HOW_MANY}(?:the |our )?(?:staff|techs|technicians|employees|engineers|people)"),
     "headcount"),
    (_words(r"ltv|lifetime value|cac|acquisition cost"), "customer lifetime value or acquisition cost"),
    (_words(r"(?:we|i) owe|(?:accounts )?payables?|bills? (?:we|to) pay"), "what we owe suppliers (payables)"),
    (_words(r"salar(?:y|ies)|wages?|pay ?rise|bonus(?:es)?"), "salaries and wages (the data holds hourly cost rates)"),
    (_words(r"new (?:clients|customers|accounts)|(?:clients|customers) (?:won|signed|added|onboarded|"
                   r"acquired|gained)"), "new clients won over time"),
    (_words(r"projects?"), "figures per project"),
    (_words(r"weekends?|weekdays?|overtime|after[- ]hours|(?:per |by )?day of (?:the )?week"),
     "weekend, weekday or overtime splits"),
    (_words(r"industr(?:y|ies)|sectors?|verticals?"), "figures per industry"),
    (_words(r"invoice lines?|line items?|discounts?"), "invoice lines and discounts"),
)

# --------------------------------------------------------------------------------- vocabulary

# Words that carry nothing for the figure asked: function words, question and request words,
# greetings, fillers, the generic ways to say "us" or "a number", the plain names of what is counted
# ("amount", "balance", "clients") and verbs that only say how a figure came about ("logged",
# "sent", "went out"). A question word that is none of these and that no part of the parse placed
# is *unexplained* (see rules.py): a sign that the parser missed part of the question.
GENERIC_WORDS = frozenset("""
a about above across after again against ago all along also am among an and any anybody anyone anything
are aren't around as ask at be because been before being below both bring but by can can't could
currently did didn't do does doesn't doing done down during either else enough entire even ever
everyone everything exactly far find for from get gets getting give given go going good got great had
has hasn't have haven't having he her here him his how however i if in include including into is isn't
it it's its just know let let's like look looking may maybe me mean mine much must my need needs no none
nor not now of off often ok okay on once one only or other others our ours out over overall own part
please pls quick quickly rather really right same see seem show shown since so some someone something
still such tell than thank thanks that that's the their them then there these they thing things this
those through to too up upon us very want was wasn't we we're well were weren't what what's when where
whether which while who who's whom whose why will with within without would yet you your yours
hi hello hey cheers dear thx ty team company business msp firm org organisation organization
data figure figures financial number numbers report summary sum total totals
i'm i've i'd i'll we've we'd we'll you're you've they're they've there's here's how's where's don't
won't wouldn't shouldn't couldn't ain't actually basically roughly approximately approx presently fine
cool kindly possible possibly already anyway anyways together
amount amounts balance balances value values level levels client clients customer customers account accounts
list listed display log logs logged logging put puts enter entered track tracked send sent issue issued raise
raised goes went gone come comes came pull pulled run ran take took use used using work happen happened stand stands add
break sit sits sitting manage manages managing managed support supporting supported serve serving serviced
servicing marked flagged tagged labelled labeled classed classified
how'd what'd who'd where'd
soak soaks soaked ate eat eats eaten consume consumes consumed absorb absorbed racked chewed gobbled
""".split())

# Words that are never a client/staff/vendor name when they stand alone, and never a typo of one.
COMMON_WORDS = GENERIC_WORDS | frozenset("""
average back bad best better between big bigger biggest breakdown compare compared comparison current date day
days each earlier early end ending every few fewer fewest first full greatest high higher highest last
late later latest least less list long low lower lowest made make many month monthly months more most
new next order past per percent percentage period periods previous prior quarter quarterly quarters
rank ranked ranking recent recently semester single sort sorted time times today top under until
till vs week weekly weeks year yearly years yesterday
usd eur gbp
two three four five six seven eight nine ten eleven twelve fifteen twenty hundred thousand million k
q1 q2 q3 q4 h1 h2 ytd qtd mtd fy ttm ltm
january february march april june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday weekend
staff tech techs technician technicians engineer
engineers employee employees people person vendor vendors supplier suppliers product products category
categories expense expenses software hardware license licenses licence licences seat seats invoice
invoices hours hour money dollars dollar cost costs price prices rate rates pay paid
detail details split group grouped individually individual
ar a/r
""".split())

# Short forms spelled out before anything else is read ("last 6 mo", "rev by cust last qtr", "GP",
# "whos"), so every pattern and the period reader see the full word. Only unambiguous forms: a
# short form that is also a word of a stored name is left alone.
SPELLED_OUT = {
    "mo": "month", "mos": "months", "mth": "month", "mths": "months", "mnth": "month", "mnths": "months",
    "mthly": "monthly", "mnthly": "monthly", "qtr": "quarter", "qtrs": "quarters", "qtrly": "quarterly",
    "yr": "year", "yrs": "years", "yrly": "yearly", "wk": "week", "wks": "weeks",
    "hr": "hour", "hrs": "hours", "hrly": "hourly",
    "cust": "customer", "custs": "customers", "acct": "account", "accts": "accounts",
    "amt": "amount", "amts": "amounts", "lic": "license", "lics": "licenses", "ttl": "total",
    "gp": "gross profit", "gm": "gross margin", "np": "net profit", "util": "utilization",
    "prev": "previous", "eff": "effective", "rn": "right now", "exp": "expenses", "tot": "total",
    "cat": "category", "cats": "categories",
    "mfg": "manufacturing", "intl": "international", "svcs": "services", "mgmt": "management",
    "whos": "who's", "whats": "what's", "hows": "how's", "wheres": "where's", "thats": "that's", "im": "i'm",
    "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "cant": "can't", "isnt": "isn't",
    "wasnt": "wasn't", "arent": "aren't", "werent": "weren't", "havent": "haven't", "hasnt": "hasn't",
    "youre": "you're", "theyre": "they're", "wat": "what", "wut": "what",
    "hw": "hardware", "sw": "software", "var": "variance", "vars": "variances", "atm": "at the moment",
}

# Texting short forms spelled out only when lower-case and standing alone ("what % of seats r used",
# "how much did u bill"): "R&D" and "U.S." keep their letters.
CHAT_FORMS = {"r": "are", "u": "you", "ur": "your", "b4": "before"}
CHAT_FORM = re.compile(r"(?<![\w&'’./-])(?:" + "|".join(CHAT_FORMS) + r")(?![\w&'’./-])")

# Short names the trade uses for vendors and products ("ms licensing", "m365 seats", "s1"), spelled
# out only when the data holds a name with the full form's first word: a firm with no Microsoft
# licenses keeps "ms" as written. Initials of a stored name ("aws") are matched in names.py.
NAME_SHORT_FORMS = {
    "ms": "microsoft", "msft": "microsoft", "m365": "microsoft 365", "o365": "microsoft 365",
    "s1": "sentinelone", "gws": "google workspace", "gcp": "google cloud", "aws": "amazon web services",
}

# Words that only ever say when: one of these left unread means the question's period may be missed.
PERIOD_LIKE = _words(r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
                     r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|q[1-4]|h[12]|fy\s?'?\d{0,4}|(?:19|20)\d{2}|'\d{2}"
                     r"|ago|last|past|previous|prior|since|until|till|ytd|qtd|mtd|yesterday|today|tonight"
                     r"|week(?:end)?s?|months?|quarters?|years?|fortnights?|semesters?")

# Words after which an unknown word probably finishes a grouping, a period or a ranking ("by mnth",
# "last 6 mo", "the most unsed"): the parser then says which part may be misread.
LEAD_INS: dict[str, re.Pattern[str]] = {
    "grouping": _words(r"by|per|each|every|across"),
    "period": _words(r"last|past|next|previous|prior|this|these|coming|since"),
    "period or ranking": _words(r"\d+"),
    "ranking": _words(_SUPERLATIVES),
}
# What stands between two figures named together ("labor and licenses", "labor plus license cost").
FIGURE_JOINER = re.compile(r"\s*(?:,|&|\+|-|and|or|plus|minus|less|and/or)\s*(?:the\s+|our\s+)?", re.I)
# Words skipped when looking for the word before ("the most unsed").
ARTICLES = frozenset("the a an our my their its".split())

# Where one clause of a question ends and the next begins: leading clauses with words the parser
# cannot place are context ("ok so I'm pulling together the board deck - what was ..."), not the question.
CLAUSE_END = re.compile(r"[.?!;:]+(?=\s|$)|\s[-–—]+\s|\n|,\s*(?=(?:so|anyway|anyhow|basically)\b)")

# A grouping after these is one the question does not want ("I don't need it per client", "not by month").
NEGATED = re.compile(r"\b(?:not|no|never|without)(?:\s+(?:a|any|the))?(?:\s+(?:breakdown|split))?\s+$"
                     r"|\b(?:don't|do not|doesn't|does not|no need to)\s+(?:need|want|care about|have)\b"
                     r"(?:\s+[\w']+){0,2}\s+$", re.I)


# The parser's words beyond metrics, periods and names, by what they tell it. A question word inside
# one of these is placed (not unexplained); an unknown word beside a ranking or a grouping may have
# changed it, so the parser says so.
PLACING_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    *(("grouping", g.pattern) for g in GROUP_PATTERNS), ("grouping", WHO), ("grouping", GROUP_WORDS),
    *(("ranking", p) for p in (DESC_WORDS, ASC_WORDS, GOOD_WORDS, BAD_WORDS, MAGNITUDE_WORDS, TOP_N, N_NOUN, ONE_ONLY,
                               EXPLICIT_ASC, EXPLICIT_DESC, EXPLICIT_BAD, EXPLICIT_GOOD, RANK_VERBS, NOT_RANKING)),
    *(("comparison", p) for p in (COMPARE, COMPARATIVE, COMPARE_WEAK, COMPARED_WITH, YEAR_EARLIER)),
    *(("cue", p) for p in (NOW_AND_HERE, ALL_TIME, NO_GROUPING, FOLLOW_UP, BACK_REFERENCE, PERCENT_CUE, COUNT_CUE,
                           MONEY_CUE, AMOUNT_CUE, PER_HOUR_CUE, AVERAGE_CUE, *CLIENT_STATUS_WORDS.values())),
)


def _pattern_words() -> frozenset[str]:
    sources = [p.pattern.pattern for p in METRIC_PHRASES] + [p.pattern for _, p in PLACING_PATTERNS]
    words: set[str] = set()
    for source in (re.sub(r"\\[a-zA-Z]", " ", s) for s in sources):  # "\btoo" names "too", not "btoo"
        # "revenues?" names "revenue" and "revenues"; "labou?r" names "labor" and "labour".
        for variant in (re.sub(r"\w\?", "", source), source.replace("?", "")):
            words.update(re.findall(r"[a-z]{3,}", variant))
    # Words split by character classes ("licen[cs]e", "utili[sz]ation"), spelled out.
    words.update({"licenses", "licences", "licensing", "utilization", "utilisation", "utilized", "utilised",
                  "revenue", "revenues", "margins", "profits", "budgets", "budgeted", "overbooked",
                  "underbooked", "invoiced", "hrs"})
    return frozenset(words)



# Words a misspelling is corrected to ("revnue" -> "revenue"): the parser's key words only, so a
# client's name is never "corrected" into a metric.
CORRECTABLE = ("revenue", "profit", "profits", "margin", "margins", "profitable", "profitability",
               "utilization", "utilisation", "billable", "invoice", "invoices", "overdue", "outstanding",
               "budget", "expenses", "spend", "spent", "license", "licenses", "licence", "licences", "unused",
               "seats", "waste", "wasted", "quarter", "quarterly", "month", "monthly", "clients", "client",
               "customer", "customers", "technician", "technicians", "vendor", "vendors", "product",
               "products", "category", "categories", "highest", "lowest", "compared", "versus", "payroll",
               "labor", "labour", "hours", "variance", "effective", "subscription", "subscriptions", "last",
               "previous", "overbooked", "average", "worst", "biggest", "largest", "smallest", "under",
               "inactive", "active", "former",
               "january", "february", "march", "april", "august", "september", "october", "november", "december")

VOCABULARY = COMMON_WORDS | _pattern_words() | frozenset(CORRECTABLE)
# Words that steer a reading (not generic ones): an unread word close to one is likely a misspelling.
KEY_WORDS = tuple(sorted(w for w in (_pattern_words() | frozenset(CORRECTABLE)) - COMMON_WORDS if len(w) >= 5))
