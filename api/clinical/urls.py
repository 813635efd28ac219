"""Routes for clinic systems, included from config/urls.py before the API's catch-all.

CDS Hooks fixes the paths under its base URL: discovery at `{baseUrl}/cds-services` and
each service at `{baseUrl}/cds-services/{id}`, without a trailing slash. The base URL is
`/api/v1`, so the service is versioned with the rest of the API.
"""

from django.urls import re_path

from api.clinical import views

v1 = r"^api/(?P<version>v1)/"

urlpatterns = [
    re_path(v1 + r"infobutton/$", views.InfobuttonView.as_view(), name="infobutton"),
    re_path(v1 + r"cds-services$", views.CdsDiscoveryView.as_view(), name="cds-services"),
    re_path(
        v1 + r"cds-services/(?P<service_id>[-a-zA-Z0-9_.]+)$",
        views.CdsServiceView.as_view(),
        name="cds-service",
    ),
]
