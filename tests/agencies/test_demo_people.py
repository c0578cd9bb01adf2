"""The run command's demo people exist with their roles, can log in, and never in production."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from agencies.demo import DEMO_PASSWORD, DEMO_PEOPLE, demo_people_create
from agencies.models import Membership, User

pytestmark = pytest.mark.django_db


def test_demo_people_have_their_roles_and_can_log_in(directory, settings, client):
    settings.DEBUG = True
    logins = demo_people_create()
    assert [login.username for login in logins] == [p[0] for p in DEMO_PEOPLE]
    office = User.objects.get(username="office")
    assert office.is_superuser
    assert office.memberships.get().role == Membership.Role.SUPERVISOR
    approver = Membership.objects.get(user__username="keji-lead")
    assert (approver.agency.short_name, approver.role) == ("省科技厅", Membership.Role.APPROVER)
    assert client.login(username="keji", password=DEMO_PASSWORD)
    # Running it again neither duplicates nor fails.
    demo_people_create()
    assert User.objects.filter(username__in=[p[0] for p in DEMO_PEOPLE]).count() == len(DEMO_PEOPLE)
    assert Membership.objects.count() == len(DEMO_PEOPLE)


def test_demo_people_are_refused_when_debug_is_off(directory, settings):
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        demo_people_create()
    assert not User.objects.exists()


def test_the_command_prints_every_login(directory, settings, capsys):
    settings.DEBUG = True
    call_command("demo_people")
    printed = capsys.readouterr().out
    for username, *_ in DEMO_PEOPLE:
        assert username in printed
    assert DEMO_PASSWORD in printed
