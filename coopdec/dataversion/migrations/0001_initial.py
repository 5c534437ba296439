"""The data version moves to the ground floor from `publication` (its table was
`publication_dataversion`): created here, its rows copied, then dropped by publication 0002."""
from django.db import migrations, models


def copy_rows(apps, schema_editor):
    Old = apps.get_model("publication", "DataVersion")
    New = apps.get_model("dataversion", "DataVersion")
    New.objects.bulk_create(New(scope=row.scope, version=row.version, changed_at=row.changed_at)
                            for row in Old.objects.all())


class Migration(migrations.Migration):

    initial = True

    dependencies = [("publication", "0001_data_version")]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("scope", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("version", models.PositiveBigIntegerField(default=1)),
                ("changed_at", models.DateTimeField()),
            ],
            options={
                "verbose_name": "version des données publiées",
                "verbose_name_plural": "versions des données publiées",
            },
        ),
        migrations.RunPython(copy_rows, migrations.RunPython.noop),
    ]
