"""A realistic, deterministic MSP dataset written as the CSV files a customer would upload.

Two users: the evaluation set (tests/eval) computes its ground truth from these files, and the
browser sandbox seeds a new workspace with them so its first questions have plausible answers.
So the data must look like a real small MSP (six technicians, eight clients, 18 months, margins
between 10 and 40 %) while carrying the situations the product has to get right: one client that
loses money, one technician booked past capacity and one with little to do, shelfware, a license
costed by its total term price, an inactive and an expired license, void/draft invoices, overdue
and not-yet-due unpaid invoices, labour without a cost rate, budgets that are overrun.

Everything is relative to `end` (the last day with data) so the story keeps its shape whatever
month the sandbox starts in, and everything random comes from one `random.Random(seed)` so the
same arguments always produce the same bytes. Column headers deliberately use a few of SPEC's
aliases (`technician`, `work_date`, `invoice_no`, `seats_assigned`, `capacity`, ...) so that
ingesting the sample exercises alias matching too.
"""
from __future__ import annotations

import calendar
import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

MIN_MONTHS = 12


@dataclass(frozen=True)
class _Client:
    name: str
    client_id: str
    industry: str
    status: str
    monthly_fee: float
    hours_weight: float  # share of the technicians' day this client takes
    billable_share: float  # of the hours spent on this client
    payment_days: int
    domain: str
    phone: str
    contract_start: int  # month offset from the first data month


@dataclass(frozen=True)
class _Tech:
    name: str
    role: str
    hourly_cost: float
    capacity: float
    daily_hours: float  # hours logged on a working weekday
    billable_share: float
    entries_per_day: tuple[int, ...]  # picked at random each day
    saturday_odds: float  # on-call weekend work


@dataclass(frozen=True)
class _License:
    client: str
    product: str
    vendor: str
    license_type: str
    seats: int
    used: int
    cost_per_seat: float | None
    total_cost: float | None
    start: int  # month offset from the first data month
    end: int | None  # last month offset of the term (inclusive); None = open-ended
    is_active: bool = True
    auto_renew: bool = True


CLIENTS = (
    _Client("Acme Dental", "C-1001", "Healthcare", "active", 8600.00, 0.12, 0.93, 30, "acmedental.com",
            "(312) 555-0142", -38),
    _Client("Brightside Logistics", "C-1002", "Logistics", "active", 16800.00, 0.20, 0.92, 30,
            "brightsidelogistics.com", "(312) 555-0187", -52),
    _Client("Cobalt Legal", "C-1003", "Legal", "active", 11900.00, 0.13, 0.94, 30, "cobaltlegal.com",
            "(312) 555-0110", -64),
    _Client("Delta Manufacturing", "C-1004", "Manufacturing", "active", 17500.00, 0.20, 0.91, 45,
            "deltamfg.com", "(708) 555-0163", -29),
    _Client("Evergreen Schools", "C-1005", "Education", "active", 9000.00, 0.21, 0.72, 60,
            "evergreenschools.org", "(630) 555-0199", -9),
    _Client("Foxglove Clinic", "C-1006", "Healthcare", "active", 6500.00, 0.08, 0.93, 30,
            "foxgloveclinic.com", "(847) 555-0124", 2),
    _Client("Granite Realty", "C-1007", "Real Estate", "inactive", 4100.00, 0.06, 0.90, 30,
            "graniterealty.com", "(312) 555-0151", -44),
    _Client("Harbor Foods", "C-1008", "Food Distribution", "prospect", 5500.00, 0.0, 0.0, 30,
            "harborfoods.com", "(219) 555-0176", 0),
)

