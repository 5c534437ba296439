"""/instruction/: instructors' and the ministry's pages of instruction (the committees' pages are
in urls_committees.py, the ministry's list of every dossier in applications/urls.py)."""
from django.urls import path

from . import views, views_opinions

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
    path("dossiers/<int:pk>/avis/demander/", views_opinions.opinion_ask, name="opinion-ask"),
    path("dossiers/<int:pk>/avis/<int:opinion_pk>/visibilite/", views_opinions.opinion_visibility,
         name="opinion-visibility"),
    path("avis/", views_opinions.opinions, name="opinions"),
    path("avis/demander/", views_opinions.opinions_batch, name="opinions-batch"),
    path("avis/<int:pk>/", views_opinions.opinion_request, name="opinion-request"),
]
