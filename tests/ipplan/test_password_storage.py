"""Passwords are stored as Argon2id (ipplan/hashers.py); the PBKDF2 hashes stored before still
log in, and each is re-made as Argon2id at that login.

The rest of the suite hashes with MD5 for speed (tests/conftest.py); these tests put back
the hashers production runs, from ipplan/settings.py itself.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, make_password
from django.test import Client

from ipplan import settings as production_settings

pytestmark = pytest.mark.django_db

ARGON2ID = "argon2$argon2id$v=19$m=19456,t=4,p=1$"


@pytest.fixture(autouse=True)
def _production_hashers(settings):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS


def test_a_new_password_is_stored_as_argon2id_at_the_chosen_cost(reporter_a):
    assert reporter_a.password.startswith(ARGON2ID)
    assert reporter_a.check_password("pw-reporter-a")
    assert not reporter_a.check_password("pw-reporter-b")
    assert make_password("另一个密码").startswith(ARGON2ID)


def test_a_person_with_a_pbkdf2_hash_logs_in_and_the_hash_becomes_argon2id(reporter_a):
    # As stored before Argon2 (Django's PBKDF2; few iterations only to keep the test fast:
    # the hash carries its own count, and a lower one than the default is upgraded too).
    old = PBKDF2PasswordHasher().encode("pw-reporter-a", "oldsalt1234567890", iterations=1000)
    reporter_a.password = old
    reporter_a.save(update_fields=["password"])

    client = Client()
    wrong = client.post("/login/", {"username": "reporter-a", "password": "pw-wrong"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    reporter_a.refresh_from_db()
    assert reporter_a.password == old  # a wrong password changes nothing

    response = client.post("/login/", {"username": "reporter-a", "password": "pw-reporter-a"})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    reporter_a.refresh_from_db()
    assert reporter_a.password.startswith(ARGON2ID)
    assert check_password("pw-reporter-a", reporter_a.password)

    # And with the new hash the same password still logs in.
    again = Client().post("/login/", {"username": "reporter-a", "password": "pw-reporter-a"})
    assert again.status_code == 302


def test_an_argon2_hash_made_with_other_parameters_is_remade_at_login(reporter_a):
    from django.contrib.auth.hashers import Argon2PasswordHasher

    class Cheaper(Argon2PasswordHasher):
        memory_cost, time_cost, parallelism = 8 * 1024, 1, 1

    reporter_a.password = Cheaper().encode("pw-reporter-a", Cheaper().salt())
    reporter_a.save(update_fields=["password"])
    response = Client().post("/login/", {"username": "reporter-a", "password": "pw-reporter-a"})
    assert response.status_code == 302
    reporter_a.refresh_from_db()
    assert reporter_a.password.startswith(ARGON2ID)
