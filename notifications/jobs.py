"""Celery jobs for reminders: thin wrappers around the services, safe to run twice."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def deliver(delivery_ids: list[int]) -> dict[str, int]:
    """Send a batch of logged deliveries; rows already sent or held elsewhere are skipped."""
    return services.deliveries_send(delivery_ids)


@shared_task
def send_due_reminders() -> int:
    """Log the reminders, urges and escalations due today, then dispatch them."""
    services.reminders_plan()
    return services.deliveries_resume()


@shared_task
def resume_deliveries() -> int:
    """Dispatch retries whose backoff has passed and rows a dead worker or broker left."""
    return services.deliveries_resume()


@shared_task
def mark_late_reports() -> int:
    return services.reports_mark_late()


@shared_task
def open_due_periods() -> int:
    return len(services.periods_open_due())


@shared_task
def send_weekly_digest() -> int:
    return services.digest_send_weekly()
