"""French wording of the statistics and of the networks' news text; pure functions on plain values.

Numbers, percentages and laureate counts are written by `coopdec.publication.wording`, so every
page and download says them the same way.
"""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format

from coopdec.publication.exports import LaureateRow
from coopdec.publication.selectors import Figure, Provenance, PublishedFigures, Source
from coopdec.publication.wording import NBSP, laureate_count_sentence, number_fr, percent_fr, plural_fr


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
    return " ; ".join(
        rate_label(r.value, r.provenance, retained=r.retained, received=r.received) for r in (first, second)
    )


def sources_text(sources: Sequence[Source]) -> str:
    """ "Occitanie Coopération (publié le 8 septembre 2025, https://…)" for plain text."""
    written = []
    for source in sources:
        details = [f"publié le {date_format(source.published_on, 'j F Y')}"] if source.published_on else []
        details += [source.url] if source.url else []
        written.append(f"{source.label} ({', '.join(details)})" if details else source.label)
    return " ; ".join(written)


# ---------------------------------------------------------------- the networks' news text


@dataclass(frozen=True)
class NewsFacts:
    """What a network's news text says: plain values gathered by the view from the selectors."""

    network: str
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
    """The text a network copies into its own news page, modelled on Occitanie Coopération's."""
    paragraphs = [
        f"Lauréats {facts.year} des appels à projets en soutien à la coopération décentralisée "
        f"en {facts.region}",
        INTRODUCTION,
        _national_figures(facts),
        _region_count(facts),
        "\n".join(" | ".join(cells) for cells in [COLUMNS, *(_cells(row) for row in facts.rows)]),
        f"La liste de la région, à télécharger (CSV, XLSX, PDF, JSON) : {facts.region_url}\n"
        f"La liste nationale des lauréats {facts.year} : {facts.campaign_url}",
        f"Texte préparé par CoopDec le {date_format(facts.written_on, 'j F Y')} pour {facts.network}, "
        "à partir des dossiers enregistrés et des chiffres publiés cités.",
    ]
    return "\n\n".join(p for p in paragraphs if p) + "\n"


def _national_figures(facts: NewsFacts) -> str:
    p = facts.published
    sentences = []
    if p.calls:
        sentences.append(
            f"En {facts.year}, {number_fr(p.calls.value)} appels à projets ont été lancés."
            if p.calls.value > 1 else f"En {facts.year}, un appel à projets a été lancé."
        )
    if p.received and p.retained:
        rate = (f"Sur les {number_fr(p.received.value)} dossiers de candidature reçus, "
                f"{number_fr(p.retained.value)} ont été retenus, soit un taux d'acceptation de "
                f"{percent_fr(p.rate.value)}")
    elif p.retained:
        rate = f"{number_fr(p.retained.value)} dossiers ont été retenus"
    elif p.rate:
        rate = f"Le taux d'acceptation publié est de {percent_fr(p.rate.value, 2)}"
    else:
        rate = f"Les nombres de dossiers reçus et retenus en {facts.year} n'ont pas encore été publiés"
    previous = _previous_rate(facts)
    sentences.append(f"{rate}{f' ({previous})' if previous else ''}.")
    sources = {s: None for f in (p.calls, p.received, p.retained, p.rate) if f for s in f.sources}
    if sources:
        sentences.append(f"Source des chiffres nationaux : {sources_text(list(sources))}.")
    return " ".join(sentences)


def _previous_rate(facts: NewsFacts) -> str:
    p = facts.previous
    if not facts.previous_year or not p.rate:
        return ""
    if p.received and p.retained:
        said = (f"en {facts.previous_year}, {number_fr(p.retained.value)} dossiers retenus sur "
                f"{number_fr(p.received.value)}, soit {percent_fr(p.rate.value)}")
    else:
        said = f"en {facts.previous_year}, le taux d'acceptation était de {percent_fr(p.rate.value, 2)}"
    others = [
        f"{f'la source « {other.source.label} »' if other.source else 'une autre source'} publiait "
        f"{percent_fr(other.value, 2)}"
        for other in p.other_rates
    ]
    return " ; ".join([said, *others])


def _region_count(facts: NewsFacts) -> str:
    sentence = laureate_count_sentence(calls_for_projects=facts.calls_for_projects, ami=facts.ami)
    return f"En région {facts.region}, {sentence[0].lower()}{sentence[1:]}."


def _cells(row: LaureateRow) -> tuple[str, ...]:
    return (
        row.lead_label,
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
