"""What the APD pages read: a member's declaration, the ministry's overview of a year, the public
aggregates. A fixed number of queries per page, whatever the number of authorities or lines."""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, F, IntegerField, Q, Sum, Value
from django.utils import timezone

from coopdec.accounts.models import Membership
from coopdec.accounts.selectors import member_authority_choice
from coopdec.applications.models import Application, AuthorityYearStatus
from coopdec.french.text import to_paris
from coopdec.territories.models import Authority, Country

from . import codelists
from .models import (
    MARKERS, Declaration, DeclarationEvent, DeclarationLine, DeclarationReminder, DeclarationWindow, default_window,
)

ZERO = Decimal("0")
SUBMITTED = Declaration.State.SUBMITTED


@dataclass
class MemberPage:
    year: int
    authorities: list
    authority: Authority | None
    window: DeclarationWindow
    window_open: bool
    declaration: Declaration | None = None
    lines: list = field(default_factory=list)
    events: list = field(default_factory=list)
    total: Decimal = ZERO
    by_country: list = field(default_factory=list)

    @property
    def editable(self):
        """Lines may be added: a draft (or none yet) inside the window, or reopened by the ministry."""
        if self.declaration is None:
            return self.window_open
        return self.declaration.editable and (self.window_open or self.declaration.reopened)


def member_page(user, year: int, authority_pk=None, now=None) -> MemberPage:
    authorities, chosen = member_authority_choice(user, authority_pk)
    window = DeclarationWindow.for_year(year)
    page = MemberPage(year, authorities, chosen, window, window.is_open(now or timezone.now()))
    if chosen is None:
        return page
    page.declaration = Declaration.objects.filter(authority=chosen, year=year).first()
    if page.declaration is not None:
        page.lines = list(page.declaration.lines.select_related("country", "application"))
        page.events = list(page.declaration.events.select_related("by"))
        page.total = sum((line.amount for line in page.lines), ZERO)
        page.by_country = _totals(page.lines, lambda line: line.recipient_name)
    return page


def _totals(items, key) -> list[tuple[str, Decimal]]:
    sums = defaultdict(lambda: ZERO)
    for item in items:
        sums[key(item)] += item.amount
    return sorted(sums.items(), key=lambda pair: (-pair[1], pair[0]))


def country_choices():
    return list(Country.objects.order_by("name_fr").values_list("iso2", "name_fr"))


def member_applications(authority):
    return list(Application.objects.filter(lead_authority=authority).order_by("-pk").only("pk", "title"))


# ------------------------------------------------------------------------------------ the ministry

@dataclass
class AuthorityRow:
    authority: Authority
    state: str  # « déposée dans CoopDec », « brouillon », « déclarée ailleurs (import) », « non déclarée »
    at: object = None
    total: Decimal | None = None
    declaration: Declaration | None = None


@dataclass
class Overview:
    year: int
    window: DeclarationWindow
    rows: list
    total: Decimal
    by_recipient: list
    by_channel: list
    by_purpose: list
    by_spending: list
    by_marker: list  # (name, significant, principal)
    by_year: list  # (year, declarations, total)
    corrections: list

    @property
    def declared(self):
        return sum(row.state != "non déclarée" and row.state != "brouillon" for row in self.rows)


def _group(lines, *keys):
    return lines.values(*keys).annotate(total=Sum("amount")).order_by("-total", *keys)


# A public breakdown by channel or sector shows a row only when at least this many authorities
# declared in it: a row of one authority would show what its own page does not (its spending by
# channel or sector; an authority's published totals go by recipient only). The others add up in
# one row, so that the table still sums to the total.
MIN_AUTHORITIES = 3


def _masked(lines, key: str, names: dict) -> list[tuple[str, str, Decimal]]:
    """(name, code, total) of each `key` declared by at least MIN_AUTHORITIES authorities, largest
    first, then (« Autres … », "", their sum) for the rest when there is any. One query."""
    shown, rest = [], Decimal(0)
    for row in (lines.values(key).annotate(total=Sum("amount"),
                                           authorities=Count("declaration__authority", distinct=True))
                .order_by("-total", key)):
        if row["authorities"] >= MIN_AUTHORITIES:
            shown.append((codelists.name(names, row[key]), row[key], row["total"]))
        else:
            rest += row["total"]
    if rest:
        shown.append((f"Autres, chacun déclaré par moins de {MIN_AUTHORITIES} collectivités", "", rest))
    return shown


