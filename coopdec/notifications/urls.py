"""/espace/messages/: a person's messages and their attachments."""
from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("espace/messages/", views.inbox, name="inbox"),
    path("espace/messages/<int:pk>/", views.message, name="message"),
    path("espace/messages/<int:pk>/pieces/<slug:code>", views.attachment, name="attachment"),
]
