"""The search's narrow rows (`PublishedSearch`); on PostgreSQL their words' vector and its GIN
index, beside the model's columns (Django knows no tsvector column it could create on SQLite too).
Filled by the next rebuild of each campaign: the rows' format moves with this change
(`readmodel.ROW_FORMAT`), so every campaign is behind until `read_model_rebuild` runs."""

import django.db.models.deletion
from django.db import migrations, models

FORWARD = [
    "ALTER TABLE publication_publishedsearch ADD COLUMN search_vector tsvector NOT NULL",
    "CREATE INDEX published_search_vector_idx ON publication_publishedsearch USING gin (search_vector)",
]


def _vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('calls', '0008_campaign_signatory'),
        ('publication', '0003_read_model'),
    ]

    operations = [
        migrations.CreateModel(
            name='PublishedSearch',
            fields=[
                ('laureate', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='publication.publishedlaureate')),
                ('year', models.PositiveSmallIntegerField()),
                ('place', models.PositiveIntegerField()),
                ('call_id', models.IntegerField()),
                ('region_code', models.CharField(max_length=3, null=True)),
                ('countries', models.CharField(blank=True, max_length=800)),
                ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='calls.campaign')),
            ],
        ),
        migrations.RunPython(_vector, migrations.RunPython.noop),
    ]
