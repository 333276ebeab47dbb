"""Trainer mode without a browser: case exercises, the reveal, group mode, guide, comparison."""

from __future__ import annotations

import re
import time
from datetime import datetime
from html import unescape

import pytest

from readiness.scoring.evaluation import evaluate
from readiness.store.sessions import create_session, join_session
from readiness.training.cases import find_case
from readiness.training.exercises import answers_to_finish, compare
from readiness.training.guide import guide_html
from readiness_widgets.assessment.start import StartPanel
from readiness_widgets.sessions.facilitator import FacilitatorView
from readiness_widgets.sessions.group import MemberSessionPanel
from readiness_widgets.sessions.model import key_memory_name
from readiness_widgets.training.cases import CaseBanner, CaseStartPanel
from readiness_widgets.training.trainer import ComparePanel, TrainerApp, TrainerPanel
from tests.widgets.pages import find
from tests.widgets.sessions.test_pages import join, served, tick


@pytest.fixture
def askimsviken(framework):
    return find_case(framework, "askimsviken")


def test_compare_names_missed_extra_and_shared_flags(framework, askimsviken):
    same = compare(framework, askimsviken.answers, askimsviken)
    assert same.missed == () and same.extra == ()
    assert {f.id for f in same.shared} == {f.id for f in same.reference.flags}
    nothing = compare(framework, {}, askimsviken)
    assert [f.id for f in nothing.missed] == [f.id for f in nothing.reference.flags]
    assert nothing.shared == ()


def start_exercise(store, framework, query: str, role: str = "staff", name: str = ""):
    """A trainee opens the exercise's link, chooses a role, may give a name, and starts."""
    app = served(store, framework, query)
    start = find(app, CaseStartPanel)[0]
    start.role.value = role
    start.display_name.value = name
    start.start_button.click()
    return app


def answer_many(app, framework, count: int, level: int = 2) -> None:
    for question in framework.questions[:count]:
        app.state.answer(question.id, min(level, question.levels))


def items(framework) -> int:
    """Gates and questions: what a trainee may answer."""
    return len(framework.gates) + len(framework.questions)


def hand_out(store, framework, release: str = "trainer", case_id: str = "askimsviken"):
    """The trainer's page, with an exercise handed out on the case."""
    trainer = served(store, framework, "trainer=1&lang=en")
    panel = find(trainer, TrainerPanel)[0]
    panel.case_picker.value = case_id
    panel.mode.value = "alone"
    panel.release.value = release
    panel.go_button.click()
    return trainer, panel


def test_the_role_is_an_explicit_choice_and_the_name_reaches_the_trainer(store, framework):
    trainer, panel = hand_out(store, framework)
    code = panel.model.exercise.id
    app = served(store, framework, f"case={code}&lang=sv")
    start = find(app, CaseStartPanel)[0]
    assert start.role.value is None  # no default role spoils the split
    start.display_name.value = "Maja <b>"
    start.start_button.click()
    assert "Välj vilken roll du svarar som." in start.message.value
    assert app.state.record is None and store.list_assessments() == []
    start.role.value = "resident"
    start.start_button.click()
    record = app.state.record
    assert store.case_of(record.id) == "askimsviken"
    assert record.project == find_case(framework, "askimsviken").title["sv"]
    tick(trainer)
    table = panel.exercise.trainees.value
    assert "<bdi>Maja &lt;b&gt;</bdi>" in table and "Resident" in table  # escaped, not bold
    labels = [label for label, _value in panel.compare.picker.options]
    assert any(label.startswith("Maja <b> · Resident") for label in labels)


