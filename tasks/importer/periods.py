"""Read schedule periods such as ``2016年2-5月`` into (year, month) start and end.

Task breakdown tables and 实施步骤 paragraphs give each step a period: ``2016年2月``,
``2016年2-5月``, ``2016年5月-2017年10月``, ``2018年1-6月``, ``2022年8月-12月底``. A period
is returned as ``((start_year, start_month), (end_year, end_month))``, both inclusive.
"""

from __future__ import annotations

import re

YearMonth = tuple[int, int]

_DASHES = re.compile(r"\s*(?:[-－—–~～〜]+|至|到)\s*")
_SPACES = re.compile(r"[\s\u00a0\u3000]+")
_ENDPOINT = re.compile(
    r"""^
    (?:(?P<year>\d{4})年?)?
    (?:(?P<month>\d{1,2})月?份?)?
    (?P<suffix>上旬|中旬|下旬|月初|月中|月底|月末|初|中|底|末|前|全年|上半年|下半年
        |第?[一二三四1-4]季度)?
    $""",
    re.VERBOSE,
)
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


class PeriodError(ValueError):
    """A period that cannot be read; the message is Chinese."""


def parse_period(text: str) -> tuple[YearMonth, YearMonth]:
    """Return ``((year, month), (year, month))`` for a period such as ``2016年5月-2017年10月``."""
    original = text
    text = _normalise(text)
    if not text:
        raise PeriodError("时间为空，无法识别")
    parts = _DASHES.split(text)
    if len(parts) > 2 or not all(parts):
        raise PeriodError(f"无法识别的时间：“{original}”")
    left = _endpoint(parts[0], original)
    right = _endpoint(parts[-1], original)
    if left["year"] is None:
        raise PeriodError(f"时间缺少年份：“{original}”")
    start = (left["year"], _first_month(left))
    end_year = right["year"] if right["year"] is not None else left["year"]
    if len(parts) == 2 and right["year"] is None and right["month"] is None:
        if right["suffix"] not in ("底", "末"):
            raise PeriodError(f"无法识别的时间：“{original}”")
    end = (end_year, _last_month(right))
    for year, month in (start, end):
        if not 1900 <= year <= 2200:
            raise PeriodError(f"年份不合理：“{original}”")
        if not 1 <= month <= 12:
            raise PeriodError(f"月份不合理：“{original}”")
    if end < start:
        raise PeriodError(f"结束时间早于开始时间：“{original}”")
    return start, end


# A day is finer than a schedule keeps: 2023年6月30日前 is due in June 2023.
_DAY = re.compile(r"(?<=月)\d{1,2}日")
_SAME_YEAR = re.compile(r"(?<=年)年(?=底|末|内|中)")  # 2024年年底前 → 2024年底前


def _normalise(text: str) -> str:
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    text = _SAME_YEAR.sub("", _DAY.sub("", _SPACES.sub("", text)))
    return text.strip("（）()。，,；;")


def _endpoint(part: str, original: str) -> dict:
    match = _ENDPOINT.match(part)
    if not match or not any(match.groupdict().values()):
        raise PeriodError(f"无法识别的时间：“{original}”")
    year = match.group("year")
    month = match.group("month")
    return {
        "year": int(year) if year else None,
        "month": int(month) if month else None,
        "suffix": (match.group("suffix") or "").removeprefix("月"),
    }


def _first_month(point: dict) -> int:
    if point["month"] is not None:
        return point["month"]
    suffix = point["suffix"]
    if suffix in ("底", "末"):
        return 12
    if suffix == "下半年":
        return 7
    if "季度" in suffix:
        return (_QUARTERS[suffix.removeprefix("第")[0]] - 1) * 3 + 1
    return 1


def _last_month(point: dict) -> int:
    if point["month"] is not None:
        return point["month"]
    suffix = point["suffix"]
    if suffix == "上半年":
        return 6
    if suffix == "初":
        return 1
    if "季度" in suffix:
        return _QUARTERS[suffix.removeprefix("第")[0]] * 3
    return 12


