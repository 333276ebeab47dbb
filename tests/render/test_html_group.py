"""Group HTML fragments."""

from __future__ import annotations

from readiness.render.html_group import counts_html


def test_a_question_whose_counts_are_all_hidden_shows_no_column_of_dashes(framework):
    question = framework.questions[0]
    values = [option.value for option in question.options]
    assert counts_html(question, dict.fromkeys(values), 5, "en") == ""
    shown = counts_html(question, {**dict.fromkeys(values), values[0]: 3}, 5, "en")
    assert shown.count("<tr>") == len(values) and "rw-hidden-count" in shown
