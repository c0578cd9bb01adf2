"""The seed agency directory (fixtures/agencies.json) is consistent and says what we know.

Facts checked here come from the source documents in fixtures/documents/ and from the 2018
institutional reform (DOMAIN.md), not from the file itself.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

DIRECTORY = Path(__file__).resolve().parents[2] / "fixtures" / "agencies.json"

FIELDS = {
    "name",
    "short_name",
    "aliases",
    "level",
    "kind",
    "parent",
    "successor",
    "active",
    "members",
}
LEVELS = {"national", "province", "city", "district", "town"}
KINDS = {
    "department",
    "court",
    "procuratorate",
    "customs",
    "party",
    "association",
    "government",
    "leading_group",
    "group",
    "zone",
    "other",
}
CITIES = [
    "南京",
    "无锡",
    "徐州",
    "常州",
    "苏州",
    "南通",
    "连云港",
    "淮安",
    "盐城",
    "扬州",
    "镇江",
    "泰州",
    "宿迁",
]


@cache
def entries() -> tuple[dict, ...]:
    return tuple(json.loads(DIRECTORY.read_text(encoding="utf-8")))


@cache
def by_name() -> dict[str, dict]:
    return {entry["name"]: entry for entry in entries()}


def keys_of(entry: dict) -> set[str]:
    """Every string that identifies the entry: name, short name, aliases."""
    return {entry["name"], entry["short_name"], *entry["aliases"]}


@cache
def lookup() -> dict[str, dict]:
    return {key: entry for entry in entries() for key in keys_of(entry)}


def find(key: str) -> dict:
    assert key in lookup(), f"{key} is not in the directory"
    return lookup()[key]


# --- shape and invariants -------------------------------------------------------------


def test_every_entry_has_exactly_the_agreed_fields_and_values():
    for entry in entries():
        assert set(entry) == FIELDS, entry["name"]
        assert isinstance(entry["name"], str) and entry["name"].strip() == entry["name"]
        assert isinstance(entry["short_name"], str) and entry["short_name"]
        assert isinstance(entry["aliases"], list)
        assert all(isinstance(alias, str) and alias for alias in entry["aliases"])
        assert entry["level"] in LEVELS, entry["name"]
        assert entry["kind"] in KINDS, entry["name"]
        assert isinstance(entry["active"], bool)
        assert isinstance(entry["members"], list)


def test_names_are_unique():
    counts = Counter(entry["name"] for entry in entries())
    assert [name for name, count in counts.items() if count > 1] == []


def test_no_name_short_name_or_alias_points_at_two_entries():
    owners: dict[str, set[str]] = {}
    for entry in entries():
        for key in keys_of(entry):
            owners.setdefault(key, set()).add(entry["name"])
    clashes = {key: names for key, names in owners.items() if len(names) > 1}
    assert clashes == {}


def test_aliases_do_not_repeat_the_entrys_own_name():
    for entry in entries():
        assert entry["name"] not in entry["aliases"], entry["name"]
        assert len(entry["aliases"]) == len(set(entry["aliases"])), entry["name"]


def test_parents_successors_and_members_are_entries():
    names = by_name()
    for entry in entries():
        for field in ("parent", "successor"):
            if entry[field] is not None:
                assert entry[field] in names, (entry["name"], field, entry[field])
                assert entry[field] != entry["name"]
        for member in entry["members"]:
            assert member in names, (entry["name"], member)


def test_parent_chains_end():
    names = by_name()
    for entry in entries():
        seen = {entry["name"]}
        parent = entry["parent"]
        while parent is not None:
            assert parent not in seen, f"parent cycle through {parent}"
            seen.add(parent)
            parent = names[parent]["parent"]


def test_only_groups_have_members():
    for entry in entries():
        if entry["members"]:
            assert entry["kind"] in {"group", "leading_group"}, entry["name"]


def test_a_body_with_a_successor_is_inactive_and_its_successor_is_active():
    for entry in entries():
        if entry["successor"] is not None:
            assert entry["active"] is False, entry["name"]
            assert by_name()[entry["successor"]]["active"] is True, entry["successor"]


def test_bare_department_names_are_only_used_at_province_level():
    # 科技厅 after 省 is unambiguous; 科技局 exists at city and district level, so lower
    # levels keep their 区/市 prefix and no entry may be found by the bare 局 name.
    level_or_place = ("省", "市", "区", "县", "国家", "中国", "中共", "江苏", "南通", "通州")
    for entry in entries():
        for key in keys_of(entry) - {entry["name"]}:
            bare = not key.startswith(level_or_place) and not any(
                key.startswith(city) for city in CITIES
            )
            if bare and entry["kind"] == "department":
                assert entry["level"] in {"province", "national"}, (entry["name"], key)
    for ambiguous in ("科技局", "市场监管局", "商务局", "司法局", "公安局", "财政局"):
        assert ambiguous not in lookup(), ambiguous


def test_district_departments_keep_the_district_prefix():
    for entry in entries():
        if entry["level"] == "district" and entry["kind"] in {"department", "court"}:
            assert entry["short_name"].startswith("区"), entry["name"]


# --- what the documents and the 2018 reform say ----------------------------------------


def test_the_provincial_government_and_the_office_host():
    government = find("省政府")
    assert government["name"] == "江苏省人民政府"
    assert government["kind"] == "government" and government["level"] == "province"
    assert find("省人民政府") is government
    office = find("省政府知识产权联席会议办公室")
    assert office["level"] == "province"
    host = find("省知识产权局")
    assert host["name"] == "江苏省知识产权局"
    assert host["active"] is True and host["successor"] is None


@pytest.mark.parametrize(
    ("short_name", "name", "bare"),
    [
        ("省知识产权局", "江苏省知识产权局", "知识产权局"),
        ("省教育厅", "江苏省教育厅", "教育厅"),
        ("省科技厅", "江苏省科学技术厅", "科技厅"),
        ("省经济和信息化委", "江苏省经济和信息化委员会", "经济和信息化委"),
        ("省工商局", "江苏省工商行政管理局", "工商局"),
        ("省版权局", "江苏省版权局", "版权局"),
        ("省商务厅", "江苏省商务厅", "商务厅"),
        ("省质监局", "江苏省质量技术监督局", "质监局"),
        ("省食品药品监管局", "江苏省食品药品监督管理局", "食品药品监管局"),
        ("省农委", "江苏省农业委员会", "农委"),
        ("省财政厅", "江苏省财政厅", "财政厅"),
        ("省发展改革委", "江苏省发展和改革委员会", "发展改革委"),
        ("省统计局", "江苏省统计局", "统计局"),
        ("省人力资源社会保障厅", "江苏省人力资源和社会保障厅", "人力资源社会保障厅"),
        ("省公安厅", "江苏省公安厅", "公安厅"),
        ("省金融办", "江苏省人民政府金融工作办公室", "金融办"),
    ],
)
def test_provincial_departments_by_short_name_and_bare_form(short_name, name, bare):
    entry = find(short_name)
    assert entry["name"] == name
    assert entry["short_name"] == short_name
    assert entry["level"] == "province" and entry["kind"] == "department"
    assert entry["parent"] == "江苏省人民政府"
    assert find(bare) is entry


def test_economy_and_information_commission_spellings_and_successor():
    entry = by_name()["江苏省经济和信息化委员会"]
    assert {"省经济和信息化委", "省经信委", "经济和信息化委"} <= keys_of(entry)
    assert entry["successor"] == "江苏省工业和信息化厅"
    assert entry["active"] is False


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("省工商局", "江苏省市场监督管理局"),
        ("省质监局", "江苏省市场监督管理局"),
        ("省食品药品监管局", "江苏省市场监督管理局"),
        ("省经济和信息化委", "江苏省工业和信息化厅"),
        ("省农委", "江苏省农业农村厅"),
        ("省文化厅", "江苏省文化和旅游厅"),
        ("省环保厅", "江苏省生态环境厅"),
        ("省卫生厅", "江苏省卫生健康委员会"),
        ("工商总局", "国家市场监督管理总局"),
    ],
)
def test_2018_reform_successors(old, new):
    entry = find(old)
    assert entry["successor"] == new
    assert entry["active"] is False
    assert by_name()[new]["active"] is True
    assert by_name()[new]["level"] == entry["level"]


def test_bodies_that_are_not_government_departments():
    assert find("省法院")["name"] == "江苏省高级人民法院"
    assert find("省法院")["kind"] == "court"
    assert find("省检察院")["kind"] == "procuratorate"
    customs = find("南京海关")
    assert customs["kind"] == "customs" and customs["level"] == "national"
    for party_organ in ("省委组织部", "省委党校", "省编办"):
        assert find(party_organ)["kind"] == "party", party_organ
        assert find(party_organ)["level"] == "province"
    assert find("省科协")["kind"] == "association"


def test_the_thirteen_prefecture_level_cities_and_their_group():
    for city in CITIES:
        entry = find(f"{city}市")
        assert entry["name"] == f"{city}市人民政府"
        assert entry["kind"] == "government" and entry["level"] == "city"
        assert entry["parent"] == "江苏省人民政府"
    group = find("各省辖市")
    assert group["kind"] == "group"
    assert group["members"] == [f"{city}市人民政府" for city in CITIES]


def test_tongzhou_district_bodies():
    market = find("区市场监管局")
    assert market["name"] == "南通市通州区市场监督管理局"
    assert find("区知识产权局") is market
    assert market["level"] == "district"
    assert find("区政府")["name"] == "南通市通州区人民政府"
    assert find("区政府")["parent"] == "南通市人民政府"
    assert find("区科技局")["name"] == "南通市通州区科学技术局"
    zone = find("南通高新区")
    assert zone["kind"] == "zone" and zone["parent"] == "南通市通州区人民政府"
    assert find("区人民法院")["kind"] == "court"
    assert find("区委组织部")["kind"] == "party"
    assert find("川姜镇")["level"] == "town"


def test_tongzhou_groups():
    towns = find("各镇（街道）")
    assert towns["kind"] == "group" and towns["level"] == "town"
    members = find("区知识产权工作领导小组成员单位")
    assert members["kind"] in {"group", "leading_group"}
    assert members["level"] == "district"


def test_national_bodies_named_in_the_documents():
    for short_name in ("国家知识产权局", "国家版权局", "海关总署", "国务院", "最高人民法院"):
        assert find(short_name)["level"] == "national", short_name


def test_lianyungang_and_suzhou_bodies_are_qualified_by_their_city():
    assert find("连云港市")["name"] == "连云港市人民政府"
    assert find("连云港市财政局")["parent"] == "连云港市人民政府"
    assert find("苏州市市场监管局")["parent"] == "苏州市人民政府"
    # Both documents say 市财政局 for their own city: the bare form can name neither.
    assert "市财政局" not in lookup()
