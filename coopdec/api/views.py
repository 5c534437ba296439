"""The HTTP around the API: cross-origin access, the reconciliation endpoint, and the files of
the documentation page, served from django-ninja's package so that the page works offline.
"""
import json
import re
from functools import wraps
from pathlib import Path

import ninja
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from ninja.openapi.docs import Swagger

from coopdec.hardening import safe_methods_only

from . import reconcile as service

_JSONP_CALLBACK = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*")
_NINJA_STATIC = Path(ninja.__file__).parent / "static" / "ninja"
DOCS_ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.svg": "image/svg+xml",
    "favicon.png": "image/png",
}


def cross_origin(*methods: str):
    """Any origin may call these methods (no credentials): the answer, errors included, carries
    `Access-Control-Allow-Origin: *`, and a CORS preflight is answered here."""
    allowed = ", ".join((*methods, "OPTIONS"))

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
                response = HttpResponse(status=204)
                response["Access-Control-Allow-Methods"] = allowed
                response["Access-Control-Allow-Headers"] = request.headers.get(
                    "Access-Control-Request-Headers", ""
                )
                response["Access-Control-Max-Age"] = "86400"
            elif request.method == "HEAD" and "GET" in methods:
                # django-ninja serves no HEAD: answer it as the GET (the server sends no body).
                request.method = "GET"
                try:
                    response = view(request, *args, **kwargs)
                finally:
                    request.method = "HEAD"
            else:
                response = view(request, *args, **kwargs)
            response["Access-Control-Allow-Origin"] = "*"
            return response

        return wrapped

    return decorator


read_only = cross_origin("GET")


# ---------------------------------------------------------------- reconciliation


@csrf_exempt
@cross_origin("GET", "POST")
def reconcile(request):
    """The manifest without parameters; `queries` (a batch, by GET or form-encoded POST) or
    `query` (the single query of version 0.1) otherwise."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    params = request.POST if request.method == "POST" else request.GET
    try:
        if "queries" in params:
            payload = service.reconcile_batch(service.parse_batch(params["queries"]))
        elif "query" in params:
            payload = service.reconcile_batch({"query": service.parse_single(params["query"])})["query"]
        elif request.method == "POST":
            raise service.BatchError("Il manque le paramètre « queries ».")
        else:
            payload = service.manifest(_service_urls(request))
    except service.BatchError as error:
        return _json(request, {"detail": str(error)}, status=error.status)
    return _json(request, payload)


@read_only
@safe_methods_only
def reconcile_view(request, entity_id):
    """The view template of the manifest: an identifier `kind:code` opens its authority's page."""
    try:
        return redirect(service.view_path(entity_id))
    except ValueError as error:
        raise Http404(str(error)) from None


@read_only
@safe_methods_only
def suggest_entity(request):
    try:
        cursor = service.parse_cursor(request.GET.get("cursor", ""))
    except service.BatchError as error:
        return _json(request, {"detail": str(error)}, status=error.status)
    return _json(request, service.suggest_entities(request.GET.get("prefix", ""), cursor))


@read_only
@safe_methods_only
def suggest_property(request):
    return _json(request, service.suggest_properties(request.GET.get("prefix", "")))


def _service_urls(request) -> service.ServiceUrls:
    endpoint = request.build_absolute_uri(reverse("api-reconcile"))
    openapi = request.build_absolute_uri(reverse("api-v1:openapi-json"))
    return service.ServiceUrls(
        endpoint=endpoint,
        identifier_space=f"{endpoint}/view/",
        schema_space=f"{openapi}#/components/schemas/AuthorityOut",
        documentation=request.build_absolute_uri(reverse("api-v1:openapi-view")),
    )


def _json(request, payload: dict, status: int = 200) -> HttpResponse:
    """JSON, or JSONP when a GET names a valid `callback` (optional in version 0.2)."""
    callback = request.GET.get("callback", "") if request.method == "GET" else ""
    if callback and _JSONP_CALLBACK.fullmatch(callback):
        body = f"/**/{callback}({json.dumps(payload, ensure_ascii=False)});"
        return HttpResponse(body, status=status, content_type="text/javascript; charset=utf-8")
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


# ---------------------------------------------------------------- documentation page


class OfflineSwagger(Swagger):
    """Swagger UI from the files django-ninja ships, never from a CDN."""

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        return render(request, "api/docs.html", {
            "api": api, "swagger_settings": json.dumps(self.settings, indent=1),
        })


@read_only
@safe_methods_only
def docs_asset(request, name):
    if name not in DOCS_ASSETS:
        raise Http404(name)
    response = FileResponse((_NINJA_STATIC / name).open("rb"), content_type=DOCS_ASSETS[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response
