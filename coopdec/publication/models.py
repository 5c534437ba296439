"""The read model of the published laureates (`readmodel.py` builds and reads it).

One row per laureate with what the public side filters on as indexed columns, its place in the
published order (`sort_key`), and what it shows already made: the row of the downloads (`row`, a
`LaureateRow` as JSON), the line of the pages' table (`html`) and the API's object (`api`). The
records stay the truth: a campaign's rows are rebuilt from them when its data version moves, and
are read only while `ReadModelState` says they were built at the version readers see.
"""
from django.db import models


class ReadModelState(models.Model):
    """The data version a campaign's rows were built at, and what the build cost."""

    campaign = models.OneToOneField("calls.Campaign", on_delete=models.CASCADE, primary_key=True,
                                    related_name="+")
    version = models.CharField(max_length=60)
    rows = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    built_at = models.DateTimeField()

    class Meta:
        verbose_name = "état du modèle de lecture"
        verbose_name_plural = "états du modèle de lecture"


class PublishedLaureate(models.Model):
    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE, primary_key=True,
                                       related_name="+")
    campaign = models.ForeignKey("calls.Campaign", on_delete=models.CASCADE, related_name="+", db_index=False)
    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(max_length=20)
    is_ami = models.BooleanField()
    # The dossier's own région and département, as the filters read them (`selectors._laureates`).
    region_code = models.CharField(max_length=3, null=True)
    departement_code = models.CharField(max_length=3, null=True)
    lead_authority_id = models.IntegerField(null=True)
    # One French authority: its official identity, else its published name normalised (to confirm).
    lead_key = models.CharField(max_length=320)
    # The published order (`selectors.laureate_list`): the latest campaign first, then the appels à
    # projets by name with the AMI last, the authority, the title. Unique: a page boundary is a key.
    sort_key = models.BigIntegerField(unique=True)
    row = models.TextField()
    html = models.TextField()
    api = models.TextField()

    class Meta:
        indexes = [
            models.Index(fields=["campaign", "sort_key"], name="published_campaign_idx"),
            models.Index(fields=["campaign", "region_code", "sort_key"], name="published_region_idx"),
            models.Index(fields=["campaign", "departement_code", "sort_key"], name="published_departement_idx"),
            models.Index(fields=["call", "sort_key"], name="published_call_idx"),
            models.Index(fields=["lead_authority_id", "sort_key"], name="published_lead_idx"),
        ]


class PublishedLaureateCountry(models.Model):
    """A country a laureate is counted in: its partners' countries and its joint fund's."""

    laureate = models.ForeignKey(PublishedLaureate, on_delete=models.CASCADE, related_name="countries")
    country_code = models.CharField(max_length=2)
    joint_fund = models.BooleanField()  # the country of the laureate's call (a joint fund)
    lead_key = models.CharField(max_length=320)  # the laureate's, so that counting reads this table alone
    campaign = models.ForeignKey("calls.Campaign", on_delete=models.CASCADE, related_name="+", db_index=False)
    sort_key = models.BigIntegerField()
    # The country page's order: the latest campaign first, then the French authority and the title
    # in French order.
    country_key = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["laureate", "country_code"], name="published_country_once")]
        indexes = [
            models.Index(fields=["campaign", "country_code", "sort_key"], name="published_country_idx"),
            models.Index(fields=["country_code", "country_key"], name="published_country_page_idx"),
        ]


class PublishedSearch(models.Model):
    """PostgreSQL: what the search reads of a laureate, narrow (24 MB at 55,000 laureates, where the
    dossiers' table holds 90 MB): its words' vector (GIN-indexed, migration 0004), the facets'
    columns and its place in the search's order (by campaign, latest first, then the call's name,
    the title, the id). Filled by `readmodel.rebuild` with the campaign's other rows, from the
    dossiers' stored vector, in the same transaction; left empty on SQLite, whose search reads the
    text."""

    laureate = models.OneToOneField(PublishedLaureate, on_delete=models.CASCADE, primary_key=True, related_name="+")
    campaign = models.ForeignKey("calls.Campaign", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    place = models.PositiveIntegerField()  # within the campaign: call name, title, id
    call_id = models.IntegerField()
    region_code = models.CharField(max_length=3, null=True)
    countries = models.CharField(max_length=800, blank=True)  # the partners' countries, "SN RW"
