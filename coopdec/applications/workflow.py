"""The dossier's life declared as data: its states and the transitions between them.

Views, permissions, notifications and the audit trail all read these two tables, so a new state
or a new rule is one edit here (see the services' `transition`, which is the only way a state
changes). Codes are spelt as `Application.Decision` spells its own.
"""
from dataclasses import dataclass
from enum import Enum


class Actor(str, Enum):
    """Who may make a transition: a member of the dossier's lead authority, or the ministry."""

    MEMBER = "member"
    MINISTRY = "ministry"


@dataclass(frozen=True)
class State:
    code: str
    label: str
    received: bool  # counts as a candidature received by the ministry
    retained: bool = False
    # The `Application.decision` this state records, if any. A committee's outcome (retenu, non
    # retenu, sans suite) records none: `Application.decision` is what the public sees, written
    # when the committee's session is published (`instruction.services.session_publish`).
    decision: str | None = None


@dataclass(frozen=True)
class Move:
    """One allowed transition.

    `conditions` name what must hold at that instant (the services test them); `follows` names
    what the transition sends (the services act on them).
    """

    source: str
    target: str
    who: Actor
    label: str
    conditions: tuple[str, ...] = ()
    follows: tuple[str, ...] = ()


BROUILLON = "brouillon"
DEPOSE = "depose"
A_COMPLETER = "a_completer"
EN_INSTRUCTION = "en_instruction"
RETENU = "retenu"
NON_RETENU = "non_retenu"
SANS_SUITE = "sans_suite"
RETIRE = "retire"

# Conditions a move may require.
CALL_OPEN = "call_open"  # the call's closing instant (Paris time) has not passed
CHECKS_PASSED = "checks_passed"  # the blocking checks of the call's rules pass
REASON_GIVEN = "reason_given"  # a message for the other side is given
COMMITTEE_DECIDED = "committee_decided"  # a committee's decision says so (instruction.services)

# What a move sends.
ACKNOWLEDGEMENT = "acknowledgement"  # PDF acknowledgement by e-mail to the applicant
CORRECTIONS_REQUESTED = "corrections_requested"  # e-mail to the applicant
CORRECTIONS_ANSWERED = "corrections_answered"  # e-mail to the ministry

STATES = {
    state.code: state
    for state in (
        State(BROUILLON, "Brouillon", received=False),
        State(DEPOSE, "Déposé", received=True, decision="en_attente"),
        State(A_COMPLETER, "À compléter", received=True, decision="en_attente"),
        State(EN_INSTRUCTION, "En instruction", received=True, decision="en_attente"),
        State(RETENU, "Retenu", received=True, retained=True),
        State(NON_RETENU, "Non retenu", received=True),
        State(SANS_SUITE, "Classé sans suite", received=True),
        State(RETIRE, "Retiré", received=False),
    )
}

MOVES = (
    Move(BROUILLON, DEPOSE, Actor.MEMBER, "Déposer le dossier",
         conditions=(CALL_OPEN, CHECKS_PASSED), follows=(ACKNOWLEDGEMENT,)),
    Move(BROUILLON, RETIRE, Actor.MEMBER, "Retirer le dossier"),
    Move(DEPOSE, RETIRE, Actor.MEMBER, "Retirer le dossier"),
    Move(DEPOSE, A_COMPLETER, Actor.MINISTRY, "Demander des compléments",
         conditions=(REASON_GIVEN,), follows=(CORRECTIONS_REQUESTED,)),
    # The answer brings the dossier back « déposé »: it must pass the same blocking checks.
    Move(A_COMPLETER, DEPOSE, Actor.MEMBER, "Répondre aux demandes de compléments",
         conditions=(CHECKS_PASSED,), follows=(CORRECTIONS_ANSWERED,)),
    Move(DEPOSE, EN_INSTRUCTION, Actor.MINISTRY, "Mettre en instruction"),
    # An instructor finds a gap: the dossier goes back to the applicant; the answer brings it back
    # « déposé », and the ministry puts it in instruction again.
    Move(EN_INSTRUCTION, A_COMPLETER, Actor.MINISTRY, "Demander des compléments",
         conditions=(REASON_GIVEN,), follows=(CORRECTIONS_REQUESTED,)),
    Move(EN_INSTRUCTION, RETENU, Actor.MINISTRY, "Retenir", conditions=(REASON_GIVEN, COMMITTEE_DECIDED)),
    Move(EN_INSTRUCTION, NON_RETENU, Actor.MINISTRY, "Ne pas retenir",
         conditions=(REASON_GIVEN, COMMITTEE_DECIDED)),
    Move(EN_INSTRUCTION, SANS_SUITE, Actor.MINISTRY, "Classer sans suite",
         conditions=(REASON_GIVEN, COMMITTEE_DECIDED)),
    # A committee changing its mind while its session is open (or reopened, with a reason).
    *(Move(source, target, Actor.MINISTRY, "Réviser la décision", conditions=(REASON_GIVEN, COMMITTEE_DECIDED))
      for source in (RETENU, NON_RETENU, SANS_SUITE) for target in (RETENU, NON_RETENU, SANS_SUITE)
      if source != target),
)

CHOICES = [(state.code, state.label) for state in STATES.values()]
RECEIVED = frozenset(code for code, state in STATES.items() if state.received)
# States in which the applicant may still change the dossier's content.
EDITABLE = frozenset({BROUILLON, A_COMPLETER})
# The states a committee's decision moves a dossier to.
DECIDED = frozenset({RETENU, NON_RETENU, SANS_SUITE})


def move(source: str, target: str) -> Move | None:
    """The move from `source` to `target`, or None when the workflow has no such move."""
    return next((m for m in MOVES if m.source == source and m.target == target), None)


def label(code: str) -> str:
    return STATES[code].label


SUBMISSION = move(BROUILLON, DEPOSE)  # the move with its own page, checks and answer
