"""French wording of the statistics and of the networks' news text; pure functions on plain values.

Numbers, percentages and laureate counts are written by `coopdec.publication.wording`, so every
page and download says them the same way.
"""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from urllib.parse import urlsplit


from coopdec.french.text import NBSP, date_fr, french_spaces, number_fr, percent_fr, plural_fr
from coopdec.publication.exports import LaureateRow
from coopdec.publication.selectors import Figure, Provenance, PublishedFigures, Source
from coopdec.publication.wording import (
    NO_LAUREATE, TO_CONFIRM, TO_CONFIRM_MEANING, laureate_count_sentence, source_details,
)
from coopdec.territories.text import normalise


def rate_label(value, provenance: Provenance, *, retained: int | None = None,
               received: int | None = None) -> str:
    """ "66,30 % publié", "67,3 % calculé à partir de 76/113" (published counts), or the same
    "… dossiers enregistrés" (our records). A published rate keeps two decimals, as sources write them."""
    if provenance == Provenance.PUBLISHED:
        return f"{percent_fr(value, 2)} publié"
    basis = f"{number_fr(retained)}/{number_fr(received)}"
    if provenance == Provenance.RECORDS:
        basis += " dossiers enregistrés"
    return f"{percent_fr(value)} calculé à partir de {basis}"


def rate_disagreement(first, second) -> str:
    """Two rates of one campaign that do not agree: "66,30 % publié ; 67,3 % calculé à partir de 76/113"."""
    return f"{NBSP}; ".join(
        rate_label(r.value, r.provenance, retained=r.retained, received=r.received) for r in (first, second)
    )


# ---------------------------------------------------------------- the networks' news text


@dataclass(frozen=True)
class NewsFacts:
    """What a network's news text says: plain values gathered by the view from the selectors."""

    network: str
    network_website: str  # to know the network's own publications among the sources
    region: str
    year: int
    published: PublishedFigures
    previous_year: int | None
    previous: PublishedFigures
    calls_for_projects: int  # the région's laureates of appels à projets
    ami: int  # and of AMI
    rows: Sequence[LaureateRow]
    region_url: str
    campaign_url: str
    written_on: date


INTRODUCTION = (
    "Chaque année, le ministère de l'Europe et des Affaires étrangères lance une campagne d'appels à "
    "projets en soutien à la coopération décentralisée : les collectivités territoriales françaises et "
    "leurs groupements y présentent des projets menés avec leurs collectivités partenaires à "
    "l'étranger, dans des thématiques prioritaires ou dans le cadre de dispositifs conjoints avec un "
    "pays tiers."
)
COLUMNS = ("Collectivité française", "Collectivité(s) étrangère(s) partenaire(s)", "Intitulé du projet",
           "Appel à projets")


def news_text(facts: NewsFacts) -> str:
    """The text a network copies into its own news page, modelled on Occitanie Coopération's.

    Each campaign's figures are followed by their own sources; the network's own publications are
    « notre publication », never a source it cites as another's. The région's count and table are
    what CoopDec records, and say so.
    """
    paragraphs = [
        f"Lauréats {facts.year} des appels à projets en soutien à la coopération décentralisée "
        f"en {facts.region}",
        INTRODUCTION,
        _campaign_figures(facts, facts.year, facts.published),
        _campaign_figures(facts, facts.previous_year, facts.previous) if facts.previous_year else "",
        _region_count(facts),
        _table(facts.rows),
        f"La liste de la région, à télécharger (CSV, XLSX, PDF, JSON) : {facts.region_url}\n"
        f"La liste nationale des lauréats {facts.year} : {facts.campaign_url}",
        f"Texte préparé par CoopDec le {date_fr(facts.written_on)} pour {facts.network}, "
        "à partir des lauréats enregistrés dans CoopDec et des chiffres publiés cités.",
    ]
    return french_spaces("\n\n".join(p for p in paragraphs if p) + "\n")


