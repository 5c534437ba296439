"""PostgreSQL: the search vector stored beside the text it is made of, and its GIN index.

The first index was on the expression `to_tsvector('coopdec_fr', search_document)`, and Django's
`SearchVector` asks for `to_tsvector(COALESCE(search_document, ''))`: never the same expression,
so every search read and stemmed the 100,000 documents. A generated column is computed once per
write, by PostgreSQL itself (no code path can forget it), and the search compares with it
directly (`search.selectors.StoredSearchVector`). SQLite: nothing to do (its fallback reads the
text).
"""
from django.db import migrations

FORWARD = [
    "ALTER TABLE applications_application ADD COLUMN search_vector tsvector"
    " GENERATED ALWAYS AS (to_tsvector('coopdec_fr'::regconfig, search_document)) STORED",
    "CREATE INDEX application_search_vector_idx ON applications_application USING gin (search_vector)",
    "DROP INDEX IF EXISTS application_search_idx",
    # Statistics of the new column at once, not at autovacuum's next pass: without them the
    # planner takes a common word for a rare one and joins row by row.
    "ANALYZE applications_application",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS application_search_idx ON applications_application"
    " USING gin (to_tsvector('coopdec_fr'::regconfig, search_document))",
    "DROP INDEX IF EXISTS application_search_vector_idx",
    "ALTER TABLE applications_application DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_french_text_search")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
