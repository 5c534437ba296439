"""The observatory's pages: statistics, maps, the regional networks' pages and their widget.

Thin: read through the selectors, shape charts and maps, render. The widget is the only page
that another site may frame.
"""
from csp.decorators import csp_replace
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_exempt

from coopdec.french.text import NBSP
from coopdec.publication import selectors as publication
from coopdec.publication.cache import cached
from coopdec.publication.exports import laureate_row
from coopdec.publication.views import laureates_context

from . import apd_selectors, charts, maps, selectors
from .forms import MEASURES, CampaignForm, MapForm
from .wording import NewsFacts, news_text, rate_disagreement

CHARTED_AXES = {"nature": "Lauréats par nature d'appel", "region": "Lauréats par région"}


def statistics(request):
    campaigns = selectors.campaign_list()
    form = CampaignForm(request.GET, campaigns=campaigns, default=publication.campaign_with_results())
    campaign = form.selected_campaign()
    context = {"title": "Statistiques", "form": form, "campaign": campaign,
               "nav_campaign": campaigns[0] if campaigns else None, "apd": apd_selectors.national()}
    if campaign:
        years = selectors.campaign_years()
        tables = selectors.statistics_tables(selectors.Scope(campaign))
        context |= {
            "figures": publication.campaign_figures(campaign),
            "years": years,
            "disagreements": [
                {"year": year.campaign.year, "sentence": rate_disagreement(a, b),
                 "sources": tuple(dict.fromkeys((*a.sources, *b.sources)))}
                for year in years for a, b in year.disagreements
            ],
            "years_chart": _years_chart(years),
            "sections": [(table, _axis_chart(table, campaign)) for table in tables],
        }
    return render(request, "observatory/statistics.html", context)


def _axis_chart(table: selectors.AxisTable, campaign) -> charts.BarChart | None:
    if table.axis not in CHARTED_AXES or not table.rows:
        return None
    rows = sorted(table.rows, key=lambda row: -row.tally.laureates)  # the most first; stable for ties
    return charts.horizontal_bar_chart(
        id=f"graphique-{table.axis}", title=f"{CHARTED_AXES[table.axis]}, campagne {campaign.year}",
        categories=[row.label for row in rows],
        series=[("Lauréats enregistrés", [row.tally.laureates for row in rows])],
    )


def _years_chart(years: list[selectors.CampaignYear]) -> charts.BarChart | None:
    """The campaigns that have a figure to draw (the table lists them all)."""
    def published(year, name):
        figure = getattr(year.published, name)
        return figure.value if figure else None

    years = [y for y in years if y.published.received or y.published.retained or y.tally.laureates]
    if not years:
        return None

    return charts.horizontal_bar_chart(
        id="graphique-annees", title="Dossiers et lauréats par campagne",
        categories=[str(year.campaign.year) for year in years],
        series=[
            ("Dossiers reçus (publié)", [published(year, "received") for year in years]),
            ("Lauréats (publié)", [published(year, "retained") for year in years]),
            ("Lauréats enregistrés (calculé)", [year.tally.laureates for year in years]),
        ],
    )


def map_page(request):
    campaigns = selectors.campaign_list()
    form = MapForm(request.GET, campaigns=campaigns, regions=selectors.region_list(),
                   default=publication.campaign_with_results())
    campaign, region, measure = form.selected_campaign(), form.selected_region(), form.selected_measure()
    context = {"title": "Cartes", "form": form, "campaign": campaign, "region": region,
               "nav_campaign": campaigns[0] if campaigns else None}
    if campaign:
        regions = selectors.region_figures(campaign)
        countries = selectors.laureates_by_country(campaign, region)
        whose = f"de la région {region.name}" if region else "de France"
        context |= {
            "measure": measure,
            "regions": regions,
            "countries": countries,
            "links": selectors.partner_countries_by_region(campaign),
            "france": maps.france_map(
                {r.region.code: r.partnerships if measure == "partenariats" else r.laureates for r in regions},
                id="carte-france", unit=MEASURES[measure],
                title=f"{'Partenariats des lauréats' if measure == 'partenariats' else 'Projets lauréats'} "
                      f"{campaign.year} par région",
            ),
            "world": maps.world_map(
                {c.country.iso2: c.laureates for c in countries}, names=selectors.country_names(),
                id="carte-monde", unit="lauréat", origins=(region.code,) if region else (),
                title=f"Pays partenaires des lauréats {campaign.year} {whose}",
            ),
        }
    return render(request, "observatory/map.html", context)