TECHS = (
    _Tech("Sarah Williams", "Senior Systems Engineer", 62.00, 40, 9.9, 0.96, (2, 2, 3), 0.45),
    _Tech("Mike Johnson", "Service Desk Technician", 38.00, 40, 7.2, 0.86, (2, 2, 3), 0.0),
    _Tech("Jane Doe", "Network Engineer", 55.00, 40, 7.4, 0.87, (1, 2, 2, 3), 0.0),
    _Tech("Priya Patel", "Project Engineer", 58.00, 32, 6.6, 0.90, (1, 2, 2), 0.0),
    _Tech("Tom Becker", "Junior Technician", 30.00, 40, 3.9, 0.78, (1, 1, 2), 0.0),
    _Tech("Luis Ortega", "vCIO / Account Manager", 70.00, 40, 6.4, 0.72, (1, 1, 2), 0.0),
)
_PRESALES_TECH = "Luis Ortega"

# Offsets are in months from the first data month; the default 18 months ending October 2026
# start in May 2025, so offset -4 is January 2025 and offset 19 is December 2026.
LICENSES = (
    _License("Acme Dental", "Microsoft 365 Business Premium", "Microsoft", "subscription", 24, 22, 22.00, None, -10, None),
    _License("Acme Dental", "SentinelOne Control", "SentinelOne", "per endpoint", 30, 27, 6.00, None, -10, None),
    _License("Acme Dental", "Datto RMM", "Datto", "per endpoint", 30, 26, 3.50, None, -10, None),
    _License("Acme Dental", "Dropbox Business", "Dropbox", "subscription", 10, 4, 15.00, None, -6, None),
    _License("Brightside Logistics", "Microsoft 365 Business Premium", "Microsoft", "subscription", 60, 41, 22.00, None, -16, None),
    _License("Brightside Logistics", "SentinelOne Control", "SentinelOne", "per endpoint", 75, 70, 6.00, None, -16, None),
    _License("Brightside Logistics", "Datto RMM", "Datto", "per endpoint", 75, 72, 3.50, None, -16, None),
    _License("Brightside Logistics", "Zoom Workplace Pro", "Zoom", "subscription", 25, 9, 14.99, None, 2, None),
    _License("Cobalt Legal", "Microsoft 365 Business Premium", "Microsoft", "subscription", 35, 33, 22.00, None, -20, None),
    _License("Cobalt Legal", "Adobe Acrobat Pro", "Adobe", "subscription", 20, 9, 19.99, None, -8, None),
    _License("Cobalt Legal", "SentinelOne Complete", "SentinelOne", "per endpoint", 40, 36, 8.00, None, -20, None),
    _License("Cobalt Legal", "Dropbox Business", "Dropbox", "subscription", 35, 30, 15.00, None, -20, None),
    _License("Delta Manufacturing", "Microsoft 365 Business Standard", "Microsoft", "subscription", 80, 78, 12.50, None, -24, None),
    _License("Delta Manufacturing", "SentinelOne Control", "SentinelOne", "per endpoint", 95, 90, 6.00, None, -24, None),
    # Priced as one two-year agreement: costed as total_cost / 24 term months.
    _License("Delta Manufacturing", "Datto RMM", "Datto", "annual agreement", 100, 88, None, 8400.00, -4, 19,
             auto_renew=False),
    _License("Delta Manufacturing", "Adobe Acrobat Pro", "Adobe", "subscription", 12, 11, 19.99, None, 5, None),
    _License("Evergreen Schools", "Google Workspace", "Google", "subscription", 120, 84, 5.00, None, 3, None),
    _License("Evergreen Schools", "Zoom Workplace Pro", "Zoom", "subscription", 40, 12, 14.99, None, 3, None),
    _License("Evergreen Schools", "SentinelOne Control", "SentinelOne", "per endpoint", 130, 118, 5.50, None, 3, None),
    _License("Evergreen Schools", "Adobe Acrobat Pro", "Adobe", "subscription", 15, 14, 19.99, None, 3, None),
    # Over-assigned: one more user than seats bought (accepted, warned).
    _License("Foxglove Clinic", "Microsoft 365 Business Premium", "Microsoft", "subscription", 18, 19, 22.00, None, 0, None),
    _License("Foxglove Clinic", "SentinelOne Control", "SentinelOne", "per endpoint", 22, 20, 6.00, None, 0, None),
    # Expired before the data starts but never switched off: its term decides, not the flag.
    _License("Foxglove Clinic", "Dropbox Business", "Dropbox", "subscription", 15, 10, 15.00, None, -13, -1,
             auto_renew=False),
    _License("Granite Realty", "Microsoft 365 Business Premium", "Microsoft", "subscription", 20, 15, 22.00, None, -20, 10,
             is_active=False, auto_renew=False),
    _License("Granite Realty", "Zoom Workplace Pro", "Zoom", "subscription", 10, 7, 14.99, None, -8, 10,
             auto_renew=False),
)

