"""/partenariats/ (the exchange, public, read only), /espace/partenariats/publier/, /espace/partenariats/<id>/ecrire/,
/espace/partenariats/messages/<id>/ (a conversation, for its two parties) and /espace/partenariats/ (the
publisher's listings). Thin views: read through selectors, write through services."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coopdec.territories.models import Country, Region

from . import selectors, services
from .forms import ContactForm, PublishForm, ReplyForm
from .models import Listing


def _error_summary(form) -> list[dict]:
    summary = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        for error in errors:
            summary.append({"target": f"id_{name}" if field else "erreurs",
                            "label": field.label if field else "", "message": error})
    return summary


def listing_list(request):
    filters = selectors.Filters.of(request.GET)
    found = selectors.filtered(filters)
    page = Paginator(found, selectors.PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "exchange/list.html", {
        "title": "Bourse des partenariats", "filters": filters, "page": page, "query": query.urlencode(),
        "kinds": Listing.Kind.choices, "themes": selectors.theme_choices(),
        "countries": Country.objects.order_by("name_fr").only("pk", "name_fr"),
        "regions": Region.objects.order_by("name").only("pk", "name"),
        "by_country": selectors.by_country(), "by_region": selectors.by_region(),
    })


def listing_detail(request, pk):
    listing = selectors.listing_public(pk)
    if listing is None:
        raise Http404("Aucune annonce en cours à cette adresse : elle a pu expirer ou être retirée.")
    return render(request, "exchange/detail.html", {"title": listing.title, "listing": listing})


def _publishers(user) -> list[tuple[str, str]]:
    found = selectors.publish_choices(user)
    return ([(f"fr:{a.pk}", a.name) for a in found["authorities"]]
            + [(f"amb:{c.pk}", f"Une collectivité de {c.name_fr} (ambassade de France)") for c in found["countries"]]
            + [(f"res:{r.pk}", f"Une collectivité étrangère (réseau régional {r.name})") for r in found["regions"]])


@login_required
def publish(request):
    publishers = _publishers(request.user)
    form = PublishForm(request.POST or None, publishers=publishers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        side, _, key = data["publisher"].partition(":")
        arguments = {"authority": None, "foreign_country": None, "on_behalf": None, "network_region": None}
        if side == "fr":
            arguments["authority"] = next(a for a in selectors.publish_choices(request.user)["authorities"]
                                          if str(a.pk) == key)
        elif side == "amb":
            arguments.update(foreign_country=Country.objects.get(pk=key), on_behalf=Listing.OnBehalf.EMBASSY)
        else:
            arguments.update(foreign_country=Country.objects.get(pk=data["foreign_country"]),
                             on_behalf=Listing.OnBehalf.NETWORK, network_region=Region.objects.get(pk=key))
        try:
            listing = services.listing_publish(
                user=request.user, kind=data["kind"], title=data["title"], text=data["text"], themes=data["themes"],
                foreign_name=data["foreign_name"], countries=Country.objects.filter(pk__in=data["countries"]),
                regions=Region.objects.filter(pk__in=data["regions"]), **arguments)
        except services.ListingRefused as refused:
            form.add_error(None, refused.reason)
        else:
            messages.success(request, "Votre annonce est publiée pour six mois.")
            return redirect("exchange:listing", listing.pk)
    return render(request, "exchange/publish.html", {
        "title": "Publier une annonce de partenariat", "form": form, "publishers": publishers,
        "error_summary": _error_summary(form) if form.is_bound else [],
    }, status=400 if form.is_bound else 200)


@login_required
def contact(request, pk):
    listing = selectors.listing_public(pk)
    if listing is None:
        raise Http404("Aucune annonce en cours à cette adresse : elle a pu expirer ou être retirée.")
    senders = selectors.sender_choices(request.user)
    form = ContactForm(request.POST or None, senders=senders)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.contact_send(listing=listing, user=request.user, text=form.cleaned_data["text"],
                                         as_whom=form.cleaned_data["as_whom"])
        except services.ListingRefused as refused:
            form.add_error(None, refused.reason)
        else:
            messages.success(request, f"Votre message est transmis à {listing.author_name}, sans votre adresse "
                                      "électronique. La réponse vous parviendra par CoopDec.")
            return redirect("exchange:conversation", sent.pk)
    return render(request, "exchange/contact.html", {
        "title": f"Écrire à {listing.author_name}", "listing": listing, "form": form, "senders": senders,
        "error_summary": _error_summary(form) if form.is_bound else [],
    }, status=400 if form.is_bound else 200)


@login_required
def conversation(request, pk):
    found = selectors.conversation(pk, request.user)
    if found is None:
        raise Http404("Aucune conversation à vous à cette adresse.")
    thread, exchanged = found
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_reply(thread=thread, user=request.user, text=form.cleaned_data["text"])
        except services.ListingRefused as refused:
            form.add_error(None, refused.reason)
        else:
            messages.success(request, "Votre réponse est transmise par CoopDec.")
            return redirect("exchange:conversation", thread.pk)
    return render(request, "exchange/conversation.html", {
        "title": f"Conversation sur « {thread.listing.title} »", "thread": thread, "exchanged": exchanged,
        "form": form, "error_summary": _error_summary(form) if form.is_bound else [],
        "today": timezone.localdate(),
    }, status=400 if form.is_bound else 200)


@login_required
def mine(request):
    return render(request, "exchange/mine.html", {
        "title": "Mes annonces de partenariat", "listings": selectors.mine(request.user),
        "conversations": selectors.my_conversations(request.user),
        "today": timezone.localdate(),
    })


def _managed(request, pk):
    listing = selectors.mine(request.user).filter(pk=pk).first()
    if listing is None:
        raise Http404("Aucune de vos annonces à cette adresse.")
    return listing


@require_POST
@login_required
def renew(request, pk):
    listing = _managed(request, pk)
    try:
        services.listing_renew(listing=listing, user=request.user)
    except services.ListingRefused as refused:
        messages.error(request, refused.reason)
    else:
        messages.success(request, f"L'annonce « {listing.title} » est renouvelée.")
    return redirect(reverse("exchange:mine"))


@require_POST
@login_required
def withdraw(request, pk):
    listing = _managed(request, pk)
    try:
        services.listing_withdraw(listing=listing, user=request.user)
    except services.ListingRefused as refused:
        messages.error(request, refused.reason)
    else:
        messages.success(request, f"L'annonce « {listing.title} » est retirée.")
    return redirect(reverse("exchange:mine"))
