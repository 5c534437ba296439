"""Synthetic campaigns and applications at national scale, for measuring CoopDec (issue 9).

Twenty years of campaigns with their calls, and applications led by the real French authorities
that `load_territories` loaded (drawn by kind, then by population), each with one to three
foreign partners in real countries, French titles varied enough for full-text search, decisions,
amounts and dates. The same seed gives the same rows, whatever the database.

Every synthetic row can be told apart from real data: each campaign's applications hang off an
import batch whose source is « données synthétiques », every call's name says so and its slug
starts with `synth-`. Running it on a database that already holds them is refused: the figures
of a benchmark must describe a known data set, not the sum of two runs.

The code lives with the demo, at the roof of the apps (it writes campaigns, dossiers and their
import rows), rather than in `bench/`: the command is part of the product (a demonstration at
scale, a test fixture), `bench/` holds only the measuring scripts, and `manage.py` must find it
from a fresh clone whatever the directory.
"""
import hashlib
import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate

from django.db import connection, transaction

from coopdec.applications.models import Application, Partnership
from coopdec.calls.models import Call, Campaign, PublishedFigure
from coopdec.dataversion.changes import data_changed
from coopdec.ingest.models import ImportBatch, ImportRow
from coopdec.territories.models import Authority, Country, Departement, ForeignAuthority, Region
from coopdec.territories.partner_services import foreign_authority_key
from coopdec.territories.text import normalise

SOURCE_LABEL = "Données synthétiques"
CALL_SUFFIX = " (données synthétiques)"
SLUG_PREFIX = "synth-"
FIRST_YEAR, LAST_YEAR = 2005, 2025
BATCH = 5_000  # applications written per round of bulk inserts

# Who leads: share of each kind of authority; within a kind, population ** POPULATION_EXPONENT,
# so that big cities lead more often than villages without leading everything.
KIND_SHARES = {"commune": 50, "epci": 20, "departement": 15, "region": 10, "ept": 5}
POPULATION_EXPONENT = 0.75
DECISIONS = {Application.Decision.RETENU: 55, Application.Decision.NON_RETENU: 40,
             Application.Decision.SANS_SUITE: 5}
PARTNER_COUNTS = {1: 60, 2: 30, 3: 10}
# Partner countries of French decentralised cooperation, most frequent first (real ISO codes;
# a code the database does not hold is skipped).
PARTNER_COUNTRIES = (
    "SN", "BF", "MA", "MG", "ML", "BJ", "TN", "CM", "HT", "VN", "LB", "PS", "NE", "TG", "CI",
    "MR", "CA", "DE", "RO", "PL", "IT", "ES", "BE", "GN", "CD", "CG", "GA", "DZ", "AM", "UA",
    "JP", "CN", "BR", "CL", "MX", "IN", "LA", "KH", "RW", "BI", "GH", "ET", "TD", "KM", "DJ",
    "MU", "PE", "CO", "AR", "US",
)
THEMATIC_CALLS = ("Jeunesse", "Climat", "Sécurité alimentaire", "Eau et assainissement",
                  "Culture et patrimoine", "Santé", "Économie sociale et solidaire")

