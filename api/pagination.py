"""Page-number pagination over stored summaries, with errors that say what to fix."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.http import urlencode

from api.problems import ProblemException
from api.request_guards import is_ascii_digits


class GuidePagination:
    page_size = 20
    max_page_size = 100

    def page_and_size(self, request: HttpRequest) -> tuple[int, int]:
        raw = request.GET.get("page", "1")
        if not is_ascii_digits(raw) or len(raw) > 9 or int(raw) < 1:
            raise ProblemException(
                "invalid-request", f"`page` must be a whole number from 1; got {raw[:40]!r}."
            )
        size = request.GET.get("page_size", str(self.page_size))
        if not is_ascii_digits(size) or len(size) > 4 or not 1 <= int(size) <= self.max_page_size:
            raise ProblemException(
                "invalid-request",
                f"`page_size` must be a whole number from 1 to {self.max_page_size}.",
            )
        return int(raw), int(size)

    def check_page(self, page: int, size: int, total: int) -> None:
        if page > 1 and (page - 1) * size >= total:
            raise ProblemException(
                "not-found", f"Page {page} does not exist; start again from page 1."
            )

    def _link(self, request: HttpRequest, page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        return (
            request.build_absolute_uri(request.path)
            + "?"
            + urlencode(sorted((key, str(value)) for key, value in query.items()))
        )

    def body(
        self, request: HttpRequest, page: int, size: int, total: int, items: list[Any]
    ) -> dict[str, Any]:
        return {
            "count": total,
            "next": self._link(request, page + 1) if page * size < total else None,
            "previous": self._link(request, page - 1) if page > 1 else None,
            "results": items,
        }
