"""A question whose levels change meaning gets a new id and ``replaces`` the old one: stored
answers to the old id are kept (store and files), never scored, and the page asks for the
new question."""

from __future__ import annotations

import json

import pytest
import yaml

from readiness.errors import FrameworkError
from readiness.exchange.assessment_file import export_json, read_assessment_bytes
from readiness.exchange.report_data import from_store_assessment
from readiness.exchange.tabular import answer_rows
from readiness.framework.model import DEFAULT_FRAMEWORK_PATH, default_framework, load_framework
from readiness.render.report import render_html
from readiness.scoring.evaluation import evaluate

OLD, NEW = "purpose.model-aim", "purpose.model-aim-v2"


def fork_text() -> str:
    """The default framework in which OLD became NEW (as a new version of the bank would)."""
    text = DEFAULT_FRAMEWORK_PATH.read_text(encoding="utf-8").replace(OLD, NEW)
    data = yaml.safe_load(text)
    question = next(q for q in data["questions"] if q["id"] == NEW)
    question["replaces"] = [OLD]
    return yaml.safe_dump(data, allow_unicode=True)


@pytest.fixture
def changed(tmp_path):
    path = tmp_path / "changed.yaml"
    path.write_text(fork_text(), encoding="utf-8")
    return load_framework(path)


@pytest.fixture
def old_assessment(store):
    """An assessment answered with today's bank: OLD at its lowest level, one more answer."""
    framework = default_framework()
    record = store.create_assessment(framework, project="Norrby", role="staff")
    store.save_answer(framework, record.id, OLD, 1)
    store.save_answer(framework, record.id, "purpose.task-clarity", 2)
    return record.id


def test_the_new_question_names_what_it_replaces(changed):
    assert changed.replaced_by(OLD).id == NEW
    assert changed.replaced_by("purpose.task-clarity") is None
    current, retired = changed.split_answers({OLD: 1, "purpose.task-clarity": 2, "x.y": 3})
    assert current == {"purpose.task-clarity": 2}
    assert retired == {OLD: 1, "x.y": 3}


def test_a_question_of_the_framework_cannot_be_replaced(tmp_path):
    data = yaml.safe_load(fork_text())
    new = next(q for q in data["questions"] if q["id"] == NEW)
    new["replaces"] = [OLD, "purpose.task-clarity"]
    other = next(q for q in data["questions"] if q["id"] == "purpose.ambition-fit")
    other["replaces"] = [OLD]
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    messages = [message for _where, message in caught.value.problems]
    assert "'purpose.task-clarity' is a question of this framework: it cannot be replaced" \
        in messages
    assert f"{OLD!r} is already replaced by 'purpose.ambition-fit'" in messages


def test_an_old_answer_is_kept_but_neither_scored_nor_reported(store, changed, old_assessment):
    stored = store.answer_values(old_assessment)
    assert stored[OLD] == 1  # nothing lost
    current, retired = changed.split_answers(stored)
    evaluation = evaluate(changed, current)
    purpose = evaluation.profile["purpose"]
    assert purpose.answered == 1  # task-clarity only; model-aim-v2 is open
    # The same answer read by today's bank raises its flag; the changed bank does not read it.
    assert "flag.best-practice-aim" in {f.id for f in evaluate(default_framework(),
                                                                    stored).flags}
    assert "flag.best-practice-aim" not in {f.id for f in evaluation.flags}
    report = from_store_assessment(store, old_assessment)
    assert OLD not in {row["question"] for row in answer_rows(changed, report, "en")}
    assert render_html(changed, report, "en")  # the report renders around the old answer


def test_an_assessment_file_with_an_old_answer_imports_and_keeps_it(store, changed,
                                                                      old_assessment):
    text = export_json(store, old_assessment)
    checked = read_assessment_bytes(text.encode(), changed)
    assert checked.answers[OLD].value == 1
    document = json.loads(text)
    document["answers"].append({"question": "purpose.never-existed", "value": 2,
                                "answered_at": document["answers"][0]["answered_at"]})
    with pytest.raises(Exception, match="unknown question 'purpose.never-existed'"):
        read_assessment_bytes(json.dumps(document).encode(), changed)