# Titles: an action, a theme (every theme begins with « la » or « l' » so that « de » and « à »
# read right before it), a qualifier, and often the partner's name.
ACTIONS = (
    "Appui à", "Renforcement de", "Accompagnement de", "Développement de", "Soutien à",
    "Amélioration de", "Structuration de", "Promotion de", "Modernisation de", "Préservation de",
    "Valorisation de", "Formation à", "Coopération pour", "Sensibilisation à",
    "Professionnalisation de", "Réhabilitation de", "Échanges de pratiques sur", "Diagnostic de",
    "Relance de", "Pérennisation de",
)
THEMES = (
    "l'accès à l'eau potable", "la gestion de l'eau", "l'eau et l'assainissement",
    "la gestion des déchets", "l'assainissement collectif", "la santé maternelle et infantile",
    "l'éducation des jeunes filles", "la gouvernance locale", "l'agriculture familiale",
    "la filière maraîchère", "la sécurité alimentaire", "l'état civil", "la fiscalité locale",
    "l'éclairage public solaire", "l'électrification rurale", "la mobilité urbaine",
    "la lecture publique", "la formation professionnelle", "l'insertion des jeunes",
    "l'entrepreneuriat féminin", "la préservation des mangroves", "la reforestation",
    "l'adaptation au changement climatique", "la prévention des inondations",
    "la transition énergétique", "la culture et du patrimoine", "la coopération culturelle",
    "l'économie sociale et solidaire", "la filière touristique", "la planification urbaine",
    "la restauration scolaire", "la protection de l'enfance", "la pratique sportive",
    "la santé communautaire", "la gestion foncière", "l'apiculture", "la pêche artisanale",
    "la filière lait", "l'archivage municipal", "la démocratie participative",
)
QUALIFIERS = (
    "en milieu rural", "dans les quartiers périurbains", "au bénéfice des femmes",
    "pour les jeunes", "dans les écoles primaires", "avec les associations locales",
    "des services municipaux", "à l'échelle intercommunale", "par la formation des élus",
    "avec la diaspora", "dans les zones enclavées", "par les chantiers de jeunes",
    "auprès des agriculteurs", "dans les centres de santé", "par le numérique",
    "en lien avec les universités", "pour une ville durable", "dans les marchés",
    "au service des habitants", "par l'échange d'agents",
)
# Partner names: made of syllables, never a real place that a reader could take as recorded.
PARTNER_PREFIXES = ("Commune de", "Municipalité de", "Région de", "Province de", "Gouvernorat de",
                    "Ville de", "Département de", "Comté de")
SYLLABLES = ("ka", "ra", "bou", "go", "ma", "ni", "to", "lo", "sa", "ndi", "fa", "ko", "mé",
             "ta", "da", "vi", "ba", "sé", "ri", "nou", "kou", "ga", "lé", "zi", "mo", "na")


class SyntheticDataPresent(Exception):
    """The database already holds synthetic data: a second run would mix two data sets."""


@dataclass
class SyntheticReport:
    campaigns: int = 0
    calls: int = 0
    applications: int = 0
    laureates: int = 0
    partnerships: int = 0
    foreign_authorities: int = 0
    by_decision: dict = field(default_factory=dict)


@dataclass(frozen=True)
class _Lead:
    id: int
    kind: str
    code: str
    name: str
    region: str | None
    departement: str | None


@dataclass(frozen=True)
class _Partner:
    id: int
    name: str
    country: str


def synthetic_present() -> int:
    """How many applications of synthetic data the database holds."""
    return ImportRow.objects.filter(batch__source_label=SOURCE_LABEL).count()


def _cumulative(weights):
    return list(accumulate(weights))


class _Draw:
    """Every random choice, from one seeded generator, over reference rows in a fixed order."""

    def __init__(self, seed: int, countries: dict[str, str]):
        self.rng = random.Random(seed)
        self.names = countries
        self.countries = [iso for iso in PARTNER_COUNTRIES if iso in countries]
        self.country_weights = _cumulative(1 / (rank + 2) for rank in range(len(self.countries)))

    def weighted(self, items, cumulative):
        return self.rng.choices(items, cum_weights=cumulative)[0]

    def from_shares(self, shares: dict):
        return self.rng.choices(list(shares), weights=list(shares.values()))[0]

    def country(self):
        return self.weighted(self.countries, self.country_weights)

    def partner_name(self, taken: set, country: str) -> str:
        while True:
            root = "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 4)))
            name = f"{self.rng.choice(PARTNER_PREFIXES)} {root.capitalize()}"
            key = (foreign_authority_key(name, country), country)
            if key not in taken:
                taken.add(key)
                return name


def _leads() -> dict[str, tuple[list, list]]:
    """kind → (leads, cumulative weights), in (kind, code) order so that a seed means the same draw."""
    rows = Authority.objects.filter(kind__in=KIND_SHARES).order_by("kind", "code").values_list(
        "id", "kind", "code", "name", "region_id", "departement_id", "population")
    by_kind = {}
    for pk, kind, code, name, region, departement, population in rows:
        leads, weights = by_kind.setdefault(kind, ([], []))
        leads.append(_Lead(pk, kind, code, name, region, departement))
        weights.append(max(population or 0, 100) ** POPULATION_EXPONENT)
    return {kind: (leads, _cumulative(weights)) for kind, (leads, weights) in by_kind.items()}