def test_the_reveal_is_held_until_the_trainer_shows_it(store, framework, askimsviken):
    trainer, panel = hand_out(store, framework, release="trainer")
    app = start_exercise(store, framework, f"case={panel.model.exercise.id}&lang=en")
    banner = find(app, CaseBanner)[0]
    assert banner.reveal_button.layout.display == "none"  # no peeking before answering
    assert banner.revealed.layout.display == "none"
    answer_many(app, framework, 5)
    banner.finish_button.click()
    need = answers_to_finish(framework)
    assert (f"Answer at least {need} of the {items(framework)} questions first (so far 5)"
            in banner.message.value)
    assert not banner.model.finished
    answer_many(app, framework, need)
    banner.finish_button.click()
    assert banner.model.finished and banner.message.value == ""
    assert banner.finish_button.layout.display == "none"
    assert "Your trainer will show" in banner.status.value
    assert banner.reveal_button.layout.display == "none"  # finished, but held back
    tick(trainer)
    assert re.search(rf"<td>{need} of {items(framework)}</td><td>\d\d:\d\d</td>",
                     panel.exercise.trainees.value)
    assert "Held back" in panel.exercise.state_note.value
    panel.exercise.release_button.click()  # the trainer shows it
    assert "Shown" in panel.exercise.state_note.value
    tick(app)  # the trainee's page follows on its next tick
    assert banner.reveal_button.layout.display is None
    assert "ready for you" in banner.status.value
    banner.reveal_button.click()
    assert banner.revealed.layout.display is None
    assert 'data-question="purpose.task-clarity"' in banner.details.value
    assert askimsviken.reference["purpose.task-clarity"].note in unescape(banner.details.value)
    assert askimsviken.what_happened["en"][:40] in banner.details.value
    panel.exercise.release_button.click()  # hidden again: gone from the trainee's page too
    tick(app)
    assert banner.revealed.layout.display == "none"
    assert banner.reveal_button.layout.display == "none"


def test_the_trainee_sees_the_reference_once_finished_when_the_trainer_lets_them(
        store, framework, askimsviken):
    _trainer, panel = hand_out(store, framework, release="finished")
    assert "once they have finished" in panel.exercise.state_note.value
    app = start_exercise(store, framework, f"case={panel.model.exercise.id}&lang=sv")
    banner = find(app, CaseBanner)[0]
    assert banner.reveal_button.layout.display == "none"
    answer_many(app, framework, answers_to_finish(framework), level=4)
    banner.finish_button.click()
    assert banner.revealed.layout.display is None  # shown at once: nothing holds it back
    names = [trace["name"] for trace in banner.chart.figure["data"]]
    assert names == ["Era svar", "Referens (från källan)"]
    reference_scores = banner.chart.figure["data"][1]["x"]
    assert reference_scores[0] is not None and reference_scores[0] < 50  # purpose: concern
    assert 'class="rw-missed"' in banner.details.value
    assert 'data-flag="flag.overambitious-goals"' in banner.details.value
    assert askimsviken.what_happened["sv"][:40] in banner.details.value
    # The overlay and the comparison follow further answers.
    app.state.answer("purpose.task-clarity", 1)
    assert re.search(r'data-question="purpose.task-clarity">.*?samma som referensen',
                     banner.details.value)


def test_a_case_s_plain_link_reveals_once_finished(store, framework):
    app = start_exercise(store, framework, "case=askimsviken&lang=en", name="Solo")
    banner = find(app, CaseBanner)[0]
    assert banner.reveal_button.layout.display == "none"
    answer_many(app, framework, answers_to_finish(framework))
    banner.finish_button.click()
    assert banner.revealed.layout.display is None
    assert "rw-by-question" in banner.details.value


def test_a_source_that_says_nothing_is_said_on_the_chart(store, framework):
    app = start_exercise(store, framework, "case=somali-women-1&lang=en")
    banner = find(app, CaseBanner)[0]
    answer_many(app, framework, 34, level=3)
    banner.finish_button.click()
    labels = banner.chart.figure["layout"]["yaxis"]["categoryarray"]
    assert sum("(reference: the source does not say)" in label for label in labels) == 1
    assert "Mandate, resources and roles reference: the source does not say" in (
        banner.chart.summary)


def test_an_unknown_or_hostile_case_id_gets_a_message(store, framework):
    for case_id in ("no-such-case", "../../etc/passwd", "ASKIMSVIKEN"):
        app = served(store, framework, f"case={case_id}&lang=en")
        start = find(app, StartPanel)[0]
        assert "No assessment" in start.message.value or start.message.value
        assert find(app, CaseStartPanel) == []


