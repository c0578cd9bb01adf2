"""Read numbers the way people write them in Chinese documents and reporting forms.

Plans print ``２０１６``, ``3万``, ``2.2万``, ``达 8 件`` and ``二十五``; agencies type much the
same into the quarterly forms. ``parse_quantity`` turns one such number into an exact
``Decimal``; ``parse_range`` reads ``1-2`` / ``2－3`` / ``2至3``; ``normalise_digits`` folds
full-width characters to half-width without changing the length of the text, so offsets
found in the normalised text still point into the original.

Errors are ``QuantityError`` (a ``ValueError``) with a message in Chinese that names the
input, because the forms show it to the person who typed it.
"""

from __future__ import annotations

import re
from decimal import Decimal

import cn2an

# Full-width ASCII (U+FF01..U+FF5E) maps to ASCII by a fixed offset; the ideographic space
# becomes a plain space. Dash and tilde look-alikes that people type inside numbers and
# ranges become "-" and "~". Every mapping is one character to one character.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_LOOK_ALIKES = {
    0x3000: " ",  # ideographic space
    0x2010: "-",  # hyphen
    0x2011: "-",  # non-breaking hyphen
    0x2012: "-",  # figure dash
    0x2013: "-",  # en dash
    0x2212: "-",  # minus sign
    0xFE63: "-",  # small hyphen-minus
    0x301C: "~",  # wave dash
    0xFE52: ".",  # small full stop
    0xFE6A: "%",  # small percent sign
}
_NORMALISE = {**_FULL_WIDTH, **_LOOK_ALIKES}

# Multipliers that may follow Arabic digits: 3万, 2.2万, 1.5亿.
MULTIPLIERS = {"万": 4, "亿": 8, "万亿": 12}

_ARABIC = re.compile(
    r"(?P<sign>[+-]?)\s*"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"\s*(?P<multiplier>万亿|亿|万)?"
)
_GROUPED = re.compile(r"[+-]?\s*(?P<digits>\d+(?:,\d+)+)")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_RANGE = re.compile(r"^(?P<low>.+?)\s*(?:-|~|至|到|—)\s*(?P<high>.+)$")
_HINT = "可填写如 25、2.5、1,500、3万 或 二十五"


class QuantityError(ValueError):
    """A number or range that cannot be read; the message is meant for the user."""

    def __init__(self, message: str, text: str = "") -> None:
        super().__init__(message)
        self.text = text


def normalise_digits(text: str) -> str:
    """Fold full-width digits, letters and punctuation (``２``, ``．``, ``％``) to half-width.

    The result has exactly the length of ``text``: positions found in it are valid in the
    original, which is how the target extractor quotes the printed words.
    """
    return text.translate(_NORMALISE)


def parse_quantity(text: str) -> Decimal:
    """Read one number: ``２０１６``, ``3万``, ``2.2万`` (22000), ``1,500``, ``二十五``, `` 8 ``.

    Arabic digits may carry a thousands separator and a 万/亿 multiplier; the arithmetic is
    exact. A string of Chinese numerals is read with cn2an. Anything else raises
    ``QuantityError``.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_quantity expects str, got {type(text).__name__}")
    shown = text.strip()
    cleaned = normalise_digits(text).strip()
    if not cleaned:
        raise QuantityError("数字不能为空", text)

    grouping = _GROUPED.match(cleaned)
    if grouping and not _THOUSANDS.fullmatch(grouping["digits"]):
        raise QuantityError(f"“{shown}”不是有效的数字：千位分隔符应每三位一组，如 1,500", text)
    match = _ARABIC.match(cleaned)
    if match:
        rest = cleaned[match.end() :].strip()
        if not rest:
            return _arabic_value(match)
        if not (rest[0].isdigit() or rest[0] in ".,"):
            # Most often a unit typed into a number field: "25%", "3万件".
            raise QuantityError(
                f"“{shown}”不是有效的数字：“{rest}”不是数字的一部分，请只填写数值", text
            )
        raise QuantityError(f"“{shown}”不是有效的数字（{_HINT}）", text)
    if any(char.isdigit() for char in cleaned):
        # cn2an would accept mixtures such as "3十"; a form should not.
        raise QuantityError(f"“{shown}”不是有效的数字（{_HINT}）", text)
    return _chinese_value(cleaned, shown, text)


def parse_range(text: str) -> tuple[Decimal, Decimal]:
    """Read a range ``1-2``, ``2－3``, ``2~3``, ``2～3`` or ``2至3`` as ``(low, high)``.

    ``1-2万`` means 1万 to 2万: a bare left side takes the right side's 万/亿. The low end
    must not exceed the high end.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_range expects str, got {type(text).__name__}")
    shown = text.strip()
    cleaned = normalise_digits(text).strip()
    if not cleaned:
        raise QuantityError("范围不能为空", text)
    match = _RANGE.match(cleaned)
    if not match:
        raise QuantityError(f"“{shown}”不是有效的范围（应写成 1-2、2～3 或 2至3）", text)
    low_text, high_text = match["low"].strip(), match["high"].strip()
    high_match = _ARABIC.fullmatch(high_text)
    low_match = _ARABIC.fullmatch(low_text)
    if high_match and high_match["multiplier"] and low_match and not low_match["multiplier"]:
        low_text += high_match["multiplier"]
    try:
        low, high = parse_quantity(low_text), parse_quantity(high_text)
    except QuantityError as error:
        raise QuantityError(f"范围“{shown}”有误：{error}", text) from error
    if low > high:
        raise QuantityError(f"范围“{shown}”有误：下限 {low} 大于上限 {high}", text)
    return low, high


def _arabic_value(match: re.Match[str]) -> Decimal:
    value = Decimal(match["number"].replace(",", ""))
    if match["multiplier"]:
        sign, digits, exponent = value.as_tuple()
        # Shift the exponent instead of multiplying: exact for any length of input, where
        # Decimal multiplication would round to the context's 28 digits.
        value = Decimal((sign, digits, int(exponent) + MULTIPLIERS[match["multiplier"]]))
    if match["sign"] == "-":
        value = -value
    return _tidy(value)


def _chinese_value(cleaned: str, shown: str, text: str) -> Decimal:
    # Documents print the zero of 二○一二 with the geometric circle, not 〇.
    numeral = cleaned.replace("○", "〇").replace(" ", "")
    try:
        value = cn2an.cn2an(numeral, "normal")
    except Exception as error:
        # cn2an reports malformed numerals with ValueError, and some (十八十一) with
        # KeyError; either way the user typed something that is not a number.
        raise QuantityError(f"“{shown}”不是有效的数字（{_HINT}）", text) from error
    if not isinstance(value, int | float):
        raise QuantityError(f"“{shown}”不是有效的数字（{_HINT}）", text)
    return _tidy(Decimal(str(value)))


def _tidy(value: Decimal) -> Decimal:
    """Write whole numbers without an exponent (22000, not 2.2E+4) and drop trailing zeros."""
    sign, digits, exponent = value.as_tuple()
    exponent = int(exponent)
    if exponent > 0:
        return Decimal((sign, digits + (0,) * exponent, 0))
    while exponent < 0 and len(digits) > 1 and digits[-1] == 0:
        digits, exponent = digits[:-1], exponent + 1
    if digits == (0,):
        return Decimal(0)
    return Decimal((sign, digits, exponent))


def number_text(value: Decimal | None) -> str:
    """A stored Decimal as people write it: 30000.0000 → 30000, 2.5000 → 2.5."""
    if value is None:
        return ""
    return format(value.normalize(), "f")