def overview(year: int) -> Overview:
    """Who declared the spending of `year` and who did not (among the authorities that declared
    the year before, in CoopDec or by import, that lead a dossier on CoopDec, or that opened a
    declaration), and the submitted lines' totals. Eleven queries."""
    expected = Authority.objects.filter(
        Q(apd_declarations__year__in=[year - 1, year])
        | Q(year_statuses__year=year - 1, year_statuses__apd_declared=True)
        | Q(year_statuses__year=year, year_statuses__apd_declared=True)
        | Q(led_applications__isnull=False)).distinct().select_related("departement").order_by("name")
    declarations = {d.authority_id: d for d in Declaration.objects.filter(year=year).annotate(
        total=Sum("lines__amount"))}
    imported = set(AuthorityYearStatus.objects.filter(year=year, apd_declared=True, apd_source="import")
                   .values_list("authority_id", flat=True))
    rows = []
    for authority in expected:
        declaration = declarations.get(authority.pk)
        if declaration is not None and declaration.state == SUBMITTED:
            rows.append(AuthorityRow(authority, "déposée dans CoopDec", declaration.submitted_at,
                                     declaration.total or ZERO, declaration))
        elif authority.pk in imported:
            rows.append(AuthorityRow(authority, "déclarée ailleurs (import)"))
        elif declaration is not None:
            rows.append(AuthorityRow(authority, "brouillon", declaration=declaration,
                                     total=declaration.total or ZERO))
        else:
            rows.append(AuthorityRow(authority, "non déclarée"))
    lines = DeclarationLine.objects.filter(declaration__year=year, declaration__state=SUBMITTED)
    purposes, channels, regions = codelists.purposes(), codelists.channels(), codelists.regions()
    by_recipient = [(row["country__name_fr"] or codelists.name(regions, row["region_code"]), row["total"])
                    for row in _group(lines, "country__name_fr", "region_code")]
    by_channel = [(f"{row['channel_code']} — {codelists.name(channels, row['channel_code'])}", row["total"])
                  for row in _group(lines, "channel_code")]
    by_purpose = [(f"{row['purpose_code']} — {codelists.name(purposes, row['purpose_code'])}", row["total"])
                  for row in _group(lines, "purpose_code")]
    spending = dict(DeclarationLine.Spending.choices)
    by_spending = [(spending.get(row["spending"], row["spending"]), row["total"])
                   for row in _group(lines, "spending")]
    marker_sums = lines.aggregate(total=Sum("amount"), **{
        f"{name}_{score}": Sum("amount", filter=Q(**{name: score})) for name, _l, _c in MARKERS for score in (1, 2)})
    by_marker = [(label, marker_sums[f"{name}_1"] or ZERO, marker_sums[f"{name}_2"] or ZERO)
                 for name, label, _crs in MARKERS]
    by_year = list(DeclarationLine.objects.filter(declaration__state=SUBMITTED).values("declaration__year")
                   .annotate(total=Sum("amount"), declarations=Count("declaration", distinct=True))
                   .order_by("-declaration__year").values_list("declaration__year", "declarations", "total"))
    corrections = list(DeclarationEvent.objects.filter(
        declaration__year=year, kind=DeclarationEvent.Kind.CORRECTION_ASKED,
        declaration__state=SUBMITTED).select_related("declaration__authority__departement", "by").order_by("-at"))
    return Overview(year, DeclarationWindow.for_year(year), rows, marker_sums["total"] or ZERO, by_recipient,
                    by_channel, by_purpose, by_spending, by_marker, by_year, corrections)


def crs_lines(year: int):
    """The submitted lines of `year` for the CRS export, in a stable order (streamed: iterator)."""
    return (DeclarationLine.objects.filter(declaration__year=year, declaration__state=SUBMITTED)
            .select_related("declaration__authority", "country")
            .order_by("declaration__authority__name", "pk").iterator(chunk_size=2000))


# ------------------------------------------------------------------------------------ reminders

def windows_open(at) -> list[DeclarationWindow]:
    """The windows open at `at`: those the ministry set, and the default one of the spending of
    the year before (15 April – 31 May) when the ministry set none for it. Two queries."""
    found = {window.year: window for window in DeclarationWindow.objects.filter(opens_at__lte=at, closes_at__gt=at)}
    default = DeclarationWindow.for_year(to_paris(at).year - 1)
    if default.pk is None and default.is_open(at):
        found[default.year] = default
    return [found[year] for year in sorted(found)]


