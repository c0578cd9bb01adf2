"""Template context: the header's unread-notification count (one query, only if shown)."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict:
    user = request.user
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: unread_count(user) if user.is_authenticated else 0
        )
    }