def _campaign_figures(facts: NewsFacts, year: int, p: PublishedFigures) -> str:
    """A campaign's published figures, each statement followed by its sources."""
    current = year == facts.year
    statements = []
    if p.calls and current:
        statements.append((
            f"En {year}, {number_fr(p.calls.value)} appels à projets ont été lancés"
            if p.calls.value > 1 else f"En {year}, un appel à projets a été lancé",
            p.calls.sources,
        ))
    when = "Sur" if current and p.calls else f"En {year}, sur"
    were = "ont été" if current else "avaient été"
    if p.received and p.retained:
        statements.append((
            f"{when} les {number_fr(p.received.value)} dossiers de candidature reçus, "
            f"{number_fr(p.retained.value)} {were} retenus, soit un taux d'acceptation de "
            f"{percent_fr(p.rate.value)}",
            tuple(dict.fromkeys(p.received.sources + p.retained.sources)),
        ))
    elif p.retained:
        statements.append((f"En {year}, dossiers retenus : {number_fr(p.retained.value)}",
                           p.retained.sources))
    elif p.rate:
        statements.append((f"En {year}, le taux d'acceptation publié était de {percent_fr(p.rate.value, 2)}",
                           p.rate.sources))
    elif current:
        statements.append((f"Aucun chiffre publié de la campagne {year} n'est enregistré dans CoopDec", ()))
    statements += [
        (f"Un autre taux d'acceptation a été publié pour {year} : {percent_fr(other.value, 2)}",
         other.sources)
        for other in p.other_rates
    ]
    return _cited(statements, facts)


def _cited(statements: list[tuple[str, tuple[Source, ...]]], facts: NewsFacts) -> str:
    """The statements, each run of statements resting on the same sources followed by them once."""
    written = []
    for sources, run in groupby(statements, key=lambda statement: statement[1]):
        written += [f"{text}." for text, _ in run]
        if sources:
            heading = "Sources" if len(sources) > 1 else "Source"
            written.append(f"{heading} : {' ; '.join(_source(s, facts) for s in sources)}.")
    return " ".join(written)


def _source(source: Source, facts: NewsFacts) -> str:
    """ "Ministère … (page d'origine non retrouvée)", "Occitanie Coopération (publié le 8 septembre
    2025, https://…)", or, in the network's own text, "notre publication du 8 septembre 2025 (https://…)"."""
    if _is_own(source, facts):
        published_on = f" du {date_fr(source.published_on)}" if source.published_on else ""
        return f"notre publication{published_on}" + (f" ({source.url})" if source.url else "")
    return f"{source.label} ({source_details(source.published_on, source.url, with_url=True)})"


def _is_own(source: Source, facts: NewsFacts) -> bool:
    """Whether a source is the network's own publication: its name, or its website's address."""
    def host(url):
        return (urlsplit(url).hostname or "").removeprefix("www.")

    return f"{normalise(source.label)} ".startswith(f"{normalise(facts.network)} ") or bool(
        source.url and facts.network_website and host(source.url) == host(facts.network_website)
    )


def _region_count(facts: NewsFacts) -> str:
    if not facts.calls_for_projects + facts.ami:
        return f"En région {facts.region}, {NO_LAUREATE} pour la campagne {facts.year}."
    sentence = laureate_count_sentence(calls_for_projects=facts.calls_for_projects, ami=facts.ami)
    return f"En région {facts.region}, CoopDec enregistre {sentence[0].lower()}{sentence[1:]}."


def _table(rows: Sequence[LaureateRow]) -> str:
    """The région's laureates, one line each, cells between « | »; a name still to confirm says so."""
    if not rows:
        return ""
    lines = [" | ".join(cells) for cells in [COLUMNS, *(_cells(row) for row in rows)]]
    if any(row.lead_to_confirm for row in rows):
        lines.append(f"({TO_CONFIRM} : {TO_CONFIRM_MEANING}.)")
    return "\n".join(lines)


def _cells(row: LaureateRow) -> tuple[str, ...]:
    return (
        f"{row.lead_label} ({TO_CONFIRM})" if row.lead_to_confirm else row.lead_label,
        ", ".join(str(partner) for partner in row.partners) or "non renseigné",
        row.title,
        row.call_name,
    )


def granted_label(figure: Figure | None) -> str:
    """ "12 000 € (3 lauréats)": the known granted amounts and how many laureates they cover."""
    if figure is None:
        return ""
    count = figure.record_count
    return f"{number_fr(figure.value, 0)}{NBSP}€ ({number_fr(count)} {plural_fr(count, 'lauréat', 'lauréats')})"
