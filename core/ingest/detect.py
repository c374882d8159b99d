"""Which entity a sheet holds, decided from its headers (SPEC 2: the file name may help, never decide).

An entity qualifies when every required column (and, where the entity needs one, a client
reference) is present; among those, the one matching the most columns wins and the file or sheet
name only breaks ties. A sheet that matches another entity better than any qualifying one is
refused rather than stored as the wrong thing: "staff_name, date, hours" is a time sheet with its
client column missing, not a staff list with two ignored columns.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.entities import CLIENT_ID, CLIENT_NAME, ENTITIES, REQUIRED, Entity, normalize_header
from core.ingest.readers import IngestError

_CLIENT_REF = f"{CLIENT_ID.name} or {CLIENT_NAME.name}"
_MAX_LISTED_HEADERS = 15


@dataclass(frozen=True)
class Detection:
    entity: Entity
    columns: dict[int, str]  # header position -> entity column name
    ignored: tuple[str, ...]  # headers that match no column, as written


@dataclass(frozen=True)
class _Match:
    entity: Entity
    columns: dict[int, str]
    missing: tuple[str, ...]
    hinted: bool

    @property
    def qualifies(self) -> bool:
        return not self.missing

    @property
    def size(self) -> int:
        return len(set(self.columns.values()))


def _lookup(entity: Entity) -> dict[str, str]:
    return {normalize_header(name): column.name for column in entity.all_columns for name in column.header_names}


_LOOKUPS = {name: _lookup(entity) for name, entity in ENTITIES.items()}


def detect(header: Sequence[str], names: Sequence[str]) -> Detection:
    """The entity of a sheet with this header row; `names` (file stem, sheet title) may break ties.

    Raises IngestError naming the closest entity and what it lacks, or the headers that collide.
    """
    normalized = [normalize_header(h) for h in header]
    matches = [_match(entity, normalized, names) for entity in ENTITIES.values()]
    order = {entity: i for i, entity in enumerate(ENTITIES)}

    def rank(m: _Match) -> tuple:
        return (m.size, m.hinted, -order[m.entity.name])

    closest = max(matches, key=lambda m: (m.size, -len(m.missing), m.hinted, -order[m.entity.name]))
    qualifying = [m for m in matches if m.qualifies]
    best = max(qualifying, key=rank, default=None)
    if best is None or closest.size > best.size:
        found = ", ".join(h for h in normalized if h) or "no headers"
        if len(normalized) > _MAX_LISTED_HEADERS:
            found = ", ".join(h for h in normalized[:_MAX_LISTED_HEADERS] if h) + ", …"
        raise IngestError(f"could not tell what this file holds: closest is {closest.entity.name}, "
                          f"missing columns: {', '.join(closest.missing)} (found: {found})")
    _refuse_duplicates(header, best.columns)
    ignored = tuple(h.strip() for i, h in enumerate(header) if i not in best.columns and h.strip())
    return Detection(best.entity, best.columns, ignored)


def _match(entity: Entity, normalized: Sequence[str], names: Sequence[str]) -> _Match:
    lookup = _LOOKUPS[entity.name]
    columns = {i: lookup[h] for i, h in enumerate(normalized) if h in lookup}
    present = set(columns.values())
    missing = [c for c in entity.required_columns if c not in present]
    if entity.client_ref == REQUIRED and not present & {CLIENT_ID.name, CLIENT_NAME.name}:
        missing.insert(0, _CLIENT_REF)
    return _Match(entity, columns, tuple(missing), _hinted(entity, names))


def _hinted(entity: Entity, names: Sequence[str]) -> bool:
    """Whether a name contains one of the entity's hints as a whole word ("time_logs_2025" -> time logs)."""
    for name in names:
        padded = "_" + "_".join(re.findall(r"[a-z0-9]+", name.lower())) + "_"
        if any(f"_{hint}_" in padded for hint in entity.file_hints):
            return True
    return False


def _refuse_duplicates(header: Sequence[str], columns: dict[int, str]) -> None:
    by_column: dict[str, list[str]] = {}
    for position, column in columns.items():
        by_column.setdefault(column, []).append(header[position].strip())
    clashes = [_clash(column, headers) for column, headers in by_column.items() if len(headers) > 1]
    if clashes:
        raise IngestError(f"duplicate columns: {'; '.join(clashes)}; keep one of each")


def _clash(column: str, headers: list[str]) -> str:
    if len(set(headers)) == 1:
        return f"{headers[0]!r} appears {len(headers)} times"
    return f"{', '.join(repr(h) for h in headers)} all mean {column}"
