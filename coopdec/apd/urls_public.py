"""/donnees/apd-<year>.csv: the public aggregates of the APD declarations (read only)."""
from django.urls import path

from . import views

app_name = "apd-public"

urlpatterns = [
    path("apd-<int:year>.csv", views.public_csv, name="csv"),
]
