"""/instruction/exports/: the ministry's exports of dossiers."""
from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("", views.index, name="index"),
    path("nouveau/", views.new, name="new"),
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/fichier/", views.job_file, name="job-file"),
    path("<int:pk>/relancer/", views.job_retry, name="job-retry"),
    path("modeles/<int:pk>/supprimer/", views.template_delete, name="template-delete"),
    path("dossiers/<int:pk>.zip", views.dossier_archive, name="dossier-zip"),
    path("appels/<int:pk>.zip", views.call_archive, name="call-zip"),
]
