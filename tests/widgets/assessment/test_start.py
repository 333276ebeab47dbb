"""The start panel."""

from __future__ import annotations

from readiness_widgets import WorkbookApp
from readiness_widgets.assessment.start import StartPanel
from tests.widgets.pages import find


def test_start_needs_a_project_name(store, framework):
    app = WorkbookApp(framework, store, "lang=sv")
    start = find(app, StartPanel)[0]
    start.create_button.click()
    assert "Ge projektet ett namn" in start.message.value
    assert store.list_assessments() == []
    assert app.bridge.query == "lang=sv"


def test_no_role_is_chosen_for_the_person_and_none_starts_without_one(store, framework):
    """The role is an explicit choice, in the order the roles are listed; a project with
    no role is refused with one message and nothing stored."""
    from readiness.i18n.ui_text import ui
    from readiness.roles import ROLES

    app = WorkbookApp(framework, store, "lang=da")
    start = find(app, StartPanel)[0]
    assert start.role.value is None and start.role.index is None
    assert [value for _label, value in start.role.options] == list(ROLES)
    assert start.role.options[1] == ("Afdelingsbestyrelse eller beboerforening",
                                     "residents_association")
    assert ui("role_help", "da") in start.role_help.value  # a steering group: which role
    start.project.value = "Tryghed i Vollsmose"
    start.create_button.click()
    assert start.message.value.count("rw-error") == 1
    assert ui("start_role_required", "da") in start.message.value
    assert store.list_assessments() == [] and app.bridge.query == "lang=da"
    start.role.value = "politician"
    start.create_button.click()
    (record,) = store.list_assessments()
    assert record.role == "politician" and app.state.record.id == record.id