def _partner_pool(draw: _Draw, size: int) -> dict[str, list[_Partner]]:
    """`size` new foreign authorities over the partner countries, by country."""
    taken = set(ForeignAuthority.objects.values_list("key", "country_id"))
    planned = []
    # One partner in every country first, so that any country drawn later has one to offer.
    for country in draw.countries + [draw.country() for _ in range(size - len(draw.countries))]:
        name = draw.partner_name(taken, country)
        planned.append(ForeignAuthority(name=name, key=foreign_authority_key(name, country),
                                        country_id=country))
    ForeignAuthority.objects.bulk_create(planned, batch_size=1000)
    stored = dict(ForeignAuthority.objects.filter(key__in=[p.key for p in planned]).values_list(
        "key", "id"))
    pool = {}
    for partner in planned:
        pool.setdefault(partner.country_id, []).append(
            _Partner(stored[partner.key], partner.name, partner.country_id))
    return pool


def _calls_of(draw: _Draw, campaign: Campaign) -> list[Call]:
    """A general call every year, one or two thematic calls, joint funds, sometimes a turnkey
    programme and a call for expressions of interest (AMI)."""
    year, rng = campaign.year, draw.rng
    plans = [(Call.Kind.GENERALISTE, "Appel à projets généraliste", "generaliste", None)]
    for theme in rng.sample(THEMATIC_CALLS, rng.randint(1, 2)):
        plans.append((Call.Kind.THEMATIQUE, f"Appel à projets « {theme} »", normalise(theme), None))
    for iso in sorted({draw.country() for _ in range(rng.randint(0, 3))}):
        plans.append((Call.Kind.FONDS_CONJOINT, f"Fonds conjoint {draw.names[iso]}", f"fonds-{iso.lower()}", iso))
    if rng.random() < 0.5:
        plans.append((Call.Kind.CLES_EN_MAIN, "Programme clés en main", "cles-en-main", None))
    if rng.random() < 0.5:
        plans.append((Call.Kind.AMI, "Appel à manifestation d'intérêt", "ami", None))
    opens = date(year - 1, 10, 1) + timedelta(days=rng.randint(0, 60))
    return [
        Call(campaign=campaign, name=f"{name} {year}{CALL_SUFFIX}", kind=kind, partner_country_id=iso,
             slug=f"{SLUG_PREFIX}{slug.replace(' ', '-')}-{year}", periodicity=Call.Periodicity.ANNUEL,
             opens_on=opens, closes_on=opens + timedelta(days=rng.randint(60, 120)))
        for kind, name, slug, iso in plans
    ]


def _campaigns(draw: _Draw, seed: int) -> list[tuple[Campaign, ImportBatch, list[Call]]]:
    """Each year's campaign (kept if it exists), its synthetic calls and its synthetic batch."""
    rounds = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        campaign, _ = Campaign.objects.get_or_create(year=year)
        calls = Call.objects.bulk_create(_calls_of(draw, campaign))
        batch = ImportBatch.objects.create(
            file_name=f"donnees-synthetiques-{year}.csv", format="csv", source_label=SOURCE_LABEL,
            sha256=hashlib.sha256(f"generate_synthetic {seed} {year}".encode()).hexdigest(),
            campaign=campaign, state=ImportBatch.State.COMMITTED)
        rounds.append((campaign, batch, calls))
    return rounds


@dataclass(frozen=True)
class _Places:
    regions: dict
    departements: dict
    countries: dict


def _insert(model, names, rows):
    """Plain rows into `model`'s table in one executemany: for the tables without timestamps or
    defaults to fill, a third of the time of `bulk_create`, which builds and compiles an object
    per row."""
    columns = [model._meta.get_field(name).column for name in names]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(column) for column in columns),
        ", ".join(["%s"] * len(columns)))
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


