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
- "worst"/"best" follow each metric's good direction (HIGHER_IS_BETTER): the worst overspend is
  the highest budget variance, the worst margin the lowest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DEFINITE, LIKELY, HINT = 3.0, 2.0, 1.0

# Licence spellings, including the common misspellings.
_LIC = r"(?:licen[cs]|lisen[cs]|liscen[cs])(?:e|es|ing)"
# Up to n filler words inside a phrase; never a word that starts a grouping or a second item.
_STOP = r"(?!(?:by|per|each|every|which|who|vs|versus|and|or)\b)"


def _gap(n: int) -> str:
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


def _m(pattern: str, order: str | None = None, ranks: bool = False, **weights: float) -> MetricPhrase:
    return MetricPhrase(_words(pattern), weights, order, ranks)


# Filler words that do not turn license cost into license waste ("paying for unused licenses").
_NOT_WASTE = r"(?:(?!(?:unused|idle|empty|spare|unassigned|wasted|vacant|by|per|and)\b)[\w'-]+\s+){0,2}?"
_COST = r"(?:costs?|spend(?:ing|s)?|spent|expenses?|expenditures?|fees?|bills?|outlay|charges?)"
_PCT = r"(?:%|percent(?:age)?|pct)"
_WASTE_VERBS = (r"(?:wast(?:e|es|ed|ing)|burn(?:s|ed|t|ing)?|throw(?:s|ing|n)? away|threw away|bleed(?:s|ing)?"
                r"|blow(?:s|ing|n)?|flush(?:ed|ing)?|sink(?:s|ing)?|sunk|los(?:e|es|ing)|lost)")
# Money said as a noun: "money", "$$", "bucks".
_MONEY = r"(?:money|\$+|dollars|bucks|dough)"
# "Time" as the thing itself, not a modifier ("time tracking software", "time zone").
_TIME_NOUN = r"(?!\s+(?:tracking|sheets?|zones?|frames?|periods?|off|software|tools?|apps?|systems?|clocks?)\b)"
_HOW_MANY = r"(?:how many|number of|count of|# of|no\.? of|total number of|count(?: the| our| all)?)\s+"

# The costs taken off revenue to leave profit ("what we kept after labor and licenses").
_COSTS_PAID = r"(?:labou?r|payroll|licen[cs](?:es|ing)|costs|expenses|overheads?)(?: costs?)?"

