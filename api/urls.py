from django.urls import path, re_path
from drf_spectacular.views import SpectacularSwaggerView

from api import accessibility_views, handout_views, views
from api.fastpath import lean_view
from api.schema_view import SchemaView
from api.search import views as search_views
from config import errors

app_name = "api"

v1 = r"^api/(?P<version>v1)/"

urlpatterns = [
    re_path(v1 + r"guides/$", views.GuideListView.as_view(), name="guide-list"),
    re_path(
        v1 + r"guides/(?P<slug>[-a-zA-Z0-9_]+)/$",
        lean_view(views.GuideDetailView, "detail"),
        name="guide-detail",
    ),
    re_path(
        v1 + r"guides/(?P<slug>[-a-zA-Z0-9_]+)/sections/$",
        lean_view(views.GuideSectionsView, "sections"),
        name="guide-sections",
    ),
    re_path(
        v1 + r"guides/(?P<slug>[-a-zA-Z0-9_]+)/faq/$",
        lean_view(views.GuideFAQView, "faq"),
        name="guide-faq",
    ),
    re_path(
        v1 + r"guides/(?P<slug>[-a-zA-Z0-9_]+)/comparison/$",
        lean_view(views.GuideComparisonView, "comparison"),
        name="guide-comparison",
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
    re_path(
        v1 + r"guides/(?P<slug>[-a-zA-Z0-9_]+)/jsonld/$",
        accessibility_views.GuideJSONLDView.as_view(),
        name="guide-jsonld",
    ),
    re_path(v1 + r"glossary/$", accessibility_views.GlossaryView.as_view(), name="glossary"),
    re_path(v1 + r"search/$", search_views.SearchView.as_view(), name="search"),
    re_path(v1 + r"oembed/$", views.OEmbedView.as_view(), name="oembed"),
    re_path(v1 + r"languages/$", views.LanguageListView.as_view(), name="language-list"),
    re_path(v1 + r"schema/$", SchemaView.as_view(api_version="v1"), name="schema"),
    re_path(v1 + r"docs/$", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("problems/<slug:slug>", errors.problem_doc, name="problem-doc"),
    re_path(r"^api/(?P<path>.*)$", errors.api_not_found, name="not-found"),
]
