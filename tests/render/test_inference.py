"""Texts that are the workbook's own inference (``basis: inference``) carry a mark with what
that means, on the assessment page, in the report and in the command line's JSON; texts that
say what their sources say carry none."""

from __future__ import annotations

import re
from html import escape

import pytest
import yaml

from readiness.exchange.report_data import from_store_assessment
from readiness.framework.conditions import DONT_KNOW
from readiness.framework.model import INFERENCE, SOURCE, default_framework, load_framework
from readiness.i18n.ui_text import ui
from readiness.render.advice import actions_html, flags_html, open_questions_html
from readiness.render.report import render_html
from readiness.scoring.evaluation import evaluate
from tests.conftest import FIXTURES

MARK = 'class="rw-inference"'
# alpha.one <= 2 and beta.one <= 1 raise flag.too-big; the closed gate raises flag.closed;
# both call for action.narrow and action.beta; beta.two "don't know" is an open question.
ANSWERS = {"gate.open": "closed", "alpha.one": 1, "beta.one": 1, "beta.two": DONT_KNOW,
           "alpha.two": DONT_KNOW}


@pytest.fixture(scope="module")
def marked(tmp_path_factory):
    """The mini framework with one of each kind marked as inference: an action, a flag, a
    question's why-text and one level of another question."""
    data = yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))
    by_id = {item["id"]: item for kind in ("questions", "actions", "flags")
             for item in data[kind]}
    by_id["action.narrow"]["basis"] = INFERENCE
    by_id["flag.closed"]["basis"] = INFERENCE
    by_id["beta.two"]["basis"] = INFERENCE
    by_id["beta.two"]["options"][2]["basis"] = INFERENCE  # level 3
    path = tmp_path_factory.mktemp("inference") / "marked.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_framework(path)


def items(html: str, attribute: str) -> dict[str, str]:
    """Each list item's HTML by its data attribute (data-flag, data-action, data-question)."""
    found = re.findall(rf'<li[^>]*{attribute}="([^"]+)"(.*?)</li>', html, flags=re.S)
    return dict(found)


def test_the_basis_is_read_and_defaults_to_source(marked):
    assert marked.action("action.narrow").basis == INFERENCE
    assert marked.action("action.beta").basis == SOURCE
    assert marked.question("beta.two").basis == INFERENCE
    assert marked.question("alpha.one").basis == SOURCE
    assert [o.basis for o in marked.question("beta.two").options] == [SOURCE, SOURCE, INFERENCE]


@pytest.mark.parametrize("folded", [True, False])
def test_flags_actions_and_open_questions_carry_the_mark_only_when_inferred(marked, folded):
    evaluation = evaluate(marked, ANSWERS)
    flags = items(flags_html(marked, evaluation, "en", folded), "data-flag")
    assert set(flags) >= {"flag.too-big", "flag.closed"}
    assert MARK in flags["flag.closed"] and MARK not in flags["flag.too-big"]
    actions = items(actions_html(marked, evaluation, "en", folded), "data-action")
    assert MARK in actions["action.narrow"] and MARK not in actions["action.beta"]
    open_ = items(open_questions_html(marked, evaluation, "en", folded), "data-question")
    assert MARK in open_["beta.two"] and MARK not in open_["alpha.two"]
    help_ = ui("inference_help", "en").replace("'", "&#x27;")
    assert help_ in flags["flag.closed"]


@pytest.mark.parametrize("language", ["en", "sv", "da"])
def test_the_report_writes_the_mark_out_in_its_language(marked, store, language):
    record = store.create_assessment(marked, project="Norrby", role="staff", language=language)
    for item_id, value in {**ANSWERS, "beta.two": 3}.items():
        store.save_answer(marked, record.id, item_id, value)
    html = render_html(marked, from_store_assessment(store, record.id), language)
    mark = ui("inference_mark", language)
    assert html.count(MARK) == 2  # flag.closed and action.narrow; beta.two is answered now
    assert f"<strong>{escape(mark)}.</strong>" in html  # written out, not behind a toggle
    assert '<details class="rw-inference"' not in html
    assert escape(ui("inference_option", language)) in html  # the chosen level 3 of beta.two
    source_only = render_html(default_framework(), from_store_assessment(
        store, store.create_assessment(default_framework(), project="X", role="staff").id))
    assert MARK not in source_only


def test_the_command_lines_json_says_which_texts_are_inferred(marked):
    data = marked.to_dict()
    questions = {q["id"]: q for q in data["questions"]}
    assert questions["beta.two"]["basis"] == INFERENCE
    assert questions["beta.two"]["inferred_levels"] == [3]
    assert questions["alpha.one"]["basis"] == SOURCE
    assert questions["alpha.one"]["inferred_levels"] == []
    assert {a["id"]: a["basis"] for a in data["actions"]} == {"action.narrow": INFERENCE,
                                                             "action.beta": SOURCE}
    assert {f["id"] for f in data["flags"] if f["basis"] == INFERENCE} == {"flag.closed"}
    assert evaluate(marked, ANSWERS).to_dict()["inference"] == {
        "flags": ["flag.closed"], "actions": ["action.narrow"]}


def test_the_assessment_page_marks_them(marked, store):
    from readiness_widgets import WorkbookApp
    from readiness_widgets.assessment.questions import QuestionView
    from readiness_widgets.assessment.results import ActionsPanel, SuggestedAction
    from readiness_widgets.assessment.start import StartPanel
    from tests.widgets.pages import find, go_to

    app = WorkbookApp(marked, store, "lang=sv")
    start = find(app, StartPanel)[0]
    start.project.value, start.role.value = "Norrby", "staff"
    start.create_button.click()
    for item_id, value in ANSWERS.items():
        app.state.answer(item_id, value)
    section = go_to(app, 2)  # beta
    views = {view.item.id: view for view in find(section, QuestionView)}
    header = views["beta.two"].children[0].value
    assert MARK in header and ui("inference_options", "sv", levels="3") in header
    assert ui("inference_option", "sv") in views["beta.two"].choice.options[2][0]
    assert ui("inference_option", "sv") not in views["beta.two"].choice.options[1][0]
    assert MARK not in views["beta.one"].children[0].value
    suggested = {s.action_id: s.text.value for s in find(find(app, ActionsPanel)[0],
                                                         SuggestedAction)}
    assert MARK in suggested["action.narrow"] and MARK not in suggested["action.beta"]
    assert ui("inference_mark", "sv") in suggested["action.narrow"]
