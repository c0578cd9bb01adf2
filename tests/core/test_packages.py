"""One check of a zip package's size before parsing, with each caller's limits and words.

The Excel upload (a filled template) and the importer (a .docx or .xlsx document) both call
core.packages.zip_members; a package over either limit is refused before any parser opens
it, with the caller's own Chinese message.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import override_settings

from core.packages import PackageRefused, zip_members
from tasks.excel.reading import ExcelError
from tasks.excel.reading import check_package as check_upload
from tasks.importer.decoding import DocumentError
from tasks.importer.decoding import check_package as check_document


def package(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


BOMB = package({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b" " * 30_000_000})
MANY = package({f"part{n}.xml": b"<a/>" for n in range(300)})


def test_the_limits_are_the_callers():
    assert len(BOMB) < 100_000
    assert len(zip_members(BOMB, max_members=10, max_inflated=40_000_000)) == 2
    with pytest.raises(PackageRefused) as refused:
        zip_members(BOMB, max_members=10, max_inflated=20_000_000)
    assert (refused.value.reason, refused.value.inflated) == ("inflated", 30_000_008)
    with pytest.raises(PackageRefused, match="inflated"):  # far more than its own size
        zip_members(BOMB, max_members=10, max_inflated=40_000_000, max_ratio=100)
    with pytest.raises(PackageRefused) as refused:
        zip_members(MANY, max_members=200, max_inflated=40_000_000)
    assert (refused.value.reason, refused.value.members) == ("members", 300)
    with pytest.raises(PackageRefused, match="corrupt"):
        zip_members(b"PK\x03\x04 not really a zip", max_members=10, max_inflated=1)


@override_settings(IPPLAN_EXCEL_MAX_INFLATED_BYTES=20 * 1048576)
def test_the_excel_upload_refuses_in_its_own_words():
    with pytest.raises(ExcelError) as refused:
        check_upload(BOMB)
    assert refused.value.messages == [
        "无法读取文件：文件解压后有 28.6 MB，超过 20.0 MB 的上限，不是正常的填报模板。"
    ]
    with pytest.raises(ExcelError) as refused:
        check_upload(MANY)
    assert refused.value.messages == ["无法读取文件：文件包含 300 个部件，不是正常的填报模板。"]


def test_the_importer_refuses_in_its_own_words():
    with pytest.raises(DocumentError) as refused:
        check_document(BOMB, what="Excel")
    assert str(refused.value) == "Excel文件解压后有28MB，远超其文件大小，可能是压缩炸弹，已拒绝导入"
    with pytest.raises(DocumentError) as refused:
        check_document(b"PK\x03\x04 broken", what="Word")
    assert str(refused.value) == "无法读取Word文件：文件已损坏，或不是Word格式"
