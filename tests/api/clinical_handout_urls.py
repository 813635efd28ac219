"""A URLconf where printable handouts are served, to test that clinic systems link them."""

from django.http import HttpResponse
from django.urls import include, path, re_path

from api import urls as api_urls


def _handout(request, version: str, slug: str) -> HttpResponse:
    return HttpResponse(b"%PDF-", content_type="application/pdf")


handout = re_path(
    r"^api/(?P<version>v1)/guides/(?P<slug>[-a-zA-Z0-9_]+)/handout\.pdf$",
    _handout,
    name="guide-handout",
)

urlpatterns = [
    path("", include("api.clinical.urls")),
    path("", include(([handout, *api_urls.urlpatterns], "api"))),
    path("", include("api.embed_urls")),
]