_TASKS = ("Password reset", "Patch Tuesday updates", "Backup verification", "Printer troubleshooting",
          "New user setup", "Firewall rule change", "Email deliverability issue", "VPN access request",
          "Laptop replacement", "Security alert triage", "Wi-Fi dropouts", "MFA enrollment",
          "Server health check", "Line-of-business app update", "Quarterly business review prep")
_PRESALES_TASKS = ("Discovery call", "Network assessment", "Proposal drafting", "Site walkthrough")
_OFFBOARDING_TASKS = ("Data export for new provider", "Account handover", "Decommission agent")

# (client, project, first month offset, last month offset); offsets < 0 count from the last month.
_PROJECTS = (
    ("Delta Manufacturing", "Network Refresh", 3, 5),
    ("Evergreen Schools", "Chromebook Rollout", 3, 4),
    ("Brightside Logistics", "Warehouse Wi-Fi", 8, 9),
    ("Acme Dental", "New Clinic Fit-out", 12, 13),
    ("Evergreen Schools", "Chromebook Rollout", -3, -2),
)
# One-off project invoices: (client, month offset, day, amount, status, payment days).
_PROJECT_INVOICES = (
    ("Delta Manufacturing", 5, 15, 14850.00, "paid", 45),
    ("Evergreen Schools", 4, 28, 3980.00, "paid", 60),
    ("Brightside Logistics", 9, 20, 9420.00, "paid", 30),
    ("Acme Dental", 13, 12, 6375.00, "paid", 30),
    ("Foxglove Clinic", -1, 28, 2450.00, "pending", 30),
    ("Cobalt Legal", -1, 30, 1200.00, "draft", 30),
)
# Monthly invoice statuses other than "paid": (client, month offset from the end) -> status.
_UNPAID = {
    ("Delta Manufacturing", -4): "overdue",
    ("Evergreen Schools", -2): "unpaid",
    ("Evergreen Schools", -1): "unpaid",
    ("Cobalt Legal", -1): "unpaid",
    ("Delta Manufacturing", -1): "pending",
}

_BUDGETS = {"software": 2700.00, "hardware": 3800.00, "travel": 650.00, "training": 650.00,
            "utilities": 1150.00, "contractors": 2100.00}

CLIENTS_HEADER = ("client_id", "client_name", "industry", "status", "contact_email", "contact_phone",
                  "contract_start", "monthly_fee")
STAFF_HEADER = ("staff_name", "staff_email", "role", "hourly_cost", "capacity")
TIME_HEADER = ("entry_id", "client_name", "technician", "staff_email", "work_date", "hours", "rate",
               "billable", "project_name", "task_description", "ticket_id")
INVOICES_HEADER = ("invoice_no", "client_name", "invoice_date", "due_date", "currency", "total_amount",
                   "status")
LICENSES_HEADER = ("client", "product", "vendor", "license_type", "seats_purchased", "seats_assigned",
                   "cost_per_seat", "total_cost", "start_date", "end_date", "is_active", "auto_renew")
EXPENSES_HEADER = ("expense_id", "date", "category", "vendor", "description", "amount", "client_name")
BUDGETS_HEADER = ("month", "category", "budget_amount")


