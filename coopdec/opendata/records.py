"""What the open-data writers know of a laureate: its published row and its dossier's facts.

`open_record` reads a laureate fetched by `publication.selectors.laureate_list`, and
`open_record_from_values` the flat values of `publication.streams.laureate_values` (no further
query either way). The writers (IATI, 360Giving) share these values, so both say the same of a project.
"""
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from coopdec.applications.models import Application
from coopdec.calls.rules import project_end
from coopdec.publication.exports import LaureateRow, laureate_row, laureate_row_from_values

from . import identifiers


@dataclass(frozen=True)
class Country:
    iso2: str
    name: str


@dataclass(frozen=True)
class Tranche:
    """One payment of a committee's grant as its schedule (`grants.Tranche`) records it: planned for
    a budget year, and once paid, its date and the amount paid."""
    order: int
    year: int
    amount: Decimal
    paid_on: date | None = None
    paid_amount: Decimal | None = None


@dataclass(frozen=True)
class OpenRecord:
    row: LaureateRow
    key: str
    lead_name_key: str
    summary: str
    gender_marker: int | None
    starts_on: date | None
    ends_on: date | None
    granted_amount: Decimal | None
    updated_at: datetime
    call_country: Country | None
    award_date: date | None
    # The grant's schedule, in order: written when a committee retains a dossier filed on CoopDec
    # (`grants.services.grant_plan`); none for a laureate imported from a published list.
    tranches: tuple[Tranche, ...] = ()

    @property
    def yearly_grant(self) -> tuple[tuple[int, Decimal], ...]:
        """The grant by budget year of its schedule (a year's tranches added up), years in order."""
        years: dict[int, Decimal] = {}
        for tranche in self.tranches:
            years[tranche.year] = years.get(tranche.year, Decimal(0)) + tranche.amount
        return tuple(sorted(years.items()))

    @property
    def disbursements(self) -> tuple[Tranche, ...]:
        """The tranches paid, in order."""
        return tuple(t for t in self.tranches if t.paid_on is not None and t.paid_amount)

    @property
    def named_countries(self) -> tuple[Country, ...]:
        """The countries the project names: its partners', each once."""
        found = {p.country_iso2: Country(p.country_iso2, p.country) for p in self.row.partners if p.country_iso2}
        return tuple(found.values())

    @property
    def countries(self) -> tuple[Country, ...]:
        """The partners' countries; the joint fund's country when no partner has one."""
        if not self.named_countries and self.call_country:
            return (self.call_country,)
        return self.named_countries

    @property
    def every_country_named(self) -> bool:
        """The project names a country for each of its partners (so its countries are all known)."""
        return bool(self.row.partners) and all(p.country_iso2 for p in self.row.partners)

    @property
    def lead_identifier(self) -> str:
        return identifiers.organisation_identifier(self.row.lead_siren)

    @property
    def recipient_identifier(self) -> str:
        return identifiers.recipient_identifier(
            siren=self.row.lead_siren, kind=self.row.lead_kind, code=self.row.lead_code,
            published_name=self.lead_name_key,
        )

    @property
    def description(self) -> str:
        """The dossier's summary; a published list has none, so a sentence of what it says."""
        if self.summary.strip():
            return self.summary.strip()
        row = self.row
        partners = f" avec {', '.join(str(p) for p in row.partners)}" if row.partners else ""
        return (
            f"Projet de coopération décentralisée de {row.lead_label}{partners}, lauréat de "
            f"l'appel « {row.call_name} » de la campagne {row.campaign_year}."
        )


def _known_end(ends_on, starts_on, duration_months) -> date | None:
    """The project's end as the letter and the reports' deadlines say it (`calls.rules.project_end`):
    recorded, or the eve of its start plus its duration; never an estimate."""
    end, estimated = project_end(ends_on=ends_on, starts_on=starts_on, duration_months=duration_months, years=[])
    return None if estimated else end


def open_record(application: Application, *, award_date: date | None,
                tranches: tuple[Tranche, ...] = ()) -> OpenRecord:
    row = laureate_row(application)
    country = application.call.partner_country
    return OpenRecord(
        row=row,
        key=row.key,
        lead_name_key=application.lead_name_key,
        summary=application.summary,
        gender_marker=application.gender_marker,
        starts_on=application.starts_on,
        ends_on=_known_end(application.ends_on, application.starts_on, application.duration_months),
        granted_amount=application.granted_amount,
        updated_at=timezone.localtime(application.updated_at),
        call_country=Country(country.iso2, country.name_fr) if country else None,
        award_date=award_date,
        tranches=tranches,
    )


def open_record_from_values(values: dict, *, award_date: date | None,
                            tranches: tuple[Tranche, ...] = ()) -> OpenRecord:
    """The same record from the flat values of `publication.streams.laureate_values(open_data=True)`
    (no query): what every open-data download reads."""
    row = laureate_row_from_values(values)
    iso2 = values["call__partner_country_id"]
    return OpenRecord(
        row=row,
        key=row.key,
        lead_name_key=values["lead_name_key"],
        summary=values["summary"],
        gender_marker=values["gender_marker"],
        starts_on=values["starts_on"],
        ends_on=_known_end(values["ends_on"], values["starts_on"], values["duration_months"]),
        granted_amount=values["granted_amount"],
        # Paris time, as `localtime()` gives (CoopDec never activates another zone), without
        # asking the request's zone once per row of a 55,000-row file.
        updated_at=timezone.localtime(values["updated_at"], timezone.get_default_timezone()),
        call_country=Country(iso2, values["call__partner_country__name_fr"]) if iso2 else None,
        award_date=award_date,
        tranches=tranches,
    )
