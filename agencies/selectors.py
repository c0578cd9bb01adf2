"""Reads about people in agencies; "who are an agency's active reporters" is answered here once.

Reminders, 催办, 督办 and the 无填报人 coverage all ask this module: a person counts only
while their account is active, and accounts that exist to act for an API token (created by
``api.tokens.service_account_for``, no usable password) are never people — whether the
token is live, revoked or expired, they receive nothing and cover nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet

from .models import Membership, User


def service_accounts() -> QuerySet[User]:
    """Accounts that act for an API token: they hold a token and cannot log in."""
    # The token table is the api app's; agencies reads it through the reverse relation
    # (``ApiToken.user``'s related_name) so that it never imports the api app.
    # Django marks an unusable password with a leading "!" (make_password(None)).
    return User.objects.filter(api_tokens__isnull=False, password__startswith="!")


def people_memberships(*, roles: Iterable[str]) -> QuerySet[Membership]:
    """Memberships in ``roles`` held by people who can act: active accounts, never a token's
    service account."""
    return Membership.objects.filter(role__in=list(roles), user__is_active=True).exclude(
        user__in=service_accounts()
    )


def agency_has_approver(agency_id: int) -> bool:
    """Whether a draft of this agency goes to its own approver (审核人) before the office:
    only a person who can act counts, so a deactivated approver never strands a report."""
    return people_memberships(roles=[Membership.Role.APPROVER]).filter(agency_id=agency_id).exists()


def people_accounts() -> QuerySet[User]:
    """Active accounts of people (no token service accounts)."""
    return User.objects.filter(is_active=True).exclude(pk__in=service_accounts())


def active_reporters(agency_ids: Iterable[int]) -> dict[int, list[User]]:
    """Per agency, its active reporters (people holding the reporter role). One query."""
    found: dict[int, list[User]] = {}
    for membership in (
        people_memberships(roles=[Membership.Role.REPORTER])
        .filter(agency_id__in=list(agency_ids))
        .select_related("user")
    ):
        found.setdefault(membership.agency_id, []).append(membership.user)
    return found


def _reporters() -> QuerySet[Membership]:
    return people_memberships(roles=[Membership.Role.REPORTER])


def agencies_without_reporter(agency_ids: Iterable[int]) -> set[int]:
    """The agencies among ``agency_ids`` that no active reporter covers (无填报人). One query."""
    wanted = set(agency_ids)
    covered = set(_reporters().filter(agency_id__in=wanted).values_list("agency_id", flat=True))
    return wanted - covered


def reporter_covers(agency: OuterRef) -> Exists:
    """Whether an active reporter covers ``agency`` (the same rule as
    ``agencies_without_reporter``), for a query that reads agencies by the row."""
    return Exists(_reporters().filter(agency_id=agency))