def test_the_trainer_page_hands_out_an_exercise_with_its_own_code(store, framework):
    app = served(store, framework, "trainer=1&lang=en")
    trainer = find(app, TrainerPanel)[0]
    trainer.case_picker.value = "hotspot"
    assert trainer.exercise.body.layout.display == "none"  # nothing handed out yet
    trainer.mode.value = "alone"
    trainer.go_button.click()
    exercise = trainer.model.exercise
    assert exercise.case_id == "hotspot" and exercise.release == "trainer"
    link = f"http://10.0.0.5:8866/?case={exercise.id}&amp;lang=en"
    assert link in trainer.exercise.heading.value
    assert exercise.display_code in trainer.exercise.heading.value
    again = find(served(store, framework, "trainer=1&lang=en"), TrainerPanel)[0]
    again.case_picker.value = "hotspot"  # a reload finds the exercise and its release
    assert again.model.exercise == exercise and link in again.exercise.heading.value


def test_a_case_run_as_a_group_overlays_the_reference_and_reveals_with_the_group(
        store, framework):
    app = served(store, framework, "trainer=1&lang=en")
    trainer = find(app, TrainerPanel)[0]
    trainer.case_picker.value = "hotspot"
    trainer.mode.value = "group"
    assert trainer.release.layout.display == "none"
    assert "when you show the group&#x27;s results" in trainer.group_note.value
    trainer.go_button.click()
    view = find(app, FacilitatorView)[0]  # the facilitator view of the new session
    session = view.model.session
    assert store.case_of(session.id) == "hotspot"
    members = [join(store, framework, session.join_code, role)
               for role in ("resident", "staff", "manager")]
    for level, member in enumerate(members, start=2):
        assert store.case_of(member.state.record.id) == "hotspot"
        answer_many(member, framework, 20, level)
    tick(app)
    traces = view.results.chart.figure["data"]
    reference = evaluate(framework, find_case(framework, "hotspot").answers)
    assert traces[-1]["name"] == "Reference (from the source)"
    assert traces[-1]["x"] == [None if d.score is None else round(d.score, 1)
                               for d in reference.profile.dimensions]
    banner = find(members[0], CaseBanner)[0]
    assert "when the facilitator shows the group's results" in unescape(banner.status.value)
    assert banner.finish_button.layout.display == "none"
    assert banner.reveal_button.layout.display == "none"
    view.revealed.value = True  # the facilitator shows the group's results
    tick(*members)
    group_chart = find(members[0], MemberSessionPanel)[0].results.chart.figure
    assert group_chart["data"][-1]["name"] == "Reference (from the source)"
    assert banner.reveal_button.layout.display is None
    banner.reveal_button.click()
    assert 'data-question="partnership.roles"' in banner.details.value


def test_a_session_on_no_case_has_no_reference_on_its_chart(store, framework):
    session, key = create_session(store, framework, project="Norrby")
    facilitator = served(store, framework, f"facilitate={session.join_code}&lang=en",
                         memory={key_memory_name(session.join_code): key})
    member = join(store, framework, session.join_code, "resident")
    answer_many(member, framework, 20)
    tick(facilitator)
    view = find(facilitator, FacilitatorView)[0]
    names = [trace["name"] for trace in view.results.chart.figure["data"]]
    assert names and "Reference (from the source)" not in names
    assert find(member, CaseBanner) == []


def test_the_comparison_list_follows_the_store_and_keeps_the_picks(store, framework):
    trainer, panel = hand_out(store, framework, case_id="hotspot")
    picker = panel.compare.picker
    picker.value = ("case:hotspot", "case:askimsviken")
    assert not [value for _label, value in picker.options if value.startswith("assessment:")]
    code = panel.model.exercise.id
    ali = start_exercise(store, framework, f"case={code}&lang=en", name="Ali")
    while datetime.now().second >= 57:  # not across a minute's end (the labels' time)
        time.sleep(0.2)
    for _ in range(2):  # two trainees without a name, started in the same minute
        start_exercise(store, framework, f"case={code}&lang=en", role="partner")
    tick(trainer)  # no reload: the page's tick reads the list again
    labels = [label for label, value in picker.options if value.startswith("assessment:")]
    assert len(labels) == len(set(labels)) == 3
    assert labels[2].startswith("Ali · Staff · The Hotspot units")
    assert labels[0].startswith("(no name) · Partner") and labels[0].endswith("(1)")
    assert picker.value == ("case:hotspot", "case:askimsviken")  # the picks are kept
    assert panel.model.chosen == ["case:hotspot", "case:askimsviken"]
    answer_many(ali, framework, answers_to_finish(framework))
    find(ali, CaseBanner)[0].finish_button.click()
    tick(trainer)
    assert [label for label, _value in picker.options][-1].endswith(" · finished")


