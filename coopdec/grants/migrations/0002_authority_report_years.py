"""Count the reports already planned, by lead authority and year of their due date, into
`applications.AuthorityReportYear`, which the eligibility check now reads (kept since by
`grants.services.report_years_refresh`)."""
from collections import defaultdict

from django.db import migrations

FILED = ("depose", "accepte")  # Report.FILED


def count_reports(apps, schema_editor):
    report, report_year = apps.get_model("grants", "Report"), apps.get_model("applications", "AuthorityReportYear")
    counts = defaultdict(lambda: [0, 0, 0])
    for authority_id, due_on, state in report.objects.filter(application__lead_authority__isnull=False).values_list(
            "application__lead_authority_id", "due_on", "state"):
        found = counts[(authority_id, due_on.year)]
        found[0] += 1
        found[1] += state in FILED
        found[2] += state == "accepte"
    report_year.objects.bulk_create([
        report_year(authority_id=authority_id, year=year, due=due, filed=filed, accepted=accepted)
        for (authority_id, year), (due, filed, accepted) in counts.items()])


def forget_counts(apps, schema_editor):
    apps.get_model("applications", "AuthorityReportYear").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0008_authority_report_years"),
        ("grants", "0001_tranches_reports"),
    ]

    operations = [migrations.RunPython(count_reports, forget_counts)]
