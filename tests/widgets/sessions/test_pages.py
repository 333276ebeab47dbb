"""Do the group-session pages create, join, watch and reveal, without a browser?"""

from __future__ import annotations

import json

import pytest

from readiness.i18n.ui_text import ui
from readiness.store.sessions import (
    create_session,
    find_session,
    join_session,
    session_members,
)
from readiness_widgets import WorkbookApp
from readiness_widgets.assessment.start import StartPanel
from readiness_widgets.route import Route
from readiness_widgets.sessions.facilitator import CreateSessionPanel, FacilitatorView, KeyPanel
from readiness_widgets.sessions.group import MemberSessionPanel
from readiness_widgets.sessions.join import JoinPanel, RejoinPanel
from readiness_widgets.sessions.model import key_memory_name
from tests.widgets.pages import find, from_browser, texts


def location(app, query: str, memory: dict | None = None,
             languages: tuple[str, ...] = ("en-GB",)) -> None:
    """What the browser reports when the page opens (``languages``: navigator.languages)."""
    from_browser(app.bridge, {"type": "location", "query": query,
                              "page": "http://10.0.0.5:8866/", "memory": memory or {},
                              "languages": list(languages)})


def tick(*apps) -> None:
    for app in apps:
        from_browser(app.bridge, {"type": "ping"})


def served(store, framework, query: str, memory: dict | None = None,
           languages: tuple[str, ...] = ("en-GB",)) -> WorkbookApp:
    app = WorkbookApp(framework, store)
    location(app, query, memory, languages)
    return app


@pytest.fixture
def facilitator(store, framework):
    app = served(store, framework, "lang=en")
    find(app, StartPanel)[0].new_session_button.click()
    create = find(app, CreateSessionPanel)[0]
    create.project.value = "Norrby <b>meeting</b>"
    create.round.value = "planning"
    create.create_button.click()
    return app


def join(store, framework, code: str, role: str, name: str = "") -> WorkbookApp:
    app = served(store, framework, f"join={code}&lang=en")
    panel = find(app, JoinPanel)[0]
    panel.role.value = role
    panel.display_name.value = name
    panel.join_button.click()
    return app


def test_creating_a_session_shows_code_qr_and_the_key_once(facilitator, store):
    view = find(facilitator, FacilitatorView)[0]
    session = view.model.session
    assert facilitator.bridge.query == f"facilitate={session.join_code}&lang=en"
    html = view.heading.value + view.invitation.value
    assert session.display_code in html and "<svg" in html
    assert f"http://10.0.0.5:8866/?join={session.join_code}&amp;lang=en" in html
    assert view.model.key in html  # shown once, at creation
    assert "&lt;b&gt;" in html  # the project name is text, not markup
    # The key is remembered for this tab only, never put in the address.
    assert facilitator.bridge.memory[key_memory_name(session.join_code)] == view.model.key
    assert view.model.key not in facilitator.bridge.query


def test_the_facilitator_view_needs_the_key_whatever_the_address(facilitator, store,
                                                                 framework):
    code = find(facilitator, FacilitatorView)[0].model.session.join_code
    key = find(facilitator, FacilitatorView)[0].model.key
    stranger = served(store, framework, f"facilitate={code}&lang=en")
    assert find(stranger, FacilitatorView) == []
    panel = find(stranger, KeyPanel)[0]
    panel.key.value = "guess"
    panel.open_button.click()
    assert "does not open" in panel.message.value and find(stranger, FacilitatorView) == []
    panel.key.value = key
    panel.open_button.click()
    view = find(stranger, FacilitatorView)[0]
    assert key not in view.heading.value  # only shown at creation
    # A reload of the facilitator's own tab: the key comes from the tab's memory.
    reloaded = served(store, framework, f"facilitate={code}&lang=en",
                      {key_memory_name(code): key})
    assert find(reloaded, FacilitatorView)