class _Writer:
    """Draws the applications of one campaign and writes them in rounds of bulk inserts."""

    def __init__(self, draw, places, leads, pool, report):
        self.draw, self.places, self.leads, self.pool, self.report = draw, places, leads, pool, report
        self.kinds = [kind for kind in KIND_SHARES if kind in leads]
        self.kind_weights = _cumulative(KIND_SHARES[kind] for kind in self.kinds)
        self.seen = set()

    def lead(self) -> _Lead:
        leads, weights = self.leads[self.draw.weighted(self.kinds, self.kind_weights)]
        return self.draw.weighted(leads, weights)

    def partners(self, call: Call) -> list[_Partner]:
        rng, wanted = self.draw.rng, self.draw.from_shares(PARTNER_COUNTS)
        chosen = {}
        if call.partner_country_id in self.pool:
            first = rng.choice(self.pool[call.partner_country_id])
            chosen[first.id] = first
        while len(chosen) < wanted:
            partner = rng.choice(self.pool[self.draw.country()])
            chosen.setdefault(partner.id, partner)
        return list(chosen.values())

    def title(self, call, lead, partners) -> str:
        rng = self.draw.rng
        title = f"{rng.choice(ACTIONS)} {rng.choice(THEMES)} {rng.choice(QUALIFIERS)}"
        if rng.random() < 0.5:
            title += f" à {partners[0].name.split(' ', 2)[-1]}"
        # The natural key (call, lead, title) is unique: a second project of the same words
        # with the same lead in the same call is a later phase.
        phase, candidate = 1, title
        while (call.pk, lead.id, normalise(candidate)) in self.seen:
            phase += 1
            candidate = f"{title}, phase {phase}"
        self.seen.add((call.pk, lead.id, normalise(candidate)))
        return candidate

    def application(self, call: Call, year: int):
        rng, lead = self.draw.rng, self.lead()
        partners = self.partners(call)
        title = self.title(call, lead, partners)
        decision = self.draw.from_shares(DECISIONS)
        amount = None
        if decision == Application.Decision.RETENU and rng.random() < 0.9:
            euros = min(max(rng.lognormvariate(10.3, 0.7), 3_000), 300_000)
            amount = Decimal(round(euros / 500) * 500)
        starts = date(year, rng.randint(1, 12), 1)
        lead_name = f"Ville de {lead.name}" if lead.kind == "commune" and rng.random() < 0.3 else lead.name
        application = Application(
            call=call, title=title, title_key=normalise(title), lead_authority_id=lead.id,
            lead_name=lead_name, lead_name_key=normalise(lead_name), region_id=lead.region,
            departement_id=lead.departement, decision=decision, state=decision,  # same codes
            provenance=Application.Provenance.IMPORT, granted_amount=amount, starts_on=starts,
            ends_on=starts + timedelta(days=365 * rng.randint(1, 3) - 1),
        )
        application.search_document = self.search_document(application, lead, partners)
        return application, lead, partners

    def search_document(self, application, lead, partners) -> str:
        """What `application_search_refresh` writes, worked out without a query per row."""
        parts = [application.title, application.lead_name, application.call.name, lead.name,
                 self.places.departements.get(lead.departement), self.places.regions.get(lead.region)]
        for partner in partners:
            parts += [partner.name, self.places.countries[partner.country]]
        return " · ".join(dict.fromkeys(p for p in parts if p))

    def write(self, batch: ImportBatch, drawn: list, first_row: int):
        """One round: the applications, then their partnerships and import rows by the new keys."""
        Application.objects.bulk_create([application for application, _, _ in drawn], batch_size=1000)
        partnerships, rows = [], []
        for number, (application, lead, partners) in enumerate(drawn, start=first_row):
            partnerships += [(application.pk, partner.id, partner.name, order)
                             for order, partner in enumerate(partners)]
            cells = {"lead": application.lead_name, "title": application.title,
                     "call": application.call.name,
                     "partners": ", ".join(f"{p.name} ({self.places.countries[p.country]})"
                                           for p in partners)}
            resolution = {"status": "resolved", "reason": SOURCE_LABEL,
                          "match": [lead.kind, lead.code], "candidates": []}
            rows.append((batch.pk, number, application.pk, ImportRow.Status.RESOLVED,
                         json.dumps(cells, ensure_ascii=False), json.dumps(resolution), "{}"))
        _insert(Partnership, ("application", "foreign_authority", "name", "order"), partnerships)
        _insert(ImportRow, ("batch", "row_number", "application", "status", "raw", "resolution", "conflicts"),
                rows)
        self.report.applications += len(drawn)
        self.report.partnerships += len(partnerships)
        for application, _, _ in drawn:
            self.report.by_decision[application.decision] = (
                self.report.by_decision.get(application.decision, 0) + 1)

    def campaign(self, batch: ImportBatch, calls: list[Call], count: int) -> int:
        """`count` applications over the campaign's calls, half to the general call; the number
        of laureates."""
        year, laureates = batch.campaign.year, 0
        weights = _cumulative(len(calls) - 1 if i == 0 else 1 for i in range(len(calls)))
        for start in range(0, count, BATCH):
            drawn = [self.application(self.draw.weighted(calls, weights), year)
                     for _ in range(min(BATCH, count - start))]
            self.write(batch, drawn, first_row=start + 2)  # row 1 of the file is its heading
            laureates += sum(a.decision == Application.Decision.RETENU for a, _, _ in drawn)
        return laureates


