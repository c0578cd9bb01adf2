"""A period's status summary, cached: what the API's summary endpoint serves at volume.

The counts are the same for every viewer (``period_status_summary``: one aggregate over the
period's reports); who may see the period is decided per request before the cache is read.

Freshness: every period has a version token in the cache, and its counts are stored with
the token they were computed under. The reporting services replace the token whenever a
report of the period changes state or a period opens
(``tasks.services.reporting.period_summary_changed``), immediately and again when the
transaction commits. A reader reads the token before it counts, and serves stored counts only
under the current token; so counts computed from rows read before a commit carry a token the
commit has already replaced and are never served after it. ``SUMMARY_TTL`` only bounds what a
write outside the services (a data fix in SQL, a restored backup) could leave stale; clear the
cache after such a change.

The cache is the Django cache: Redis in production, process memory in embedded mode (one
process there, so the services and the readers share it).
"""

from __future__ import annotations

import logging
import secrets

from django.core.cache import cache

from ipplan.cache import CacheUnavailable

from ..models import ReportingPeriod
from .counts import period_status_summary

SUMMARY_TTL = 300  # seconds
# Tokens are random, so a version that expires (or is evicted) only costs one recount.
VERSION_TTL = 86400
logger = logging.getLogger(__name__)


def _key(period: ReportingPeriod) -> str:
    # The creation time tells apart periods that reuse an id: a test database rolled back or
    # re-created, a database re-created under a Redis that kept its data.
    return f"ipplan:summary:{period.pk}:{period.created_at.timestamp():.6f}"


def summary_version_replace(period: ReportingPeriod) -> None:
    """Make every cached summary of the period unreachable (a fresh, never-used token)."""
    try:
        cache.set(f"{_key(period)}:version", secrets.token_hex(8), timeout=VERSION_TTL)
    except CacheUnavailable as error:
        # Counts cached before the outage may be served until SUMMARY_TTL runs out.
        logger.warning("summary of period %s not invalidated: %s", period.pk, error)


def period_status_summary_cached(period: ReportingPeriod) -> dict[str, int]:
    """``period_status_summary`` of the period, from the cache when its version is current.

    The counts are stored with the version they were computed under, and read together
    with the current version in one round trip; they are served only if the two agree.
    Without the cache the counts are computed every time.
    """
    try:
        return _cached_summary(period)
    except CacheUnavailable:
        return period_status_summary(period.plan_id, period)


def _cached_summary(period: ReportingPeriod) -> dict[str, int]:
    key = _key(period)
    found = cache.get_many([f"{key}:version", f"{key}:counts"])
    version = found.get(f"{key}:version")
    if version is None:
        version = secrets.token_hex(8)
        if not cache.add(f"{key}:version", version, timeout=VERSION_TTL):
            version = cache.get(f"{key}:version", version)
    stored = found.get(f"{key}:counts")
    if stored is not None and stored[0] == version:
        return stored[1]
    counts = period_status_summary(period.plan_id, period)
    cache.set(f"{key}:counts", (version, counts), timeout=SUMMARY_TTL)
    return counts