def test_participants_answers_reach_the_live_view_and_the_reveal(facilitator, store,
                                                                 framework):
    view = find(facilitator, FacilitatorView)[0]
    code = view.model.session.join_code
    roles = ("resident", "resident", "staff", "manager", "partner")
    members = [join(store, framework, code, role, "Eva <i>" if role == "partner" else "")
               for role in roles]
    purpose = [q.id for q in framework.questions_in("purpose")]
    for member, level in zip(members, (1, 1, 4, 4, 2), strict=True):
        panel = find(member, MemberSessionPanel)[0]
        assert panel.results_box.layout.display == "none"  # own profile first
        for question_id in purpose:
            member.state.answer(question_id, level)
    tick(facilitator)
    assert "5 joined" in view.status.value
    median = view.results.chart.figure["data"][0]
    assert median["x"][0] == 33.3  # levels 1, 1, 2, 4, 4 -> 0, 0, 33.3, 100, 100
    assert median["error_x"]["array"][0] > 0  # the spread is drawn
    roles_drawn = [trace["name"] for trace in view.results.chart.figure["data"][1:]]
    from readiness.i18n.ui_text import ui
    from readiness.roles import ROLES
    assert roles_drawn == [ui(f"role_{r}", "en") for r in ROLES if r in roles]  # as listed
    assert "data-question=\"purpose." in view.results.disagreement.value
    assert "Ask someone who chose" in view.results.disagreement.value
    assert "Eva &lt;i&gt;" in view.members.value and "anonymous" in view.members.value
    # Participants see nothing of the group until the reveal, then only the aggregate.
    tick(*members)
    assert find(members[0], MemberSessionPanel)[0].results_box.layout.display == "none"
    view.revealed.value = True
    tick(*members)
    panel = find(members[0], MemberSessionPanel)[0]
    assert panel.results_box.layout.display is None
    assert panel.results.chart.figure["data"][0]["x"][0] == 33.3
    assert "Eva" not in json.dumps(panel.results.chart.figure)


def test_a_closed_session_refuses_joins_and_a_device_rejoins_its_assessment(
        facilitator, store, framework):
    view = find(facilitator, FacilitatorView)[0]
    code = view.model.session.join_code
    first = join(store, framework, code, "resident")
    record_id = first.state.record.id
    remembered = dict(first.bridge.memory)
    assert remembered[f"rw-joined:{code}"] == record_id
    assert set(remembered) == {f"rw-joined:{code}", f"rw-personal:{record_id}"}
    again = served(store, framework, f"join={code}&lang=en", remembered)
    find(again, RejoinPanel)[0].continue_button.click()
    assert again.state.record.id == record_id  # the same device continues
    view.is_open.value = False
    assert not find_session(store, code).is_open
    late = served(store, framework, f"join={code}&lang=en")
    panel = find(late, JoinPanel)[0]
    panel.join_button.click()
    assert "closed" in panel.message.value and late.state.record is None
    unknown = served(store, framework, "join=ZZZZZZZZ&lang=en")
    find(unknown, JoinPanel)[0].join_button.click()
    assert "No open session" in find(unknown, JoinPanel)[0].message.value


def test_a_second_person_on_the_same_browser_is_asked_before_continuing(
        facilitator, store, framework):
    code = find(facilitator, FacilitatorView)[0].model.session.join_code
    first = join(store, framework, code, "manager", "Eva <b>")
    first.state.answer("purpose.task-clarity", 2)
    memory = dict(first.bridge.memory)
    second = served(store, framework, f"join={code}&lang=en", memory)
    assert second.state.record is None  # not straight into Eva's answers
    rejoin = find(second, RejoinPanel)[0]
    text = rejoin.found.value
    assert "Manager · Eva &lt;b&gt; · 1 answered" in text
    rejoin.someone_else_button.click()
    assert second.state.record is None and find(second, RejoinPanel) == []
    second.language_picker.value = "sv"  # a rebuilt page still asks for the new person
    second.language_picker.value = "en"
    panel = find(second, JoinPanel)[0]
    panel.role.value = "resident"
    panel.join_button.click()
    assert second.state.record.id != first.state.record.id
    assert second.state.answers == {} and second.state.record.role == "resident"
    assert second.bridge.memory[f"rw-joined:{code}"] == second.state.record.id
    # A remembered assessment of another session is not offered here.
    other, _key = create_session(store, framework, project="Elsewhere")
    elsewhere = served(store, framework, f"join={other.join_code}&lang=en", memory)
    assert find(elsewhere, RejoinPanel) == []
    stale = served(store, framework, f"join={other.join_code}&lang=en",
                   {f"rw-joined:{other.join_code}": first.state.record.id})
    assert find(stale, RejoinPanel) == [] and find(stale, JoinPanel)


def test_without_a_language_in_the_address_the_browser_s_language_is_the_page_s(
        store, framework):
    session, _key = create_session(store, framework, project="Norrby", language="sv")
    swedish_phone = served(store, framework, f"join={session.join_code}",
                           languages=("sv-SE", "en-US"))
    assert swedish_phone.state.language == "sv"
    assert find(swedish_phone, JoinPanel)[0].join_button.description == "Gå med"
    assert swedish_phone.bridge.query == f"join={session.join_code}&lang=sv"  # kept on reload
    # The first language the workbook speaks counts (Norwegian: not spoken; Danish: spoken).
    assert served(store, framework, "", languages=("nb-NO", "da-DK")).state.language == "da"
    assert served(store, framework, "", languages=("de-DE",)).state.language == "en"
    # A language in the address wins over the browser's.
    assert served(store, framework, "lang=en", languages=("sv-SE",)).state.language == "en"


