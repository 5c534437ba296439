from django.urls import path, re_path

from . import views

app_name = "opendata"

YEAR = r"(?P<year>[0-9]{4})"

urlpatterns = [
    path("", views.index, name="index"),
    re_path(rf"^laureats-{YEAR}\.(?P<extension>csv|json|xlsx)$", views.laureates_download, name="laureates"),
    re_path(r"^laureats-tous\.(?P<extension>csv|json)$", views.laureates_download, name="laureates-all"),
    re_path(rf"^iati-{YEAR}\.xml$", views.iati_download, name="iati"),
    path("iati.xml", views.iati_download, name="iati-all"),
    re_path(rf"^360giving-{YEAR}\.(?P<extension>csv|json)$", views.giving360_download, name="360giving"),
    re_path(r"^360giving-tous\.(?P<extension>csv|json)$", views.giving360_download, name="360giving-all"),
]
