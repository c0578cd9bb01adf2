"""Which government level a plan belongs to, as its issuer, document number and title say.

A national notice says so in its issuer (国务院, 国务院办公厅) or its number (国发, 国办发,
国函, 国办函, 国令); a province's in its issuer (江苏省人民政府, 省政府办公厅) or its number's
province abbreviation (苏政发, 浙政办发, 粤府函); a city's in its issuer (…市人民政府办公室)
or its number's city abbreviation (连政发, 锡政办发, 苏府, 穗府办); districts and towns in
the issuer's 区/县/镇. ``infer_level`` tries the issuer first, then the number, then the
title; an empty answer means the importer must ask (``--level`` on the command line, the
upload form on the web), and ``level_doubt`` says why when the number was ambiguous.

Some abbreviations belong to more than one government: 宁 is 南京市 (宁政发) and also
宁夏回族自治区 (宁政发) and 西宁市; 青 is 青海省 and 青岛市. Such a number decides nothing
unless the issuer or title names one of the candidates; otherwise the office is asked.
"""

from __future__ import annotations

import re

from core.places import CITIES, JIANGSU_CITIES, PROVINCES, short_place

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

_PROVINCE, _CITY = "province", "city"
# The abbreviation in front of a government's document numbers → the governments using it.
# Provinces (and the four municipalities, at province level), Jiangsu's 13 cities, the
# provincial capitals and the cities with separate planning status. A key with 府 or 政
# is more specific than the bare abbreviation: 苏府 is Suzhou, 苏政发 Jiangsu.
NUMBER_ABBREVIATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "京": (("北京市", _PROVINCE),),
    "津": (("天津市", _PROVINCE),),
    "沪": (("上海市", _PROVINCE),),
    "渝": (("重庆市", _PROVINCE),),
    "冀": (("河北省", _PROVINCE),),
    "晋": (("山西省", _PROVINCE),),
    "蒙": (("内蒙古自治区", _PROVINCE),),
    "内": (("内蒙古自治区", _PROVINCE),),
    "辽": (("辽宁省", _PROVINCE),),
    "吉": (("吉林省", _PROVINCE),),
    "黑": (("黑龙江省", _PROVINCE),),
    "苏": (("江苏省", _PROVINCE),),
    "苏府": (("苏州市", _CITY),),
    "苏州": (("苏州市", _CITY),),
    "浙": (("浙江省", _PROVINCE),),
    "皖": (("安徽省", _PROVINCE),),
    "闽": (("福建省", _PROVINCE),),
    "赣": (("江西省", _PROVINCE),),
    "鲁": (("山东省", _PROVINCE),),
    "豫": (("河南省", _PROVINCE),),
    "鄂": (("湖北省", _PROVINCE),),
    "湘": (("湖南省", _PROVINCE),),
    "粤": (("广东省", _PROVINCE),),
    "桂": (("广西壮族自治区", _PROVINCE),),
    "琼": (("海南省", _PROVINCE),),
    "川": (("四川省", _PROVINCE),),
    "蜀": (("四川省", _PROVINCE),),
    "黔": (("贵州省", _PROVINCE),),
    "贵": (("贵州省", _PROVINCE),),
    "滇": (("云南省", _PROVINCE),),
    "云": (("云南省", _PROVINCE),),
    "藏": (("西藏自治区", _PROVINCE),),
    "陕": (("陕西省", _PROVINCE),),
    "秦": (("陕西省", _PROVINCE),),
    "甘": (("甘肃省", _PROVINCE),),
    "陇": (("甘肃省", _PROVINCE),),
    "青": (("青海省", _PROVINCE), ("青岛市", _CITY)),
    "宁": (("南京市", _CITY), ("宁夏回族自治区", _PROVINCE), ("西宁市", _CITY)),
    "新": (("新疆维吾尔自治区", _PROVINCE),),
    # Jiangsu's cities (南京 is 宁 above, 苏州 苏府).
    "锡": (("无锡市", _CITY),),
    "徐": (("徐州市", _CITY),),
    "常": (("常州市", _CITY),),
    "通": (("南通市", _CITY),),
    "连": (("连云港市", _CITY),),
    "淮": (("淮安市", _CITY),),
    "盐": (("盐城市", _CITY),),
    "扬": (("扬州市", _CITY),),
    "镇": (("镇江市", _CITY),),
    "泰": (("泰州市", _CITY),),
    "宿": (("宿迁市", _CITY),),
    # Provincial capitals and cities with separate planning status.
    "石": (("石家庄市", _CITY),),
    "并": (("太原市", _CITY),),
    "呼": (("呼和浩特市", _CITY),),
    "沈": (("沈阳市", _CITY),),
    "长": (("长春市", _CITY), ("长沙市", _CITY)),
    "哈": (("哈尔滨市", _CITY),),
    "杭": (("杭州市", _CITY),),
    "合": (("合肥市", _CITY),),
    "榕": (("福州市", _CITY),),
    "洪": (("南昌市", _CITY),),
    "济": (("济南市", _CITY),),
    "郑": (("郑州市", _CITY),),
    "武": (("武汉市", _CITY),),
    "穗": (("广州市", _CITY),),
    "南": (("南宁市", _CITY),),
    "海": (("海口市", _CITY),),
    "成": (("成都市", _CITY),),
    "筑": (("贵阳市", _CITY),),
    "昆": (("昆明市", _CITY),),
    "拉": (("拉萨市", _CITY),),
    "兰": (("兰州市", _CITY),),
    "银": (("银川市", _CITY),),
    "乌": (("乌鲁木齐市", _CITY),),
    "大": (("大连市", _CITY),),
    "甬": (("宁波市", _CITY),),
    "厦": (("厦门市", _CITY),),
    "深": (("深圳市", _CITY),),
}
_NATIONAL_NUMBER = re.compile(
    r"^(?:国发|国办发|国函|国办函|国令|国发明电|国办发明电|国务院令|国[\u4e00-\u9fff]{1,4}〔)"
)
# "连政发〔2019〕3号", "锡政办发", "苏府〔2021〕81号", "穗府办函", "宁政规字", "苏州府…":
# a government's abbreviation, then 政/府 (人民政府), 办 for its office, then the series;
# the party committee's "苏委发", "宁委办发" and its office's "苏办发" likewise.
_GOVERNMENT_NUMBER = re.compile(
    r"^(?P<place>[\u4e00-\u9fff]{1,3}?)(?P<kind>政|府|委|办(?=发|函))(?:办公厅|办公室|办)?"
    r"(?:发|函|规|字|复|令|传发|明电|通|电)*(?:〔|第)"
)
# A department's own series under its government's abbreviation: "甬知发〔2024〕5号" (宁波市
# 知识产权局), "苏知发", "皖科函": one abbreviation, one character for the department, the series.
_DEPARTMENT_NUMBER = re.compile(r"^(?P<place>[\u4e00-\u9fff])[\u4e00-\u9fff](?:发|函|规|字)?〔")
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
    # A party committee's office (中共江苏省委办公厅) is at its committee's level.
    party = name.removeprefix("中共")
    if any(party.startswith(province) for province in PROVINCES) or name.startswith("省"):
        return "province"
    if re.match(
        r"^[\u4e00-\u9fff]{2,8}(?:省|自治区)(?:人民政府|政府|委员会|[\u4e00-\u9fff]{1,12}(?:厅|局))$",
        name,
    ):
        return "province"
    if name.startswith(_NATIONAL_ISSUERS):
        return "national"
    return ""


