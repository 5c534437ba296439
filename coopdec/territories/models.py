"""The official French geography, countries and foreign partner authorities."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("région")

    def __str__(self):
        return self.name


class Departement(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departements", verbose_name=_("région")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")

    def __str__(self):
        return f"{self.name} ({self.code})"


class Authority(models.Model):
    """A French body that can apply or be named: commune, EPCI, EPT, département, région."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("commune")
        EPCI = "epci", _("EPCI")
        EPT = "ept", _("établissement public territorial")
        DEPARTEMENT = "departement", _("département")
        REGION = "region", _("région")
        OTHER = "other", _("autre groupement")

    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices)
    code = models.CharField(
        _("code officiel"), max_length=9,
        help_text=_("Code INSEE (commune, département, région) ou SIREN (EPCI, EPT)."),
    )
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    name = models.CharField(_("nom officiel"), max_length=200)
    epci_type = models.CharField(_("type d'EPCI"), max_length=6, blank=True)
    departement = models.ForeignKey(
        Departement, null=True, blank=True, on_delete=models.PROTECT, related_name="authorities",
        verbose_name=_("département"),
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="authorities",
        verbose_name=_("région"),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("collectivité française")
        verbose_name_plural = _("collectivités françaises")
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="authority_kind_code")]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        if self.kind == self.Kind.COMMUNE and self.departement_id:
            return f"{self.name} ({self.departement.name})"
        return self.name


class AuthorityAlias(models.Model):
    """Another name of an authority: a person's confirmation, a former name, or an import's."""

    class Source(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmé par une personne")
        FORMER_NAME = "former_name", _("ancien nom")
        SHORT_NAME = "short_name", _("nom d'usage")
        IMPORT = "import", _("import")

    text = models.CharField(_("nom normalisé"), max_length=200, db_index=True)
    original = models.CharField(_("nom tel que saisi"), max_length=200, blank=True)
    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("collectivité")
    )
    source = models.CharField(_("origine"), max_length=12, choices=Source.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name=_("ajouté par"),
    )
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("alias de collectivité")
        verbose_name_plural = _("alias de collectivités")
        constraints = [
            models.UniqueConstraint(fields=["text", "authority"], name="alias_text_authority")
        ]

    def __str__(self):
        return f"{self.original or self.text} → {self.authority}"


class AuthorityConfirmation(models.Model):
    """A person said which authority a published name meant, in the context where it was published.

    Unlike an alias, it decides again only where the context matches (see `resolve`): three
    communes are called Barjac, and the Gard's for one network's list is not every list's.
    """

    name = models.CharField(_("nom tel que publié"), max_length=300)
    name_key = models.CharField(
        _("nom normalisé"), max_length=300, db_index=True,
        help_text=_("Sans article, forme (« Mairie de ») ni précision entre parenthèses."),
    )
    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="confirmations",
        verbose_name=_("collectivité confirmée"),
    )
    publisher = models.CharField(
        _("publication"), max_length=300, blank=True,
        help_text=_("Qui a publié la liste (ou le nom du fichier, à défaut)."),
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("région de la liste")
    )
    partner_country = models.ForeignKey(
        "Country", null=True, blank=True, on_delete=models.PROTECT,
        verbose_name=_("pays partenaire de l'appel"),
    )
    partner = models.CharField(_("partenaire nommé sur la ligne"), max_length=300, blank=True)
    partner_key = models.CharField(_("partenaire normalisé"), max_length=300, blank=True)
    seen_in = models.CharField(
        _("confirmé sur"), max_length=300, blank=True,
        help_text=_("La ligne relue : fichier, numéro de ligne, intitulé du projet."),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        verbose_name=_("confirmé par"),
    )
    confirmed_at = models.DateTimeField(_("confirmé le"), auto_now_add=True)

    class Meta:
        ordering = ["-confirmed_at"]
        verbose_name = _("confirmation de collectivité")
        verbose_name_plural = _("confirmations de collectivités")

    def __str__(self):
        return f"{self.name} → {self.authority}" + (f" ({self.publisher})" if self.publisher else "")


class Country(models.Model):
    """A country (ISO 3166-1 alpha-2, Kosovo as XK) and its co-financing class."""

    class OdaClass(models.TextChoices):
        LDC = "ldc", _("pays les moins avancés (PMA)")
        ODA = "oda", _("autre pays éligible à l'APD")
        NONE = "none", _("pays non éligible à l'APD")

    iso2 = models.CharField(_("code ISO"), max_length=2, primary_key=True)
    name_fr = models.CharField(_("nom"), max_length=100)
    name_en = models.CharField(_("nom anglais"), max_length=100)
    oda_class = models.CharField(_("catégorie"), max_length=4, choices=OdaClass.choices)
    classification = models.CharField(
        _("liste de référence"), max_length=200,
        help_text=_("Liste datée dont vient la catégorie (liste CAD de l'OCDE, liste PMA de l'ONU)."),
    )
    classification_source = models.URLField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("pays")
        verbose_name_plural = _("pays")

    def __str__(self):
        return self.name_fr


class CountryClassification(models.Model):
    """A dated period in which a country was on the UN list of least developed countries.

    A country's class for a campaign is LDC when a period covers 1 January of the campaign's
    year (territories.selectors.country_classes): Bhutan, which left the list in December 2023,
    is an LDC for the 2023 campaign and not for 2024.
    """

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="classifications",
                                verbose_name=_("pays"))
    oda_class = models.CharField(_("catégorie"), max_length=4, choices=Country.OdaClass.choices)
    valid_from = models.DateField(
        _("depuis le"), null=True, blank=True,
        help_text=_("Vide : sur la liste avant la plus ancienne campagne enregistrée."),
    )
    valid_to = models.DateField(_("jusqu'au"), null=True, blank=True, help_text=_("Vide : toujours sur la liste."))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["country", "valid_from"]
        verbose_name = _("classement daté d'un pays")
        verbose_name_plural = _("classements datés des pays")

    def __str__(self):
        return f"{self.country_id} {self.oda_class} {self.valid_from or '…'}–{self.valid_to or '…'}"


class ForeignAuthority(models.Model):
    """A foreign partner authority, reused across projects and years."""

    name = models.CharField(_("nom"), max_length=200)
    key = models.CharField(_("nom normalisé"), max_length=200)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="partners",
        verbose_name=_("pays"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("collectivité étrangère partenaire")
        verbose_name_plural = _("collectivités étrangères partenaires")
        constraints = [
            models.UniqueConstraint(fields=["key", "country"], name="foreign_authority_key_country")
        ]

    def __str__(self):
        return f"{self.name} ({self.country})" if self.country_id else self.name


class NameIndexVersion(models.Model):
    """One row whose token changes, in the same transaction, with every write to what the name
    index holds (authorities, aliases, confirmations, départements, régions, countries).

    Each process keeps its own index in memory (`resolve.authority_index`); comparing its token
    with this row's tells it, in one cheap query, whether another worker or machine changed the
    geography since it built it. A random token rather than a counter: a bump is one upsert that
    needs no read, and a missing row (a fresh or emptied database) is just one more version.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(_("jeton de version"), max_length=32)

    class Meta:
        verbose_name = _("version de l'index des noms")
