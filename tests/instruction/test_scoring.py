"""Scoring with the call's grid: only the instructors a dossier was given to, values on each
criterion's scale or nothing written; the dossier's weighted average and spread; the call's
ranking with ties, missing scores and weights; opinions for the ministry."""
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from coopdec.accounts.models import Membership
from coopdec.applications import workflow
from coopdec.instruction.models import Opinion, Score
from coopdec.instruction.selectors import call_ranking, dossier_scoring
from coopdec.instruction.services import (
    InstructionRefused, assignment_create, opinion_record, score_record,
)
from tests import factories
from tests.instruction.people import criteria_ids, draft, grid_call, instructor, ministry_officer, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return grid_call()


def _assigned(call, application, **extra):
    person = instructor(call=call, **extra)
    assignment_create(application=application, instructor=person, by=ministry_officer())
    return person


def _score(application, person, *values):
    call = application.call
    return score_record(application=application, user=person, values=dict(zip(criteria_ids(call), values)))


def test_an_assigned_instructor_scores_and_the_dossier_shows_the_weighted_average_and_spread(call):
    application, _ = submitted(call)
    anne, bruno = _assigned(call, application, email="anne@exemple.fr"), _assigned(call, application, email="bruno@exemple.fr")
    assert _score(application, anne, 5, 5, 10) == dict(zip(criteria_ids(call), (5, 5, 10)))
    _score(application, bruno, 4, 5, 5)
    scoring = dossier_scoring(application)
    assert [(s.instructor.email, s.mark, s.cells) for s in scoring.sheets] == [
        ("anne@exemple.fr", D("20.00"), (5, 5, 10)), ("bruno@exemple.fr", D("16.33"), (4, 5, 5))]
    assert (scoring.score.average, scoring.score.spread) == (D("18.17"), D("3.67"))
    _score(application, bruno, 4, 5, 10)  # a sheet is corrected in place
    assert Score.objects.filter(application=application, instructor=bruno).count() == 3
    assert dossier_scoring(application).score.marks == (D("20.00"), D("18.00"))


def test_a_partial_sheet_is_kept_but_not_counted_and_a_blank_clears_a_value(call):
    application, _ = submitted(call)
    person = _assigned(call, application)
    first, second, third = criteria_ids(call)
    score_record(application=application, user=person, values={first: 3, second: 4})
    score = dossier_scoring(application).score
    assert (score.average, score.complete, score.incomplete) == (None, 0, 1)
    score_record(application=application, user=person, values={second: None, third: 7})
    assert dict(Score.objects.filter(application=application).values_list("criterion", "value")) == {first: 3, third: 7}


def test_a_value_off_its_scale_writes_nothing_and_says_which_criterion(call):
    application, _ = submitted(call)
    person = _assigned(call, application)
    with pytest.raises(ValidationError) as refused:
        _score(application, person, 5, 6, 11)
    first, second, third = criteria_ids(call)
    assert refused.value.message_dict == {
        f"critere_{second}": ["« Partenariat » se note de 0 à 5 : « 6 » n'est pas une note possible."],
        f"critere_{third}": ["« Effets » se note de 0 à 10 : « 11 » n'est pas une note possible."]}
    assert not Score.objects.exists()
    other = grid_call()
    with pytest.raises(InstructionRefused, match="n'est pas dans la grille de l'appel"):
        score_record(application=application, user=person, values={criteria_ids(other)[0]: 1})


def test_only_an_assigned_instructor_without_conflict_scores_and_only_until_the_decision(call):
    castres = factories.authority(name="Castres")
    application, applicant = submitted(call, authority=castres)
    stranger = instructor(call=call)
    with pytest.raises(InstructionRefused, match="Ce dossier ne vous a pas été attribué pour instruction."):
        _score(application, stranger, 1, 1, 1)
    with pytest.raises(InstructionRefused, match="Ce dossier ne vous a pas été attribué"):
        _score(application, ministry_officer(), 1, 1, 1)
    person = _assigned(call, application, email="ines@exemple.fr")
    Membership.objects.create(user=person, authority=castres, state=Membership.State.CONFIRMED)  # joined since
    with pytest.raises(InstructionRefused, match="Conflit d'intérêts : ines@exemple.fr est membre de Castres"):
        _score(application, person, 1, 1, 1)
    assert not Score.objects.exists()


