"""The page as a whole: its address, its language, opening and closing."""

from __future__ import annotations

from readiness.exchange.assessment_file import export_json
from readiness.store import open_store
from readiness_widgets import WorkbookApp
from readiness_widgets.assessment.questions import QuestionsPanel, QuestionView, SectionPanel
from readiness_widgets.assessment.results import FlagsPanel
from readiness_widgets.assessment.start import StartPanel
from tests.widgets.pages import find, from_browser, go_to, question, texts


def test_creating_puts_the_resume_link_in_the_address(app, store):
    record = store.list_assessments()[0]
    assert record.project == "Norrby <script>x</script>" and record.role == "staff"
    assert app.bridge.query == f"assessment={record.id}&lang=en"
    shown = texts(app)  # the project is named in the page's heading, as typed, never as markup
    assert "Norrby &lt;script&gt;x&lt;/script&gt;" in shown and "<script>x" not in shown


def test_language_switch_keeps_answers_and_translates(app, store):
    question(app, "gate.direction-open").choice.value = "closed"
    go_to(app, 2)
    app.language_picker.value = "da"
    assert store.get_assessment(app.state.record.id).language == "da"
    assert app.bridge.query.endswith("lang=da")
    panel = find(app, QuestionsPanel)[0]
    assert panel.section_index == 2  # the user stays where they were
    assert "Beboernes deltagelse" in panel.current.heading.value
    panel.picker.value = 0
    view = question(app, "gate.direction-open")
    assert view.choice.value == "closed"
    gate = app.state.framework.gate("gate.direction-open")
    assert view.choice.options[2] == (gate.options[2].label["da"], "closed")
    assert "Røde flag" in find(app, FlagsPanel)[0].heading.value


def panels_on(app) -> tuple:
    """A page's panels that follow the state: a section, a question, the questions' overall
    progress and the red flags."""
    return (find(app, SectionPanel)[0], question(app, "gate.direction-open"),
            find(app, QuestionsPanel)[0], find(app, FlagsPanel)[0])


def what_they_show(panels: tuple) -> tuple:
    section, view, questions, flags = panels
    return (section.progress.value, view.choice.value, questions.overall.value,
            flags.content.value)


def test_closed_panels_stop_listening(app):
    """A language switch closes every panel; what the state does next reaches none of them
    (a closed panel still following the state would be a leak, and slow every answer)."""
    closed = []
    for language in ("sv", "en", "sv"):
        closed.append(panels_on(app))
        app.language_picker.value = language
    shown = [what_they_show(panels) for panels in closed]
    open_page = panels_on(app)
    before = what_they_show(open_page)
    question(app, "gate.direction-open").choice.value = "closed"  # answers, evaluation, flags
    after = what_they_show(open_page)
    assert all(now != then for now, then in zip(after, before, strict=True))  # the open page moves
    assert [what_they_show(panels) for panels in closed] == shown  # the closed ones do not


def test_resume_from_the_address_restores_everything(app, store, framework):
    question(app, "gate.direction-open").choice.value = "partly"
    section = go_to(app, 1)
    find(section, QuestionView)[0].choice.value = 3
    section.note.value = "Vi måste prata om målen"
    record_id = app.state.record.id
    again = WorkbookApp(framework, open_store(str(store.engine.url.database)),
                        f"assessment={record_id}&lang=sv")
    assert again.state.language == "en"  # the assessment's own language wins
    assert again.language_picker.value == "en"  # and the picker says so
    assert again.state.answers == {"gate.direction-open": "partly", "purpose.task-clarity": 3}
    assert question(again, "gate.direction-open").choice.value == "partly"
    assert go_to(again, 1).note.value == "Vi måste prata om målen"


def test_unknown_assessment_shows_the_start_page_with_a_message(store, framework):
    app = WorkbookApp(framework, store, "assessment=nope-nope-nope&lang=en")
    start = find(app, StartPanel)[0]
    assert "No assessment with that link" in start.message.value


def test_served_page_opens_when_the_browser_reports_its_address(app, store, framework):
    record_id = app.state.record.id
    served = WorkbookApp(framework, store)  # as in the notebook: the address comes later
    assert served.body.children == () and served.state.record is None
    from_browser(served.bridge, {"type": "location", "query": f"assessment={record_id}&lang=sv"})
    assert served.state.record.id == record_id
    assert served.bridge.query == f"assessment={record_id}&lang=en"  # its own language
    from_browser(served.bridge, {"type": "location", "query": "lang=da"})
    assert served.state.record.id == record_id  # a second report changes nothing


def count_builds(app) -> list:
    """Every time the page's body is replaced (what a build does)."""
    builds: list = []
    app.body.observe(lambda change: builds.append(change["new"]), "children")
    return builds


def test_a_language_switch_builds_the_page_once(app):
    builds = count_builds(app)
    app.language_picker.value = "sv"
    assert len(builds) == 1
    app.language_picker.value = "sv"  # the same language again: nothing to build
    assert len(builds) == 1


def test_importing_a_file_in_another_language_builds_the_page_once(app, store, framework):
    other = store.create_assessment(framework, project="Rinkeby", language="da")
    checked = app.state.check_upload(export_json(store, other.id).encode(), "rinkeby.json")
    builds = count_builds(app)
    app.state.import_checked(checked, replace=True)
    assert len(builds) == 1
    assert app.state.language == "da" and app.language_picker.value == "da"
    assert app.bridge.query == f"assessment={other.id}&lang=da"