def test_the_join_page_names_the_session_and_asks_for_a_role(store, framework):
    session, key = create_session(store, framework, project="Norrby <b>mötesplats</b>",
                                  round_name="planering", language="sv")
    phone = served(store, framework, f"join={session.join_code}&lang=sv")
    panel = find(phone, JoinPanel)[0]
    assert ("Du går med i ”<bdi>Norrby &lt;b&gt;mötesplats&lt;/b&gt;</bdi>” – "
            "<bdi>planering</bdi>.") in panel.session_line.value
    # No role is chosen for the member: joining without one says why and joins nobody.
    assert panel.role.value is None
    panel.join_button.click()
    assert "Välj vilken roll du svarar som" in panel.message.value
    assert phone.state.record is None and session_members(store, session.id, key) == []
    panel.role.value = "resident"
    panel.join_button.click()
    assert phone.state.record.role == "resident"
    assert [m.role for m in session_members(store, session.id, key)] == ["resident"]


def test_a_typed_code_names_its_session_and_nothing_else(store, framework):
    session, _key = create_session(store, framework, project="Norrby", round_name="")
    join_session(store, framework, session.join_code, role="staff", display_name="Eva")
    panel = JoinPanel(framework, store, "en", "", on_joined=lambda *_: None)
    assert panel.session_line.value == ""
    code = session.display_code.lower()
    panel.code.value = code[:-1]  # not a whole code yet
    assert panel.session_line.value == ""
    panel.code.value = code
    assert panel.session_line.value == "<p>You are joining “<bdi>Norrby</bdi>”.</p>"
    shown = texts(panel).replace(ui("role_help", "en"), "")  # the help names every role
    assert "Eva" not in shown and "staff" not in shown.lower()
    panel.code.value = "ZZZZ-ZZZZ"  # no session: nothing named
    assert panel.session_line.value == ""


def test_a_new_round_is_overlaid_on_the_earlier_one(store, framework):
    session, key = create_session(store, framework, project="Norrby", round_name="planning")
    purpose = [q.id for q in framework.questions_in("purpose")]
    for level in (1, 2, 1):
        record = join_session(store, framework, session.join_code, role="staff")
        for question_id in purpose:
            store.save_answer(framework, record.id, question_id, level)
    app = served(store, framework, f"facilitate={session.join_code}&lang=en",
                 {key_memory_name(session.join_code): key})
    view = find(app, FacilitatorView)[0]
    assert view.rounds_box.layout.display == "none"  # one round: nothing to compare
    view.round_name.value = "mid-term"
    view.round_button.click()
    later = find(app, FacilitatorView)[0]
    assert later.model.session.round == "mid-term" and later.model.session.id != session.id
    assert app.bridge.query == f"facilitate={later.model.session.join_code}&lang=en"
    for _ in range(3):
        record = join_session(store, framework, later.model.session.join_code, role="staff")
        for question_id in purpose:
            store.save_answer(framework, record.id, question_id, 4)
    app.go_to(Route("facilitate", later.model.session.join_code))
    view = find(app, FacilitatorView)[0]
    assert view.rounds_box.layout.display is None
    names = [trace["name"] for trace in view.rounds_chart.figure["data"]]
    assert names == ["1 · \u2068planning\u2069", "2 · \u2068mid-term\u2069"]  # typed: isolated
    assert 'data-dimension="purpose"' in view.moved.value and "→ 100" in view.moved.value


def test_the_facilitator_downloads_the_session(facilitator, store, framework):
    view = find(facilitator, FacilitatorView)[0]
    join(store, framework, view.model.session.join_code, "resident")
    sent = []
    facilitator.bridge.send = sent.append
    view.download_button.click()
    data = json.loads(sent[0]["content"])
    assert sent[0]["name"] == f"session-{view.model.session.join_code}.json"
    assert next(iter(data)) == "note" and data["note"].startswith("For the facilitator only")
    assert data["session"]["project"] == "Norrby <b>meeting</b>"
    assert [m["role"] for m in data["members"]] == ["resident"]


