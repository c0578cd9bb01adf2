"""Dates read 2026年1月10日 everywhere and joined messages never read 。；"""

import datetime
import re
from zoneinfo import ZoneInfo

from django.template import Context, Template

from ipplan.formats import date_text, datetime_text, month_text, sentences

# A date formatted by hand for people to read; value="{{ d|date:'Y-m-d' }}" of a form is not.
HAND_FORMATTED = re.compile(r"""(?<!value=")\{\{[^}]*\|date:""")


def test_dates_and_times_read_in_chinese_without_leading_zeros():
    assert date_text(datetime.date(2026, 1, 10)) == "2026年1月10日"
    utc = datetime.datetime(2026, 1, 9, 22, 5, tzinfo=ZoneInfo("UTC"))
    assert datetime_text(utc) == "2026年1月10日 06:05"  # Asia/Shanghai
    assert date_text(utc) == "2026年1月10日"
    assert month_text(datetime.date(2016, 3, 1)) == "2016年3月"
    assert date_text(None) == "" and datetime_text(None) == ""


def test_filters_need_no_load_tag():
    rendered = Template("{{ d|date_text }} {{ none|date_text|default:'—' }}").render(
        Context({"d": datetime.date(2013, 1, 10), "none": None})
    )
    assert rendered == "2013年1月10日 —"


def test_sentences_join_without_doubled_punctuation():
    assert sentences(["请选择进展状态。", "请填写进展情况。"]) == "请选择进展状态；请填写进展情况。"
    assert sentences([]) == ""


def test_no_template_formats_a_date_by_hand():
    """One filter for dates: a |date:"Y-m-d" left in a template would bring ISO dates back."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for folder in ("templates", "tasks", "notifications", "agencies", "indicators")
        for pattern in ("*.html", "*.txt")
        for path in (root / folder).rglob(pattern)
        if HAND_FORMATTED.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
