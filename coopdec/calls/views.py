"""The public co-financing simulator: thin, the computation is calls.rules.evaluate."""
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from coopdec.territories.models import Country

from . import rules
from .forms import SimulationForm
from .selectors import call_ruleset, call_simulable_list, country_choices, rate_grid_of


def simulator(request):
    """/simulateur/: the form and, once it is filled, the maximum grant, the checks and the rules
    used. htmx asks for the result alone (HX-Request) as the visitor types; a plain submit gets
    the whole page with the same result."""
    calls = call_simulable_list()
    form = SimulationForm(request.GET if "appel" in request.GET else None, calls=calls,
                          countries=country_choices())
    context = {"title": "Simulateur de cofinancement", "form": form, "has_calls": calls.exists()}
    if form.is_bound and form.is_valid():
        call = form.cleaned_data["appel"]
        ruleset = call_ruleset(call)
        evaluation = rules.evaluate(ruleset, form.budget())
        context.update(call=call, evaluation=evaluation, grid=rate_grid_of(call), countries=[
            (ruleset.name_of(iso2), Country.OdaClass(evaluation.rules_used.classes[iso2]).label, rate)
            for iso2, rate in evaluation.rules_used.rates.items() if evaluation.rules_used.classes[iso2]
        ])
    partial = request.headers.get("HX-Request") == "true"
    response = render(request, "calls/_simulation.html" if partial else "calls/simulator.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response