_ONGOING = re.compile(
    r"持续|长期|常态|逐步|分阶段|每年|每季度?|每月|每半年|每周|定期|按年度|按季度|适时|常年"
    r"|立即|即时|随时|动态"
)
_DEADLINE = re.compile(
    r"^(?:(?P<year>\d{4})?年(?:度)?)?(?:(?P<month>\d{1,2})月份?)?"
    r"(?P<suffix>上旬|中旬|下旬|上半年|下半年|初|中|底|末|内|第?[一二三四1-4]季度(?:末)?)?"
    r"(?:前|以前|之前)?(?:完成|启动|出台|建成|实现|见效|取得[^，,]*)?$"
)
# A start with no end: 2023年起, 2023年3月开始, 自2024年起.
_FROM = re.compile(r"^自?(?P<point>.+?)(?:起|开始|以后|之后)(?:实施|执行|施行)?$")
# The plan's year in words: 今年年底前, 本年度内, 明年6月底前; 全年 (a table's cell) is the
# whole of it.
_RELATIVE_YEAR = {"今年": 0, "本年": 0, "当年": 0, "全年": 0, "明年": 1, "次年": 1}
_BEFORE = re.compile(r"(?:前|以前|之前)(?:完成|启动|出台|建成|实现|见效)?$")


def parse_deadline(text: str, *, year: int | None) -> tuple[YearMonth | None, YearMonth | None]:
    """Read a deadline such as ``2019年12月底前`` or ``年底前`` into ``(start, end)``.

    A deadline has only an end; ``year`` (the plan's year) stands in when the text names
    none (``年底前``). Ongoing work (``持续推进``, ``长期坚持``) has neither, which is not an
    error: the text is kept as printed. A period (``2019年3月-6月``) reads as a period.
    """
    compact = _normalise(text)
    if not compact:
        raise PeriodError("时间为空，无法识别")
    if _ONGOING.search(compact):
        return None, None
    for word, offset in _RELATIVE_YEAR.items():
        if compact.startswith(word):
            if year is None:
                raise PeriodError(f"时间缺少年份：“{text}”")
            compact = f"{year + offset}年" + compact[len(word) :].removeprefix("年")
            break
    starts = _FROM.match(compact)
    if starts:
        (start_year, start_month), _ = parse_period(starts["point"])
        return (start_year, start_month), None
    try:
        start, end = parse_period(compact)
    except PeriodError:
        pass
    else:
        # 2020年前, 2023年第三季度前: due by the end of it, with no start.
        return (None, end) if _BEFORE.search(compact) else (start, end)
    match = _DEADLINE.match(compact)
    if not match or not (match.group("year") or match.group("month") or match.group("suffix")):
        raise PeriodError(f"无法识别的时间：“{text}”")
    end_year = int(match.group("year")) if match.group("year") else year
    if end_year is None:
        raise PeriodError(f"时间缺少年份：“{text}”")
    month = int(match.group("month")) if match.group("month") else None
    suffix = match.group("suffix") or ""
    if month is None and "季度" in suffix:
        month = _QUARTERS[suffix.removeprefix("第")[0]] * 3
    if month is None:
        month = 6 if suffix == "上半年" else 12
    if not (1900 <= end_year <= 2200 and 1 <= month <= 12):
        raise PeriodError(f"时间不合理：“{text}”")
    return None, (end_year, month)


# A deadline written in an item's sentences: 该项工作于2019年4月底前完成, 2019年3月底前，…,
# 要在年底前出台. Recurring ones (每年2月底前) and reports (已于2018年底前完成) are not.
_INLINE_DEADLINE = re.compile(
    r"(?P<when>(?<![\d年])(?:\d{4}\s*年\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?)?"
    r"|\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?|(?:今年|本年)?年)"
    r"\s*(?:底|末|上旬|中旬|下旬|上半年|下半年|第?[一二三四]季度末?)?\s*(?:前|以前|之前))"
)
_RECURRING = re.compile(r"每年|每季度|每月")
_PAST = re.compile(r"已|截至|截止")
_SENTENCE = re.compile(r"[^。；;!?！？\n]+")
_CLAUSE = re.compile(r"[^,，：:]+")


def inline_deadlines(text: str) -> list[tuple[str, str]]:
    """``(deadline as printed, its sentence)`` for every deadline stated in ``text``."""
    found = []
    digits = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    for sentence in _SENTENCE.finditer(digits):
        words = sentence.group()
        if _RECURRING.search(words):
            continue
        for match in _INLINE_DEADLINE.finditer(words):
            when = match["when"]
            clause = next(c for c in _CLAUSE.finditer(words) if c.end() >= match.end())
            if not re.search(r"\d|年底|年末", when) or _PAST.search(clause.group()):
                continue
            start = sentence.start() + match.start()
            found.append((text[start : start + len(when)], text[sentence.start() : sentence.end()]))
    return found
