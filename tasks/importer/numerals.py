"""Chinese numerals in item labels: （八十九） → 89 and 89 → 八十九.

Plans number their chapters 一、, items （一）…（八十九）, articles 第十二条 and sub-items
1. / 1、 / １．. The conversion itself is delegated to cn2an, a maintained library, so
that unusual forms (一百零五, 一十五) behave the way readers expect.
"""

from __future__ import annotations

import re
from functools import lru_cache

import cn2an

# Every wrapper a label can carry around its number: brackets, 第…章/条/节, the enumeration
# comma and the (full-width) dot.
_LABEL = re.compile(
    r"""^\s*
    [（(〔\[]?\s*
    (?:第|专栏)?\s*
    (?P<number>[0-9０-９]+|[零〇○一二两三四五六七八九十百千]+)
    \s*[章条節节款项]?\s*
    [）)〕\]、．.，,]?\s*$""",
    re.VERBOSE,
)
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


class NumeralError(ValueError):
    """A label or number that cannot be converted; the message is Chinese."""


@lru_cache(maxsize=4096)
def label_number(label: str) -> int:
    """Return the number carried by an item label such as （八十九）, 一、, 第十二条 or １．."""
    match = _LABEL.match(label)
    if not match:
        raise NumeralError(f"无法识别的编号：“{label}”")
    number = match.group("number").translate(_FULL_WIDTH_DIGITS)
    if number.isdigit():
        return int(number)
    return chinese_to_int(number)


@lru_cache(maxsize=4096)
def chinese_to_int(numeral: str) -> int:
    """Convert a bare Chinese numeral (二十一, 一百零五) to an int."""
    # 〇/○ are the printed zero in dates and some labels; cn2an only knows 零.
    cleaned = numeral.replace("〇", "零").replace("○", "零").replace("两", "二")
    try:
        value = cn2an.cn2an(cleaned, "strict")
    except (ValueError, KeyError) as error:
        raise NumeralError(f"无法识别的中文数字：“{numeral}”") from error
    return int(value)


def chinese_numeral(n: int) -> str:
    """Return the Chinese numeral used in labels for ``n`` (89 → 八十九, 10 → 十)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise NumeralError(f"编号必须是非负整数，收到：{n!r}")
    return cn2an.an2cn(n)


def digits_to_int(digits: str) -> int:
    """Read a year written digit by digit: 二○一二 → 2012, ２０１６ → 2016."""
    table = {"零": 0, "〇": 0, "○": 0, "O": 0, "o": 0, "Ｏ": 0}
    table.update({ch: i for i, ch in enumerate("一二三四五六七八九", start=1)})
    digits = digits.translate(_FULL_WIDTH_DIGITS)
    value = 0
    for ch in digits:
        if ch.isdigit():
            value = value * 10 + int(ch)
        elif ch in table:
            value = value * 10 + table[ch]
        else:
            raise NumeralError(f"无法识别的年份数字：“{digits}”")
    return value
