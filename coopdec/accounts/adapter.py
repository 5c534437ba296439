"""allauth's hooks for CoopDec: a user's username is their e-mail address; ProConnect's state;
the second factor's secrets encrypted (coopdec.accounts.mfa)."""
import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import user_email, user_username
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.auth import get_user_model

from coopdec.accounts import mfa


def username_for(email: str) -> str | None:
    """The e-mail address itself, so the admin and the logs name people by it; None when it
    cannot serve (too long, or taken by an older account)."""
    User = get_user_model()
    limit = User._meta.get_field(User.USERNAME_FIELD).max_length
    if len(email) > limit or User.objects.filter(**{User.USERNAME_FIELD: email}).exists():
        return None
    return email


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request, user):
        email = (user_email(user) or "").lower()
        if not user_username(user) and username_for(email):
            user_username(user, email)
        super().populate_username(request, user)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def generate_state_param(self, state):
        """ProConnect asks for a `state` of 32 characters at least; allauth makes 16."""
        return secrets.token_urlsafe(32)


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted under MFA_ENCRYPTION_KEY."""

    def encrypt(self, text: str) -> str:
        return mfa.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return mfa.decrypt(encrypted_text)
