"""The server process compiles every template of CoopDec before its first request (coopdec/warmup.py)."""
import logging

from django.template import engines

from coopdec import warmup
from tests.test_production import PRODUCTION, _python


def test_every_template_compiles_on_its_own_and_is_kept(settings):
    settings.DEBUG = False
    names = warmup.template_names()
    assert "base.html" in names and "publication/region.html" in names and len(names) > 100
    assert warmup.warm() == len(names)  # none left for a request to compile, none failing
    loader = engines["django"].engine.template_loaders[0]
    assert type(loader).__name__ == "Loader" and loader.__module__ == "django.template.loaders.cached"
    assert set(names) <= {key.split("-")[0] if "-" in key else key for key in loader.get_template_cache}


def test_a_template_that_does_not_compile_is_logged_and_left_to_its_page(settings, tmp_path, monkeypatch, caplog):
    settings.DEBUG = False
    monkeypatch.setattr(warmup, "template_names", lambda: ["base.html", "absent/nulle-part.html"])
    with caplog.at_level(logging.ERROR, logger="coopdec.warmup"):
        assert warmup.warm() == 1
    assert "absent/nulle-part.html" in caplog.text


def test_the_wsgi_application_warms_its_process():
    """What gunicorn imports, in production settings: the templates are compiled before any request."""
    done = _python("import coopdec.wsgi; from django.template import engines; "
                   "print(len(engines['django'].engine.template_loaders[0].get_template_cache))", **PRODUCTION)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) >= len(warmup.template_names())
