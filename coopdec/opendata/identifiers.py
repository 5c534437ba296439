"""Identifiers of the open data: the ministry, the laureates' projects and the French authorities.

Pure functions on plain values. The conventions and their sources (also in
`standards/README.md` and on the /donnees/ page):

- The ministry (Ministère de l'Europe et des Affaires étrangères) is ``FR-6``: its code in
  IATI's OrganisationIdentifier codelist (IATI/IATI-Codelists-NonEmbedded,
  ``xml/OrganisationIdentifier.xml``: « FR-6 Ministry of Foreign Affairs »), the identifier under
  which the ministry publishes to IATI. It is reporting, funding organisation and 360Giving funder.
- A project's own key is ``<campaign year>-<12 hex digits>`` (`publication.keys.project_key`, which
  the downloads share): what a published list says of a laureate, digested.
- IATI activity: ``FR-6-coopdec-<key>`` (IATI asks that an activity identifier start with the
  reporting organisation's identifier). 360Giving grant: ``360G-coopdec-<key>`` (360Giving
  identifiers are a ``360G-`` publisher prefix and an internal identifier). ``360G-coopdec`` is
  not yet registered with 360Giving: the publisher prefix is to be requested from its helpdesk.
- A French authority with a SIREN is ``FR-RCS-<SIREN>``. Communes, EPCI, départements and régions
  are not in the companies' register (RCS), but all have a SIREN in INSEE's SIRENE directory;
  org-id.guide (`org-id/register`, ``lists/fr/*.json``, read at commit f500b45 of 31 July 2026)
  has no FR-SIRENE list: FR-INSEE, which described SIRENE, is deprecated in favour of FR-RCS, whose
  identifiers are SIREN numbers and whose guidance sends to the SIRENE directory, units outside
  the RCS included. FR-RCS is thus the only list in force keyed by SIREN (FR-COA covers the State's
  own bodies; XR-NUTS names régions by a NUTS code we do not hold). The data dictionary says so.
  Régions and départements have no SIREN in the official geography we load: IATI then gets no ``ref``, and 360Giving, which requires one, gets
  an internal identifier ``360G-coopdec-<kind>-<INSEE code>``; an authority still to be confirmed
  gets ``360G-coopdec-a-confirmer-<published name>``.
"""
import re

MINISTRY_REF = "FR-6"
MINISTRY_NAME = "Ministère de l'Europe et des Affaires étrangères"
MINISTRY_DEPARTMENT = "Délégation pour les collectivités territoriales et la société civile (DCTCIV)"
MINISTRY_WEBSITE = "https://www.diplomatie.gouv.fr/"
PROJECT_PREFIX = "coopdec"
GRANT_PREFIX = "360G-coopdec"
SIREN_LIST = "FR-RCS"

_UNSAFE = re.compile(r"[^a-z0-9]+")


def iati_identifier(key: str) -> str:
    return f"{MINISTRY_REF}-{PROJECT_PREFIX}-{key}"


def grant_identifier(key: str) -> str:
    return f"{GRANT_PREFIX}-{key}"


def organisation_identifier(siren: str) -> str:
    """An org-id.guide identifier, or "" when the authority has no SIREN."""
    return f"{SIREN_LIST}-{siren}" if siren else ""


def recipient_identifier(*, siren: str, kind: str, code: str, published_name: str) -> str:
    """360Giving requires a recipient identifier: the official one, else an internal one."""
    if siren:
        return organisation_identifier(siren)
    if kind and code:
        return f"{GRANT_PREFIX}-{kind}-{code}"
    return f"{GRANT_PREFIX}-a-confirmer-{_UNSAFE.sub('-', published_name.lower()).strip('-')}"
