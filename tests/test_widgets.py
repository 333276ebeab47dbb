"""Do the workbook's widgets store, score and show what a user does, without a browser?"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import plotly.graph_objects as go
import pytest

from readiness.exchange.assessment_file import MAX_FILE_BYTES, export_json
from readiness.framework.conditions import DONT_KNOW
from readiness.render.charts import profile_figure
from readiness.scoring.evaluation import evaluate
from readiness.store import open_store
from readiness_widgets import WorkbookApp
from readiness_widgets.assessment.questions import QuestionsPanel, QuestionView, SectionPanel
from readiness_widgets.assessment.results import ActionsPanel, FlagsPanel, ProfilePanel
from readiness_widgets.assessment.start import StartPanel
from readiness_widgets.frontend.chart import ChartView
from readiness_widgets.frontend.esm_widget import front_end_version


def find(widget, kind):
    """Every descendant of ``widget`` of type ``kind``, depth first."""
    found = [widget] if isinstance(widget, kind) else []
    for child in getattr(widget, "children", ()):
        found += find(child, kind)
    return found


def question(app, item_id) -> QuestionView:
    return next(view for view in find(app, QuestionView) if view.item.id == item_id)


def go_to(app, section_index: int) -> SectionPanel:
    panel = find(app, QuestionsPanel)[0]
    panel.picker.value = section_index
    return panel.body.children[0]


@pytest.fixture
def app(store, framework):
    app = WorkbookApp(framework, store, "lang=en")
    start = find(app, StartPanel)[0]
    start.project.value = "Norrby <script>x</script>"
    start.area.value = "Norrby"
    start.role.value = "staff"
    start.create_button.click()
    return app


def test_start_needs_a_project_name(store, framework):
    app = WorkbookApp(framework, store, "lang=sv")
    start = find(app, StartPanel)[0]
    start.create_button.click()
    assert "Ge projektet ett namn" in start.message.value
    assert store.list_assessments() == []
    assert app.bridge.query == "lang=sv"


def test_creating_puts_the_resume_link_in_the_address(app, store):
    record = store.list_assessments()[0]
    assert record.project == "Norrby <script>x</script>" and record.role == "staff"
    assert app.bridge.query == f"assessment={record.id}&lang=en"
    assert "&lt;script&gt;" in app.body.children[0].children[0].children[0].value


def test_an_answer_is_stored_at_once_and_reported_saved(app, store):
    view = question(app, "gate.direction-open")
    section = find(app, SectionPanel)[0]
    assert "0 of 1 answered" in section.progress.value
    view.choice.value = "partly"  # changes no score: progress must still move
    assert "1 of 1 answered" in section.progress.value
    record_id = app.state.record.id
    assert store.answer_values(record_id) == {"gate.direction-open": "partly"}
    assert "All answers saved" in app.status.value


def test_flag_appears_and_disappears_with_the_gate(app):
    flags = find(app, FlagsPanel)[0]
    view = question(app, "gate.direction-open")
    view.choice.value = "closed"
    assert 'data-flag="flag.direction-closed"' in flags.content.value
    view.choice.value = "open"
    assert "flag.direction-closed" not in flags.content.value


def test_chart_redraws_on_every_answer(app, framework):
    profile = find(app, ProfilePanel)[0]
    assert "Purpose and scope" in profile.table.value  # the table is there at once
    assert "not enough answers" in profile.chart.summary
    section = go_to(app, 1)  # purpose
    for view in find(section, QuestionView):
        view.choice.value = 1
    assert profile.chart.figure["data"][-1]["x"][0] == 0.0
    question(app, "purpose.task-clarity").choice.value = 4
    assert profile.chart.figure["data"][-1]["x"][0] == 25.0
    assert "Purpose and scope 25" in profile.chart.summary  # what a screen reader hears
    assert "Purpose and scope" in profile.table.value


def test_dont_know_counts_as_missing(app):
    section = go_to(app, 1)
    views = find(section, QuestionView)
    for view in views[:2]:
        view.choice.value = 4
    for view in views[2:]:
        view.choice.value = DONT_KNOW
    score = app.state.evaluation.profile["purpose"]
    assert score.score == 100.0 and score.answered == 2


def test_sections_are_built_when_first_opened(app):
    panel = find(app, QuestionsPanel)[0]
    assert list(panel._panels) == ["gate"]
    panel.next.click()
    panel.next.click()
    assert list(panel._panels) == ["gate", "purpose", "participation"]
    panel.previous.click()
    assert panel.body.children[0] is panel._panels["purpose"]


def test_language_switch_keeps_answers_and_translates(app, store):
    question(app, "gate.direction-open").choice.value = "closed"
    go_to(app, 2)
    app.language_picker.value = "da"
    assert store.get_assessment(app.state.record.id).language == "da"
    assert app.bridge.query.endswith("lang=da")
    panel = find(app, QuestionsPanel)[0]
    assert panel.section_index == 2  # the user stays where they were
    assert "Beboernes deltagelse" in panel.body.children[0].children[0].value
    panel.picker.value = 0
    view = question(app, "gate.direction-open")
    assert view.choice.value == "closed"
    gate = app.state.framework.gate("gate.direction-open")
    assert view.choice.options[2] == (gate.options[2].label["da"], "closed")
    assert "Røde flag" in find(app, FlagsPanel)[0].children[0].value


def test_closed_panels_stop_listening(app):
    state = app.state
    before = len(state._trait_notifiers.get("evaluation", {}).get("change", []))
    for _ in range(3):
        app.language_picker.value = "sv"
        app.language_picker.value = "en"
    after = len(state._trait_notifiers.get("evaluation", {}).get("change", []))
    assert after == before


def test_resume_from_the_address_restores_everything(app, store, framework):
    question(app, "gate.direction-open").choice.value = "partly"
    section = go_to(app, 1)
    find(section, QuestionView)[0].choice.value = 3
    section.note.value = "Vi måste prata om målen"
    record_id = app.state.record.id
    again = WorkbookApp(framework, open_store(str(store.engine.url.database)),
                        f"assessment={record_id}&lang=sv")
    assert again.state.language == "en"  # the assessment's own language wins
    assert again.state.answers == {"gate.direction-open": "partly", "purpose.task-clarity": 3}
    assert question(again, "gate.direction-open").choice.value == "partly"
    assert go_to(again, 1).note.value == "Vi måste prata om målen"


def test_unknown_assessment_shows_the_start_page_with_a_message(store, framework):
    app = WorkbookApp(framework, store, "assessment=nope-nope-nope&lang=en")
    start = find(app, StartPanel)[0]
    assert "No assessment with that link" in start.message.value


def test_low_answers_prompt_for_a_note(app):
    section = go_to(app, 1)
    assert section.prompt.value == ""
    for view in find(section, QuestionView):
        view.choice.value = 1
    assert "rw-note-prompt" in section.prompt.value


def test_download_sends_the_assessment_to_the_browser(app, monkeypatch):
    sent = []
    monkeypatch.setattr(app.bridge, "send", lambda content, buffers=None: sent.append(content))
    question(app, "gate.direction-open").choice.value = "open"
    files = app.body.children[0].children[1].children[-1]
    files.download_button.click()
    message = sent[-1]
    assert message["type"] == "download" and message["name"].endswith(".json")
    document = json.loads(message["content"])
    assert document["answers"][0]["value"] == "open"


def test_bridge_answers_pings(app, monkeypatch):
    sent = []
    monkeypatch.setattr(app.bridge, "send", lambda content, buffers=None: sent.append(content))
    app.bridge._on_message(app.bridge, {"type": "ping"}, [])
    assert sent == [{"type": "pong"}]


def upload(box, data: bytes, name="a.json"):
    """What the upload button's browser side sends for a file it accepted."""
    box.upload._on_message(box.upload, {"type": "file", "name": name}, [memoryview(data)])


