"""Page-number pagination over a stable order (every ordering ends with the primary key)."""

from __future__ import annotations

from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination


class StablePageNumberPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = "页码无效：该页不存在。"


class StableOrderingFilter(OrderingFilter):
    """``?ordering=-updated_at``: any allowed field, then ``id`` so that rows never swap pages."""

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if not any(field.lstrip("-") in ("id", "pk") for field in ordering):
            ordering.append("id")
        return ordering
