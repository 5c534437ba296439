from django.urls import path

from . import views

app_name = "calls"
urlpatterns = [path("simulateur/", views.simulator, name="simulator")]
