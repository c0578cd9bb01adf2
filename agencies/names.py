"""The one answer to "which name does this agency go by now?".

A body renamed or merged (the 2018 reform: 省工商局 → 省市场监管局) has a successor link;
every filter, table, chart, export and API list shows the **current** body's name, and the
name the document used as a hint (原省工商局) where the text used it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import QuerySet

from .models import Agency


@dataclass(frozen=True)
class AgencyName:
    current_id: int
    name: str  # the current body's short name (else its full name)
    hint: str = ""  # 原省工商局, when the body was known by another name
    full_name: str = ""  # the current body's full name: 江苏省市场监督管理局
    short_name: str = ""  # the current body's short name, "" when it has none

    def __str__(self) -> str:
        return f"{self.name}（{self.hint}）" if self.hint else self.name


class _Row(NamedTuple):
    """The columns of an agency a name needs; half the CPU of a model instance (a dashboard
    names some eighty agencies a page)."""

    pk: int
    name: str
    short_name: str
    successor_id: int | None

    def __str__(self) -> str:
        return Agency.__str__(self)  # the model's rule, not a copy of it


def _rows(ids: set[int] | QuerySet) -> dict[int, _Row]:
    rows = Agency.objects.filter(pk__in=ids).order_by().values_list(*_Row._fields)
    return {row[0]: _Row(*row) for row in rows}


def current_names(agency_ids: Iterable[int]) -> dict[int, AgencyName]:
    """Per agency id, its current body and name, following successor links (two queries at
    most: the agencies, then any successors not among them). ``agency_ids`` may be a query
    of agency ids (``values_list("pk", flat=True)``): it is then read as a subquery of the
    first query rather than on its own."""
    if isinstance(agency_ids, QuerySet):
        known = _rows(agency_ids)
        ids = set(known)
    else:
        ids = set(agency_ids)
        known = _rows(ids)
    return _follow(ids, known)


def current_names_of_rows(rows: Iterable[dict]) -> dict[int, AgencyName]:
    """``current_names`` of agencies whose columns the caller has read (``pk``, ``name``,
    ``short_name``, ``successor_id``, as ``.values()`` gives them): one query at most, for
    successors not among them."""
    known = {row["pk"]: _Row(**row) for row in rows}
    return _follow(set(known), known)


def _follow(ids: set[int], known: dict[int, _Row]) -> dict[int, AgencyName]:
    """Each of ``ids`` named by its current body, reading the successors ``known`` lacks."""
    while True:
        missing = {a.successor_id for a in known.values() if a.successor_id} - set(known)
        if not missing:
            break
        known.update(_rows(missing))
    result = {}
    for agency_id in ids:
        agency = known.get(agency_id)
        if agency is None:
            continue
        current, seen = agency, {agency.pk}
        while current.successor_id and current.successor_id not in seen:
            seen.add(current.successor_id)
            current = known[current.successor_id]
        hint = f"原{agency}" if current.pk != agency.pk else ""
        result[agency_id] = AgencyName(
            current.pk, str(current), hint, current.name, current.short_name
        )
    return result


def display_names(agency_ids: Iterable[int]) -> dict[int, str]:
    """Per agency id, the name a table, a list or an export shows: the current body's, with
    the old name as a hint when it changed (省商务和开放厅（原省商务厅）)."""
    return {pk: str(name) for pk, name in current_names(agency_ids).items()}
