from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from coopdec.hardening import read_only_patterns

# A page not found in French (JSON under /api/) when DEBUG is off (coopdec.hardening).
handler404 = "coopdec.hardening.not_found"
# A server error: logged with its traceback, mailed to ADMINS, and a French page (coopdec.hardening).
handler500 = "coopdec.hardening.server_error"

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
    # The public pages are read only: 405 for any method but GET and HEAD (coopdec.hardening).
    path("donnees/", include(read_only_patterns("coopdec.apd.urls_public"))),
    path("donnees/", include(read_only_patterns("coopdec.opendata.urls"))),
    path("recherche/", include(read_only_patterns("coopdec.search.urls"))),
    path("atlas/", include(read_only_patterns("coopdec.observatory.urls_atlas"))),
    path("instruction/comites/", include("coopdec.instruction.urls_committees")),
    path("instruction/exports/", include("coopdec.exports.urls")),
    path("", include("coopdec.apd.urls")),
    path("partenariats/monde/", include(read_only_patterns("coopdec.observatory.urls_exchange"))),
    path("", include("coopdec.exchange.urls")),  # /partenariats/ (public pages read only) and /espace/partenariats/
    path("", include("coopdec.atlas.urls")),
    path("instruction/", include("coopdec.instruction.urls")),
    path("", include(read_only_patterns("coopdec.directory.urls"))),
    path("", include("coopdec.applications.urls")),
    path("", include("coopdec.notifications.urls")),
    path("", include("coopdec.instruction.urls_letters")),
    path("", include("coopdec.grants.urls")),
    path("", include(read_only_patterns("coopdec.calls.urls"))),
    path("", include(read_only_patterns("coopdec.observatory.urls"))),
    path("", include(read_only_patterns("coopdec.publication.urls"))),
]
