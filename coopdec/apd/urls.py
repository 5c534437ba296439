"""/espace/apd/<year>/ (a member's declaration) and /instruction/apd/ (the ministry's view)."""
from django.urls import path

from . import views

app_name = "apd"

urlpatterns = [
    path("espace/apd/<int:year>/", views.declaration, name="declaration"),
    path("espace/apd/<int:year>/lignes/", views.line_add, name="line-add"),
    path("espace/apd/<int:year>/lignes/<int:pk>/supprimer/", views.line_delete, name="line-delete"),
    path("espace/apd/<int:year>/deposer/", views.submit, name="submit"),
    path("espace/apd/<int:year>/correction/", views.correction, name="correction"),
    path("instruction/apd/", views.ministry, name="ministry"),
    path("instruction/apd/<int:pk>/rouvrir/", views.reopen, name="reopen"),
    path("instruction/apd/<int:year>/crs.csv", views.crs_csv, name="crs-csv"),
]
