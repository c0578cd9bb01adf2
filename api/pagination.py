"""Pagination over a stable order (every ordering ends with the primary key), without a
full ``COUNT(*)``.

A sync client asks for ``updated_since=…&ordering=updated_at`` and follows ``next``: when
every report changed, counting the matching rows cost far more than reading a page. So

* ``next`` carries a keyset cursor (the last row's ordering values) on orderings of
  non-null columns, an offset cursor otherwise: page 5,000 costs what page 1 costs;
* ``count`` is exact up to ``COUNT_LIMIT`` rows (counted over a ``LIMIT``), and above it the
  planner's estimate, with ``count_exact`` false;
* a page reached through ``next`` is not counted again: the first page's count travels in
  the cursor and comes back with ``count_exact`` false (it was not recounted). Counting
  10,001 changed rows was most of a sync page's SQL, repeated on every one of thousands of
  pages for a figure the client already has;
* ``?page=N`` still works (an offset), as v1 clients use it.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import decimal
import json
from functools import reduce
from operator import or_

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections
from django.db.models import Model, Q, QuerySet
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .errors import ApiError

COUNT_LIMIT = 10_000


class StablePageNumberPagination(BasePagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_query_param = "page"
    cursor_query_param = "cursor"
    invalid_page_message = "页码无效：该页不存在。"

    def get_page_size(self, request) -> int:
        try:
            size = int(request.query_params.get(self.page_size_query_param, self.page_size))
        except ValueError:
            return self.page_size
        return min(max(size, 1), self.max_page_size)

    def paginate_queryset(self, queryset: QuerySet, request, view=None):
        self.request = request
        size = self.get_page_size(request)
        ordering = _ordering(queryset)
        offset = 0
        cursor = request.query_params.get(self.cursor_query_param)
        page_number = request.query_params.get(self.page_query_param)
        position = self._decode(cursor) if cursor else {}
        if "n" in position:
            self.count, self.count_exact = position["n"], False
        else:  # a first page, an offset page, or a cursor handed out before counts travelled
            self.count, self.count_exact = _count(queryset)
        if cursor:
            if "o" in position:
                offset = position["o"]
            elif ordering is None:
                raise _bad_cursor()
            else:
                queryset = queryset.filter(_after(queryset, ordering, position["k"]))
        elif page_number:
            try:
                number = int(page_number)
            except ValueError:
                raise NotFound(self.invalid_page_message) from None
            if number < 1:
                raise NotFound(self.invalid_page_message)
            offset = (number - 1) * size
        rows = list(queryset[offset : offset + size + 1])
        if not rows and page_number and not cursor and offset:
            raise NotFound(self.invalid_page_message)
        self.next_cursor = None
        if len(rows) > size:
            rows = rows[:size]
            self.next_cursor = self._next(queryset, ordering, rows[-1], offset + size)
        self.previous_offset = offset - size if not cursor and offset else None
        return rows

    def _next(self, queryset: QuerySet, ordering, last_row, next_offset: int) -> str:
        meta = queryset.model._meta
        if not ordering or any(meta.get_field(name).null for name, _ in ordering):
            return _encode({"o": next_offset, "n": self.count})
        names = [meta.get_field(name).attname for name, _ in ordering]
        if isinstance(last_row, dict) and all(name in last_row for name in names):
            values = [last_row[name] for name in names]
        elif isinstance(last_row, Model):
            values = [getattr(last_row, name) for name in names]
        elif names == [meta.pk.attname]:
            values = [last_row]
        else:  # a bare id under another order: read its position (one small query)
            values = meta.model._base_manager.filter(pk=_pk(last_row)).values_list(*names)[0]
        return _encode({"k": [_plain(value) for value in values], "n": self.count})

    def _decode(self, cursor: str) -> dict:
        try:
            position = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise _bad_cursor() from None
        valid = (
            isinstance(position, dict)
            and (
                (isinstance(position.get("o"), int) and position["o"] >= 0)
                or isinstance(position.get("k"), list)
            )
            and (_whole(position.get("n", 0)) and position.get("n", 0) >= 0)
        )
        if not valid:
            raise _bad_cursor()
        return position

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "count_exact": self.count_exact,
                "next": self._link_next(),
                "previous": self._link_previous(),
                "results": data,
            }
        )

    def _link_next(self) -> str | None:
        if self.next_cursor is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, self.next_cursor)

    def _link_previous(self) -> str | None:
        if self.previous_offset is None:
            return None
        url = self.request.build_absolute_uri()
        page = self.previous_offset // self.get_page_size(self.request) + 1
        if page == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, page)

    def get_paginated_response_schema(self, schema):
        # Each field has an example, so drf-spectacular can wrap the resources' examples in
        # a page (without them it warns, and `check --deploy` is no longer clean).
        return {
            "type": "object",
            "required": ["count", "count_exact", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": f"匹配的记录数：不超过 {COUNT_LIMIT:,} 条时精确，超过时为数据库"
                    "估计值；经 next 翻到的页沿用第一页的数字，不再重新计数 / Matching rows: "
                    f"exact up to {COUNT_LIMIT:,}, the database's estimate above; pages "
                    "reached through next carry the first page's figure, not recounted",
                    "example": 1,
                },
                "count_exact": {
                    "type": "boolean",
                    "description": "count 是否为本次请求时的精确数 / Whether count is an exact "
                    "count made for this answer (false for an estimate and on pages reached "
                    "through next)",
                    "example": True,
                },
                "next": {"type": "string", "nullable": True, "format": "uri", "example": None},
                "previous": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "example": None,
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        def parameter(name, description, kind):
            return {
                "name": name,
                "required": False,
                "in": "query",
                "description": description,
                "schema": {"type": kind},
            }

        return [
            parameter(self.page_query_param, "页码 / page number (offset)", "integer"),
            parameter(self.page_size_query_param, "每页条数 / rows per page (≤ 200)", "integer"),
            parameter(self.cursor_query_param, "翻页游标，取自 next / cursor from next", "string"),
        ]


def _ordering(queryset: QuerySet) -> list[tuple[str, bool]] | None:
    """(field name, descending) of the queryset's order, ending with the primary key; None
    when the order is not made of the model's own concrete fields (offset cursors then)."""
    meta = queryset.model._meta
    names = list(queryset.query.order_by or meta.ordering or ["pk"])
    ordering = []
    for name in names:
        if not isinstance(name, str) or "__" in name or name.lstrip("-") == "?":
            return None
        field = name.lstrip("-")
        field = meta.pk.name if field == "pk" else field
        try:
            model_field = meta.get_field(field)
        except FieldDoesNotExist:  # an annotation or alias, not a column
            return None
        if not model_field.concrete:
            return None
        if (
            model_field.is_relation
            and field != model_field.attname
            and model_field.related_model._meta.ordering
        ):
            # "plan" sorts by the plan's own ordering (issued_on, title), not by plan_id: a
            # cursor on the id column would skip every plan sorted after a higher id.
            return None
        ordering.append((field, name.startswith("-")))
    if ordering[-1][0] != queryset.model._meta.pk.name:
        ordering.append((queryset.model._meta.pk.name, False))
    return ordering


