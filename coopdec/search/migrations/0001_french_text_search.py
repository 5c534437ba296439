"""PostgreSQL: French text search that ignores accents, and its index. SQLite: nothing to do."""
from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS coopdec_fr",
    "CREATE TEXT SEARCH CONFIGURATION coopdec_fr (COPY = french)",
    "ALTER TEXT SEARCH CONFIGURATION coopdec_fr ALTER MAPPING FOR hword, hword_part, word"
    " WITH unaccent, french_stem",
    "CREATE INDEX application_search_idx ON applications_application"
    " USING gin (to_tsvector('coopdec_fr'::regconfig, search_document))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS application_search_idx",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS coopdec_fr",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [("applications", "0003_search_document")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
