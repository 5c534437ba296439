"""A person's confirmation decides that case, not every case (issue 6, §2).

Three communes are called Barjac (Ariège, Gard, Lozère), all in Occitanie. A person confirmed
that the « Barjac » of Occitanie Coopération's list, with the partner Kharas of the
Franco-Palestinian call, is the Gard's.
"""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopdec.territories.models import Authority
from coopdec.territories.resolve import ResolutionContext, Status, _Confirmation, _ContextKeys, resolve_authority
from coopdec.territories.services import authority_confirm

pytestmark = pytest.mark.django_db

WHERE_CONFIRMED = ResolutionContext(publisher="Occitanie Coopération", region="76", partner_country="PS",
                                    partner="Kharas")
HINT = "confirmé une fois comme Barjac (Gard) pour Occitanie Coopération, partenaire Kharas"


@pytest.fixture
def gard(django_user_model):
    gard = Authority.objects.get(kind="commune", code="30029")
    authority_confirm(authority=gard, name="Barjac", context=WHERE_CONFIRMED,
                      user=django_user_model.objects.create(username="relectrice"))
    return gard


def barjac(context, name="Barjac", **hints):
    return resolve_authority(name, region=hints.pop("region", "76"), context=context, **hints)


def test_the_same_context_decides_with_the_reason(gard):
    resolution = barjac(WHERE_CONFIRMED)
    assert (resolution.status, resolution.match.code) == (Status.RESOLVED, "30029")
    assert [c.code for c in resolution.candidates][0] == "30029" and len(resolution.candidates) == 3
    assert resolution.reason == (
        "Barjac (commune, Gard) : nom officiel ; choisie parmi 3 homonymes comme une personne l'a "
        "confirmé pour le même partenaire (Kharas).")


def test_the_same_partner_decides_whoever_publishes_it_and_however_written(gard):
    national = ResolutionContext(publisher="Ministère de l'Europe et des Affaires étrangères",
                                 partner_country="PS", partner="Commune de Kharas")
    resolution = barjac(national, name="Mairie de Barjac", region=None)
    assert (resolution.status, resolution.match.code) == (Status.RESOLVED, "30029")


def test_the_same_publisher_and_region_decide_when_no_partner_is_named(gard):
    resolution = barjac(ResolutionContext(publisher="OCCITANIE COOPERATION", region="76"))
    assert (resolution.status, resolution.match.code) == (Status.RESOLVED, "30029")
    assert "même source (Occitanie Coopération) et de la même région" in resolution.reason


@pytest.mark.parametrize("context", [
    None,  # resolve_authorities, the reconciliation service
    ResolutionContext(),
    ResolutionContext(publisher="Occitanie Coopération", region="76", partner="Dakar", partner_country="SN"),
    ResolutionContext(publisher="Occitanie Coopération", region="76", partner="Bamako"),
    ResolutionContext(publisher="Occitanie Coopération"),  # a national list: no région
    ResolutionContext(publisher="Cités Unies France", region="76"),
    ResolutionContext(region="76", partner_country="PS"),
    ResolutionContext(partner="Kharas", partner_country="LB"),  # another Kharas
], ids=["none", "empty", "other-partner", "other-partner-no-country", "no-region", "other-publisher",
        "same-region-and-country-only", "same-name-other-country"])
def test_elsewhere_the_name_stays_ambiguous_with_the_confirmation_as_a_hint(gard, context):
    resolution = barjac(context)
    assert resolution.status == Status.AMBIGUOUS and resolution.match is None
    assert sorted(c.code for c in resolution.candidates) == ["09037", "30029", "48018"]
    assert resolution.reason == (
        f"3 communes nommées Barjac en région Occitanie : Ariège, Gard, Lozère ; précisez le département ; {HINT}.")


def test_a_hint_that_excludes_the_confirmed_authority_wins(gard):
    resolution = barjac(WHERE_CONFIRMED, department="48")
    assert (resolution.status, resolution.match.code) == (Status.RESOLVED, "48018")


def test_people_who_chose_differently_in_matching_contexts_leave_it_to_a_person(gard, django_user_model):
    lozere = Authority.objects.get(kind="commune", code="48018")
    authority_confirm(authority=lozere, name="Barjac", user=None,
                      context=ResolutionContext(publisher="Occitanie Coopération", region="76"))
    resolution = barjac(ResolutionContext(publisher="Occitanie Coopération", region="76", partner="Kharas",
                                          partner_country="PS"))
    assert resolution.status == Status.AMBIGUOUS
    assert HINT in resolution.reason
    assert "confirmé une fois comme Barjac (Lozère) pour Occitanie Coopération" in resolution.reason


def test_a_confirmation_of_the_smaller_homonym_stops_the_population_margin(django_user_model):
    aisne = Authority.objects.get(kind="commune", code="02142")
    assert resolve_authority("Castres").match.code == "81065"
    context = ResolutionContext(publisher="Cités Unies France", region="32", partner="Gandon")
    authority_confirm(authority=aisne, name="Castres", context=context, user=None)
    elsewhere = resolve_authority("Castres", context=ResolutionContext(partner="Huye"))
    assert elsewhere.status == Status.AMBIGUOUS
    assert "confirmé une fois comme Castres (Aisne) pour Cités Unies France, partenaire Gandon" in elsewhere.reason
    assert resolve_authority("Castres", context=context).match.code == "02142"
    assert resolve_authority("Castres", region="76").match.code == "81065"  # the Aisne is not in Occitanie


