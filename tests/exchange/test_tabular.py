"""The researchers' tables: provisional scores and open questions are data, not only text."""

from __future__ import annotations

import csv
import io

from readiness.exchange.report_data import from_store_assessment
from readiness.exchange.tabular import csv_texts
from readiness.framework.conditions import DONT_KNOW


def _tables(framework, store, record_id, language="sv") -> dict[str, list[dict]]:
    data = from_store_assessment(store, record_id)
    return {name: list(csv.DictReader(io.StringIO(text)))
            for name, text in csv_texts(framework, data, language)}


def test_scores_say_which_are_provisional(store, framework):
    record = store.create_assessment(framework, project="Norrby")
    store.save_answer(framework, record.id, "purpose.task-clarity", 1)
    scores = {row["dimension"]: row for row in _tables(framework, store, record.id)["scores"]}
    assert (scores["purpose"]["score"], scores["purpose"]["provisional"]) == ("0.0", "True")
    assert (scores["participation"]["score"], scores["participation"]["provisional"]) == (
        "", "False")


def test_dont_know_answers_become_an_open_questions_table(store, framework):
    record = store.create_assessment(framework, project="Norrby")
    assert "open_questions" not in _tables(framework, store, record.id)  # none: no file
    store.save_answer(framework, record.id, "purpose.task-clarity", DONT_KNOW)
    store.save_answer(framework, record.id, "gate.direction-open", DONT_KNOW)
    rows = _tables(framework, store, record.id)["open_questions"]
    assert [(r["question"], r["dimension"]) for r in rows] == [
        ("gate.direction-open", ""), ("purpose.task-clarity", "purpose")]
    assert rows[1]["question_text"] == framework.question("purpose.task-clarity").text["sv"]
    assert rows[0]["respondent"] == "R1"
