"""Small factories: real rows in the real test database, with sensible defaults."""
import itertools

from django.utils.text import slugify

from coopdec.applications import workflow
from coopdec.applications.models import Application, Partnership
from coopdec.calls.models import Call, Campaign
from coopdec.territories.models import Authority, Country, Departement, Region
from coopdec.territories.partner_services import foreign_authority_get_or_create
from coopdec.territories.text import normalise

_seq = itertools.count(1)


def region(code="76", name="Occitanie"):
    obj, _ = Region.objects.get_or_create(code=code, defaults={"name": name, "slug": slugify(name)})
    return obj


def departement(code="81", name="Tarn", region_obj=None):
    obj, _ = Departement.objects.get_or_create(
        code=code, defaults={"name": name, "region": region_obj or region()}
    )
    return obj


def authority(name="Castres", kind=Authority.Kind.COMMUNE, code=None, departement_obj=None,
              population=1000, **extra):
    dep = departement_obj or departement()
    return Authority.objects.create(
        kind=kind, code=code or f"T{next(_seq):07d}", name=name, departement=dep,
        region=dep.region, population=population, **extra,
    )


def country(iso2="RW", name_fr="Rwanda", name_en="Rwanda", oda_class=Country.OdaClass.LDC):
    obj, _ = Country.objects.get_or_create(
        iso2=iso2, defaults={"name_fr": name_fr, "name_en": name_en, "oda_class": oda_class,
                             "classification": "test"},
    )
    return obj


def campaign(year=2025):
    obj, _ = Campaign.objects.get_or_create(year=year)
    return obj


def call(name="Généraliste 2025", kind=Call.Kind.GENERALISTE, campaign_obj=None, **extra):
    return Call.objects.create(
        campaign=campaign_obj or campaign(), name=name, slug=slugify(name), kind=kind, **extra
    )


def foreign_authority(name="District de Huye", country_obj=None):
    """Keyed as the importer keys partners, so a test's partner is the one an import finds."""
    return foreign_authority_get_or_create(name=name, country=(country_obj or country()).iso2)


def application(title=None, call_obj=None, lead=None, partners=(), decision=Application.Decision.RETENU,
                **extra):
    title = title or f"Projet {next(_seq)}"
    lead = lead if lead is not None else authority()
    app = Application.objects.create(
        call=call_obj or call(), title=title, title_key=normalise(title), lead_authority=lead,
        lead_name=lead.name, lead_name_key=normalise(lead.name), region=lead.region,
        departement=lead.departement, decision=decision,
        state=extra.pop("state", decision if decision != Application.Decision.PENDING else workflow.DEPOSE),
        provenance=extra.pop("provenance", Application.Provenance.IMPORT), **extra,
    )
    for order, partner in enumerate(partners):
        Partnership.objects.create(application=app, foreign_authority=partner, name=partner.name, order=order)
    return app


def published_figure(name, value, campaign_obj=None, source_label="MEAE", source_url="",
                     published_on=None, **extra):
    from coopdec.calls.models import PublishedFigure

    return PublishedFigure.objects.create(
        campaign=campaign_obj or campaign(), name=name, value=value, source_label=source_label,
        source_url=source_url, published_on=published_on, **extra,
    )


def unresolved_laureate(lead_name, call_obj=None, region_obj=None, departement_obj=None, partners=(),
                        title=None):
    """A laureate imported from a list whose French authority is still to be confirmed."""
    title = title or f"Projet {next(_seq)}"
    app = Application.objects.create(
        call=call_obj or call(), title=title, title_key=normalise(title), lead_authority=None,
        lead_name=lead_name, lead_name_key=normalise(lead_name),
        region=region_obj or (departement_obj.region if departement_obj else None),
        departement=departement_obj, decision=Application.Decision.RETENU,
        provenance=Application.Provenance.IMPORT,
    )
    for order, partner in enumerate(partners):
        Partnership.objects.create(application=app, foreign_authority=partner, name=partner.name, order=order)
    return app
