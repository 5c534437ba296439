"""/espace/ (the applicant's dossiers) and /instruction/dossiers/ (the ministry's list)."""
from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("espace/", views.space, name="space"),
    path("espace/dossiers/nouveau/", views.draft_new, name="draft-new"),
    path("espace/invitations/<int:pk>/", views.invitation, name="invitation"),
    path("espace/dossiers/<int:pk>/", views.dossier, name="dossier"),
    path("espace/dossiers/<int:pk>/etapes/<slug:step>/", views.step, name="step"),
    path("espace/dossiers/<int:pk>/eligibilite/", views.eligibility, name="eligibility"),
    path("espace/dossiers/<int:pk>/deposer/", views.submit, name="submit"),
    path("espace/dossiers/<int:pk>/vers/<slug:to>/", views.move, name="move"),
    path("espace/dossiers/<int:pk>/pieces/<int:document_pk>/", views.document, name="document"),
    path("espace/dossiers/<int:pk>/pieces/<int:document_pk>/supprimer/", views.document_delete,
         name="document-delete"),
    path("espace/dossiers/<int:pk>/accuse-reception.pdf", views.acknowledgement, name="acknowledgement"),
    path("instruction/dossiers/", views.instruction, name="instruction"),
]
