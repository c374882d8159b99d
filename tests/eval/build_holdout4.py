"""Build tests/eval/holdout4.jsonl: the fourth sealed held-out set, the measurement after more tuning.

holdout3.jsonl stopped being held out once its failures were looked at and the parser was tuned
again. These 100 questions were written after that round, without reading the parser, its rule and
name tests, the period code or any eval results, and without reusing or rewording a question of the
other four sets, so their accuracy is the honest number for the parser as it now stands. They are
what MSP owners, service managers, dispatchers and finance people type into Slack: about 60 plain,
varied and edge questions over all 20 metrics, every grouping, name filters (full, partial,
lowercase), period forms, rankings and comparisons; about 25 hard ones (typos, abbreviations such
as "GM%", "var %", "$/billable hr", slang such as "logos" and "hrs burned", passive voice, long context
before the question, answer formats written into the question); and 15 the product must decline
(data we do not hold, actions, drafting requests, hypotheticals, forecasts, unknown names, advice,
off-topic). Keep it sealed: do not tune on it, and when it is run never edit a question here to
make it pass.

Same format, reading conventions and ground truth as build_questions.py (its docstring is the
meaning of every period and word used here; the extra period forms are defined below). Ids are
"n001"..., the first tag is the stratum and the second is always "holdout4". Run
`python -m tests.eval.build_holdout4` from the repository root after changing a question or the
sample dataset, and commit the output.
"""
from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.eval.build_holdout import build_set, write_set  # noqa: E402
from tests.eval.build_holdout2 import L3M, L12M, SINCE_APRIL  # noqa: E402
from tests.eval.build_holdout3 import L2M, L4M  # noqa: E402
from tests.eval.build_questions import (  # noqa: E402
    ACME, BRIGHT, COBALT, DELTA, EVER, FOX, GRANITE, H1_26, H2_25, JANE, L6M, LAST_MONTH, LUIS, MIKE,
    P, PRIYA, Q, Q1_26, Q2_26, Q3_26, Q4_25, SARAH, SEP_26, SINCE_2025, U, Y2025, Y2026, YTD,
)

OUT = Path(__file__).with_name("holdout4.jsonl")
ID_PREFIX = "n"
SET_TAG = "holdout4"

# Period forms as of 2026-11-21 (unless a question names another as-of) that the other sets do not
# name. "2026 through the end of September" is January to September inclusive; "May through
# August" takes whole months at both ends.
JUN_26 = P("2026-06-01", "2026-06-30")
OCT_25 = P("2025-10-01", "2025-10-31")
APR_26 = P("2026-04-01", "2026-04-30")
JAN_TO_SEP_26 = P("2026-01-01", "2026-09-30")
MAY_TO_AUG_26 = P("2026-05-01", "2026-08-31")
# As of 2026-08-15, "so far this quarter" is July 1 to the as-of date.
Q3_26_TO_AUG_15 = P("2026-07-01", "2026-08-15")

