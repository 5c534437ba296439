"""/comptes/: allauth's pages (sign-in, sign-up, e-mail, password, two-factor) and the
membership pages under /comptes/collectivites/ (namespace `accounts`)."""
from django.urls import include, path

from coopdec.accounts import views

membership_patterns = [
    path("", views.memberships, name="memberships"),
    path("demander/", views.membership_request, name="membership-request"),
    path("demandes/", views.membership_requests, name="membership-requests"),
    path("demandes/<int:pk>/", views.membership_decide, name="membership-decide"),
]

urlpatterns = [
    path("collectivites/", include((membership_patterns, "accounts"))),
    path("", include("allauth.urls")),
]
