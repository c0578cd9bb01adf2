"""Who may use the Excel round trip: an agency's reporters and approvers fill and upload its
template; the office may download any agency's template to inspect it, never upload."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from agencies.access import is_office
from agencies.models import Agency, User

from ..models import ReportingPeriod
from ..workflow import EDITABLE_STATES, FILLING_ROLES

_VISIBLE_PERIODS = (ReportingPeriod.Status.OPEN, ReportingPeriod.Status.CLOSED)


def may_upload(user: User, agency: Agency) -> bool:
    """Uploading writes the agency's reports, so only its own reporters and approvers may."""
    if not user.is_authenticated:
        return False
    return user.memberships.filter(agency=agency, role__in=FILLING_ROLES).exists()


def may_download(user: User, agency: Agency) -> bool:
    return may_upload(user, agency) or is_office(user)


def agencies_for(user: User) -> QuerySet[Agency]:
    """The agencies whose templates the person may download, for the agency picker."""
    if is_office(user):
        agencies = Agency.objects.filter(reports__period__status__in=_VISIBLE_PERIODS)
    else:
        agencies = Agency.objects.filter(
            memberships__user=user, memberships__role__in=FILLING_ROLES
        )
    return agencies.distinct().order_by("level", "name")


def periods_for(agency: Agency) -> QuerySet[ReportingPeriod]:
    """The agency's open and closed periods, newest first, with its report counts by state."""
    mine = Q(reports__agency=agency)
    return (
        ReportingPeriod.objects.filter(status__in=_VISIBLE_PERIODS, reports__agency=agency)
        .select_related("plan")
        .annotate(
            report_count=Count("reports", filter=mine),
            editable_count=Count("reports", filter=mine & Q(reports__state__in=EDITABLE_STATES)),
        )
        .order_by("-status", "-starts_on", "plan__title")
    )