METRIC_PHRASES: tuple[MetricPhrase, ...] = (
    # revenue
    _m(r"(?:gross |total |net )?revenues?|revs?|sales|billings?|invoiced|billed|income|turnover|top[- ]line",
       revenue=DEFINITE),
    # What a vendor bills or charges *us* is spend.
    _m(rf"how much (?:money )?(?:did|do|does|have|has|had|will|would) {_gap(3)}(?:make|made|earn|earned|generate"
       r"|generated|bring in|brought in|take in|taken in|pull in|(?:bill|billed|invoice|invoiced|charge|charged)"
       r"(?! us\b))", revenue=DEFINITE),
    _m(r"(?:brought|bring|bringing|brings|pull|pulled|take|took) in|what (?:did|do) we (?:invoice|bill|charge)"
       r"|(?:did|do|does) (?:we|they|you) (?:bill|invoice)(?! us\b)"
       r"|(?:have|has|had) (?:we|they|you) (?:bill|billed|invoice|invoiced)(?! us\b)"
       r"|invoice (?:totals?|amounts?|values?)|(?:amount|value|total) (?:invoiced|billed)", revenue=DEFINITE),
    _m(r"(?:paid|pay|pays|paying) us", revenue=LIKELY),
    _m(r"earn|earned|earning|make|made|making|generated?|generating", revenue=HINT),
    # "our biggest client" is by revenue unless the question names another figure.
    _m(r"(?:biggest|largest|top)(?=(?: \d+| \w+)? (?:clients?|customers?|accounts?)\b)", revenue=HINT),
    # "invoices" names the documents: a count first, their total a close second.
    _m(r"invoices?", invoice_count=LIKELY, revenue=LIKELY * 0.8),
    # labor cost
    _m(r"labou?r (?:costs?|spend(?:ing)?|expenses?|bill)|cost of (?:our |the )?(?:labou?r|time|hours|techs?|"
       r"technicians|staff|people|engineers)|payroll(?: costs?)?", labor_cost=DEFINITE),
    # "which tech cost us the most" groups by technician; "tech cost by client" is the metric.
    _m(r"(?<!which )(?<!what )(?<!each )(?<!every )(?<!per )(?<!by )(?:tech|technician|staff|employee|engineer|"
       r"people|personnel|hourly|time) costs?|time cost us", labor_cost=DEFINITE),
    _m(r"what (?:did|do|does) (?:our |the )?(?:techs?|technicians?|staff|engineers?|people) cost",
       labor_cost=DEFINITE),
    # Money put into labor: "spent on labor", "what we paid for our techs' time".
    _m(rf"(?:pay|paid|paying|spend|spent|spending) {_gap(2)}(?:on|for|in) (?:our |the )?(?:labou?r|payroll"
       r"|(?:techs?|technicians?|staff|engineers?)(?:'s?)?(?: time| hours)?)", labor_cost=DEFINITE),
    _m(r"labou?r", labor_cost=LIKELY),
    # license cost
    _m(rf"(?:software |saas |subscription )?{_LIC} {_COST}|cost of (?:our |the |all )?(?:software )?{_LIC}"
       rf"|(?:saas|subscriptions?) {_COST}|what (?:do|does|did) (?:our |the )?{_LIC} cost", license_cost=DEFINITE),
    _m(rf"(?:pay|paid|paying|spend|spent|spending) {_gap(2)}(?:on|for) {_NOT_WASTE}{_LIC}", license_cost=DEFINITE),
    _m(r"software (?:costs?|spend(?:ing)?)", license_cost=LIKELY, spend=LIKELY),
    _m(rf"{_LIC}|subscriptions?", license_cost=HINT),
    # profit
    _m(r"(?:gross |operating )?profits?|net (?:income|profit|earnings|result)|bottom[- ]line|earnings|in the black"
       r"|(?:revenue|sales|income) (?:minus|less|after|net of) (?:all |our )?(?:costs?|expenses)"
       r"|(?:clear(?:ed|ing)?|keep|kept|pocket(?:ed)?|take home|took home|left (?:over|with)) (?:after|once|net of)"
       rf"(?:(?:,? (?:and |& |plus )?)(?:all |our |the )?{_COSTS_PAID})*",
       profit=DEFINITE),
    _m(rf"(?:make|makes|making|made) (?:us )?(?:the )?(?:most |least |more |less |any )?{_MONEY}"
       rf"|how much {_MONEY} (?:did|do|does|has|have|had) {_gap(3)}(?:make|made|earn|earned|bring in|brought in"
       r"|generate|generated) us", profit=DEFINITE),
    _m(r"(?:lose|loses|losing|lost) (?:us )?(?:the )?(?:most |any |more )?money|unprofitable|(?:money|loss)[- ]"
       r"(?:losing|making)|underwater|under water"
       r"|in the red", order="asc", ranks=True, profit=DEFINITE),
    _m(r"net", profit=LIKELY),
    # margin
    _m(rf"(?:gross |net |profit |operating )?margins?|profitab(?:le|ility)|profit (?:as an? |in )?{_PCT}"
       r"(?: of (?:revenue|sales))?|markup",
       margin_pct=DEFINITE),
    # hours
    _m(r"(?<!non-)(?<!non )(?<!un)(?:billable|billed|chargeable) (?:hours|hrs|time|work)|hours (?:billed|charged)"
       rf"|(?:hours|time) {_gap(3)}(?:were |was |are |is )?(?:billable|billed|bill)"
       rf"|bill(?:ed|s|ing)? {_gap(3)}(?:hours|hrs)",
       billable_hours=DEFINITE),
    _m(r"billable", billable_hours=LIKELY, billable_ratio_pct=HINT),
    # "Hours, billable or not" and "billable and non-billable hours" are every hour logged.
    _m(r"(?:whether )?(?:billable|billed|chargeable) or not|(?:billable|billed) (?:and|or|&|\+|plus) (?:non-?|un)"
       r"(?:billable|billed)(?: hours| time)?|including (?:the )?(?:non-?|un)billable", total_hours=DEFINITE),
    _m(r"(?:total|all) hours|hours (?:worked|logged|spent|recorded|tracked|booked|put in|clocked)"
       r"|time (?:logged|worked|spent|tracked|recorded|entries|entered)|(?:logged|clocked|tracked) (?:the most |"
       rf"the least )?(?:time|hours)|how (?:much|long) (?:did|has|have|do|does) {_gap(3)}work(?:ed)?"
       r"|worked the (?:most|least|longest)|worked|total time", total_hours=DEFINITE),
    _m(r"hours?|hrs", total_hours=LIKELY),
    # Time is hours: "who took up most of our time", "how many hours has Luis spent on Harbor Foods",
    # "how much time did we sink into Acme". The time's cost is labor cost.
    _m(rf"(?:our|my|your|their|his|her|the team'?s?) time{_TIME_NOUN}"
       rf"|(?:most|least|more|less|much|lots|a lot) (?:of )?(?:the |our |my |your |their )?time{_TIME_NOUN}",
       total_hours=LIKELY),
    _m(rf"(?<!billable )(?<!billed )(?<!chargeable )(?:hours|hrs|time) {_gap(4)}(?:spent|spend|spending|sunk|sink"
       rf"|invested|put in)|(?:spent|spend|spending|spends|sink|sank|sunk"
       rf"|invest|invested|put in) {_gap(2)}(?:hours|hrs|time{_TIME_NOUN})(?! cost)", total_hours=DEFINITE),
    _m(rf"(?:time|hours|hrs) {_gap(6)}cost(?:s|ed)?(?: us)?", labor_cost=DEFINITE),
    _m(rf"billable (?:ratio|percentage|percent|share|proportion|mix|%)|(?:ratio|percentage|percent|share|"
       r"proportion|fraction|%|pct) of (?:our |the |all |total |logged )?(?:hours|time|work)(?: (?:that |which )?"
       r"(?:is |was |were |are |got |get )?(?:billable|billed|charged))?|(?:%|percent|pct) billable|billability"
       r"|billable (?:vs\.?|versus|to|against|over|compared to) (?:non-?billable|unbillable|total)(?: hours| time)?"
       r"|how much of (?:our |the |my )?(?:time|hours?|work) (?:is|was|were|are|got|gets) (?:billable|billed)",
       billable_ratio_pct=DEFINITE),
    _m(r"non[- ]?(?:billable|billed|chargeable)|unbillable|unbilled", billable_ratio_pct=LIKELY, total_hours=LIKELY,
       billable_hours=LIKELY),
    # staff utilization
    _m(r"(?:staff|tech|technician|team|engineer|people|resource) utili[sz]ation", utilization_pct=DEFINITE),
    _m(r"utili[sz]ation(?: rate)?|util", utilization_pct=DEFINITE, license_utilization_pct=HINT),
    _m(r"utili[sz]ed", utilization_pct=LIKELY, license_utilization_pct=HINT),
    _m(r"over[- ]?(?:booked|utili[sz]ed|worked|loaded|allocated|stretched)", order="desc", ranks=True,
       utilization_pct=DEFINITE),
    _m(r"under[- ]?(?:booked|utili[sz]ed|worked|loaded|allocated)", order="asc", ranks=True,
       utilization_pct=DEFINITE),
    _m(r"booked (?:over|above|beyond)|(?:over|above|beyond|at) (?:full )?capacity|maxed out", order="desc", ranks=True,
       utilization_pct=DEFINITE),
    _m(r"(?:spare|free|available|unused|idle) (?:capacity|time|bandwidth)|(?:has|have) (?:the most )?(?:capacity|"
       r"bandwidth|room)", order="asc", ranks=True, utilization_pct=DEFINITE),
    _m(r"busy|busiest|booked|capacity|workload|bandwidth|swamped|slammed", utilization_pct=LIKELY),
    # license utilization
    _m(rf"(?:seat|{_LIC}|software|subscription|saas)s? (?:utili[sz]ation|usage|use|adoption|consumption)"
       rf"|(?:utili[sz]ation|usage|adoption|use) of (?:our |the |all )?(?:seats|{_LIC}|software|subscriptions)"
       rf"|(?:{_PCT}|share|proportion) of (?:our |the |all )?{_gap(3)}(?:seats|{_LIC}) (?:that )?(?:are |is |being )*"
       r"(?:actually |really |currently |now )?(?:used|in use|assigned|utili[sz]ed|active)",
       license_utilization_pct=DEFINITE),
    _m(rf"under[- ]?(?:utili[sz]ed|used) (?:seats|{_LIC}|subscriptions|software)", order="asc", ranks=True,
       license_utilization_pct=DEFINITE),
    _m(rf"adoption|(?:seats|{_LIC}) (?:in use|used|assigned)", license_utilization_pct=LIKELY),
    # unused seats and license waste
    _m(rf"(?:unused|idle|empty|spare|unassigned|unallocated|wasted|vacant|free|available|inactive|dormant) "
       rf"{_gap(2)}(?:{_LIC} )?(?:seats|{_LIC})|(?:seats|{_LIC}) {_gap(5)}(?:but |yet |and )?(?:unused"
       r"|(?:not|never|no longer) (?:being )?(?:actually )?(?:used|using|use)|(?:are|is|do|does)n'?t (?:actually )?"
       r"(?:using|use)"
       r"|nobody (?:uses|is using|"
       r"used)|no ?one (?:uses|is using|used)|(?:are|is)n'?t (?:being )?used|go(?:es|ing)? unused|sit(?:ting)? "
       r"(?:unused|idle|empty)|unassigned)", unused_seats=DEFINITE),
    # Shelfware is software paid for and not used: the money first, the seat count a close second.
    _m(r"shelfware", license_waste=LIKELY, unused_seats=LIKELY * 0.8),
    _m(rf"wasted (?:{_LIC} )?(?:spend|money|dollars|budget|costs?)|{_LIC} waste|wasted? (?:on )?{_LIC}"
       r"|shelfware (?:costs?|spend)"
       rf"|(?:costs?|spend|spending|money|dollars|\$|paying|pay|paid) {_gap(2)}(?:on|for|of) "
       rf"(?:the |our |all )?(?:unused|idle|empty|spare|unassigned|wasted|vacant) {_gap(2)}(?:{_LIC} )?(?:seats|{_LIC})"
       r"|paying for (?:[\w'-]+ ){0,3}?(?:unused|idle|empty|spare|nothing|nobody|no one)", license_waste=DEFINITE),
    # Money thrown at seats: "what are we wasting each month on unused licenses", "burning on idle seats".
    _m(rf"{_WASTE_VERBS} (?:money |cash )?(?:(?:each|every|per|a) month |monthly )?(?:on|for) {_gap(3)}"
       rf"(?:seats|{_LIC}|subscriptions)", license_waste=DEFINITE),
    _m(r"wast(?:e|ed|es|ing|eful)", license_waste=LIKELY),
    # spend and budgets
    _m(r"spend(?:ing|s)?|spent|expenses?|expenditures?|expensed|outgoings|opex|op-ex|operating (?:costs?|spend)",
       spend=DEFINITE),
    # Money going out to a vendor: "which vendor did we pay the most", "were we charged the most by".
    _m(r"(?:were|was|are|is) (?:we|us) (?:charged|billed|invoiced)|(?:have|has|had) (?:we|us) been (?:charged|billed"
       r"|invoiced)"
       r"|(?:we|us) (?:were|was|are|get|got|getting|(?:have |had |'ve )?been|being) (?:charged|billed|invoiced)"
       r"|(?:charg(?:e|es|ed|ing)|bill(?:s|ed|ing)?|invoic(?:e|es|ed|ing)) us", spend=DEFINITE),
    _m(r"overheads?|purchases?|purchasing|(?:we|i) (?:have |had |'ve )?(?:pay|paid|paying)(?! us\b)"
       r"|pa(?:id|y|ying) (?:out )?to|payments? (?:made )?to", spend=LIKELY),
    _m(r"costs?|costing|(?:expensive|costly|pricey|pricier|dear)(?:est)?", labor_cost=HINT, license_cost=HINT,
       spend=HINT),
    _m(r"budget(?:s|ed)?", budget=LIKELY),
    _m(r"plan(?:ned|ning)? (?:to )?(?:spend(?:ing)?|expenses?)|budget(?:ed)? (?:amount|total|figure)s?"
       r"|planned (?:spend(?:ing)?|budget|expenses?)"
       r"|how much (?:did|do|have|had) we budget(?:ed)?|what(?:'s| is| was| were) (?:our |the )?budget(?:s|ed)?"
       # ... unless the budget is only the first word of another figure ("what was our budget variance").
       r"(?! (?:variances?|vs\.?|versus|against|compared|utili[sz]ation))",
       budget=DEFINITE),
    _m(r"(?:over|above)[- ](?:the |our )?budget|overspen(?:d|t|ding|ds)|over[- ]spending|overruns?"
       r"|blow(?:n|ing)? (?:through|past|out) (?:the |our )?budget"
       r"|(?:blew|blow|blown|blowing|bust|busted|busting|broke|break|exceed(?:ed|ing|s)?|overr?an|overrun) "
       r"(?:through |past )?(?:the |our |its |their )?budget", order="desc", budget_variance=DEFINITE),
    _m(r"(?:under|below)[- ](?:the |our )?budget|underspen(?:d|t|ding|ds)", order="asc",
       budget_variance=DEFINITE),
    _m(r"(?:within|on) (?:the |our )?budget|budget variance|how (?:far|much) (?:over|under|above|below) "
       r"(?:the |our )?budget|(?:spend(?:ing)?|spent|actuals?|actual spend|expenses|costs?) (?:vs\.?|versus|against|"
       r"compared (?:to|with)|relative to|to) (?:the |our )?budget(?:s|ed)?|budget(?:ed)? (?:vs\.?|versus|against|"
       r"compared (?:to|with)|to) (?:actuals?|actual spend|spend(?:ing)?|spent)"
       r"|(?:vs\.?|versus|against|compared (?:to|with)|relative to) (?:the |our |its |their )?(?:budget|plan)(?:ned)?"
       r"|over ?/ ?under|under ?/ ?over|over or under|under or over", budget_variance=DEFINITE),
    # Actual against budget said as a difference: "how far off budget", "spend minus budget", "variance to budget".
    _m(r"off[- ](?:the |our )?budget|(?:actual |actuals |real )?(?:spend(?:ing)?|spent|actuals?|expenses|costs?) "
       r"(?:minus|less|over|above|-|net of) (?:the |our )?budget(?:ed)?(?: amounts?| figures?)?"
       r"|difference between (?:the |our )?(?:actual )?(?:spend(?:ing)?|actuals?|expenses|costs?) and "
       r"(?:the |our )?budget(?:ed)?|variances? (?:to|vs\.?|versus|against|from|compared (?:to|with)|relative to) "
       r"(?:the |our )?budget(?:ed)?", budget_variance=DEFINITE),
    _m(r"variances?", budget_variance=LIKELY),
    # What is left of a budget is minus the variance: both readings, so a person checks the sign.
    _m(r"(?:left|remaining|headroom|room) (?:in|on|of) (?:the |our )?(?:[\w-]+ )?budget", budget_variance=LIKELY,
       budget=LIKELY),
    _m(rf"{_PCT} (?:over|above)[- ](?:the |our )?budget|(?:over|above)[- ](?:the |our )?budget (?:in |as an? |by "
       rf"(?:what |how many )?)?{_PCT}", order="desc", budget_variance_pct=DEFINITE),
    _m(rf"{_PCT} (?:under|below)[- ](?:the |our )?budget|(?:under|below)[- ](?:the |our )?budget (?:in |as an? |"
       rf"by (?:what |how many )?)?{_PCT}", order="asc", budget_variance_pct=DEFINITE),
    _m(rf"(?:{_PCT} variance|variance {_PCT}) (?:to|vs\.?|versus|against|from|compared (?:to|with)) "
       rf"(?:the |our )?budget(?:ed)?|(?:budget )?variance (?:{_PCT}|ratio)|{_PCT} variance"
       rf"|variance (?:as an? |in )(?:{_PCT})", budget_variance_pct=DEFINITE),
    # effective rate
    _m(r"effective (?:hourly |billing |bill )?rates?|(?:revenue|income|billings?|sales) per (?:billable |billed |"
       r"worked )?hours?|(?:realized|realised|average|avg|blended|actual) (?:hourly |billing |bill )?rates?"
       r"|(?:make|earn|bill|charge|get|making|earning) per (?:billable |billed |worked )?hour"
       r"|per[- ]hour (?:revenue|rate|earnings)"
       r"|dollars? per hour|(?:\$|dollars?|revenue|rev) ?/ ?(?:billable |billed )?h(?:ou)?rs?",
       effective_rate=DEFINITE),
    _m(r"hourly rates?", effective_rate=LIKELY, labor_cost=HINT),
    _m(r"bill(?:ing|able)? rates?", effective_rate=LIKELY, billable_ratio_pct=HINT),
    _m(r"rates?", effective_rate=HINT),
    # overdue invoices
    _m(r"overdue|past[- ]due|outstanding|late (?:invoices?|payments?|payers?|paying)|owe|owes|owed|owing"
       r"|behind (?:on|with|in) (?:their |the |its |our )?(?:payments?|paying|bills?|invoices?|account)"
       r"|(?:slow|late) to pay|(?:in|into) arrears"
       r"|a/r|ar|accounts receivable|receivables?|unpaid|(?:has|have)n'?t (?:yet )?paid|(?:not|never) paid"
       r"|didn'?t pay|arrears|delinquent", overdue_amount=DEFINITE),
    _m(r"slow(?:est)? pay(?:ers?|ing)", order="desc", overdue_amount=DEFINITE),
    # counts
    _m(rf"{_HOW_MANY}(?:the |our |all |total |client |customer )?invoices|invoice (?:count|volume|numbers)"
       r"|invoices (?:were |did we |have we |we )?(?:sent|issued|raised|created|generated|sent out|went out)",
       invoice_count=DEFINITE),
    _m(rf"{_HOW_MANY}(?:the |our |all |total )?(?:active |inactive |current |existing |paying |former |lost |"
       r"churned |prospective |dormant |cancell?ed |potential )?(?:clients|customers|accounts|logos|prospects|leads)"
       r"|(?:client|customer|account|prospect|lead) (?:count|roster|total)", client_count=DEFINITE),
    _m(r"(?:client|customer) base", client_count=LIKELY),
)

