"""A question on which the sources pull in different directions says so beside it, with
every side's citation (issue 16 C); other questions carry no such note."""

from __future__ import annotations

from html import escape

from readiness.i18n.languages import pick
from readiness_widgets.assessment.questions import QuestionView
from tests.widgets.pages import find, go_to


def _views(app, section_index: int) -> dict[str, QuestionView]:
    return {view.item.id: view for view in find(go_to(app, section_index), QuestionView)}


def test_the_tension_is_shown_beside_its_questions(app, framework):
    dimensions = [d.id for d in framework.dimensions]
    outcomes = _views(app, dimensions.index("outcomes") + 1)  # its section (after the gates)
    purpose = _views(app, 1)
    for view in (outcomes["outcomes.measurable-goals"], outcomes["outcomes.drift-check"],
                 purpose["purpose.model-aim"]):
        header = view.children[0].value
        assert "The sources differ here" in header, view.item.id
        (tension,) = framework.tensions_on(view.item.id)
        assert escape(pick(tension.text, "en")) in header
        for cite in tension.cites:
            assert escape(cite.section, quote=False) in header, (view.item.id, cite.section)
    for view in (purpose["purpose.task-clarity"], outcomes["outcomes.long-term-effects"]):
        assert "rw-tension" not in view.children[0].value, view.item.id
