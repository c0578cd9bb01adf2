"""Uploaded bytes become text the same way whatever the encoding (tasks.importer.decoding)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tasks.importer import DocumentError, read_document
from tasks.importer.decoding import decode_document, normalise_line
from tasks.importer.text_reader import parse_text

DOCUMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
PLAN_2012 = "2012-jiangsu-ip-strategy-action-plan.txt"
TONGZHOU = "2022-tongzhou-ip-strong-county-work-plan.txt"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def fixture_text(name: str) -> str:
    return (DOCUMENTS / name).read_text(encoding="utf-8")


def with_bom(text: str, encoding: str) -> bytes:
    boms = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-8": b"\xef\xbb\xbf"}
    return boms[encoding] + text.encode(encoding)


ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM": lambda text: with_bom(text, "utf-8"),
    "gbk": lambda text: text.encode("gbk"),
    "gb18030": lambda text: text.encode("gb18030"),
    "utf-16 (native BOM)": lambda text: text.encode("utf-16"),
    "utf-16-le with BOM": lambda text: with_bom(text, "utf-16-le"),
    "utf-16-be with BOM": lambda text: with_bom(text, "utf-16-be"),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("name", [PLAN_2012, TONGZHOU])
def test_every_encoding_decodes_to_the_same_text(name: str, encoding: str) -> None:
    text = fixture_text(name)
    assert decode_document(ENCODINGS[encoding](text)) == text


@pytest.mark.parametrize("encoding", ["gbk", "utf-16 (native BOM)"])
@pytest.mark.parametrize("name", [PLAN_2012, TONGZHOU])
def test_gbk_and_utf16_copies_parse_identically(name: str, encoding: str) -> None:
    text = fixture_text(name)
    expected = parse_text(text, source_name=name)
    data = ENCODINGS[encoding](text)
    assert read_document(data, filename=name) == expected


def test_line_endings_are_normalised() -> None:
    data = "一、总则\r\n（一）第一项。（省知识产权局负责）\r第二行\n".encode()
    assert decode_document(data) == "一、总则\n（一）第一项。（省知识产权局负责）\n第二行\n"


def is_chinese_error(error: pytest.ExceptionInfo) -> bool:
    return bool(CHINESE.search(str(error.value)))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n\t\n",
        "\u3000\u3000\n".encode(),
    ],
    ids=["empty", "whitespace", "ideographic-spaces"],
)
def test_empty_input_is_refused_in_chinese(data: bytes) -> None:
    with pytest.raises(DocumentError) as caught:
        decode_document(data)
    assert is_chinese_error(caught)


def binary_noise() -> bytes:
    generator = random.Random(20160217)
    return bytes(generator.randrange(256) for _ in range(4096))


@pytest.mark.parametrize(
    "data",
    [
        binary_noise(),
        b"\x00\x01\x02\x03" * 100,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        b"PK\x03\x04" + b"\x00" * 64,
        b"%PDF-1.7\n",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
        bytes([0x81, 0x20, 0xFF, 0xFE, 0x80]) * 50,
    ],
    ids=["noise", "controls", "png", "zip", "pdf", "ole", "invalid-gbk"],
)
def test_binary_or_unknown_encoding_is_refused_in_chinese(data: bytes) -> None:
    with pytest.raises(DocumentError) as caught:
        decode_document(data)
    assert is_chinese_error(caught)


def test_oversized_input_is_refused_in_chinese() -> None:
    data = fixture_text(PLAN_2012).encode()
    assert decode_document(data, max_bytes=len(data)) == fixture_text(PLAN_2012)
    with pytest.raises(DocumentError) as caught:
        decode_document(data, max_bytes=len(data) - 1)
    assert is_chinese_error(caught)
    assert str(len(data)) in str(caught.value)
    with pytest.raises(DocumentError) as caught:
        read_document(data, filename=PLAN_2012, max_bytes=1000)
    assert is_chinese_error(caught)


def test_text_without_numbered_structure_is_not_a_plan() -> None:
    data = "关于召开年度工作会议的通知\n请各单位准时参加会议。\n会议地点另行通知。\n".encode()
    with pytest.raises(DocumentError) as caught:
        read_document(data, filename="notice.txt")
    assert is_chinese_error(caught)


@pytest.mark.parametrize("filename", ["plan.pdf", "plan.doc", "plan.xls", "plan.exe"])
def test_unsupported_file_types_are_refused_in_chinese(filename: str) -> None:
    with pytest.raises(DocumentError) as caught:
        read_document(b"anything", filename=filename)
    assert is_chinese_error(caught)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("\u3000\u3000达８件\u00a0", "达8件"),
        ("２０１６年２－５月", "2016年2－5月"),
        ("增长１．５倍", "增长1.5倍"),
        ("“7 + 1”协作会议", "“7 + 1”协作会议"),
        ("第一章\u00a0总则", "第一章 总则"),
        ("\ufeff一、总体要求  ", "一、总体要求"),
    ],
)
def test_normalise_line(line: str, expected: str) -> None:
    assert normalise_line(line) == expected


@given(st.text(alphabet="０１２３４５６７８９．年月达件\u3000\u00a0 abc一二", max_size=40))
def test_normalise_line_is_idempotent_and_ascii_digits(line: str) -> None:
    once = normalise_line(line)
    assert normalise_line(once) == once
    assert not re.search(r"[０-９]", once)
