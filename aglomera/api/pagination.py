"""Page numbers for every list of the API: `?page=2&page_size=50` (at most MAX_PAGE_SIZE).

A page that does not exist (0, -1, "abc", 10**30) is a JSON 404, never a 500.
"""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class Pagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