HOLDOUT4: tuple[Q | U, ...] = (
    # ---------------------------------------------------------------- revenue
    Q("What did we bill across all clients in June 2026?", "revenue", "plain question month-year", p=JUN_26),
    Q("revenue per client for the last 3 months, biggest first", "revenue", "varied ranked last-n-months",
      by="client", p=L3M, order="desc"),
    Q("How does Delta Manufacturing's revenue for Q3 2026 stack up against Q2?", "revenue",
      "varied compare filter", f={"client": DELTA}, p=Q3_26, compare=True),
    Q("Show quarterly revenue for Foxglove Clinic", "revenue", "plain command filter no-period", by="quarter",
      f={"client": FOX}),
    Q("total billed last month", "revenue", "edge other-as-of terse", p=APR_26, as_of="2026-05-04"),
    # ---------------------------------------------------------------- labor_cost
    Q("labor cost per client for September and October", "labor_cost", "varied two-months", by="client",
      p=L2M),
    Q("What did Mike Johnson's hours cost us over the past 12 months?", "labor_cost", "varied filter",
      f={"staff": MIKE}, p=L12M),
    Q("Which two techs were the most expensive to run in Q1 2026?", "labor_cost", "varied implied-group ranked",
      by="staff", p=Q1_26, order="desc", limit=2),
    Q("spent on labor from the start of this quarter to today", "labor_cost", "edge other-as-of",
      p=Q3_26_TO_AUG_15, as_of="2026-08-15"),
    # ---------------------------------------------------------------- license_cost
    Q("License spend per product for October 2025", "license_cost", "plain month-year", by="product",
      p=OCT_25),
    Q("What did Dropbox licensing cost us each month from May through August 2026?", "license_cost",
      "varied filter range", by="month", f={"vendor": "Dropbox"}, p=MAY_TO_AUG_26),
    Q("license cost for Brightside Logistics last month compared with the month before", "license_cost",
      "plain compare filter", f={"client": BRIGHT}, p=LAST_MONTH, compare=True),
    # ---------------------------------------------------------------- profit
    Q("What was our profit over the last 12 months?", "profit", "plain question last-n-months", p=L12M),
    Q("profit per quarter for Cobalt Legal", "profit", "plain filter no-period", by="quarter",
      f={"client": COBALT}),
    Q("Rank clients by profit for September 2026, lowest first", "profit", "varied ranked", by="client",
      p=SEP_26, order="asc"),
    Q("profit for the previous quarter", "profit", "edge other-as-of", p=Q3_26, as_of="2026-10-02"),
    # ---------------------------------------------------------------- margin_pct
    Q("What was our overall margin in 2026 through the end of September?", "margin_pct", "varied range",
      p=JAN_TO_SEP_26),
    Q("margin % by month for Q1 2026", "margin_pct", "plain", by="month", p=Q1_26),
    Q("What margin did we earn on Foxglove Clinic in October vs September?", "margin_pct",
      "varied compare filter month-name", f={"client": FOX}, p=LAST_MONTH, compare=True),
    # ---------------------------------------------------------------- billable_hours
    Q("How many billable hours did the team put in during Q4 2025?", "billable_hours", "plain question",
      p=Q4_25),
    Q("billable hours per client this year so far", "billable_hours", "varied ytd", by="client", p=YTD),
    Q("Did Jane Doe bill more hours in September than in August?", "billable_hours", "varied compare filter",
      f={"staff": JANE}, p=SEP_26, compare=True),
    # ---------------------------------------------------------------- total_hours
    Q("total hours per tech for June 2026", "total_hours", "plain month-year", by="staff", p=JUN_26),
    Q("Which client ate up the fewest hours in H2 2025?", "total_hours", "varied slang ranked", by="client",
      p=H2_25, order="asc", limit=1),
    Q("hours logged on Granite Realty in 2026", "total_hours", "edge inactive-client", f={"client": GRANITE},
      p=Y2026),
    # ---------------------------------------------------------------- billable_ratio_pct
    Q("billable ratio for Q4 2025", "billable_ratio_pct", "plain terse", p=Q4_25),
    Q("How much of Luis Ortega's logged time last quarter was billable, in percent?", "billable_ratio_pct",
      "plain question filter", f={"staff": LUIS}, p=Q3_26),
    Q("billable ratio per quarter since the start of 2025", "billable_ratio_pct", "varied since",
      by="quarter", p=SINCE_2025),
    # ---------------------------------------------------------------- utilization_pct
    Q("How busy was the team in October, utilization-wise?", "utilization_pct",
      "varied question month-name", p=LAST_MONTH),
    Q("utilization per technician for the last 3 months", "utilization_pct", "plain last-n-months",
      by="staff", p=L3M),
    Q("Was Sarah Williams more utilized in Q3 2026 than in Q2?", "utilization_pct", "varied compare filter",
      f={"staff": SARAH}, p=Q3_26, compare=True),
    # ---------------------------------------------------------------- license_utilization_pct
    Q("Across every license we hold, what share of seats are assigned?", "license_utilization_pct",
      "varied question no-period"),
    Q("seat usage % for each client", "license_utilization_pct", "varied terse", by="client"),
    Q("Which client has the lowest share of its purchased seats in use?", "license_utilization_pct",
      "varied ranked", by="client", order="asc", limit=1),
    # ---------------------------------------------------------------- unused_seats
    Q("unused Microsoft seats by client", "unused_seats", "varied filter", by="client",
      f={"vendor": "Microsoft"}),
    Q("Which product has the most spare seats?", "unused_seats", "varied synonym ranked", by="product",
      order="desc", limit=1),
    # ---------------------------------------------------------------- license_waste
    Q("How much do unassigned seats cost us a month, all clients combined?", "license_waste",
      "varied question"),
    Q("license waste per client, worst first", "license_waste", "varied ranked", by="client", order="desc"),
    Q("monthly waste on Adobe Acrobat Pro at Evergreen Schools", "license_waste", "varied two-filters",
      f={"product": "Adobe Acrobat Pro", "client": EVER}),
    # ---------------------------------------------------------------- spend
    Q("How much did we pay Volt Cabling Co. in 2025?", "spend", "plain question filter",
      f={"vendor": "Volt Cabling Co."}, p=Y2025),
    Q("What did we spend on training each quarter in 2026?", "spend", "varied filter", by="quarter",
      f={"category": "training"}, p=Y2026),
    # ---------------------------------------------------------------- budget
    Q("What was the contractors budget for Q1 2026?", "budget", "plain question filter",
      f={"category": "contractors"}, p=Q1_26),
    Q("monthly budget for the last 6 months", "budget", "plain implied-group", by="month", p=L6M),
    Q("budget per category over the last 12 months", "budget", "varied last-n-months", by="category",
      p=L12M),
    # ---------------------------------------------------------------- budget_variance
    Q("Q2 2026: actual spend minus budget", "budget_variance", "plain terse", p=Q2_26),
    Q("How far off budget was each category in October 2025?", "budget_variance", "varied question",
      by="category", p=OCT_25),
    Q("Which category went furthest over budget over the last 12 months?", "budget_variance", "varied ranked",
      by="category", p=L12M, order="desc", limit=1),
    # ---------------------------------------------------------------- budget_variance_pct
    Q("budget variance % for Q4 2025", "budget_variance_pct", "plain terse", p=Q4_25),
    Q("By what percentage did utilities come in over or under budget in H1 2026?", "budget_variance_pct",
      "varied question filter", f={"category": "utilities"}, p=H1_26),
    Q("variance to budget in percent, by quarter, for 2026 so far", "budget_variance_pct", "varied ytd",
      by="quarter", p=YTD),
    # ---------------------------------------------------------------- effective_rate
    Q("Averaged over the last 12 months, what did we earn per billable hour?", "effective_rate", "varied question",
      p=L12M),
    Q("effective rate by month for Q2 2026", "effective_rate", "plain", by="month", p=Q2_26),
    Q("Which client paid us the least per billable hour in 2025?", "effective_rate", "varied synonym ranked",
      by="client", p=Y2025, order="asc", limit=1),
    # ---------------------------------------------------------------- overdue_amount
    Q("overdue invoices by client, largest first", "overdue_amount", "varied ranked", by="client",
      order="desc"),
    Q("overdue balance for Foxglove Clinic", "overdue_amount", "edge zero filter", f={"client": FOX}),
    # ---------------------------------------------------------------- invoice_count
    Q("How many invoices went to Acme Dental in the last 12 months?", "invoice_count", "plain question filter",
      f={"client": ACME}, p=L12M),
    Q("invoices per client for H1 2026, most first", "invoice_count", "varied ranked", by="client", p=H1_26,
      order="desc"),
    # ---------------------------------------------------------------- client_count
    Q("How many clients do we have with active status?", "client_count", "plain question"),
    Q("count of inactive clients", "client_count", "varied status terse", f={"status": "inactive"}),
    Q("number of clients currently marked as prospects", "client_count", "varied status",
      f={"status": "prospect"}),
    # ---------------------------------------------------------------- hard: typos, abbreviations, slang
    Q("revnue by clinet for sept", "revenue", "hard typo terse", by="client", p=SEP_26),
    Q("licnse spend on sentinal one q2", "license_cost", "hard typo name-typo", f={"vendor": "SentinelOne"},
      p=Q2_26),
    Q("how much did cobalt net us last qtr, $ not %", "profit", "hard slang format-hint partial-name",
      f={"client": COBALT}, p=Q3_26),
    Q("GM% for Q4 '25", "margin_pct", "hard abbreviation terse", p=Q4_25),
    Q("margn by qtr for the last 12 months", "margin_pct", "hard typo abbreviation", by="quarter", p=L12M),
    Q("billable hrs per tech, oct", "billable_hours", "hard abbreviation terse", by="staff", p=LAST_MONTH),
    Q("hrs on evergreen by mo since apr", "total_hours", "hard abbreviation partial-name lowercase",
      by="month", f={"client": EVER}, p=SINCE_APRIL),
    Q("top 2 custs by hrs burned in h1", "total_hours", "hard slang abbreviation ranked", by="client",
      p=H1_26, order="desc", limit=2),
    Q("utlization for mike j last quarter as a %", "utilization_pct", "hard typo partial-name format-hint",
      f={"staff": MIKE}, p=Q3_26),
    Q("whats the billable % for the techs this yr, per person", "billable_ratio_pct",
      "hard slang abbreviation implied-group", by="staff", p=Y2026),
    Q("seat util for sentinelone", "license_utilization_pct", "hard abbreviation lowercase",
      f={"vendor": "SentinelOne"}),
    Q("how many licences r sitting unassigned at delta mfg", "unused_seats",
      "hard british slang abbreviation partial-name", f={"client": DELTA}),
    Q("$ wasted per month on zoom seats nobody logs into", "license_waste", "hard slang lowercase",
      f={"vendor": "Zoom"}),
    Q("expences by vender for 2025, top 5", "spend", "hard typo ranked", by="vendor", p=Y2025, order="desc",
      limit=5),
    Q("contractor budget vs actual, q3, in $", "budget_variance", "hard terse format-hint",
      f={"category": "contractors"}, p=Q3_26),
    Q("var % vs budget for hw in oct", "budget_variance_pct", "hard abbreviation terse",
      f={"category": "hardware"}, p=LAST_MONTH),
    Q("avg $/billable hr for acme dentl last 6 mo", "effective_rate", "hard abbreviation name-typo",
      f={"client": ACME}, p=L6M),
    Q("past-due $ by cust", "overdue_amount", "hard abbreviation terse", by="client"),
    Q("# invoices out the door last qtr", "invoice_count", "hard slang abbreviation", p=Q3_26),
    Q("how many logos r we servicing atm", "client_count", "hard slang abbreviation"),
    # ---------------------------------------------------------------- hard: passive voice and long context
    Q("How many billable hours were logged against Foxglove Clinic in Q1 2026?", "billable_hours",
      "hard passive filter", f={"client": FOX}, p=Q1_26),
    Q("What was paid to Dell over the last 6 months?", "spend", "hard passive filter", f={"vendor": "Dell"},
      p=L6M),
    Q("We just lost a bid to a cheaper shop and the partners are asking whether our pricing is actually "
      "holding up. I don't want per-client numbers, just the one blended figure: what was our effective rate "
      "for Q3 2026?", "effective_rate", "hard long-context format-hint", p=Q3_26),
    Q("Finance is closing the books on October and the controller flagged the license line as way up. Can you "
      "break down what we paid for licenses by vendor in October 2026 so I can see who's driving it?",
      "license_cost", "hard long-context", by="vendor", p=LAST_MONTH),
    Q("Service manager here. Priya keeps asking for a lighter load and I need to see whether she's actually "
      "over capacity before I move tickets off her. What was her utilization, month by month, for the last "
      "4 months?", "utilization_pct", "hard long-context partial-name", by="month", f={"staff": PRIYA}, p=L4M),
    # ---------------------------------------------------------------- unanswerable
    U("How many tickets breached SLA for Brightside in October?", "unknown_metric",
      "unanswerable unknown-metric"),
    U("what's the average age of our open tickets?", "unknown_metric", "unanswerable unknown-metric"),
    U("How much MRR did we lose to churn last quarter?", "unknown_metric", "unanswerable unknown-metric"),
    U("Which endpoints at Cobalt Legal are missing critical patches?", "unknown_metric",
      "unanswerable unknown-metric"),
    U("What's Mike Johnson's PTO balance?", "unknown_metric", "unanswerable unknown-metric"),
    U("What will team utilization look like in January 2027?", "future_period", "unanswerable no-data forecast"),
    U("project our license spend for next year", "forecast", "unanswerable forecast"),
    U("labor cost in December 2024", "no_data_period", "unanswerable no-data terse"),
    U("What did we bill Umbrella Corp last quarter?", "unknown_client", "unanswerable unknown-name"),
    U("billable hours for Dana Whitfield in Q3", "unknown_staff", "unanswerable unknown-name"),
    U("Create an invoice for Acme Dental for $2,500", "action_request", "unanswerable action"),
    U("cancel the unused Zoom seats at Evergreen", "action_request", "unanswerable action"),
    U("Write up a QBR summary email for Cobalt Legal I can send tomorrow", "action_request",
      "unanswerable action drafting"),
    U("If we'd billed Delta at $150 an hour all year, what would revenue have been?", "hypothetical",
      "unanswerable hypothetical"),
    U("Which firewall vendor should we standardise on for new clients?", "advice", "unanswerable advice"),
)


def build(dataset: Path) -> list[dict]:
    """Every holdout4 question as its JSONL record, expected values computed over `dataset`."""
    return build_set(HOLDOUT4, dataset, prefix=ID_PREFIX, tag=SET_TAG)


def main() -> int:
    return write_set(HOLDOUT4, OUT, prefix=ID_PREFIX, tag=SET_TAG)


if __name__ == "__main__":
    raise SystemExit(main())
