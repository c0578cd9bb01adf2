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

from core.places import JIANGSU_CITIES, PROVINCES

from .numerals import NumeralError, chinese_to_int, digits_to_int
from .structure import Line, match_label, numbers_decimally

_QUOTED_PLAN = re.compile(
    r"《(?P<title>[^《》]{4,80})》\s*(?:已经|已|经|现|予以|印发|发给)"
    r"|(?:公布|印发|发布)(?:修订后的)?《(?P<after_verb>[^《》]{4,80})》"
)
_NOTICE_VERB = re.compile(r"印发|发布|转发|同意|公布")
_DOC_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,10})\s*[〔［\[【(（﹝]\s*(?P<year>\d{4})\s*[〕］\]】)）﹞]"
    r"\s*(?P<serial>\d{1,4})\s*号"
)
# The number line of a plan printed as another document's annex: 区委办发〔2020〕12号附件.
_NUMBER_LINE = re.compile(rf"(?:{_DOC_NUMBER.pattern})\s*(?:附件\s*\d*)?")
_CN_DATE = re.compile(
    r"(?P<y>[〇○零OＯ一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,3})月"
    r"(?P<d>[一二三四五六七八九十]{1,3})日"
)
_DATE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_ISSUER_LINE = re.compile(
    r"^(?P<name>国务院|[\u4e00-\u9fff（）()]{2,30}?(?:人民政府|办公厅|办公室|管委会|委员会|厅|局))"
    r"(?:文件)?$"
)
# "国务院办公厅关于…的通知": the issuer is the title's words before 关于 / 转发 / 印发.
_TITLE_ISSUER = re.compile(
    r"^(?P<name>[\u4e00-\u9fff（）()]{0,30}?(?:国务院|人民政府|政府|办公厅|办公室|管委会|委员会|厅|局))"
    r"(?:关于|转发|印发)"
)
# "中华人民共和国国务院令" / "第706号": a State Council decree.
_DECREE = re.compile(r"^(?:中华人民共和国)?(?P<issuer>国务院|[\u4e00-\u9fff]{2,12}人民政府)令$")
_DECREE_NUMBER = re.compile(r"^第(?P<serial>\d{1,4})号$")
# The address line of a notice: "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："
_ADDRESS = re.compile(r"^[^。；]{2,120}[：:]$")
_ADDRESSEE = re.compile(r"政府|部|委|厅|局|机构|单位|国务院")
_SHORT_ISSUER = re.compile(r"^(?P<name>[省市区县](?:人民)?政府(?:办公厅|办公室)?)关于")
# A notice that is itself the plan, its title quoting the plan it carries out:
# "南京市人民政府办公厅关于分解落实《江苏省…推进计划（2018—2020年）》重点任务的通知".
_LONG_NOTICE_TITLE = re.compile(r"^[^。；：:]{2,40}?关于[^。；：:]{2,120}的(?:通知|意见|决定)$")
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
        found_quote = _QUOTED_PLAN.search(lines[quote_at].text)
        quoted = found_quote.group("title") or found_quote.group("after_verb")
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
            # The number and the address line printed under a notice's title.
            for index in [i for i in filled if i >= header.body_start][:3]:
                if not _is_notice_line(lines[index].text):
                    break
                metadata.append(index)
                header.body_start = index + 1
        else:
            header.body_start = filled[len(metadata)] if filled else 0
    _read_metadata(header, [lines[i].text for i in metadata])
    if not header.issuer_name:
        issuer = _TITLE_ISSUER.match(_SPACE.sub("", header.notice_title or header.title))
        if issuer:
            header.issuer_name = expand_issuer(
                issuer.group("name"), header.notice_title + header.title
            )
    return header


def _is_notice_line(text: str) -> bool:
    compact = _SPACE.sub("", text)
    if _NUMBER_LINE.fullmatch(compact) or _is_metadata_line(text):
        return True
    return bool(_ADDRESS.match(compact) and _ADDRESSEE.search(compact))


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
        if not collected and _is_preface_metadata(text):
            continue
        if "关于" in text or "转发" in text or collected:
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
    outline = numbers_decimally([lines[i] for i in filled[position : position + 40]])
    for index in filled[position : position + 3]:
        text = lines[index].text
        if (
            match_label(text, outline=outline)
            or (len(text) > 40 and not _LONG_NOTICE_TITLE.match(text))
            or text.endswith(("。", "；", "：", ":"))
            or _is_preface_metadata(text)
        ):
            break
        taken.append(index)
    return (filled[position], taken) if taken else None


def _is_preface_metadata(text: str) -> bool:
    compact = _SPACE.sub("", text)
    return bool(
        _is_metadata_line(text)
        or _NUMBER_LINE.fullmatch(compact)
        or _DECREE.match(compact)
        or _DECREE_NUMBER.match(compact)
    )


def _read_metadata(header: Header, texts: list[str]) -> None:
    decree = ""
    for text in texts:
        compact = _SPACE.sub("", text)
        if _DECREE.match(compact):
            decree = _DECREE.match(compact).group("issuer")
            header.issuer_name = header.issuer_name or decree
            continue
        if decree and _DECREE_NUMBER.match(compact) and not header.document_number:
            prefix = "国令" if decree == "国务院" else f"{decree}令"
            header.document_number = f"{prefix}{compact}"
            continue
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


# The closing signature: the issuing bodies on a line or two (several when departments sign
# together), then the date alone on its line.
_SIGNING_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_SIGNING_BODY = re.compile(
    r"^[\u4e00-\u9fff（）()]{4,30}(?:政府|办公厅|办公室|委员会|局|厅|院|委|办|部)$"
)


def read_signature(header: Header, texts: list[str]) -> None:
    """Fill the issuer and date a plan's header did not give from its closing signature
    (the first signing body issues it)."""
    filled = [text for text in texts if text]
    if len(filled) < 2 or not _SIGNING_DATE.match(filled[-1]):
        return
    names = _SPACE.split(filled[-2].strip())
    if not all(_SIGNING_BODY.match(name) for name in names):
        return
    if len(filled) > 2 and all(_SIGNING_BODY.match(n) for n in _SPACE.split(filled[-3].strip())):
        names = _SPACE.split(filled[-3].strip())
    header.issuer_name = header.issuer_name or names[0]
    header.issued_on = header.issued_on or issued_on(filled[-1])


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
