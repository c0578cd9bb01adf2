"""WSGI entry point (gunicorn ipplan.wsgi).

A request to the API that carries a token (``Authorization: Bearer …``) goes through a
shorter middleware chain than a web page: it is authenticated by its token alone (DRF's
token authentication answers for it, or refuses it, before sessions are consulted), writes
no session or cookie, shows no message and no login form. The middleware listed in
``NOT_FOR_API_TOKENS`` is left out for those requests; everything else — the security
headers, the Content-Security-Policy, X-Frame-Options and the 503 answer to a database
outage — runs as for every request, and a middleware added to settings later runs for them
too unless it is listed here. The status summary, which other systems poll, spent about a
seventh of its Python calls in the middleware it does not need.
"""

import os

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipplan.settings")
web_application = get_wsgi_application()

from api.authentication import KEYWORDS as TOKEN_KEYWORDS  # noqa: E402  (after setup)

NOT_FOR_API_TOKENS = {
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files are not under /api/
    "django.contrib.sessions.middleware.SessionMiddleware",  # the token is the credential
    "django.middleware.locale.LocaleMiddleware",  # the API answers in Chinese (api/base.py)
    # APPEND_SLASH never fires under /api/v1/: its catch-all route answers the JSON 404.
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",  # no cookie, no CSRF (DRF checks sessions)
    "django.contrib.auth.middleware.AuthenticationMiddleware",  # DRF sets request.user
    "agencies.access.request_memberships_middleware",  # token users query (agencies.access)
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",  # guards the login form only
}
API_PREFIX = "/api/v1/"
# Pages under /api/v1/ that a browser opens (HTML): always the full chain.
API_PAGES = ("/api/v1/docs/", "/api/v1/redoc/", "/api/v1/schema/")


class ApiTokenHandler(WSGIHandler):
    """Django's handler with settings.MIDDLEWARE less ``NOT_FOR_API_TOKENS``."""

    def load_middleware(self, is_async=False):
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = [path for path in full if path not in NOT_FOR_API_TOKENS]
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


api_token_application = ApiTokenHandler()


def carries_api_token(environ) -> bool:
    path = environ.get("PATH_INFO", "")
    return (
        path.startswith(API_PREFIX)
        and not path.startswith(API_PAGES)
        and environ.get("HTTP_AUTHORIZATION", "").split(" ", 1)[0].lower() in TOKEN_KEYWORDS
    )


def application(environ, start_response):
    if carries_api_token(environ):
        return api_token_application(environ, start_response)
    return web_application(environ, start_response)
