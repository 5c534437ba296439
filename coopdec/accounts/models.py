"""Who may act for whom: memberships of French authorities and the roles the ministry grants.

Django's own `User` stays the account (sign-in by e-mail through allauth); the applicant role
is a confirmed membership, the others are rows of `Role`.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopdec.calls.models import Call
from coopdec.territories.models import Authority, Country, Region


class Membership(models.Model):
    """A user's request to act for a French authority, confirmed by the ministry or by a
    confirmed member of that authority."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("demandée")
        CONFIRMED = "confirmed", _("confirmée")
        REFUSED = "refused", _("refusée")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("utilisateur"),
    )
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="memberships",
        verbose_name=_("collectivité"),
    )
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.REQUESTED)
    requested_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="membership_decisions", verbose_name=_("décidée par"),
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    reason = models.TextField(_("motif"), blank=True)

    class Meta:
        verbose_name = _("rattachement à une collectivité")
        verbose_name_plural = _("rattachements aux collectivités")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "authority"], name="membership_user_authority")
        ]

    def __str__(self):
        return f"{self.user} — {self.authority} ({self.get_state_display()})"


class Role(models.Model):
    """A role granted by the ministry: ministry officer, instructor (scoped to a call or a
    partner country), member of a regional network (scoped to a region), an embassy's agent
    (scoped to the partner country it serves) or a prefecture's agent (scoped to its region).
    Embassies and prefectures give their opinions on dossiers; embassies also complete the
    Atlas's actions in their country."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("agent du ministère")
        INSTRUCTOR = "instructor", _("instructeur")
        NETWORK = "network", _("membre d'un réseau régional")
        EMBASSY = "embassy", _("agent d'une ambassade de France")
        PREFECTURE = "prefecture", _("agent d'une préfecture de région")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles",
        verbose_name=_("utilisateur"),
    )
    kind = models.CharField(_("rôle"), max_length=12, choices=Kind.choices)
    call = models.ForeignKey(
        Call, null=True, blank=True, on_delete=models.CASCADE, related_name="roles",
        verbose_name=_("appel à projets"),
    )
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="roles",
        verbose_name=_("pays partenaire"),
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="roles",
        verbose_name=_("région"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="roles_granted", verbose_name=_("attribué par"),
    )
    granted_at = models.DateTimeField(_("attribué le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rôle")
        verbose_name_plural = _("rôles")
        ordering = ["kind", "user_id"]
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_kind",
                condition=(
                    Q(kind="ministry", call__isnull=True, country__isnull=True, region__isnull=True)
                    | Q(kind="instructor", region__isnull=True)
                    & (Q(call__isnull=False, country__isnull=True)
                       | Q(call__isnull=True, country__isnull=False))
                    | Q(kind="network", call__isnull=True, country__isnull=True, region__isnull=False)
                    | Q(kind="embassy", call__isnull=True, country__isnull=False, region__isnull=True)
                    | Q(kind="prefecture", call__isnull=True, country__isnull=True, region__isnull=False)
                ),
                violation_error_message=_(
                    "Un instructeur a soit un appel, soit un pays partenaire ; un membre de réseau, "
                    "une région ; un agent d'ambassade, un pays ; un agent de préfecture, une "
                    "région ; un agent du ministère, aucune portée."
                ),
            ),
        ]

    def __str__(self):
        scope = self.call or self.country or self.region
        return f"{self.user} — {self.get_kind_display()}" + (f" ({scope})" if scope else "")
