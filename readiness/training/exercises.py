"""Trainer mode: comparing trainees' answers with a case's reference assessment, question by
question and as profiles; when a trainee may see the reference; and the reference drawn on
a group's chart when a session runs on a case."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from readiness.framework.conditions import DONT_KNOW, AnswerValue
from readiness.framework.model import Flag, Framework, Gate, Question
from readiness.i18n.ui_text import ui
from readiness.render.charts import REFERENCE_STYLE, Series, evaluation_series
from readiness.scoring.evaluation import Evaluation, evaluate
from readiness.store import Store
from readiness.training.cases import Case, ReferenceAnswer, find_case

FINISHED_SHARE = 0.5
"""A trainee may say they have finished once they have answered this share of the items
(gates and questions; "don't know" counts as an answer)."""


@dataclass(frozen=True)
class QuestionComparison:
    """One gate or question: the trainee's answer beside the reference's."""

    item: Gate | Question
    yours: AnswerValue | None
    """None: not answered."""
    reference: ReferenceAnswer

    @property
    def source_silent(self) -> bool:
        """The source does not say: the reference answers "don't know"."""
        return self.reference.value == DONT_KNOW

    @property
    def same(self) -> bool:
        return self.yours is not None and self.yours == self.reference.value

    @property
    def levels_apart(self) -> int | None:
        """How many levels the two answers are apart; None where either is no level."""
        if isinstance(self.yours, int) and isinstance(self.reference.value, int):
            return abs(self.yours - self.reference.value)
        return None


@dataclass(frozen=True)
class Comparison:
    """A trainee's (or a group's) assessment of a case against its reference."""

    trainee: Evaluation
    reference: Evaluation
    missed: tuple[Flag, ...]
    """Flags the reference raises and the trainee did not."""
    extra: tuple[Flag, ...]
    """Flags the trainee raised and the reference does not."""
    shared: tuple[Flag, ...]
    questions: tuple[QuestionComparison, ...] = ()
    """Every gate, then every question in the framework's order."""

    @property
    def silent_dimensions(self) -> tuple[str, ...]:
        """Dimensions the reference has no score for: their source says nothing there."""
        return tuple(d.dimension_id for d in self.reference.profile.dimensions
                     if d.score is None)


def compare(framework: Framework, answers: Mapping, case: Case) -> Comparison:
    trainee = evaluate(framework, answers)
    reference = evaluate(framework, case.answers)
    mine = {flag.id for flag in trainee.flags}
    theirs = {flag.id for flag in reference.flags}
    questions = tuple(QuestionComparison(item, answers.get(item.id), case.reference[item.id])
                      for item in (*framework.gates, *framework.questions))
    return Comparison(trainee, reference,
                      tuple(f for f in reference.flags if f.id not in mine),
                      tuple(f for f in trainee.flags if f.id not in theirs),
                      tuple(f for f in trainee.flags if f.id in theirs),
                      questions)


def comparison_series(comparison: Comparison, language: str) -> list[Series]:
    return [evaluation_series(ui("your_answers", language), comparison.trainee),
            evaluation_series(ui("reference", language), comparison.reference)]


def overlay_series(framework: Framework, named_answers: Sequence[tuple[str, Mapping]]
                   ) -> list[Series]:
    """Any number of assessments on one chart (e.g. attempt 1 and 2, before and after)."""
    return [evaluation_series(name, evaluate(framework, answers))
            for name, answers in named_answers]


# -- when a trainee sees the reference ---------------------------------------------------

def answers_to_finish(framework: Framework) -> int:
    """How many items a trainee answers before they may say they have finished."""
    return math.ceil(FINISHED_SHARE * (len(framework.gates) + len(framework.questions)))


def may_reveal(release: str, released: bool, finished: bool) -> bool:
    """Whether a trainee sees the reference and what happened.

    ``release``: ``"trainer"`` (when the trainer releases it), ``"finished"`` (once the
    trainee has finished answering, or the trainer released it) or ``"group"`` (a session's
    member: when the facilitator shows the group's results, passed as ``released``)."""
    return released or (release == "finished" and finished)


# -- a session on a case ---------------------------------------------------------------

def case_overlay(store: Store, framework: Framework, session_id: str,
                 language: str) -> list[Series]:
    """The case's reference profile, to draw on the group chart of a session run on a case;
    no series for any other session. The facilitator's view draws it; participants see the
    group's chart only once it is revealed, which in a case session releases the case."""
    case_id = store.case_of(session_id)
    case = find_case(framework, case_id) if case_id else None
    if case is None:
        return []
    colour, symbol = REFERENCE_STYLE  # beside the roles, never one of theirs
    return [replace(evaluation_series(ui("reference", language),
                                      evaluate(framework, case.answers)),
                    colour=colour, symbol=symbol)]
