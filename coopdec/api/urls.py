"""/api/v1/ (the read API, its schema and its documentation page) and /api/reconcile."""
from django.urls import path

from coopdec.hardening import safe_methods_only

from . import views
from .api import api


def _readable_from_anywhere(urls):
    """Every view of the read API, its schema and its documentation, open to cross-origin GET.

    django-ninja answers 405 for its operations (csrf-exempt views); its schema, documentation and
    root pages are plain views: they get the 405 of the public pages."""
    patterns, app_name, namespace = urls
    for pattern in patterns:
        callback = pattern.callback if getattr(pattern.callback, "csrf_exempt", False) else (
            safe_methods_only(pattern.callback))
        pattern.callback = views.read_only(callback)
    return patterns, app_name, namespace


urlpatterns = [
    path("v1/docs/assets/<str:name>", views.docs_asset, name="api-docs-asset"),
    path("v1/", _readable_from_anywhere(api.urls)),
    path("reconcile", views.reconcile, name="api-reconcile"),
    path("reconcile/view/<str:entity_id>", views.reconcile_view, name="api-reconcile-view"),
    path("reconcile/suggest/entity", views.suggest_entity, name="api-reconcile-suggest-entity"),
    path("reconcile/suggest/property", views.suggest_property, name="api-reconcile-suggest-property"),
]