def number_governments(number: str) -> tuple[tuple[str, str], ...]:
    """The governments whose abbreviation opens a document number, with their levels.

    ``连政发〔2019〕3号`` → 连云港市 (city); ``宁政发`` → 南京市, 宁夏回族自治区 and 西宁市;
    empty when the number is not a government's or its abbreviation is not in the table.
    """
    match = _GOVERNMENT_NUMBER.match(number)
    if not match:
        department = _DEPARTMENT_NUMBER.match(number)
        return NUMBER_ABBREVIATIONS.get(department.group("place"), ()) if department else ()
    place = match.group("place")
    return (
        NUMBER_ABBREVIATIONS.get(place + match.group("kind"))
        or NUMBER_ABBREVIATIONS.get(place)
        or ()
    )


def level_of_document_number(number: str, *, context: str = "") -> str:
    """``国办发〔2018〕121号`` → national, ``苏政办发〔2021〕5号`` → province, ``连政发`` →
    city; empty when unknown, or ambiguous (宁政发) and ``context`` (the issuer and title)
    names none of the candidates."""
    if _NATIONAL_NUMBER.match(number):
        return "national"
    governments = number_governments(number)
    levels = {level for _, level in governments}
    if len(levels) == 1:
        return levels.pop()
    named = {level for place, level in governments if _names_place(context, place)}
    return named.pop() if len(named) == 1 else ""


