"""Which government level a plan belongs to, as its issuer, document number and title say.

A national notice says so in its issuer (国务院, 国务院办公厅) or its number (国发, 国办发,
国函, 国办函, 国令); a province's in its issuer (江苏省人民政府, 省政府办公厅) or its number's
province prefix (苏政发, 浙政办发, 粤府函); cities, districts and towns in the issuer's
市/区/县/镇. ``infer_level`` tries the issuer first, then the number, then the title; an
empty answer means the importer must ask (``--level`` on the command line, the upload form
on the web).
"""

from __future__ import annotations

import re

from .header import JIANGSU_CITIES, PROVINCES

LEVEL_TAGS = {
    "国家": "national",
    "省": "province",
    "市": "city",
    "区": "district",
    "县": "district",
}
LEVEL_NAMES = {
    "national": "国家",
    "province": "省",
    "city": "市",
    "district": "县（市、区）",
    "town": "镇（街道）",
}
# The one-character abbreviations provinces put in front of their document numbers.
_PROVINCE_ABBREVIATIONS = "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川蜀黔贵云滇陕秦甘陇青蒙桂藏宁新"
_NATIONAL_NUMBER = re.compile(r"^(?:国发|国办发|国函|国办函|国令|国发明电|国办发明电|国务院令)")
_PROVINCE_NUMBER = re.compile(
    rf"^[{_PROVINCE_ABBREVIATIONS}](?:政|府|政办|府办)(?:发|函|规|字|明电|办发|办函)?(?:〔|第)"
)
_NATIONAL_ISSUERS = ("国务院", "中华人民共和国", "中共中央", "全国人民代表大会", "国家", "全国")


def level_of_issuer(name: str) -> str:
    """The administrative level of an issuing body's name; empty when it cannot be told."""
    if not name:
        return ""
    if re.search(r"(?:镇|乡|街道)(?:人民政府|办事处|党委)", name):
        return "town"
    if re.search(r"[市州][\u4e00-\u9fff]{1,4}?[区县](?:人民政府|政府|管委会)", name):
        return "district"
    if re.match(r"^[\u4e00-\u9fff]{1,4}?[区县](?:人民政府|政府|委员会)", name):
        return "district"
    if any(city in name for city in JIANGSU_CITIES) or re.match(r"^[\u4e00-\u9fff]{2,4}市", name):
        return "province" if name.startswith(("北京", "天津", "上海", "重庆")) else "city"
    if any(name.startswith(province) for province in PROVINCES) or name.startswith("省"):
        return "province"
    if re.match(r"^[\u4e00-\u9fff]{2,8}(?:省|自治区)(?:人民政府|政府|委员会)", name):
        return "province"
    if name.startswith(_NATIONAL_ISSUERS):
        return "national"
    return ""


def level_of_document_number(number: str) -> str:
    """``国办发〔2018〕121号`` → national, ``苏政办发〔2021〕5号`` → province; else empty."""
    if _NATIONAL_NUMBER.match(number):
        return "national"
    if _PROVINCE_NUMBER.match(number):
        return "province"
    return ""


def level_of_title(title: str) -> str:
    """A best guess from a title's leading place name, for files without a notice."""
    if any(title.startswith(province) for province in PROVINCES):
        return "province"
    if any(title.startswith(city.removesuffix("市")) for city in JIANGSU_CITIES):
        return "city"
    if re.match(r"^[\u4e00-\u9fff]{2}[区县]", title):
        return "district"
    if title.startswith(("国家", "全国", "知识产权强国", "国务院")):
        return "national"
    return ""


def infer_level(*, issuer: str = "", number: str = "", title: str = "") -> str:
    """The plan's level from what the document prints; empty when it cannot be told."""
    return level_of_issuer(issuer) or level_of_document_number(number) or level_of_title(title)


def level_of_tag(tag: str) -> str:
    """``国家级`` → national, ``江苏省级`` → province, ``苏州市级`` → city."""
    tag = tag.removesuffix("级")
    if tag.startswith("国家"):
        return "national"
    return LEVEL_TAGS.get(tag[-1:], "") if tag else ""