@dataclass
class ToRemind:
    authority: Authority
    users: list
    draft: bool


def authorities_to_remind(year: int, days: int) -> list[ToRemind]:
    """The authorities with confirmed members that hold no submitted declaration of `year` (a draft
    is not one), are not recorded as having declared it elsewhere (the ministry's import) and
    were not yet reminded at this step, with their confirmed, active members. Two queries."""
    memberships = (Membership.objects.filter(state=Membership.State.CONFIRMED, user__is_active=True)
                   .exclude(authority__in=Declaration.objects.filter(year=year, state=SUBMITTED).values("authority"))
                   .exclude(authority__in=AuthorityYearStatus.objects.filter(year=year, apd_declared=True)
                            .values("authority"))
                   .exclude(authority__in=DeclarationReminder.objects.filter(year=year, days=days).values("authority"))
                   .select_related("authority__departement", "user")
                   .order_by("authority__name", "authority_id", "user_id"))
    found: dict[int, ToRemind] = {}
    for membership in memberships:
        entry = found.setdefault(membership.authority_id, ToRemind(membership.authority, [], False))
        entry.users.append(membership.user)
    drafts = set(Declaration.objects.filter(year=year, state=Declaration.State.DRAFT)
                 .values_list("authority_id", flat=True))
    for entry in found.values():
        entry.draft = entry.authority.pk in drafts
    return list(found.values())


# ------------------------------------------------------------------------------------ the public

def public_years() -> list[int]:
    """The years with at least one submitted declaration, latest first. One query."""
    return list(Declaration.objects.filter(state=SUBMITTED).order_by("-year").values_list("year", flat=True)
                .distinct())


def public_totals(year: int) -> list[dict]:
    """The submitted declarations of `year` added up by French région and by recipient (country or
    DAC region): nothing below an authority's own totals, so nothing of a line. One query."""
    rows = (DeclarationLine.objects.filter(declaration__year=year, declaration__state=SUBMITTED)
            .values("declaration__authority__region__code", "declaration__authority__region__name",
                    "country__iso2", "country__name_fr", "region_code")
            .annotate(total=Sum("amount"), authorities=Count("declaration__authority", distinct=True))
            .order_by("declaration__authority__region__code", "country__name_fr", "region_code"))
    regions = codelists.regions()
    return [{"region_code": row["declaration__authority__region__code"] or "",
             "region": row["declaration__authority__region__name"] or "",
             "recipient_code": row["country__iso2"] or row["region_code"],
             "recipient": row["country__name_fr"] or codelists.name(regions, row["region_code"]),
             "authorities": row["authorities"], "total": row["total"]} for row in rows]


@dataclass
class PublicYear:
    """A year's submitted declarations added up, nationally or for one French région: nothing
    below an authority's own totals by recipient. `recipients` holds the `top` largest."""
    year: int
    total: Decimal
    authorities: int
    recipients: list  # (name, code, total, authorities)
    recipients_count: int
    channels: list  # (name, code, total)
    purposes: list  # (name, code, total)
    purposes_count: int = 0


def public_by_year() -> list[tuple[int, int, Decimal, int]]:
    """Every year with a submitted declaration or a declaration recorded elsewhere (the ministry's
    import), latest first: (year, authorities that submitted one in CoopDec, their total,
    authorities declared elsewhere whose amounts CoopDec does not know). One query (a union)."""
    amount = DecimalField(max_digits=16, decimal_places=2)
    submitted = (DeclarationLine.objects.filter(declaration__state=SUBMITTED)
                 .values(y=F("declaration__year")).order_by()
                 .annotate(authorities=Count("declaration__authority", distinct=True), total=Sum("amount"),
                           elsewhere=Value(0, output_field=IntegerField())))
    elsewhere = (AuthorityYearStatus.objects.filter(apd_declared=True, apd_source="import")
                 .values(y=F("year")).order_by()
                 .annotate(authorities=Value(0, output_field=IntegerField()),
                           total=Value(None, output_field=amount),
                           elsewhere=Count("authority", distinct=True)))
    years: dict[int, list] = {}
    for row in submitted.union(elsewhere, all=True):
        found = years.setdefault(row["y"], [row["y"], 0, ZERO, 0])
        found[1] += row["authorities"]
        found[2] += row["total"] or ZERO
        found[3] += row["elsewhere"]
    return [tuple(years[year]) for year in sorted(years, reverse=True)]


