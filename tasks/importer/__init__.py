"""The plan importer: uploaded documents (.txt, .docx, .xlsx) → ``ParsedPlan`` objects.

``read_document`` is the single entry point: it picks the reader from the file name (and
the first bytes when the name says nothing), and raises ``DocumentError`` with a Chinese
message for anything that is not an importable plan.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from .decoding import DEFAULT_MAX_BYTES, DocumentError, check_size, decode_document
from .docx_reader import parse_docx
from .parsed import ParsedPlan
from .structure import settle_numbering
from .text_reader import parse_text
from .xlsx_reader import parse_xlsx

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DocumentError",
    "parse_docx",
    "parse_text",
    "parse_xlsx",
    "read_document",
]

_TEXT = {".txt", ".text", ".md", ""}
_UNSUPPORTED = {
    ".doc": "旧版Word文件(.doc)暂不支持，请另存为.docx后再导入",
    ".xls": "旧版Excel文件(.xls)暂不支持，请另存为.xlsx后再导入",
    ".wps": "WPS文字文件暂不支持，请另存为.docx后再导入",
    ".et": "WPS表格文件暂不支持，请另存为.xlsx后再导入",
    ".pdf": "PDF文件暂不支持，请提供纯文本、Word(.docx)或Excel(.xlsx)文件",
}


def read_document(
    data: bytes, *, filename: str, level: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[ParsedPlan]:
    """Parse an uploaded plan document; several plans when it is a listing."""
    check_size(data, max_bytes=max_bytes)
    kind = _kind(data, filename)
    if kind == "docx":
        plans = parse_docx(data, source_name=filename, level=level, max_bytes=max_bytes)
    elif kind == "xlsx":
        plans = parse_xlsx(data, source_name=filename, level=level, max_bytes=max_bytes)
    else:
        text = decode_document(data, max_bytes=max_bytes)
        plans = parse_text(text, source_name=filename, level=level)
    for plan in plans:
        settle_numbering(plan)
    return plans


def _kind(data: bytes, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    if suffix in _UNSUPPORTED:
        raise DocumentError(_UNSUPPORTED[suffix])
    if suffix in (".docx", ".docm"):
        return "docx"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in _TEXT:
        if suffix == "" and data.startswith(b"PK\x03\x04"):
            return _zip_kind(data)
        return "text"
    raise DocumentError(
        f"不支持的文件类型“{suffix}”，请上传纯文本(.txt)、Word(.docx)或Excel(.xlsx)"
    )


def _zip_kind(data: bytes) -> str:
    """Tell a .docx from a .xlsx by the parts inside the package."""
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile as error:
        raise DocumentError("文件已损坏：无法识别的压缩包") from error
    if any(name.startswith("word/") for name in names):
        return "docx"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    raise DocumentError("无法识别的文件：既不是Word(.docx)也不是Excel(.xlsx)")
