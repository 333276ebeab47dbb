"""The red-flag rules issue 16 (B) found misfiring, each as a counterfactual: the same
answers, run through the real scoring, with exactly one answer changed, and the flag in
question changes with it. Where a vignette describes the situation, its answers are the
starting point."""

from __future__ import annotations

import pytest

from readiness.framework.model import default_framework
from readiness.scoring.evaluation import evaluate
from tests.scoring.vignettes import VIGNETTES_DIR, load_vignette

FRAMEWORK = default_framework()


def vignette(name: str) -> dict:
    return dict(load_vignette(VIGNETTES_DIR / f"{name}.yaml", FRAMEWORK).answers)


def raised(answers: dict) -> set[str]:
    return {flag.id for flag in evaluate(FRAMEWORK, answers).flags}


def flips(flag: str, answers: dict, question: str, to) -> None:
    """``flag`` is raised by ``answers`` and not once ``question`` is answered ``to``."""
    assert question in answers, f"{question} should be among the answers it flips"
    changed = answers | {question: to}
    assert flag in raised(answers), f"{flag} should fire on {answers}"
    assert flag not in raised(changed), f"{flag} should not fire with {question} = {to!r}"


# Hotspot (002): a steering group of managers building dialogue and knowledge-sharing, with
# residents and civil society only in the efforts below it.
HOTSPOT = {"participation.steering-voice": 2, "participation.day-to-day": 2,
           "partnership.action-not-talk": 2}


def test_closed_partnership_fires_on_the_hotspot_answers():
    """The old rule asked for joint activities (action-not-talk 3 or more) and missed the
    answer 002 supports for the Hotspot units (2: meetings to share knowledge)."""
    assert "flag.closed-partnership" in raised(HOTSPOT)
    flips("flag.closed-partnership", HOTSPOT, "participation.steering-voice", 3)
    flips("flag.closed-partnership", HOTSPOT, "participation.day-to-day", 3)
    # A closed direction reads a steering seat as level 2 at most (the gate's cap).
    assert "flag.closed-partnership" in raised(
        HOTSPOT | {"participation.steering-voice": 3, "gate.direction-open": "closed"})
    flips("flag.closed-partnership", HOTSPOT, "partnership.action-not-talk", 1)


def test_closed_partnership_in_the_crime_prevention_council_vignette():
    flips("flag.closed-partnership", vignette("crime-prevention-council"),
          "participation.steering-voice", 4)


def test_co_implementors_needs_weak_day_to_day_influence_as_well():
    """Joining a service that already runs is the labs' own success factor; residents who
    then set the agenda of their counselling are not carrying out others' plans."""
    answers = vignette("job-counselling-office")
    assert answers["participation.entry-stage"] == 2
    assert "flag.residents-as-co-implementors" not in raised(answers)
    assert "flag.residents-as-co-implementors" in raised(
        answers | {"participation.day-to-day": 2})
    flips("flag.residents-as-co-implementors", answers | {"participation.day-to-day": 2},
          "participation.day-to-day", 3)


def test_no_shared_problem_fires_when_only_the_professionals_agreed():
    """Level 3 (the professional partners agreed) raises it; 004 asks for the problem to be
    defined with residents (level 4)."""
    answers = vignette("school-plan-overlaps")
    assert answers["purpose.shared-problem"] == 3
    flips("flag.no-shared-problem", answers, "purpose.shared-problem", 4)


def test_area_effort_alone_fires_on_an_aim_to_solve_segregation():
    answers = vignette("school-results-decided-above")
    assert answers["anchoring.wider-effort"] == 2  # not "this project alone will do it"
    flips("flag.area-effort-alone", answers, "purpose.ambition-fit", 2)
    flips("flag.area-effort-alone", answers, "anchoring.wider-effort", 3)


def test_no_collective_voice_does_not_need_a_late_entry():
    """'Only one by one' fires whatever the stage residents come in at."""
    answers = {"participation.organised": 1, "participation.entry-stage": 5}
    flips("flag.no-collective-voice", answers, "participation.organised", 2)
    assert "flag.no-collective-voice" in raised(vignette("job-counselling-office"))


@pytest.mark.parametrize(("flag", "name", "question", "to"), [
    ("flag.no-process-leader", "municipal-safety", "resources.process-leader", 3),
    ("flag.no-process-leader", "renovation-dialogue", "resources.process-leader", 4),
    ("flag.no-meeting-place", "municipal-safety", "resources.meeting-place", 3),
    ("flag.no-meeting-place", "renovation-dialogue", "resources.meeting-place", 4),
    ("flag.information-exchange-only", "job-counselling-office",
     "partnership.action-not-talk", 3),
    ("flag.information-exchange-only", "jobs-women-cooperative",
     "partnership.action-not-talk", 3),
    ("flag.upkeep-unplanned", "crime-prevention-council", "partnership.upkeep", 3),
])
def test_the_new_flags_follow_their_answer(flag, name, question, to):
    flips(flag, vignette(name), question, to)


def test_residents_drive_but_the_municipality_only_refers():
    """The mothers' association drives the work, plans evenings with the youth club and
    sends its lessons to the partners; the municipality only refers families and its
    managers stay out (partnership.levels 2). 002: co-production then stays at the
    residents' level."""
    answers = vignette("parents-against-youth-crime")
    before = raised(answers)
    assert "flag.leaders-outside" in before
    # None of the rules that existed before issue 16 said it.
    assert not before & {"flag.individual-level-only", "flag.closed-partnership",
                         "flag.residents-as-co-implementors"}
    flips("flag.leaders-outside", answers, "partnership.levels", 4)


def test_measurable_drift_and_headline_figures_name_only_their_own_action():
    """Each of the old flag's two branches is now a flag of its own, naming the action its
    answers call for."""
    drift = {"outcomes.drift-check": 2, "outcomes.what-counts": 4}
    figures = {"outcomes.what-counts": 1, "outcomes.long-term-effects": 1,
               "outcomes.drift-check": 4}
    assert raised(drift) == {"flag.measurable-drift"}
    assert raised(figures) == {"flag.headline-figures-only"}
    actions = {r.action.id for r in evaluate(FRAMEWORK, figures).actions}
    assert "action.guard-original-aim" not in actions and "action.broaden-results" in actions
