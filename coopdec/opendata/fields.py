"""One described field of a download: the data dictionary is made of these, next to the writers."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str  # CSV header, JSON key or XML path
    type: str
    meaning: str
    example: str
    source: str
    also: str = ""  # the same field's other name: XLSX header, JSON path
