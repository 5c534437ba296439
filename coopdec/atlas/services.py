"""Writes on the Atlas: actions, their French authorities and foreign partners, notes, update
campaigns, persons in charge, and the laureates kept in step as actions.

Every refusal raises `ActionRefused` with its reason in French. An action is never deleted: it is
withdrawn (`Action.Status.WITHDRAWN`), and public pages stop showing it. Every change calls
`data_changed()` so that the public pages, cached per data version, show it at once.
"""
import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from coopdec.accounts.selectors import embassy_countries, is_ministry, member_authorities
from coopdec.applications.models import Application, CoApplicant, Partnership
from coopdec.dataversion.changes import data_changed
from coopdec.french.text import date_fr
from coopdec.territories.models import Authority, Country
from coopdec.territories.partner_services import foreign_authority_get_or_create
from coopdec.territories.text import normalise

from . import permissions
from .models import (
    Action, ActionAuthority, ActionNote, ActionPartner, AuthorityUpdate, PersonInCharge, UpdateCampaign,
)

logger = logging.getLogger(__name__)

# What a person may set on an action (origin, application, created_by belong to the services).
EDITABLE = ("kind", "title", "description", "status", "themes", "sdgs", "starts_on", "ends_on", "amount")
_AMOUNT_BOUND = Decimal(10) ** 10  # Action.amount: 12 digits, 2 after the point
BATCH = 500


class ActionRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PartnerIn:
    """A foreign partner as a person gives it: a name (may be empty: the country alone) and the
    ISO code of its country."""

    name: str
    country: str


def _require(decision) -> None:
    if not decision:
        raise ActionRefused(decision.reason)