# Metrics whose "more" is good; "worst" ranks the other way. None: no good direction (budget).
HIGHER_IS_BETTER: dict[str, bool | None] = {
    "revenue": True, "labor_cost": False, "license_cost": False, "profit": True, "margin_pct": True,
    "billable_hours": True, "total_hours": True, "billable_ratio_pct": True, "utilization_pct": True,
    "license_utilization_pct": True, "unused_seats": False, "license_waste": False, "spend": False,
    "budget": None, "budget_variance": False, "budget_variance_pct": False, "effective_rate": True,
    "overdue_amount": False, "invoice_count": True, "client_count": True,
}

# A sum asked "as a percentage" is its rate; a money figure asked "how many" is its count.
PERCENT_FORMS = {"budget_variance": "budget_variance_pct", "profit": "margin_pct",
                 "billable_hours": "billable_ratio_pct"}
COUNT_FORMS = {"revenue": "invoice_count", "license_waste": "unused_seats"}
MONEY_FORMS = {"unused_seats": "license_waste", "invoice_count": "revenue"}
# "%" glued to the word before it ("gp%", "variance%") is a percentage sign too.
_GLUED_PCT = r"|(?<=[a-z])%(?!\w)"
PERCENT_WORD = re.compile(_words(_PCT).pattern + _GLUED_PCT)
# Figures that are an amount per month already: "per month" is their unit, not a breakdown.
MONTHLY_FIGURES = ("license_waste",)
MONTHLY_UNIT = _words(r"(?:per|each|every|a) month|monthly|/ ?mo(?:nth)?")
PERCENT_CUE = re.compile(_words(rf"(?:in )?{_PCT}(?: terms)?|what share|what proportion|(?:what|as a) fraction|as a share|ratio").pattern
                         + _GLUED_PCT)
