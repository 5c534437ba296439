import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopdec.settings")
application = get_wsgi_application()

from coopdec import warmup  # noqa: E402 — needs the settings and the apps loaded above

warmup.warm()  # the views imported and the templates compiled before the first request, not during it
