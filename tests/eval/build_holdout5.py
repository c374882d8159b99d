"""Build tests/eval/holdout5.jsonl: the fifth sealed held-out set, the final measurement after tuning.

holdout4.jsonl stopped being held out once the parser was tuned again. These 100 questions were
written after that round, without reading the parser, its rule and name tests, the period code or
any eval results, and without reusing or rewording a question of the other five sets, so their
accuracy is the honest number for the parser as it now stands. They are written in a different
voice from the earlier sets: Slack messages from owners, service managers, dispatchers and finance
people, with "pls", emoji, dashes and commas in place of sentences, roles stated up front, and
words such as "idle seats", "tied to", "set aside", "clear after labor and licenses", "parted ways
with" and "soaked up". About 60 are plain, varied and edge questions over all 20 metrics, every grouping,
name filters (full, partial, lowercase, two at once), period forms, rankings and comparisons;
25 are hard (typos, abbreviations such as "ttl", "agst", "cat", "opex", "$/hr", slang such as
"slammed" and "stiffing us", passive voice, long context before the question); 15 must be declined
(data we do not hold, actions, a benchmark against other companies, a hypothetical, advice, a
forecast, unknown names, a period with no data, off-topic). Keep it sealed: do not tune on it, and
when it is run never edit a question here to make it pass.

Same format, reading conventions and ground truth as build_questions.py (its docstring is the
meaning of every period and word used here; the extra period forms are defined below). Ids are
"p001"..., the first tag is the stratum and the second is always "holdout5". Run
`python -m tests.eval.build_holdout5` from the repository root after changing a question or the
sample dataset, and commit the output.
"""
from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.eval.build_holdout import build_set, write_set  # noqa: E402
from tests.eval.build_holdout2 import L3M, L12M, LAST_TWO_QUARTERS, NOV_25  # noqa: E402
from tests.eval.build_holdout3 import L2M  # noqa: E402
from tests.eval.build_holdout4 import JAN_TO_SEP_26  # noqa: E402
from tests.eval.build_questions import (  # noqa: E402
    ACME, BRIGHT, COBALT, DELTA, EVER, FOX, GRANITE, H1_26, H2_25, HARBOR, JANE, L6M, L90, LAST_MONTH,
    LUIS, MIKE, P, PRIYA, Q, Q1_26, Q2_26, Q3_26, Q4_25, SARAH, SEP_26, TOM, U, Y2025, Y2026, YTD,
)

OUT = Path(__file__).with_name("holdout5.jsonl")
ID_PREFIX = "p"
SET_TAG = "holdout5"

# Period forms as of 2026-11-21 (unless a question names another as-of) that the other sets do not
# name. "The summer" is written out in the question as June, July and August 2026.
FEB_26 = P("2026-02-01", "2026-02-28")
SUMMER_26 = P("2026-06-01", "2026-08-31")
# Other as-of dates: "so far this month" as of 2026-09-18, "so far this year" as of 2026-06-12,
# "the quarter that just ended" as of 2026-04-03.
SEP_1_TO_18_26 = P("2026-09-01", "2026-09-18")
JAN_1_TO_JUN_12_26 = P("2026-01-01", "2026-06-12")

