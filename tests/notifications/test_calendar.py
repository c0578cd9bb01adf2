"""Working-day arithmetic against the State Council's 2024 and 2025 holiday notices."""

import datetime

import pytest

from ipplan.workcalendar import WorkingCalendar
from notifications.models import CalendarOverride

D = datetime.date
cal = WorkingCalendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2024, 10, 1), False),  # 国庆节
        (D(2024, 10, 7), False),
        (D(2024, 10, 8), True),
        (D(2024, 9, 29), True),  # Sunday, 调休上班
        (D(2024, 10, 12), True),  # Saturday, 调休上班
        (D(2024, 10, 13), False),  # an ordinary Sunday
        (D(2024, 2, 18), True),  # Sunday after 春节, 调休上班
        (D(2024, 4, 4), False),  # 清明节
        (D(2024, 4, 7), True),  # Sunday, 调休上班
        (D(2025, 1, 26), True),  # Sunday before 春节 2025, 调休上班
        (D(2025, 2, 3), False),  # 春节 2025 (Jan 28 – Feb 4)
        (D(2025, 10, 8), False),  # 国庆中秋 2025 (Oct 1 – 8)
        (D(2025, 10, 11), True),  # Saturday, 调休上班
    ],
)
def test_holidays_and_make_up_days_are_known(day, working):
    assert cal.is_workday(day) is working


def test_a_due_date_in_the_national_day_holiday_moves_to_the_first_working_day():
    assert cal.due_date(D(2024, 10, 5)) == D(2024, 10, 8)
    assert cal.due_date(D(2024, 10, 8)) == D(2024, 10, 8)
    assert cal.due_date(D(2024, 10, 13)) == D(2024, 10, 14)  # Sunday → Monday


def test_reminder_days_around_a_due_date_after_the_national_day_holiday():
    due = D(2024, 10, 10)  # Q3 2024: the 10th day after the quarter
    # Back 5 working days: 10-09, 10-08, (10-01..07 off) 09-30, 09-29 (调休 Sunday), 09-27.
    assert cal.shift(due, -5) == D(2024, 9, 27)
    assert cal.shift(due, -2) == D(2024, 10, 8)
    assert cal.shift(due, 0) == due
    assert cal.shift(due, 1) == D(2024, 10, 11)
    # Forward 5: 10-11, 10-12 (调休 Saturday), 10-14, 10-15, 10-16.
    assert cal.shift(due, 5) == D(2024, 10, 16)
    assert cal.working_days_after(due, D(2024, 10, 14)) == 3
    assert cal.working_days_after(due, due) == 0


def test_spring_festival_2025_is_skipped_whole():
    assert cal.shift(D(2025, 1, 27), 1) == D(2025, 2, 5)
    assert cal.shift(D(2025, 2, 5), -1) == D(2025, 1, 27)
    # Jan 26 (Sunday) is a make-up day, Jan 25 (Saturday) is not.
    assert cal.shift(D(2025, 1, 27), -1) == D(2025, 1, 26)
    assert cal.shift(D(2025, 1, 27), -2) == D(2025, 1, 24)


@pytest.mark.django_db
def test_the_office_overrides_years_the_library_does_not_know():
    # 2030 is beyond chinesecalendar's data: without overrides only weekends are off.
    assert WorkingCalendar.load().shift(D(2029, 12, 31), 1) == D(2030, 1, 1)
    CalendarOverride.objects.create(day=D(2030, 1, 1), is_workday=False, note="元旦")
    CalendarOverride.objects.create(day=D(2030, 1, 5), is_workday=True, note="调休上班")
    loaded = WorkingCalendar.load()
    assert loaded.shift(D(2029, 12, 31), 1) == D(2030, 1, 2)
    assert loaded.shift(D(2030, 1, 4), 1) == D(2030, 1, 5)  # a Saturday made a working day


@pytest.mark.django_db
def test_an_override_beats_the_library():
    CalendarOverride.objects.create(day=D(2024, 10, 12), is_workday=False, note="更正")
    assert WorkingCalendar.load().shift(D(2024, 10, 11), 1) == D(2024, 10, 14)