def test_a_file_too_large_to_send_is_refused_in_the_page_language(store, framework):
    app = WorkbookApp(framework, store, "lang=sv")
    box = find(app, StartPanel)[0].upload
    assert box.upload.max_bytes == MAX_FILE_BYTES  # the browser sends nothing larger
    box.upload._on_message(box.upload, {"type": "refused", "name": "stor.json",
                                        "size": 50_000_000}, [])
    assert "stor.json är 50 MB; en skattningsfil får vara högst 1 MB" in box.message.value
    assert 'role="alert"' in box.message.value and store.list_assessments() == []


def test_upload_of_a_bad_file_explains_and_changes_nothing(store, framework):
    app = WorkbookApp(framework, store, "")
    box = find(app, StartPanel)[0].upload
    upload(box, b'{"format": "readiness-assessment", "format_version": 9}')
    assert "newer than this workbook" in box.message.value
    assert store.list_assessments() == []
    assert app.state.record is None


def test_upload_resumes_elsewhere_and_asks_before_replacing(tmp_path, app, store, framework):
    question(app, "gate.direction-open").choice.value = "partly"
    data = export_json(store, app.state.record.id).encode()
    elsewhere = open_store(str(tmp_path / "elsewhere.sqlite3"))
    other = WorkbookApp(framework, elsewhere, "")
    upload(find(other, StartPanel)[0].upload, data)
    assert other.state.answers == {"gate.direction-open": "partly"}
    # The same file again, from the open assessment's own files panel: ask first.
    question(other, "gate.direction-open").choice.value = "closed"
    box = other.body.children[0].children[1].children[-1].children[-1]
    upload(box, data)
    assert "already stored here" in box.message.value
    assert elsewhere.answer_values(other.state.record.id) == {"gate.direction-open": "closed"}
    box.replace_button.click()
    assert elsewhere.answer_values(other.state.record.id) == {"gate.direction-open": "partly"}


