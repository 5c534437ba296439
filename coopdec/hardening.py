"""What every request goes through before a view: a bad request is answered 400 in French (JSON
under /api/), every text a form posts is cleaned once (`readers.base.typed`), and a public page
answers 405 to a method it does not serve.

Both sit here, outside the views, so that a page added later is covered without a line in its body.
"""
from decimal import Decimal
from functools import wraps

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template import loader

from coopdec.readers.base import CONTROL  # what imports drop, refused in an address (a NUL fails PostgreSQL)
from coopdec.french.text import number_fr
from coopdec.readers.base import typed

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

SAFE_METHODS = ("GET", "HEAD")


def is_json_path(path: str) -> bool:
    return path.startswith("/api/")


def bad_request(request, message: str, *, status: int = 400) -> HttpResponse:
    """The answer to a request CoopDec cannot read: `{"detail": message}` under /api/, a French
    page elsewhere."""
    if is_json_path(request.path):
        response = JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
        response["Access-Control-Allow-Origin"] = "*"
        return response
    return render(request, "bad_request.html", {"title": "Requête invalide", "message": message}, status=status)


def has_control_characters(text: str) -> bool:
    return CONTROL.search(text) is not None


class BadParameter(ValueError):
    """A parameter of the address no page can read (`/recherche/?campaign=abc`): raised where it is
    read (a selector, a view), answered 400 with its French message by `RefuseBadRequests`."""


def clean_posted_form(request) -> None:
    """Every field a form posts, name and values, as `typed` cleans it (NFC, `\\n` line breaks,
    control characters dropped), before any form, view or query reads it: the one door of every
    form of the site, CoopDec's, the admin's and allauth's, and of the views that read a field
    themselves (a committee's reason)."""
    if request.method != "POST" or request.content_type not in FORM_CONTENT_TYPES:
        return
    posted = request.POST
    cleaned = type(posted)(mutable=True, encoding=posted.encoding)
    for name, values in posted.lists():
        cleaned.setlist(typed(name), [typed(value) for value in values])
    cleaned._mutable = False
    request.POST = cleaned


