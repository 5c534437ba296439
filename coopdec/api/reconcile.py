"""The Reconciliation Service API v0.2 (W3C Entity Reconciliation Community Group) over
`resolve_authority`: what OpenRefine speaks to match a column of French authority names with
their official codes.

An entity is a French authority, identified as `kind:code` ("commune:81065", "epci:243100633");
its type is its kind. A candidate has `match: true` only when the name resolves — to one
official body, as an import would decide it — and only that body: a name with homonyms
("Barjac") comes back as its candidates, none matching, for a person to choose; an unknown name
comes back without candidates. A query has no publication context, so no confirmation a person
made for one list decides here (see `territories.resolve`): a shared name is never a match.
The properties `region` and `departement` (an INSEE code, or a name) narrow the resolution as
the hints of an import do. An identifier given as the query matches its authority; a bare code
(INSEE or SIREN, perhaps a postcode) only proposes it. The manifest's `view` template opens the
authority's public page (`AUTHORITY_PAGE`).
"""
import json
import math
import re
from dataclasses import dataclass

from django.utils.text import capfirst

from coopdec.territories.models import Authority
from coopdec.territories.resolve import Candidate, Status, resolve_authority
from coopdec.territories.wording import inhabitants

from . import selectors
from .schemas import authority_id

Kind = Authority.Kind
TYPES = (Kind.COMMUNE, Kind.EPCI, Kind.EPT, Kind.DEPARTEMENT, Kind.REGION)
PROPERTIES = {
    "departement": "Département (code INSEE ou nom)",
    "region": "Région (code INSEE ou nom)",
}
DEFAULT_LIMIT = 10
MAX_LIMIT = 100
# Queries in one batch: announced in the manifest; a larger batch is refused (413).
BATCH_SIZE = 50
# The furthest a suggestion's `cursor` may page: past every authority, never past the database's
# integers (a cursor of 2^64 was a 500).
MAX_CURSOR = 100_000
_INSEE_CODE = re.compile(r"\d{1,3}|2[AB]", re.IGNORECASE)
# The public page of an authority, where the `view` template of the manifest leads a person.
AUTHORITY_PAGE = "/collectivites/{kind}/{code}/"