def test_chart_spec_is_valid_plotly_and_leaves_gaps(framework):
    answers = {q.id: 4 for q in framework.questions_in("purpose")}
    figure = profile_figure(framework, evaluate(framework, answers), "en", "not enough answers")
    go.Figure(data=figure["data"], layout=figure["layout"])  # raises on an invalid spec
    (bars,) = figure["data"]
    assert bars["type"] == "bar" and bars["x"][0] == 100.0 and bars["x"][1] is None
    assert "not enough answers" in bars["y"][1] and "not enough" not in bars["y"][0]
    # One background area per band, lowest first, labelled in the page's language.
    shapes = figure["layout"]["shapes"]
    assert [s["x0"] for s in shapes] == [b.min_score for b in reversed(framework.bands)]
    labels = [a["text"] for a in figure["layout"]["annotations"]]
    assert labels == [b.label["en"] for b in reversed(framework.bands)]


def test_group_chart_draws_medians_with_their_spread_side_by_side(framework):
    from readiness.render.charts import profile_chart, spread_series
    from readiness.scoring.aggregate import Member, group_profile

    purpose = [q.id for q in framework.questions_in("purpose")]
    members = [Member("resident", {q: level for q in purpose}) for level in (1, 2, 4)]
    members.append(Member("staff", {q: 4 for q in purpose}))
    group = group_profile(framework, members)
    series = [spread_series("Group", group.dimensions),
              spread_series("Residents", group.by_role["resident"])]
    figure = profile_chart(framework, series, "en", "not enough answers")
    go.Figure(data=figure["data"], layout=figure["layout"])
    median = figure["data"][0]
    assert median["type"] == "scatter" and figure["layout"]["showlegend"]
    purpose_group = group.dimensions["purpose"]
    assert median["x"][0] == round(purpose_group.median, 1)
    assert median["error_x"]["array"][0] == round(purpose_group.q3 - purpose_group.median, 1)
    assert median["error_x"]["arrayminus"][0] == round(
        purpose_group.median - purpose_group.q1, 1)
    assert median["marker"]["symbol"] != figure["data"][1]["marker"]["symbol"]
    # Only purpose has answers, yet every dimension keeps its row, top to bottom.
    axis = figure["layout"]["yaxis"]
    assert axis["categoryarray"] == median["y"] and len(median["y"]) == 7
    assert axis["range"] == [6.5, -0.5] and axis["autorange"] is False


def test_served_page_opens_when_the_browser_reports_its_address(app, store, framework):
    record_id = app.state.record.id
    served = WorkbookApp(framework, store)  # as in the notebook: the address comes later
    assert served.body.children == () and served.state.record is None
    served.bridge._on_message(served.bridge, {"type": "location",
                                              "query": f"assessment={record_id}&lang=sv"}, [])
    assert served.state.record.id == record_id
    assert served.bridge.query == f"assessment={record_id}&lang=en"  # its own language
    served.bridge._on_message(served.bridge, {"type": "location", "query": "lang=da"}, [])
    assert served.state.record.id == record_id  # a second report changes nothing


def test_actions_for_the_weakest_dimension_come_with_their_source(app, framework):
    actions = find(app, ActionsPanel)[0]
    assert "data-action" not in actions.content.value
    section = go_to(app, 1)
    for view in find(section, QuestionView):
        view.choice.value = 2
    purpose_actions = [a for a in framework.actions if a.dimension == "purpose"]
    assert purpose_actions
    for action in purpose_actions:
        assert f'data-action="{action.id}"' in actions.content.value
    assert "Source:" in actions.content.value


def test_page_widgets_use_anywidget_s_front_end_without_its_python_package():
    # anywidget's Python package (with psygnal) would cost every page's kernel about 2 MB.
    probe = ("import sys\nfrom readiness_widgets import WorkbookApp\n"
             "from readiness_widgets.frontend.chart import ChartView\nChartView()\n"
             "print(sorted({'anywidget', 'psygnal'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parent.parent)
    assert done.stdout.strip() == "[]"
    # The version the widgets ask for is the one the installed front end registers.
    package = Path(sys.prefix) / "share/jupyter/labextensions/anywidget/package.json"
    installed = json.loads(package.read_text())["version"]
    major, minor, _patch = installed.split(".", maxsplit=2)
    state = ChartView().get_state()
    assert state["_model_module"] == "anywidget" and state["_view_name"] == "AnyView"
    assert state["_model_module_version"] == f"~{major}.{minor}.*"
    assert "Plotly.react" in state["_esm"]
    assert state["_anywidget_id"] == "readiness_widgets.frontend.chart.ChartView"
    assert front_end_version("0.12.0b1") == "0.12.0b1"  # a pre-release asks for itself
