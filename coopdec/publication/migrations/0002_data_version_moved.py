"""The data version now lives on the ground floor (`coopdec.dataversion`, which copied the rows)."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [("publication", "0001_data_version"), ("dataversion", "0001_initial")]

    operations = [migrations.DeleteModel(name="DataVersion")]
