"""/espace/dossiers/<id>/rapports/ (the applicant's) and /instruction/subventions/ (the ministry's)."""
from django.urls import path

from . import views

app_name = "grants"

urlpatterns = [
    path("espace/dossiers/<int:pk>/rapports/", views.reports, name="reports"),
    path("espace/dossiers/<int:pk>/rapports/pieces/<int:document_pk>/", views.report_document,
         name="report-document"),
    path("instruction/subventions/", views.overview, name="overview"),
]
