from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("collectivites/<str:kind>/<str:code>/", views.authority_detail, name="authority"),
    path("pays/", views.country_index, name="countries"),
    path("pays/<str:iso>/", views.country_detail, name="country"),
]
