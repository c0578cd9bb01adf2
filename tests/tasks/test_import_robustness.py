"""Any document ends as a draft plan or a clear Chinese refusal, never a traceback.

The corpus is 33 real State Council documents nobody tuned the importer to
(fixtures/import_corpus/); the fuzz tests mutate them, cut them short and feed random
bytes, and the only exception allowed out of the importer is ``DocumentError``.
"""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tasks.importer import read_document
from tasks.importer.decoding import DocumentError
from tasks.importer.levels import infer_level
from tasks.importer.parsed import ParsedMeasure, ParsedPlan, ParsedSection
from tasks.importer.services import document_import, import_job_create, import_job_run
from tasks.importer.structure import RefSet, settle_numbering
from tasks.models import ImportJob, Measure, Plan, Section

CORPUS = Path(settings.BASE_DIR) / "fixtures" / "import_corpus"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))
# No issuer, no number, no place in the title: nothing says which government wrote it.
ANONYMOUS_PLAN = "工作方案\n一、加强组织领导\n（一）建立工作机制。明确分工，压实责任。\n"


@pytest.mark.django_db
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda path: path.stem)
def test_every_corpus_document_imports_or_is_refused_in_chinese(path, directory):
    try:
        call_command("import_plan", str(path), dry_run=True, stdout=io.StringIO())
    except CommandError as error:
        assert path.name in str(error)
        assert any("\u4e00" <= char <= "\u9fff" for char in str(error))


@pytest.mark.django_db
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda path: path.stem)
def test_every_corpus_document_says_it_is_national(path, directory):
    # All 33 are State Council or General Office documents: the level is never asked.
    try:
        plans = read_document(path.read_bytes(), filename=path.name)
    except DocumentError:
        return
    assert {plan.level for plan in plans} == {"national"}


@pytest.mark.parametrize(
    ("issuer", "number", "title", "level"),
    [
        ("国务院", "", "", "national"),
        ("国务院办公厅", "", "", "national"),
        ("", "国办函〔2018〕71号", "", "national"),
        ("", "国函〔2006〕132号", "", "national"),
        ("", "国令第706号", "", "national"),
        ("江苏省人民政府", "", "", "province"),
        ("浙江省人民政府办公厅", "", "", "province"),
        ("", "苏政办发〔2021〕5号", "", "province"),
        ("", "粤府函〔2020〕12号", "", "province"),
        ("连云港市人民政府", "", "", "city"),
        ("南通市通州区人民政府", "", "", "district"),
        ("川姜镇人民政府", "", "", "town"),
        ("", "", "工作方案", ""),
        ("", "", "", ""),
    ],
)
def test_the_level_is_read_from_issuer_number_or_title(issuer, number, title, level):
    assert infer_level(issuer=issuer, number=number, title=title) == level


@pytest.mark.django_db
def test_the_command_asks_for_level_when_nothing_tells_it(directory, tmp_path):
    path = tmp_path / "方案.txt"
    path.write_text(ANONYMOUS_PLAN, encoding="utf-8")
    with pytest.raises(CommandError, match="--level"):
        call_command("import_plan", str(path), dry_run=True, stdout=io.StringIO())
    call_command("import_plan", str(path), level="city", stdout=io.StringIO())
    assert Plan.objects.get().level == "city"


