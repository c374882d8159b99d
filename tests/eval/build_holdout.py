"""Build tests/eval/holdout.jsonl: a held-out question set the rule parser was never tuned on.

questions.jsonl was read again and again while the parser's rules were written, so its accuracy is
an optimistic number. These 100 questions were written afterwards, without looking at the parser,
the way owners, service managers and finance people type into Slack: plain and varied questions
over every metric, grouping, filter and period form, hard ones (typos, abbreviations like "rev",
"util", "AR", slang, passive voice, rambling) and questions the product must decline. Keep it
held out: when a holdout question fails, fix the parser for the general phrasing, never add the
question's words to a rule, and never edit a question here to make it pass.

Same format, reading conventions and ground truth as build_questions.py (its docstring is the
meaning of every period and word used here); ids are "h001"..., the first tag is the stratum and
the second is always "holdout". Run `python -m tests.eval.build_holdout` from the repository root
after changing a question or the sample dataset, and commit the output.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sandbox.sample_data import write_sample_dataset  # noqa: E402
from tests.eval.build_questions import (  # noqa: E402
    ACME, BRIGHT, COBALT, DATASET_END, DELTA, EVER, FOX, GRANITE, H1_26, JANE, L6M, L90,
    LAST_MONTH, LUIS, MAR_26, MIKE, P, PRIYA, Q, Q1_26, Q2_26, Q3_26, Q4_25, SARAH, SEP_26, SINCE_JUNE,
    TOM, U, Y2025, Y2026, YTD, _record,
)

OUT = Path(__file__).with_name("holdout.jsonl")
ID_PREFIX = "h"

# Periods as of 2026-11-21 that questions.jsonl does not name.
SINCE_JULY = P("2026-07-01", "2026-11-21")
OCT_25_TO_MAR_26 = P("2025-10-01", "2026-03-31")
JUN_TO_NOV_25 = P("2025-06-01", "2025-11-30")
MAR_1_TO_MAY_15 = P("2026-03-01", "2026-05-15")

HOLDOUT: tuple[Q | U, ...] = (
    # ---------------------------------------------------------------- revenue
    Q("How much did we invoice last month, all clients together?", "revenue", "plain question",
      p=LAST_MONTH),
    Q("Break down Q2 2026 revenue by month", "revenue", "plain command", by="month", p=Q2_26),
    Q("Who were our two biggest clients by revenue in the first half of 2026?", "revenue", "varied ranked",
      by="client", p=H1_26, order="desc", limit=2),
    Q("How did Cobalt Legal's billing in October compare to September?", "revenue", "varied compare filter",
      f={"client": COBALT}, p=LAST_MONTH, compare=True),
    # ---------------------------------------------------------------- labor_cost
    Q("labor cost by client in March", "labor_cost", "plain", by="client", p=MAR_26),
    Q("What did Jane Doe's time cost us in Q2 2026?", "labor_cost", "plain question filter", f={"staff": JANE},
      p=Q2_26),
    Q("total labor cost from October 2025 through March 2026", "labor_cost", "varied range",
      p=OCT_25_TO_MAR_26),
    # ---------------------------------------------------------------- license_cost
    Q("license cost by vendor last quarter", "license_cost", "plain terse", by="vendor", p=Q3_26),
    Q("What did Datto RMM licensing cost us last month?", "license_cost", "plain question filter",
      f={"product": "Datto RMM"}, p=LAST_MONTH),
    Q("license costs for Cobalt Legal in Q1 2026", "license_cost", "plain filter", f={"client": COBALT},
      p=Q1_26),
    # ---------------------------------------------------------------- profit
    Q("What was our profit in September?", "profit", "plain question month-name", p=SEP_26),
    Q("profit by client between 2025-06-01 and 2025-11-30", "profit", "plain range", by="client",
      p=JUN_TO_NOV_25),
    Q("profit in Q2 2026 vs Q1 2026", "profit", "plain compare terse", p=Q2_26, compare=True),
    Q("Which client was the least profitable in dollar terms in H1 2026?", "profit", "varied ranked",
      by="client", p=H1_26, order="asc", limit=1),
    # ---------------------------------------------------------------- margin_pct
    Q("What was our margin in October?", "margin_pct", "plain question month-name", p=LAST_MONTH),
    Q("margin by client for Q2 2026", "margin_pct", "plain", by="client", p=Q2_26),
    Q("Which client had the best margin in H1 2026?", "margin_pct", "plain ranked", by="client", p=H1_26,
      order="desc", limit=1),
    Q("What margin did we make on Granite Realty overall?", "margin_pct", "edge inactive-client no-period",
      f={"client": GRANITE}),
    Q("margin last month", "margin_pct", "edge other-as-of terse", p=MAR_26, as_of="2026-04-10"),
    # ---------------------------------------------------------------- billable_hours
    Q("How many billable hours did we log last quarter?", "billable_hours", "plain question", p=Q3_26),
    Q("billable hours by technician YTD", "billable_hours", "plain terse ytd", by="staff", p=YTD),
    Q("Who logged the fewest billable hours last month?", "billable_hours", "varied implied-group ranked",
      by="staff", p=LAST_MONTH, order="asc", limit=1),
    Q("billable hours last quarter", "billable_hours", "edge other-as-of terse", p=Q4_25, as_of="2026-01-15"),
    # ---------------------------------------------------------------- total_hours
    Q("How many hours has Luis Ortega put in since July?", "total_hours", "varied filter since",
      f={"staff": LUIS}, p=SINCE_JULY),
    Q("total hours by quarter in 2025", "total_hours", "plain", by="quarter", p=Y2025),
    Q("hours logged on Cobalt Legal between March 1 and May 15, 2026", "total_hours", "varied range",
      f={"client": COBALT}, p=MAR_1_TO_MAY_15),
    # ---------------------------------------------------------------- billable_ratio_pct
    Q("What share of our hours were billable in Q2 2026?", "billable_ratio_pct", "varied question", p=Q2_26),
    Q("billable ratio by client YTD", "billable_ratio_pct", "plain terse ytd", by="client", p=YTD),
    Q("Tom Becker's billable ratio in Q1 2026 compared to Q4 2025", "billable_ratio_pct", "varied compare filter",
      f={"staff": TOM}, p=Q1_26, compare=True),
    # ---------------------------------------------------------------- utilization_pct
    Q("utilization by technician in March", "utilization_pct", "plain", by="staff", p=MAR_26),
    Q("team utilization by month in Q3 2026", "utilization_pct", "plain", by="month", p=Q3_26),
    Q("Which tech had the highest utilization in Q2 2026?", "utilization_pct", "plain ranked", by="staff",
      p=Q2_26, order="desc", limit=1),
    # ---------------------------------------------------------------- license_utilization_pct
    Q("license utilization by product", "license_utilization_pct", "plain terse no-period", by="product"),
    Q("What percentage of our Adobe seats are actually assigned?", "license_utilization_pct",
      "varied question filter", f={"vendor": "Adobe"}),
    # ---------------------------------------------------------------- unused_seats
    Q("unused seats by product", "unused_seats", "plain terse", by="product"),
    Q("How many SentinelOne seats are unassigned?", "unused_seats", "varied question filter",
      f={"vendor": "SentinelOne"}),
    Q("unused seats at Cobalt Legal", "unused_seats", "plain filter", f={"client": COBALT}),
    # ---------------------------------------------------------------- license_waste
    Q("monthly license waste for Evergreen Schools", "license_waste", "plain filter", f={"client": EVER}),
    Q("How much are we wasting on Dropbox Business seats per month?", "license_waste", "varied question filter",
      f={"product": "Dropbox Business"}),
    # ---------------------------------------------------------------- spend
    Q("How much did we spend on utilities in 2025?", "spend", "plain question filter",
      f={"category": "utilities"}, p=Y2025),
    Q("spend by vendor last month", "spend", "plain terse", by="vendor", p=LAST_MONTH),
    Q("What did we pay Upwork in H1 2026?", "spend", "varied filter", f={"vendor": "Upwork"}, p=H1_26),
    Q("total spend in the last 90 days", "spend", "plain terse", p=L90),
    Q("YTD spend compared with the same period last year", "spend", "varied compare ytd", p=YTD, compare=True),
    # ---------------------------------------------------------------- budget
    Q("What was the software budget for Q2 2026?", "budget", "plain question filter",
      f={"category": "software"}, p=Q2_26),
    Q("total budget for 2026", "budget", "plain terse", p=Y2026),
    Q("budget by category in Q1 2026", "budget", "plain", by="category", p=Q1_26),
    # ---------------------------------------------------------------- budget_variance
    Q("budget variance by category last quarter", "budget_variance", "plain terse", by="category", p=Q3_26),
    Q("How far over or under budget were we on travel in 2025?", "budget_variance", "varied question filter",
      f={"category": "travel"}, p=Y2025),
    Q("Which month this year had the biggest overspend?", "budget_variance", "varied ranked", by="month",
      p=Y2026, order="desc", limit=1),
    # ---------------------------------------------------------------- budget_variance_pct
    Q("budget variance percentage for hardware last quarter", "budget_variance_pct", "plain filter",
      f={"category": "hardware"}, p=Q3_26),
    Q("budget variance % by category YTD", "budget_variance_pct", "plain terse ytd", by="category", p=YTD),
    Q("What percent over or under budget were we in March?", "budget_variance_pct", "varied question",
      p=MAR_26),
    # ---------------------------------------------------------------- effective_rate
    Q("effective rate by client last quarter", "effective_rate", "plain terse", by="client", p=Q3_26),
    Q("What did Acme Dental pay us per billable hour in 2025?", "effective_rate", "varied synonym filter",
      f={"client": ACME}, p=Y2025),
    # ---------------------------------------------------------------- overdue_amount
    Q("overdue balance by client", "overdue_amount", "plain terse", by="client"),
    Q("Which client has the largest overdue balance?", "overdue_amount", "plain ranked", by="client",
      order="desc", limit=1),
    Q("what's past due today?", "overdue_amount", "edge other-as-of", as_of="2026-11-01"),
    # ---------------------------------------------------------------- invoice_count
    Q("How many invoices went out in Q2 2026?", "invoice_count", "varied question", p=Q2_26),
    Q("number of invoices by client last quarter", "invoice_count", "plain", by="client", p=Q3_26),
    # ---------------------------------------------------------------- client_count
    Q("how many clients are on the books right now?", "client_count", "varied question"),
    Q("How many inactive accounts do we have?", "client_count", "plain status", f={"status": "inactive"}),
    Q("how many prospects are in the pipeline?", "client_count", "varied status", f={"status": "prospect"}),
    # ---------------------------------------------------------------- other as-of dates
    Q("MTD revenue", "revenue", "edge other-as-of terse", p=P("2026-08-01", "2026-08-20"), as_of="2026-08-20"),
    # ---------------------------------------------------------------- hard: abbreviations, typos, slang
    Q("rev by cust last qtr", "revenue", "hard abbreviation terse", by="client", p=Q3_26),
    Q("util % per tech in sept", "utilization_pct", "hard abbreviation terse", by="staff", p=SEP_26),
    Q("how much AR is past due rn", "overdue_amount", "hard abbreviation slang"),
    Q("lic waste $ by vendor", "license_waste", "hard abbreviation terse", by="vendor"),
    Q("proffit by cleint for Q1 2026", "profit", "hard typo", by="client", p=Q1_26),
    Q("whos got the most unsed licences", "unused_seats", "hard typo slang implied-group ranked no-period",
      by="client", order="desc", limit=1),
    Q("eff rate for brightside ytd", "effective_rate", "hard abbreviation partial-name lowercase",
      f={"client": BRIGHT}, p=YTD),
    Q("how much $ is sitting in overdue invoices for delta mfg", "overdue_amount",
      "hard slang abbreviation partial-name", f={"client": DELTA}),
    Q("which vendor are we bleeding the most money on for seats nobody uses", "license_waste",
      "hard slang ranked no-period", by="vendor", order="desc", limit=1),
    Q("hrs billed by priya in q2", "billable_hours", "hard abbreviation partial-name lowercase",
      f={"staff": PRIYA}, p=Q2_26),
    Q("labour spend for Foxglove Clnic last 6 mo", "labor_cost", "hard name-typo british abbreviation",
      f={"client": FOX}, p=L6M),
    Q("sarah w util last month", "utilization_pct", "hard terse partial-name abbreviation",
      f={"staff": SARAH}, p=LAST_MONTH),
    Q("top 3 custs by GP last qtr", "profit", "hard abbreviation ranked", by="client", p=Q3_26, order="desc",
      limit=3),
    Q("budgt vs actual for softwre last month", "budget_variance", "hard typo", f={"category": "software"},
      p=LAST_MONTH),
    Q("utilisation pct by mnth for jane doe this past quarter", "utilization_pct",
      "hard typo british abbreviation lowercase", by="month", f={"staff": JANE}, p=Q3_26),
    # ---------------------------------------------------------------- hard: passive voice and rambling
    Q("What was billed to Cobalt during Q2 2026?", "revenue", "hard passive partial-name",
      f={"client": COBALT}, p=Q2_26),
    Q("How many hours were logged by Mike Johnson last month?", "total_hours", "hard passive filter",
      f={"staff": MIKE}, p=LAST_MONTH),
    Q("How much was spent on contractors in the first half of 2026?", "spend", "hard passive filter",
      f={"category": "contractors"}, p=H1_26),
    Q("ok so I'm pulling together the board deck and the partners keep asking about this - can you just tell "
      "me what our overall gross margin was for Q2 2026? one number is fine, I don't need it per client",
      "margin_pct", "hard rambling", p=Q2_26),
    Q("Hey, before the QBR with Delta Manufacturing tomorrow I want to know whether we're actually making "
      "money on them. What was our profit on that account over the last six months, in dollars?", "profit",
      "hard rambling filter", f={"client": DELTA}, p=L6M),
    Q("trying to figure out staffing - since June, how many of the hours Tom Becker logged were actually "
      "billable, as a percentage?", "billable_ratio_pct", "hard rambling filter since", f={"staff": TOM},
      p=SINCE_JUNE),
    # ---------------------------------------------------------------- unanswerable
    U("What's our NPS trend this year?", "unknown_metric", "unanswerable unknown-metric"),
    U("how many tickets did the service desk close last week?", "unknown_metric", "unanswerable unknown-metric"),
    U("SLA breaches by client last quarter", "unknown_metric", "unanswerable unknown-metric terse"),
    U("average first response time on P1 tickets this month", "unknown_metric", "unanswerable unknown-metric"),
    U("how many endpoints are offline right now?", "unknown_metric", "unanswerable unknown-metric"),
    U("How many techs will we need to hire next year?", "forecast", "unanswerable forecast"),
    U("headcount forecast for 2027", "forecast", "unanswerable forecast terse"),
    U("What will our margin be in Q1 2027?", "future_period", "unanswerable no-data forecast"),
    U("What did we invoice in Q4 2024?", "no_data_period", "unanswerable no-data"),
    U("revenue from Initech last quarter", "unknown_client", "unanswerable unknown-name"),
    U("How many billable hours did Carlos Mendez log in October?", "unknown_staff",
      "unanswerable unknown-name"),
    U("write a haiku about our overdue invoices", "poem", "unanswerable off-topic"),
    U("is it going to rain in Chicago this weekend?", "weather", "unanswerable off-topic"),
    U("delete all invoices from 2025", "action_request", "unanswerable action"),
    U("mark Delta's overdue invoice as paid", "action_request", "unanswerable action"),
)


def build_set(items: tuple[Q | U, ...], dataset: Path, *, prefix: str, tag: str) -> list[dict]:
    """build_questions' records (same truth, same tie check) under a held-out set's ids and tag."""
    records = []
    for n, item in enumerate(items, 1):
        record = _record(n, item, dataset)
        stratum, *rest = record["tags"]
        records.append({**record, "id": f"{prefix}{n:03d}", "tags": [stratum, tag, *rest]})
    return records


def write_set(items: tuple[Q | U, ...], out: Path, *, prefix: str, tag: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        write_sample_dataset(Path(tmp), end=DATASET_END)
        records = build_set(items, Path(tmp), prefix=prefix, tag=tag)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    print(f"wrote {len(records)} questions to {out}")
    return 0


def build(dataset: Path) -> list[dict]:
    """Every holdout question as its JSONL record, expected values computed over `dataset`."""
    return build_set(HOLDOUT, dataset, prefix=ID_PREFIX, tag="holdout")


def main() -> int:
    return write_set(HOLDOUT, OUT, prefix=ID_PREFIX, tag="holdout")


if __name__ == "__main__":
    raise SystemExit(main())
