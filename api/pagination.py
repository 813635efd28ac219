"""Page-number pagination whose errors tell the client what to fix."""

from __future__ import annotations

from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination

from api.problems import ProblemException


class GuidePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param, "1")
        if not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
            raise ProblemException(
                "invalid-request", f"`page` must be a whole number from 1; got {raw[:40]!r}."
            )
        size = request.query_params.get(self.page_size_query_param)
        if size is not None and (not size.isdigit() or not 1 <= int(size) <= self.max_page_size):
            raise ProblemException(
                "invalid-request",
                f"`page_size` must be a whole number from 1 to {self.max_page_size}.",
            )
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:  # a page past the end
            raise ProblemException(
                "not-found", f"Page {raw} does not exist; start again from page 1."
            ) from exc
