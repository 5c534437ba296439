from django.urls import path

from . import views

app_name = "observatory"

urlpatterns = [
    path("statistiques/", views.statistics, name="statistics"),
    path("carte/", views.map_page, name="map"),
    path("reseaux/", views.networks, name="networks"),
    path("reseaux/<slug:slug>/<int:year>/", views.network_detail, name="network"),
    path("reseaux/<slug:slug>/<int:year>/widget/", views.network_widget, name="network-widget"),
]
