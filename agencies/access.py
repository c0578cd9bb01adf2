"""Who may do what: the office sees and edits everything, agency staff only their own agency."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import Membership, User

# While a request is served, its user object (loaded afresh for each request by Django's
# authentication middleware, and gone with the request) remembers its memberships: a page
# asks "office?" and "which roles in this agency?" up to ten times. Outside a request (the
# API's token users, Celery, the shell, tests calling services) every question reads the
# database, as before.
_MEMO = "_ipplan_request_memberships"


def request_memberships_middleware(get_response):
    """From here on ``request.user`` answers ``is_office`` and ``roles_in_agency`` from one
    read of its memberships (after AuthenticationMiddleware)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            setattr(request.user, _MEMO, None)
        return get_response(request)

    return middleware


def _memberships(user: User) -> set[tuple[int, str]] | None:
    """(agency id, role) of all the person's memberships, read once per request; None when
    ``user`` is not a request's user."""
    if not hasattr(user, _MEMO):
        return None
    rows = getattr(user, _MEMO)
    if rows is None:
        # A set: no ORDER BY (the model's order would join the agencies on every request).
        memberships = Membership.objects.filter(user=user).order_by()
        rows = set(memberships.values_list("agency_id", "role"))
        setattr(user, _MEMO, rows)
    return rows


def is_office(user: User) -> bool:
    """The 联席会议办公室: superusers and anyone holding the supervisor role."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    rows = _memberships(user)
    if rows is not None:
        return any(role == Membership.Role.SUPERVISOR for _, role in rows)
    return user.memberships.filter(role=Membership.Role.SUPERVISOR).exists()


def roles_in_agency(user: User, agency_id: int) -> set[str]:
    """The person's roles in one agency (reporter, approver, …)."""
    if not user.is_authenticated:
        return set()
    rows = _memberships(user)
    if rows is not None:
        return {role for agency, role in rows if agency == agency_id}
    return set(user.memberships.filter(agency_id=agency_id).values_list("role", flat=True))


def agencies_where(user: User, held: set[str]) -> list[int] | None:
    """The agencies where the person holds one of ``held``, from the request's one read of
    memberships; None outside a request (the caller queries)."""
    rows = _memberships(user) if user.is_authenticated else None
    if rows is None:
        return None
    return sorted({agency for agency, role in rows if role in held})


def roles(user: User) -> set[str]:
    """The person's roles in any agency (the top bar's links, the inbox's 待审核)."""
    if not user.is_authenticated:
        return set()
    rows = _memberships(user)
    if rows is not None:
        return {role for _, role in rows}
    return set(user.memberships.values_list("role", flat=True))


def office_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log in first; then only the office passes (others get 403, not a login loop)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_office(request.user):
            raise PermissionDenied("只有联席会议办公室可以进行此操作。")
        return view(request, *args, **kwargs)

    return wrapped
