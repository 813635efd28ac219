from django.urls import re_path

from api.access import rate_limited
from api.embed import views as embed

app_name = "embed"

SLUG = r"(?P<slug>[-a-zA-Z0-9_]+)"

urlpatterns = [
    re_path(r"^embed/v1/loader\.js$", embed.loader_js, name="loader"),
    re_path(rf"^embed/v1/guides/{SLUG}/$", rate_limited(embed.embed_guide), name="guide"),
    re_path(
        rf"^embed/v1/guides/{SLUG}/(?P<part>[-a-zA-Z0-9_]+)/$",
        rate_limited(embed.embed_guide),
        name="part",
    ),
    re_path(
        r"^embed/v1/preview/(?P<token>[-:_a-zA-Z0-9]+)/$",
        rate_limited(embed.embed_preview),
        name="preview",
    ),
    re_path(r"^embed/(?P<path>.*)$", embed.embed_not_found, name="not-found"),
]
