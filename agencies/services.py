"""Writes to the agency directory, and resolving names as documents print them to agencies."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from tasks.importer.parsed import ParsedResponsibility

from .models import Agency, AgencyAlias, Membership, User
from .responsibility import parse_responsibilities


@dataclass
class DirectoryLoadResult:
    created: int
    updated: int


@transaction.atomic
def directory_load(*, entries: list[dict]) -> DirectoryLoadResult:
    """Create or update agencies from the seed format of ``fixtures/agencies.json``.

    Matching is by full name, so running it again updates rather than duplicates. Links
    (parent, successor, members) are set in a second pass because they may point forward.
    """
    existing = {agency.name: agency for agency in Agency.objects.all()}
    created = updated = 0
    for entry in entries:
        defaults = {
            "short_name": entry.get("short_name") or "",
            "level": entry["level"],
            "kind": entry["kind"],
            "is_active": entry.get("active", True),
        }
        agency = existing.get(entry["name"])
        if agency is None:
            agency = Agency(name=entry["name"], **defaults)
            agency.full_clean(exclude=["parent", "successor"])
            agency.save()
            existing[agency.name] = agency
            created += 1
        else:
            for field, value in defaults.items():
                setattr(agency, field, value)
            agency.save()
            updated += 1

    taken_aliases = set(AgencyAlias.objects.values_list("name", flat=True))
    for entry in entries:
        agency = existing[entry["name"]]
        agency.parent = existing[entry["parent"]] if entry.get("parent") else None
        agency.successor = existing[entry["successor"]] if entry.get("successor") else None
        agency.save(update_fields=["parent", "successor"])
        if entry.get("members"):
            agency.members.set([existing[name] for name in entry["members"]])
        new_aliases = [
            AgencyAlias(agency=agency, name=alias)
            for alias in entry.get("aliases", [])
            if alias not in taken_aliases and alias != agency.name
        ]
        taken_aliases.update(alias.name for alias in new_aliases)
        AgencyAlias.objects.bulk_create(new_aliases)
    return DirectoryLoadResult(created=created, updated=updated)


def directory_load_file(path: Path) -> DirectoryLoadResult:
    return directory_load(entries=json.loads(Path(path).read_text(encoding="utf-8")))


class AgencyDirectory:
    """An in-memory index of every name an agency goes by, loaded in two queries.

    A name that fits several agencies resolves only when the plan's level singles one
    out; otherwise it stays unresolved for the office, never merged with a guess.
    """

    def __init__(self) -> None:
        self._by_name: dict[str, list[Agency]] = defaultdict(list)
        agencies = {agency.pk: agency for agency in Agency.objects.all()}
        for agency in agencies.values():
            self._add(agency.name, agency)
            if agency.short_name:
                self._add(agency.short_name, agency)
        for alias_name, agency_id in AgencyAlias.objects.values_list("name", "agency_id"):
            self._add(alias_name, agencies[agency_id])

    def _add(self, name: str, agency: Agency) -> None:
        if agency not in self._by_name[name]:
            self._by_name[name].append(agency)

    def resolve(self, name: str, *, level: str | None = None) -> Agency | None:
        candidates = self._by_name.get(name.strip(), [])
        if len(candidates) == 1:
            return candidates[0]
        at_level = [agency for agency in candidates if agency.level == level]
        return at_level[0] if len(at_level) == 1 else None


@dataclass
class ResolvedResponsibility:
    parsed: ParsedResponsibility
    agency: Agency | None

    @property
    def needs_resolution(self) -> bool:
        return self.agency is None or self.parsed.needs_resolution


def resolve_responsibilities(
    text: str, *, level: str | None = None, directory: AgencyDirectory | None = None
) -> list[ResolvedResponsibility]:
    """Read a responsibility phrase and find each body it names in the directory."""
    directory = directory or AgencyDirectory()
    resolved = []
    for parsed in parse_responsibilities(text):
        agency = None if parsed.needs_resolution else directory.resolve(parsed.name, level=level)
        resolved.append(ResolvedResponsibility(parsed=parsed, agency=agency))
    return resolved


@transaction.atomic
def person_create(
    *, username: str, password: str, full_name: str, agency: Agency, role: str, **extra
) -> User:
    """Create (or refresh) a person with one role in one agency."""
    user, _ = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
    user.full_name = full_name
    for field, value in extra.items():
        setattr(user, field, value)
    user.set_password(password)
    user.save()
    Membership.objects.get_or_create(user=user, agency=agency, role=role)
    return user
