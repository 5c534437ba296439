from django.urls import include, path, register_converter

from . import views
from .exports import FORMATS, format_converter

app_name = "publication"

register_converter(format_converter(*FORMATS), "laureates_format")


def _with_downloads(route, view, name):
    """A page of laureates and, under the same path, the downloads of its selection."""
    return [
        path(route, view, name=name),
        path(f"{route}laureats<laureates_format:extension>", views.laureates_download,
             name=f"{name}-download"),
    ]


urlpatterns = [
    path("", views.home, name="home"),
    path("campagnes/", views.campaign_latest, name="campaign-latest"),
    path("campagnes/<int:year>/", include([
        *_with_downloads("", views.campaign_detail, "campaign"),
        *_with_downloads("regions/<slug:region_slug>/", views.region_detail, "region"),
        *_with_downloads("appels/<slug:call_slug>/", views.call_detail, "call"),
    ])),
]
