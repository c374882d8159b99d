"""Build tests/eval/holdout3.jsonl: the third sealed held-out set, the final measurement after tuning.

holdout2.jsonl is the measurement taken after the first round of parser work; once its failures
have been looked at it is no longer held out either. These 100 questions were written after that,
without reading the parser, its rule and name tests, or any eval results, and without reusing or
rewording a question of the other three sets, so their accuracy is the honest number for the parser
as it stands. They are what MSP owners, service managers, dispatchers and finance people type into
Slack: about 60 plain and varied questions over all 20 metrics, every grouping, name filters
(full, partial, lowercase), period forms, rankings and comparisons; about 25 hard ones (typos,
abbreviations such as "gp%", "TTM", "opex", "hw", slang such as "shelfware" and "churned", passive
voice, long context before the question, answer formats written into the question); and about 15
the product must decline (data we do not hold, actions, hypotheticals, forecasts, unknown names,
advice, off-topic). Keep it sealed: do not tune on it, and when it is run never edit a question here
to make it pass.

Same format, reading conventions and ground truth as build_questions.py (its docstring is the
meaning of every period and word used here; the extra period forms are defined below). Ids are
"m001"..., the first tag is the stratum and the second is always "holdout3". Run
`python -m tests.eval.build_holdout3` from the repository root after changing a question or the
sample dataset, and commit the output.
"""
from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.eval.build_holdout import build_set, write_set  # noqa: E402
from tests.eval.build_holdout2 import AUG_26, L12M, NOV_25  # noqa: E402
from tests.eval.build_questions import (  # noqa: E402
    ACME, BRIGHT, COBALT, DEC_25, DELTA, EVER, GRANITE, H1_26, H2_25, HARBOR, L6M, LAST_MONTH, LUIS,
    MIKE, P, PRIYA, Q, Q1_26, Q2_26, Q3_25, Q3_26, Q4_25, SARAH, SEP_26, SINCE_JUNE, TOM, U, Y2025,
    Y2026, YTD,
)

OUT = Path(__file__).with_name("holdout3.jsonl")
ID_PREFIX = "m"
SET_TAG = "holdout3"

# Period forms as of 2026-11-21 that the other sets do not name. "The last two / four months" are
# the complete months before the as-of month (like "last 6 months"); "last 60 days" ends on the
# as-of date (like "last 90 days"); "TTM" / "trailing twelve months" is the last 12 months.
L2M = P("2026-09-01", "2026-10-31")
L4M = P("2026-07-01", "2026-10-31")
L60 = P("2026-09-23", "2026-11-21")
SINCE_AUGUST = P("2026-08-01", "2026-11-21")
JAN_15_TO_FEB_15 = P("2026-01-15", "2026-02-15")

