"""The one place ipplan asks what time it is, so tests can freeze it and dates agree."""

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    return timezone.now()


def today() -> datetime.date:
    """Today in Asia/Shanghai, which is what due dates mean."""
    return timezone.localdate(now())
