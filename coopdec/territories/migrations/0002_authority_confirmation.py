"""Confirmations remembered with their context; confirmed aliases of shared names become them.

Until now a person's confirmation was an alias that decided for every list ("Barjac" → the
Gard's, everywhere). A confirmed alias of a name that another authority also answers to becomes a
confirmation with the context of the rows a person reviewed under that name (their list's
publisher and région, the call's partner country, the first partner), or an empty context when
no such row is found — which then only shows as a hint. A confirmed alias of a name no other
authority has stays an alias, as `authority_confirm` would make it today.
"""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _index(apps):
    """The name index as the historical tables hold it, without the confirmed aliases."""
    from coopdec.territories.resolve import AuthorityIndex

    get = apps.get_model
    return AuthorityIndex(
        authorities=get("territories", "Authority").objects.values_list(
            "id", "kind", "code", "name", "departement_id", "region_id", "population").order_by("id"),
        aliases=get("territories", "AuthorityAlias").objects.exclude(source="confirmed").values_list(
            "text", "authority_id", "source").order_by("id"),
        departements=get("territories", "Departement").objects.values_list("code", "name", "region_id"),
        regions=get("territories", "Region").objects.values_list("code", "name"),
        countries=get("territories", "Country").objects.values_list("iso2", "name_fr", "name_en"),
    )


def _reviewed_rows(apps, alias):
    """The import rows a person confirmed under this alias's name."""
    from coopdec.territories.text import name_key

    rows = apps.get_model("ingest", "ImportRow").objects.filter(
        reviewed_at__isnull=False, application__lead_authority_id=alias.authority_id,
    ).select_related("batch", "application__call").order_by("batch__created_at", "row_number")
    return [row for row in rows if name_key(row.application.lead_name) == alias.text]


def confirmed_aliases_to_confirmations(apps, schema_editor):
    from coopdec.territories.resolve import ResolutionContext, confirmation_key, others_named

    Alias = apps.get_model("territories", "AuthorityAlias")
    Confirmation = apps.get_model("territories", "AuthorityConfirmation")
    Partnership = apps.get_model("applications", "Partnership")
    confirmed = list(Alias.objects.filter(source="confirmed").order_by("id"))
    index = _index(apps) if confirmed else None
    for alias in confirmed:
        name = alias.original or alias.text
        if not others_named(name, authority_id=alias.authority_id, index=index):
            continue
        seen = set()
        for row in _reviewed_rows(apps, alias) or [None]:
            application = row.application if row else None
            context = ResolutionContext() if row is None else ResolutionContext(
                publisher=row.batch.source_label or row.batch.file_name, region=row.batch.region_id,
                partner_country=application.call.partner_country_id,
                partner=Partnership.objects.filter(application=application).order_by("order")
                .values_list("name", flat=True).first() or "",
            )
            keys = context.keys
            if keys in seen:
                continue
            seen.add(keys)
            confirmation = Confirmation.objects.create(
                name=name, name_key=confirmation_key(name), authority_id=alias.authority_id,
                publisher=context.publisher, region_id=keys.region or None,
                partner_country_id=keys.country or None, partner=context.partner, partner_key=keys.partner,
                seen_in=(f"{row.batch.file_name}, ligne {row.row_number} — « {application.title} »" if row
                         else "alias confirmé avant que le contexte soit gardé"),
                confirmed_by_id=row.reviewed_by_id if row else alias.created_by_id,
            )
            Confirmation.objects.filter(pk=confirmation.pk).update(
                confirmed_at=row.reviewed_at if row else alias.created_at)
        alias.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('territories', '0001_initial'),
        ('applications', '0003_search_document'),
        ('ingest', '0002_import_source'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='authority',
            name='departement',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='authorities', to='territories.departement', verbose_name='département'),
        ),
        migrations.AlterField(
            model_name='authority',
            name='region',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='authorities', to='territories.region', verbose_name='région'),
        ),
        migrations.AlterField(
            model_name='authorityalias',
            name='authority',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='aliases', to='territories.authority', verbose_name='collectivité'),
        ),
        migrations.AlterField(
            model_name='authorityalias',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='ajouté le'),
        ),
        migrations.AlterField(
            model_name='authorityalias',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='ajouté par'),
        ),
        migrations.AlterField(
            model_name='authorityalias',
            name='source',
            field=models.CharField(choices=[('confirmed', 'confirmé par une personne'), ('former_name', 'ancien nom'), ('short_name', "nom d'usage"), ('import', 'import')], max_length=12, verbose_name='origine'),
        ),
        migrations.AlterField(
            model_name='country',
            name='iso2',
            field=models.CharField(max_length=2, primary_key=True, serialize=False, verbose_name='code ISO'),
        ),
        migrations.AlterField(
            model_name='departement',
            name='region',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='departements', to='territories.region', verbose_name='région'),
        ),
        migrations.AlterField(
            model_name='foreignauthority',
            name='country',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='partners', to='territories.country', verbose_name='pays'),
        ),
        migrations.AlterField(
            model_name='region',
            name='slug',
            field=models.SlugField(max_length=100, unique=True, verbose_name="identifiant d'adresse"),
        ),
        migrations.CreateModel(
            name='AuthorityConfirmation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=300, verbose_name='nom tel que publié')),
                ('name_key', models.CharField(db_index=True, help_text='Sans article, forme (« Mairie de ») ni précision entre parenthèses.', max_length=300, verbose_name='nom normalisé')),
                ('publisher', models.CharField(blank=True, help_text='Qui a publié la liste (ou le nom du fichier, à défaut).', max_length=300, verbose_name='publication')),
                ('partner', models.CharField(blank=True, max_length=300, verbose_name='partenaire nommé sur la ligne')),
                ('partner_key', models.CharField(blank=True, max_length=300, verbose_name='partenaire normalisé')),
                ('seen_in', models.CharField(blank=True, help_text='La ligne relue : fichier, numéro de ligne, intitulé du projet.', max_length=300, verbose_name='confirmé sur')),
                ('confirmed_at', models.DateTimeField(auto_now_add=True, verbose_name='confirmé le')),
                ('authority', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='confirmations', to='territories.authority', verbose_name='collectivité confirmée')),
                ('confirmed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='confirmé par')),
                ('partner_country', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='territories.country', verbose_name="pays partenaire de l'appel")),
                ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='territories.region', verbose_name='région de la liste')),
            ],
            options={
                'verbose_name': 'confirmation de collectivité',
                'verbose_name_plural': 'confirmations de collectivités',
                'ordering': ['-confirmed_at'],
            },
        ),
        migrations.RunPython(confirmed_aliases_to_confirmations, migrations.RunPython.noop),
    ]
