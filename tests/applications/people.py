"""The dossiers' people and drafts, made through the services as the site makes them."""
from coopdec.applications.services import application_create_draft
from tests import factories
from tests.accounts.people import PASSWORD, member, ministry_officer, user  # noqa: F401


def draft(authority=None, call_obj=None, title="Eau potable à Huye", person=None):
    """A draft dossier and the confirmed member of its lead authority who created it."""
    authority = authority or factories.authority()
    person = person or member(authority)
    application = application_create_draft(
        user=person, call=call_obj or factories.call(), authority=authority, title=title
    )
    return application, person
