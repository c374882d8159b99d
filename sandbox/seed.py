"""What the sandbox starts with: four people with different roles, two channels, and sample data.

The workspace lives in memory, so its people and channels are made again at every start, always in
the same order: the stand-in hands out ids from a counter, so Ann is the same user id after a
restart and the roles stored for her in the database still apply. Roles and the sample dataset are
written to the database only when missing, so a restart never overrides what an admin changed
(`/moat role`) and never loads the sample data over real uploads.
"""
from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from core.ingest.pipeline import UploadReport
from core.governance.policy import Actor
from sandbox.sample_data import write_sample_dataset
from core.service import Service

from slack_standin.workspace import Channel, SlackWorkspace, User

log = logging.getLogger(__name__)

ANALYTICS = "analytics"
REVIEWERS = "reviewers"


@dataclass(frozen=True)
class Person:
    """Someone the page lets you be: `role` and `reviewer` are what the database gets on first start."""

    key: str
    name: str
    real_name: str
    role: str
    reviewer: bool = False

    @property
    def title(self) -> str:
        return f"{self.role} + reviewer" if self.reviewer else self.role


PEOPLE: tuple[Person, ...] = (
    Person("ann", "ann", "Ann Analyst", "analyst"),
    Person("rita", "rita", "Rita Reviewer", "viewer", reviewer=True),
    Person("adam", "adam", "Adam Admin", "admin"),
    Person("vic", "vic", "Vic Viewer", "viewer"),
)


@dataclass(frozen=True)
class SandboxPeople:
    """The workspace's people (by Person.key) and channels, as `seed_workspace` made them."""

    users: dict[str, User]
    analytics: Channel
    reviewers: Channel


def seed_workspace(workspace: SlackWorkspace) -> SandboxPeople:
    users = {person.key: workspace.add_user(person.name, person.real_name) for person in PEOPLE}
    return SandboxPeople(users=users, analytics=workspace.add_channel(ANALYTICS),
                         reviewers=workspace.add_channel(REVIEWERS))


def seed_roles(service: Service, people: SandboxPeople) -> None:
    """Gives each person their role unless the database already holds one for them."""
    for person in PEOPLE:
        user_id = people.users[person.key].id
        if service.user_role(user_id).source == "default":
            service.set_role(Actor.system(), user_id, person.role, reviewer=person.reviewer)


def last_day_of_previous_month(today: date) -> date:
    return today.replace(day=1) - timedelta(days=1)


def seed_dataset(service: Service, *, today: date | None = None) -> list[UploadReport]:
    """Uploads the sample MSP dataset (ending last month) when no data has been uploaded yet, so
    questions have answers at once; returns the upload reports (none when data was there)."""
    if service.snapshots():
        return []
    end = last_day_of_previous_month(today or date.today())
    reports = []
    with tempfile.TemporaryDirectory(prefix="moat-sandbox-") as directory:
        for path in write_sample_dataset(Path(directory), end=end):
            reports.append(service.upload(path, path.name, Actor.system()))
    log.info("sandbox: loaded the sample dataset (%d files, ending %s)", len(reports), end.isoformat())
    return reports