def test_on_the_local_network_only_the_host_link_starts_things(store, framework, monkeypatch):
    monkeypatch.setenv("READINESS_HOST_TOKEN", "host-secret")
    stranger = served(store, framework, "lang=en")
    assert find(stranger, StartPanel) == [] and find(stranger, JoinPanel)
    sneaky = served(store, framework, "new=session&host=guess&lang=en")
    assert find(sneaky, CreateSessionPanel) == [] and find(sneaky, JoinPanel)
    host = served(store, framework, "host=host-secret&lang=en")
    assert find(host, StartPanel)
    assert "host" not in host.bridge.query  # the token leaves the address bar
    assert host.bridge.memory["rw-host"] == "host-secret"  # kept for this tab
    again = served(store, framework, "new=session&lang=en", {"rw-host": "host-secret"})
    assert find(again, CreateSessionPanel)


def test_without_the_host_right_nothing_is_created_or_imported(store, framework, monkeypatch,
                                                               tmp_path):
    from readiness.exchange.assessment_file import export_json
    from readiness.store import open_store
    from readiness_widgets.assessment.files import UploadBox
    from readiness_widgets.training.trainer import TrainerPanel
    from tests.widgets.pages import upload

    monkeypatch.setenv("READINESS_HOST_TOKEN", "host-secret")
    for query in ("facilitate=ZZZZZZZZ", "case=hotspot", "trainer=1", "new=session"):
        stranger = served(store, framework, f"{query}&lang=en")
        assert find(stranger, StartPanel) == [] and find(stranger, TrainerPanel) == []
        assert find(stranger, CreateSessionPanel) == [] and find(stranger, JoinPanel)
    stranger = served(store, framework, "facilitate=ZZZZZZZZ&lang=en")
    assert "There is no session with this code." in find(stranger, JoinPanel)[0].message.value
    host = served(store, framework, "facilitate=ZZZZZZZZ&host=host-secret&lang=en")
    assert "There is no session with this code." in find(host, StartPanel)[0].message.value
    # The handlers refuse, whatever the page shows.
    start = StartPanel(stranger.state, may_create=False)
    start.project.value = "Sneaky"
    start.create_button.click()
    start.new_session_button.click()
    assert "own page can start assessments" in start.message.value
    elsewhere = open_store(str(tmp_path / "elsewhere.sqlite3"))
    foreign = elsewhere.create_assessment(framework, project="Brought along")
    upload(start.upload, export_json(elsewhere, foreign.id).encode())
    assert "own page can start assessments" in start.upload.message.value
    assert store.list_assessments() == []
    # A participant's own page: another assessment's file is refused, new or stored ...
    session, _key = create_session(store, framework, project="Norrby")
    member = join(store, framework, session.join_code, "resident")
    own = member.state.record.id
    box = find(member, UploadBox)[0]
    upload(box, export_json(elsewhere, foreign.id).encode())
    assert "own page can start assessments" in box.message.value
    assert not store.has_assessment(foreign.id)
    stored = store.create_assessment(framework, project="Someone else's")
    upload(box, export_json(store, stored.id).encode())
    assert "own page can start assessments" in box.message.value
    assert box.replace_button.layout.display == "none"
    # ... and its own export may replace it (a participant restoring their answers).
    member.state.answer("purpose.task-clarity", 2)
    saved = export_json(store, own).encode()
    member.state.answer("purpose.task-clarity", 4)
    box = find(member, UploadBox)[0]  # the page was rebuilt: the box of the page shown
    upload(box, saved)
    box.replace_button.click()
    assert store.answer_values(own) == {"purpose.task-clarity": 2}
    assert store.session_id_of(own) == session.id
    assert len(store.list_assessments()) == 2


def test_reports_and_data_download_from_the_facilitator_view(facilitator, store, framework):
    import base64
    import zipfile
    from io import BytesIO

    view = find(facilitator, FacilitatorView)[0]
    member = join(store, framework, view.model.session.join_code, "resident", "<b>Eva</b>")
    member.state.answer("purpose.task-clarity", 2)
    sent = []
    facilitator.bridge.send = sent.append
    view.reports.report_button.click()
    view.reports.csv_button.click()
    view.reports.xlsx_button.click()
    names = [message["name"] for message in sent]
    code = view.model.session.join_code
    assert names == [f"session-{code}-report.html", f"session-{code}-answers.csv",
                     f"session-{code}-scores.csv", f"session-{code}.xlsx"]
    assert "Eva" not in sent[0]["content"]  # the shareable report names no one
    assert "purpose.task-clarity" in sent[1]["content"] and "Eva" not in sent[1]["content"]
    workbook = zipfile.ZipFile(BytesIO(base64.b64decode(sent[3]["content"])))
    assert "xl/worksheets/sheet1.xml" in workbook.namelist()
    assert "session-" in view.reports.message.value  # says what was downloaded
    # Names beside answers only in the facilitator's own report, which says so first.
    view.named_report_button.click()
    assert sent[-1]["name"] == f"session-{code}-facilitator-only-report.html"
    body = sent[-1]["content"].split("<body>", 1)[1]
    assert body.startswith('<p class="rw-facilitator-only" role="note">For the facilitator '
                           "only.")
    assert "<bdi>&lt;b&gt;Eva&lt;/b&gt;</bdi>" in body