def _figures(campaign: Campaign, calls: list[Call], received: int, retained: int):
    """The campaign's figures as the synthetic source publishes them, results on 15 September:
    the pages and the open data (360Giving's award date) read them as they read a real source's."""
    values = {PublishedFigure.Name.APPLICATIONS_RECEIVED: received,
              PublishedFigure.Name.APPLICATIONS_RETAINED: retained,
              PublishedFigure.Name.CALLS: sum(call.is_call_for_projects for call in calls)}
    PublishedFigure.objects.bulk_create(
        PublishedFigure(campaign=campaign, name=name, value=value, source_label=SOURCE_LABEL,
                        published_on=date(campaign.year, 9, 15))
        for name, value in values.items())


def _per_year(total: int) -> dict[int, int]:
    """Applications per campaign, growing with the years (2025 has six times 2005's), summing to total."""
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    weights = [1 + 0.25 * (year - FIRST_YEAR) for year in years]
    counts = [int(total * w / sum(weights)) for w in weights]
    counts[-1] += total - sum(counts)
    return dict(zip(years, counts))


@transaction.atomic
def synthetic_generate(*, applications: int, seed: int) -> SyntheticReport:
    """Campaigns 2005–2025, their calls and `applications` applications, all or nothing.

    Raises SyntheticDataPresent when synthetic data is already there, and ValueError when the
    geography or the countries are missing (`load_territories` loads them).
    """
    if present := synthetic_present():
        raise SyntheticDataPresent(
            f"la base contient déjà {present} dossiers de données synthétiques : rien n'a été "
            "ajouté (utilisez une base neuve pour mesurer un jeu de données connu).")
    countries = dict(Country.objects.values_list("iso2", "name_fr"))
    leads = _leads()
    if not leads or not any(iso in countries for iso in PARTNER_COUNTRIES):
        raise ValueError("collectivités ou pays absents de la base : lancez d'abord "
                         "« manage.py load_territories ».")
    # Written in bulk (no signal): every page and figure is renewed once this commits.
    data_changed()
    draw = _Draw(seed, countries)
    report = SyntheticReport()
    places = _Places(regions=dict(Region.objects.values_list("code", "name")),
                     departements=dict(Departement.objects.values_list("code", "name")),
                     countries=countries)
    pool = _partner_pool(draw, size=max(60, min(5_000, applications // 20)))
    report.foreign_authorities = sum(len(partners) for partners in pool.values())
    writer = _Writer(draw, places, leads, pool, report)
    counts = _per_year(applications)
    for campaign, batch, calls in _campaigns(draw, seed):
        report.campaigns += 1
        report.calls += len(calls)
        retained = writer.campaign(batch, calls, counts[campaign.year])
        _figures(campaign, calls, counts[campaign.year], retained)
    report.laureates = report.by_decision.get(Application.Decision.RETENU, 0)
    return report
