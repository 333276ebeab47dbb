"""Does the projector's presentation step through its five screens, follow the session live,
and keep names off the projected screen unless the facilitator shows them?"""

from __future__ import annotations

import json
from html import escape
from urllib.parse import parse_qs

import ipywidgets as w
import pytest

from readiness.i18n.ui_text import ui
from readiness.store.sessions import create_session, join_session
from readiness_widgets.app import read_query
from readiness_widgets.frontend.chart import ChartView
from readiness_widgets.route import Route
from readiness_widgets.sessions.facilitator import FacilitatorView, KeyPanel
from readiness_widgets.sessions.model import SessionModel, key_memory_name
from readiness_widgets.sessions.presentation import PresentationView, projector_figure
from readiness_widgets.sessions.presentation_keys import STEP_KEYS
from readiness_widgets.sessions.presentation_model import STEPS, first_sentence, parts
from tests.widgets.pages import find, from_browser, texts
from tests.widgets.sessions.test_pages import served, tick

# (role, name given, level on every question): residents low, staff high, so the group
# disagrees, raises flags and calls for actions.
MEMBERS = (("resident", "Anna Lind", 1), ("resident", "", 1), ("resident", "Dragan Petrović", 2),
           ("staff", "Bo Ek", 4), ("staff", "", 4), ("staff", "Cia Berg", 3))
NAMES = ("Anna Lind", "Dragan Petrović", "Bo Ek", "Cia Berg")
OWNER = "Eva Holm"  # a name the facilitator types into the plan's "who"


def answer_all(store, framework, code: str, role: str, name: str, level: int) -> None:
    member = join_session(store, framework, code, role=role, display_name=name)
    for question in framework.questions:
        store.save_answer(framework, member.id, question.id, min(question.levels, level))


@pytest.fixture
def session_and_key(store, framework):
    session, key = create_session(store, framework, project="Norrby", round_name="planning")
    for role, name, level in MEMBERS:
        answer_all(store, framework, session.join_code, role, name, level)
    return session, key


def present(store, framework, session, key, language: str = "en"):
    """The presentation page as a tab opened from the facilitator view finds it: the key
    in the tab's memory (a copy of the facilitator tab's), not in the address."""
    app = served(store, framework, f"present={session.join_code}&lang={language}",
                 {key_memory_name(session.join_code): key})
    return app, find(app, PresentationView)[0]


def step(view: PresentationView, to: str) -> None:
    """What the browser sends for a key (→, ←, Home, End, Esc)."""
    from_browser(view.key_listener, {"type": "step", "to": to})


def to_step(view: PresentationView, name: str) -> None:
    """The first screen of the step ``name``, reached with the keys."""
    step(view, "first")
    while STEPS[view.model.step] != name:
        step(view, "next")


def everything(widget) -> str:
    """Every synced value of every widget in the tree (texts, labels, chart data and its
    words for screen readers): all that reaches the projected page."""
    return "\n".join(json.dumps(part.get_state(), ensure_ascii=False, default=str)
                     for part in find(widget, w.Widget))


def every_screen(view: PresentationView):
    """Shows every screen in turn (each part of each step), from the first to the last,
    as the → key does; yields the step's name at each."""
    step(view, "first")
    while True:
        yield STEPS[view.model.step]
        before = (view.model.step, view.model.part)
        step(view, "next")
        if (view.model.step, view.model.part) == before:
            return


def test_the_presentation_opens_with_the_key_from_the_tab_s_memory(store, framework,
                                                                   session_and_key):
    session, key = session_and_key
    app, view = present(store, framework, session, key)
    assert parse_qs(app.bridge.query) == {"present": [session.join_code], "lang": ["en"]}
    assert key not in app.bridge.query and view.model.session.key == key
    # Without the key, the address alone opens nothing; the key typed opens the presentation.
    stranger = served(store, framework, f"present={session.join_code}&lang=en")
    assert find(stranger, PresentationView) == [] and find(stranger, FacilitatorView) == []
    panel = find(stranger, KeyPanel)[0]
    panel.key.value = key
    panel.open_button.click()
    assert find(stranger, PresentationView) and stranger.route == Route("present",
                                                                      session.join_code)
    assert Route.from_query(read_query(f"present={session.join_code}&lang=sv")) == \
        Route("present", session.join_code)


