"""API fixtures: a client, and tokens for the personas of tests/conftest.py."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient


def issue(user, agency=None, scopes=("read",), **extra) -> str:
    from api.tokens import token_create

    return token_create(
        name=f"测试令牌 {user.username}", user=user, agency=agency, scopes=set(scopes), **extra
    ).secret


def agency(short_name: str):
    from agencies.models import Agency

    return Agency.objects.get(short_name=short_name)


@pytest.fixture
def client_for():
    """An API client that sends the given token as ``Authorization: Bearer …``."""

    def make(secret: str | None = None) -> APIClient:
        client = APIClient()
        if secret:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return make


@pytest.fixture
def office_token(office_supervisor) -> str:
    return issue(office_supervisor, None, ("read", "review"))


@pytest.fixture
def reporter_a_token(reporter_a) -> str:
    return issue(reporter_a, agency("省科技厅"), ("read", "report"))


@pytest.fixture
def reporter_b_token(reporter_b) -> str:
    return issue(reporter_b, agency("省商务厅"), ("read", "report"))


@pytest.fixture
def read_token(viewer_a) -> str:
    return issue(viewer_a, agency("省科技厅"), ("read",))


def report_of(plan, label: str, short_name: str):
    from tasks.models import ProgressReport

    return ProgressReport.objects.get(
        measure__plan=plan, measure__label=label, agency__short_name=short_name
    )
