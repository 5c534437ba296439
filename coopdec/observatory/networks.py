"""The twelve regional multi-actor networks (RRMA): reference data, read from data/reference/networks.csv."""
from dataclasses import dataclass
from functools import cache

from django.conf import settings

from coopdec.territories import reference

NETWORKS_FILE = "networks.csv"


@dataclass(frozen=True)
class Network:
    slug: str
    name: str
    region_code: str
    website: str = ""
    source: str = ""  # where the network was found, when it has no website of its own

    @property
    def website_label(self) -> str:
        """ "www.resacoop.org": the address without its scheme and final slash."""
        return self.website.split("://", 1)[-1].rstrip("/")


@cache
def networks() -> tuple[Network, ...]:
    """In the file's order; read once per process (the file changes with a commit, not at run time)."""
    return tuple(
        Network(slug=row["slug"], name=row["name"], region_code=row["region"], website=row["website"],
                source=row["source"])
        for row in reference.read_csv(settings.REFERENCE_DIR / NETWORKS_FILE)
    )
