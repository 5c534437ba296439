"""Validators of the official schemas copied in standards/, offline."""
import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from lxml import etree
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

STANDARDS = Path(__file__).resolve().parents[2] / "standards"


@cache
def iati_schema() -> etree.XMLSchema:
    """The IATI 2.03 activities schema (its includes and imports resolve beside it)."""
    return etree.XMLSchema(etree.parse(str(STANDARDS / "iati-2.03" / "iati-activities-schema.xsd")))


def iati_errors(content: bytes) -> list[str]:
    schema = iati_schema()
    schema.validate(etree.fromstring(content))
    return [f"{error.line}: {error.message}" for error in schema.error_log]


@cache
def giving360_validator() -> Draft202012Validator:
    """The 360Giving package schema, its grant schema resolved locally (the package points at the
    1.4.2 address, the grant schema calls itself 1.4.3: both name the local file). The schemas say
    `http://json-schema.org/draft/2020-12/schema`, which the library does not recognise: the draft
    is given explicitly, with format checking (date fields are `oneOf` date pattern or date-time).
    """
    folder = STANDARDS / "360giving"
    package = json.loads((folder / "360-giving-package-schema.json").read_text())
    grant = json.loads((folder / "360-giving-schema.json").read_text())
    resource = Resource.from_contents(grant, default_specification=DRAFT202012)
    registry = Registry().with_resources([
        (package["properties"]["grants"]["items"]["$ref"], resource),
        (grant["$id"], resource),
    ])
    return Draft202012Validator(package, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def giving360_errors(document: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in giving360_validator().iter_errors(document)]
