"""The IATI validator's data-quality rules that run offline, over an IATI activity file.

The schema (`standards/iati-2.03/*.xsd`) checks structure and types; the IATI Validator (V2) checks
besides the rules of the standard's ruleset (`IATI/IATI-Rulesets`, `rulesets/standard.json`,
branch version-2.03, commit a88f835ba9a85eefb1384484eb20df10a007a31a) and, across activities and
against the codelists, what a ruleset cannot say. Each check below names the ruleset rule it
implements (`[1.1.21]`…); those without a number are the validator's own (identifiers unique in
a file, codes in their codelist) or the brief's (values positive). Kept here rather than in the
tests so that a command can run them on the files the site serves.

Implemented: identifiers (1.1.3, 1.1.21, 1.3.1, 1.3.13, unique; organisation references with a
known prefix: FR-6, or FR-RCS and a SIREN whose Luhn key holds), dates (6.11.1, 11.1.1–11.1.5,
11.2.1, 11.2.2: actual dates and transactions never after `today`, planned ones may be),
budgets (8.6.3 start before end, 7.5.3 a year at most, value positive), percentages (2.1.1,
2.1.2, 2.1.4 for sectors per vocabulary; 3.1.1, 3.1.2, 3.1.4 for recipient countries and regions:
each given and summing to 100 when more than one, 100 or none when one),
sector vocabulary 1 codes in the IATI Sector codelist (`standards/iati-2.03/codelists/Sector.xml`),
currency (7.8.1), transaction values positive, title and description (4.3.1, 4.4.1), organisations
named or referenced (6.9.1, 6.9.2, 6.10.1), policy markers of vocabulary 1 with a significance (6.14.1).
Not implemented: the rules on elements CoopDec never writes (results, other-identifier, related
activities, humanitarian scopes, planned disbursements, organisation files).
"""
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from django.conf import settings

from . import identifiers

SECTOR_CODELIST = Path(settings.BASE_DIR) / "standards" / "iati-2.03" / "codelists" / "Sector.xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ACTUAL_START, ACTUAL_END, PLANNED_START, PLANNED_END = "2", "4", "1", "3"
_FORBIDDEN = re.compile(r"[/&|?]")
_SIREN_REF = re.compile(rf"^{re.escape(identifiers.SIREN_LIST)}-(\d{{9}})$")


@cache
def dac_codes() -> frozenset[str]:
    """The active codes of the IATI Sector codelist (DAC 5-digit purpose codes)."""
    root = ET.parse(SECTOR_CODELIST).getroot()
    return frozenset(item.findtext("code") for item in root.iter("codelist-item")
                     if item.get("status", "active") == "active")