def networks(request):
    campaign = publication.campaign_with_results()
    return render(request, "observatory/networks.html", {
        "title": "Les réseaux régionaux multi-acteurs",
        "campaign": campaign,
        "networks": selectors.network_list(campaign),
        "nav_campaign": publication.campaign_latest(),
    })


def network_detail(request, slug, year):
    network, scope = _network_scope(slug, year)
    region_url = reverse("publication:region", kwargs={"year": year, "region_slug": scope.region.slug})
    laureates = laureates_context(request, scope, page_path=region_url)
    widget = _widget_context(request, network, scope)
    return render(request, "observatory/network.html", {
        **laureates,
        "title": f"{network.network.name}{NBSP}: lauréats {year} en {scope.region.name}",
        "network": network,
        "scope": scope,
        "news": _news(request, network, scope, widget["rows"], widget["count"], region_url),
        "iframe_code": render_to_string("observatory/embed_iframe.html", widget),
        "snippet_code": render_to_string("observatory/_widget_table.html", widget),
        "widget_url": widget["widget_url"],
        "other_years": [c.year for c in selectors.campaign_list() if c.year != year],
        "apd": apd_selectors.regional(scope.region.code),
        "breadcrumb_data": {
            "links": [{"url": reverse("observatory:networks"), "title": "Réseaux régionaux"}],
            "current": f"{network.network.name}, {year}",
        },
        "nav_campaign": publication.campaign_latest(),
    })


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def network_widget(request, slug, year):
    """The région's laureates for a network's own site: the one page any site may frame (the
    rest of the content-security policy holds)."""
    network, scope = _network_scope(slug, year)
    return render(request, "observatory/widget.html", _widget_context(request, network, scope))


def _network_scope(slug, year) -> tuple[selectors.NetworkRegion, publication.LaureateFilters]:
    """The network and its région's laureates of a campaign; an unknown network or year is a 404."""
    try:
        network = selectors.network_get(slug=slug)
        campaign = publication.campaign_get(year=year)
    except ObjectDoesNotExist as error:
        raise Http404("Rien n'est enregistré dans CoopDec à cette adresse (campagne, région, appel, réseau "
                      "ou collectivité inconnus).") from error
    return network, publication.LaureateFilters(campaign=campaign, region=network.region)


def _widget_context(request, network, scope) -> dict:
    """What the widget and its copyable HTML show: every laureate of the région, absolute links."""
    year, region = scope.campaign.year, scope.region
    count = publication.laureate_count(scope)
    return {
        "network": network,
        "scope": scope,
        # Every laureate of the région: read and shaped once per change of the campaign.
        "rows": cached("network_widget_rows", lambda: [
            laureate_row(application) for application in publication.laureate_list(scope)
        ], campaign_id=scope.campaign_id, key=scope.key),
        "count": count,
        "region_url": request.build_absolute_uri(
            reverse("publication:region", kwargs={"year": year, "region_slug": region.slug})),
        "widget_url": request.build_absolute_uri(
            reverse("observatory:network-widget", kwargs={"slug": network.network.slug, "year": year})),
        "generated_on": timezone.localdate(),
    }


def _news(request, network, scope, rows, count, region_url) -> str:
    figures = publication.campaign_figures(scope.campaign)
    return news_text(NewsFacts(
        network=network.network.name, network_website=network.network.website,
        region=scope.region.name, year=scope.campaign.year,
        published=figures.published,
        previous_year=figures.previous_campaign.year if figures.previous_campaign else None,
        previous=figures.previous, calls_for_projects=count.calls_for_projects, ami=count.ami, rows=rows,
        region_url=request.build_absolute_uri(region_url),
        campaign_url=request.build_absolute_uri(
            reverse("publication:campaign", kwargs={"year": scope.campaign.year})),
        written_on=timezone.localdate(),
    ))