def test_an_individual_assessment_downloads_its_report(store, framework):
    app = served(store, framework, "lang=sv")
    start = find(app, StartPanel)[0]
    start.project.value = "Norrby"
    start.role.value = "resident"
    start.create_button.click()
    app.state.answer("purpose.task-clarity", 4)
    sent = []
    app.bridge.send = sent.append
    from readiness.i18n.ui_text import ui
    from readiness_widgets.assessment.files import FilesPanel

    find(app, FilesPanel)[0].reports.report_button.click()
    assert sent[0]["name"] == f"assessment-{app.state.record.id}-report.html"
    assert "<title>Självskattningsrapport: \u2068Norrby\u2069</title>" in sent[0]["content"]
    assert f"<h2>{ui('flags', 'sv')}</h2>" in sent[0]["content"]


def answer_purpose(framework, app, level: int) -> None:
    for question in framework.questions_in("purpose"):
        app.state.answer(question.id, level)


def role_names(chart) -> list[str]:
    return [trace["name"] for trace in chart.figure["data"][1:]]


def test_the_reveal_shows_no_role_that_fewer_than_three_stand_behind(facilitator, store,
                                                                     framework):
    view = find(facilitator, FacilitatorView)[0]
    code = view.model.session.join_code
    resident = join(store, framework, code, "resident")
    staff = [join(store, framework, code, "staff") for _ in range(2)]
    answer_purpose(framework, resident, 1)
    for member in staff:
        answer_purpose(framework, member, 4)
    view.revealed.value = True
    tick(facilitator, resident, *staff)
    assert "Resident" in role_names(view.results.chart)  # the facilitator sees every role
    assert 'class="rw-count-n">1<' in view.results.disagreement.value
    assert "fewer than 3 members stand behind" in view.full_detail.value
    for member in (resident, *staff):
        panel = find(member, MemberSessionPanel)[0]
        assert panel.results_box.layout.display is None
        assert role_names(panel.results.chart) == []  # one resident, two staff: no role
        assert panel.results.chart.figure["data"][0]["x"][0] == 100.0  # the median stays
        assert "A role is shown on its own only where" in panel.results.hidden_notes.value
        assert 'class="rw-count-n">1<' not in panel.results.disagreement.value
        assert 'class="rw-count-n">2<' not in panel.results.disagreement.value


def test_the_reveal_shows_a_role_of_three(facilitator, store, framework):
    view = find(facilitator, FacilitatorView)[0]
    code = view.model.session.join_code
    members = [join(store, framework, code, role) for role in ("resident",) * 3 + ("staff",) * 3]
    for member, level in zip(members, (1, 1, 2, 4, 4, 3), strict=True):
        answer_purpose(framework, member, level)
    view.revealed.value = True
    tick(*members)
    panel = find(members[0], MemberSessionPanel)[0]
    assert role_names(panel.results.chart) == ["Resident", "Staff"]
    assert panel.results.chart.figure["data"][1]["x"][0] == 0.0  # the residents' median


def test_typed_names_are_isolated_where_the_pages_show_them(store, framework):
    rlo = "\u202e"
    session, key = create_session(store, framework, project=f"{rlo}Norrby",
                                  round_name=f"{rlo}vår")
    member = join(store, framework, session.join_code, "staff", f"{rlo}Amina")
    app = served(store, framework, f"facilitate={session.join_code}&lang=en",
                 {key_memory_name(session.join_code): key})
    view = find(app, FacilitatorView)[0]
    assert f"<li><bdi>{rlo}Amina</bdi> · Staff" in view.members.value
    assert f"<bdi>{rlo}Norrby</bdi> – <bdi>{rlo}vår</bdi></h2>" in view.heading.value
    banner = find(member, MemberSessionPanel)[0].banner.value
    assert f"“<bdi>{rlo}Norrby</bdi>” – <bdi>{rlo}vår</bdi>. You answer as" in banner
