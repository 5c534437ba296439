"""/atlas/: the Atlas of the French authorities' external action, in public (read only)."""
from django.urls import path

from . import views_atlas

app_name = "atlas-public"  # the back office's pages are `atlas:` (coopdec/atlas/urls.py)

urlpatterns = [
    path("", views_atlas.atlas, name="index"),
    path("actions/<int:pk>/", views_atlas.action_detail, name="action"),
]
