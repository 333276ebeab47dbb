"""An assessment stored before a question changed (``replaces``): the page says that its
old answers are kept but no longer count, and asks for the new questions."""

from __future__ import annotations

from html import escape

from readiness.framework.model import default_framework
from readiness_widgets import WorkbookApp
from tests.framework.test_replaced_questions import NEW, OLD, changed  # noqa: F401 (fixture)
from tests.widgets.pages import go_to, question, texts


def test_the_page_keeps_old_answers_out_of_the_profile_and_asks_again(store, changed):  # noqa: F811
    framework = default_framework()
    record = store.create_assessment(framework, project="Norrby", role="staff",
                                     language="sv")
    store.save_answer(framework, record.id, OLD, 1)
    store.save_answer(framework, record.id, "purpose.task-clarity", 2)

    app = WorkbookApp(changed, store, f"assessment={record.id}&lang=sv")
    state = app.state
    assert state.retired == {OLD: 1}
    assert OLD not in state.answers and state.answers["purpose.task-clarity"] == 2
    page = texts(app)
    assert "1 tidigare svar gäller frågor som verktyget har ändrat" in page
    assert escape(changed.question(NEW).text["sv"]) in page.split("Svara gärna")[1]

    go_to(app, 1)  # purpose
    question(app, NEW).choice.value = 3  # answering the new question is stored as usual
    assert store.answer_values(record.id)[NEW] == 3
    assert store.answer_values(record.id)[OLD] == 1  # and the old answer is still there


def test_no_notice_on_an_assessment_of_today_s_questions(app):
    assert "class=\"rw-retired\"" not in texts(app)