def test_a_name_unknown_in_the_list_s_region_is_found_again_in_its_context():
    """The only Bargny is a commune of the Oise: in a list of Occitanie the name reaches nothing,
    and a person's pick of a body the name does not reach still counts in its context."""
    castres = Authority.objects.get(kind="commune", code="81065")
    context = ResolutionContext(publisher="Occitanie Coopération", region="76", partner="Dakar")
    assert resolve_authority("Bargny", region="76").status == Status.UNKNOWN
    authority_confirm(authority=castres, name="Bargny", context=context, user=None)
    resolution = resolve_authority("Bargny", region="76", context=context)
    assert (resolution.status, resolution.match.code) == (Status.RESOLVED, "81065")
    assert resolution.reason == (
        "Castres (commune, Tarn) : nom confirmé par une personne pour le même partenaire (Dakar).")
    other = resolve_authority("Bargny", region="76")
    assert other.status == Status.AMBIGUOUS and [c.code for c in other.candidates] == ["81065"]
    assert other.reason.endswith("; confirmé une fois comme Castres (Tarn) pour Occitanie Coopération, "
                                 "partenaire Dakar.")
    assert resolve_authority("Bargny").match.code == "60046"  # the Oise's, outside any région hint


_VALUES = st.sampled_from(["", "a", "b"])
_KEYS = st.builds(_ContextKeys, publisher=_VALUES, region=_VALUES, country=_VALUES, partner=_VALUES)


@given(mine=_KEYS, here=_KEYS)
def test_a_confirmation_never_decides_where_the_context_contradicts_or_says_nothing(mine, here):
    rule = _Confirmation(0, mine.publisher, mine.partner, mine).rule(here)
    if rule is None:
        return
    for field in ("region", "country"):
        assert not (getattr(mine, field) and getattr(here, field) and getattr(mine, field) != getattr(here, field))
    if rule == "partner":
        assert here.partner and here.partner == mine.partner
    else:
        assert (here.publisher, here.region) == (mine.publisher, mine.region) and here.publisher and here.region
        assert not (here.partner and mine.partner and here.partner != mine.partner)
    assert _Confirmation(0, "", "", mine).rule(_ContextKeys()) is None


def test_the_migration_turns_confirmed_aliases_of_shared_names_into_confirmations(django_user_model):
    """Aliases confirmed before contexts were kept: a shared name keeps the context of the row a
    person reviewed, or none (then it only hints); a name only one body has stays an alias."""
    import importlib

    from django.apps import apps
    from django.utils import timezone

    from coopdec.calls.models import Call
    from coopdec.ingest.models import ImportBatch, ImportRow
    from coopdec.territories.models import AuthorityAlias, AuthorityConfirmation, Country, Region
    from tests import factories as f

    migration = importlib.import_module("coopdec.territories.migrations.0002_authority_confirmation")
    person = django_user_model.objects.create(username="relecteur")
    gard, aisne, sicoval = (Authority.objects.get(kind=k, code=c) for k, c in
                            (("commune", "30029"), ("commune", "02142"), ("epci", "243100633")))
    call = f.call("Franco-palestinien 2025", Call.Kind.FONDS_CONJOINT, f.campaign(2025),
                  partner_country=Country.objects.get(iso2="PS"))
    laureate = f.application("Gire en jeu", call, gard, partners=[f.foreign_authority("Kharas", call.partner_country)])
    laureate.lead_name = "Barjac"
    laureate.save()
    batch = ImportBatch.objects.create(file_name="occitanie.html", sha256="1" * 64, format="html",
                                       source_label="Occitanie Coopération", campaign=call.campaign,
                                       region=Region.objects.get(code="76"), state=ImportBatch.State.COMMITTED)
    ImportRow.objects.create(batch=batch, row_number=4, raw={}, resolution={}, status="ambiguous",
                             application=laureate, reviewed_by=person, reviewed_at=timezone.now())
    for name, authority in (("Barjac", gard), ("Castres", aisne), ("Agglo Sud-Est Toulousain", sicoval)):
        AuthorityAlias.objects.create(text=name.lower().replace("-", " "), original=name, authority=authority,
                                      source="confirmed", created_by=person)

    migration.confirmed_aliases_to_confirmations(apps, None)

    assert list(AuthorityAlias.objects.filter(source="confirmed").values_list("original", flat=True)) == [
        "Agglo Sud-Est Toulousain"]
    rows = {c.name: c for c in AuthorityConfirmation.objects.all()}
    assert set(rows) == {"Barjac", "Castres"}
    barjac_row, castres_row = rows["Barjac"], rows["Castres"]
    assert (barjac_row.publisher, barjac_row.region_id, barjac_row.partner_country_id, barjac_row.partner,
            barjac_row.confirmed_by, barjac_row.seen_in) == (
        "Occitanie Coopération", "76", "PS", "Kharas", person, "occitanie.html, ligne 4 — « Gire en jeu »")
    assert (castres_row.publisher, castres_row.partner, castres_row.confirmed_by) == ("", "", person)
    assert barjac(WHERE_CONFIRMED).match.code == "30029"
    assert barjac(None).status == Status.AMBIGUOUS
    assert resolve_authority("Castres").status == Status.AMBIGUOUS
    assert resolve_authority("Agglo Sud-Est Toulousain").match.code == "243100633"
