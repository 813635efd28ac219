from django.urls import path, re_path
from drf_spectacular.views import SpectacularSwaggerView

from api import handout_views, views
from api.embed import oembed
from api.fastpath import lean_view
from api.registry import CATALOGUE, GUIDE, SLUG
from api.schema_view import SchemaView
from api.search import views as search_views
from config import errors

app_name = "api"

v1 = r"^api/(?P<version>v1)/"

urlpatterns = [
    re_path(v1 + r"guides/$", views.GuideListView.as_view(), name="guide-list"),
    # Every guide representation with an address of its own (api.registry.GUIDE).
    *(
        re_path(
            v1 + rf"guides/(?P<slug>{SLUG})/{rep.path}$",
            lean_view(views.SNAPSHOT_VIEWS[rep.kind], rep.kind),
            name=rep.url_name,
        )
        for rep in GUIDE
        if rep.path is not None
    ),
    # The catalogue's (api.registry.CATALOGUE): the glossary.
    *(
        re_path(v1 + rep.path + "$", views.CATALOGUE_VIEWS[rep.kind].as_view(), name=rep.kind)
        for rep in CATALOGUE
    ),
    re_path(
        v1 + r"guides/(?P<slug>[-a-zA-Z0-9_]+)/handout\.pdf$",
        handout_views.GuideHandoutView.as_view(),
        name="guide-handout",
    ),
    re_path(
        v1 + r"guides/(?P<slug>[-a-zA-Z0-9_]+)/faq/handout\.pdf$",
        handout_views.GuideFAQHandoutView.as_view(),
        name="guide-faq-handout",
    ),
    re_path(
        v1 + r"guides/(?P<slug>[-a-zA-Z0-9_]+)/comparison/handout\.pdf$",
        handout_views.GuideComparisonHandoutView.as_view(),
        name="guide-comparison-handout",
    ),
    re_path(
        v1 + r"preview/(?P<token>[-:_a-zA-Z0-9]+)/handout\.pdf$",
        handout_views.PreviewHandoutView.as_view(),
        name="preview-handout",
    ),
    re_path(
        v1 + r"guides/(?P<slug>[-a-zA-Z0-9_]+)/versions/$",
        views.GuideVersionListView.as_view(),
        name="guide-versions",
    ),
    re_path(
        v1 + r"guides/(?P<slug>[-a-zA-Z0-9_]+)/versions/(?P<number>[0-9]+)/$",
        views.GuideVersionView.as_view(),
        name="guide-version",
    ),
    re_path(v1 + r"sync/$", views.SyncView.as_view(), name="sync"),
    re_path(
        v1 + r"preview/(?P<token>[-:_a-zA-Z0-9]+)/$", views.PreviewView.as_view(), name="preview"
    ),
    re_path(v1 + r"search/$", search_views.SearchView.as_view(), name="search"),
    re_path(v1 + r"oembed/$", oembed.OEmbedView.as_view(), name="oembed"),
    re_path(v1 + r"languages/$", views.LanguageListView.as_view(), name="language-list"),
    re_path(v1 + r"schema/$", SchemaView.as_view(api_version="v1"), name="schema"),
    re_path(v1 + r"docs/$", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("problems/<slug:slug>", errors.problem_doc, name="problem-doc"),
    re_path(r"^api/(?P<path>.*)$", errors.api_not_found, name="not-found"),
]
