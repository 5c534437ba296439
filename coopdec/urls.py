from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("comptes/", include("coopdec.accounts.urls")),
    path("api/", include("coopdec.api.urls")),
    path("donnees/", include("coopdec.opendata.urls")),
    path("recherche/", include("coopdec.search.urls")),
    path("", include("coopdec.applications.urls")),
    path("", include("coopdec.calls.urls")),
    path("", include("coopdec.observatory.urls")),
    path("", include("coopdec.publication.urls")),
]