def test_the_facilitator_view_opens_it_in_a_tab_that_gets_this_tab_s_memory(
        store, framework, session_and_key):
    session, key = session_and_key
    app = served(store, framework, f"facilitate={session.join_code}&lang=sv",
                 {key_memory_name(session.join_code): key})
    link = find(app, FacilitatorView)[0].present.value
    assert f'href="?present={session.join_code}&amp;lang=sv"' in link
    # rel="opener": Chromium copies sessionStorage (the key) only into such a tab.
    assert 'target="_blank" rel="opener"' in link and key not in link
    assert ui("present_open", "sv") in link


def test_the_keys_and_the_buttons_step_through_the_five_screens_in_order(
        store, framework, session_and_key):
    session, key = session_and_key
    _app, view = present(store, framework, session, key)
    model = view.model
    assert view.indicator.value.endswith(">1 / 5</p>") and view.previous_button.disabled
    assert session.display_code in texts(view.stage) and "<svg" in texts(view.stage)
    assert "6 joined" in texts(view.stage)
    step(view, "next")
    assert STEPS[model.step] == "profile" and find(view.stage, ChartView)
    assert ">2 / 5<" in view.indicator.value
    step(view, "next")
    assert 'class="rw-present-list rw-present-disputed"' in texts(view.stage)
    assert "rw-prompt" in texts(view.stage)
    assert find(view.stage, ChartView) == []  # one thing at a time
    # The flags, several screens of them: the keys go through the parts, then on.
    step(view, "next")
    while STEPS[model.step] == "disagreements":
        step(view, "next")
    assert STEPS[model.step] == "flags" and model.part == 0
    flag_parts = model.parts_of(model.step)
    assert flag_parts > 1 and f"4 / 5 · part 1 of {flag_parts}" in view.indicator.value
    step(view, "next")
    assert model.part == 1 and "part 2 of" in view.indicator.value
    step(view, "previous")
    step(view, "previous")  # back past the first part: the last part of the step before
    assert STEPS[model.step] == "disagreements" and model.part == model.parts_of(2) - 1
    step(view, "last")
    assert STEPS[model.step] == "actions" and view.next_button.disabled
    assert 'class="rw-present-list rw-present-called"' in texts(view.stage)
    step(view, "next")  # nothing after the last screen
    assert STEPS[model.step] == "actions" and not view.previous_button.disabled
    step(view, "first")
    assert model.step == 0 and model.part == 0
    view.next_button.click()
    assert STEPS[model.step] == "profile"
    view.previous_button.click()
    assert model.step == 0
    from_browser(view.key_listener, {"type": "step", "to": "explode"})  # not a step: ignored
    assert model.step == 0
    assert set(STEP_KEYS) >= {"ArrowRight", "ArrowLeft", "PageDown", "PageUp", " ", "Escape"}


def test_no_member_s_name_is_anywhere_on_the_projected_page_by_default(
        store, framework, session_and_key):
    session, key = session_and_key
    facilitator = SessionModel(framework, store, session)
    assert facilitator.unlock(key)
    action = facilitator.recommendations[0].action.id
    assert facilitator.set_plan(action, {"owner": OWNER, "due": "June"})
    app, view = present(store, framework, session, key)
    assert view.names_box.value is False and view.model.names == list(NAMES)
    shown, plan = [], False
    for name in every_screen(view):  # every screen: the whole page's widgets each time
        shown.append(name)
        page = everything(app)
        for person in (*NAMES, OWNER):
            assert person not in page, f"{person!r} on {view.indicator.value}"
        plan = plan or "June" in texts(view.stage)  # the plan shows, without its "who"
    assert sorted(set(shown)) == sorted(STEPS) and len(shown) > len(STEPS) and plan


def test_the_names_toggle_shows_only_the_names_members_gave(store, framework,
                                                            session_and_key):
    session, key = session_and_key
    facilitator = SessionModel(framework, store, session)
    assert facilitator.unlock(key)
    action = facilitator.recommendations[0].action.id
    assert facilitator.set_plan(action, {"owner": OWNER})
    app, view = present(store, framework, session, key)
    view.names_box.value = True
    assert view.model.show_names is True
    shown = texts(view.stage)
    assert all(name in shown for name in NAMES)
    assert ui("anonymous", "en") not in shown  # the anonymous are counted, not listed
    to_step(view, "actions")  # the plan's "who" is a name too: only while names are shown
    assert OWNER in texts(view.stage)
    view.names_box.value = False
    page = everything(app)
    assert not any(name in page for name in (*NAMES, OWNER))
    # Every new presentation page starts with names hidden.
    _app, again = present(store, framework, session, key)
    assert again.names_box.value is False and not again.model.show_names