@pytest.mark.django_db
def test_the_web_job_fails_with_a_message_asking_for_the_level(directory, office_supervisor):
    upload = SimpleUploadedFile("方案.txt", ANONYMOUS_PLAN.encode())
    job = import_job_create(upload=upload, level="", by=office_supervisor)
    import_job_run(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "计划层级" in job.message
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_two_regulations_numbering_from_one_import_without_a_clash(directory):
    # 国办发〔2018〕124号 holds two regulations, each numbered 一、二、…
    path = CORPUS / "gov-guobanfa-2018-124.txt"
    [summary] = document_import(data=path.read_bytes(), filename=path.name)
    plan = Plan.objects.get(pk=summary.plan_id)
    top = list(Section.objects.filter(plan=plan, parent=None).values_list("label", flat=True))
    assert top.count("一、") == 2  # both regulations keep their printed labels
    assert Measure.objects.filter(plan=plan).count() == summary.measures > 40


@pytest.mark.django_db
def test_decimal_numbering_and_a_table_of_contents_import(directory):
    # 国家粮食应急预案 numbers 1 / 1.1 and prints its contents before the text.
    path = CORPUS / "gov-guobanhan-2005-57.txt"
    [summary] = document_import(data=path.read_bytes(), filename=path.name)
    assert summary.plan_id is not None


@pytest.mark.django_db
def test_a_copy_of_an_imported_document_under_another_name_is_no_traceback(directory, tmp_path):
    source = CORPUS / "gov-guobanhan-2018-71.txt"
    call_command("import_plan", str(source), stdout=io.StringIO())
    copy = tmp_path / "集约化方案（另存）.txt"
    copy.write_bytes(source.read_bytes())
    try:
        call_command("import_plan", str(copy), stdout=io.StringIO())
    except CommandError as error:
        assert "国办函〔2018〕71号" in str(error)


def test_repeated_refs_get_suffixes_in_order():
    warnings: list[str] = []
    refs = RefSet(warnings)
    made = [refs.unique("1") for _ in range(5000)] + [refs.unique("1#3")]
    assert made[:4] == ["1", "1#2", "1#3", "1#4"]
    assert len(set(made)) == len(made)
    assert made[-1] == "1#3#2"


def test_repeated_and_unreadable_numbers_are_settled_among_siblings():
    def measure(number, label):
        return ParsedMeasure(number=number, label=label, text="内容", ref=label)

    plan = ParsedPlan(title="t", slug="t", level="city")
    plan.sections = [
        ParsedSection(
            number=1, label="一、", title="甲", measures=[measure(1, "1."), measure(1, "1.")]
        ),
        ParsedSection(number=1, label="一、", title="乙", measures=[measure(0, "?")]),
    ]
    settle_numbering(plan)
    assert [section.number for section in plan.sections] == [1, 2]
    assert [m.number for m in plan.sections[0].measures] == [1, 2]
    assert plan.sections[1].measures[0].number == 1
    refs = [m.ref for section in plan.sections for m in section.measures]
    assert len(set(refs)) == 3


def _package(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in members.items():
            package.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("filename", "part"), [("a.docx", "word/document.xml"), ("a.xlsx", "xl/workbook.xml")]
)
def test_a_package_that_inflates_far_beyond_its_size_is_refused(filename, part):
    bomb = _package({"[Content_Types].xml": b"<Types/>", part: b"<" + b" " * 80_000_000 + b"/>"})
    assert len(bomb) < 1_000_000
    with pytest.raises(DocumentError, match="压缩炸弹"):
        read_document(bomb, filename=filename)


def _read_or_refuse(data: bytes, filename: str) -> None:
    try:
        read_document(data, filename=filename)
    except DocumentError as error:
        assert str(error)


_SAMPLES = [path.read_bytes() for path in CORPUS_FILES[::4]]
_FUZZ = hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@_FUZZ
@given(
    sample=st.sampled_from(_SAMPLES),
    cut=st.floats(min_value=0, max_value=1),
    edits=st.lists(st.tuples(st.floats(0, 1), st.binary(max_size=8)), max_size=6),
)
def test_mutated_and_truncated_documents_import_or_are_refused(sample, cut, edits):
    data = bytearray(sample[: int(len(sample) * cut)])
    for where, inserted in edits:
        at = int(len(data) * where)
        data[at : at + len(inserted)] = inserted
    _read_or_refuse(bytes(data), "mutated.txt")


@_FUZZ
@given(
    sample=st.sampled_from(_SAMPLES),
    lines=st.lists(st.integers(min_value=0, max_value=400), max_size=12),
    inserted=st.lists(
        st.sampled_from(
            [
                "一、",
                "（一）",
                "1.",
                "1.1",
                "第一条",
                "附件",
                "（体育总局负责）",
                "到2025年达到5个",
                "牵头单位：",
                "",
            ]
        ),
        max_size=12,
    ),
)
def test_documents_with_shuffled_labels_import_or_are_refused(sample, lines, inserted):
    text = sample.decode("utf-8").split("\n")
    for line, label in zip(lines, inserted, strict=False):
        if text:
            at = line % len(text)
            text[at] = label + text[at]
    _read_or_refuse("\n".join(text).encode(), "shuffled.txt")


@_FUZZ
@given(
    data=st.binary(min_size=1, max_size=3000),
    name=st.sampled_from(["x.txt", "x.docx", "x.xlsx", "x"]),
)
def test_random_bytes_are_refused_or_read(data, name):
    _read_or_refuse(data, name)


@_FUZZ
@given(cut=st.floats(min_value=0, max_value=1), name=st.sampled_from(["x.docx", "x.xlsx"]))
def test_truncated_office_files_are_refused(cut, name):
    part = "word/document.xml" if name.endswith("docx") else "xl/workbook.xml"
    data = _package({"[Content_Types].xml": b"<Types/>", part: b"<w:document/>" * 50})
    _read_or_refuse(data[: int(len(data) * cut)], name)


@pytest.mark.django_db
def test_the_job_page_asks_for_the_level_and_imports_with_it(
    client, office_supervisor, django_capture_on_commit_callbacks, jobs_in_process
):
    client.force_login(office_supervisor)
    upload = SimpleUploadedFile("方案.txt", ANONYMOUS_PLAN.encode())
    job = import_job_create(upload=upload, level="", by=office_supervisor)
    import_job_run(job)
    page = client.get(f"/plans/import/{job.pk}/")
    assert "按此层级重新导入" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/plans/import/{job.pk}/level/", {"level": "district"})
    retried = ImportJob.objects.exclude(pk=job.pk).get()
    assert response.url.endswith(f"/import/{retried.pk}/")
    assert retried.status == ImportJob.Status.SUCCEEDED, retried.message
    assert Plan.objects.get().level == "district"


CONSTRUCTED = Path(settings.BASE_DIR) / "fixtures" / "import_constructed"


def test_a_task_breakdown_reads_labels_under_items_and_deadlines_into_schedule():
    path = CONSTRUCTED / "constructed-province-task-breakdown.txt"
    [plan] = read_document(path.read_bytes(), filename=path.name)
    assert (plan.level, plan.document_number) == ("province", "苏政办发〔2019〕152号")
    rows = {row.measure_ref: (row.period_text, row.start, row.end) for row in plan.schedule}
    assert rows["1"] == ("2019年12月底前", None, (2019, 12))
    assert rows["4"] == ("持续推进", None, None)
    assert rows["7"] == ("年底前", None, (2019, 12))  # the notice's year
    item_3 = plan.sections[1].sections[1].measures[0]
    assert item_3.text.endswith("网上可办率达到90%以上。")
    assert item_3.responsibility_text == "牵头单位：省政务办；配合单位：省大数据管理中心"