def test_the_guide_is_one_printable_page_per_case_and_language(framework, askimsviken):
    html = guide_html(framework, askimsviken, "da")
    assert "<h2>Forslag til forløb, 90 minutter</h2>" in html
    minutes = [int(m) for m in re.findall(r"<td>(\d+) min</td>", html)]
    assert sum(minutes) == 90 and len(minutes) == len(askimsviken.plan)
    assert html.count("<li>") == len(askimsviken.questions)
    assert "@page{size:A4" in html and "<script" not in html
    assert askimsviken.what_happened["da"][:60] in html  # the outcome, for the trainer


def test_the_guide_downloads_and_assessments_compare(store, framework):
    one = store.create_assessment(framework, project="Before the course")
    store.link_case(one.id, "somali-women-1")  # a trainee's exercise
    store.save_answer(framework, one.id, "purpose.task-clarity", 1)
    app = TrainerApp(framework, store, language="en")
    sent = []
    app.bridge.send = sent.append
    app.panel.case_picker.value = "somali-women-1"
    app.panel.guide_button.click()
    assert sent[0]["name"] == "guide-somali-women-1-en.html"
    compare_panel = find(app, ComparePanel)[0]
    compare_panel.picker.value = ("case:somali-women-1",)
    compare_panel.compare_button.click()
    assert "at least two" in compare_panel.message.value
    compare_panel.picker.value = ("case:somali-women-1", "case:somali-women-2",
                                  f"assessment:{one.id}")
    compare_panel.compare_button.click()
    names = [trace["name"] for trace in compare_panel.chart.figure["data"]]
    assert len(names) == 3 and "Before the course" in names[2]
    assert compare_panel.chart.layout.display is None


def test_the_comparison_lists_exercises_never_a_group_members_profile(store, framework):
    """A session's member (one manager in a session is one person) is reachable only
    through the session's facilitator key, as part of the group; never on a trainer's page."""
    exercise = store.create_assessment(framework, project="Exercise alone", role="staff")
    store.link_case(exercise.id, "hotspot")
    store.create_assessment(framework, project="Someone's own assessment")
    plain, _key = create_session(store, framework, project="Trygg i Rosengård")
    manager = join_session(store, framework, plain.join_code, role="manager")
    on_case, _key = create_session(store, framework, project="Hotspot course")
    store.link_case(on_case.id, "hotspot")
    member = join(store, framework, on_case.join_code, "staff")
    assert store.case_of(member.state.record.id) == "hotspot"  # a case member: still a member
    app = served(store, framework, "trainer=1&lang=en")
    compare_panel = find(app, ComparePanel)[0]
    listed = [value for _label, value in compare_panel.picker.options
              if value.startswith("assessment:")]
    assert listed == [f"assessment:{exercise.id}"]
    labels = " ".join(label for label, _value in compare_panel.picker.options)
    assert "Rosengård" not in labels and "Hotspot course" not in labels
    # Refused in the handler too, whatever the list holds.
    compare_panel.picker.options = [*compare_panel.picker.options,
                                    ("forced", f"assessment:{manager.id}")]
    compare_panel.picker.value = ("case:hotspot", f"assessment:{manager.id}")
    compare_panel.compare_button.click()
    assert "rw-error" in compare_panel.message.value
    assert compare_panel.chart.layout.display == "none"


def test_every_guide_prints_on_one_a4_page(framework, tmp_path):
    """The trainer's guide of each case, in each language, is one printed page."""
    import subprocess

    from readiness.render.report import write_pdf
    from readiness.training.cases import load_cases
    from tests.render.test_report import chromium_and_pdftoppm

    chromium_and_pdftoppm()
    for case in load_cases(framework):
        for language in ("en", "sv", "da"):
            pdf = write_pdf(guide_html(framework, case, language),
                            tmp_path / f"{case.id}-{language}.pdf")
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                  check=True).stdout
            assert re.search(r"^Pages:\s+1$", info, re.M), (case.id, language, info)
            assert "(A4)" in info
