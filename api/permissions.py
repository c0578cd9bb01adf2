"""Scope checks: a token may do only what its scopes allow; a web session what its roles allow."""

from __future__ import annotations

from rest_framework import permissions

from .models import ApiToken, Scope


def required_scope(request, view) -> str:
    """Reads need ``read``; each write action names its scope in ``view.write_scopes``."""
    if request.method in permissions.SAFE_METHODS:
        return Scope.READ
    return getattr(view, "write_scopes", {}).get(getattr(view, "action", None), Scope.REVIEW)


class HasScope(permissions.BasePermission):
    """Authenticated, and when by token, holding the scope the action needs.

    Session users carry no scopes: the services decide from their memberships, as on the web.
    """

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        token = request.auth
        if isinstance(token, ApiToken):
            scope = required_scope(request, view)
            if scope not in token.scopes:
                self.message = f"该令牌没有“{scope}”权限范围，不能进行此操作。"
                self.code = "insufficient_scope"
                return False
        return True
