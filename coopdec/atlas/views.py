"""The Atlas's back office. Thin views: read through selectors, write through services; a refusal
is shown in French (`ActionRefused.reason`); another authority's or country's action is a 404."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coopdec.accounts.decorators import staff_page
from coopdec.accounts.selectors import embassy_countries, member_authorities
from coopdec.applications.views import error_summary
from coopdec.calls.selectors import country_choices
from coopdec.formsets import ADD_LINE, with_added_line

from . import permissions, selectors, services
from .forms import (
    ActionForm, CampaignForm, CoAuthoritiesForm, CompletionForm, CountryDecideForm, DecideForm, NoteForm, PartnerFormSet,
    PartnerNameForm, PersonForm,
)
from .models import Action, ActionAuthority, ActionPartner, PersonInCharge

PER_PAGE = 50


def _back(authority):
    url = reverse("atlas:space")
    return f"{url}?collectivite={authority.pk}" if authority else url


def _chosen(request):
    return request.POST.get("collectivite") or request.GET.get("collectivite")


def _page_number(request):
    return request.GET.get("page") or 1


# ---------------------------------------------------------------- an authority's space


@login_required
def space(request):
    page = selectors.member_page(request.user, _chosen(request))
    return render(request, "atlas/space.html", {"title": "Atlas : les actions extérieures de votre collectivité",
                                                "page": page, "origin": Action.Origin, "status": Action.Status})


def _lead(action):
    return next((link.authority for link in action.authorities.all() if link.is_lead and link.authority_id), None)


@login_required
def action_new(request):
    page = selectors.member_page(request.user, _chosen(request))
    if page.authority is None:
        raise Http404("Vous n'êtes membre confirmé d'aucune collectivité.")
    form = ActionForm(request.POST or None, initial={"status": Action.Status.ONGOING})
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(by=request.user, authority=page.authority, **form.values())
        except services.ActionRefused as refused:
            form.add_error(None, refused.reason)
        else:
            messages.success(request, "Action enregistrée : ajoutez maintenant ses partenaires.")
            return redirect("atlas:action-partners", action.pk)
    return render(request, "atlas/action_form.html", {
        "title": f"Nouvelle action de {page.authority}", "form": form, "page": page,
        "error_summary": error_summary(form),
    }, status=400 if form.is_bound else 200)


def _own(request, pk):
    action = selectors.member_action(request.user, pk)
    if action is None:
        raise Http404("Aucune action de vos collectivités à cette adresse.")
    return action


@login_required
def action_edit(request, pk):
    action = _own(request, pk)
    if action.origin == Action.Origin.LAUREATE or action.status == Action.Status.WITHDRAWN:
        return render(request, "atlas/action_read.html", {"title": action.title, "action": action})
    initial = {name: getattr(action, name) for name in services.EDITABLE}
    form = ActionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, by=request.user, **form.values())
        except services.ActionRefused as refused:
            form.add_error(None, refused.reason)
        else:
            messages.success(request, "Action mise à jour.")
            return redirect(_back(_lead(action)))
    return render(request, "atlas/action_form.html", {
        "title": f"Modifier « {action.title} »", "form": form, "action": action,
        "error_summary": error_summary(form),
    }, status=400 if form.is_bound else 200)


@login_required
def action_partners(request, pk):
    action = _own(request, pk)
    decision = permissions.can_edit_action(request.user, action)
    if not decision or action.status == Action.Status.WITHDRAWN:
        messages.error(request, decision.reason or "Cette action est retirée : elle ne se modifie plus.")
        return redirect("atlas:action-edit", action.pk)
    lead = _lead(action)
    current = [link.authority for link in action.authorities.all() if link.authority_id and not link.is_lead]
    adding = with_added_line(request, "partenaire")
    data = adding or request.POST or None
    form = CoAuthoritiesForm(data, current=current, lead_id=lead.pk if lead else None)
    formset = PartnerFormSet(data, prefix="partenaire", form_kwargs={"countries": country_choices()},
                             initial=[{"name": p.name, "country": p.country_id} for p in action.partners.all()])
    if request.method == "POST" and not adding and form.is_valid() and formset.is_valid():
        try:
            services.action_authorities_set(action=action, by=request.user,
                                            co_authorities=form.cleaned_data["authorities"])
            services.action_partners_set(action=action, by=request.user, partners=[
                services.PartnerIn(f["name"], f["country"]) for f in formset.cleaned_data if f.get("country")])
        except services.ActionRefused as refused:
            form.add_error(None, refused.reason)
        else:
            messages.success(request, "Collectivités et partenaires enregistrés.")
            return redirect(_back(lead))
    return render(request, "atlas/action_partners.html", {
        "title": f"Collectivités et partenaires de « {action.title} »", "form": form, "formset": formset,
        "action": action, "lead": lead, "add_line": ADD_LINE,
        "error_summary": [] if adding else error_summary(form, formset, line_label="Partenaire étranger"),
    }, status=400 if request.method == "POST" and not adding else 200)


@require_POST
@login_required
def action_withdraw(request, pk):
    action = _own(request, pk)
    try:
        services.action_withdraw(action=action, by=request.user)
    except services.ActionRefused as refused:
        messages.error(request, refused.reason)
    else:
        messages.success(request, f"L'action « {action.title} » est retirée de l'Atlas.")
    return redirect(_back(_lead(action)))


@require_POST
@login_required
def mark_updated(request):
    page = selectors.member_page(request.user, _chosen(request))
    if page.authority is None:
        raise Http404("Vous n'êtes membre confirmé d'aucune collectivité.")
    try:
        services.authority_mark_updated(authority=page.authority, by=request.user)
    except services.ActionRefused as refused:
        messages.error(request, refused.reason)
    else:
        messages.success(request, f"Merci : les actions de {page.authority} sont dites à jour.")
    return redirect(_back(page.authority))


# ---------------------------------------------------------------- persons in charge


def _contacts_page(request, form=None, status=200):
    page = selectors.member_page(request.user, _chosen(request))
    return render(request, "atlas/contacts.html", {
        "title": "Personnes chargées de l'action internationale", "page": page,
        "persons": selectors.persons_of(page.authority) if page.authority else [],
        "form": form or (PersonForm() if page.authority else None), "error_summary": error_summary(form),
    }, status=status)


def _contacts_back(authority):
    return f"{reverse('atlas:contacts')}?collectivite={authority.pk}"


@login_required
def contacts(request):
    if request.method != "POST":
        return _contacts_page(request)
    page = selectors.member_page(request.user, _chosen(request))
    if page.authority is None:
        raise Http404("Vous n'êtes membre confirmé d'aucune collectivité.")
    form = PersonForm(request.POST)
    if not form.is_valid():
        return _contacts_page(request, form, 400)
    try:
        services.person_in_charge_save(authority=page.authority, by=request.user, **form.cleaned_data)
    except services.ActionRefused as refused:
        form.add_error(None, refused.reason)
        return _contacts_page(request, form, 400)
    messages.success(request, "Personne enregistrée.")
    return redirect(_contacts_back(page.authority))


def _own_person(request, pk):
    person = PersonInCharge.objects.filter(
        pk=pk, authority__in=member_authorities(request.user)).select_related("authority").first()
    if person is None:
        raise Http404("Aucune personne de vos collectivités à cette adresse.")
    return person


@login_required
def contact_edit(request, pk):
    person = _own_person(request, pk)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_in_charge_save(authority=person.authority, by=request.user, person=person,
                                           **form.cleaned_data)
        except services.ActionRefused as refused:
            form.add_error(None, refused.reason)
        else:
            messages.success(request, "Personne mise à jour.")
            return redirect(_contacts_back(person.authority))
    return render(request, "atlas/contact_form.html", {"title": f"Modifier {person.name}", "form": form,
                                                       "person": person, "error_summary": error_summary(form)}, status=400 if form.is_bound else 200)


@require_POST
@login_required
def contact_remove(request, pk):
    person = _own_person(request, pk)
    services.person_in_charge_remove(person=person, by=request.user)
    messages.success(request, f"{person.name} n'est plus enregistrée.")
    return redirect(_contacts_back(person.authority))


# ---------------------------------------------------------------- the ministry


@staff_page
def ministry(request, form=None):
    campaign = selectors.latest_campaign()
    overview = selectors.campaign_overview(campaign)
    shown = request.GET.get("etat") == "a-jour"
    rows = Paginator(selectors.campaign_rows(campaign, updated=shown), PER_PAGE).get_page(_page_number(request)) \
        if campaign else None
    return render(request, "atlas/ministry.html", {
        "title": "Atlas : mise à jour des actions", "overview": overview, "rows": rows, "shown_updated": shown,
        "form": form or CampaignForm(), "unresolved": selectors.unresolved_names().count(),
        "error_summary": error_summary(form),
    }, status=400 if form is not None else 200)


@require_POST
@staff_page
def campaign_new(request):
    form = CampaignForm(request.POST)
    if not form.is_valid():
        return ministry(request, form)
    try:
        campaign = services.campaign_open(by=request.user, **form.cleaned_data)
    except services.ActionRefused as refused:
        form.add_error(None, refused.reason)
        return ministry(request, form)
    messages.success(request, f"Campagne de mise à jour {campaign.year} enregistrée.")
    return redirect("atlas:ministry")


@staff_page
def names(request, forms=None):
    page = Paginator(selectors.unresolved_names(), PER_PAGE).get_page(_page_number(request))
    candidates = selectors.candidates_of(page.object_list)
    forms = forms or {}
    rows = [(link, forms.get(link.pk) or DecideForm(candidates=candidates[link.pk], auto_id=f"id_{link.pk}_%s"))
            for link in page.object_list]
    countries = country_choices()
    partners = [(partner, forms.get(f"p{partner.pk}") or CountryDecideForm(
        countries=countries, auto_id=f"id_partenaire_{partner.pk}_%s"))
        for partner in selectors.unresolved_partners()[:PER_PAGE]]
    return render(request, "atlas/names.html", {
        "title": "Atlas : noms à trancher", "page": page, "rows": rows, "partners": partners,
        "partners_count": selectors.unresolved_partners().count(),
        "error_summary": [entry for form in forms.values() for entry in error_summary(form)],
    }, status=400 if forms else 200)


@require_POST
@staff_page
def partner_country_decide(request, pk):
    partner = ActionPartner.objects.filter(pk=pk, country__isnull=True).select_related("action").first()
    if partner is None:
        raise Http404("Aucun partenaire sans pays à cette adresse.")
    form = CountryDecideForm(request.POST, countries=country_choices(), auto_id=f"id_partenaire_{partner.pk}_%s")
    if form.is_valid():
        try:
            services.action_partner_country_decide(partner=partner, by=request.user,
                                                   country=form.cleaned_data["country"])
        except services.ActionRefused as refused:
            form.add_error(None, refused.reason)
        else:
            messages.success(request, f"Le partenaire « {partner.name} » de l'action « {partner.action.title} » "
                                      "a son pays, pour cette action seule.")
            return redirect("atlas:names")
    return names(request, {f"p{partner.pk}": form})


@require_POST
@staff_page
def name_decide(request, pk):
    link = ActionAuthority.objects.filter(pk=pk, authority__isnull=True).select_related("action").first()
    if link is None:
        raise Http404("Aucun nom à trancher à cette adresse.")
    form = DecideForm(request.POST, candidates=selectors.candidates_of([link])[link.pk],
                      auto_id=f"id_{link.pk}_%s")
    if form.is_valid():
        try:
            services.action_authority_decide(link=link, by=request.user, authority=form.cleaned_data["authority"])
        except services.ActionRefused as refused:
            form.add_error(None, refused.reason)
        else:
            messages.success(request, f"« {link.name} » désigne {form.cleaned_data['authority']} "
                                      f"pour l'action « {link.action.title} », et pour elle seule.")
            return redirect("atlas:names")
    return names(request, {link.pk: form})


@login_required
def persons(request):
    decision = permissions.can_see_persons_in_charge(request.user)
    if not decision:
        raise PermissionDenied(decision.reason)
    page = Paginator(selectors.visible_persons(request.user), PER_PAGE).get_page(_page_number(request))
    return render(request, "atlas/persons.html", {"title": "Personnes chargées de l'action internationale",
                                                  "page": page})


# ---------------------------------------------------------------- embassies


def _embassy_only(request):
    countries = list(embassy_countries(request.user))
    if not countries:
        raise PermissionDenied("Cette page est réservée aux agents des ambassades de France.")
    return countries


@login_required
def embassy(request):
    countries = _embassy_only(request)
    page = Paginator(selectors.embassy_actions(request.user), PER_PAGE).get_page(_page_number(request))
    return render(request, "atlas/embassy.html", {
        "title": "Atlas : les actions dans votre pays", "countries": countries, "page": page})


def _embassy_action(request, pk):
    _embassy_only(request)
    action = selectors.embassy_action(request.user, pk)
    if action is None:
        raise Http404("Aucune action avec un partenaire dans votre pays à cette adresse.")
    return action


@login_required
def embassy_action(request, pk, note_form=None):
    action = _embassy_action(request, pk)
    own = {c.iso2 for c in embassy_countries(request.user)}
    editable = action.origin != Action.Origin.LAUREATE and action.status != Action.Status.WITHDRAWN
    form = None
    if editable:
        form = CompletionForm(request.POST if request.method == "POST" and note_form is None else None,
                              initial={"status": action.status, "starts_on": action.starts_on,
                                       "ends_on": action.ends_on, "description": action.description})
        if form.is_bound and form.is_valid():
            try:
                services.action_update(action=action, by=request.user, **form.cleaned_data)
            except services.ActionRefused as refused:
                form.add_error(None, refused.reason)
            else:
                messages.success(request, "Action complétée.")
                return redirect("atlas:embassy-action", action.pk)
    partners = [(p, PartnerNameForm(initial={"name": p.name}, auto_id=f"id_partenaire_{p.pk}_%s")
                 if editable and p.country_id in own else None) for p in action.partners.all()]
    return render(request, "atlas/embassy_action.html", {
        "title": action.title, "action": action, "form": form, "partners": partners,
        "note_form": note_form or NoteForm(), "notes": list(action.notes.all()),
        "error_summary": error_summary(form) + error_summary(note_form),
    }, status=400 if (form is not None and form.is_bound) or note_form is not None else 200)


@require_POST
@login_required
def embassy_partner(request, pk, partner):
    action = _embassy_action(request, pk)
    found = next((p for p in action.partners.all() if p.pk == partner), None)
    if found is None:
        raise Http404("Aucun partenaire de cette action à cette adresse.")
    form = PartnerNameForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ActionRefused("Indiquez le nom du partenaire.")
        services.action_partner_name_set(partner=found, by=request.user, name=form.cleaned_data["name"])
    except services.ActionRefused as refused:
        messages.error(request, refused.reason)
    else:
        messages.success(request, "Partenaire complété.")
    return redirect("atlas:embassy-action", action.pk)


@require_POST
@login_required
def embassy_note(request, pk):
    action = _embassy_action(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return embassy_action(request, pk, note_form=form)
    try:
        services.action_note_add(action=action, by=request.user, text=form.cleaned_data["text"])
    except services.ActionRefused as refused:
        form.add_error(None, refused.reason)
        return embassy_action(request, pk, note_form=form)
    messages.success(request, "Commentaire enregistré.")
    return redirect("atlas:embassy-action", action.pk)
