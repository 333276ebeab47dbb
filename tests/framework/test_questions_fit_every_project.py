"""Questions that fit the projects people plan (issue 16 A and C): results for any aim, how
long the work runs asked apart from what comes after, a participation ladder with an
"only informed" stage and a top for projects residents started, an elected board not ranked
below an own association, and the four success factors the sources add, each asked and
answered with an action."""

from __future__ import annotations

import re

import pytest

from readiness.framework.conditions import DONT_KNOW
from readiness.i18n.languages import built_in, pick
from readiness.scoring.evaluation import evaluate

NEW_SUCCESS_FACTORS = ("success.shared-definition", "success.involvement-in-every-phase",
                       "success.tenant-democracy", "success.knowledge-as-result")


def labels(framework, question_id, language="en") -> list[str]:
    return [pick(o.label, language) for o in framework.question(question_id).options]


def test_what_counts_as_results_names_no_single_aim(framework):
    """A safety, school or youth project can answer it honestly: only the lowest level gives
    examples, and they span several aims; the levels above speak of headline figures."""
    aims = {"en": r"\b(jobs?|work|stud(y|ies)|internships?|placements?|crimes?|school)\b",
            "sv": r"\b(jobb|arbete|studier|studieplats|praktik|brott|skol\w*)\b",
            "da": r"\b(job|beskæftigelse|uddannelse|praktik|forbrydelser|skole\w*)\b"}
    for language in built_in():
        options = labels(framework, "outcomes.what-counts", language)
        named = {m.group(0).lower() for m in re.finditer(aims[language], options[0], re.I)}
        assert len(named) >= 3, (language, options[0])  # work or study, crime, school ...
        for label in options[1:]:
            assert not re.search(aims[language], label, re.I), (language, label)


def test_how_long_and_what_after_are_two_questions(framework):
    duration = framework.question("anchoring.duration")
    assert duration.replaces == ("anchoring.time-horizon",)
    options = labels(framework, "anchoring.duration")
    assert "Three to five years" in options  # a 3-5-year project fits one level
    for label in options:
        assert not re.search(r"\b(after|extension|follow-up|planned)\b", label, re.I), label
    for label in labels(framework, "anchoring.after-project"):
        assert not re.search(r"\byears?\b", label, re.I), label


def test_the_ladder_has_an_informed_stage_below_co_implementation(framework):
    stage = framework.question("participation.entry-stage")
    assert stage.replaces == ("participation.entry-point",)
    options = labels(framework, "participation.entry-stage")
    assert "only informed" in options[0] and "already been decided" in options[0]
    assert "take part in activities that others have designed" in options[1]  # co-implementors
    assert options.index(options[1]) > options.index(options[0])


def test_the_first_questions_fit_a_project_residents_started(framework):
    """The gate does not assume professionals invite residents, and the ladder's top is a
    project residents started themselves (not 'started and lead', a second condition)."""
    gate = framework.gate("gate.direction-open")
    for language in built_in():
        assert not re.search(r"invit|bjud|inviter", pick(gate.text, language), re.I)
    assert labels(framework, "participation.entry-stage")[-1] == \
        "Residents started the project themselves"
    started = {"gate.direction-open": "open", "participation.entry-stage": 5}
    assert evaluate(framework, started).flags == ()


def test_an_elected_board_and_an_own_association_stand_on_the_same_level(framework):
    """002 grounds the plans' legitimacy in the elected boards, 004 the women's in their own
    association; neither source ranks one above the other, so one level holds both."""
    top = labels(framework, "participation.organised")[-1]
    assert "elected residents' board" in top and "own association" in top
    for label in labels(framework, "participation.organised")[:-1]:
        assert "board" not in label and "speaks for them" not in label
    # where residents have a say is asked apart from who speaks for them
    assert framework.question("participation.steering-voice").replaces == \
        ("participation.collective-voice",)
    for label in labels(framework, "participation.steering-voice"):
        assert "association" not in label and "board" not in label


@pytest.mark.parametrize("concept", NEW_SUCCESS_FACTORS)
def test_each_new_success_factor_is_asked_and_answered_with_an_action(framework, concept):
    """Covered the way the others are: a scored question, and an action whose `when` asks
    about such a question, so that low answers to it call for the action."""
    declared = {c.id: c for c in framework.concepts}
    assert declared[concept].kind == "success"
    assert declared[concept].cites
    questions = {q.id for q in framework.questions if concept in q.covers}
    assert questions, concept
    actions = {a.id: a for a in framework.actions if concept in a.covers and a.when is not None}
    asked = {a.id: set(a.when.questions()) & questions for a in actions.values()}
    assert any(asked.values()), (concept, asked)
    for action_id, question_ids in asked.items():
        for question_id in question_ids:
            lowest = {question_id: 1}
            assert action_id in {r.action.id for r in evaluate(framework, lowest).actions}
            best = {question_id: framework.question(question_id).levels}
            assert action_id not in {r.action.id for r in evaluate(framework, best).actions}


def test_the_replaced_questions_are_no_longer_asked_anywhere(framework):
    """Flags and actions ask the new questions; a stored answer to an old id changes nothing."""
    old = {"participation.entry-point", "participation.collective-voice",
           "anchoring.time-horizon"}
    for item in (*framework.flags, *framework.actions):
        if item.when is None:
            continue
        assert not set(item.when.questions()) & old, item.id
    retired = {question_id: 1 for question_id in old}
    assert evaluate(framework, retired) == evaluate(framework, {})
    assert evaluate(framework, {**retired, "participation.entry-stage": DONT_KNOW}).flags == ()