HOLDOUT5: tuple[Q | U, ...] = (
    # ---------------------------------------------------------------- revenue
    Q("total invoiced for Q1 this year?", "revenue", "plain question", p=Q1_26),
    Q("can I get revenue split out by client for Feb 2026", "revenue", "varied month-year", by="client",
      p=FEB_26),
    Q("our biggest 4 accounts by billings over the past 12 months", "revenue", "varied ranked last-n-months",
      by="client", p=L12M, order="desc", limit=4),
    Q("Did Evergreen Schools bring in more in Q3 2026 than in Q2 2026?", "revenue", "varied compare filter",
      f={"client": EVER}, p=Q3_26, compare=True),
    Q("what have we invoiced so far this month", "revenue", "edge other-as-of", p=SEP_1_TO_18_26,
      as_of="2026-09-18"),
    Q("any revenue from Harbor Foods this year?", "revenue", "edge prospect", f={"client": HARBOR}, p=Y2026),
    # ---------------------------------------------------------------- labor_cost
    Q("what's Priya costing us month by month this year", "labor_cost", "varied implied-group partial-name",
      by="month", f={"staff": PRIYA}, p=Y2026),
    Q("which client soaked up the most tech payroll in 2026 so far?", "labor_cost", "varied slang ranked ytd",
      by="client", p=YTD, order="desc", limit=1),
    Q("Labor cost for the summer - June, July and August 2026", "labor_cost", "varied range", p=SUMMER_26),
    Q("labor cost for the quarter that just ended", "labor_cost", "edge other-as-of", p=Q1_26, as_of="2026-04-03"),
    # ---------------------------------------------------------------- license_cost
    Q("How much did SentinelOne licensing run us per quarter for the first three quarters of 2026?",
      "license_cost", "varied filter range", by="quarter", f={"vendor": "SentinelOne"}, p=JAN_TO_SEP_26),
    Q("Which product was our biggest license line item in Q2 2026?", "license_cost", "varied ranked",
      by="product", p=Q2_26, order="desc", limit=1),
    Q("license bill by client for Sep 2026, highest to lowest", "license_cost", "varied ranked month-year",
      by="client", p=SEP_26, order="desc"),
    Q("what did Foxglove's Dropbox Business licenses cost in H1 2026?", "license_cost",
      "edge expired two-filters partial-name", f={"client": FOX, "product": "Dropbox Business"}, p=H1_26),
    # ---------------------------------------------------------------- profit
    Q("How much did we clear after labor and licenses in Q2 2026?", "profit", "varied synonym", p=Q2_26),
    Q("Were we more profitable in dollars in Q3 2026 than Q2?", "profit", "varied compare format-hint",
      p=Q3_26, compare=True),
    Q("bottom three accounts on dollar profit, Q3 2026", "profit", "varied ranked", by="client", p=Q3_26,
      order="asc", limit=3),
    # ---------------------------------------------------------------- margin_pct
    Q("What margin did we run on the Brightside account in Q3 2026?", "margin_pct", "varied partial-name",
      f={"client": BRIGHT}, p=Q3_26),
    Q("what did margin look like quarter by quarter in the second half of 2025?", "margin_pct",
      "varied implied-group", by="quarter", p=H2_25),
    Q("Rank every client on margin for the last 12 months, worst to best", "margin_pct", "varied ranked",
      by="client", p=L12M, order="asc"),
    Q("margin so far this year", "margin_pct", "edge other-as-of ytd", p=JAN_1_TO_JUN_12_26, as_of="2026-06-12"),
    # ---------------------------------------------------------------- billable_hours
    Q("How many hours did Sarah bill in September?", "billable_hours", "varied partial-name month-name",
      f={"staff": SARAH}, p=SEP_26),
    Q("Who billed the most hours over the last 2 quarters?", "billable_hours", "varied implied-group ranked",
      by="staff", p=LAST_TWO_QUARTERS, order="desc", limit=1),
    # ---------------------------------------------------------------- total_hours
    Q("how many hours have we sunk into Harbor Foods so far?", "total_hours", "edge prospect no-period",
      f={"client": HARBOR}),
    Q("total hours by quarter for Jane Doe", "total_hours", "plain filter no-period", by="quarter",
      f={"staff": JANE}),
    # ---------------------------------------------------------------- billable_ratio_pct
    Q("What percent of each tech's logged hours were billable in Q3 2026?", "billable_ratio_pct",
      "varied implied-group", by="staff", p=Q3_26),
    Q("billable ratio on Evergreen Schools, last 6 months", "billable_ratio_pct", "plain filter",
      f={"client": EVER}, p=L6M),
    Q("lowest billable share of hours by client in 2026 - who's at the bottom?", "billable_ratio_pct",
      "varied ranked",
      by="client", p=Y2026, order="asc", limit=1),
    # ---------------------------------------------------------------- utilization_pct
    Q("Who has the most spare capacity, utilization-wise, over the last 3 months?", "utilization_pct",
      "varied implied-group ranked", by="staff", p=L3M, order="asc", limit=1),
    Q("Priya Patel utilization by month for H1 2026", "utilization_pct", "plain filter", by="month",
      f={"staff": PRIYA}, p=H1_26),
    Q("Tom's utilization in October vs September", "utilization_pct", "varied compare partial-name",
      f={"staff": TOM}, p=LAST_MONTH, compare=True),
    Q("utilization last month", "utilization_pct", "edge other-as-of terse", p=NOV_25, as_of="2025-12-02"),
    # ---------------------------------------------------------------- license_utilization_pct
    Q("What percent of Brightside's seats are in use?", "license_utilization_pct", "varied partial-name",
      f={"client": BRIGHT}),
    Q("% of purchased seats in use, per vendor", "license_utilization_pct", "varied terse", by="vendor"),
    Q("worst-used product in our license stack, by seat utilization", "license_utilization_pct", "varied ranked",
      by="product", order="asc", limit=1),
    # ---------------------------------------------------------------- unused_seats
    Q("how many idle seats do we have in total", "unused_seats", "varied synonym"),
    Q("unused seats per client, most first", "unused_seats", "varied ranked", by="client", order="desc"),
    # ---------------------------------------------------------------- license_waste
    Q("monthly license waste broken down by client", "license_waste", "plain", by="client"),
    Q("monthly cost of Microsoft seats we pay for but nobody's assigned to", "license_waste",
      "varied filter", f={"vendor": "Microsoft"}),
    # ---------------------------------------------------------------- spend
    Q("spend by category for Q2 2026", "spend", "plain", by="category", p=Q2_26),
    Q("How much did we put on Amazon Web Services this year?", "spend", "varied filter",
      f={"vendor": "Amazon Web Services"}, p=Y2026),
    Q("hardware spend tied to Brightside Logistics in 2025", "spend", "varied two-filters",
      f={"category": "hardware", "client": BRIGHT}, p=Y2025),
    Q("Did our expenses go up in October compared with September?", "spend", "varied compare month-name",
      p=LAST_MONTH, compare=True),
    Q("top 3 vendors we paid in H2 2025", "spend", "plain ranked", by="vendor", p=H2_25, order="desc", limit=3),
    # ---------------------------------------------------------------- budget
    Q("What's budgeted per quarter for hardware in the first half of 2026?", "budget", "varied filter",
      by="quarter", f={"category": "hardware"}, p=H1_26),
    Q("how much did we set aside for training over the last 12 months?", "budget", "varied synonym filter",
      f={"category": "training"}, p=L12M),
    # ---------------------------------------------------------------- budget_variance
    Q("Where did we land vs budget in Q1 2026, in dollars?", "budget_variance", "varied format-hint", p=Q1_26),
    Q("monthly over/under vs budget, May through October 2026", "budget_variance", "varied range", by="month",
      p=L6M),
    Q("which category blew its budget the most in Q2 2026", "budget_variance", "varied slang ranked",
      by="category", p=Q2_26, order="desc", limit=1),
    Q("travel over/under budget for Q3 2026 compared with Q2", "budget_variance", "varied compare filter",
      f={"category": "travel"}, p=Q3_26, compare=True),
    # ---------------------------------------------------------------- budget_variance_pct
    Q("budget variance % by month for Q3 2026", "budget_variance_pct", "plain", by="month", p=Q3_26),
    # ---------------------------------------------------------------- effective_rate
    Q("effective hourly rate for Delta Manufacturing in H1 2026", "effective_rate", "plain filter",
      f={"client": DELTA}, p=H1_26),
    Q("highest realized rate by client, trailing 12 months - just the winner", "effective_rate",
      "varied synonym ranked format-hint", by="client", p=L12M, order="desc", limit=1),
    Q("effective rate in Q2 2026 compared to Q1", "effective_rate", "plain compare", p=Q2_26, compare=True),
    # ---------------------------------------------------------------- overdue_amount
    Q("total past-due receivables", "overdue_amount", "varied synonym terse"),
    Q("how much of Cobalt Legal's billing is overdue?", "overdue_amount", "plain filter", f={"client": COBALT}),
    Q("overdue totals per client as of today", "overdue_amount", "edge other-as-of", by="client", as_of="2026-09-10"),
    # ---------------------------------------------------------------- invoice_count
    Q("How many invoices did Evergreen Schools get last quarter?", "invoice_count", "plain filter",
      f={"client": EVER}, p=Q3_26),
    Q("Did we send more invoices in Q2 2026 than Q1?", "invoice_count", "varied compare", p=Q2_26,
      compare=True),
    # ---------------------------------------------------------------- client_count
    Q("how many clients have we parted ways with?", "client_count", "varied slang status",
      f={"status": "inactive"}),
    # ---------------------------------------------------------------- hard: typos, abbreviations, slang
    Q("rev ytd by cust pls 🙏", "revenue", "hard abbreviation emoji", by="client", p=YTD),
    Q("labr cost on cobalt legl for sept", "labor_cost", "hard typo name-typo lowercase", f={"client": COBALT},
      p=SEP_26),
    Q("what'd the M365 seats set us back last qtr", "license_cost", "hard slang abbreviation",
      f={"vendor": "Microsoft"}, p=Q3_26),
    Q("net after costs for delta mfg, h1 2026, dollars pls", "profit", "hard slang abbreviation format-hint",
      f={"client": DELTA}, p=H1_26),
    Q("gross profit % per acct, q3 2026", "margin_pct", "hard abbreviation terse", by="client", p=Q3_26),
    Q("billed hrs - luis - last 90d", "billable_hours", "hard abbreviation terse partial-name",
      f={"staff": LUIS}, p=L90),
    Q("ttl hrs logged agst brightside in q2", "total_hours", "hard abbreviation partial-name", f={"client": BRIGHT},
      p=Q2_26),
    Q("what fraction of mike's time was billable in h1", "billable_ratio_pct", "hard lowercase partial-name",
      f={"staff": MIKE}, p=H1_26),
    Q("whos slammed? util by tech for oct, highest first", "utilization_pct", "hard slang abbreviation ranked",
      by="staff", p=LAST_MONTH, order="desc"),
    Q("evergreen - how full are their licences? seat utilisaton %", "license_utilization_pct",
      "hard typo british partial-name",
      f={"client": EVER}),
    Q("how many dropbox seats r going unused", "unused_seats", "hard slang lowercase", f={"vendor": "Dropbox"}),
    Q("$$ burned monthly on unused adobe seats", "license_waste", "hard slang lowercase", f={"vendor": "Adobe"}),
    Q("opex by vendor last month, top 5", "spend", "hard abbreviation ranked", by="vendor", p=LAST_MONTH,
      order="desc", limit=5),
    Q("budgt for contractrs in h1 '26", "budget", "hard typo abbreviation", f={"category": "contractors"},
      p=H1_26),
    Q("were we over on hw vs plan in q4 2025? $ amt", "budget_variance", "hard abbreviation format-hint",
      f={"category": "hardware"}, p=Q4_25),
    Q("var% by cat, last 6 mo", "budget_variance_pct", "hard abbreviation terse", by="category", p=L6M),
    Q("blended $/hr on billable work for 2025", "effective_rate", "hard abbreviation slang", p=Y2025),
    Q("AR overdue for evergreen skools", "overdue_amount", "hard abbreviation name-typo", f={"client": EVER}),
    Q("who's stiffing us the worst rn", "overdue_amount", "hard slang implied-group ranked", by="client",
      order="desc", limit=1),
    Q("# of invoices to foxglove clnic ytd", "invoice_count", "hard abbreviation name-typo",
      f={"client": FOX}, p=YTD),
    Q("how many paying clients we got", "client_count", "hard slang"),
    Q("proft by quater for granite realty", "profit", "hard typo lowercase inactive-client", by="quarter",
      f={"client": GRANITE}),
    # ---------------------------------------------------------------- hard: passive voice and long context
    Q("How much revenue was generated by Acme Dental over the last 6 months?", "revenue", "hard passive filter",
      f={"client": ACME}, p=L6M),
    Q("Dispatcher here - trying to balance the board for next week. Before I hand Jane more on-site work I "
      "want to see her utilization for the last 2 months, as one number.", "utilization_pct",
      "hard long-context partial-name format-hint", f={"staff": JANE}, p=L2M),
    Q("Finance close question: the auditors want one simple figure for what we spent on travel across the "
      "whole of 2025. Not by vendor, just the total.", "spend", "hard long-context format-hint",
      f={"category": "travel"}, p=Y2025),
    # ---------------------------------------------------------------- unanswerable
    U("did any Datto backups fail for Foxglove over the weekend?", "unknown_metric", "unanswerable unknown-metric"),
    U("which users at Acme Dental don't have MFA enabled", "unknown_metric", "unanswerable unknown-metric"),
    U("What's our cash balance in the operating account?", "unknown_metric", "unanswerable unknown-metric"),
    U("who's on call this weekend", "unknown_metric", "unanswerable unknown-metric"),
    U("What's the CSAT score on Priya's tickets?", "unknown_metric", "unanswerable unknown-metric"),
    U("How does our margin compare with other MSPs our size?", "benchmark", "unanswerable external-data"),
    U("what has Pied Piper Networks been billed since June?", "unknown_client", "unanswerable unknown-name"),
    U("utilization for Rachel Kim last quarter", "unknown_staff", "unanswerable unknown-name"),
    U("what did we spend in February 2025?", "no_data_period", "unanswerable no-data"),
    U("forecast revenue for December 2026", "forecast", "unanswerable forecast"),
    U("email the overdue invoice list to accounting", "action_request", "unanswerable action"),
    U("move Priya's Tuesday tickets over to Tom", "action_request", "unanswerable action"),
    U("What would profit look like if we raised Evergreen's fee by 10%?", "hypothetical",
      "unanswerable hypothetical"),
    U("recommend a PSA tool to replace ConnectWise", "advice", "unanswerable advice"),
    U("got a good banana bread recipe?", "off_topic", "unanswerable off-topic"),
)


def build(dataset: Path) -> list[dict]:
    """Every holdout5 question as its JSONL record, expected values computed over `dataset`."""
    return build_set(HOLDOUT5, dataset, prefix=ID_PREFIX, tag=SET_TAG)


def main() -> int:
    return write_set(HOLDOUT5, OUT, prefix=ID_PREFIX, tag=SET_TAG)


if __name__ == "__main__":
    raise SystemExit(main())
