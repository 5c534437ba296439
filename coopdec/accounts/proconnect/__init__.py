"""ProConnect, the state's identity federation for public agents, through allauth's OpenID Connect
provider: what ProConnect asks beyond plain OpenID Connect (its scopes and claims, a nonce, a
signed userinfo) in a subclass of the provider, its adapter and its two views.

allauth finds the provider by `SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]` and
mounts this package's `urls.py` in place of its own (see settings).
"""
