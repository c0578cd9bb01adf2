"""Fixtures of the office's set-up pages: a freshly imported plan nobody has assigned yet."""

from __future__ import annotations

import pytest
from django.test import Client

from agencies.models import Agency
from tasks.models import Measure, Plan, Section


@pytest.fixture
def login():
    def log_in(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return log_in


@pytest.fixture
def city_plan(directory):
    """A published city plan of two chapters, four measures, no bodies assigned."""
    plan = Plan.objects.create(
        title="连云港市知识产权行动计划",
        slug="lyg-test",
        level="city",
        status=Plan.Status.PUBLISHED,
        period_start_year=2026,
        period_end_year=2027,
    )
    for number, title in ((1, "强化创造"), (2, "加强保护")):
        chapter = Section.objects.create(
            plan=plan, number=number, label=f"{'一二'[number - 1]}、", title=title
        )
        for index in (1, 2):
            order = (number - 1) * 2 + index
            Measure.objects.create(
                plan=plan,
                section=chapter,
                number=index,
                label=f"{order}.",
                ref=f"{number}.{index}",
                order=order,
                text=f"第{order}项措施：{'专利' if index == 1 else '商标'}工作。",
            )
    return plan


def agency(short_name: str) -> Agency:
    return Agency.objects.get(short_name=short_name)