def _after(queryset: QuerySet, ordering, values: list) -> Q:
    """Rows strictly after ``values`` in ``ordering`` (lexicographic, per-field direction)."""
    if len(values) != len(ordering):
        raise _bad_cursor()
    meta = queryset.model._meta
    try:
        typed = [
            meta.get_field(name).to_python(v) for (name, _), v in zip(ordering, values, strict=True)
        ]
    except (ValueError, TypeError, ValidationError):  # a value the field refuses
        raise _bad_cursor() from None
    branches = []
    for i, (name, descending) in enumerate(ordering):
        equal = {ordering[j][0]: typed[j] for j in range(i)}
        step = {f"{name}__{'lt' if descending else 'gt'}": typed[i]}
        branches.append(Q(**equal, **step))
    first, descending = ordering[0]
    # The leading bound lets the database start from the cursor in the (field, id) index.
    leading = Q(**{f"{first}__{'lte' if descending else 'gte'}": typed[0]})
    return leading & reduce(or_, branches)


def _count(queryset: QuerySet) -> tuple[int, bool]:
    counted = queryset.order_by()[: COUNT_LIMIT + 1].count()
    if counted <= COUNT_LIMIT:
        return counted, True
    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return max(int(plan[0]["Plan"]["Plan Rows"]), COUNT_LIMIT + 1), False
    return COUNT_LIMIT + 1, False


def _bad_cursor() -> ApiError:
    return ApiError(400, "invalid_cursor", "翻页游标无效：请去掉 cursor 参数，从第一页重新开始。")


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _pk(row) -> object:
    if isinstance(row, dict):
        return row.get("id", row.get("pk"))
    return getattr(row, "pk", row)


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _encode(position: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(position, separators=(",", ":")).encode()).decode()


class StableOrderingFilter(OrderingFilter):
    """``?ordering=-updated_at``: any allowed field, then ``id`` so that rows never swap pages."""

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if not any(field.lstrip("-") in ("id", "pk") for field in ordering):
            ordering.append("id")
        return ordering
