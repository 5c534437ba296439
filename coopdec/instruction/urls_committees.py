"""/instruction/comites/: the committees' sessions, their decisions and their publication."""
from django.urls import path

from . import views_committees as views

app_name = "committees"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("<int:pk>/", views.session_page, name="session"),
    path("<int:pk>/cloture/", views.session_close, name="close"),
    path("<int:pk>/reouverture/", views.session_reopen, name="reopen"),
    path("<int:pk>/publication/", views.session_publish, name="publish"),
]
