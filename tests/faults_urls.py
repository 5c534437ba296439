"""The site's URL conf with two pages that fail, for the tests of what a server error shows and
logs (tests/test_server_error_page.py)."""
from django.urls import path

from coopdec.urls import handler404, handler500, urlpatterns as site  # noqa: F401  (the handlers are read here)


def fail(request):
    raise RuntimeError("Panne simulée pour le test")


urlpatterns = [path("panne/", fail), path("api/panne", fail), *site]