def test_the_presentation_follows_the_session_live(store, framework, session_and_key):
    session, key = session_and_key
    app, view = present(store, framework, session, key)
    assert "6 joined" in texts(view.stage)
    answer_all(store, framework, session.join_code, "partner", "Fatima Ali", 2)
    tick(app)  # the bridge's ping: the session model reads the store again
    assert "7 joined" in texts(view.stage)
    assert "Fatima Ali" not in everything(app)
    to_step(view, "actions")
    assert ui("plan_empty", "en") in texts(view.stage)
    facilitator = SessionModel(framework, store, session)  # the facilitator's own tab
    assert facilitator.unlock(key)
    action = facilitator.recommendations[-1].action
    assert facilitator.set_plan(action.id, {"due": "before summer"})
    tick(app)  # the screen shown changes at once
    assert "before summer" in texts(view.stage) and ui("plan_heading", "en") in texts(view.stage)


def test_the_flags_are_titles_with_one_short_line_and_no_sources(store, framework,
                                                                 session_and_key):
    session, key = session_and_key
    _app, view = present(store, framework, session, key)
    to_step(view, "flags")
    shown = texts(view.stage)
    flag, _count = view.model.flags[0][0]
    assert flag.title["en"] in shown and first_sentence(flag.explanation["en"]) in shown
    assert flag.explanation["en"] not in shown  # the rest is for the facilitator view
    assert "rw-source" not in shown and "<details" not in shown
    assert first_sentence("One. Two three.") == "One."
    assert first_sentence("No stop") == "No stop"


def test_a_group_below_the_minimum_size_shows_nothing_of_its_results(store, framework):
    session, key = create_session(store, framework, project="Small")
    answer_all(store, framework, session.join_code, "resident", "Anna Lind", 1)
    answer_all(store, framework, session.join_code, "staff", "Bo Ek", 4)
    _app, view = present(store, framework, session, key)
    hidden = escape(ui("hidden_group", "en", n=3))
    step(view, "next")
    assert find(view.stage, ChartView) == [] and hidden in texts(view.stage)
    step(view, "next")
    assert hidden in texts(view.stage) and "rw-present-disputed" not in texts(view.stage)
    step(view, "next")
    assert hidden in texts(view.stage) and "data-flag" not in texts(view.stage)
    step(view, "next")  # the actions, without their counts of one or two members
    assert ui("fewer_than", "en", n=3) in texts(view.stage)
    assert "called for by 1 of" not in texts(view.stage)


def test_leaving_turns_this_tab_into_the_facilitator_view(store, framework,
                                                         session_and_key, monkeypatch):
    session, key = session_and_key
    app, view = present(store, framework, session, key)
    sent = []
    monkeypatch.setattr(view.key_listener, "send", sent.append)
    view.leave_button.click()  # the browser decides: close a tab the facilitator opened...
    assert sent == [{"type": "leave"}]
    step(view, "leave")  # ... or, in any other tab, tell the kernel to leave
    assert find(app, FacilitatorView) and app.route == Route("facilitate", session.join_code)
    assert find(app, PresentationView) == []


def test_the_chart_reads_from_the_back_of_the_room(store, framework, session_and_key):
    session, key = session_and_key
    _app, view = present(store, framework, session, key)
    layout = view.chart.figure["layout"]
    assert layout["yaxis"]["tickfont"]["size"] >= 24 and layout["xaxis"]["tickfont"]["size"] >= 20
    assert all(a["font"]["size"] >= 18 for a in layout["annotations"])
    assert layout["font"]["size"] >= 24
    labels = layout["yaxis"]["categoryarray"]
    assert all(label in labels for trace in view.chart.figure["data"] for label in trace["y"])
    assert view.chart.summary  # and in words, for screen readers
    figure = {"data": [{"type": "bar", "y": ["A b c d e f g<br>h i j k"], "x": [1]}],
              "layout": {"yaxis": {"categoryarray": ["A b c d e f g<br>h i j k"]},
                         "xaxis": {}, "annotations": [{"text": "Worth<br>discussing",
                                                       "font": {"size": 10}}]}}
    projected = projector_figure(figure)
    assert projected["layout"]["yaxis"]["categoryarray"] == ["A b c d e f g h i j k"]
    assert projected["data"][0]["y"] == ["A b c d e f g h i j k"]
    assert projected["layout"]["annotations"][0]["text"] == "Worth discussing"
    assert figure["layout"]["annotations"][0]["text"] == "Worth<br>discussing"  # a copy


def test_a_long_list_is_split_into_screens_that_fit():
    assert parts(["a", "b", "c", "d"], [300, 300, 300, 700], 600) == [["a", "b"], ["c"], ["d"]]
    assert parts([], [], 600) == []