HOLDOUT3: tuple[Q | U, ...] = (
    # ---------------------------------------------------------------- revenue
    Q("What were total sales in Q3 2025?", "revenue", "varied synonym", p=Q3_25),
    Q("monthly revenue for the past two months", "revenue", "varied implied-group last-n-months", by="month",
      p=L2M),
    Q("Who was our smallest client by revenue in Q1 2026?", "revenue", "varied ranked", by="client", p=Q1_26,
      order="asc", limit=1),
    Q("Cobalt Legal revenue in December 2025 vs November 2025", "revenue", "plain compare filter month-year",
      f={"client": COBALT}, p=DEC_25, compare=True),
    Q("revenue from January 15 to February 15, 2026", "revenue", "plain range mid-month", p=JAN_15_TO_FEB_15),
    # ---------------------------------------------------------------- labor_cost
    Q("How much did labor cost us in the first quarter of 2026?", "labor_cost", "plain question", p=Q1_26),
    Q("labor cost by technician since August", "labor_cost", "plain since", by="staff", p=SINCE_AUGUST),
    Q("What did the time we spent on Evergreen Schools cost us in 2025?", "labor_cost", "varied filter",
      f={"client": EVER}, p=Y2025),
    # ---------------------------------------------------------------- license_cost
    Q("license cost by client for Q3 2026", "license_cost", "plain", by="client", p=Q3_26),
    Q("Zoom license cost over the last four months", "license_cost", "plain filter last-n-months",
      f={"vendor": "Zoom"}, p=L4M),
    Q("How much did Google Workspace cost us in Q2 2026?", "license_cost", "plain question filter",
      f={"product": "Google Workspace"}, p=Q2_26),
    # ---------------------------------------------------------------- profit
    Q("How much profit did we make in Q4 2025?", "profit", "plain question", p=Q4_25),
    Q("profit by month for the last four months", "profit", "plain last-n-months", by="month", p=L4M),
    Q("Which client lost us the most money in the first half of 2026?", "profit", "varied ranked", by="client",
      p=H1_26, order="asc", limit=1),
    Q("Acme Dental profit, Q3 2026 compared with Q2 2026", "profit", "plain compare filter", f={"client": ACME},
      p=Q3_26, compare=True),
    # ---------------------------------------------------------------- margin_pct
    Q("What margin are we making on Evergreen Schools over the last two months?", "margin_pct",
      "varied question filter last-n-months", f={"client": EVER}, p=L2M),
    Q("margin by quarter for the second half of 2025", "margin_pct", "plain half-year", by="quarter", p=H2_25),
    Q("Which two clients had the thinnest margins last quarter?", "margin_pct", "varied ranked", by="client",
      p=Q3_26, order="asc", limit=2),
    # ---------------------------------------------------------------- billable_hours
    Q("How many billable hours did Sarah Williams log in August?", "billable_hours", "plain question filter",
      f={"staff": SARAH}, p=AUG_26),
    Q("Rank the technicians by billable hours over the last 60 days", "billable_hours",
      "plain ranked last-n-days", by="staff", p=L60, order="desc"),
    # ---------------------------------------------------------------- total_hours
    Q("How many hours did each tech log last month?", "total_hours", "varied implied-group", by="staff",
      p=LAST_MONTH),
    Q("Which client took up the most of our time in Q2 2026?", "total_hours", "varied implied-metric ranked",
      by="client", p=Q2_26, order="desc", limit=1),
    Q("How many hours has Luis Ortega spent on Harbor Foods?", "total_hours", "varied prospect-client filter",
      f={"client": HARBOR, "staff": LUIS}),
    # ---------------------------------------------------------------- billable_ratio_pct
    Q("billable ratio for the whole team last month", "billable_ratio_pct", "plain", p=LAST_MONTH),
    Q("billable percentage by tech for Q3 2026", "billable_ratio_pct", "plain", by="staff", p=Q3_26),
    Q("Who had the lowest billable ratio in 2025?", "billable_ratio_pct", "plain implied-group ranked",
      by="staff", p=Y2025, order="asc", limit=1),
    # ---------------------------------------------------------------- utilization_pct
    Q("What was Mike Johnson's utilization in Q1 2026?", "utilization_pct", "plain question filter",
      f={"staff": MIKE}, p=Q1_26),
    Q("team utilization for each month of Q2 2026", "utilization_pct", "varied implied-group", by="month",
      p=Q2_26),
    Q("Who was the least utilized technician last month?", "utilization_pct", "plain ranked", by="staff",
      p=LAST_MONTH, order="asc", limit=1),
    Q("Did utilization go up or down in Q2 2026 compared with Q1?", "utilization_pct", "varied compare",
      p=Q2_26, compare=True),
    # ---------------------------------------------------------------- license_utilization_pct
    Q("seat utilization at Evergreen Schools", "license_utilization_pct", "plain filter no-period",
      f={"client": EVER}),
    Q("seat utilization % per product", "license_utilization_pct", "plain terse no-period", by="product"),
    # ---------------------------------------------------------------- unused_seats
    Q("How many unused licenses do we have in total?", "unused_seats", "plain question no-period"),
    Q("unassigned seats by client", "unused_seats", "plain synonym no-period", by="client"),
    Q("How many Zoom seats are sitting idle?", "unused_seats", "varied filter", f={"vendor": "Zoom"}),
    # ---------------------------------------------------------------- license_waste
    Q("monthly waste on unused Microsoft licenses", "license_waste", "plain filter", f={"vendor": "Microsoft"}),
    # ---------------------------------------------------------------- spend
    Q("expenses by category for 2025", "spend", "plain synonym", by="category", p=Y2025),
    Q("How much have we paid Dell since the start of the year?", "spend", "varied filter ytd",
      f={"vendor": "Dell"}, p=YTD),
    Q("Which vendor did we pay the most over the last four months?", "spend", "varied ranked last-n-months",
      by="vendor", p=L4M, order="desc", limit=1),
    # ---------------------------------------------------------------- budget
    Q("training budget for H2 2025", "budget", "plain filter half-year", f={"category": "training"}, p=H2_25),
    Q("budget by category for October", "budget", "plain month-name", by="category", p=LAST_MONTH),
    Q("budget by month for Q1 2026", "budget", "plain", by="month", p=Q1_26),
    # ---------------------------------------------------------------- budget_variance
    Q("Were we over or under budget last month, and by how much?", "budget_variance", "varied question",
      p=LAST_MONTH),
    Q("budget variance for contractors in H1 2026", "budget_variance", "plain filter", f={"category": "contractors"},
      p=H1_26),
    Q("actual vs budget by month in Q3 2026", "budget_variance", "varied synonym", by="month", p=Q3_26),
    # ---------------------------------------------------------------- budget_variance_pct
    Q("budget variance % by month for the last four months", "budget_variance_pct", "plain last-n-months",
      by="month", p=L4M),
    Q("Which category came in furthest under budget in percentage terms in 2025?", "budget_variance_pct",
      "varied ranked", by="category", p=Y2025, order="asc", limit=1),
    # ---------------------------------------------------------------- effective_rate
    Q("What was our effective rate in Q3 2025?", "effective_rate", "plain question", p=Q3_25),
    Q("Which client paid the highest effective rate over the last 12 months?", "effective_rate",
      "plain ranked last-n-months", by="client", p=L12M, order="desc", limit=1),
    Q("Cobalt Legal's effective rate by quarter", "effective_rate", "plain filter no-period", by="quarter",
      f={"client": COBALT}),
    # ---------------------------------------------------------------- overdue_amount
    Q("Which clients have overdue invoices, and for how much?", "overdue_amount", "varied implied-group",
      by="client"),
    Q("overdue total for Evergreen Schools", "overdue_amount", "plain filter terse", f={"client": EVER}),
    # ---------------------------------------------------------------- invoice_count
    Q("How many invoices did we issue in 2025?", "invoice_count", "plain question", p=Y2025),
    Q("invoice count for Brightside Logistics since June", "invoice_count", "plain filter since",
      f={"client": BRIGHT}, p=SINCE_JUNE),
    Q("number of invoices per quarter in 2026", "invoice_count", "plain", by="quarter", p=Y2026),
    # ---------------------------------------------------------------- client_count
    Q("What's our active client count?", "client_count", "plain question"),
    Q("How many prospective clients do we have on file?", "client_count", "varied status",
      f={"status": "prospect"}),
    # ---------------------------------------------------------------- other as-of dates
    Q("How many hours have we billed so far this month?", "billable_hours", "edge other-as-of mtd",
      p=P("2026-09-01", "2026-09-16"), as_of="2026-09-16"),
    Q("what's YTD spend looking like?", "spend", "edge other-as-of ytd", p=P("2026-01-01", "2026-03-31"),
      as_of="2026-03-31"),
    Q("overdue by client", "overdue_amount", "edge other-as-of terse", by="client", as_of="2026-08-01"),
    # ---------------------------------------------------------------- hard: typos, abbreviations, slang
    Q("rev by mo for fy25", "revenue", "hard abbreviation fiscal terse", by="month", p=Y2025),
    Q("labour cost per engineer last qtr", "labor_cost", "hard british abbreviation", by="staff", p=Q3_26),
    Q("licence costs for delta in q2", "license_cost", "hard british partial-name lowercase",
      f={"client": DELTA}, p=Q2_26),
    Q("whats our gp% for sept", "margin_pct", "hard abbreviation", p=SEP_26),
    Q("how much $$ did acme make us TTM", "profit", "hard abbreviation slang partial-name",
      f={"client": ACME}, p=L12M),
    Q("billabel hrs for luis since aug", "billable_hours", "hard typo abbreviation partial-name since",
      f={"staff": LUIS}, p=SINCE_AUGUST),
    Q("totl hours by client for the last 2 months", "total_hours", "hard typo last-n-months", by="client",
      p=L2M),
    Q("util for the team in q3, as a percentage pls", "utilization_pct",
      "hard abbreviation format-in-question", p=Q3_26),
    Q("what % of m365 seats r actually used", "license_utilization_pct", "hard abbreviation slang",
      f={"vendor": "Microsoft"}),
    Q("how much shelfware are we eating every month", "license_waste", "hard slang"),
    Q("opex by vendor for q1", "spend", "hard abbreviation terse", by="vendor", p=Q1_26),
    Q("travel $ ytd vs this time last yr", "spend", "hard abbreviation compare ytd", f={"category": "travel"},
      p=YTD, compare=True),
    Q("hw budget variance Q2 26", "budget_variance", "hard abbreviation terse", f={"category": "hardware"},
      p=Q2_26),
    Q("sw over budget by what % in q1", "budget_variance_pct", "hard abbreviation format-in-question",
      f={"category": "software"}, p=Q1_26),
    Q("blended hourly rate for evergreen last qtr", "effective_rate", "hard synonym partial-name abbreviation",
      f={"client": EVER}, p=Q3_26),
    Q("who's late paying us?", "overdue_amount", "hard slang implied-group", by="client"),
    Q("# of invoices sent to cobalt in 2025", "invoice_count", "hard abbreviation partial-name",
      f={"client": COBALT}, p=Y2025),
    Q("how many churned clients do we have", "client_count", "hard slang status", f={"status": "inactive"}),
    Q("Brightsde Logistcs unused seats", "unused_seats", "hard name-typo terse", f={"client": BRIGHT}),
    # ---------------------------------------------------------------- hard: passive voice and rambling
    Q("How much was invoiced to Granite Realty in 2025?", "revenue", "hard passive inactive-client",
      f={"client": GRANITE}, p=Y2025),
    Q("Which vendor were we charged the most by in Q3 2026?", "spend", "hard passive ranked", by="vendor",
      p=Q3_26, order="desc", limit=1),
    Q("Board meeting is Thursday and the chair always opens with the same question, so I'd rather have it "
      "ready. One figure, no breakdown: what was our total revenue for the trailing twelve months?",
      "revenue", "hard rambling", p=L12M),
    Q("We're doing Tom Becker's six-month review next week and his lead says he's been underused ever since "
      "he picked up the onboarding queue. Can you pull his utilization for Q3 2026 as a percentage?",
      "utilization_pct", "hard rambling filter format-in-question", f={"staff": TOM}, p=Q3_26),
    Q("Context: Cobalt keeps pushing for a discount at renewal and I want to push back with numbers. I don't "
      "need it month by month, just one % for the last 6 months - what margin are we making on Cobalt Legal?",
      "margin_pct", "hard rambling filter format-in-question", f={"client": COBALT}, p=L6M),
    Q("Dispatch here - trying to rebalance the board for next month and want a baseline first. Priya says "
      "she was slammed around this time last year; how many billable hours did she put in during November "
      "2025?", "billable_hours", "hard rambling filter pronoun", f={"staff": PRIYA}, p=NOV_25),
    # ---------------------------------------------------------------- unanswerable
    U("How many tickets are open for Acme Dental right now?", "unknown_metric", "unanswerable unknown-metric"),
    U("average CSAT score by technician", "unknown_metric", "unanswerable unknown-metric terse"),
    U("How many backup jobs failed last night?", "unknown_metric", "unanswerable unknown-metric"),
    U("What's our staff turnover rate?", "unknown_metric", "unanswerable unknown-metric"),
    U("What will our MRR be next quarter?", "future_period", "unanswerable no-data forecast"),
    U("Forecast license costs for 2027", "future_period", "unanswerable no-data forecast terse"),
    U("If Delta Manufacturing left, what would happen to our margin?", "hypothetical",
      "unanswerable hypothetical"),
    U("What did we bill in March 2024?", "no_data_period", "unanswerable no-data"),
    U("revenue from Wayne Enterprises in Q3", "unknown_client", "unanswerable unknown-name"),
    U("How many hours did Kevin Park log last month?", "unknown_staff", "unanswerable unknown-name"),
    U("Invoice Brightside for the warehouse Wi-Fi project", "action_request", "unanswerable action"),
    U("reassign all of Tom's open tickets to Mike", "action_request", "unanswerable action terse"),
    U("Draft a polite email chasing Delta about their overdue invoice", "action_request",
      "unanswerable action"),
    U("Should we raise our prices for Evergreen Schools?", "advice", "unanswerable advice"),
    U("what's the capital of Australia?", "off_topic", "unanswerable off-topic"),
)


def build(dataset: Path) -> list[dict]:
    """Every holdout3 question as its JSONL record, expected values computed over `dataset`."""
    return build_set(HOLDOUT3, dataset, prefix=ID_PREFIX, tag=SET_TAG)


def main() -> int:
    return write_set(HOLDOUT3, OUT, prefix=ID_PREFIX, tag=SET_TAG)


if __name__ == "__main__":
    raise SystemExit(main())