@dataclass(frozen=True)
class _Calendar:
    """The dataset's months: offset 0 is the first data month, offset months-1 holds `end`."""

    first: date
    end: date
    months: int

    def month_start(self, offset: int) -> date:
        """An event's month: negative offsets count back from the last month (-1 = the last)."""
        return self.raw_month_start(offset + self.months if -self.months <= offset < 0 else offset)

    def raw_month_start(self, offset: int) -> date:
        """A calendar month: negative offsets are months before the data (license terms)."""
        y, m = divmod(self.first.year * 12 + self.first.month - 1 + offset, 12)
        return date(y, m + 1, 1)

    def offset_of(self, d: date) -> int:
        return (d.year - self.first.year) * 12 + d.month - self.first.month


def _month_end(d: date) -> date:
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def _money(x: float) -> str:
    return f"{x:.2f}"


def _email(name: str, domain: str = "northwindmsp.com") -> str:
    return f"{name.lower().replace(' ', '.')}@{domain}"


def write_sample_dataset(directory: Path, *, end: date, months: int = 18, seed: int = 7) -> list[Path]:
    """Write clients, staff, time_entries, invoices, licenses, expenses and budgets CSVs into
    `directory` (created if needed) and return their paths in that order.

    `end` is the last day with data; the data covers the `months` calendar months ending with
    `end`'s month. Fewer than 12 months cannot hold the story (a client churning, a prospect
    appearing, last quarter vs the one before), so that is refused.
    """
    if not isinstance(end, date):
        raise TypeError(f"end must be a datetime.date, got {end!r}")
    if not isinstance(months, int) or months < MIN_MONTHS:
        raise ValueError(f"months must be a whole number of at least {MIN_MONTHS}, got {months!r}")
    y, m = divmod(end.year * 12 + end.month - 1 - (months - 1), 12)
    cal = _Calendar(date(y, m + 1, 1), end, months)
    rng = random.Random(seed)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tables = (
        ("clients.csv", CLIENTS_HEADER, _clients(cal)),
        ("staff.csv", STAFF_HEADER, _staff()),
        ("time_entries.csv", TIME_HEADER, _time_entries(cal, rng)),
        ("invoices.csv", INVOICES_HEADER, _invoices(cal, rng)),
        ("licenses.csv", LICENSES_HEADER, _licenses(cal)),
        ("expenses.csv", EXPENSES_HEADER, _expenses(cal, rng)),
        ("budgets.csv", BUDGETS_HEADER, _budgets(cal)),
    )
    paths = []
    for name, header, rows in tables:
        path = directory / name
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        paths.append(path)
    return paths


# ----------------------------------------------------------------------------- client timeline

def _churn_month(cal: _Calendar) -> int:
    """Granite Realty's last billed month: it left the MSP eight months before the data ends."""
    return cal.months - 8


def _presales_start(cal: _Calendar) -> int:
    return cal.months - 3


def _onboarding_month(client: _Client) -> int:
    """The first billed month: clients signed before the data starts are billed from month 0."""
    return max(client.contract_start, 0)


def _billed_months(cal: _Calendar, client: _Client) -> range:
    if client.status == "prospect":
        return range(0)
    last = _churn_month(cal) if client.status == "inactive" else cal.months - 1
    return range(_onboarding_month(client), last + 1)


def _fee(cal: _Calendar, client: _Client, offset: int) -> float:
    """Fees rose 4 % with the new year, except the school's fixed-price contract."""
    raised = cal.month_start(offset).year > cal.first.year and client.name != "Evergreen Schools"
    return client.monthly_fee * (1.04 if raised else 1.0)


def _clients(cal: _Calendar) -> list[list[str]]:
    rows = []
    for c in CLIENTS:
        contract_start = "" if c.status == "prospect" else cal.raw_month_start(c.contract_start).isoformat()
        rows.append([c.client_id, c.name, c.industry, c.status, f"it@{c.domain}", c.phone, contract_start,
                     _money(c.monthly_fee)])
    return rows


