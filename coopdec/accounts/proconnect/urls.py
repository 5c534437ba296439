"""The addresses of allauth's OpenID Connect provider (/comptes/oidc/proconnect/login/ and its
callback), served by ProConnect's views; allauth mounts them because the provider class lives here."""
from allauth.socialaccount import app_settings
from django.urls import include, path

from coopdec.accounts.proconnect import views

urlpatterns = [
    path(f"{app_settings.OPENID_CONNECT_URL_PREFIX}/<str:provider_id>/", include([
        path("login/", views.login, name="openid_connect_login"),
        path("login/callback/", views.callback, name="openid_connect_callback"),
    ])),
]
