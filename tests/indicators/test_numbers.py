"""Tests for reading numbers as they are printed in plans and typed into reporting forms."""

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.numbers import QuantityError, normalise_digits, parse_quantity, parse_range

FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016", "2016"),
        ("２０１６", "2016"),
        ("３万", "30000"),
        ("3万", "30000"),
        ("2.2万", "22000"),
        ("２．２万", "22000"),
        ("2.5万", "25000"),
        ("1.5亿", "150000000"),
        ("157.88万", "1578800"),
        ("1,500", "1500"),
        ("１，５００", "1500"),
        ("12,345,678", "12345678"),
        (" 8 ", "8"),
        ("\u30008\u3000", "8"),
        ("8.6", "8.6"),
        ("36.14", "36.14"),
        ("0.5", "0.5"),
        ("8.60", "8.6"),
        ("-5", "-5"),
        ("+5", "5"),
        ("二十五", "25"),
        ("一百", "100"),
        ("九十九", "99"),
        ("两百", "200"),
        ("三万", "30000"),
        ("零", "0"),
        ("二○一二", "2012"),
        ("负五", "-5"),
    ],
)
def test_reads_numbers_as_written(text, expected):
    assert parse_quantity(text) == Decimal(expected)


def test_whole_numbers_come_back_without_exponent():
    assert str(parse_quantity("2.2万")) == "22000"
    assert str(parse_quantity("1.5亿")) == "150000000"


def test_multiplier_is_exact_beyond_decimal_precision():
    digits = "1234567890123456789012345678901234"
    assert parse_quantity(digits + "万") == Decimal(digits + "0000")
    assert parse_quantity("1.23456789万") == Decimal("12345.6789")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "“abc”不是有效的数字"),
        ("十三五", "“十三五”不是有效的数字"),
        ("第三", "“第三”不是有效的数字"),
        ("万", "“万”不是有效的数字"),
        ("3十", "“3十”不是有效的数字"),
        ("1.2.3", "“1.2.3”不是有效的数字"),
        ("1 2", "“1 2”不是有效的数字"),
        ("NaN", "“NaN”不是有效的数字"),
        ("Infinity", "“Infinity”不是有效的数字"),
        ("1e5", "“1e5”不是有效的数字"),
        ("25%", "“%”不是数字的一部分"),
        ("3万件", "“件”不是数字的一部分"),
        ("20亿元", "“元”不是数字的一部分"),
        ("1,50", "千位分隔符应每三位一组"),
        ("1,5000", "千位分隔符应每三位一组"),
        ("", "数字不能为空"),
        ("   ", "数字不能为空"),
    ],
)
def test_rejects_anything_else_with_a_chinese_message(text, message):
    with pytest.raises(QuantityError) as caught:
        parse_quantity(text)
    assert message in str(caught.value)
    assert caught.value.text == text


def test_quantity_error_is_a_value_error():
    assert issubclass(QuantityError, ValueError)


def test_message_quotes_the_input_as_the_user_typed_it():
    with pytest.raises(QuantityError, match="“２５％”"):
        parse_quantity(" ２５％ ")


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("1-2", 1, 2),
        ("1 - 2", 1, 2),
        ("2－3", 2, 3),
        ("2~3", 2, 3),
        ("2～3", 2, 3),
        ("2至3", 2, 3),
        ("3-5", 3, 5),
        ("10-15", 10, 15),
        ("２－３", 2, 3),
        ("4-4", 4, 4),
        ("1-2万", 10000, 20000),
        ("1万-2万", 10000, 20000),
        ("-5--2", -5, -2),
    ],
)
def test_reads_ranges(text, low, high):
    assert parse_range(text) == (Decimal(low), Decimal(high))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3-2", "下限 3 大于上限 2"),
        ("5", "“5”不是有效的范围"),
        ("", "范围不能为空"),
        ("a-b", "“a”不是有效的数字"),
        ("1-2个", "“个”不是数字的一部分"),
    ],
)
def test_rejects_bad_ranges(text, message):
    with pytest.raises(QuantityError) as caught:
        parse_range(text)
    assert message in str(caught.value)


def test_normalise_digits_folds_full_width():
    assert normalise_digits("２０１６年２月") == "2016年2月"
    assert normalise_digits("２．２万") == "2.2万"
    assert normalise_digits("２－３个") == "2-3个"
    assert normalise_digits("ＰＣＴ专利") == "PCT专利"
    assert normalise_digits("７５％") == "75%"
    assert normalise_digits("〔2016〕132号") == "〔2016〕132号"


@given(st.text())
def test_normalise_digits_keeps_the_length(text):
    assert len(normalise_digits(text)) == len(text)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=99999))
def test_integers_round_trip_in_every_written_form(number):
    expected = Decimal(number)
    assert parse_quantity(str(number)) == expected
    assert parse_quantity(str(number).translate(FULL_WIDTH_DIGITS)) == expected
    assert parse_quantity(f" {number:,} ") == expected
    assert parse_quantity(format(expected.scaleb(-4), "f") + "万") == expected
    if number % 10000 == 0:
        assert parse_quantity(f"{number // 10000}万") == expected
        assert parse_quantity(f"{number // 10000}万".translate(FULL_WIDTH_DIGITS)) == expected


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=99999))
def test_chinese_numerals_round_trip_through_cn2an(number):
    assert parse_quantity(cn2an.an2cn(number)) == Decimal(number)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=999))
def test_every_chinese_numeral_below_a_thousand(number):
    assert parse_quantity(cn2an.an2cn(number)) == Decimal(number)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=99999),
    st.integers(min_value=0, max_value=99999),
    st.sampled_from(["-", "－", "~", "～", "至", " - "]),
)
def test_ranges_round_trip(first, second, separator):
    low, high = sorted((first, second))
    assert parse_range(f"{low}{separator}{high}") == (Decimal(low), Decimal(high))


NUMBERISH = st.text(
    alphabet=st.sampled_from(
        list("0123456789０１２３４５６７８９.．,，-－+~～ ")
        + list("万亿千百十零〇○一二两三四五六七八九负点%件个元")
    ),
    max_size=12,
)


@settings(max_examples=2000, deadline=None)
@given(st.one_of(st.text(), NUMBERISH))
def test_garbage_parses_or_raises_quantity_error(text):
    try:
        value = parse_quantity(text)
    except QuantityError:
        return
    assert isinstance(value, Decimal)
    assert value.is_finite()


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(), NUMBERISH))
def test_garbage_ranges_parse_or_raise_quantity_error(text):
    try:
        low, high = parse_range(text)
    except QuantityError:
        return
    assert low <= high
