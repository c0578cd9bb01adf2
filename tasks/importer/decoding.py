"""Turn uploaded bytes into clean text: encoding detection and line normalisation.

Government documents arrive as UTF-8 (with or without BOM), as UTF-16 saved by Windows
tools, or as GB18030/GBK from older systems. Everything the importer reads goes through
``decode_document`` first, so the parsers only ever see ``str`` with ``\\n`` line ends.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from core.packages import PackageRefused, zip_members

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# A .docx or .xlsx is a zip package: refuse one that would inflate beyond what any real
# plan needs (a 1 MB crafted .docx once reached 2.1 GB in memory).
MAX_INFLATED_BYTES = 60 * 1024 * 1024
MAX_INFLATION_RATIO = 100
MAX_PACKAGE_MEMBERS = 2000

# Office and image formats are recognised by their first bytes so that the user gets a
# message naming the real problem instead of "unknown encoding".
_MAGIC = (
    (b"PK\x03\x04", "这是压缩包或Office文档（.docx/.xlsx），不是纯文本文件"),
    (b"%PDF", "这是PDF文件，暂不支持；请提供纯文本、Word(.docx)或Excel(.xlsx)文件"),
    (b"\xd0\xcf\x11\xe0", "这是旧版Word/Excel文件(.doc/.xls)，请另存为.docx或.xlsx后再导入"),
    (b"\x89PNG", "这是图片文件，不是文本"),
    (b"\xff\xd8\xff", "这是图片文件，不是文本"),
    (b"GIF8", "这是图片文件，不是文本"),
    (b"{\\rtf", "这是RTF文件，暂不支持；请另存为.docx或纯文本"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab/newline/form feed mean the bytes were not text.
_ALLOWED_CONTROLS = set("\t\n\r\f\v")
_FULL_WIDTH_DIGIT = re.compile(r"[０-９]")
_FULL_WIDTH_POINT = re.compile(r"(?<=[0-9０-９])[．.](?=[0-9０-９])")
_EDGE_SPACES = " \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff"
_INNER_SPACES = re.compile(r"[\u00a0\u3000\u2002\u2003\u2009]")


class DocumentError(ValueError):
    """A document that cannot be imported; ``str(error)`` is a Chinese message for the user."""


class LevelUnknownError(DocumentError):
    """Neither issuer, document number nor title says the plan's level: the user must."""

    def __init__(self, titles: list[str], doubts: list[str] | None = None) -> None:
        named = "、".join(f"《{title}》" for title in titles[:3])
        why = "".join(f"（{doubt}）" for doubt in dict.fromkeys(doubts or []) if doubt)
        super().__init__(
            f"无法从发文机关、文号或标题判断{named}的层级（国家/省/市/县/镇）{why}，请指定计划层级"
        )


def decode_document(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode an uploaded text document and normalise its line endings to ``\\n``."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise DocumentError("文件内容必须是字节数据")
    data = bytes(data)
    check_size(data, max_bytes=max_bytes)
    text = _decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").lstrip("\ufeff")
    if not text.strip(_EDGE_SPACES + "\n"):
        raise DocumentError("文件没有任何文字内容")
    return text


def check_size(data: bytes, *, max_bytes: int) -> None:
    """Reject empty uploads and uploads over ``max_bytes`` before any parsing starts."""
    if not data:
        raise DocumentError("文件为空，没有可导入的内容")
    if len(data) > max_bytes:
        raise DocumentError(
            f"文件过大：{len(data):,}字节，超过导入上限{max_bytes:,}字节".replace(",", "")
        )


def check_package(data: bytes, *, what: str) -> None:
    """Refuse a zip package (``what``: Word/Excel) that is corrupt or inflates too far.

    Sizes come from the package's directory; reading a member never yields more than
    its declared size, so checking the declared sizes bounds the memory of the parse.
    """
    try:
        zip_members(
            data,
            max_members=MAX_PACKAGE_MEMBERS,
            max_inflated=MAX_INFLATED_BYTES,
            max_ratio=MAX_INFLATION_RATIO,
        )
    except PackageRefused as refused:
        if refused.reason == PackageRefused.CORRUPT:
            message = f"无法读取{what}文件：文件已损坏，或不是{what}格式"
        elif refused.reason == PackageRefused.TOO_MANY_MEMBERS:
            message = f"{what}文件包含{refused.members}个部件，超过上限{MAX_PACKAGE_MEMBERS}"
        else:
            message = (
                f"{what}文件解压后有{refused.inflated // 1048576}MB，远超其文件大小，"
                "可能是压缩炸弹，已拒绝导入"
            )
        raise DocumentError(message) from refused


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding))
            except UnicodeDecodeError as error:
                raise DocumentError(f"文件带有{encoding.upper()}标记，但内容无法解码") from error
    for magic, message in _MAGIC:
        if data.startswith(magic):
            raise DocumentError(message)
    if b"\x00" in data:
        raise DocumentError("文件包含二进制数据，不是可识别的文本文件")
    for encoding in ("utf-8", "gb18030"):
        try:
            return _checked(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise DocumentError("无法识别文件编码：既不是UTF-8/UTF-16，也不是GB18030/GBK文本")


def _checked(text: str) -> str:
    controls = sum(
        1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS
    )
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise DocumentError("文件包含二进制数据，不是可识别的文本文件")
    return text


def normalise_line(line: str) -> str:
    """Trim one line and make its numbers ASCII: ``　达８件\\u00a0`` → ``达8件``.

    Full-width digits become half-width (and a full-width point between digits becomes
    ``.``) so that labels and targets read the same whatever the input method was.
    Spaces inside the line are kept, only converted to ordinary spaces, because they
    may separate words ("7 + 1").
    """
    line = _FULL_WIDTH_DIGIT.sub(lambda m: chr(ord(m.group()) - 0xFEE0), line)
    line = _FULL_WIDTH_POINT.sub(".", line)
    line = line.strip(_EDGE_SPACES)
    return _INNER_SPACES.sub(" ", line)
