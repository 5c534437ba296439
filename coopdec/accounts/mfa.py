"""The second factor's secrets, encrypted in the database (allauth's `Authenticator.data`).

A TOTP secret (and the seed the recovery codes are drawn from) lets whoever reads it make valid
codes: a copy of the database, a backup, an export must not hand them over. They are stored as
`fernet:<token>` (Fernet: AES-128 and HMAC-SHA256, from `cryptography`), under a key derived from
`MFA_ENCRYPTION_KEY` — its own, so that a change of SECRET_KEY does not lock the staff out.
"""
import base64
import hashlib

from cryptography.fernet import Fernet
from django.conf import settings

PREFIX = "fernet:"


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"coopdec.mfa:" + settings.MFA_ENCRYPTION_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def is_encrypted(value: str) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def encrypt(text: str) -> str:
    return PREFIX + _fernet().encrypt(text.encode()).decode("ascii")


def decrypt(value: str) -> str:
    """The secret; a value stored before encryption (without the prefix) is read as it is, until
    the migration `accounts.0002` has encrypted it."""
    if not is_encrypted(value):
        return value
    return _fernet().decrypt(value[len(PREFIX):].encode("ascii")).decode()


def encrypt_data(data: dict) -> dict:
    """An authenticator's data with its secrets encrypted (a TOTP's `secret`, recovery codes'
    `seed` and `migrated_codes`); already encrypted values are kept."""
    data = dict(data)
    for name in ("secret", "seed"):
        if name in data and not is_encrypted(data[name]):
            data[name] = encrypt(data[name])
    if isinstance(data.get("migrated_codes"), list):
        data["migrated_codes"] = [code if is_encrypted(code) else encrypt(code) for code in data["migrated_codes"]]
    return data


def decrypt_data(data: dict) -> dict:
    data = dict(data)
    for name in ("secret", "seed"):
        if name in data:
            data[name] = decrypt(data[name])
    if isinstance(data.get("migrated_codes"), list):
        data["migrated_codes"] = [decrypt(code) for code in data["migrated_codes"]]
    return data
