"""/comptes/: allauth's pages (sign-in, sign-up, e-mail, password, two-factor), the membership
pages under /comptes/collectivites/ and the ministry's list of roles (namespace `accounts`)."""
from django.urls import include, path

from coopdec.accounts import views

account_patterns = [
    path("collectivites/", views.memberships, name="memberships"),
    path("collectivites/demander/", views.membership_request, name="membership-request"),
    path("collectivites/demandes/", views.membership_requests, name="membership-requests"),
    path("collectivites/demandes/<int:pk>/", views.membership_decide, name="membership-decide"),
    path("roles/", views.roles, name="roles"),
]

urlpatterns = [
    path("", include((account_patterns, "accounts"))),
    path("", include("allauth.urls")),
]
