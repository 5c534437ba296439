"""/espace/messages/ and the decision letter under /espace/dossiers/."""
from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("espace/messages/", views.inbox, name="inbox"),
    path("espace/messages/<int:pk>/", views.message, name="message"),
    path("espace/dossiers/<int:pk>/lettre-de-decision.pdf", views.decision_letter, name="decision-letter"),
]