# A rate or ratio right after a sum: its percentage form ("profit rate") or, without one, a figure the
# product does not hold ("labor rate", "hours ratio").
RATE_NOUN = _words(r"rates?|ratios?")
COUNT_CUE = _words(r"how many(?! (?:dollars|usd|euros|pounds))|number of"
                   rf"|(?:(?:seat|{_LIC}|invoice|client|customer)s? )?count(?: of)?")
# Money figures; asked "how many" without a count form they are declined, never answered in dollars.
MONEY_METRICS = ("revenue", "labor_cost", "license_cost", "profit", "license_waste", "spend", "budget",
                 "budget_variance", "effective_rate", "overdue_amount")
MONEY_CUE = _words(r"how much|\$|dollars?|money|costs?|spend|worth")
# Balances owed at a moment: "today" or "right now" is that moment (the as-of date), not a day of invoices.
BALANCE_METRICS = ("overdue_amount",)
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
RATE_FORMS = {"revenue": "effective_rate"}

# Sums of money, hours, seats or counts: an "average" of these is not something the product computes.
SUM_METRICS = ("revenue", "labor_cost", "license_cost", "profit", "billable_hours", "total_hours",
               "unused_seats", "license_waste", "spend", "budget", "budget_variance", "overdue_amount",
               "invoice_count", "client_count")
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
# Who "who" is where it is not a technician: the ones we pay for spend.
WHO_IS = {"spend": "vendor"}
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