def body_too_big(request) -> bool:
    """A body beyond what the request may send, known from its Content-Length before a byte of it
    is read: REQUEST_BODY_MAX_BYTES with files (multipart), DATA_UPLOAD_MAX_MEMORY_SIZE otherwise
    (a form's fields, a JSON body to the API)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False  # Django reads such a body as empty
    if request.content_type == "multipart/form-data":
        return length > settings.REQUEST_BODY_MAX_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None and length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def too_big(request) -> HttpResponse:
    mega = Decimal(1024 * 1024)
    return bad_request(request, "La requête est trop lourde : "
                                f"{number_fr(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / mega, trim=True)} Mo au plus "
                                f"sans fichier, {number_fr(settings.REQUEST_BODY_MAX_BYTES / mega, trim=True)} Mo "
                                "avec ses fichiers. Allégez-la et réessayez.", status=413)


class RefuseBadRequests:
    """A control character (a NUL, %00) in the path or in any query parameter, name or value, is
    a 400 before any view or query runs; a BadParameter raised by a view is a 400 that says why.
    A body beyond the limits is a 413 before it is read (`body_too_big`). What a form posts is
    cleaned, not refused (`clean_posted_form`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def process_exception(self, request, exception):
        if isinstance(exception, BadParameter):
            return bad_request(request, str(exception))
        return None

    def __call__(self, request):
        if has_control_characters(request.path_info):
            return bad_request(request, "L'adresse contient un caractère de contrôle (par exemple %00) : "
                                        "corrigez-la et réessayez.")
        for name, values in request.GET.lists():
            if has_control_characters(name) or any(has_control_characters(value) for value in values):
                shown = CONTROL.sub("", name)
                return bad_request(request, f"Le paramètre « {shown} » contient un caractère de contrôle "
                                            "(par exemple %00) : corrigez-le et réessayez.")
        if body_too_big(request):
            return too_big(request)
        try:
            clean_posted_form(request)
        except RequestDataTooBig:  # more than said: the upload handler stopped reading (coopdec.uploads)
            return too_big(request)
        except TooManyFieldsSent:
            return bad_request(request, "La requête envoie trop de champs "
                                        f"({number_fr(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)} au plus).")
        except MultiPartParserError:
            return bad_request(request, "Le formulaire envoyé est illisible (envoi interrompu ou mal formé) : "
                                        "réessayez.")
        return self.get_response(request)


def safe_methods_only(view):
    """A public page is read, never written: GET and HEAD, and 405 (with `Allow`) for anything
    else, in French."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            response = bad_request(request, f"La méthode {request.method} n'est pas acceptée ici : "
                                            "cette page se lit seulement (GET).", status=405)
            response["Allow"] = ", ".join(SAFE_METHODS)
            return response
        return view(request, *args, **kwargs)

    # No form posts here: a POST without a token gets its 405, not a CSRF 403 that would say
    # something else went wrong.
    wrapped.csrf_exempt = True
    return wrapped


def read_only_patterns(urls):
    """The URL patterns of an app's public pages, every view wrapped by `safe_methods_only`."""
    from django.urls import URLResolver

    def wrap(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                wrap(pattern.url_patterns)
            else:
                pattern.callback = safe_methods_only(pattern.callback)

    module = __import__(urls, fromlist=["urlpatterns"])
    wrap(module.urlpatterns)
    return module


def not_found(request, exception=None):
    """handler404: « page introuvable » in French, `{"detail": …}` under /api/; the message our
    views give (« Aucune campagne 2031. ») is shown, the resolver's list of patterns is not."""
    message = exception.args[0] if exception is not None and exception.args else ""
    if not isinstance(message, str) or not message:
        message = "Aucune page à cette adresse."
    if is_json_path(request.path):
        return bad_request(request, message, status=404)
    return render(request, "bad_request.html", {"title": "Page introuvable", "message": message}, status=404)


# What Django's debug page for a page not found says, and no page of CoopDec does.
_DEBUG_404_MARK = b"<code>DEBUG = True</code>"


class FrenchNotFoundInDevelopment:
    """With DEBUG on (`make run`), a page not found is the one a visitor sees — « Page introuvable »
    in French, JSON under /api/ (`not_found`) — not Django's English debug page with the list of
    every URL pattern; SHOW_DEBUG_404=1 brings that page back for whoever debugs the routes. With
    DEBUG off, `handler404` answers already and this does nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def _active(self) -> bool:
        return settings.DEBUG and not getattr(settings, "SHOW_DEBUG_404", False)

    def process_exception(self, request, exception):
        """A view's Http404, with its message (« Aucune campagne 2031. »)."""
        if isinstance(exception, Http404) and self._active():
            return not_found(request, exception)
        return None

    def __call__(self, request):
        response = self.get_response(request)
        # An address no route matches never reaches a view: its debug page is replaced here.
        if (response.status_code == 404 and self._active() and not getattr(response, "streaming", False)
                and _DEBUG_404_MARK in response.content):
            return not_found(request)
        return response


SERVER_ERROR = ("Erreur inattendue : l'équipe de CoopDec en est avertie et le corrige. "
                "Réessayez dans quelques minutes.")
# What is shown if even the page of 500.html cannot be made (a template or a static file missing).
_BARE_SERVER_ERROR = ('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Erreur inattendue — '
                      'CoopDec</title></head><body><main><h1>Erreur inattendue</h1><p>' + SERVER_ERROR
                      + '</p><p><a href="/">Page d\'accueil</a></p></main></body></html>')


def server_error(request):
    """handler500: the French page in the site's design (templates/500.html), rendered without
    the request's context processors — the navigation, the session, the database may be what
    failed — and `{"detail": …}` under /api/. The error itself is logged with its traceback to
    stderr and mailed to ADMINS by Django's `django.request` logger (settings.LOGGING)."""
    if is_json_path(request.path):
        response = JsonResponse({"detail": SERVER_ERROR}, status=500, json_dumps_params={"ensure_ascii": False})
        response["Access-Control-Allow-Origin"] = "*"
        return response
    try:
        content = loader.get_template("500.html").render()
    except Exception:  # noqa: BLE001 — an error page must not fail in turn
        content = _BARE_SERVER_ERROR
    return HttpResponseServerError(content)