def _clean(fields: dict) -> dict:
    """The editable fields, checked: a title, known choices, dates in order, an amount ≥ 0."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ActionRefused(f"Ces champs ne se modifient pas ici : {', '.join(sorted(unknown))}.")
    cleaned = dict(fields)
    if "title" in cleaned:
        cleaned["title"] = " ".join(str(cleaned["title"] or "").split())
        if not cleaned["title"]:
            raise ActionRefused("Donnez un intitulé à l'action.")
        cleaned["title_key"] = normalise(cleaned["title"])[:500]
    if "kind" in cleaned and cleaned["kind"] not in Action.Kind.values:
        raise ActionRefused(f"Nature d'action inconnue : « {cleaned['kind']} ».")
    if "status" in cleaned:
        if cleaned["status"] == Action.Status.WITHDRAWN:
            raise ActionRefused("Une action se retire par le bouton « Retirer l'action », qui le garde en mémoire.")
        if cleaned["status"] not in Action.Status.values:
            raise ActionRefused(f"État inconnu : « {cleaned['status']} ».")
    if "description" in cleaned:
        cleaned["description"] = (cleaned["description"] or "").strip()
    if "themes" in cleaned:
        cleaned["themes"] = list(dict.fromkeys(t.strip() for t in cleaned["themes"] or () if t and t.strip()))
    if "sdgs" in cleaned:
        sdgs = sorted({int(n) for n in cleaned["sdgs"] or ()})
        if any(n < 1 or n > 17 for n in sdgs):
            raise ActionRefused("Les objectifs de développement durable vont de 1 à 17.")
        cleaned["sdgs"] = sdgs
    for name in ("starts_on", "ends_on"):
        if cleaned.get(name) is not None and not isinstance(cleaned[name], date):
            raise ActionRefused("Une date de l'action n'est pas une date.")
    if "amount" in cleaned and cleaned["amount"] is not None:
        try:
            amount = Decimal(str(cleaned["amount"]))
        except InvalidOperation:
            raise ActionRefused(f"« {cleaned['amount']} » n'est pas un montant.") from None
        if not amount.is_finite() or amount < 0:
            raise ActionRefused("Le montant d'une action est positif ou nul.")
        if amount >= _AMOUNT_BOUND:
            raise ActionRefused("Ce montant dépasse ce qu'une action peut valoir.")
        cleaned["amount"] = amount.quantize(Decimal("0.01"))
    return cleaned


def _dates_in_order(starts_on, ends_on) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ActionRefused(f"L'action ne peut pas finir ({date_fr(ends_on)}) avant d'avoir commencé "
                            f"({date_fr(starts_on)}).")


def _partner_rows(action, partners) -> list[ActionPartner]:
    rows, seen = [], set()
    countries = set(Country.objects.filter(iso2__in={p.country for p in partners if p.country})
                    .values_list("iso2", flat=True))
    for partner in partners:
        name = " ".join((partner.name or "").split())
        if not partner.country:
            raise ActionRefused(f"Indiquez le pays du partenaire « {name} »." if name else
                                "Indiquez le pays de chaque partenaire.")
        if partner.country not in countries:
            raise ActionRefused(f"Pays inconnu : « {partner.country} ».")
        foreign = foreign_authority_get_or_create(name=name, country=partner.country) if name else None
        key = (foreign.pk if foreign else None, partner.country)
        if key in seen:
            continue
        seen.add(key)
        rows.append(ActionPartner(action=action, foreign_authority=foreign, name=name, country_id=partner.country,
                                  order=len(rows)))
    return rows


def _authority_rows(action, lead, co_authorities) -> list[ActionAuthority]:
    chosen = list(dict.fromkeys([lead, *co_authorities] if lead else co_authorities))
    return [ActionAuthority(action=action, authority=a, name=a.name, is_lead=(a == lead), order=order)
            for order, a in enumerate(chosen)]


@transaction.atomic
def action_create(*, by, authority, kind=Action.Kind.PROJECT, title, description="", status=Action.Status.ONGOING,
                  themes=(), sdgs=(), starts_on=None, ends_on=None, amount=None, partners=(), co_authorities=(),
                  source="") -> Action:
    """An action of `authority` (its lead), recorded by one of its confirmed members (or the
    ministry), with its French co-authorities and its foreign partners (`PartnerIn`)."""
    _require(permissions.can_act_for(by, authority))
    fields = _clean({"kind": kind, "title": title, "description": description, "status": status,
                     "themes": themes, "sdgs": sdgs, "starts_on": starts_on, "ends_on": ends_on, "amount": amount})
    _dates_in_order(fields["starts_on"], fields["ends_on"])
    action = Action.objects.create(**fields, origin=Action.Origin.AUTHORITY, source=source or str(authority),
                                   created_by=by, updated_by=by)
    ActionAuthority.objects.bulk_create(_authority_rows(action, authority, co_authorities))
    ActionPartner.objects.bulk_create(_partner_rows(action, partners))
    data_changed()
    return action


def _locked(action) -> Action:
    return Action.objects.select_for_update().get(pk=action.pk)


@transaction.atomic
def action_update(*, action, by, **fields) -> Action:
    """Change what a person may change of an action (`EDITABLE`)."""
    locked = _locked(action)
    _require(permissions.can_edit_action(by, locked))
    if locked.status == Action.Status.WITHDRAWN:
        raise ActionRefused("Cette action est retirée : elle ne se modifie plus.")
    cleaned = _clean(fields)
    _dates_in_order(cleaned.get("starts_on", locked.starts_on), cleaned.get("ends_on", locked.ends_on))
    changed = [name for name, value in cleaned.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, cleaned[name])
    locked.updated_by = by
    locked.save(update_fields=[*changed, "updated_by", "updated_at"])
    data_changed()
    return locked


@transaction.atomic
def action_withdraw(*, action, by) -> Action:
    """Withdraw an action: kept with its history, shown nowhere public."""
    locked = _locked(action)
    _require(permissions.can_edit_action(by, locked))
    if locked.status == Action.Status.WITHDRAWN:
        raise ActionRefused("Cette action est déjà retirée.")
    locked.status, locked.updated_by = Action.Status.WITHDRAWN, by
    locked.save(update_fields=["status", "updated_by", "updated_at"])
    data_changed()
    return locked


@transaction.atomic
def action_partners_set(*, action, by, partners) -> list[ActionPartner]:
    """Replace the foreign partners (`PartnerIn`: name and country), each resolved to its
    `ForeignAuthority` as imports do. An embassy keeps a partner in its country."""
    locked = _locked(action)
    _require(permissions.can_edit_action(by, locked))
    rows = _partner_rows(locked, partners)
    if not _member_or_ministry(by, locked):
        own = set(embassy_countries(by).values_list("iso2", flat=True))
        before = sorted((p.country_id, p.name) for p in locked.partners.all() if p.country_id not in own)
        after = sorted((p.country_id, p.name) for p in rows if p.country_id not in own)
        if before != after:
            raise ActionRefused("Une ambassade ne complète que les partenaires de son pays.")
        if not any(p.country_id in own for p in rows):
            raise ActionRefused("L'action ne garderait aucun partenaire dans votre pays : gardez-en au moins un.")
    locked.partners.all().delete()
    ActionPartner.objects.bulk_create(rows)
    _touch(locked, by)
    return rows


@transaction.atomic
def action_partner_name_set(*, partner, by, name) -> ActionPartner:
    """Name (or rename) one partner in its country, resolved to its `ForeignAuthority`: what an
    embassy completes."""
    locked = _locked(partner.action)
    _require(permissions.can_edit_action(by, locked))
    partner = ActionPartner.objects.get(pk=partner.pk, action=locked)
    name = " ".join((name or "").split())
    if not name:
        raise ActionRefused("Indiquez le nom du partenaire.")
    if partner.country_id is None:
        raise ActionRefused("Ce partenaire n'a pas de pays : le ministère le tranche d'abord.")
    if not _member_or_ministry(by, locked) and partner.country_id not in set(
            embassy_countries(by).values_list("iso2", flat=True)):
        raise ActionRefused("Une ambassade ne complète que les partenaires de son pays.")
    foreign = foreign_authority_get_or_create(name=name, country=partner.country_id)
    if locked.partners.filter(foreign_authority=foreign).exclude(pk=partner.pk).exists():
        raise ActionRefused(f"« {name} » est déjà un partenaire de cette action.")
    partner.name, partner.foreign_authority = name, foreign
    partner.save(update_fields=["name", "foreign_authority"])
    _touch(locked, by)
    return partner


@transaction.atomic
def action_authorities_set(*, action, by, co_authorities) -> list[ActionAuthority]:
    """Replace the French co-authorities (the lead stays; names not yet resolved stay too)."""
    locked = _locked(action)
    _require(permissions.can_edit_action(by, locked))
    links = list(locked.authorities.select_related("authority"))
    lead = next((link.authority for link in links if link.is_lead and link.authority_id), None)
    kept_unresolved = [link for link in links if link.authority_id is None]
    locked.authorities.filter(authority__isnull=False).delete()
    rows = _authority_rows(locked, lead, [a for a in co_authorities if a != lead])
    for extra, link in enumerate(kept_unresolved):
        link.order = len(rows) + extra
    ActionAuthority.objects.bulk_update(kept_unresolved, ["order"])
    ActionAuthority.objects.bulk_create(rows)
    _touch(locked, by)
    return rows


def _member_or_ministry(user, action) -> bool:
    return is_ministry(user) or member_authorities(user).filter(atlas_links__action=action).exists()


def _touch(action, by) -> None:
    action.updated_by = by
    action.save(update_fields=["updated_by", "updated_at"])
    data_changed()


@transaction.atomic
def action_note_add(*, action, by, text) -> ActionNote:
    """An embassy's (or the ministry's) comment on an action, for the back office only."""
    _require(permissions.can_comment_action(by, action))
    text = (text or "").strip()
    if not text:
        raise ActionRefused("Écrivez le commentaire.")
    return ActionNote.objects.create(action=action, author=by, text=text)


@transaction.atomic
def action_authority_decide(*, link, by, authority) -> ActionAuthority:
    """The ministry says which authority a name written on one action meant, among its
    candidates. The decision holds for this row only: nothing else is resolved by it."""
    _require(permissions.can_run_atlas(by))
    link = ActionAuthority.objects.select_for_update().get(pk=link.pk)
    if link.authority_id is not None:
        raise ActionRefused(f"« {link.name} » est déjà résolu : {link.authority}.")
    if not candidate_matches(link.candidates, authority):
        raise ActionRefused(f"{authority} n'est pas parmi les candidates de « {link.name} ».")
    if ActionAuthority.objects.filter(action_id=link.action_id, authority=authority).exists():
        raise ActionRefused(f"{authority} figure déjà parmi les collectivités de cette action.")
    link.authority, link.candidates = authority, []
    link.save(update_fields=["authority", "candidates"])
    Action.objects.filter(pk=link.action_id).update(updated_by=by, updated_at=timezone.now())
    data_changed()
    return link


@transaction.atomic
def action_partner_country_decide(*, partner, by, country) -> ActionPartner:
    """The ministry says in which country a partner written without a known country is (« Gandiol,
    Sénégal ? »); its name is then resolved there as imports do. For this row only."""
    _require(permissions.can_run_atlas(by))
    partner = ActionPartner.objects.select_for_update().get(pk=partner.pk)
    if partner.country_id is not None:
        raise ActionRefused(f"Le pays de ce partenaire est déjà connu : {partner.country}.")
    if not Country.objects.filter(iso2=country).exists():
        raise ActionRefused(f"Pays inconnu : « {country} ».")
    foreign = foreign_authority_get_or_create(name=partner.name, country=country) if partner.name else None
    if foreign and ActionPartner.objects.filter(action_id=partner.action_id, foreign_authority=foreign).exists():
        raise ActionRefused(f"« {partner.name} » est déjà un partenaire de cette action dans ce pays.")
    partner.country_id, partner.foreign_authority = country, foreign
    partner.save(update_fields=["country", "foreign_authority"])
    Action.objects.filter(pk=partner.action_id).update(updated_by=by, updated_at=timezone.now())
    data_changed()
    return partner


def candidate_matches(candidates, authority) -> bool:
    """A candidate is written « kind:code » or as the official code alone."""
    return any(str(c) in (f"{authority.kind}:{authority.code}", authority.code) for c in candidates or ())


# ---------------------------------------------------------------- update campaigns

@transaction.atomic
def campaign_open(*, by, year, opens_on, closes_on) -> UpdateCampaign:
    """The ministry opens the yearly update campaign of the Atlas."""
    _require(permissions.can_run_atlas(by))
    if not (2000 <= int(year) <= 2100):
        raise ActionRefused(f"Année hors des limites : {year}.")
    if closes_on < opens_on:
        raise ActionRefused(f"La campagne ne peut pas se clore ({date_fr(closes_on)}) avant de s'ouvrir "
                            f"({date_fr(opens_on)}).")
    if UpdateCampaign.objects.filter(year=year).exists():
        raise ActionRefused(f"La campagne de mise à jour {year} existe déjà.")
    return UpdateCampaign.objects.create(year=year, opens_on=opens_on, closes_on=closes_on, opened_by=by)


def campaign_current(today=None) -> UpdateCampaign | None:
    today = today or timezone.localdate()
    return UpdateCampaign.objects.filter(opens_on__lte=today, closes_on__gte=today).order_by("-year").first()


@transaction.atomic
def authority_mark_updated(*, authority, by, today=None) -> AuthorityUpdate:
    """« Mes actions sont à jour »: a member says so for its authority in the open campaign."""
    _require(permissions.can_act_for(by, authority))
    campaign = campaign_current(today)
    if campaign is None:
        raise ActionRefused("Aucune campagne de mise à jour de l'Atlas n'est ouverte aujourd'hui.")
    try:
        with transaction.atomic():
            return AuthorityUpdate.objects.create(campaign=campaign, authority=authority, by=by)
    except IntegrityError:
        raise ActionRefused(f"{authority.name} a déjà dit ses actions à jour pour la campagne "
                            f"{campaign.year}.") from None


# ---------------------------------------------------------------- persons in charge

@transaction.atomic
def person_in_charge_save(*, authority, by, kind, name, function, email="", phone="", person=None) -> PersonInCharge:
    _require(permissions.can_act_for(by, authority))
    if kind not in PersonInCharge.Kind.values:
        raise ActionRefused(f"Qualité inconnue : « {kind} ».")
    name, function = " ".join((name or "").split()), " ".join((function or "").split())
    if not name or not function:
        raise ActionRefused("Indiquez le nom et la fonction de la personne.")
    if person is None:
        person = PersonInCharge(authority=authority)
    elif person.authority_id != authority.pk:
        raise ActionRefused("Cette personne n'est pas de votre collectivité.")
    person.kind, person.name, person.function = kind, name, function
    person.email, person.phone, person.updated_by = (email or "").strip(), (phone or "").strip(), by
    person.save()
    return person


@transaction.atomic
def person_in_charge_remove(*, person, by) -> None:
    _require(permissions.can_act_for(by, person.authority))
    person.delete()


# ---------------------------------------------------------------- laureates as actions

def _laureate_status(starts_on, ends_on, today) -> str:
    if ends_on and ends_on < today:
        return Action.Status.FINISHED
    if starts_on and starts_on > today:
        return Action.Status.PLANNED
    return Action.Status.ONGOING


LAUREATE_FIELDS = ("kind", "title", "title_key", "description", "status", "themes", "sdgs", "starts_on", "ends_on",
                   "amount", "source")


def _first_of_each(links) -> list:
    """Each authority once, where it first appears (the lead first)."""
    seen, kept = set(), []
    for link in links:
        if link[0] not in seen:
            seen.add(link[0])
            kept.append(link)
    return kept


def _chunks(items, size=BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


@transaction.atomic
def laureate_actions_sync(applications=None, *, today=None) -> dict:
    """Every published laureate (`Application.decision` retained) gets its action, kept in step:
    title, themes, ODD, dates, amount granted, the lead and the confirmed co-applicants, the
    partners with their countries. A dossier no longer retained withdraws its action. Idempotent;
    set-based (a fixed number of queries, plus one per 500 actions changed). `applications`: a
    queryset of dossiers to look at (every one by default). Returns the counts."""
    today = today or timezone.localdate()
    scope = Application.objects.all() if applications is None else applications
    retained = scope.filter(decision=Application.Decision.RETENU)
    rows = list(retained.values("pk", "title", "summary", "themes", "sdgs", "starts_on", "ends_on", "granted_amount",
                                "lead_authority_id", "lead_name", "call__name", "call__campaign__year",
                                "call__campaign_id"))
    existing = {a.application_id: a for a in Action.objects.filter(application__in=scope.values("pk")).annotate(
        campaign_id=F("application__call__campaign_id"))}
    co = {}
    for row in CoApplicant.objects.filter(application__in=retained.values("pk"), state=CoApplicant.State.CONFIRMED,
                                          authority__isnull=False).values("application_id", "authority_id", "name"):
        co.setdefault(row["application_id"], []).append((row["authority_id"], row["name"]))
    partners = {}
    for row in Partnership.objects.filter(application__in=retained.values("pk")).values(
            "application_id", "foreign_authority_id", "foreign_authority__country_id", "name"):
        partners.setdefault(row["application_id"], []).append(
            (row["foreign_authority_id"], row["name"], row["foreign_authority__country_id"]))
    links, partner_links = {}, {}
    for row in ActionAuthority.objects.filter(action__application__in=scope.values("pk")).values(
            "action_id", "authority_id", "name", "is_lead"):
        links.setdefault(row["action_id"], []).append((row["authority_id"], row["name"], row["is_lead"]))
    for row in ActionPartner.objects.filter(action__application__in=scope.values("pk")).values(
            "action_id", "foreign_authority_id", "name", "country_id"):
        partner_links.setdefault(row["action_id"], []).append(
            (row["foreign_authority_id"], row["name"], row["country_id"]))

    to_create, to_update, changed_fields, wanted = [], [], set(), {}
    campaign_of = {row["pk"]: row["call__campaign_id"] for row in rows}
    campaign_of.update({app_id: action.campaign_id for app_id, action in existing.items()})
    for row in rows:
        values = {
            "kind": Action.Kind.PROJECT, "title": row["title"], "title_key": normalise(row["title"])[:500],
            "description": row["summary"] or "", "status": _laureate_status(row["starts_on"], row["ends_on"], today),
            "themes": row["themes"] or [], "sdgs": row["sdgs"] or [], "starts_on": row["starts_on"],
            "ends_on": row["ends_on"], "amount": row["granted_amount"],
            "source": f"Lauréat : {row['call__name']} ({row['call__campaign__year']})"[:300],
        }
        authorities = [(row["lead_authority_id"], row["lead_name"], True)] if row["lead_authority_id"] else []
        authorities += [(pk, name, False) for pk, name in co.get(row["pk"], ()) if pk != row["lead_authority_id"]]
        wanted[row["pk"]] = (_first_of_each(authorities), partners.get(row["pk"], []))
        action = existing.get(row["pk"])
        if action is None:
            to_create.append(Action(application_id=row["pk"], origin=Action.Origin.LAUREATE, **values))
            continue
        differs = [name for name, value in values.items() if getattr(action, name) != value]
        if differs:
            for name in differs:
                setattr(action, name, values[name])
            changed_fields.update(differs)
            to_update.append(action)
    retained_ids = set(wanted)
    withdrawn = [app_id for app_id, a in existing.items()
                 if app_id not in retained_ids and a.status != Action.Status.WITHDRAWN]
    to_withdraw = [existing[app_id].pk for app_id in withdrawn]

    Action.objects.bulk_create(to_create, batch_size=BATCH)
    if to_create and to_create[0].pk is None:  # a database that gives no keys back on bulk insert
        made = dict(Action.objects.filter(application_id__in=[a.application_id for a in to_create])
                    .values_list("application_id", "pk"))
        for action in to_create:
            action.pk = action.id = made[action.application_id]
    if to_update:
        now = timezone.now()
        for action in to_update:
            action.updated_at = now
        Action.objects.bulk_update(to_update, [*sorted(changed_fields), "updated_at"], batch_size=BATCH)
    for chunk in _chunks(to_withdraw):
        Action.objects.filter(pk__in=chunk).update(status=Action.Status.WITHDRAWN, updated_at=timezone.now())

    # An action whose authorities or partners moved gets both lists anew.
    new_links, new_partners, redone = [], [], []
    moved = {a.application_id for a in [*to_create, *to_update]} | set(withdrawn)
    for action in [*to_create, *existing.values()]:
        if action.application_id not in wanted:
            continue
        authorities, foreign = wanted[action.application_id]
        if links.get(action.pk, []) == authorities and partner_links.get(action.pk, []) == foreign:
            continue
        redone.append(action.pk)
        moved.add(action.application_id)
        new_links += [ActionAuthority(action_id=action.pk, authority_id=pk, name=name, is_lead=lead, order=order)
                      for order, (pk, name, lead) in enumerate(authorities)]
        new_partners += [ActionPartner(action_id=action.pk, foreign_authority_id=pk, name=name, country_id=country,
                                       order=order) for order, (pk, name, country) in enumerate(foreign)]
    known = {a.pk for a in existing.values()}
    for chunk in _chunks(pk for pk in redone if pk in known):
        ActionAuthority.objects.filter(action_id__in=chunk).delete()
        ActionPartner.objects.filter(action_id__in=chunk).delete()
    ActionAuthority.objects.bulk_create(new_links, batch_size=BATCH)
    ActionPartner.objects.bulk_create(new_partners, batch_size=BATCH)
    counts = {"created": len(to_create), "updated": len(to_update), "withdrawn": len(to_withdraw),
              "relinked": len(redone)}
    # The public pages of the campaigns whose laureates' actions moved (and every page's version)
    # are renewed; no other campaign's.
    for campaign_id in sorted({campaign_of[app_id] for app_id in moved}):
        data_changed(campaign_id=campaign_id)
    return counts


def on_version_moved(sender, campaign_id=None, **kwargs) -> None:
    """`data_version_moved` for a campaign (a committee's publication, an import, a dossier's
    change): its laureates' actions follow. A change of every campaign at once (`None`, which the
    Atlas's own edits send) is left to `manage.py atlas_sync_laureates`. A failure never undoes
    the change that committed; the command catches up."""
    if campaign_id is None:
        return
    try:
        laureate_actions_sync(Application.objects.filter(call__campaign_id=campaign_id))
    except Exception:
        logger.exception("Atlas: laureates of campaign %s not synchronised", campaign_id)
