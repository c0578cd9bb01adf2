"""The national directory beside Jiangsu's, and names resolving at the plan's level."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from agencies.models import Agency
from agencies.services import AgencyDirectory
from tasks.importer.services import document_import
from tasks.models import Assignment

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
NATIONAL = json.loads((FIXTURES / "agencies-national.json").read_text(encoding="utf-8"))
JIANGSU = json.loads((FIXTURES / "agencies.json").read_text(encoding="utf-8"))


def test_the_national_directory_is_national_unique_and_links_to_known_bodies():
    names = [entry["name"] for entry in NATIONAL]
    assert len(names) == len(set(names))
    assert not set(names) & {entry["name"] for entry in JIANGSU}
    assert {entry["level"] for entry in NATIONAL} == {"national"}
    known = set(names) | {entry["name"] for entry in JIANGSU}
    for entry in NATIONAL:
        assert entry["successor"] in known | {None}, entry["name"]
        assert entry["active"] == (entry["successor"] is None), entry["name"]


def test_the_2018_reform_successors_are_recorded():
    successor = {entry["short_name"]: entry["successor"] for entry in NATIONAL}
    assert successor["卫生计生委"] == "国家卫生健康委员会"
    assert successor["国土资源部"] == "中华人民共和国自然资源部"
    assert successor["质检总局"] == "国家市场监督管理总局"
    assert successor["扶贫办"] == "国家乡村振兴局"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("written", "level", "full_name"),
    [
        ("发展改革委", "national", "国家发展和改革委员会"),
        ("发展改革委", "province", "江苏省发展和改革委员会"),
        ("统计局", "national", "国家统计局"),
        ("知识产权局", "national", "国家知识产权局"),  # 国家 dropped in State Council text
        ("人民银行", "national", "中国人民银行"),
        ("共青团中央", "national", "中国共产主义青年团中央委员会"),
        ("全国妇联", "national", "中华全国妇女联合会"),
        ("新华社", "national", "新华通讯社"),
        ("中国铁路总公司", "national", "中国铁路总公司"),
        ("银保监会", "national", "中国银行保险监督管理委员会"),
        ("南京海关", "province", "中华人民共和国南京海关"),  # a level above the plan's
    ],
)
def test_names_resolve_at_the_plans_level(directory, written, level, full_name):
    assert AgencyDirectory().resolve(written, level=level).name == full_name


@pytest.mark.django_db
def test_a_national_plan_never_reaches_a_provincial_body(directory):
    resolver = AgencyDirectory()
    provincial = {a.pk for a in Agency.objects.filter(level="province")}
    for entry in JIANGSU:
        for name in [entry["short_name"], *entry["aliases"]]:
            found = resolver.resolve(name, level="national")
            assert found is None or found.pk not in provincial, name


@pytest.mark.django_db
def test_a_state_council_opinion_resolves_every_named_body(directory):
    path = FIXTURES / "import_corpus" / "gov-guobanfa-2018-121.txt"
    [summary] = document_import(data=path.read_bytes(), filename=path.name)
    assert summary.unresolved == []
    levels = set(
        Assignment.objects.filter(measure__plan_id=summary.plan_id).values_list(
            "agency__level", flat=True
        )
    )
    assert levels == {"national"}