def public_year(year: int, region_code: str | None = None, top: int = 10, *, sums: tuple | None = None,
                breakdown: bool = True) -> PublicYear | None:
    """The submitted declarations of `year` (of the authorities of French région `region_code`),
    added up; None when there is none. `sums`: (authorities, total) when the caller knows them
    (`public_by_year`); `breakdown`: by channel and sector too. Four queries at most."""
    lines = DeclarationLine.objects.filter(declaration__year=year, declaration__state=SUBMITTED)
    if region_code:
        lines = lines.filter(declaration__authority__region__code=region_code)
    if sums is None:
        found = lines.aggregate(total=Sum("amount"), authorities=Count("declaration__authority", distinct=True))
        sums = (found["authorities"], found["total"])
    if not sums[0]:
        return None
    regions = codelists.regions()
    recipients = [
        (row["country__name_fr"] or codelists.name(regions, row["region_code"]), row["country__iso2"] or
         row["region_code"], row["total"], row["authorities"])
        for row in lines.values("country__iso2", "country__name_fr", "region_code")
        .annotate(total=Sum("amount"), authorities=Count("declaration__authority", distinct=True))
        .order_by("-total", "country__name_fr", "region_code")]
    channels = purposes = []
    if breakdown:
        channels = _masked(lines, "channel_code", codelists.channels())
        purposes = _masked(lines, "purpose_code", codelists.purposes())
    return PublicYear(year, sums[1], sums[0], recipients[:top], len(recipients), channels, purposes, len(purposes))


def public_latest_year(region_code: str | None = None) -> int | None:
    """The latest year with a submitted declaration (of an authority of the région). One query."""
    declarations = Declaration.objects.filter(state=SUBMITTED)
    if region_code:
        declarations = declarations.filter(authority__region__code=region_code)
    return declarations.order_by("-year").values_list("year", flat=True).first()


def latest_window_year(at) -> int:
    """The year of the spending whose default window (15 April – 31 May) opened last before `at`:
    the year a page without any declaration speaks of. No query (a page's budget); a window the
    ministry moved is not read here."""
    year = to_paris(at).year - 1
    return year if default_window(year)[0] <= at else year - 1


def authority_years(authority) -> list[dict]:
    """For an authority's public page: every year CoopDec knows of declarations (a submitted one,
    of any authority, or a status imported from the ministry), latest first, each with this
    authority's state — « deposee » (submitted in CoopDec, with its total and totals by recipient
    only), « correction » (submitted, then reopened by the ministry at its request), « import »
    (declared elsewhere, the ministry's import says so), « non_declaree_import » (the import says
    it did not), or « aucune » (nothing recorded) — and the date when known. Four queries."""
    years = set(Declaration.objects.filter(state=SUBMITTED).values_list("year", flat=True).distinct())
    years |= set(AuthorityYearStatus.objects.values_list("year", flat=True).distinct())
    statuses = {status.year: status for status in AuthorityYearStatus.objects.filter(authority=authority)}
    totals: dict[int, dict] = {}
    for row in (DeclarationLine.objects.filter(declaration__authority=authority, declaration__state=SUBMITTED)
                .values("declaration__year", "declaration__submitted_at", "country__name_fr", "region_code")
                .annotate(total=Sum("amount")).order_by("-total", "country__name_fr", "region_code")):
        entry = totals.setdefault(row["declaration__year"], {"at": row["declaration__submitted_at"], "total": ZERO,
                                                             "by_recipient": []})
        name = row["country__name_fr"] or codelists.name(codelists.regions(), row["region_code"])
        entry["by_recipient"].append((name, row["total"]))
        entry["total"] += row["total"]
    rows = []
    for year in sorted(years | totals.keys(), reverse=True):
        status = statuses.get(year)
        if year in totals:
            rows.append({"year": year, "state": "deposee", "on": totals[year]["at"], **totals[year]})
        elif status is not None and status.apd_declared and status.apd_source == "coopdec":
            rows.append({"year": year, "state": "correction", "on": status.apd_declared_on})
        elif status is not None and status.apd_declared:
            rows.append({"year": year, "state": "import", "on": status.apd_declared_on})
        elif status is not None:
            rows.append({"year": year, "state": "non_declaree_import", "on": None})
        else:
            rows.append({"year": year, "state": "aucune", "on": None})
    return rows
