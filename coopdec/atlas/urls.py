"""/espace/atlas/ (an authority's actions and persons in charge), /instruction/atlas/ (the
ministry's campaigns, names to decide, persons in charge) and /instruction/atlas/pays/ (an
embassy's actions)."""
from django.urls import path

from . import views

app_name = "atlas"

urlpatterns = [
    path("espace/atlas/", views.space, name="space"),
    path("espace/atlas/nouvelle/", views.action_new, name="action-new"),
    path("espace/atlas/a-jour/", views.mark_updated, name="mark-updated"),
    path("espace/atlas/contacts/", views.contacts, name="contacts"),
    path("espace/atlas/contacts/<int:pk>/", views.contact_edit, name="contact-edit"),
    path("espace/atlas/contacts/<int:pk>/supprimer/", views.contact_remove, name="contact-remove"),
    path("espace/atlas/<int:pk>/", views.action_edit, name="action-edit"),
    path("espace/atlas/<int:pk>/partenaires/", views.action_partners, name="action-partners"),
    path("espace/atlas/<int:pk>/retirer/", views.action_withdraw, name="action-withdraw"),
    path("instruction/atlas/", views.ministry, name="ministry"),
    path("instruction/atlas/campagne/", views.campaign_new, name="campaign-new"),
    path("instruction/atlas/noms/", views.names, name="names"),
    path("instruction/atlas/noms/<int:pk>/", views.name_decide, name="name-decide"),
    path("instruction/atlas/partenaires/<int:pk>/", views.partner_country_decide, name="partner-decide"),
    path("instruction/atlas/contacts/", views.persons, name="persons"),
    path("instruction/atlas/pays/", views.embassy, name="embassy"),
    path("instruction/atlas/pays/<int:pk>/", views.embassy_action, name="embassy-action"),
    path("instruction/atlas/pays/<int:pk>/partenaires/<int:partner>/", views.embassy_partner,
         name="embassy-partner"),
    path("instruction/atlas/pays/<int:pk>/commentaires/", views.embassy_note, name="embassy-note"),
]
