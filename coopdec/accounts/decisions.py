"""The answer of every permission function: allowed or not, and why, in French.

Every app's `permissions.py` returns a `Decision`, so a view can both test it (`if decision:`)
and show its reason, and a test can assert the reason a user would read.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self):
        return self.allowed


def allow(reason: str = "") -> Decision:
    return Decision(True, reason)


def deny(reason: str) -> Decision:
    return Decision(False, reason)
