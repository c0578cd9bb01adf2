"""The one calendar module: working days, due dates, "is it late" and "how many days late".

Every page, export, API view, job, Excel upload and grade asks these questions here.

- **Working days** follow the State Council's yearly holiday notice (chinesecalendar) with
  the office's CalendarOverride rows first. A year neither knows falls back to
  Monday–Friday, and that fallback is *said*: ``missing_holiday_years`` lists such years
  and the dashboard and the calendar admin page show "2027年节假日安排尚未录入" until the
  office enters at least one day of that year.
- **The due date** of a period is its ``due_on`` moved onto the next working day when it
  falls on a weekend or holiday (``due_date``).
- **Late** means after the (moved) due date: a report delivered on the due date is on time.
- **Days late are calendar days (自然日)** counted from the moved due date: due Monday,
  delivered Wednesday → 逾期 2 天. Calendar days, not working days, because the figure is
  read next to a date ("截止 1月11日，逾期 2 天") and must not change when a holiday year
  is entered later; reminder offsets stay in working days (when to remind is a different
  question from how late a report is).
"""

from __future__ import annotations

import datetime
import threading
import time

import chinese_calendar
from django.apps import apps
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

ONE_DAY = datetime.timedelta(days=1)
# Said on the pages that show lateness, so the office knows what the figure counts.
DAYS_LATE_RULE = (
    "截止日期逢周末或法定节假日顺延到下一个工作日；"
    "逾期天数按自然日计算，从顺延后的截止日期次日起算。"
)


# Another web process sees an override change within this many seconds.
CACHE_SECONDS = 60
_cache: dict[str, tuple[float, WorkingCalendar]] = {}
_cache_lock = threading.Lock()


def _library_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class WorkingCalendar:
    """Load once (one query), then answer any number of questions without the database."""

    def __init__(self, overrides: dict[datetime.date, bool] | None = None):
        self.overrides = overrides or {}
        self._workday: dict[datetime.date, bool] = {}

    @classmethod
    def load(cls) -> WorkingCalendar:
        """The calendar with the office's overrides, read at most once a minute per process
        (and at once after an override changes here): pages ask it many times."""
        with _cache_lock:
            cached = _cache.get("calendar")
            if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
                return cached[1]
        override = apps.get_model("notifications", "CalendarOverride")
        calendar = cls(dict(override.objects.values_list("day", "is_workday")))
        with _cache_lock:
            _cache["calendar"] = (time.monotonic(), calendar)
        return calendar

    @staticmethod
    def forget(**_) -> None:
        """Drop the cached overrides (an override changed, or a test rolled one back)."""
        with _cache_lock:
            _cache.clear()

    def remember(self) -> None:
        """Serve this calendar from the cache (tests start each one with no overrides)."""
        with _cache_lock:
            _cache["calendar"] = (time.monotonic(), self)

    # --- working days --------------------------------------------------------------------

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        known = self._workday.get(day)
        if known is None:
            try:
                known = chinese_calendar.is_workday(day)
            except NotImplementedError:
                known = day.weekday() < 5  # said, not silent: see missing_holiday_years
            self._workday[day] = known
        return known

    def has_holidays(self, year: int) -> bool:
        """Whether the year's official holidays are known (library or the office's table)."""
        return _library_knows(year) or any(day.year == year for day in self.overrides)

    def missing_holiday_years(self, years) -> list[int]:
        """Of ``years``, those whose holidays nobody has entered (Monday–Friday is assumed)."""
        return sorted(year for year in set(years) if not self.has_holidays(year))

    def on_or_after(self, day: datetime.date) -> datetime.date:
        """The day itself if it is a working day, else the next working day."""
        while not self.is_workday(day):
            day += ONE_DAY
        return day

    def last_workday_before(self, day: datetime.date) -> datetime.date:
        day -= ONE_DAY
        while not self.is_workday(day):
            day -= ONE_DAY
        return day

    def shift(self, day: datetime.date, working_days: int) -> datetime.date:
        """The working day ``working_days`` after (or, negative, before) ``day``; 0 returns
        it unchanged (``day`` is expected to be a due date, a working day)."""
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

    # --- due dates and lateness ----------------------------------------------------------

    def due_date(self, due_on: datetime.date) -> datetime.date:
        """The date a report is really due: ``due_on`` moved off a weekend or holiday."""
        return self.on_or_after(due_on)

    def is_past_due(self, due_on: datetime.date, today: datetime.date) -> bool:
        """Whether a report due ``due_on`` and not delivered by ``today`` is late."""
        return today > self.due_date(due_on)

    def days_late(self, due_on: datetime.date, on: datetime.date) -> int:
        """Calendar days between the moved due date and ``on``; 0 on or before it."""
        return max(0, (on - self.due_date(due_on)).days)

    def report_days_late(
        self,
        due_on: datetime.date,
        today: datetime.date,
        *,
        delivered: bool,
        delivery_days_late: int,
    ) -> int:
        """How late a report is, as every page, export and the API say it: once delivered,
        how late its first delivery was (stored at delivery, final); never delivered, how
        late it is ``today`` — worked out when asked, never read from a stored column that a
        nightly job would have to keep up to date."""
        if delivered:
            return delivery_days_late
        return self.days_late(due_on, today)

    def days_left(self, due_on: datetime.date, today: datetime.date) -> int:
        """Calendar days until the moved due date (0 on the day, negative after it)."""
        return (self.due_date(due_on) - today).days

    def past_due_q(self, today: datetime.date, field: str = "period__due_on") -> Q:
        """A filter on ``field`` (a ``due_on``) meaning "its moved due date is before today".

        Moving is monotonic, so the periods past due are exactly those whose ``due_on`` is
        on or before the last working day before today: a plain index range, no join.
        """
        return Q(**{f"{field}__lte": self.last_workday_before(today)})


def holiday_years_to_watch(today: datetime.date) -> list[int]:
    """The years whose holidays matter now: this year, and next year from October on
    (the fourth quarter's report is due in January)."""
    return [today.year, today.year + 1] if today.month >= 10 else [today.year]


def missing_holiday_notice(today: datetime.date, cal: WorkingCalendar | None = None) -> str:
    """The warning the office sees while a year that matters has no holiday data, or ""."""
    cal = cal or WorkingCalendar.load()
    missing = cal.missing_holiday_years(holiday_years_to_watch(today))
    if not missing:
        return ""
    years = "、".join(f"{year}年" for year in missing)
    return (
        f"{years}节假日安排尚未录入：截止日期顺延和工作日提醒暂按周一至周五计算。"
        "请在“节假日调整”中录入放假和调休上班的日期。"
    )


post_save.connect(WorkingCalendar.forget, sender="notifications.CalendarOverride")
post_delete.connect(WorkingCalendar.forget, sender="notifications.CalendarOverride")