def luhn(number: str) -> bool:
    """A SIREN's key: the Luhn sum of its nine digits is a multiple of 10."""
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def known_organisation(ref: str) -> bool:
    """FR-6 (the ministry, IATI OrganisationIdentifier codelist) or FR-RCS- and a valid SIREN."""
    if ref == identifiers.MINISTRY_REF:
        return True
    found = _SIREN_REF.match(ref)
    return bool(found) and luhn(found.group(1))


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _decimal(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text is not None else None
    except InvalidOperation:
        return None


def _within_a_year(start: date, end: date) -> bool:
    try:
        year_later = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        year_later = start.replace(year=start.year + 1, day=28)
    return end < year_later


def _percentages(elements, what: str, problems: list[str], where: str, *, rules: str) -> None:
    """More than one: each has a percentage (rule x.1.1) and they sum to 100 (x.1.2); one alone:
    no percentage or 100 (x.1.4). `rules`: "2.1" for sectors, "3.1" for recipient countries."""
    shares = [_decimal(e.get("percentage")) for e in elements]
    if len(elements) > 1:
        if any(share is None for share in shares):
            problems.append(f"{where}: {what} : plusieurs, sans le pourcentage de chacun [{rules}.1]")
        elif sum(shares) != 100:
            problems.append(f"{where}: {what} : les pourcentages font {sum(shares)}, pas 100 [{rules}.2]")
    elif len(elements) == 1 and shares[0] is not None and shares[0] != 100:
        problems.append(f"{where}: {what} : un seul, à {shares[0]} % au lieu de 100 [{rules}.4]")


def _organisations(activity, problems, where):
    for tag, rule in (("reporting-org", ""), ("participating-org", " [6.10.1]"),
                      ("transaction/provider-org", " [6.9.1]"), ("transaction/receiver-org", " [6.9.2]")):
        for organisation in activity.findall(tag):
            ref = organisation.get("ref")
            if not ref and not (organisation.findtext("narrative") or "").strip():
                problems.append(f"{where}: {tag} sans identifiant ni nom{rule}")
            if ref is not None and (ref != ref.strip() or not known_organisation(ref)):
                problems.append(f"{where}: {tag} « {ref} » : identifiant d'organisation inconnu "
                                "(ni FR-6 ni FR-RCS suivi d'un SIREN valide)")


def _dates(activity, today, problems, where):
    updated = activity.get("last-updated-datetime")
    if updated and datetime.fromisoformat(updated).date() > today:
        problems.append(f"{where}: dernière mise à jour dans le futur [11.1.1]")
    dates = {d.get("type"): _date(d.get("iso-date")) for d in activity.findall("activity-date")}
    if None in dates.values():
        problems.append(f"{where}: date d'activité illisible")
    if not (dates.get(PLANNED_START) or dates.get(ACTUAL_START)):
        problems.append(f"{where}: ni début prévu ni début réel [6.11.1]")
    for earlier, later, rule in ((PLANNED_START, PLANNED_END, "11.1.2"), (ACTUAL_START, ACTUAL_END, "11.1.3")):
        if dates.get(earlier) and dates.get(later) and dates[earlier] > dates[later]:
            problems.append(f"{where}: début après la fin [{rule}]")
    for actual, rule in ((ACTUAL_START, "11.1.4"), (ACTUAL_END, "11.1.5")):
        if dates.get(actual) and dates[actual] > today:
            problems.append(f"{where}: date réelle dans le futur [{rule}]")


def _money(activity, today, problems, where):
    default_currency = activity.get("default-currency")
    for budget in activity.findall("budget"):
        start = _date(budget.find("period-start").get("iso-date"))
        end = _date(budget.find("period-end").get("iso-date"))
        if not (start and end) or start > end:
            problems.append(f"{where}: budget {start} – {end} : début après la fin [8.6.3]")
        elif not _within_a_year(start, end):
            problems.append(f"{where}: budget {start} – {end} : plus d'un an [7.5.3]")
    for transaction in activity.findall("transaction"):
        day = _date(transaction.find("transaction-date").get("iso-date"))
        value_date = _date(transaction.find("value").get("value-date"))
        if day is None or day > today:
            problems.append(f"{where}: transaction datée du {day} : dans le futur [11.2.1]")
        if value_date is None or value_date > today:
            problems.append(f"{where}: date de valeur {value_date} d'une transaction : dans le futur [11.2.2]")
    for value in activity.findall("budget/value") + activity.findall("transaction/value"):
        amount = _decimal(value.text)
        if amount is None or amount <= 0:
            problems.append(f"{where}: montant « {value.text} » : pas un nombre positif")
        if not (value.get("currency") or default_currency):
            problems.append(f"{where}: montant sans monnaie ni monnaie par défaut [7.8.1]")


def _classifications(activity, problems, where):
    sectors = activity.findall("sector")
    if not sectors:
        problems.append(f"{where}: aucun secteur [6.2.2]")
    by_vocabulary = defaultdict(list)
    for sector in sectors:
        by_vocabulary[sector.get("vocabulary", "1")].append(sector)
    for vocabulary, found in by_vocabulary.items():
        _percentages(found, f"secteurs du vocabulaire {vocabulary}", problems, where, rules="2.1")
        if vocabulary == "1":
            for sector in found:
                if sector.get("code") not in dac_codes():
                    problems.append(f"{where}: secteur {sector.get('code')} absent de la liste Sector de l'IATI")
        else:
            problems.append(f"{where}: vocabulaire de secteur {vocabulary} non vérifiable ici")
    _percentages(activity.findall("recipient-country") + activity.findall("recipient-region"),
                 "pays et régions bénéficiaires", problems, where, rules="3.1")
    for marker in activity.findall("policy-marker"):
        if marker.get("vocabulary", "1") == "1" and marker.get("significance") is None:
            problems.append(f"{where}: marqueur {marker.get('code')} sans significativité [6.14.1]")


def iati_problems(content: bytes, *, today: date) -> list[str]:
    """What the rules find wrong in an IATI activity file, each problem in French with the
    activity's identifier and the rule's number; [] when the file passes."""
    root = ET.fromstring(content)
    problems: list[str] = []
    seen = Counter()
    for activity in root.findall("iati-activity"):
        identifier = activity.findtext("iati-identifier") or ""
        where = identifier.strip() or "activité sans identifiant"
        seen[identifier] += 1
        reporting = activity.find("reporting-org")
        reporting_ref = reporting.get("ref", "") if reporting is not None else ""
        if identifier != identifier.strip():
            problems.append(f"{where}: espaces autour de l'identifiant [1.3.1]")
        if _FORBIDDEN.search(identifier):
            problems.append(f"{where}: l'identifiant contient /, &, | ou ? [1.3.13]")
        if identifier == reporting_ref:
            problems.append(f"{where}: l'identifiant est celui de l'organisation qui publie [1.1.3]")
        if not identifier.startswith(reporting_ref + "-"):
            problems.append(f"{where}: l'identifiant ne commence pas par « {reporting_ref}- » [1.1.21]")
        if not (activity.get(XML_LANG) or all(n.get(XML_LANG) for n in activity.iter("narrative"))):
            problems.append(f"{where}: ni langue par défaut ni langue de chaque texte [4.1.1]")
        if not (activity.findtext("title/narrative") or "").strip():
            problems.append(f"{where}: sans titre [4.3.1]")
        if not (activity.findtext("description/narrative") or "").strip():
            problems.append(f"{where}: sans description [4.4.1]")
        _organisations(activity, problems, where)
        _dates(activity, today, problems, where)
        _money(activity, today, problems, where)
        _classifications(activity, problems, where)
    problems += [f"{identifier}: identifiant présent {count} fois dans le fichier"
                 for identifier, count in seen.items() if count > 1]
    return problems
