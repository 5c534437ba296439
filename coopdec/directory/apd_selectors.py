"""The APD block of an authority's public page: for every year CoopDec knows of declarations of
development aid, whether this authority declared, where (submitted in CoopDec, or declared
elsewhere as the ministry's import records), and its totals by recipient for a submitted one —
nothing below those totals. Computed once per version of the published data (a submission, a
reopening and an import of the yearly statuses move it)."""
from coopdec.apd import selectors as apd
from coopdec.publication.cache import cached


def authority_apd(authority) -> list[dict]:
    return cached("directory.apd.authority", lambda: apd.authority_years(authority), key=(authority.pk,))