def _staff() -> list[list[str]]:
    return [[t.name, _email(t.name), t.role, _money(t.hourly_cost), f"{t.capacity:g}"] for t in TECHS]


# ----------------------------------------------------------------------------- time entries

def _client_weights(cal: _Calendar, day: date, tech: _Tech) -> list[tuple[_Client, float, str]]:
    """Who a technician can work for on `day`: (client, weight, kind) with kind service/presales/offboarding."""
    offset = cal.offset_of(day)
    churn = _churn_month(cal)
    options = []
    for c in CLIENTS:
        if c.status == "prospect":
            if tech.name == _PRESALES_TECH and offset >= _presales_start(cal):
                options.append((c, 0.25, "presales"))
        elif c.status == "inactive" and offset > churn:
            if offset == churn + 1 and day.day <= 15:
                options.append((c, 0.05, "offboarding"))
        elif offset >= _onboarding_month(c):
            options.append((c, c.hours_weight, "service"))
    return options


def _project_for(cal: _Calendar, client: _Client, day: date) -> str | None:
    offset = cal.offset_of(day)
    for name, project, first, last in _PROJECTS:
        if name == client.name and cal.month_start(first) <= cal.month_start(offset) <= cal.month_start(last):
            return project
    return None


def _split_hours(rng: random.Random, total: float, parts: int) -> list[float]:
    """Split a day's hours into `parts` entries in quarter hours, each at least 0.25."""
    quarters = max(parts, round(total * 4))
    cuts = sorted(rng.sample(range(1, quarters), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, quarters]
    return [(b - a) / 4 for a, b in zip(bounds, bounds[1:])]


def _days_off(cal: _Calendar, rng: random.Random) -> dict[str, set[date]]:
    """About 12 weekdays of leave a year per technician."""
    weekdays = [cal.first + timedelta(days=i) for i in range((cal.end - cal.first).days + 1)]
    weekdays = [d for d in weekdays if d.weekday() < 5]
    return {t.name: set(rng.sample(weekdays, len(weekdays) * 12 // 260)) for t in TECHS}


def _time_entries(cal: _Calendar, rng: random.Random) -> list[list[str]]:
    leave = _days_off(cal, rng)
    raise_day = date(cal.first.year + 1, 1, 1)
    rows: list[list[str]] = []
    ticket = 41200
    day = cal.first
    while day <= cal.end:
        for tech in TECHS:
            if day.weekday() < 5 and day not in leave[tech.name]:
                hours = tech.daily_hours * rng.uniform(0.85, 1.15)
                parts = rng.choice(tech.entries_per_day)
            elif day.weekday() == 5 and rng.random() < tech.saturday_odds:
                hours, parts = rng.uniform(2.0, 4.5), 1
            else:
                continue
            options = _client_weights(cal, day, tech)
            for h in _split_hours(rng, hours, parts):
                client, _, kind = rng.choices(options, weights=[w for _, w, _ in options])[0]
                ticket += 1
                if kind == "presales":
                    billable, project, task, ticket_id = False, "Pre-sales Assessment", rng.choice(_PRESALES_TASKS), ""
                elif kind == "offboarding":
                    billable, project, task, ticket_id = False, "Offboarding", rng.choice(_OFFBOARDING_TASKS), ""
                else:
                    billable = rng.random() < tech.billable_share * client.billable_share / 0.9
                    project = _project_for(cal, client, day)
                    task = rng.choice(_TASKS) if project is None else f"{project} work"
                    ticket_id = "" if project else f"T-{ticket}"
                    project = project or "Managed Services"
                cost = tech.hourly_cost * (0.96 if day < raise_day else 1.0)
                # About 2 % of entries come from a timesheet export without the cost column.
                rate = "" if rng.random() < 0.02 else _money(cost)
                rows.append([f"TE-{len(rows) + 1:05d}", client.name, tech.name, _email(tech.name),
                             day.isoformat(), f"{h:g}", rate, "yes" if billable else "no", project, task,
                             ticket_id])
        day += timedelta(days=1)
    return rows


# ----------------------------------------------------------------------------- invoices

def _invoices(cal: _Calendar, rng: random.Random) -> list[list[str]]:
    """Managed-services invoices on the 1st of each month, project invoices, a duplicate voided."""
    drafts: list[tuple[date, str, float, str, int]] = []  # (date, client, amount, status, payment days)
    last = cal.months - 1
    for c in CLIENTS:
        for offset in _billed_months(cal, c):
            amount = round(_fee(cal, c, offset) * rng.uniform(1.0, 1.05), 2)
            from_end = offset - cal.months
            status = _UNPAID.get((c.name, from_end), "paid")
            if c.status == "inactive" and offset == _churn_month(cal):
                status = "unpaid"  # the churned client never paid its last invoice
            drafts.append((cal.month_start(offset), c.name, amount, status, c.payment_days))
            if c.name == "Cobalt Legal" and offset == 6:
                drafts.append((cal.month_start(offset), c.name, amount, "void", c.payment_days))
            if c.name == "Delta Manufacturing" and offset == min(11, last):
                drafts.append((cal.month_start(offset) + timedelta(days=2), c.name, round(amount * 1.1, 2),
                               "void", c.payment_days))
    for name, offset, day, amount, status, days in _PROJECT_INVOICES:
        issued = min(cal.month_start(offset).replace(day=day), cal.end)
        drafts.append((issued, name, amount, status, days))
    drafts.sort(key=lambda d: (d[0], d[1], d[3]))
    rows = []
    for seq, (issued, name, amount, status, days) in enumerate(drafts, 1):
        rows.append([f"INV-{issued.year}-{seq:04d}", name, issued.isoformat(),
                     (issued + timedelta(days=days)).isoformat(), "USD", _money(amount), status])
    return rows


# ----------------------------------------------------------------------------- licenses

def _licenses(cal: _Calendar) -> list[list[str]]:
    rows = []
    for lic in LICENSES:
        start = cal.raw_month_start(lic.start)
        end = "" if lic.end is None else _month_end(cal.raw_month_start(lic.end)).isoformat()
        rows.append([lic.client, lic.product, lic.vendor, lic.license_type, str(lic.seats), str(lic.used),
                     "" if lic.cost_per_seat is None else _money(lic.cost_per_seat),
                     "" if lic.total_cost is None else _money(lic.total_cost), start.isoformat(), end,
                     str(lic.is_active).lower(), str(lic.auto_renew).lower()])
    return rows


# ----------------------------------------------------------------------------- expenses and budgets

_RECURRING = (  # (category, vendor, description, amount, first month offset)
    ("software", "ConnectWise", "PSA subscription", 1450.00, 0),
    ("software", "IT Glue", "Documentation platform", 620.00, 0),
    ("software", "Microsoft", "Internal Microsoft 365 tenant", 264.00, 0),
    ("software", "Auvik", "Network monitoring", 390.00, 6),
    ("utilities", "Comcast Business", "Office internet", 289.99, 0),
)
_VARIABLE = (  # (category, vendor, description, low, high, per month (choices), client-linked odds)
    ("utilities", "ComEd", "Office electricity", 310.00, 520.00, (1,), 0.0),
    ("utilities", "AT&T", "Staff mobile plans", 470.00, 560.00, (1,), 0.0),
    ("software", "Amazon Web Services", "Offsite backup storage", 180.00, 420.00, (1,), 0.0),
    ("travel", "Uber", "Client site visit rides", 18.00, 95.00, (1, 2, 3, 3), 0.6),
    ("travel", "Shell", "Fuel for on-site visits", 42.00, 120.00, (1, 2, 2), 0.5),
    ("travel", "United Airlines", "Flight to vendor conference", 320.00, 780.00, (0, 0, 1), 0.0),
    ("travel", "Marriott", "Hotel for on-site project", 180.00, 640.00, (0, 0, 1), 0.7),
    ("hardware", "Dell", "Replacement laptops", 900.00, 4200.00, (0, 1, 1), 0.8),
    ("hardware", "CDW", "Switches and cabling", 300.00, 2600.00, (0, 1, 1), 0.5),
    ("hardware", "Ubiquiti", "Access points", 150.00, 1200.00, (0, 0, 1), 0.7),
    ("hardware", "Amazon", "Cables, adapters and spares", 25.00, 300.00, (0, 1, 2), 0.4),
    ("training", "CompTIA", "Certification exam voucher", 392.00, 392.00, (0, 0, 1), 0.0),
    ("training", "Pluralsight", "Course licence", 299.00, 299.00, (0, 0, 0, 1), 0.0),
    ("contractors", "Upwork", "Freelance scripting help", 400.00, 1800.00, (0, 1, 1), 0.3),
    ("contractors", "Volt Cabling Co.", "Structured cabling", 1200.00, 4800.00, (0, 0, 1), 0.9),
)
_ONE_OFF = (  # (month offset, day, category, vendor, description, amount, client)
    (1, 9, "training", "Udemy Business", "Annual team plan", 1999.00, ""),
    (13, 9, "training", "Udemy Business", "Annual team plan", 2099.00, ""),
    (11, 18, "training", "SANS Institute", "Incident response course", 4500.00, ""),
    (3, 22, "hardware", "CDW", "Core switches for network refresh", 11300.00, "Delta Manufacturing"),
    (4, 14, "contractors", "Volt Cabling Co.", "Plant floor cabling", 6200.00, "Delta Manufacturing"),
    (12, 20, "hardware", "Dell", "Workstations for new clinic", 7850.00, "Acme Dental"),
    (9, 6, "contractors", "Volt Cabling Co.", "Warehouse access point runs", 3900.00, "Brightside Logistics"),
    (8, 27, "hardware", "Dell", "Return credit for damaged monitors", -412.50, ""),
)


def _expense_clients(cal: _Calendar, d: date) -> list[str]:
    return [c.name for c in CLIENTS if cal.offset_of(d) in _billed_months(cal, c)]


def _expenses(cal: _Calendar, rng: random.Random) -> list[list[str]]:
    items: list[tuple[date, str, str, str, float, str]] = []
    for offset in range(cal.months):
        first = cal.month_start(offset)
        last_day = min(_month_end(first), cal.end).day
        for category, vendor, description, amount, since in _RECURRING:
            if offset >= since:
                raised = amount * 1.05 if first.year > cal.first.year and vendor == "ConnectWise" else amount
                items.append((first.replace(day=min(3, last_day)), category, vendor, description, raised, ""))
        for category, vendor, description, low, high, counts, client_odds in _VARIABLE:
            for _ in range(rng.choice(counts)):
                d = first.replace(day=rng.randint(1, last_day))
                client = rng.choice(_expense_clients(cal, d)) if rng.random() < client_odds else ""
                items.append((d, category, vendor, description, rng.uniform(low, high), client))
    for offset, day, category, vendor, description, amount, client in _ONE_OFF:
        d = cal.month_start(offset).replace(day=day)
        if d <= cal.end:
            items.append((d, category, vendor, description, amount, client))
    items.sort(key=lambda i: (i[0], i[1], i[2]))
    return [[f"EXP-{n:04d}", d.isoformat(), category, vendor, description, _money(amount), client]
            for n, (d, category, vendor, description, amount, client) in enumerate(items, 1)]


def _budgets(cal: _Calendar) -> list[list[str]]:
    """A flat monthly plan per category, raised 5 % for software and hardware in the new year."""
    rows = []
    for offset in range(cal.months):
        first = cal.month_start(offset)
        for category, amount in _BUDGETS.items():
            if first.year > cal.first.year and category in ("software", "hardware"):
                amount *= 1.05
            rows.append([f"{first.year}-{first.month:02d}", category, _money(amount)])
    return rows
