"""What the Atlas's back office reads: an authority's actions, the ministry's campaign overview and
names to decide, an embassy's actions, the persons in charge each may see. A fixed number of
queries per page, whatever the number of rows. (The public pages read `selectors_public`.)"""
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from coopdec.accounts.selectors import (
    embassy_countries, is_ministry, member_authorities, member_authority_choice, network_regions,
)
from coopdec.territories.models import Authority

from .models import Action, ActionAuthority, ActionPartner, AuthorityUpdate, PersonInCharge, UpdateCampaign
from .services import campaign_current


def _with_links(actions: QuerySet) -> QuerySet:
    return actions.prefetch_related(
        Prefetch("authorities", queryset=ActionAuthority.objects.select_related("authority__departement")),
        Prefetch("partners", queryset=ActionPartner.objects.select_related("country")),
    )


@dataclass
class MemberPage:
    authorities: list
    authority: Authority | None
    actions: list = field(default_factory=list)
    campaign: UpdateCampaign | None = None
    updated: AuthorityUpdate | None = None


def member_page(user, authority_pk=None) -> MemberPage:
    """The member's authorities, the chosen one's actions (every origin, withdrawn last), the open
    campaign and whether the authority said its actions are up to date."""
    authorities, chosen = member_authority_choice(user, authority_pk)
    page = MemberPage(authorities, chosen)
    if chosen is None:
        return page
    page.actions = sorted(
        _with_links(Action.objects.filter(authorities__authority=chosen).distinct()),
        key=lambda a: (a.status == Action.Status.WITHDRAWN, a.title_key, a.pk))
    page.campaign = campaign_current()
    if page.campaign is not None:
        page.updated = AuthorityUpdate.objects.filter(campaign=page.campaign, authority=chosen).select_related(
            "by").first()
    return page


def member_action(user, pk) -> Action | None:
    """An action of one of the user's authorities, or None."""
    return _with_links(Action.objects.filter(pk=pk, authorities__authority__in=member_authorities(user))
                       .distinct()).select_related("application").first()


def persons_of(authority) -> list[PersonInCharge]:
    return list(PersonInCharge.objects.filter(authority=authority))


# ---------------------------------------------------------------- the ministry


def expected_authorities() -> QuerySet[Authority]:
    """The authorities a campaign asks: those named on an action that is not withdrawn."""
    return Authority.objects.filter(Exists(ActionAuthority.objects.filter(
        authority=OuterRef("pk")).exclude(action__status=Action.Status.WITHDRAWN)))


@dataclass
class CampaignOverview:
    campaign: UpdateCampaign | None
    expected: int = 0
    updated: int = 0

    @property
    def waiting(self):
        return self.expected - self.updated


def campaign_overview(campaign: UpdateCampaign | None) -> CampaignOverview:
    if campaign is None:
        return CampaignOverview(None)
    expected = expected_authorities()
    return CampaignOverview(campaign, expected.count(),
                            expected.filter(atlas_updates__campaign=campaign).count())


def campaign_rows(campaign: UpdateCampaign, *, updated: bool) -> QuerySet[Authority]:
    """The authorities that said their actions are up to date in `campaign` (or did not)."""
    done = AuthorityUpdate.objects.filter(campaign=campaign, authority=OuterRef("pk"))
    rows = expected_authorities().select_related("departement").order_by("name", "pk")
    return rows.filter(Exists(done)) if updated else rows.exclude(Exists(done))


def latest_campaign() -> UpdateCampaign | None:
    return campaign_current() or UpdateCampaign.objects.order_by("-year").first()


def unresolved_names() -> QuerySet[ActionAuthority]:
    """French authorities of actions still written as a name, oldest action first."""
    return (ActionAuthority.objects.filter(authority__isnull=True).exclude(action__status=Action.Status.WITHDRAWN)
            .select_related("action").order_by("action_id", "order", "pk"))


def unresolved_partners() -> QuerySet[ActionPartner]:
    """Foreign partners of actions written without a country CoopDec knows."""
    return (ActionPartner.objects.filter(country__isnull=True).exclude(action__status=Action.Status.WITHDRAWN)
            .select_related("action").order_by("action_id", "order", "pk"))


def candidates_of(links) -> dict[int, list[Authority]]:
    """Each link's candidates as records (« kind:code » or the code alone), in one query."""
    codes = {str(c).rpartition(":")[2] for link in links for c in link.candidates or ()}
    found = {}
    for authority in Authority.objects.filter(code__in=codes).select_related("departement"):
        found.setdefault(authority.code, []).append(authority)
    result = {}
    for link in links:
        chosen = []
        for candidate in link.candidates or ():
            kind, _, code = str(candidate).rpartition(":")
            chosen += [a for a in found.get(code, ()) if not kind or a.kind == kind]
        result[link.pk] = list(dict.fromkeys(chosen))
    return result


# ---------------------------------------------------------------- embassies


def embassy_actions(user) -> QuerySet[Action]:
    """The actions with a partner in one of the agent's countries; none for anyone else."""
    countries = embassy_countries(user)
    return _with_links(Action.objects.filter(Exists(ActionPartner.objects.filter(
        action=OuterRef("pk"), country__in=countries))).order_by("title_key", "pk"))


def embassy_action(user, pk) -> Action | None:
    return embassy_actions(user).filter(pk=pk).prefetch_related("notes__author").first()


# ---------------------------------------------------------------- persons in charge


def visible_persons(user) -> QuerySet[PersonInCharge]:
    """The persons in charge a user may see: all for the ministry; for an embassy, those of the
    authorities with an action in its countries; for a network, those of its régions; none for
    anyone else (never the public)."""
    rows = PersonInCharge.objects.select_related("authority__departement").order_by("authority__name", "kind", "name")
    if is_ministry(user):
        return rows
    scope = Q(pk__in=[])
    countries = embassy_countries(user)
    if countries.exists():
        scope |= Q(Exists(ActionAuthority.objects.filter(
            authority=OuterRef("authority"), action__partners__country__in=countries)
            .exclude(action__status=Action.Status.WITHDRAWN)))
    regions = network_regions(user)
    if regions.exists():
        scope |= Q(authority__region__in=regions)
    return rows.filter(scope)
