"""Who may do what: the office sees and edits everything, agency staff only their own agency."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import Membership, User


def is_office(user: User) -> bool:
    """The 联席会议办公室: superusers and anyone holding the supervisor role."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.memberships.filter(role=Membership.Role.SUPERVISOR).exists()


def office_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log in first; then only the office passes (others get 403, not a login loop)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_office(request.user):
            raise PermissionDenied("只有联席会议办公室可以进行此操作。")
        return view(request, *args, **kwargs)

    return wrapped
