"""The reconciliation endpoint, as OpenRefine and the Reconciliation Service API v0.2 use it.

The batches follow the shape of the specification's examples (queries under keys, each with
`query`, `type`, `limit`, `properties` and `type_strict`); the answers are checked against the
structure the specification requires of a manifest and of a result batch.
"""
import json
from urllib.parse import urlencode

import jsonschema
import pytest

pytestmark = pytest.mark.django_db

TYPE = {"type": "object", "required": ["id", "name"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}
MANIFEST = {
    "type": "object",
    "required": ["versions", "name", "identifierSpace", "schemaSpace"],
    "properties": {
        "versions": {"type": "array", "items": {"type": "string"}, "contains": {"const": "0.2"}},
        "name": {"type": "string"},
        "identifierSpace": {"type": "string", "format": "uri"},
        "schemaSpace": {"type": "string", "format": "uri"},
        "defaultTypes": {"type": "array", "items": TYPE, "uniqueItems": True},
        "view": {"type": "object", "required": ["url"],
                 "properties": {"url": {"type": "string", "pattern": r"\{\{id\}\}"}}},
        "batchSize": {"type": "integer", "minimum": 1},
    },
}
RESULT_BATCH = {
    "type": "object",
    "additionalProperties": {
        "type": "object", "required": ["result"],
        "properties": {"result": {"type": "array", "items": {
            "type": "object", "required": ["id", "name", "score"],
            "properties": {
                "id": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
                "score": {"type": "number"}, "match": {"type": "boolean"},
                "type": {"type": "array", "items": TYPE},
            },
        }}},
    },
}


def reconcile(client, queries, method="post"):
    """A batch as OpenRefine sends it: form-encoded POST (or GET) with a `queries` parameter."""
    response = getattr(client, method)("/api/reconcile", {"queries": json.dumps(queries)})
    assert response.status_code == 200, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    results = response.json()
    jsonschema.validate(results, RESULT_BATCH)
    assert set(results) == set(queries)
    return {key: value["result"] for key, value in results.items()}


def summary(result):
    return [(candidate["id"], candidate["match"]) for candidate in result]


def test_the_manifest_without_parameters(client):
    response = client.get("/api/reconcile")
    manifest = response.json()
    jsonschema.validate(manifest, MANIFEST, format_checker=jsonschema.FormatChecker())
    assert manifest["versions"] == ["0.2"]
    assert [t["id"] for t in manifest["defaultTypes"]] == ["commune", "epci", "ept", "departement", "region"]
    assert manifest["view"]["url"] == "http://testserver/api/reconcile/view/{{id}}"
    assert manifest["identifierSpace"] == "http://testserver/api/reconcile/view/"
    assert manifest["suggest"]["property"] == {"service_url": "http://testserver/api/reconcile",
                                               "service_path": "/suggest/property"}


def test_the_view_template_opens_the_authority_s_public_page(client):
    view = client.get("/api/reconcile").json()["view"]["url"]
    response = client.get(view.replace("{{id}}", "commune:81065"))
    assert (response.status_code, response["Location"]) == (302, "/collectivites/commune/81065/")
    response = client.get(view.replace("{{id}}", "epci:243100633"))
    assert response["Location"] == "/collectivites/epci/243100633/"
    assert client.get("/api/reconcile/view/81065").status_code == 404
    assert client.get("/api/reconcile/view/ville:81065").status_code == 404


def test_homonyms_come_back_as_candidates_none_matching(client):
    result = reconcile(client, {"q0": {"query": "Barjac"}})["q0"]
    assert summary(result) == [("commune:30029", False), ("commune:48018", False), ("commune:09037", False)]
    assert [c["description"] for c in result] == [
        "commune, Gard (30), Occitanie, 1\u00a0608 habitants",
        "commune, Lozère (48), Occitanie, 806 habitants",
        "commune, Ariège (09), Occitanie, 45 habitants",
    ]
    assert result[0]["type"] == [{"id": "commune", "name": "Commune"}]
    assert result[0]["score"] == 100.0


def test_the_specification_s_example_batch_shape(client):
    """Two queries with type, limit, properties and type_strict, as in the specification."""
    results = reconcile(client, {
        "q0": {"query": "Barjac", "type": "commune", "limit": 5,
               "properties": [{"pid": "departement", "v": "30"}], "type_strict": "should"},
        "q1": {"query": "Castres", "type": "commune", "limit": 5,
               "properties": [{"pid": "region", "v": "76"}], "type_strict": "should"},
    })
    assert summary(results["q0"]) == [("commune:30029", True)]
    assert summary(results["q1"]) == [("commune:81065", True)]


def test_a_form_encoded_post_as_openrefine_sends_it(client):
    queries = {"q0": {"query": "Castres", "type": "commune", "limit": 3,
                      "properties": [{"pid": "region", "v": "76"}]}}
    response = client.post("/api/reconcile", urlencode({"queries": json.dumps(queries)}),
                           content_type="application/x-www-form-urlencoded")
    assert response.json()["q0"]["result"][0]["id"] == "commune:81065"
    assert response.json()["q0"]["result"][0]["match"] is True


def test_the_specification_s_minimal_batch_by_get(client):
    results = reconcile(client, {"q1": {"query": "Toulouse"}, "q2": {"query": "Xyzzyville-sur-Mer"}},
                        method="get")
    assert summary(results["q1"])[0] == ("commune:31555", True)
    assert results["q2"] == []


@pytest.mark.parametrize("query, expected", [
    # A decisive population: Castres of the Tarn over Castres of the Aisne, said as resolved.
    ({"query": "Castres"}, [("commune:81065", True), ("commune:02142", False)]),
    # Hints by name, by number, or as an entity reconciled before.
    ({"query": "Castres", "properties": [{"pid": "departement", "v": "Aisne"}]}, [("commune:02142", True)]),
    ({"query": "Barjac", "properties": [{"pid": "departement", "v": 48}]}, [("commune:48018", True)]),
    ({"query": "Barjac", "properties": [{"pid": "departement", "v": 9.0}]}, [("commune:09037", True)]),
    ({"query": "Barjac", "properties": [{"pid": "departement", "v": [{"id": "departement:30"}]}]},
     [("commune:30029", True)]),
    # A région hint that leaves three homonyms decides nothing.
    ({"query": "Barjac", "properties": [{"pid": "region", "v": "Occitanie"}]},
     [("commune:30029", False), ("commune:48018", False), ("commune:09037", False)]),
    ({"query": "CA du Sicoval", "type": "epci"}, [("epci:243100633", True)]),
    ({"query": "Sicoval", "type": ["epci", "ept"]}, [("epci:243100633", True)]),
    # A type that leaves out the resolved body: no match, never another body instead.
    ({"query": "Toulouse", "type": "departement"}, []),
    ({"query": "Barjac", "limit": 2}, [("commune:30029", False), ("commune:48018", False)]),
    # An identifier is certain; a bare code may be a postcode: proposed, not matched.
    ({"query": "commune:81065"}, [("commune:81065", True)]),
    ({"query": "81065"}, [("commune:81065", False)]),
    ({"query": "Castres", "properties": [{"pid": "departement", "v": "30"}]}, []),
    ({"query": "qwxz"}, []),
    ({"properties": [{"pid": "departement", "v": "30"}]}, []),
])
def test_a_match_only_when_the_name_resolves(client, query, expected):
    assert summary(reconcile(client, {"q": query})["q"]) == expected


@pytest.mark.parametrize("queries, status, detail", [
    ("{not json", 400, "« queries » n'est pas du JSON valide"),
    ("[]", 400, "« queries » doit être un objet JSON."),
    ('{"q0": "Castres"}', 400, "La requête « q0 » doit être un objet JSON."),
    ('{"q0": {"query": "Castres", "type": "person"}}', 400, "Type inconnu dans la requête « q0 » : person"),
    ('{"q0": {"query": "Castres", "limit": 0}}', 400, "« limit » de la requête « q0 » doit être un entier positif."),
    ('{"q0": {"query": "Castres", "properties": [{"pid": "maire", "v": "x"}]}}', 400, "Propriété inconnue"),
    (json.dumps({f"q{i}": {"query": "Castres"} for i in range(51)}), 413, "Au plus 50 requêtes par lot"),
    # What a fuzzer sends (these were 500s): numbers JSON allows but no limit is, a property's id
    # that is an object or a list, nesting no query has, a query that is no text.
    ('{"q0": {"query": "Castres", "limit": 1e999}}', 400, "« limit » de la requête « q0 » doit être un entier"),
    ('{"q0": {"query": "Castres", "limit": -Infinity}}', 400, "« limit » de la requête « q0 » doit être un entier"),
    ('{"q0": {"query": "Castres", "limit": NaN}}', 400, "« limit » de la requête « q0 » doit être un entier"),
    ('{"q0": {"query": "Castres", "properties": [{"pid": {"a": 1}, "v": "81"}]}}', 400, "Propriété inconnue"),
    ('{"q0": {"query": "Castres", "properties": [{"pid": ["region"], "v": "76"}]}}', 400, "Propriété inconnue"),
    ("[" * 100_000 + "]" * 100_000, 400, "« queries » est imbriqué trop profondément"),
    ('{"q0": {"query": "Castres", "properties": ' + "[" * 5_000 + "]" * 5_000 + "}}", 400,
     "« queries » est imbriqué trop profondément"),
    ('{"q0": {"query": NaN}}', 400, "« query » de la requête « q0 » doit être un texte."),
])
def test_a_batch_it_cannot_answer_is_refused_with_a_reason(client, queries, status, detail):
    response = client.post("/api/reconcile", {"queries": queries})
    assert response.status_code == status
    assert response.json()["detail"].startswith(detail)
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_post_without_queries_is_refused(client):
    assert client.post("/api/reconcile", {}).status_code == 400


def test_the_single_query_of_version_0_1(client):
    assert summary(client.get("/api/reconcile", {"query": "Castres"}).json()["result"])[0] == ("commune:81065", True)
    result = client.get("/api/reconcile", {"query": '{"query": "Barjac", "limit": 1}'}).json()["result"]
    assert summary(result) == [("commune:30029", False)]


def test_jsonp_for_older_clients(client):
    response = client.get("/api/reconcile", {"callback": "jQuery123_456"})
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert body.startswith("/**/jQuery123_456(") and body.endswith(");")
    assert json.loads(body[len("/**/jQuery123_456("):-2])["versions"] == ["0.2"]
    # A callback that is not a plain name is ignored: JSON, not a script.
    assert client.get("/api/reconcile", {"callback": "alert(1)//"})["Content-Type"] == "application/json"


def test_suggest_services(client):
    properties = client.get("/api/reconcile/suggest/property", {"prefix": "dép"}).json()["result"]
    assert [p["id"] for p in properties] == ["departement"]
    everything = client.get("/api/reconcile/suggest/property", {"prefix": ""}).json()["result"]
    assert [p["id"] for p in everything] == ["departement", "region"]
    entities = client.get("/api/reconcile/suggest/entity", {"prefix": "Castr"}).json()["result"]
    assert entities[0] == {"id": "commune:81065", "name": "Castres",
                           "description": "commune, Tarn (81), Occitanie, 42\u00a0505 habitants",
                           "notable": [{"id": "commune", "name": "Commune"}]}
    more = client.get("/api/reconcile/suggest/entity", {"prefix": "Castr", "cursor": 1}).json()["result"]
    assert more[0] == entities[1]
    assert client.get("/api/reconcile/suggest/entity", {"prefix": " "}).json() == {"result": []}


def test_a_name_confirmed_for_one_list_is_never_a_match(client, django_user_model):
    """A person confirmed « Barjac » as the Gard's for Occitanie Coopération's list: a query has no
    such context, so the three Barjac stay candidates, none matching, whatever the hints."""
    from coopdec.territories.models import Authority
    from coopdec.territories.resolve import ResolutionContext
    from coopdec.territories.services import authority_confirm

    person = django_user_model.objects.create(username="relectrice")
    authority_confirm(authority=Authority.objects.get(kind="commune", code="30029"), name="Barjac", user=person,
                      context=ResolutionContext(publisher="Occitanie Coopération", region="76", partner="Kharas"))
    results = reconcile(client, {
        "q0": {"query": "Barjac"},
        "q1": {"query": "Mairie de Barjac", "properties": [{"pid": "region", "v": "Occitanie"}]},
        "q2": {"query": "Barjac", "type": "commune", "properties": [{"pid": "region", "v": "76"}]},
    })
    for result in results.values():
        assert sorted(summary(result)) == [("commune:09037", False), ("commune:30029", False),
                                           ("commune:48018", False)]
    authority_confirm(authority=Authority.objects.get(kind="epci", code="243100633"),
                      name="Agglo Sud-Est Toulousain", user=person)
    unique = reconcile(client, {"q0": {"query": "Agglo Sud-Est Toulousain"}})["q0"]
    assert summary(unique) == [("epci:243100633", True)]


@pytest.mark.parametrize("cursor", ["-1", "abc", "1e3", "100001", str(2**63), str(10**30)])
def test_a_suggestion_cursor_out_of_range_is_refused(client, cursor):
    """An offset past every authority, or past the database's integers (a 500 before), is a 400."""
    response = client.get("/api/reconcile/suggest/entity", {"prefix": "Castr", "cursor": cursor})
    assert response.status_code == 400
    assert response.json()["detail"] == "« cursor » doit être un entier de 0 à 100000."
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("entity_id", [":81065", "commune:", "personne:1", "commune"])
def test_a_malformed_view_identifier_is_a_404_that_says_why(client, entity_id):
    response = client.get(f"/api/reconcile/view/{entity_id}")
    assert response.status_code == 404
