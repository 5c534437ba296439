from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The back office in French, its own name, and the whole width of a 1,280 px screen for the lists
# (the navigation sidebar would take a fifth of it; the breadcrumbs and the index lead the way).
admin.site.site_header = "CoopDec — administration"
admin.site.site_title = "CoopDec"
admin.site.index_title = "Tableau de bord"
admin.site.enable_nav_sidebar = False
# The back office signs in through allauth, so its rate limits and the second factor hold there too
# (Django's own admin login form would ask for a password alone).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("comptes/", include("coopdec.accounts.urls")),
    path("api/", include("coopdec.api.urls")),
    path("donnees/", include("coopdec.opendata.urls")),
    path("instruction/comites/", include("coopdec.instruction.urls_committees")),
    path("recherche/", include("coopdec.search.urls")),
    path("instruction/", include("coopdec.instruction.urls")),
    path("", include("coopdec.directory.urls")),
    path("", include("coopdec.applications.urls")),
    path("", include("coopdec.grants.urls")),
    path("", include("coopdec.notifications.urls")),
    path("", include("coopdec.calls.urls")),
    path("", include("coopdec.observatory.urls")),
    path("", include("coopdec.publication.urls")),
]
