"""The APD blocks of the observatory's pages (/statistiques/, a network's page): the declarations of
development aid submitted in CoopDec, added up nationally and by French région. Computed once per
version of the published data (`publication.cache`: a submission or a reopening moves it), never
per request; nothing below an authority's own totals by recipient."""
from dataclasses import dataclass

from django.utils import timezone

from coopdec.apd import selectors as apd
from coopdec.publication.cache import cached

# How many recipients (countries or regions of the world) and sectors the pages list.
TOP_RECIPIENTS = 10
TOP_PURPOSES = 15


@dataclass
class ApdBlock:
    """`latest` is the latest year with a submitted declaration (in the région, for a network),
    added up; `year` the year a page speaks of: `latest`'s, or without any declaration, that of the
    window that opened last (« aucune déclaration d'APD enregistrée dans CoopDec pour 2025 »)."""
    year: int
    latest: apd.PublicYear | None
    by_year: list  # national only: (year, authorities, total, declared elsewhere)


def _block(region_code: str | None, today) -> ApdBlock:
    if region_code is None:  # five queries: by year, then the latest year's recipients, channels and sectors
        by_year = apd.public_by_year()
        year, authorities, total, _elsewhere = next((row for row in by_year if row[1]), (None, 0, None, 0))
        latest = apd.public_year(year, top=TOP_RECIPIENTS, sums=(authorities, total)) if year else None
    else:  # three queries: the région's latest year, its sums and its recipients
        by_year = []
        year = apd.public_latest_year(region_code)
        latest = apd.public_year(year, region_code, top=TOP_RECIPIENTS, breakdown=False) if year else None
    if latest is not None:
        latest.purposes = latest.purposes[:TOP_PURPOSES]
    return ApdBlock(year or apd.latest_window_year(timezone.now()), latest, by_year)


def national() -> ApdBlock:
    """The national totals: by year, then the latest year by recipient, channel and sector."""
    today = timezone.localdate()
    return cached("observatory.apd.national", lambda: _block(None, today), key=(today,))


def regional(region_code: str) -> ApdBlock:
    """A French région's totals for the latest year with a declaration of one of its authorities."""
    today = timezone.localdate()
    return cached("observatory.apd.regional", lambda: _block(region_code, today), key=(region_code, today))
