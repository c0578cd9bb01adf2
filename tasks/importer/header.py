"""Read a plan's metadata from the notice that publishes it and from its title.

A plan usually arrives wrapped in a notice (通知): its own title, an address line, a
sentence quoting the plan's title in 《》, the issuer, the date, sometimes a document
number (连政发〔2016〕132号). ``read_header`` finds where the plan's own text starts and
collects that metadata; the notice lines are metadata, never unplaced text.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .numerals import NumeralError, chinese_to_int, digits_to_int
from .structure import Line, match_label

PROVINCES = (
    "北京市 天津市 上海市 重庆市 河北省 山西省 辽宁省 吉林省 黑龙江省 江苏省 浙江省 安徽省 "
    "福建省 江西省 山东省 河南省 湖北省 湖南省 广东省 海南省 四川省 贵州省 云南省 陕西省 "
    "甘肃省 青海省 台湾省 内蒙古自治区 广西壮族自治区 西藏自治区 宁夏回族自治区 "
    "新疆维吾尔自治区"
).split()
JIANGSU_CITIES = (
    "南京市 无锡市 徐州市 常州市 苏州市 南通市 连云港市 淮安市 盐城市 扬州市 镇江市 泰州市 宿迁市"
).split()
LEVEL_TAGS = {
    "国家": "national",
    "省": "province",
    "市": "city",
    "区": "district",
    "县": "district",
}

_QUOTED_PLAN = re.compile(r"《(?P<title>[^《》]{4,80})》\s*(?:已经|已|经|现|予以)")
_NOTICE_VERB = re.compile(r"印发|发布|转发|同意")
_DOC_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,10})\s*[〔［\[【(（﹝]\s*(?P<year>\d{4})\s*[〕］\]】)）﹞]"
    r"\s*(?P<serial>\d{1,4})\s*号"
)
_CN_DATE = re.compile(
    r"(?P<y>[〇○零OＯ一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,3})月"
    r"(?P<d>[一二三四五六七八九十]{1,3})日"
)
_DATE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_ISSUER_LINE = re.compile(
    r"^(?P<name>[\u4e00-\u9fff（）()]{2,30}?(?:人民政府|办公厅|办公室|管委会|委员会|厅|局))"
    r"(?:文件)?$"
)
_SHORT_ISSUER = re.compile(r"^(?P<name>[省市区县](?:人民)?政府(?:办公厅|办公室)?)关于")
_PUBLIC_MARK = re.compile(r"^[（(]此件[^）)]*[）)]$")
_FOLD = str.maketrans({"(": "（", ")": "）", "~": "-", "～": "-", "—": "-", "－": "-"})
_SPACE = re.compile(r"[\s\u00a0\u3000]+")


@dataclass
class Header:
    """What the notice and title lines say about the plan."""

    title: str = ""
    notice_title: str = ""
    issuer_name: str = ""
    document_number: str = ""
    issued_on: str = ""
    body_start: int = 0  # index of the first body line in the list given to read_header


def read_header(lines: list[Line]) -> Header:
    """Find the plan's title and metadata; ``body_start`` says where its own text begins."""
    header = Header()
    filled = [i for i, line in enumerate(lines) if line.text]
    quote_at = _notice_sentence(lines, filled[:25])
    if quote_at is not None:
        quoted = _QUOTED_PLAN.search(lines[quote_at].text).group("title")
        header.title = quoted
        after = [i for i in filled if i > quote_at]
        found = _title_lines(lines, after[:10], quoted)
        if found:
            first, last = found
            header.body_start = last + 1
            metadata = [i for i in filled if i < first]
        else:
            rest = [i for i in after if not _is_metadata_line(lines[i].text)]
            header.body_start = rest[0] if rest else len(lines)
            metadata = [i for i in filled if i < header.body_start]
        header.notice_title = _notice_title(lines, [i for i in filled if i < quote_at])
    else:
        first_title = _leading_title(lines, filled)
        metadata = [i for i in filled if i < first_title[0]] if first_title else []
        if first_title:
            header.title = "".join(lines[i].text for i in first_title[1])
            header.body_start = first_title[1][-1] + 1
        else:
            header.body_start = filled[len(metadata)] if filled else 0
    _read_metadata(header, [lines[i].text for i in metadata])
    return header


def _notice_sentence(lines: list[Line], candidates: list[int]) -> int | None:
    for index in candidates:
        text = lines[index].text
        if _QUOTED_PLAN.search(text) and _NOTICE_VERB.search(text):
            return index
    return None


def _fold(text: str) -> str:
    return _SPACE.sub("", text).translate(_FOLD)


def _title_lines(lines: list[Line], candidates: list[int], quoted: str) -> tuple[int, int] | None:
    """Find consecutive lines (blank lines allowed between) that spell the quoted title."""
    target = _fold(quoted)
    for start_at, start in enumerate(candidates):
        joined = ""
        for index in candidates[start_at:]:
            joined += _fold(lines[index].text)
            if joined == target:
                return start, index
            if not target.startswith(joined):
                break
    return None


