"""Working days of the Chinese calendar: holidays and make-up working days (调休) included.

chinesecalendar knows the State Council's yearly holiday notice for the years it ships
with; the office's CalendarOverride rows come first (a correction, or a year the library
does not know yet); a year nobody knows falls back to Monday–Friday.
"""

from __future__ import annotations

import datetime

import chinese_calendar

ONE_DAY = datetime.timedelta(days=1)


class WorkingCalendar:
    """Load once (one query), then answer any number of questions without the database."""

    def __init__(self, overrides: dict[datetime.date, bool] | None = None):
        self.overrides = overrides or {}

    @classmethod
    def load(cls) -> WorkingCalendar:
        from .models import CalendarOverride

        return cls(dict(CalendarOverride.objects.values_list("day", "is_workday")))

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            return day.weekday() < 5

    def on_or_after(self, day: datetime.date) -> datetime.date:
        """The day itself if it is a working day, else the next working day."""
        while not self.is_workday(day):
            day += ONE_DAY
        return day

    def shift(self, day: datetime.date, working_days: int) -> datetime.date:
        """The working day ``working_days`` after (or, negative, before) ``day``.

        ``day`` is expected to be a working day (a due date after ``on_or_after``); 0
        returns it unchanged.
        """
        step = ONE_DAY if working_days > 0 else -ONE_DAY
        remaining = abs(working_days)
        while remaining:
            day += step
            if self.is_workday(day):
                remaining -= 1
        return day

    def working_days_after(self, start: datetime.date, end: datetime.date) -> int:
        """How many working days lie in (start, end]; 0 when end is not after start."""
        count = 0
        day = start
        while day < end:
            day += ONE_DAY
            count += self.is_workday(day)
        return count

    def effective_due(self, due_on: datetime.date) -> datetime.date:
        """A due date on a holiday or weekend moves to the next working day."""
        return self.on_or_after(due_on)
