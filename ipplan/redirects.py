"""The one rule for following a return address (a form's ``next``, the Referer): only to a
page of this site. Every view that sends a person "back" goes through here, so an address
such as ``https://evil.example/``, ``//evil.example`` or ``javascript:`` is never followed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def local_url(request: HttpRequest, url: str | None) -> str:
    """``url`` when it leads to this site (same host, same or safer scheme), else ``""``."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def redirect_next(request: HttpRequest, fallback: str, *args, **kwargs) -> HttpResponseRedirect:
    """Redirect to the ``next`` the form posted (or the query carried) when it is one of our
    pages; otherwise to ``fallback`` (a URL name, resolved with ``args``/``kwargs``)."""
    target = local_url(request, request.POST.get("next") or request.GET.get("next"))
    if target:
        return redirect(target)
    return redirect(fallback, *args, **kwargs)
