from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from api import media
from config import health

# The admin names the product, not "Django administration".
admin.site.site_header = "Patient guides"
admin.site.site_title = "Patient guides admin"
admin.site.index_title = "Guides, translations and reviews"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("media/figures/renditions/<str:name>", media.rendition, name="figure-rendition"),
    path("", RedirectView.as_view(url="/api/v1/docs/", permanent=False)),
    path("", include("api.clinical.urls")),  # Infobutton and CDS Hooks, before api's 404
    path("", include("api.urls")),
    path("", include("api.embed.urls")),
]

handler400 = "config.errors.handler400"
handler403 = "config.errors.handler403"
handler404 = "config.errors.handler404"
handler500 = "config.errors.handler500"
