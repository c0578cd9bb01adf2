"""Chinese numerals in labels convert both ways (tasks.importer.numerals)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tasks.importer.numerals import (
    NumeralError,
    chinese_numeral,
    chinese_to_int,
    digits_to_int,
    label_number,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    ("label", "number"),
    [
        ("（八十九）", 89),
        ("（二十一）", 21),
        ("（十）", 10),
        ("(一)", 1),
        ("（一百零五）", 105),
        ("一、", 1),
        ("七、", 7),
        ("十、", 10),
        ("第十二条", 12),
        ("第一章", 1),
        ("第 3 条", 3),
        ("1.", 1),
        ("1、", 1),
        ("１．", 1),
        ("12．", 12),
        ("（3）", 3),
    ],
)
def test_label_number_reads_every_label_style(label: str, number: int) -> None:
    assert label_number(label) == number


@pytest.mark.parametrize(
    ("number", "numeral"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (21, "二十一"),
        (89, "八十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (999, "九百九十九"),
    ],
)
def test_chinese_numeral_writes_the_printed_form(number: int, numeral: str) -> None:
    assert chinese_numeral(number) == numeral


@given(st.integers(min_value=1, max_value=999))
def test_numeral_round_trip(number: int) -> None:
    numeral = chinese_numeral(number)
    assert chinese_to_int(numeral) == number
    assert label_number(f"（{numeral}）") == number
    assert label_number(f"{numeral}、") == number
    assert label_number(f"第{numeral}条") == number
    assert label_number(f"第{numeral}章") == number


@given(st.integers(min_value=1, max_value=999))
def test_arabic_labels_half_and_full_width(number: int) -> None:
    full_width = str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert label_number(f"{number}.") == number
    assert label_number(f"{number}、") == number
    assert label_number(f"{full_width}．") == number


def test_year_written_digit_by_digit() -> None:
    assert digits_to_int("二○一二") == 2012
    assert digits_to_int("二〇二二") == 2022
    assert digits_to_int("２０１６") == 2016


@pytest.mark.parametrize("label", ["abc", "", "（甲）", "第X条"])
def test_unreadable_label_raises_chinese_error(label: str) -> None:
    with pytest.raises(NumeralError) as caught:
        label_number(label)
    assert CHINESE.search(str(caught.value))


@pytest.mark.parametrize("value", [-1, 1.5, "3", True])
def test_chinese_numeral_rejects_non_numbers(value) -> None:
    with pytest.raises(NumeralError) as caught:
        chinese_numeral(value)
    assert CHINESE.search(str(caught.value))
