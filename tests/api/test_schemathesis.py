"""Property-based tests of the whole API against its own OpenAPI schema (schemathesis).

Every operation is called with generated data, as the office and as an agency reporter;
no answer may be a server error or differ from what the schema promises (status codes,
content type, body, headers). Examples per operation are bounded so the run stays short.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import agency, issue

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def _operations():
    from django.core.wsgi import get_wsgi_application

    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    return [result.ok() for result in schema.get_all_operations()]


OPERATIONS = _operations()


@pytest.fixture
def in_test_transaction():
    """Calling the WSGI app directly fires the signals that close the database connection;
    Django's own test client detaches them too, so the test's transaction survives."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled(settings, in_test_transaction):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "st"}
    }


@pytest.fixture(params=["office", "agency"])
def caller(request, reporting_plan, office_supervisor, reporter_b, unthrottled) -> dict:
    if request.param == "office":
        secret = issue(office_supervisor, None, ("read", "review"), rate_per_minute=100000)
    else:
        secret = issue(reporter_b, agency("省商务厅"), ("read", "report"), rate_per_minute=100000)
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_operation_conforms_to_the_schema(operation, caller):
    @hypothesis_settings(
        max_examples=10,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    @given(case=operation.as_strategy())
    def check(case):
        case.call_and_validate(headers=caller, checks=CHECKS)

    check()
