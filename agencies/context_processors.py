"""Template context: whether the current person is the office, for navigation."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .access import is_office


def access(request: HttpRequest) -> dict:
    return {"is_office": SimpleLazyObject(lambda: is_office(request.user))}