def test_a_call_without_a_grid_cannot_be_scored(call):
    bare = grid_call(criteria=())
    application, _ = submitted(bare)
    person = _assigned(bare, application)
    with pytest.raises(InstructionRefused, match="n'a pas encore de grille de notation"):
        score_record(application=application, user=person, values={})


def test_the_ranking_puts_ties_together_in_french_order_and_unmarked_dossiers_last(call):
    dossiers = {title: submitted(call, authority=factories.authority(name=f"Commune {n}"), title=title)[0]
                for n, title in enumerate(["Zèbre", "Éole", "Abeille", "Oasis", "Brouillard"])}
    anne = instructor(call=call)
    bruno = instructor(call=call)
    officer = ministry_officer()
    for application in dossiers.values():
        for person in (anne, bruno):
            assignment_create(application=application, instructor=person, by=officer)
    _score(dossiers["Zèbre"], anne, 3, 3, 6)    # 12.00
    _score(dossiers["Éole"], anne, 5, 0, 0)     # 10.00 …
    _score(dossiers["Éole"], bruno, 1, 5, 10)   # … and 12.00: 11.00, spread 2.00
    _score(dossiers["Abeille"], anne, 3, 3, 6)  # 12.00, tied with Zèbre
    _score(dossiers["Abeille"], bruno, 3, 3)    # incomplete: not counted
    _score(dossiers["Oasis"], anne, 5, 5, 10)   # 20.00
    _score(dossiers["Brouillard"], anne, 5, 5)  # incomplete only: unranked
    ranked = call_ranking(call)
    assert [(r.rank, r.application.title, r.score.average, r.score.spread) for r in ranked] == [
        (1, "Oasis", D("20.00"), D("0.00")),
        (2, "Abeille", D("12.00"), D("0.00")), (2, "Zèbre", D("12.00"), D("0.00")),
        (4, "Éole", D("11.00"), D("2.00")),
        (None, "Brouillard", None, None),
    ]
    assert ranked[1].score.incomplete == 1


def test_the_ranking_follows_the_weights(call):
    heavy, _ = submitted(call, title="Pertinent")
    light, _ = submitted(call, authority=factories.authority(name="Albi"), title="Durable")
    person = instructor(call=call)
    for application in (heavy, light):
        assignment_create(application=application, instructor=person, by=ministry_officer())
    _score(heavy, person, 5, 0, 0)   # the criterion weighing 3: 10.00
    _score(light, person, 0, 0, 10)  # the criterion weighing 1, full marks: 3.33
    assert [(r.application.title, r.score.average) for r in call_ranking(call)] == [
        ("Pertinent", D("10.00")), ("Durable", D("3.33"))]


def test_the_ranking_leaves_out_drafts_withdrawn_and_other_calls_dossiers(call):

    draft(call_obj=call, authority=factories.authority(name="Albi"))
    submitted(grid_call(), authority=factories.authority(name="Rodez"))
    application, _ = submitted(call)
    assert [r.application for r in call_ranking(call)] == [application]


def test_opinions_are_recorded_by_the_ministry_with_clear_errors(call):
    application, applicant = submitted(call)
    officer = ministry_officer()
    opinion = opinion_record(application=application, issuer_kind="ambassade", issuer=" Ambassade de France  au Rwanda ",
                             recommendation="reserve", comment="Partenaire peu connu.", user=officer)
    assert (opinion.issuer, opinion.get_recommendation_display(), opinion.author) == (
        "Ambassade de France au Rwanda", "réservé", officer)
    with pytest.raises(ValidationError) as refused:
        opinion_record(application=application, issuer_kind="consulat", issuer="", recommendation="bof", user=officer)
    assert set(refused.value.message_dict) == {"issuer_kind", "issuer", "recommendation"}
    with pytest.raises(InstructionRefused, match="Seul un agent du ministère peut le faire."):
        opinion_record(application=application, issuer_kind="prefecture", issuer="Préfecture du Tarn",
                       recommendation="favorable", user=_assigned(call, application))
    assert Opinion.objects.count() == 1
    assert application.state == workflow.DEPOSE  # an opinion moves nothing
