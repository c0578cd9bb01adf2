"""ipplan: supervise a government action plan from its published text to its quarterly reports."""

from .celery import app as celery_app

__all__ = ("celery_app",)
