"""/partenariats/ (public, read only: GET and HEAD), the forms behind sign-in, and /espace/partenariats/.
Included at the root by coopdec/urls.py."""
from django.urls import path

from coopdec.hardening import safe_methods_only

from . import views

app_name = "exchange"

urlpatterns = [
    path("partenariats/", safe_methods_only(views.listing_list), name="list"),
    path("espace/partenariats/publier/", views.publish, name="publish"),
    path("partenariats/<int:pk>/", safe_methods_only(views.listing_detail), name="listing"),
    path("espace/partenariats/<int:pk>/ecrire/", views.contact, name="contact"),
    path("espace/partenariats/messages/<int:pk>/", views.conversation, name="conversation"),
    path("espace/partenariats/", views.mine, name="mine"),
    path("espace/partenariats/<int:pk>/renouveler/", views.renew, name="renew"),
    path("espace/partenariats/<int:pk>/retirer/", views.withdraw, name="withdraw"),
]
