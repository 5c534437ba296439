"""The TOTP secrets and recovery-code seeds stored in clear before they were encrypted
(coopdec.accounts.mfa), encrypted under MFA_ENCRYPTION_KEY; backwards, decrypted."""
from django.db import migrations


def _rewrite(apps, change):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=("totp", "recovery_codes")).only("data"):
        data = change(authenticator.data)
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt(apps, schema_editor):
    from coopdec.accounts.mfa import encrypt_data

    _rewrite(apps, encrypt_data)


def decrypt(apps, schema_editor):
    from coopdec.accounts.mfa import decrypt_data

    _rewrite(apps, decrypt_data)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
