from django.db import models


class DataVersion(models.Model):
    """A counter that moves each time published data changes, read by every public page to name
    its cached copies and its ETag: one row for everything (`scope` "all") and one per campaign
    (`campaign:<id>`). In the database, not in the cache, so that every process — gunicorn
    workers with their own local-memory cache, `manage.py import_laureates` — sees one value.
    """

    ALL = "all"

    scope = models.CharField(max_length=40, primary_key=True)
    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "version des données publiées"
        verbose_name_plural = "versions des données publiées"

    def __str__(self):
        return f"{self.scope} v{self.version}"
