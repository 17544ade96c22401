"""Bounded pagination for lists that may hold a province's million people.

Counting every matching row on every page (``COUNT(*)`` over the jurisdiction) costs
more than the page itself at that size, and pages thousands deep cost an ``OFFSET``
scan. These paginators count at most ``COUNT_LIMIT`` rows (one ``LIMIT``ed subquery
without ordering) and so offer at most ``COUNT_LIMIT / per_page`` pages; past that the
page says 超过 N 人 and asks for a narrower filter.
"""

from __future__ import annotations

from functools import cached_property

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination

COUNT_LIMIT = 10_000


class BoundedPaginator(Paginator):
    limit = COUNT_LIMIT

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if hasattr(rows, "order_by"):
            rows = rows.order_by()  # the count needs no sort
        return min(rows[: self.limit + 1].count(), self.limit + 1)

    @property
    def capped(self) -> bool:
        """More rows match than were counted: ``count`` is ``limit + 1``."""
        return self.count > self.limit

    @cached_property
    def num_pages(self) -> int:
        return super().num_pages if not self.capped else max(1, self.limit // self.per_page)

    @property
    def count_label(self) -> str:
        return f"超过 {self.limit}" if self.capped else str(self.count)


class BoundedPagination(PageNumberPagination):
    """DRF's page-number pagination over a BoundedPaginator: ``count`` is at most
    ``COUNT_LIMIT + 1`` (then ``count_capped`` is true)."""

    django_paginator_class = BoundedPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_capped"] = self.page.paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_capped"] = {"type": "boolean"}
        return schema
