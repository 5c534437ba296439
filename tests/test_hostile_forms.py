"""Every form of every page, posted with what a hostile or clumsy hand sends, answers a 4xx or
the form with its error: never a 500 (issue 14 §3), on SQLite and PostgreSQL.

The pages are found from the URL conf (tests/routes.py: every pattern outside the admin, with
the objects of a small world: a draft, a filed and retained dossier with its grant, an open
committee, a pending membership, an export) and from the links of the pages reached, for each
role: anyone, the applicant, the ministry's officer, an instructor. Each `<form method="post">`
found is posted with no field at all, with every field hostile (an unknown choice included), with
every typed field hostile (the values of HOSTILE taken in turn by field index and form number),
then with each typed field alone given each value of ALONE (`_variants`). A file field sends a
PDF named with symbols only. Deterministic and bounded: a page is opened at most twice per shape
(its address with its numbers set aside) and a form posted once per shape (its action so, and its
fields), whatever the number of dossiers.
"""
import re
from collections import Counter, deque
from decimal import Decimal as D
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import Resolver404, resolve

from coopdec.accounts.services import membership_request
from coopdec.calls.models import ScoringCriterion
from coopdec.exports.models import ExportJob
from coopdec.grants.services import grant_plan
from coopdec.instruction.services import assignment_create
from tests.accounts.people import user
from tests.applications.files import PDF, upload
from tests.applications.people import complete, draft, open_call
from tests.committee.people import call_with_envelope, communes, in_instruction, session
from tests.grants.conftest import _grant_settings, retained  # noqa: F401  (autouse: tasks at once, mail in memory)
from tests.instruction.people import instructor
from tests.routes import SAMPLES, walk

pytestmark = pytest.mark.django_db

HOSTILE = [
    "\x00",                                   # NUL: PostgreSQL refuses it in any text
    "Eau\x01 pot\x1bable\x7f à Huye\x85\x9b",  # C0, ESC, DEL, C1
    "sNaN",                                   # Decimal() reads it; a comparison raises
    "1e30",                                   # beyond any column; quantize raises
    "x" * 100_000,                            # 100,000 characters
    "\u202eFDP\u200f عربي\u200e",              # right-to-left override and marks
    "__choix_inconnu__",                      # an unknown choice
    "-1",
    "99999999999999999999999",
    "2026-02-31",
    "",
]
# Pages not to crawl: downloads and the sign-out (posted like any other form, but not followed).
SKIP = re.compile(r"\.(pdf|csv|xlsx|json|xml|zip)$|/fichier/$|/pieces/\d+/$|format=|/logout/")
FINAL = re.compile(r"/(vers/[^/]+|deposer|supprimer|logout|cloture|publication|reouverture|relancer)/$")
PRIVATE = ("/espace/", "/instruction/", "/comptes/")
PRIVATE_ROUTES = tuple(prefix[1:] for prefix in PRIVATE)
MAX_PAGES = 120
# Pages of one shape (their numbers set aside) opened at most: two dossiers' steps, not all.
PAGES_PER_SHAPE = 2
# What each typed field is posted alone with, the others as the page sent them: what reaches a
# database or a Decimal only when the rest of the form is valid.
ALONE = ["\x00", "sNaN", "1e30", "99999999999999999999999"]
# Pages whose forms appear only with a parameter: the search of an authority to join.
EXTRA_SEEDS = ["/comptes/collectivites/?q=Albi"]
# The forms the walk must reach, whoever posts them: a walk that found fewer would prove less
# than it says.
EXPECTED = {
    "account_login", "account_signup", "account_reset_password",
    "applications:draft-new", "applications:step", "applications:submit", "applications:move",
    "accounts:membership-request", "grants:reports",
    "committees:list", "committees:session", "committees:reopen",
    "instruction:score", "instruction:opinion", "instruction:assign", "instruction:corrections",
    "accounts:membership-decide", "exports:new",
}