def _is_metadata_line(text: str) -> bool:
    return bool(
        _PUBLIC_MARK.match(text)
        or _ISSUER_LINE.match(text)
        or _DATE.fullmatch(_SPACE.sub("", text))
        or _CN_DATE.fullmatch(_SPACE.sub("", text))
    )


def _notice_title(lines: list[Line], before: list[int]) -> str:
    """The notice's own title: the lines up to the one ending in 通知/意见/决定."""
    collected = ""
    for index in before:
        text = lines[index].text
        if "关于" in text or collected:
            collected += text
            if text.endswith(("通知", "意见", "决定", "批复")):
                return collected
    return collected if "关于" in collected else ""


def _leading_title(lines: list[Line], filled: list[int]) -> tuple[int, list[int]] | None:
    """Without a notice, the title is the first short unnumbered lines before the text."""
    position = 0
    while position < len(filled) and _is_preface_metadata(lines[filled[position]].text):
        position += 1
    taken: list[int] = []
    for index in filled[position : position + 3]:
        text = lines[index].text
        if match_label(text) or len(text) > 40 or text.endswith(("。", "；", "：", ":")):
            break
        taken.append(index)
    return (filled[position], taken) if taken else None


def _is_preface_metadata(text: str) -> bool:
    return bool(_is_metadata_line(text) or _DOC_NUMBER.fullmatch(_SPACE.sub("", text)))


def _read_metadata(header: Header, texts: list[str]) -> None:
    for text in texts:
        compact = _SPACE.sub("", text)
        if not header.document_number:
            header.document_number = document_number(compact)
        if not header.issued_on:
            header.issued_on = issued_on(compact)
        match = _ISSUER_LINE.match(compact)
        if match and not header.issuer_name and "关于" not in compact:
            header.issuer_name = match.group("name")
    if not header.issuer_name:
        short = _SHORT_ISSUER.match(_SPACE.sub("", header.notice_title))
        if short:
            header.issuer_name = expand_issuer(
                short.group("name"), header.notice_title + header.title
            )


def document_number(text: str) -> str:
    """``连政发〔2016〕132号`` in any bracket style, normalised to 〔〕."""
    match = _DOC_NUMBER.search(text)
    if not match:
        return ""
    return f"{match.group('prefix')}〔{match.group('year')}〕{match.group('serial')}号"


def issued_on(text: str) -> str:
    """An ISO date from ``二○一二年五月十五日`` or ``2016年2月17日``; empty when absent."""
    match = _DATE.search(text)
    try:
        if match:
            year, month, day = (int(match.group(k)) for k in "ymd")
        else:
            match = _CN_DATE.search(text)
            if not match:
                return ""
            year = digits_to_int(match.group("y"))
            month = chinese_to_int(match.group("m"))
            day = chinese_to_int(match.group("d"))
        return datetime.date(year, month, day).isoformat()
    except (ValueError, NumeralError):
        return ""


def expand_issuer(short_name: str, context: str) -> str:
    """``省政府办公厅`` + a title naming 江苏省 → ``江苏省人民政府办公厅``."""
    office = short_name[1:].replace("人民政府", "政府").replace("政府", "人民政府")
    places = {"省": PROVINCES, "市": JIANGSU_CITIES}.get(short_name[0], ())
    for place in places:
        if place in context or place.removesuffix("省").removesuffix("市") in context:
            return place + office
    return short_name


def level_of_issuer(name: str) -> str:
    """The administrative level of an issuing body's name; empty when it cannot be told."""
    if not name:
        return ""
    if re.search(r"(?:镇|乡|街道)(?:人民政府|办事处)", name):
        return "town"
    if re.search(r"[市州][\u4e00-\u9fff]{1,4}?[区县](?:人民政府|政府|管委会)", name):
        return "district"
    if re.match(r"^[\u4e00-\u9fff]{1,4}?[区县](?:人民政府|政府)", name):
        return "district"
    if any(city in name for city in JIANGSU_CITIES) or re.match(r"^[\u4e00-\u9fff]{2,4}市", name):
        return "province" if name.startswith(("北京", "天津", "上海", "重庆")) else "city"
    if any(name.startswith(province) for province in PROVINCES) or name.startswith("省"):
        return "province"
    if name.startswith(("国务院", "中共中央", "国家", "全国")):
        return "national"
    return ""


def level_of_title(title: str) -> str:
    """A best guess from a title's leading place name, for files without a notice."""
    if any(title.startswith(province) for province in PROVINCES):
        return "province"
    if any(title.startswith(city.removesuffix("市")) for city in JIANGSU_CITIES):
        return "city"
    if re.match(r"^[\u4e00-\u9fff]{2}[区县]", title):
        return "district"
    if title.startswith(("国家", "全国", "知识产权强国")):
        return "national"
    return ""


def level_of_tag(tag: str) -> str:
    """``国家级`` → national, ``江苏省级`` → province, ``苏州市级`` → city."""
    tag = tag.removesuffix("级")
    if tag.startswith("国家"):
        return "national"
    return LEVEL_TAGS.get(tag[-1:], "") if tag else ""
