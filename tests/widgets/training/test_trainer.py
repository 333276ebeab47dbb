"""Trainer mode without a browser: case exercises, the reveal, group mode, guide, comparison."""

from __future__ import annotations

import re

import pytest

from readiness.store.sessions import create_session, join_session
from readiness.training.cases import find_case
from readiness.training.exercises import compare, guide_html
from readiness_widgets.assessment.start import StartPanel
from readiness_widgets.sessions.facilitator import FacilitatorView
from readiness_widgets.sessions.join import JoinPanel
from readiness_widgets.training.cases import CaseBanner, CaseStartPanel
from readiness_widgets.training.trainer import ComparePanel, TrainerApp, TrainerPanel
from tests.widgets.pages import find
from tests.widgets.sessions.test_pages import served


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


def test_a_trainee_answers_a_case_and_reveals_the_reference(store, framework, askimsviken):
    app = served(store, framework, "case=askimsviken&lang=sv")
    start = find(app, CaseStartPanel)[0]
    assert askimsviken.description["sv"][:40] in start.case_text.value
    start.role.value = "staff"
    start.start_button.click()
    record = app.state.record
    assert store.case_of(record.id) == "askimsviken"
    assert record.project == askimsviken.title["sv"]
    banner = find(app, CaseBanner)[0]
    assert banner.revealed.layout.display == "none"  # answer first, then reveal
    app.state.answer("purpose.task-clarity", 4)
    banner.reveal_button.click()
    names = [trace["name"] for trace in banner.chart.figure["data"]]
    assert names == ["Era svar", "Referens (från källan)"]
    reference_scores = banner.chart.figure["data"][1]["x"]
    assert reference_scores[0] is not None and reference_scores[0] < 50  # purpose: concern
    assert 'class="rw-missed"' in banner.details.value
    assert 'data-flag="flag.overambitious-goals"' in banner.details.value
    assert askimsviken.what_happened["sv"][:40] in banner.details.value
    # The overlay follows further answers.
    app.state.answer("purpose.ambition-fit", 4)
    assert banner.chart.figure["data"][0]["x"][0] == 100.0


def test_an_unknown_or_hostile_case_id_gets_a_message(store, framework):
    for case_id in ("no-such-case", "../../etc/passwd", "ASKIMSVIKEN"):
        app = served(store, framework, f"case={case_id}&lang=en")
        start = find(app, StartPanel)[0]
        assert "No assessment" in start.message.value or start.message.value
        assert find(app, CaseStartPanel) == []


def test_the_trainer_page_hands_out_exercises_and_runs_a_case_as_a_group(store, framework):
    app = served(store, framework, "trainer=1&lang=en")
    trainer = find(app, TrainerPanel)[0]
    trainer.case_picker.value = "hotspot"
    trainer.mode.value = "alone"
    trainer.go_button.click()
    assert "http://10.0.0.5:8866/?case=hotspot&amp;lang=en" in trainer.result.value
    trainer.mode.value = "group"
    trainer.go_button.click()
    view = find(app, FacilitatorView)[0]  # the facilitator view of the new session
    assert store.case_of(view.model.session.id) == "hotspot"
    member = served(store, framework, f"join={view.model.session.join_code}&lang=en")
    find(member, JoinPanel)[0].join_button.click()
    assert store.case_of(member.state.record.id) == "hotspot"
    assert find(member, CaseBanner)  # each member can reveal the reference afterwards


def test_the_guide_is_one_printable_page_per_case_and_language(framework, askimsviken):
    html = guide_html(framework, askimsviken, "da")
    assert "<h2>Forslag til forløb, 90 minutter</h2>" in html
    minutes = [int(m) for m in re.findall(r"<td>(\d+) min</td>", html)]
    assert sum(minutes) == 90 and len(minutes) == len(askimsviken.plan)
    assert html.count("<li>") == len(askimsviken.questions)
    assert "@page{size:A4" in html and "<script" not in html


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
    assert len(names) == 3 and names[2].startswith("Before the course")
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
    member = served(store, framework, f"join={on_case.join_code}&lang=en")
    find(member, JoinPanel)[0].join_button.click()
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