def _names_place(text: str, place: str) -> bool:
    """Whether ``text`` names a place, in full or short (南京市 / 南京, 宁夏回族自治区 / 宁夏)."""
    short = short_place(place)
    return bool(text) and (place in text or (len(short) >= 2 and short in text))


def level_doubt(*, issuer: str = "", number: str = "", title: str = "") -> str:
    """Why a document number did not decide the level, in Chinese; empty when it did or
    says nothing (the importer then asks without a reason)."""
    governments = number_governments(number)
    if len({level for _, level in governments}) < 2 or infer_level(
        issuer=issuer, number=number, title=title
    ):
        return ""
    places = "、".join(place for place, _ in governments)
    return f"文号“{number}”的简称可能指{places}，发文机关和标题都没有说明是哪一个"


# A district or county named after its city (and province): 杭州市滨江区…, 宿迁市沭阳县…,
# 江苏省苏州市吴中区… (not 南京市知识产权示范区…, 无锡市各区县…, 泰州市县域…).
_CITY_DISTRICT = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,7}?(?:省|自治区))?[\u4e00-\u9fff]{2,4}?市"
    r"(?!各|全|城区|市区|县级|区域)[\u4e00-\u9fff]{1,4}?(?:区|县)(?!域|级|市)"
)


# A yearly plan's title opens with its year: "2023年合肥市…任务清单", "2024年度宁波市…".
_TITLE_YEAR = re.compile(r"^(?:19|20)\d\d年度?")


# A title opening with any place named by its suffix, known or not: "铜陵市2019年…",
# "嘉禾市专利…", "清溪县…", "武侯区…" (not "示范城市…", "全市…", "市场监管…", "上市…").
_TITLE_CITY = re.compile(
    r"^(?![全各本我该])[\u4e00-\u9fff]{2,3}(?<![城强都上门超股集街])市(?![场民值级县区域])"
)
_TITLE_DISTRICT = re.compile(r"^(?P<place>[\u4e00-\u9fff]{2})[区县](?!域|级|市)")


def level_of_title(title: str) -> str:
    """A best guess from a title's leading place name, for files without a notice."""
    title = _TITLE_YEAR.sub("", title)
    if _CITY_DISTRICT.match(title):
        return "district"
    if any(title.startswith(province) for province in PROVINCES):
        return "province"
    if any(title.startswith(short_place(city)) for city in CITIES) or _TITLE_CITY.match(title):
        return "province" if title.startswith(("北京", "天津", "上海", "重庆")) else "city"
    if _TITLE_DISTRICT.match(title):
        return "district"
    if title.startswith(("国家", "全国", "知识产权强国", "国务院")):
        return "national"
    return ""


def infer_level(*, issuer: str = "", number: str = "", title: str = "") -> str:
    """The plan's level from what the document prints; empty when it cannot be told."""
    return (
        level_of_issuer(issuer)
        or _district_own_number(number, title)
        or level_of_document_number(number, context=f"{issuer} {title}")
        or level_of_title(title)
    )


def _district_own_number(number: str, title: str) -> str:
    """A district numbering with its own abbreviation: "武侯区…行动计划" under 武府办〔2021〕8号
    is the district's, though 武 is also 武汉市's abbreviation."""
    district = _TITLE_DISTRICT.match(_TITLE_YEAR.sub("", title))
    government = _GOVERNMENT_NUMBER.match(number)
    if district and government and district.group("place").startswith(government.group("place")):
        return "district"
    return ""


def level_of_tag(tag: str) -> str:
    """``国家级`` → national, ``江苏省级`` → province, ``苏州市级`` → city."""
    tag = tag.removesuffix("级")
    if tag.startswith("国家"):
        return "national"
    return LEVEL_TAGS.get(tag[-1:], "") if tag else ""
