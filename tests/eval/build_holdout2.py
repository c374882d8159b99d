"""Build tests/eval/holdout2.jsonl: a second sealed held-out set, kept for the measurement after tuning.

holdout.jsonl stopped being held out the moment its failures were used to improve the rule parser,
so its accuracy after that work is optimistic too. These 100 questions were written while that
work was going on, without reading the parser, its tests, or which holdout questions failed, so
they measure the parser honestly afterwards. They are phrased the way MSP owners, service managers,
dispatchers and finance people type into Slack: about 60 plain and varied questions over every
metric, grouping, name filter, period form, ranking and comparison; about 25 hard ones (typos,
abbreviations, slang, passive voice, long context before the question, answer formats such as "in
dollars" or "as a %" written into the question); and about 15 the product must decline (data we do
not hold, actions, hypotheticals, forecasts, unknown names, off-topic). Keep it sealed: do not tune
on it, and when it is finally run never edit a question here to make it pass.

Same format, reading conventions and ground truth as build_questions.py (its docstring is the
meaning of every period and word used here; the extra period forms are defined below). Ids are
"k001"..., the first tag is the stratum and the second is always "holdout2". Run
`python -m tests.eval.build_holdout2` from the repository root after changing a question or the
sample dataset, and commit the output.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.eval.build_holdout import SINCE_JULY, build_set, write_set  # noqa: E402
from tests.eval.build_questions import (  # noqa: E402
    ACME, BRIGHT, COBALT, DELTA, FOX, GRANITE, H1_26, H2_25, JANE, L6M, L90, LAST_MONTH, P,
    PRIYA, Q, Q1_26, Q2_26, Q3_26, Q4_25, QTD, SEP_26, SINCE_2025, THIS_Q, TOM, U, Y2025, Y2026, YTD,
)

OUT = Path(__file__).with_name("holdout2.jsonl")
ID_PREFIX = "k"
SET_TAG = "holdout2"

# Period forms as of 2026-11-21 that the other two sets do not name. "Last N months" is the N
# complete months before the as-of month (like "last 6 months"); "last N days" ends on the as-of
# date (like "last 90 days"); "the last two quarters" are the two latest complete quarters.
L30 = P("2026-10-23", "2026-11-21")
L3M = P("2026-08-01", "2026-10-31")
L12M = P("2025-11-01", "2026-10-31")
LAST_TWO_QUARTERS = P("2026-04-01", "2026-09-30")
SINCE_APRIL = P("2026-04-01", "2026-11-21")
FEB_TO_APR_26 = P("2026-02-01", "2026-04-30")
NOV_25_TO_JAN_26 = P("2025-11-01", "2026-01-31")
NOV_25 = P("2025-11-01", "2025-11-30")
AUG_26 = P("2026-08-01", "2026-08-31")

HOLDOUT2: tuple[Q | U, ...] = (
    # ---------------------------------------------------------------- revenue
    Q("What did we bill in total for September 2026?", "revenue", "plain question month-year", p=SEP_26),
    Q("revenue by quarter for the last 12 months", "revenue", "plain last-n-months", by="quarter", p=L12M),
    Q("Which three clients brought in the least revenue in 2025?", "revenue", "plain ranked", by="client",
      p=Y2025, order="asc", limit=3),
    Q("Foxglove Clinic revenue this quarter vs last", "revenue", "varied compare filter", f={"client": FOX},
      p=THIS_Q, compare=True),
    Q("revenue over the last two quarters by client", "revenue", "varied last-two-quarters", by="client",
      p=LAST_TWO_QUARTERS),
    # ---------------------------------------------------------------- labor_cost
    Q("labor cost by client for the last 3 months", "labor_cost", "plain last-n-months", by="client", p=L3M),
    Q("Which tech had the lowest labor cost last quarter?", "labor_cost", "plain ranked", by="staff", p=Q3_26,
      order="asc", limit=1),
    Q("what was labor cost for the month before last?", "labor_cost", "varied month-before-last", p=SEP_26),
    # ---------------------------------------------------------------- license_cost
    Q("license cost by month in H1 2026", "license_cost", "plain half-year", by="month", p=H1_26),
    Q("How much did we pay for SentinelOne licensing in Q2 2026?", "license_cost", "plain question filter",
      f={"vendor": "SentinelOne"}, p=Q2_26),
    Q("What is Microsoft 365 Business Premium costing us each quarter?", "license_cost",
      "varied implied-group filter no-period", by="quarter", f={"product": "Microsoft 365 Business Premium"}),
    # ---------------------------------------------------------------- profit
    Q("Break down profit by client for Q2 2026", "profit", "plain command", by="client", p=Q2_26),
    Q("Which client earned us the least profit over the last 12 months?", "profit", "varied ranked",
      by="client", p=L12M, order="asc", limit=1),
    Q("Did we make more profit over the last 3 months than in the 3 months before that?", "profit",
      "varied compare last-n-months", p=L3M, compare=True),
    # ---------------------------------------------------------------- margin_pct
    Q("What's our gross margin for the last 3 months?", "margin_pct", "plain question last-n-months", p=L3M),
    Q("margin for Brightside Logistics in Q3 2026 vs Q2", "margin_pct", "varied compare filter",
      f={"client": BRIGHT}, p=Q3_26, compare=True),
    Q("Rank our clients from worst to best margin over the last 6 months", "margin_pct", "varied ranked",
      by="client", p=L6M, order="asc"),
    # ---------------------------------------------------------------- billable_hours
    Q("billable hours by client in September", "billable_hours", "plain month-name", by="client", p=SEP_26),
    Q("Which client soaked up the most billable hours in the last 90 days?", "billable_hours",
      "varied ranked last-n-days", by="client", p=L90, order="desc", limit=1),
    Q("billable hours this quarter so far", "billable_hours", "plain terse qtd", p=QTD),
    # ---------------------------------------------------------------- total_hours
    Q("total hours for Acme Dental by month since April", "total_hours", "varied filter since", by="month",
      f={"client": ACME}, p=SINCE_APRIL),
    Q("Who put in the fewest total hours in Q1 2026?", "total_hours", "varied implied-group ranked",
      by="staff", p=Q1_26, order="asc", limit=1),
    # ---------------------------------------------------------------- billable_ratio_pct
    Q("billable ratio by month for the last 6 months", "billable_ratio_pct", "plain", by="month", p=L6M),
    Q("What was Priya Patel's billable percentage in 2025?", "billable_ratio_pct", "plain question filter",
      f={"staff": PRIYA}, p=Y2025),
    Q("Which client has the best billable ratio this year?", "billable_ratio_pct", "plain ranked",
      by="client", p=Y2026, order="desc", limit=1),
    # ---------------------------------------------------------------- utilization_pct
    Q("team utilization in September vs August", "utilization_pct", "plain compare month-name", p=SEP_26,
      compare=True),
    Q("Rank the techs by utilization for H1 2026, highest first", "utilization_pct", "plain ranked",
      by="staff", p=H1_26, order="desc"),
    # ---------------------------------------------------------------- license_utilization_pct
    Q("What percentage of purchased seats are in use at each client?", "license_utilization_pct",
      "varied implied-group", by="client"),
    Q("license utilization for Datto RMM", "license_utilization_pct", "plain filter", f={"product": "Datto RMM"}),
    Q("Which vendor has the best seat utilization?", "license_utilization_pct", "plain ranked", by="vendor",
      order="desc", limit=1),
    # ---------------------------------------------------------------- unused_seats
    Q("unused seats by vendor, most first", "unused_seats", "plain ranked", by="vendor", order="desc"),
    Q("How many seats is Delta Manufacturing paying for but not using?", "unused_seats", "varied filter",
      f={"client": DELTA}),
    # ---------------------------------------------------------------- license_waste
    Q("What is Acme Dental wasting each month on unused licenses?", "license_waste", "varied question filter",
      f={"client": ACME}),
    Q("Which product has the biggest monthly license waste?", "license_waste", "plain ranked", by="product",
      order="desc", limit=1),
    # ---------------------------------------------------------------- spend
    Q("Top 3 expense categories since July", "spend", "varied ranked since", by="category", p=SINCE_JULY,
      order="desc", limit=3),
    Q("How much did we spend on Foxglove Clinic last quarter?", "spend", "plain question filter",
      f={"client": FOX}, p=Q3_26),
    Q("What did we spend on travel in October compared to September?", "spend", "varied compare filter",
      f={"category": "travel"}, p=LAST_MONTH, compare=True),
    Q("spend by month from Feb through April", "spend", "varied range month-names", by="month",
      p=FEB_TO_APR_26),
    Q("total spend in the last 30 days", "spend", "plain last-n-days", p=L30),
    # ---------------------------------------------------------------- budget
    Q("What's the utilities budget for this year?", "budget", "plain question filter",
      f={"category": "utilities"}, p=Y2026),
    Q("How much was budgeted in total for Q4 2025?", "budget", "varied passive", p=Q4_25),
    # ---------------------------------------------------------------- budget_variance
    Q("budget variance by category since January", "budget_variance", "plain since", by="category", p=YTD),
    Q("How much did we go over or under budget on training last quarter?", "budget_variance",
      "varied question filter", f={"category": "training"}, p=Q3_26),
    Q("which month in 2025 came in furthest under budget?", "budget_variance", "varied ranked", by="month",
      p=Y2025, order="asc", limit=1),
    # ---------------------------------------------------------------- budget_variance_pct
    Q("Which category overspent its budget by the largest percentage last quarter?", "budget_variance_pct",
      "varied ranked", by="category", p=Q3_26, order="desc", limit=1),
    # ---------------------------------------------------------------- effective_rate
    Q("effective hourly rate by client for the last 6 months", "effective_rate", "plain", by="client", p=L6M),
    Q("What's our realized rate per billable hour for Delta Manufacturing in Q3 2026?", "effective_rate",
      "varied synonym filter", f={"client": DELTA}, p=Q3_26),
    Q("effective rate this quarter vs last quarter", "effective_rate", "plain compare", p=THIS_Q, compare=True),
    # ---------------------------------------------------------------- overdue_amount
    Q("How much money is past due across all clients?", "overdue_amount", "plain question"),
    Q("overdue amount for Cobalt Legal", "overdue_amount", "plain filter terse", f={"client": COBALT}),
    # ---------------------------------------------------------------- invoice_count
    Q("invoice count by month for Q3 2026", "invoice_count", "plain", by="month", p=Q3_26),
    Q("Which client did we send the fewest invoices to last year?", "invoice_count", "varied ranked",
      by="client", p=Y2025, order="asc", limit=1),
    Q("invoices issued from 1 Nov 2025 to 31 Jan 2026", "invoice_count", "varied range day-month-year",
      p=NOV_25_TO_JAN_26),
    # ---------------------------------------------------------------- client_count
    Q("how many paying clients have we got at the moment?", "client_count", "varied slang"),
    Q("How many former clients are still in the system?", "client_count", "varied status synonym",
      f={"status": "inactive"}),
    # ---------------------------------------------------------------- other as-of dates
    Q("What did we invoice last month?", "revenue", "edge other-as-of", p=AUG_26, as_of="2026-09-10"),
    Q("labor cost this quarter", "labor_cost", "edge other-as-of terse", p=Q3_26, as_of="2026-08-15"),
    Q("billable hours MTD", "billable_hours", "edge other-as-of terse mtd", p=P("2026-10-01", "2026-10-18"),
      as_of="2026-10-18"),
    Q("profit last quarter", "profit", "edge other-as-of terse", p=Q4_25, as_of="2026-03-05"),
    Q("Which clients are behind on payments?", "overdue_amount", "edge other-as-of implied-group", by="client",
      as_of="2026-12-01"),
    # ---------------------------------------------------------------- hard: typos, abbreviations, slang
    Q("wat was our rev in octobr", "revenue", "hard typo abbreviation lowercase", p=LAST_MONTH),
    Q("labr cost by tech q2", "labor_cost", "hard typo terse", by="staff", p=Q2_26),
    Q("gm% by cust H1 26", "margin_pct", "hard abbreviation terse", by="client", p=H1_26),
    Q("in dollars, what did cobalt net us for H2 2025", "profit", "hard format-in-question slang partial-name",
      f={"client": COBALT}, p=H2_25),
    Q("as a %, how much of Tom's time was billable last qtr", "billable_ratio_pct",
      "hard format-in-question abbreviation partial-name", f={"staff": TOM}, p=Q3_26),
    Q("ms licensing cost per client last month", "license_cost", "hard abbreviation implied-group",
      by="client", f={"vendor": "Microsoft"}, p=LAST_MONTH),
    Q("empty seats on sentinel one?", "unused_seats", "hard slang name-variant terse",
      f={"vendor": "SentinelOne"}),
    Q("what r we burning on unused adobe seats per month", "license_waste", "hard slang abbreviation",
      f={"vendor": "Adobe"}),
    Q("which m365 sku has the most unusd seats", "unused_seats", "hard abbreviation typo ranked", by="product",
      f={"vendor": "Microsoft"}, order="desc", limit=1),
    Q("were we undr budget on sofware in sept? give me the variance as a %", "budget_variance_pct",
      "hard format-in-question typo abbreviation", f={"category": "software"}, p=SEP_26),
    Q("eff. hourly rate for foxglvoe since jan", "effective_rate", "hard abbreviation name-typo since",
      f={"client": FOX}, p=YTD),
    Q("hw budget Q1", "budget", "hard abbreviation terse", f={"category": "hardware"}, p=Q1_26),
    Q("FY25 billable hrs by tech", "billable_hours", "hard abbreviation fiscal terse", by="staff", p=Y2025),
    Q("how many leads haven't signed with us yet?", "client_count", "hard slang status",
      f={"status": "prospect"}),
    Q("amt overdue from delta, $ pls", "overdue_amount", "hard abbreviation format-in-question partial-name",
      f={"client": DELTA}),
    Q("lowest-margin client for Q2 '26?", "margin_pct", "hard abbreviation ranked", by="client", p=Q2_26,
      order="asc", limit=1),
    Q("utilisation % for priya in q1 vs q4 last yr", "utilization_pct",
      "hard british abbreviation compare partial-name", f={"staff": PRIYA}, p=Q1_26, compare=True),
    # ---------------------------------------------------------------- hard: passive voice and rambling
    Q("How much was spent on hardware last quarter, in dollars?", "spend",
      "hard passive format-in-question filter", f={"category": "hardware"}, p=Q3_26),
    Q("Which client was invoiced the most in Q1 2026?", "revenue", "hard passive ranked", by="client",
      p=Q1_26, order="desc", limit=1),
    Q("how many invoices were raised for granite realty, ever?", "invoice_count",
      "hard passive inactive-client no-period", f={"client": GRANITE}),
    Q("So the bank wants refreshed numbers for our line of credit renewal and I've been in the P&L all "
      "morning. Separate thing: the accountant thinks expenses ran hot over the summer. What did we spend in "
      "total between July 1 and September 30, 2026?", "spend", "hard rambling range", p=Q3_26),
    Q("Been on the phone with Brightside's ops manager all afternoon, they swear they've been getting less "
      "attention from us lately. Before I call back: how many hours, billable or not, did we log on "
      "Brightside Logistics in the last 12 months?", "total_hours", "hard rambling filter last-n-months",
      f={"client": BRIGHT}, p=L12M),
    Q("Quick context: we're deciding whether to keep the Upwork contractor arrangement and Luis thinks it's "
      "been creeping up. Not asking for a recommendation, just the figure - what have we paid Upwork since "
      "the start of 2025?", "spend", "hard rambling filter since", f={"vendor": "Upwork"}, p=SINCE_2025),
    Q("Jane mentioned in standup that she feels stretched thin and I want to check it against the data "
      "before our 1:1. What was Jane Doe's utilization over the last 3 months?", "utilization_pct",
      "hard rambling filter last-n-months", f={"staff": JANE}, p=L3M),
    Q("Prepping the November budget review. Hardware always seems to blow out, so tell me how much we spent "
      "on it in November 2025 versus the month before", "spend", "hard rambling compare filter",
      f={"category": "hardware"}, p=NOV_25, compare=True),
    # ---------------------------------------------------------------- unanswerable
    U("Send Evergreen Schools their October invoice", "action_request", "unanswerable action"),
    U("void invoice INV-2026-0042 please", "action_request", "unanswerable action terse"),
    U("If we raised our hourly rates by 10%, how much more would we have billed last quarter?", "hypothetical",
      "unanswerable hypothetical"),
    U("What would profit look like if we cut Tom Becker's hours in half?", "hypothetical",
      "unanswerable hypothetical"),
    U("Predict our revenue for Q1 2027", "future_period", "unanswerable no-data forecast"),
    U("how much will Delta Manufacturing owe us by the end of December?", "forecast", "unanswerable forecast"),
    U("How many invoices did we send in January 2025?", "no_data_period", "unanswerable no-data"),
    U("revenue from Stark Industries this year", "unknown_client", "unanswerable unknown-name"),
    U("How many billable hours did Rachel Green log last quarter?", "unknown_staff",
      "unanswerable unknown-name"),
    U("what's the average ticket backlog per tech?", "unknown_metric", "unanswerable unknown-metric"),
    U("patch compliance % by client", "unknown_metric", "unanswerable unknown-metric terse"),
    U("How many of Cobalt Legal's staff failed the phishing simulation last month?", "unknown_metric",
      "unanswerable unknown-metric"),
    U("How many laptops does Brightside have under management?", "unknown_metric",
      "unanswerable unknown-metric"),
    U("What's the best PSA tool for a 10-person MSP?", "off_topic", "unanswerable off-topic"),
    U("Which client should we drop next year?", "advice", "unanswerable advice"),
)


def build(dataset: Path) -> list[dict]:
    """Every holdout2 question as its JSONL record, expected values computed over `dataset`."""
    return build_set(HOLDOUT2, dataset, prefix=ID_PREFIX, tag=SET_TAG)


def main() -> int:
    return write_set(HOLDOUT2, OUT, prefix=ID_PREFIX, tag=SET_TAG)


if __name__ == "__main__":
    raise SystemExit(main())