@pytest.fixture
def world():
    """The applicant (a draft, a retained dossier with its reports owed) and the officer (an open
    committee with a dossier under instruction, a pending membership, an export done)."""
    application, person, officer = retained()
    grant_plan(application=application)
    # A draft with its budget saved: the budget step's forms compare what is posted with it.
    brouillon = draft(authority=application.lead_authority, call_obj=open_call(), person=person, title="Brouillon")[0]
    complete(brouillon, person)
    call = call_with_envelope("100000")
    ScoringCriterion.objects.create(call=call, label="Qualité", weight=D("2"), scale_max=5)
    examined, _ = in_instruction(call, communes(3)[2], officer, title="En instruction")
    examiner = instructor(call=call)
    TOTP.activate(examiner, generate_totp_secret())
    assignment_create(application=examined, instructor=examiner, by=officer)
    session(call, officer)
    membership_request(user=user(), authority=communes(2)[1])
    ExportJob.objects.create(owner=officer, format="csv", columns=["numero", "intitule"])
    # The pages of this world's own objects: the URL conf's samples name fixed numbers, which
    # PostgreSQL's sequences (never rolled back) do not give twice.
    from coopdec.instruction.models import Decision
    pages = [f"/espace/dossiers/{application.pk}/rapports/", f"/espace/dossiers/{application.pk}/",
             f"/instruction/comites/{Decision.objects.get(application=application).session_id}/",
             f"/espace/dossiers/{brouillon.pk}/", f"/espace/dossiers/{brouillon.pk}/deposer/",
             # The summary too, where the submit form is: found only through links, it came after the
             # URL conf's pages, and on PostgreSQL (numbers never given twice) past MAX_PAGES at times.
             *(f"/espace/dossiers/{brouillon.pk}/etapes/{step}/" for step in ("identite", "partenaires", "projet", "budget",
                                                                         "pieces", "recapitulatif")),
             f"/instruction/dossiers/{examined.pk}/", f"/instruction/dossiers/{examined.pk}/complements/"]
    return {"anyone": None, "applicant": person, "officer": officer, "instructor": examiner, "_pages": pages}


def _client(person) -> Client:
    client = Client(raise_request_exception=False)
    if person is not None:
        client.force_login(person)
    return client


def _seeds() -> list[str]:
    """Every page of the URL conf a role may open, with parameters from SAMPLES (those naming an
    object the world does not hold answer 404 and add nothing; their links do)."""
    from django.urls import reverse

    urls = list(EXTRA_SEEDS)
    for _pattern, route, name, parameters in walk():
        if not route.startswith(PRIVATE_ROUTES):  # the public pages are read only (405 to a POST)
            continue
        try:
            urls.append(reverse(name, kwargs={p: SAMPLES[p] for p in parameters}))
        except Exception:  # noqa: BLE001 — a pattern whose sample does not fit it: its links lead there
            continue
    return urls


