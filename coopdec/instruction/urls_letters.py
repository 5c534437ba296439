"""The decision letter, under the applicant's /espace/dossiers/."""
from django.urls import path

from . import views_letters

app_name = "letters"

urlpatterns = [
    path("espace/dossiers/<int:pk>/lettre-de-decision.pdf", views_letters.decision_letter, name="decision-letter"),
]
