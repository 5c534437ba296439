from django.urls import path, re_path, register_converter

from coopdec.publication.exports import format_converter

from . import views, views_actions

app_name = "opendata"

YEAR = r"(?P<year>[0-9]{4})"


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(YearConverter, "campaign_year")
register_converter(format_converter(*views.BULK_FORMATS), "bulk_format")

urlpatterns = [
    path("", views.index, name="index"),
    path("laureats-<campaign_year:year><bulk_format:extension>", views.laureates_download, name="laureates"),
    path("laureats-tous<bulk_format:extension>", views.laureates_download, name="laureates-all"),
    re_path(rf"^iati-{YEAR}\.xml$", views.iati_download, name="iati"),
    path("iati.xml", views.iati_download, name="iati-all"),
    re_path(r"^actions\.(?P<extension>csv|json)$", views_actions.actions_download, name="actions"),
    path("iati-actions.xml", views_actions.iati_actions_download, name="iati-actions"),
    re_path(rf"^360giving-{YEAR}\.(?P<extension>csv|json)$", views.giving360_download, name="360giving"),
    re_path(r"^360giving-tous\.(?P<extension>csv|json)$", views.giving360_download, name="360giving-all"),
]