def _internal(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.netloc or parts.netloc == "testserver"


def _forms(client, failures, role, pages=()):
    """{shape: (url of the page, action, [(name, type, value, options)])} of every POST form
    reachable by `role`, from `pages` and the URL conf's."""
    queue, seen, forms, shapes = deque([*pages, *_seeds()]), set(), {}, Counter()
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        path = urlsplit(url).path
        shape = re.sub(r"\d+", "N", url)
        if url in seen or SKIP.search(url) or shapes[shape] >= PAGES_PER_SHAPE:
            continue
        seen.add(url)
        shapes[shape] += 1
        response = client.get(url)
        if response.status_code >= 500:
            failures.append((role, "GET", url, response.status_code))
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", "") or response.streaming:
            continue
        document = lxml.html.fromstring(response.content)
        for link in document.xpath("//a/@href"):
            target = urljoin(url, link).split("#")[0]
            if _internal(target) and urlsplit(target).path.startswith(PRIVATE):
                queue.append(urlsplit(target).path + (f"?{urlsplit(target).query}" if urlsplit(target).query else ""))
        for form in document.forms:
            if (form.method or "GET").upper() != "POST":
                continue
            action = urlsplit(urljoin(url, form.get("action") or path)).path
            fields = []
            for element in form.inputs:
                name = element.get("name")
                if not name or name == "csrfmiddlewaretoken":
                    continue
                kind = (element.get("type") or element.tag).lower()
                if element.tag == "select":
                    options = [option.get("value", option.text or "") for option in element.xpath(".//option")]
                    value = element.value if not element.multiple else list(element.value)
                elif kind in ("checkbox", "radio"):
                    options, value = [element.get("value", "on")], (element.get("value", "on")
                                                                    if element.checked else None)
                else:
                    options, value = [], element.value
                fields.append((name, kind, value, options))
            shape = (re.sub(r"\d+", "N", action), tuple(sorted({f[0] for f in fields})))
            forms.setdefault(shape, (url, action, fields))
    return forms


def _typed(kind, options) -> bool:
    """A field a person types into (neither a choice, a hidden value, a button nor a file)."""
    return not options and kind not in ("hidden", "submit", "button", "image", "reset", "file")


def _defaults(fields) -> dict:
    """What the page's form sends as it is: its values, its checked choices, a PDF (named with
    symbols only: « €€€.pdf ») for a file."""
    data = {}
    for name, kind, value, _options in fields:
        if kind == "file":
            data[name] = upload("€€€.pdf", PDF)
        elif value is not None:
            data[name] = value
    return data


def _variants(fields, number):
    """No field at all; every field hostile, choices and hidden values included (an unknown
    choice, a formset's counts); every typed field hostile at once; then each typed field alone,
    the others as the page sent them (a value is read only when the rest is valid: a committee's
    amount beside « retenu », a budget line within its formset's counts). A field gets the value
    of HOSTILE at (its index + the form's number), so each value meets many fields."""
    value = lambda index: HOSTILE[(index + number) % len(HOSTILE)]  # noqa: E731
    defaults = _defaults(fields)
    everything = {**defaults, **{name: value(index) for index, (name, kind, _v, options) in enumerate(fields)
                                 if kind not in ("submit", "button", "image", "reset", "file")}}
    typed = {**defaults, **{name: value(index) for index, (name, kind, _v, options) in enumerate(fields)
                            if _typed(kind, options)}}
    variants = [("rien", {}), ("tout hostile", everything), ("texte hostile", typed)]
    variants += [(f"« {name} » seul : {alone!r}", {**defaults, name: alone})
                 for alone in ALONE
                 for name, kind, _v, options in fields if _typed(kind, options)]
    posted = set()
    for label, data in variants:
        key = repr(sorted((k, v if isinstance(v, str) else "fichier") for k, v in data.items()))
        if key not in posted:  # a form of buttons only is the same whatever the pass
            posted.add(key)
            yield label, data


def test_no_form_of_any_page_answers_500_to_hostile_values(world):
    failures, reached = [], set()
    pages = world.pop("_pages")
    for role, person in world.items():
        client = _client(person)
        forms = _forms(client, failures, role, pages)
        # The forms that end a state (submit, withdraw, delete, close, publish, sign out) last:
        # posted first, they would leave the others nothing to edit.
        ordered = sorted(forms.values(), key=lambda form: bool(FINAL.search(form[1])))
        for number, (url, action, fields) in enumerate(ordered):
            try:
                reached.add(resolve(action).view_name)
            except Resolver404:
                continue
            for variant, data in _variants(fields, number):
                if person is not None:
                    client.force_login(person)  # a form before may have signed out
                response = client.post(action, data)
                if response.status_code >= 500:
                    failures.append((role, variant, action, response.status_code, url,
                                     {k: (v[:20] if isinstance(v, str) else "fichier") for k, v in data.items()}))
    assert not failures, "\n".join(map(repr, failures))
    assert EXPECTED <= reached, sorted(EXPECTED - reached)