class BatchError(ValueError):
    """A batch the service cannot answer; the message says why, in French."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Query:
    text: str
    kinds: frozenset[str] = frozenset()  # empty: every kind
    limit: int = DEFAULT_LIMIT
    region: str | None = None
    departement: str | None = None
    places: tuple[str, ...] = ()  # hints given by name: read as "Castres (Tarn)" would be


@dataclass(frozen=True)
class ServiceUrls:
    endpoint: str  # the reconciliation endpoint, absolute
    identifier_space: str  # where an identifier leads: the prefix of the view template
    schema_space: str
    documentation: str


# ---------------------------------------------------------------- manifest and suggestions


def manifest(urls: ServiceUrls) -> dict:
    return {
        "versions": ["0.2"],
        "name": "CoopDec — collectivités territoriales françaises (codes INSEE et SIREN)",
        "identifierSpace": urls.identifier_space,
        "schemaSpace": urls.schema_space,
        "documentation": urls.documentation,
        "defaultTypes": [type_of(kind) for kind in TYPES],
        "view": {"url": urls.identifier_space + "{{id}}"},
        "suggest": {
            "entity": {"service_url": urls.endpoint, "service_path": "/suggest/entity"},
            "property": {"service_url": urls.endpoint, "service_path": "/suggest/property"},
        },
        "batchSize": BATCH_SIZE,
    }


def view_path(entity_id: str) -> str:
    """The public page of `kind:code`; ValueError for anything else."""
    kind, _, code = entity_id.partition(":")
    if kind not in TYPES or not code:
        raise ValueError(f"Identifiant « {entity_id} » : attendu « nature:code » (commune:81065).")
    return AUTHORITY_PAGE.format(kind=kind, code=code)


def type_of(kind: str) -> dict:
    return {"id": kind, "name": capfirst(str(Kind(kind).label))}


def suggest_properties(prefix: str) -> dict:
    prefix = prefix.strip().lower()
    return {"result": [
        {"id": pid, "name": name} for pid, name in PROPERTIES.items()
        if pid.startswith(prefix) or name.lower().startswith(prefix)
    ]}


def parse_cursor(raw: str) -> int:
    """The offset of a page of suggestions: an integer from 0 to MAX_CURSOR, else BatchError."""
    try:
        cursor = int(raw or 0)
    except ValueError:
        cursor = -1
    if not 0 <= cursor <= MAX_CURSOR:
        raise BatchError(f"« cursor » doit être un entier de 0 à {MAX_CURSOR}.")
    return cursor


def suggest_entities(prefix: str, cursor: int = 0) -> dict:
    authorities = selectors.authority_prefix_list(prefix=prefix, cursor=cursor) if prefix.strip() else []
    departements, regions = selectors.place_names() if authorities else ({}, {})
    result = []
    for authority in authorities:
        candidate = _candidate_of(authority)
        result.append({
            "id": authority_id(candidate.kind, candidate.code), "name": candidate.name,
            "description": _describe(candidate, departements, regions),
            "notable": [type_of(candidate.kind)],
        })
    return {"result": result}


# ---------------------------------------------------------------- queries


def parse_batch(raw: str) -> dict[str, Query]:
    """A query batch as OpenRefine sends it: a JSON object of queries under any keys."""
    batch = _json_object(raw, "queries")
    if len(batch) > BATCH_SIZE:
        raise BatchError(f"Au plus {BATCH_SIZE} requêtes par lot ({len(batch)} reçues).", status=413)
    return {key: parse_query(query, key) for key, query in batch.items()}


def parse_single(raw: str) -> Query:
    """The single query of version 0.1: a JSON object, or the bare name."""
    query = _json_object(raw, "query") if raw.lstrip().startswith("{") else {"query": raw}
    return parse_query(query, "query")


def parse_query(query, key: str) -> Query:
    if not isinstance(query, dict):
        raise BatchError(f"La requête « {key} » doit être un objet JSON.")
    text = query.get("query", "")
    if isinstance(text, int) and not isinstance(text, bool) or isinstance(text, float) and math.isfinite(text):
        text = str(text)
    if not isinstance(text, str):
        raise BatchError(f"« query » de la requête « {key} » doit être un texte.")
    hints = _hints(query.get("properties") or [], key)
    return Query(
        text=" ".join(text.split()), kinds=_kinds(query.get("type"), key),
        limit=_limit(query.get("limit"), key),
        region=hints.get("region"), departement=hints.get("departement"),
        places=tuple(value for pid, value in hints.items() if pid.endswith("_name")),
    )


def reconcile_batch(queries: dict[str, Query]) -> dict:
    """{key: {"result": [candidate, ...]}} for a parsed batch; each query answered on its own."""
    departements, regions = selectors.place_names() if queries else ({}, {})
    return {key: {"result": reconcile_query(query, departements, regions)} for key, query in queries.items()}


def reconcile_query(query: Query, departements: dict[str, str], regions: dict[str, str]) -> list[dict]:
    """The candidates of one query, the best first, at most `limit` of them."""
    if not query.text:
        return []
    lookup = selectors.authority_lookup(text=query.text)
    if lookup is not None:
        how, ids = lookup
        candidates = [_candidate_of(a) for a in selectors.authorities_in_order(ids)]
        candidates = [c for c in candidates if not query.kinds or c.kind in query.kinds]
        match = candidates[0] if how == "identifier" and len(candidates) == 1 else None
    else:
        name = " ".join((query.text, *(f"({place})" for place in query.places)))
        resolution = resolve_authority(name, region=query.region, department=query.departement)
        candidates = [c for c in resolution.candidates if not query.kinds or c.kind in query.kinds]
        match = resolution.match if resolution.status == Status.RESOLVED else None
    return [
        {
            "id": authority_id(c.kind, c.code), "name": c.name,
            "description": _describe(c, departements, regions),
            "score": round(c.score * 100, 1), "match": c == match, "type": [type_of(c.kind)],
        }
        for c in candidates[:query.limit]
    ]


def _json_object(raw: str, name: str) -> dict:
    try:
        value = json.loads(raw)
    except ValueError as error:
        raise BatchError(f"« {name} » n'est pas du JSON valide : {error}.") from error
    except RecursionError:  # arrays or objects nested thousands deep: no query is shaped so
        raise BatchError(f"« {name} » est imbriqué trop profondément pour être une requête.") from None
    if not isinstance(value, dict):
        raise BatchError(f"« {name} » doit être un objet JSON.")
    return value


def _kinds(types, key: str) -> frozenset[str]:
    types = [types] if isinstance(types, str) else (types or [])
    unknown = [t for t in types if t not in TYPES] if isinstance(types, list) else [types]
    if unknown:
        raise BatchError(
            f"Type inconnu dans la requête « {key} » : {', '.join(map(str, unknown))} ; "
            f"types connus : {', '.join(TYPES)}."
        )
    return frozenset(types)


def _limit(limit, key: str) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    # An int is compared as it is (math.isfinite would turn 1 followed by 400 zeros into a float:
    # OverflowError); a float must be finite and whole.
    if (isinstance(limit, bool) or not isinstance(limit, int | float)
            or (isinstance(limit, float) and not (math.isfinite(limit) and limit.is_integer()))
            or limit < 1):
        raise BatchError(f"« limit » de la requête « {key} » doit être un entier positif.")
    return min(int(limit), MAX_LIMIT)


def _hints(properties, key: str) -> dict[str, str]:
    """{"region": code, "departement": code} from the properties; a value that is not a code is
    kept under "region_name" or "departement_name", to be read as a place in parentheses."""
    if not isinstance(properties, list):
        raise BatchError(f"« properties » de la requête « {key} » doit être une liste.")
    hints = {}
    for prop in properties:
        pid = prop.get("pid") if isinstance(prop, dict) else None
        if not isinstance(pid, str) or pid not in PROPERTIES:
            raise BatchError(
                f"Propriété inconnue dans la requête « {key} » : {pid!r} ; propriétés connues : "
                f"{', '.join(PROPERTIES)}."
            )
        value = _first_value(prop.get("v"), pid)
        if value:
            hints[pid if _INSEE_CODE.fullmatch(value) else f"{pid}_name"] = value
    return hints


def _first_value(value, pid: str) -> str:
    """A property value as text: the first of a list, the code of a reconciled entity
    ({"id": "departement:30"}), a number as an integer ("9" for 9.0)."""
    if isinstance(value, list):
        value = next((v for v in value if v not in (None, "")), None)
    if isinstance(value, dict):
        value = str(value.get("id", "")).removeprefix(f"{pid}:")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if value is None or isinstance(value, bool):
        return ""
    return " ".join(str(value).split())


def _candidate_of(authority: Authority) -> Candidate:
    return Candidate(authority.kind, authority.code, authority.name, authority.departement_id,
                     authority.region_id, authority.population, 1.0, authority.pk)


def _describe(c: Candidate, departements: dict[str, str], regions: dict[str, str]) -> str:
    """ "commune, Gard (30), Occitanie, 1 608 habitants": what tells homonyms apart."""
    parts = [str(Kind(c.kind).label)]
    if c.departement_code and c.kind != Kind.DEPARTEMENT:
        parts.append(f"{departements.get(c.departement_code, '?')} ({c.departement_code})")
    if c.region_code and c.kind != Kind.REGION:
        parts.append(regions.get(c.region_code, c.region_code))
    if c.population is not None:
        parts.append(inhabitants(c.population))
    return ", ".join(parts)
