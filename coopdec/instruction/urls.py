"""/instruction/: instructors' and the ministry's pages of instruction (the committees' pages are
in urls_committees.py, the ministry's list of every dossier in applications/urls.py)."""
from django.urls import path

from . import views

app_name = "instruction"

urlpatterns = [
    path("", views.home, name="home"),
    path("attributions/", views.assignments, name="assignments"),
    path("appels/<int:call_pk>/classement/", views.ranking, name="ranking"),
    path("dossiers/<int:pk>/", views.dossier, name="dossier"),
    path("dossiers/<int:pk>/notes/", views.score, name="score"),
    path("dossiers/<int:pk>/avis/", views.opinion, name="opinion"),
    path("dossiers/<int:pk>/annotations/", views.annotate, name="annotate"),
    path("dossiers/<int:pk>/attribuer/", views.assign, name="assign"),
    path("dossiers/<int:pk>/complements/", views.corrections, name="corrections"),
    path("dossiers/<int:pk>/reprendre/", views.resume, name="resume"),
]
