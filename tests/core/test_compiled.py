"""A compiled query gives exactly what its queryset gives, for every value and shape."""

from __future__ import annotations

import pytest
from django.db.models import Count, Exists, OuterRef

from agencies.models import Agency
from core.compiled import CompiledQuery
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _agencies(parent: int | None, kind: str | None, among: tuple[int, ...] | None):
    agencies = Agency.objects.all()
    if parent is not None:
        agencies = agencies.filter(parent=parent)
    if kind is not None:
        agencies = agencies.filter(kind=kind)
    if among is not None:
        agencies = agencies.filter(pk__in=among)
    children = Agency.objects.filter(parent=OuterRef("pk"))
    return (
        agencies.values("pk", "name", "created_at")
        .annotate(has_children=Exists(children), successors=Count("predecessors"))
        .order_by("name")
    )


def _tree():
    root = AgencyFactory(name="省政府", kind=Agency.Kind.GOVERNMENT)
    a = AgencyFactory(name="甲厅", parent=root, kind="department")
    b = AgencyFactory(name="乙厅", parent=root, kind="department")
    AgencyFactory(name="甲厅某处", parent=a, kind="department")
    return root, a, b


def test_each_value_and_shape_reads_what_the_queryset_reads():
    root, a, b = _tree()
    compiled = CompiledQuery(_agencies)
    cases = [
        {"parent": root.pk, "kind": None, "among": None},
        {"parent": a.pk, "kind": None, "among": None},
        {"parent": root.pk, "kind": "department", "among": None},
        {"parent": None, "kind": Agency.Kind.GOVERNMENT, "among": None},
        {"parent": None, "kind": None, "among": (a.pk, b.pk)},
        {"parent": None, "kind": None, "among": (b.pk,)},
        {"parent": None, "kind": None, "among": None},
    ]
    for values in cases:
        # the converters run too: a boolean is a bool and a datetime a datetime on any database
        assert compiled.rows(**values) == list(_agencies(**values)), values


def test_a_shape_is_compiled_once_and_takes_each_new_value(django_assert_num_queries):
    root, a, _ = _tree()
    built = []

    def build(parent):
        built.append(parent)
        return Agency.objects.filter(parent=parent).values("name").order_by("name")

    compiled = CompiledQuery(build)
    with django_assert_num_queries(2):
        assert [row["name"] for row in compiled.rows(parent=root.pk)] == ["乙厅", "甲厅"]
        assert [row["name"] for row in compiled.rows(parent=a.pk)] == ["甲厅某处"]
    assert len(built) == 1 and built[0] not in (root.pk, a.pk)  # built once, on a stand-in


def test_a_builder_that_leaves_out_an_argument_is_refused():
    compiled = CompiledQuery(lambda parent: Agency.objects.values("name"))
    with pytest.raises(ValueError, match="parent"):
        compiled.rows(parent=1)


def test_only_values_querysets_and_plain_values_compile():
    with pytest.raises(TypeError):
        CompiledQuery(lambda parent: Agency.objects.filter(parent=parent)).rows(parent=1)
    compiled = CompiledQuery(lambda parent: Agency.objects.filter(parent=parent).values("pk"))
    with pytest.raises(TypeError):
        compiled.rows(parent=True)


def test_a_plain_model_queryset_compiles_to_the_same_instances():
    root, a, b = _tree()
    compiled = CompiledQuery(lambda parent: Agency.objects.filter(parent=parent).order_by("name"))
    for parent in (root.pk, a.pk, b.pk):
        objects = compiled.objects(parent=parent)
        want = list(Agency.objects.filter(parent=parent).order_by("name"))
        assert objects == want
        fields = [f.attname for f in Agency._meta.concrete_fields]
        for got, read in zip(objects, want, strict=True):
            assert not got.get_deferred_fields() and not got._state.adding
            assert [getattr(got, f) for f in fields] == [getattr(read, f) for f in fields]
    with pytest.raises(TypeError):
        compiled.rows(parent=root.pk)


def test_related_rows_and_annotations_come_with_the_instances(django_assert_num_queries):
    root, a, _ = _tree()

    def build(parent):
        return (
            Agency.objects.filter(parent=parent)
            .select_related("parent")
            .annotate(children=Count("subordinates"))
            .order_by("name")
        )

    compiled = CompiledQuery(build)
    for parent in (root.pk, a.pk):
        with django_assert_num_queries(1):  # the parent comes in the same row
            got = [(o.name, o.parent.name, o.children) for o in compiled.objects(parent=parent)]
        assert got == [(o.name, o.parent.name, o.children) for o in build(parent)]


def test_prefetching_is_left_to_the_caller():
    compiled = CompiledQuery(lambda p: Agency.objects.filter(parent=p).prefetch_related("aliases"))
    with pytest.raises(TypeError):
        compiled.objects(p=1)
